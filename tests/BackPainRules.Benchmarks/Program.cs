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
/// <c>-- --loop evaluate|check|compile RULES SECONDS</c> runs <see cref="EvaluationBenchmarks.BackPainRules_EvaluateLoaded"/> on RULES
/// ("built-in", "100", ...), or <see cref="CheckBenchmarks.Check"/> or <see cref="CheckBenchmarks.Compile"/> (RULES 1000 or 10000), for SECONDS
/// in a plain loop, for a profiler to watch (<c>perf record</c> with <c>DOTNET_PerfMapEnabled=1</c> and <c>DOTNET_EnableWriteXorExecute=0</c>).
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
        if (args is ["--loop", var what, var rules, var seconds])
        {
            // One benchmark method in a plain loop, for a profiler to watch.
            Func<int> step;
            if (what == "evaluate")
            {
                var evaluation = new EvaluationBenchmarks { Rules = rules };
                evaluation.Setup();
                step = () => { evaluation.BackPainRules_EvaluateLoaded(); return EvaluationBenchmarks.Batch; };
            }
            else
            {
                var check = new CheckBenchmarks { Rules = int.Parse(rules) };
                check.Setup();
                step = what == "check" ? () => { check.Check(); return 1; } : () => { check.Compile(); return 1; };
            }
            var until = DateTime.UtcNow.AddSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture));
            long done = 0;
            while (DateTime.UtcNow < until) done += step();
            Console.WriteLine($"{what} {rules}: {done:N0} done");
            return 0;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
