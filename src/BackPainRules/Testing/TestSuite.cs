using System.Collections.Immutable;
using BackPainRules.Diagnostics;
using BackPainRules.Loading;
using BackPainRules.Semantics;

namespace BackPainRules.Testing;

/// <summary>Whether one rule fired in at least one test.</summary>
public sealed record RuleCoverage(string Rule, SourceLocation Location, bool Covered);

/// <summary>Everything <c>rules test</c> reports: outcomes, rule-set errors, and rule coverage.</summary>
/// <param name="Outcomes">Test outcomes in file order, then source order.</param>
/// <param name="Diagnostics">Errors that kept a file's tests from running (and their warnings).</param>
/// <param name="Coverage">Every rule of every file tested, in file order then source order.</param>
public sealed record TestSuiteRun(
    IReadOnlyList<TestOutcome> Outcomes,
    ImmutableArray<Diagnostic> Diagnostics,
    IReadOnlyList<RuleCoverage> Coverage)
{
    /// <summary>How many test blocks passed.</summary>
    public int Passed => Outcomes.Count(o => o.Passed);

    /// <summary>How many test blocks failed.</summary>
    public int Failed => Outcomes.Count - Passed;

    /// <summary>The share of rules that fired in some test, 0–100 (100 when there are no rules).</summary>
    public double CoveragePercent => Coverage.Count == 0 ? 100 : 100.0 * Coverage.Count(c => c.Covered) / Coverage.Count;

    /// <summary>Whether any file had errors.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>
/// Runs the tests of a set of files as <c>rules test</c> does: each file is its own root (SPEC §1) and
/// runs the test blocks written in it, against everything it imports. A rule counts as covered when
/// it fired in any test of any file.
/// </summary>
public static class TestSuite
{
    /// <summary>Runs the tests in the files and folders given.</summary>
    public static TestSuiteRun Run(IEnumerable<string> paths, IFileSystem? fileSystem = null) =>
        Run(paths.SelectMany(RuleSetLoader.ExpandPath), fileSystem);

    /// <summary>Runs the tests of each root.</summary>
    public static TestSuiteRun Run(IEnumerable<RootFile> roots, IFileSystem? fileSystem = null)
    {
        var outcomes = new List<TestOutcome>();
        var diagnostics = new HashSet<Diagnostic>();
        var rules = new Dictionary<(string, int, int), (RuleSymbol Rule, bool Covered)>();
        foreach (var root in roots)
        {
            var ruleSet = RuleSet.Load(new[] { root }, fileSystem);
            if (ruleSet.HasErrors)
            {
                // SPEC §7: a rule file with errors runs no tests; its diagnostics (warnings too, as 'rules check' shows them) are reported.
                diagnostics.UnionWith(ruleSet.Diagnostics);
                continue;
            }
            var compiled = ruleSet.Compile();
            string rootPath = ruleSet.Model.Sources.Files.FirstOrDefault()?.Source.Path ?? root.Path;
            var own = ruleSet.Model.Tests.Where(t => t.Source.Path == rootPath).ToList();
            var results = TestRunner.Run(compiled, own);
            outcomes.AddRange(results);

            var fired = results.SelectMany(o => o.Result.Fired).ToHashSet(StringComparer.Ordinal);
            foreach (var rule in ruleSet.Model.Rules)
            {
                var key = (rule.Location.Path, rule.Location.Start.Line, rule.Location.Start.Column);
                bool covered = fired.Contains(rule.Id) || (rules.TryGetValue(key, out var seen) && seen.Covered);
                rules[key] = (rule, covered);
            }
        }
        var coverage = rules.Values
            .OrderBy(r => r.Rule.Location.Path, StringComparer.Ordinal)
            .ThenBy(r => r.Rule.Location.Start.Line)
            .Select(r => new RuleCoverage(r.Rule.Id, r.Rule.Location, r.Covered))
            .ToList();
        return new TestSuiteRun(outcomes, diagnostics.Order(Diagnostic.ReadingOrder).ToImmutableArray(), coverage);
    }
}
