using System.Collections.Immutable;
using BackPainRules.Compilation;
using BackPainRules.Diagnostics;
using BackPainRules.Evaluation;
using BackPainRules.Profiles;
using BackPainRules.Semantics;
using BackPainRules.Syntax;
using BackPainRules.Text;

namespace BackPainRules.Testing;

/// <summary>One expectation that did not hold.</summary>
/// <param name="Expectation">The expectation as written, e.g. <c>expect recommend cadence_drill</c>.</param>
/// <param name="Location">Where it is written.</param>
/// <param name="Message">What happened instead, for a clinician.</param>
/// <param name="Rules">For an item that a rule should have produced: each rule that could have, and why it did not.</param>
public sealed record ExpectationFailure(string Expectation, SourceLocation Location, string Message, IReadOnlyList<RuleExplanation> Rules);

/// <summary>The outcome of one <c>test</c> block.</summary>
/// <param name="Name">The test's name.</param>
/// <param name="Location">Where the test is.</param>
/// <param name="Failures">The expectations that did not hold; empty when the test passed.</param>
/// <param name="Result">What the rule set produced for the test's facts.</param>
public sealed record TestOutcome(string Name, SourceLocation Location, IReadOnlyList<ExpectationFailure> Failures, EvaluationResult Result)
{
    /// <summary>Whether every expectation held.</summary>
    public bool Passed => Failures.Count == 0;
}

/// <summary>Runs <c>test</c> blocks (SPEC §7) against a compiled rule set.</summary>
public static class TestRunner
{
    /// <summary>Runs the given tests (by default all of the rule set's tests) in source order.</summary>
    public static IReadOnlyList<TestOutcome> Run(CompiledRuleSet rules, IEnumerable<TestSymbol>? tests = null) =>
        (tests ?? rules.Model.Tests).Select(test => Run(rules, test)).ToList();

    /// <summary>Runs one test.</summary>
    public static TestOutcome Run(CompiledRuleSet rules, TestSymbol test)
    {
        var profile = ProfileOf(rules, test);
        var evaluation = rules.Engine.Start(profile);
        var result = evaluation.Result;
        var failures = new List<ExpectationFailure>();
        foreach (var expectation in test.Expectations)
        {
            failures.AddRange(Check(rules, evaluation, result, expectation, test));
        }
        return new TestOutcome(test.Name, test.Location, failures, result);
    }

    /// <summary>The profile a test's <c>given</c> describes; facts not given are unknown.</summary>
    public static Profile ProfileOf(CompiledRuleSet rules, TestSymbol test)
    {
        var values = new FactValue[rules.Facts.Length];
        foreach (var given in test.Given)
        {
            int slot = given.Fact.Index;
            values[slot] = given.Kind switch
            {
                GivenKind.True => FactValue.Of(true),
                GivenKind.False => FactValue.Of(false),
                GivenKind.Number => FactValue.Of(given.Number),
                GivenKind.Is => FactValue.OfValues(1UL << given.ValueIndex),
                _ => FactValue.OfValues(values[slot].Values | (1UL << given.ValueIndex)),
            };
        }
        return new Profile(rules.Layout, test.Name, values, ImmutableArray<Diagnostic>.Empty);
    }

