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
/// <c>-- --tier-compile RULES...</c> prints how long the second tier (KnownValuesTier) takes to generate for each rule set
/// ("built-in", "100", ...), the median of 5, reaching the library's internal compile step by reflection.
/// <c>-- --ratio RULES ROUNDS</c> times <see cref="EvaluationBenchmarks.BackPainRules_EvaluateLoaded"/> against
/// <see cref="EvaluationBenchmarks.HandWritten_FullResult"/> in one process, in alternating slices, and prints the median ratio:
/// a quick check on a machine too noisy for separate runs (BenchmarkDotNet gives the figures recorded).
/// <c>-- --loop evaluate|handwritten|check|compile RULES SECONDS</c> runs <see cref="EvaluationBenchmarks.BackPainRules_EvaluateLoaded"/>
/// (or <see cref="EvaluationBenchmarks.HandWritten_FullResult"/>) on RULES
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
        if (args is ["--tier-compile", .. var sizes])
        {
            return TierCompileTimes(sizes);
        }
        if (args is ["--ratio", var ratioRules, var roundsText])
        {
            return RatioToHandWritten(ratioRules, int.Parse(roundsText));
        }
        if (args is ["--loop", var what, var rules, var seconds])
        {
            // One benchmark method in a plain loop, for a profiler to watch.
            Func<int> step;
            if (what is "evaluate" or "handwritten")
            {
                var evaluation = new EvaluationBenchmarks { Rules = rules };
                evaluation.Setup();
                step = what == "evaluate"
                    ? () => { evaluation.BackPainRules_EvaluateLoaded(); return EvaluationBenchmarks.Batch; }
                    : () => { evaluation.HandWritten_FullResult(); return EvaluationBenchmarks.Batch; };
            }
            else
            {
                var check = new CheckBenchmarks { Rules = int.Parse(rules) };
                check.Setup();
                step = what == "check" ? () => { check.Check(); return 1; } : () => { check.Compile(); return 1; };
            }
            double limit = double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            long done = 0;
            while (clock.Elapsed.TotalSeconds < limit) done += step();
            Console.WriteLine($"{what} {rules}: {done:N0} done, {clock.Elapsed.TotalNanoseconds / done:0.#} ns each");
            return 0;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }

    private static int RatioToHandWritten(string rules, int rounds)
    {
        var evaluation = new EvaluationBenchmarks { Rules = rules };
        evaluation.Setup();
        Func<int>[] steps = [evaluation.BackPainRules_EvaluateLoaded, evaluation.HandWritten_FullResult];
        // Warm up past tiered compilation, then time each over slices of about 20 ms, in the order A B B A.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < 2000) { steps[0](); steps[1](); }
        int passes = 1;
        clock.Restart();
        for (int i = 0; i < passes; i++) steps[0]();
        while (clock.ElapsedMilliseconds < 20) { passes *= 2; clock.Restart(); for (int i = 0; i < passes; i++) steps[0](); }
        var times = new List<double>[] { new(), new() };
        var ratios = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            var slice = new double[2];
            foreach (int which in round % 2 == 0 ? new[] { 0, 1, 1, 0 } : new[] { 1, 0, 0, 1 })
            {
                clock.Restart();
                for (int i = 0; i < passes; i++) steps[which]();
                slice[which] += clock.Elapsed.TotalNanoseconds / (2.0 * passes * EvaluationBenchmarks.Batch);
            }
            times[0].Add(slice[0]);
            times[1].Add(slice[1]);
            ratios.Add(slice[0] / slice[1]);
        }
        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        Console.WriteLine($"{rules}: BackPainRules {Median(times[0]):0} ns, hand-written full result {Median(times[1]):0} ns, ratio {Median(ratios):0.00} (rounds {ratios.Min():0.00}-{ratios.Max():0.00})");
        return 0;
    }

    private static int TierCompileTimes(string[] sizes)
    {
        foreach (string size in sizes)
        {
            var ruleSet = size == "built-in" ? FrozenBuiltIn.Load() : RuleSetGenerator.Validate(RuleSetGenerator.Generate(int.Parse(size)).Text);
            var times = new List<double>();
            for (int i = 0; i < 5; i++)
            {
                // A fresh compiled rule set each time (RuleSet.Compile is shared), so each compiles its own tier.
                var compiled = Compilation.CompiledRuleSet.Compile(ruleSet.Model);
                object engine = typeof(Compilation.CompiledRuleSet).GetProperty("Engine", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(compiled)!;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                engine.GetType().GetMethod("CompileSecondTier")!.Invoke(engine, null);
                times.Add(clock.Elapsed.TotalMilliseconds);
                if (!(bool)engine.GetType().GetProperty("HasSecondTier")!.GetValue(engine)!) Console.WriteLine($"{size}: no second tier");
            }
            Console.WriteLine($"{size} rules: second tier generated in {times.Order().ElementAt(2):0.#} ms (median of 5; first {times[0]:0.#} ms)");
        }
        return 0;
    }
}
