using System.Diagnostics;
using BackPainRules.Compilation;
using BackPainRules.Profiles;

namespace BackPainRules.Benchmarks;

/// <summary>
/// The node tier against the compiled tier in one process (<c>-- --tier-ab RULES [ROUNDS]</c>): the same
/// profiles evaluated by two compiled rule sets of the same model, one kept on the nodes and one compiled,
/// in alternating rounds of a fixed number of profiles. Each round is timed in the process's CPU time, and
/// the best round of each counts, so that other work on a shared machine (which only ever slows a round)
/// does not decide the comparison.
/// </summary>
internal static class TierComparison
{
    public static void Run(string rules, int rounds)
    {
        var nodes = new EvaluationBenchmarks { Rules = rules };
        nodes.Setup();
        var compiled = new EvaluationBenchmarks { Rules = rules };
        compiled.SetupCompiledTier();
        int repeat = rules switch { "built-in" => 20_000, "100" => 5_000, "1000" => 300, _ => 20 };
        double bestNodes = double.MaxValue, bestCompiled = double.MaxValue, bestNodesUnknown = double.MaxValue, bestCompiledUnknown = double.MaxValue;
        for (int round = 0; round < rounds; round++)
        {
            bestNodes = Math.Min(bestNodes, Time(repeat, () => nodes.BackPainRules_EvaluateLoaded()));
            bestCompiled = Math.Min(bestCompiled, Time(repeat, () => compiled.BackPainRules_EvaluateLoaded()));
            bestNodesUnknown = Math.Min(bestNodesUnknown, Time(repeat, () => nodes.BackPainRules_EvaluateLoaded_FifthUnknown()));
            bestCompiledUnknown = Math.Min(bestCompiledUnknown, Time(repeat, () => compiled.BackPainRules_EvaluateLoaded_FifthUnknown()));
        }
        Console.WriteLine($"| {rules} | known: {Format(bestNodes)} | {Format(bestCompiled)} | {bestCompiled / bestNodes:0.00}x | fifth unknown: {Format(bestNodesUnknown)} | {Format(bestCompiledUnknown)} | {bestCompiledUnknown / bestNodesUnknown:0.00}x |");
    }

    /// <summary>CPU nanoseconds per profile for <paramref name="repeat"/> batches.</summary>
    private static double Time(int repeat, Func<int> batch)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.TotalProcessorTime;
        for (int i = 0; i < repeat; i++) batch();
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMilliseconds * 1e6 / (repeat * (double)EvaluationBenchmarks.Batch);
    }

    private static string Format(double nanoseconds) => nanoseconds >= 1000 ? $"{nanoseconds / 1000:0.00} µs" : $"{nanoseconds:0} ns";
}
