using System.Diagnostics;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.Loader;
using BackPainRules.Benchmarks.Peers;

namespace BackPainRules.Benchmarks;

/// <summary>
/// Two builds of the library compared in one process, for a machine too busy for separate runs to be
/// compared (issue #12): <c>-- --compare-builds BEFORE_DIR AFTER_DIR [ROUNDS]</c>, each directory holding a
/// built <c>BackPainRules.dll</c> and its dependencies (e.g. <c>src/BackPainRules.Cli/bin/Release/net10.0</c>
/// of two checkouts). Each build is loaded into its own <see cref="AssemblyLoadContext"/>; both evaluate the
/// same fully known profiles (the ones <see cref="EvaluationBenchmarks"/> uses) of the built-in and generated
/// rule sets, in short alternating slices (before, after, after, before, ...), so both see the same load.
/// Prints, per rule set, the median time per profile of each build and the median of the per-round
/// ratios after / before. Before timing, both builds must give the same fired rules on every profile.
/// </summary>
public static class InProcessComparison
{
    private sealed class BuildContext(string directory) : AssemblyLoadContext(Path.GetFileName(directory.TrimEnd('/')), isCollectible: false)
    {
        protected override Assembly? Load(AssemblyName name)
        {
            string path = Path.Combine(directory, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }

    /// <summary>Loads one build of the library into a context of its own and compiles <paramref name="rulesText"/> (the built-in set when empty) with it.</summary>
    private static (Assembly Library, object Compiled) LoadAndCompile(string directory, string rulesText, string rulesPath)
    {
        string full = Path.GetFullPath(directory);
        var assembly = new BuildContext(full).LoadFromAssemblyPath(Path.Combine(full, "BackPainRules.dll"));
        var ruleSetType = assembly.GetType("BackPainRules.RuleSet", throwOnError: true)!;
        object ruleSet = rulesText.Length == 0
            ? ruleSetType.GetProperty("BuiltIn")!.GetValue(null)!
            : ruleSetType.GetMethod("FromText", [typeof(string), typeof(string)])!.Invoke(null, [rulesText, rulesPath])!;
        return (assembly, ruleSetType.GetMethod("Compile", Type.EmptyTypes)!.Invoke(ruleSet, null)!);
    }

    /// <summary>One build's compiled rule set and profiles, and a delegate that evaluates them all once.</summary>
    private sealed class Subject
    {
        public Subject(string directory, string rulesText, string[] profiles)
        {
            var (assembly, compiled) = LoadAndCompile(directory, rulesText, "gen.rules");
            var compiledType = compiled.GetType();
            var read = compiledType.GetMethod("ReadProfile")!;
            var profileType = assembly.GetType("BackPainRules.Profiles.Profile", throwOnError: true)!;
            var profileArray = Array.CreateInstance(profileType, profiles.Length);
            for (int i = 0; i < profiles.Length; i++)
            {
                object result = read.Invoke(compiled, [profiles[i], "p", false])!;
                profileArray.SetValue(result.GetType().GetProperty("Profile")!.GetValue(result)
                                      ?? throw new InvalidOperationException("a profile does not read"), i);
            }
            var evaluate = compiledType.GetMethod("Evaluate", [profileType])!;
            var firedProperty = evaluate.ReturnType.GetProperty("Fired")!;

            // () => { int n = 0; foreach (var p in profiles) n += compiled.Evaluate(p).Fired.Count; return n; }, compiled, so the loop has no reflection in it.
            var index = Expression.Variable(typeof(int), "i");
            var total = Expression.Variable(typeof(int), "n");
            var array = Expression.Constant(profileArray);
            var end = Expression.Label(typeof(int));
            var fired = Expression.Property(Expression.Call(Expression.Constant(compiled), evaluate, Expression.ArrayIndex(array, index)), firedProperty);
            var count = Expression.Property(fired, typeof(IReadOnlyCollection<string>).GetProperty("Count")!);
            var body = Expression.Block([index, total],
                Expression.Assign(index, Expression.Constant(0)),
                Expression.Assign(total, Expression.Constant(0)),
                Expression.Loop(Expression.IfThenElse(
                    Expression.LessThan(index, Expression.ArrayLength(array)),
                    Expression.Block(Expression.AddAssign(total, count), Expression.PostIncrementAssign(index)),
                    Expression.Break(end, total)), end));
            RunAll = Expression.Lambda<Func<int>>(body).Compile();
            Fired = i => string.Join(",", (IEnumerable<string>)firedProperty.GetValue(evaluate.Invoke(compiled, [profileArray.GetValue(i)]))!);
            Count = profiles.Length;
        }

        public Func<int> RunAll { get; }

        public Func<int, string> Fired { get; }

        public int Count { get; }
    }

    public static int Run(string before, string after, int rounds)
    {
        Console.WriteLine($"# before: {before}\n# after:  {after}\n# {rounds} rounds; a round times each build over at least 20 ms, in the order before, after, after, before");
        Console.WriteLine("| Rule set | Before, median µs/profile | After, median µs/profile | After / before, median of rounds (min–max) |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (string size in new[] { "built-in", "100", "1000", "10000" })
        {
            string text;
            string[] profiles;
            if (size == "built-in")
            {
                // The frozen first built-in set, not each build's own: issue #13 rewrote the built-in set, and a
                // comparison of two builds must run the same rules on both.
                text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", FrozenBuiltIn.FileName));
                var layout = new PeerLayout(FrozenBuiltIn.Load().Model);
                profiles = ProfileGenerator.Generate(layout, EvaluationBenchmarks.Batch, seed: 6, unknownFraction: 0, ProfileGenerator.BuiltInValue).Select(g => g.Json).ToArray();
            }
            else
            {
                text = RuleSetGenerator.Generate(int.Parse(size)).Text;
                var layout = new PeerLayout(RuleSetGenerator.Validate(text).Model);
                profiles = ProfileGenerator.Generate(layout, EvaluationBenchmarks.Batch, seed: 6, unknownFraction: 0).Select(g => g.Json).ToArray();
            }
            var a = new Subject(before, text, profiles);
            var b = new Subject(after, text, profiles);
            for (int i = 0; i < profiles.Length; i++)
            {
                if (a.Fired(i) != b.Fired(i)) throw new InvalidOperationException($"The two builds fire different rules on profile {i} of the {size} rule set.");
            }

            // Warm up (tiered JIT) and choose how many passes make a slice of about 20 ms.
            int passes = 1;
            for (int w = 0; w < 5; w++) { Time(a.RunAll, passes); Time(b.RunAll, passes); }
            while (Time(a.RunAll, passes) < 0.02) passes *= 2;
            for (int w = 0; w < 3; w++) { Time(a.RunAll, passes); Time(b.RunAll, passes); }

            var beforeTimes = new List<double>();
            var afterTimes = new List<double>();
            var ratios = new List<double>();
            for (int round = 0; round < rounds; round++)
            {
                double x1 = Time(a.RunAll, passes), y1 = Time(b.RunAll, passes), y2 = Time(b.RunAll, passes), x2 = Time(a.RunAll, passes);
                double x = (x1 + x2) / 2, y = (y1 + y2) / 2;
                double perProfile = 1e6 / (passes * (double)a.Count);
                beforeTimes.Add(x * perProfile);
                afterTimes.Add(y * perProfile);
                ratios.Add(y / x);
            }
            Console.WriteLine($"| {size} | {Median(beforeTimes):0.###} | {Median(afterTimes):0.###} | **{Median(ratios):0.000}** ({ratios.Min():0.00}–{ratios.Max():0.00}) |");
        }
        return 0;
    }

    /// <summary>
    /// <c>-- --compare-batch BEFORE_DIR AFTER_DIR RULES_FILE NDJSON_FILE [ROUNDS]</c>: the batch path of two builds
    /// (<c>BatchEvaluator.EvaluateNdjsonAsJson</c> over the bytes of an NDJSON file held in memory, output to
    /// <see cref="Stream.Null"/>) in alternating passes, as <see cref="Run"/> does for single profiles, timed in CPU. Steady state
    /// only: each build is warmed up first, so start-up and JIT tiering are left out (the process timings have them).
    /// Both builds must write the same bytes.
    /// </summary>
    public static int RunBatch(string before, string after, string rulesFile, string ndjsonFile, int rounds)
    {
        byte[] ndjson = File.ReadAllBytes(ndjsonFile);
        string text = File.ReadAllText(rulesFile);
        int lines = ndjson.Count(b => b == (byte)'\n');
        var a = BatchSubject(before, text, rulesFile, ndjson);
        var b = BatchSubject(after, text, rulesFile, ndjson);
        var (outA, outB) = (new MemoryStream(), new MemoryStream());
        a(outA);
        b(outB);
        if (!outA.ToArray().AsSpan().SequenceEqual(outB.ToArray())) throw new InvalidOperationException("The two builds write different bytes.");
        Console.WriteLine($"# before: {before}\n# after:  {after}\n# {lines:N0} profiles of {ndjsonFile}, {rounds} rounds in the order before, after, after, before");
        for (int w = 0; w < 3; w++) { a(Stream.Null); b(Stream.Null); }
        var ratios = new List<double>();
        var beforeTimes = new List<double>();
        var afterTimes = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            double x1 = TimeBatch(a), y1 = TimeBatch(b), y2 = TimeBatch(b), x2 = TimeBatch(a);
            beforeTimes.Add((x1 + x2) / 2 * 1e6 / lines);
            afterTimes.Add((y1 + y2) / 2 * 1e6 / lines);
            ratios.Add((y1 + y2) / (x1 + x2));
        }
        Console.WriteLine($"before {Median(beforeTimes):0.###} µs/profile, after {Median(afterTimes):0.###} µs/profile (CPU, all cores), after / before **{Median(ratios):0.000}** ({ratios.Min():0.00}–{ratios.Max():0.00})");
        return 0;
    }

    // The process's CPU time (every thread's), not the wall clock: the batch runs on every core, and on a shared
    // machine how many cores it gets from moment to moment varies far more than the work it does.
    private static double TimeBatch(Action<Stream> run)
    {
        using var self = Process.GetCurrentProcess();
        var start = self.TotalProcessorTime;
        run(Stream.Null);
        self.Refresh();
        return (self.TotalProcessorTime - start).TotalSeconds;
    }

    /// <summary>One build's rule set and a delegate that evaluates the whole batch into a stream.</summary>
    private static Action<Stream> BatchSubject(string directory, string rulesText, string rulesPath, byte[] ndjson)
    {
        var (assembly, compiled) = LoadAndCompile(directory, rulesText, rulesPath);
        var batch = assembly.GetType("BackPainRules.Compilation.BatchEvaluator", throwOnError: true)!
            .GetMethods().Single(m => m.Name == "EvaluateNdjsonAsJson" && m.GetParameters()[1].ParameterType == typeof(Stream));
        var writeTo = assembly.GetType("BackPainRules.Compilation.BatchChunk", throwOnError: true)!.GetMethod("WriteTo")!;
        return output =>
        {
            var chunks = (System.Collections.IEnumerable)batch.Invoke(null, [compiled, new MemoryStream(ndjson, writable: false), "batch.ndjson", false, false, 1 << 20])!;
            foreach (object chunk in chunks) writeTo.Invoke(chunk, [output]);
        };
    }

    private static double Time(Func<int> run, int passes)
    {
        long start = Stopwatch.GetTimestamp();
        int sink = 0;
        for (int i = 0; i < passes; i++) sink += run();
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return sink < 0 ? -1 : seconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
