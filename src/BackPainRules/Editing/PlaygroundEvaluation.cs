using BackPainRules.Diagnostics;
using BackPainRules.Evaluation;
using BackPainRules.Graph;
using BackPainRules.Loading;
using BackPainRules.Profiles;
using BackPainRules.Schema;
using BackPainRules.Text;

namespace BackPainRules.Editing;

/// <summary>
/// What the playground of <c>rules serve</c> shows for a rule text and a runner's answers, in one call: the
/// text's diagnostics (as <c>rules check</c> gives them), the profile schema its form is built from
/// (<c>rules schema</c>), the result with its reasoning (<c>rules eval --explain</c>, JSON and text) and
/// the rule graph (<c>rules graph</c>). Each part is the library's own output, so the page cannot
/// disagree with the command.
/// </summary>
public static class PlaygroundEvaluation
{
    /// <summary>
    /// Evaluates <paramref name="profileJson"/> against <paramref name="text"/>, written as the file
    /// <paramref name="path"/> (its imports are read through <paramref name="files"/>), and returns one
    /// compact JSON object: <c>diagnostics</c> (every diagnostic of the rule set: file, line, column,
    /// severity, code, message), <c>profile_diagnostics</c> (the profile's, when it cannot be read),
    /// and <c>schema</c>, <c>result</c>, <c>reasoning</c> and <c>graph</c>, each null while the rules
    /// have errors (the result also while the profile has).
    /// </summary>
    public static string Evaluate(string text, string profileJson, string path, IFileSystem files)
    {
        var ruleSet = RuleSet.Load(new[] { new RootFile(path, Text: text) }, files);
        var json = new JsonWriter();
        json.StartObject();
        json.Property("diagnostics");
        WriteDiagnostics(json, ruleSet.Diagnostics);

        ProfileReadResult? read = null;
        if (!ruleSet.HasErrors) read = ruleSet.Compile().ReadProfile(profileJson, "playground");
        json.Property("profile_diagnostics");
        WriteDiagnostics(json, read?.Diagnostics ?? []);

        json.Property("schema");
        if (ruleSet.HasErrors) json.String(null);
        else json.RawValue(ProfileSchema.Generate(ruleSet.Model, "Profile for " + Path.GetFileName(path)));
        var explanation = read?.Profile is { } profile ? ruleSet.Compile().Explain(profile) : null;
        json.Property("result");
        if (explanation is null) json.String(null);
        else json.RawValue(ExplanationFormatter.ToJson(explanation));
        json.Property("reasoning", explanation is null ? null : ExplanationFormatter.ToText(explanation));
        json.Property("graph", ruleSet.HasErrors ? null : RuleGraph.ToMermaid(ruleSet.Model));
        json.EndObject();
        return json.ToString();
    }

    private static void WriteDiagnostics(JsonWriter json, IEnumerable<Diagnostic> diagnostics)
    {
        json.StartArray();
        foreach (var diagnostic in diagnostics)
        {
            json.StartObject();
            json.Property("file", diagnostic.Location.Path);
            json.Property("line");
            json.Number(diagnostic.Location.Start.Line);
            json.Property("column");
            json.Number(diagnostic.Location.Start.Column);
            json.Property("severity", diagnostic.IsError ? "error" : "warning");
            json.Property("code", diagnostic.Code);
            json.Property("message", diagnostic.Message);
            json.EndObject();
        }
        json.EndArray();
    }
}
