namespace BackPainRules.Fhir;

/// <summary>
/// How a rule set is named to other systems: a URL-safe name (the CDS Hooks service id, the Questionnaire's
/// name and id) and its content-hash version (<see cref="RuleSet.Version"/>).
/// </summary>
/// <param name="Name">Lower-case letters, digits and dashes, e.g. <c>lower-back-pain</c>.</param>
/// <param name="Version">The rule set's content hash.</param>
public sealed record RuleSetIdentity(string Name, string Version)
{
    /// <summary>The canonical URL of the rule set's Questionnaire, which QuestionnaireResponses name in <c>questionnaire</c>.</summary>
    public string QuestionnaireUrl => $"urn:backpainrules:questionnaire:{Name}";

    /// <summary>
    /// The identity of the rule set loaded from <paramref name="paths"/> (the built-in one when none): named
    /// after the first path's file or folder, as a person would call it.
    /// </summary>
    public static RuleSetIdentity Of(IReadOnlyList<string> paths, RuleSet ruleSet)
    {
        string name = paths.Count == 0
            ? Path.GetFileNameWithoutExtension(RuleSet.BuiltInFileName)
            : Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(Path.GetFullPath(paths[0])));
        return new RuleSetIdentity(UrlSafe(name), ruleSet.Version);
    }

    /// <summary>Lower case, and every run of characters other than letters and digits one dash, so the name can stand in a URL path.</summary>
    private static string UrlSafe(string name)
    {
        var text = new System.Text.StringBuilder(name.Length);
        foreach (char c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) text.Append(c);
            else if (text.Length > 0 && text[^1] != '-') text.Append('-');
        }
        var safe = text.ToString().Trim('-');
        return safe.Length == 0 ? "rules" : safe;
    }
}
