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
public sealed class PlaygroundEvaluation
{
    // A page sends the same text again with every answer: the rule set, its schema and its graph are kept for the
    // last few texts, and used again while every file the text imported still reads the same.
    private const int Kept = 4;
    private readonly string path;
    private readonly IFileSystem files;
    private readonly LinkedList<Prepared> kept = new();
    private readonly object gate = new();

    /// <summary>Evaluates texts written as the file <paramref name="path"/>, whose imports are read through <paramref name="files"/>.</summary>
    public PlaygroundEvaluation(string path, IFileSystem files)
    {
        this.path = path;
        this.files = files;
    }

    /// <summary>
    /// Evaluates <paramref name="profileJson"/> against <paramref name="text"/>, written as the file
    /// <paramref name="path"/> (its imports are read through <paramref name="files"/>), and returns one
    /// compact JSON object: <c>diagnostics</c> (every diagnostic of the rule set: file, line, column,
    /// severity, code, message), <c>profile_diagnostics</c> (the profile's, when it cannot be read),
    /// and <c>schema</c>, <c>result</c>, <c>reasoning</c> and <c>graph</c>, each null while the rules
    /// have errors (the result also while the profile has).
    /// </summary>
    public static string Evaluate(string text, string profileJson, string path, IFileSystem files) =>
        new PlaygroundEvaluation(path, files).Evaluate(text, profileJson);

    /// <summary>As <see cref="Evaluate(string, string, string, IFileSystem)"/>, with the rule set of a text seen lately used again.</summary>
    public string Evaluate(string text, string profileJson)
    {
        var prepared = Prepare(text);
        var ruleSet = prepared.RuleSet;
        var json = new JsonWriter();
        json.StartObject();
        json.Property("diagnostics");
        json.RawValue(prepared.Diagnostics);

        ProfileReadResult? read = null;
        if (!ruleSet.HasErrors) read = ruleSet.Compile().ReadProfile(profileJson, "playground");
        json.Property("profile_diagnostics");
        WriteDiagnostics(json, read?.Diagnostics ?? []);

        json.Property("schema");
        if (prepared.Schema is null) json.String(null);
        else json.RawValue(prepared.Schema);
        var explanation = read?.Profile is { } profile ? ruleSet.Compile().Explain(profile) : null;
        json.Property("result");
        if (explanation is null) json.String(null);
        else json.RawValue(ExplanationFormatter.ToJson(explanation));
        json.Property("reasoning", explanation is null ? null : ExplanationFormatter.ToText(explanation));
        json.Property("graph", prepared.Graph);
        json.EndObject();
        return json.ToString();
    }

    /// <summary>What a text gives whatever the profile, from the cache when nothing it read has changed.</summary>
    private Prepared Prepare(string text)
    {
        lock (gate)
        {
            for (var node = kept.First; node is not null; node = node.Next)
            {
                if (node.Value.Text != text) continue;
                if (!node.Value.StillReads(files)) break;
                kept.Remove(node);
                kept.AddFirst(node);
                return node.Value;
            }
        }
        var ruleSet = RuleSet.Load(new[] { new RootFile(path, Text: text) }, files);
        var diagnostics = new JsonWriter();
        WriteDiagnostics(diagnostics, ruleSet.Diagnostics);
        var imported = ruleSet.Model.Sources.Files.Select(f => f.Source).Where(s => s.Path != path).Select(s => (s.Path, s.Text)).ToList();
        var prepared = new Prepared(text, ruleSet, diagnostics.ToString(),
            ruleSet.HasErrors ? null : ProfileSchema.Generate(ruleSet.Model, "Profile for " + Path.GetFileName(path)),
            ruleSet.HasErrors ? null : RuleGraph.ToMermaid(ruleSet.Model),
            imported);
        // A text with errors is not kept: an import it could not read may appear at any time.
        if (ruleSet.HasErrors) return prepared;
        lock (gate)
        {
            kept.AddFirst(prepared);
            while (kept.Count > Kept) kept.RemoveLast();
        }
        return prepared;
    }

    private sealed record Prepared(string Text, RuleSet RuleSet, string Diagnostics, string? Schema, string? Graph, IReadOnlyList<(string Path, string Text)> Imported)
    {
        public bool StillReads(IFileSystem files)
        {
            foreach (var (file, text) in Imported)
            {
                try
                {
                    if (files.ReadAllText(file) != text) return false;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return false;
                }
            }
            return true;
        }
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