    private static IEnumerable<ExpectationFailure> Check(
        CompiledRuleSet rules, ProfileEvaluation evaluation, EvaluationResult result, BoundExpectation expectation, TestSymbol test)
    {
        var location = SourceLocation.Of(test.Source, expectation.Syntax.Span);
        string written = test.Source[expectation.Syntax.Span];
        foreach (var target in expectation.Targets)
        {
            var (holds, actual, kindText) = expectation.Kind switch
            {
                ExpectKind.Recommend => (result.Recommendations.Any(r => r.Id == target.Name), Ids(result.Recommendations), "recommended"),
                ExpectKind.Avoid => (result.Avoid.Any(r => r.Id == target.Name), Ids(result.Avoid), "avoided"),
                ExpectKind.Conclude => (result.Concluded.Contains(target.Name), List(result.Concluded), "concluded"),
                ExpectKind.Fires => (result.Fired.Contains(target.Name), List(result.Fired), "fired"),
                ExpectKind.Withheld => (result.Withheld.Any(w => w.Id == target.Name), List(result.Withheld.Select(w => w.Id).ToList()), "withheld"),
                ExpectKind.Undetermined => Undetermined(result, target.Name, expectation.Missing),
                ExpectKind.Score => Score(result, target.Name, expectation.ScoreValue),
            };
            if (holds != expectation.Negated) continue;

            string message = expectation.Negated
                ? $"'{target.Name}' was {kindText}, but the test expects it not to be"
                : expectation.Kind is ExpectKind.Undetermined or ExpectKind.Score
                    ? $"'{target.Name}' was not {kindText}: {actual}"
                    : $"'{target.Name}' was not {kindText}; {kindText}: {actual}";
            var why = expectation.Negated ? Array.Empty<RuleExplanation>() : RulesBehind(rules, evaluation, expectation.Kind, target);
            yield return new ExpectationFailure(written, location, message, why);
        }
    }

    private static (bool, string, string) Undetermined(EvaluationResult result, string rule, ImmutableArray<FactSymbol>? missing)
    {
        var entry = result.Undetermined.FirstOrDefault(u => u.Rule == rule);
        string actual = entry is null
            ? (result.Fired.Contains(rule) ? "it fired" : "it was false")
            : $"missing: {(entry.Missing.Count == 0 ? "none" : string.Join(", ", entry.Missing))}";
        if (entry is null) return (false, actual, "undetermined");
        if (missing is not { } expected) return (true, actual, "undetermined");
        var expectedNames = expected.Select(f => f.Name).Order(StringComparer.Ordinal).ToList();
        bool same = expectedNames.SequenceEqual(entry.Missing);
        return (same, $"it was undetermined but {actual}", $"undetermined with missing {string.Join(", ", expectedNames)}");
    }

    /// <summary>Whether a score has the value expected (as <c>=</c> compares), or no known value for <c>unknown</c>.</summary>
    private static (bool, string, string) Score(EvaluationResult result, string score, double? expected)
    {
        var entry = result.Scores.First(s => s.Id == score);
        string actual = "it is " + ResultFormatter.ScoreText(entry);
        if (expected is not { } number) return (!entry.IsKnown, actual, "unknown");
        bool equal = entry.Value is { } value && Arithmetic.Compare(value, ComparisonOperator.Equal, number);
        return (equal, actual, "= " + NumberText.Shortest(number));
    }

    /// <summary>The rules that could have produced a missing item, each with its traced condition.</summary>
    private static IReadOnlyList<RuleExplanation> RulesBehind(CompiledRuleSet rules, ProfileEvaluation evaluation, ExpectKind kind, Symbol target)
    {
        IEnumerable<RuleSymbol> candidates = kind switch
        {
            ExpectKind.Recommend => rules.Model.Rules.Where(r => r.Recommends.Contains(target)),
            ExpectKind.Avoid => rules.Model.Rules.Where(r => r.Avoids.Contains(target)),
            ExpectKind.Conclude => rules.Model.Rules.Where(r => r.Concludes.Contains(target)),
            ExpectKind.Withheld or ExpectKind.Score => Array.Empty<RuleSymbol>(),
            ExpectKind.Fires or ExpectKind.Undetermined => target is RuleSymbol rule ? new[] { rule } : Array.Empty<RuleSymbol>(),
        };
        return candidates.Where(r => evaluation.RuleTruth(r) != Truth.True).Select(r => Explainer.Explain(evaluation, r)).ToList();
    }

    private static string Ids(IReadOnlyList<RecommendationResult> items) => List(items.Select(i => i.Id).ToList());

    private static string List(IReadOnlyList<string> items) => items.Count == 0 ? "none" : string.Join(", ", items);
}
