using BackPainRules.Compilation;
using BackPainRules.Evaluation;
using BackPainRules.Profiles;
using BackPainRules.Testing;
using BackPainRules.Text;

namespace BackPainRules.Editing;

/// <summary>A hint shown after a rule's header: whether it fires for the preview profile, and what is missing.</summary>
public sealed record RuleHint(string Rule, int Offset, Truth Truth, string Label);

/// <summary>A hint shown after a score's declaration: its value (<c>= 3</c>), its range (<c>= 2..5</c>) or <c>: unknown</c>.</summary>
public sealed record ScoreHint(string Score, int Offset, ScoreResult Result, string Label);

/// <summary>Every live-evaluation hint of a document: the rules' and the scores'.</summary>
public sealed record PreviewHints(IReadOnlyList<RuleHint> Rules, IReadOnlyList<ScoreHint> Scores)
{
    /// <summary>No hints (a rule set with errors, or a bad profile).</summary>
    public static readonly PreviewHints None = new(Array.Empty<RuleHint>(), Array.Empty<ScoreHint>());
}

/// <summary>A test block's outcome, for a code lens above it.</summary>
public sealed record TestLens(string Name, TextSpan Span, bool Passed, string Label);

/// <summary>
/// What no other rule-language editor shows: each rule's outcome for a chosen runner profile (and the
/// advice it gives that is withheld), each score's value or range, live as the clinician types, and each
/// test block's pass or fail. All need a rule set without errors.
/// </summary>
public static class LiveEvaluation
{
    /// <summary>Hints for every rule of the document, evaluated against the profile JSON; empty if the rule set has errors or the profile is bad.</summary>
    public static IReadOnlyList<RuleHint> Hints(DocumentAnalysis document, string profileJson, string profileName) =>
        Preview(document, profileJson, profileName).Rules;

    /// <summary>
    /// Hints for every rule and every score of the document, evaluated against the profile JSON; none if the
    /// rule set has errors or the profile is bad. A rule that fires but whose advice is withheld (its
    /// <c>unless</c> true or unknown) says so: <c>✓ fires (core_work withheld: needs fever)</c>.
    /// </summary>
    public static PreviewHints Preview(DocumentAnalysis document, string profileJson, string profileName)
    {
        if (document.Model.HasErrors) return PreviewHints.None;
        var compiled = CompiledRuleSet.Compile(document.Model);
        var read = compiled.ReadProfile(profileJson, profileName);
        if (read.Profile is null) return PreviewHints.None;
        var explanation = compiled.Explain(read.Profile);
        var hints = new List<RuleHint>();
        foreach (var rule in document.Model.Rules.Where(r => r.Source.Path == document.Path))
        {
            var truth = explanation.Fired.Any(f => f.Rule == rule.Id) ? Truth.True
                : explanation.Undetermined.FirstOrDefault(u => u.Rule == rule.Id) is { } undetermined ? Truth.Unknown
                : Truth.False;
            string label = truth switch
            {
                Truth.True => "✓ fires" + WithheldText(explanation.Result.Withheld, rule.Id),
                Truth.False => "✗ false",
                _ => "? undetermined: needs " + string.Join(", ", explanation.Undetermined.First(u => u.Rule == rule.Id).Missing),
            };
            var anchor = rule.Syntax.Name?.Span ?? rule.Syntax.IfSpan;
            hints.Add(new RuleHint(rule.Id, LineEnd(document.Source, anchor.End), truth, label));
        }
        var scores = new List<ScoreHint>();
        foreach (var score in document.Model.Scores.Where(s => s.Source.Path == document.Path))
        {
            if (explanation.Result.Scores.FirstOrDefault(r => r.Id == score.Name) is not { } result) continue;
            // "= 3", "= 2..5" or ": unknown", after the score's declaration.
            string label = result.IsOpen ? ": unknown" : "= " + result.ValueText;
            scores.Add(new ScoreHint(score.Name, score.Syntax.Span.End, result, label));
        }
        return new PreviewHints(hints, scores);
    }

    /// <summary>" (a withheld: needs x, y; b withheld)" for the advice of <paramref name="rule"/> that is withheld, else "".</summary>
    private static string WithheldText(IReadOnlyList<WithheldRecommendation> withheld, string rule)
    {
        var parts = withheld.Where(w => w.Rules.Contains(rule))
            .Select(w => w.Missing.Count == 0 ? $"{w.Id} withheld: unless holds" : $"{w.Id} withheld: needs {string.Join(", ", w.Missing)}")
            .ToList();
        return parts.Count == 0 ? "" : $" ({string.Join("; ", parts)})";
    }

    /// <summary>The outcome of each test block written in the document; empty if the rule set has errors.</summary>
    public static IReadOnlyList<TestLens> Tests(DocumentAnalysis document)
    {
        if (document.Model.HasErrors) return Array.Empty<TestLens>();
        var compiled = CompiledRuleSet.Compile(document.Model);
        return document.Model.Tests.Where(t => t.Source.Path == document.Path)
            .Select(test => (test, outcome: TestRunner.Run(compiled, test)))
            .Select(x => new TestLens(x.test.Name, x.test.Syntax.Span, x.outcome.Passed,
                x.outcome.Passed ? "✓ passed" : $"✗ failed: {x.outcome.Failures[0].Message}"))
            .ToList();
    }

    private static int LineEnd(SourceText source, int offset)
    {
        int end = source.Text.IndexOf('\n', offset);
        if (end < 0) end = source.Text.Length;
        return end > 0 && source.Text[end - 1] == '\r' ? end - 1 : end;
    }
}
