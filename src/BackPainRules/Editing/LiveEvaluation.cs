using BackPainRules.Compilation;
using BackPainRules.Evaluation;
using BackPainRules.Profiles;
using BackPainRules.Testing;
using BackPainRules.Text;

namespace BackPainRules.Editing;

/// <summary>A hint shown after a rule's header: whether it fires for the preview profile, and what is missing.</summary>
public sealed record RuleHint(string Rule, int Offset, Truth Truth, string Label);

/// <summary>A test block's outcome, for a code lens above it.</summary>
public sealed record TestLens(string Name, TextSpan Span, bool Passed, string Label);

/// <summary>
/// What no other rule-language editor shows: each rule's outcome for a chosen runner profile, live as
/// the clinician types, and each test block's pass or fail. Both need a rule set without errors.
/// </summary>
public static class LiveEvaluation
{
    /// <summary>Hints for every rule of the document, evaluated against the profile JSON; empty if the rule set has errors or the profile is bad.</summary>
    public static IReadOnlyList<RuleHint> Hints(DocumentAnalysis document, string profileJson, string profileName)
    {
        if (document.Model.HasErrors) return Array.Empty<RuleHint>();
        var compiled = CompiledRuleSet.Compile(document.Model);
        var read = compiled.ReadProfile(profileJson, profileName);
        if (read.Profile is null) return Array.Empty<RuleHint>();
        var explanation = compiled.Explain(read.Profile);
        var hints = new List<RuleHint>();
        foreach (var rule in document.Model.Rules.Where(r => r.Source.Path == document.Path))
        {
            var truth = explanation.Fired.Any(f => f.Rule == rule.Id) ? Truth.True
                : explanation.Undetermined.FirstOrDefault(u => u.Rule == rule.Id) is { } undetermined ? Truth.Unknown
                : Truth.False;
            string label = truth switch
            {
                Truth.True => "✓ fires",
                Truth.False => "✗ false",
                _ => "? undetermined: needs " + string.Join(", ", explanation.Undetermined.First(u => u.Rule == rule.Id).Missing),
            };
            var anchor = rule.Syntax.Name?.Span ?? rule.Syntax.IfSpan;
            hints.Add(new RuleHint(rule.Id, LineEnd(document.Source, anchor.End), truth, label));
        }
        return hints;
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
