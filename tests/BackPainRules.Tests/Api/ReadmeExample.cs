// This file is the README's embedding example, verbatim between the markers; ReadmeExampleTests
// checks that the README shows exactly this code and runs it. Edit both together.
using BackPainRules.Compilation;
using BackPainRules.Evaluation;
using BackPainRules.Profiles;

namespace BackPainRules.Tests.Api;

public static class ReadmeExample
{
    public static string Run()
    {
        // readme-example-start
        // using BackPainRules;
        // using BackPainRules.Compilation;
        // using BackPainRules.Evaluation;

        // Load and check once. Bad rule text gives diagnostics, never an exception.
        RuleSet ruleSet = RuleSet.FromText("""
            fact overstride: bool "Foot lands in front of the body"
            fact cadence: number 120..220 "Steps per minute"
            recommendation cadence_drill "Raise cadence 5-10%" priority high
            rule short_steps:
              if overstride or cadence < 160
              then recommend cadence_drill
              because "Overstriding strains the low back"
            """, "my-rules.rules");
        if (ruleSet.HasErrors)
        {
            foreach (var diagnostic in ruleSet.Diagnostics) Console.Error.WriteLine(diagnostic);
            return "";
        }

        // Compile once, evaluate many times, from any thread.
        CompiledRuleSet rules = ruleSet.Compile();
        EvaluationResult result = rules.Evaluate("""{"$id": "runner-17", "cadence": 152}""");

        Console.WriteLine(result.Recommendations[0].Id);   // cadence_drill
        Console.WriteLine(result.ToJson());                 // the same line `rules eval --format json` prints
        // readme-example-end
        return result.ToJson();
    }

    /// <summary>The README's batch example: evaluates runners.ndjson into results.ndjson in the current folder.</summary>
    public static void RunBatch(CompiledRuleSet rules)
    {
        // readme-batch-example-start
        using var input = File.OpenRead("runners.ndjson");
        using var output = File.Create("results.ndjson");
        foreach (var chunk in BatchEvaluator.EvaluateNdjsonAsJson(rules, input, "runners.ndjson", strict: false))
        {
            foreach (var bad in chunk.Problems) Console.Error.WriteLine(bad.Diagnostics[0]);
            chunk.WriteTo(output);   // before asking for the next chunk: its buffers are reused
        }
        // readme-batch-example-end
    }
}
