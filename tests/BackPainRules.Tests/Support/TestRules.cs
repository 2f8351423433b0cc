using BackPainRules.Compilation;
using BackPainRules.Evaluation;

namespace BackPainRules.Tests.Support;

/// <summary>Small helpers shared by the evaluation tests: compile rule text that must be error-free, and read a rule's outcome.</summary>
public static class TestRules
{
    /// <summary>Compiles <paramref name="text"/>, failing the test with the diagnostics if it has errors.</summary>
    public static CompiledRuleSet Compile(string text, string path = "t.rules")
    {
        var ruleSet = RuleSet.FromText(text, path);
        ruleSet.HasErrors.Should().BeFalse("the test's rule set must compile, but got:\n" + string.Join("\n", ruleSet.Diagnostics));
        return ruleSet.Compile();
    }

    /// <summary>"true" if the rule fired, "unknown" if it is undetermined, otherwise "false".</summary>
    public static string Outcome(EvaluationResult result, string ruleId)
    {
        bool fired = result.Fired.Contains(ruleId);
        bool undetermined = result.Undetermined.Any(u => u.Rule == ruleId);
        (fired && undetermined).Should().BeFalse($"rule '{ruleId}' cannot both fire and be undetermined");
        return fired ? "true" : undetermined ? "unknown" : "false";
    }

    /// <summary>The missing facts listed for an undetermined rule; fails if the rule is not undetermined.</summary>
    public static IReadOnlyList<string> Missing(EvaluationResult result, string ruleId)
    {
        var entry = result.Undetermined.SingleOrDefault(u => u.Rule == ruleId);
        entry.Should().NotBeNull($"rule '{ruleId}' should be undetermined; result was {result.ToJson()}");
        return entry!.Missing;
    }
}
