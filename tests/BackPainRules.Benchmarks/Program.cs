using BenchmarkDotNet.Running;

namespace BackPainRules.Benchmarks;

/// <summary>
/// Runs the benchmarks BenchmarkDotNet's command line picks, e.g.
/// <c>dotnet run -c Release --project tests/BackPainRules.Benchmarks -- --filter '*' --job short --iterationCount 15 --launchCount 2</c>
/// (the run docs/PERFORMANCE.md records; about 9 minutes on 2 cores).
/// <c>-- --validate</c> only generates every benchmark size and checks it has no diagnostic, and checks the
/// hand-written built-in peers against the frozen first built-in rule set.
/// <c>-- --compare-builds BEFORE_DIR AFTER_DIR [ROUNDS]</c> compares two builds of the library in one process (<see cref="InProcessComparison"/>).
/// <c>-- --compare-batch BEFORE_DIR AFTER_DIR RULES_FILE NDJSON_FILE [ROUNDS]</c> compares the batch path of two builds in one process (<see cref="InProcessComparison.RunBatch"/>).
/// <c>-- --loop RULES SECONDS</c> runs <see cref="EvaluationBenchmarks.BackPainRules_EvaluateLoaded"/> on RULES ("built-in", "100", ...)
/// for SECONDS in a plain loop, for a profiler to watch (<c>perf record</c> with <c>DOTNET_PerfMapEnabled=1</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["--validate"])
        {
            foreach (int size in new[] { 100, 1_000, 5_000, 10_000 })
            {
                var generated = RuleSetGenerator.GenerateValid(size);
                Console.WriteLine($"{size} rules: {generated.Text.Length:N0} characters, {generated.Text.Count(c => c == '\n'):N0} lines, no diagnostics");
            }
            // The built-in peers mirror the frozen first built-in rule set: setting up checks they agree with it.
            new EvaluationBenchmarks { Rules = "built-in" }.Setup();
            Console.WriteLine($"built-in ({FrozenBuiltIn.FileName}): the hand-written peers give the same answers");
            return 0;
        }
        if (args is ["--compare-builds", var before, var after, ..])
        {
            return InProcessComparison.Run(before, after, args.Length > 3 ? int.Parse(args[3]) : 30);
        }
        if (args is ["--compare-batch", var beforeBuild, var afterBuild, var rulesFile, var ndjsonFile, ..])
        {
            return InProcessComparison.RunBatch(beforeBuild, afterBuild, rulesFile, ndjsonFile, args.Length > 5 ? int.Parse(args[5]) : 20);
        }
        if (args is ["--loop", var rules, var seconds])
        {
            var benchmark = new EvaluationBenchmarks { Rules = rules };
            benchmark.Setup();
            var until = DateTime.UtcNow.AddSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture));
            long profiles = 0;
            while (DateTime.UtcNow < until)
            {
                for (int i = 0; i < 1000; i++) benchmark.BackPainRules_EvaluateLoaded();
                profiles += 1000L * EvaluationBenchmarks.Batch;
            }
            Console.WriteLine($"{profiles:N0} profiles evaluated");
            return 0;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
