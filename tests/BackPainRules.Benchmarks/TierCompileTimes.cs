using System.Diagnostics;
using BackPainRules.Compilation;
using BackPainRules.Evaluation;

namespace BackPainRules.Benchmarks;

/// <summary>
/// How long the second evaluation tier takes to compile a rule set (what the background compile costs,
/// issue #18 item 4): generating and compiling the code, and that plus running each method once so the JIT
/// compiles it (<see cref="CompiledProgram.CompileNow"/>, what a tier-up does), beside building the node
/// program. Each on a fresh compiled rule set, best and median of several rounds after one unmeasured round.
/// </summary>
internal static class TierCompileTimes
{
    private const int Rounds = 5;

    public static void Run(IEnumerable<string> sizes)
    {
        Console.WriteLine("| rules | groups | node program | generate + compile | + JIT (tier-up) |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var size in sizes)
        {
            var model = (size == "built-in" ? FrozenBuiltIn.Load() : RuleSetGenerator.Validate(RuleSetGenerator.Generate(int.Parse(size)).Text)).Model;
            var nodes = new List<double>();
            var generate = new List<double>();
            var tierUp = new List<double>();
            int groups = 0;
            for (int round = 0; round <= Rounds; round++)
            {
                var watch = Stopwatch.StartNew();
                var program = CompiledRuleSet.Compile(model).Engine.Program;
                double nodeMs = watch.Elapsed.TotalMilliseconds;
                watch.Restart();
                groups = CompiledRules.Compile(program).GroupCount;
                double generateMs = watch.Elapsed.TotalMilliseconds;
                var fresh = CompiledRuleSet.Compile(model).Engine.Program;
                watch.Restart();
                fresh.CompileNow();
                double tierUpMs = watch.Elapsed.TotalMilliseconds;
                if (round == 0) continue;
                nodes.Add(nodeMs);
                generate.Add(generateMs);
                tierUp.Add(tierUpMs);
            }
            Console.WriteLine($"| {size} ({model.Rules.Length} rules) | {groups} | {Describe(nodes)} | {Describe(generate)} | {Describe(tierUp)} |");
        }
    }

    private static string Describe(List<double> milliseconds)
    {
        milliseconds.Sort();
        return $"{milliseconds[0]:0.0} ms (median {milliseconds[milliseconds.Count / 2]:0.0})";
    }
}
