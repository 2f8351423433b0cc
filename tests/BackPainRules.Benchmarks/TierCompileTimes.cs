using System.Diagnostics;
using BackPainRules.Compilation;
using BackPainRules.Evaluation;

namespace BackPainRules.Benchmarks;

/// <summary>
/// How long the second evaluation tier takes to compile a rule set (what the background compile costs,
/// issue #18 item 4): <see cref="CompiledProgram.CompileNow"/> (generating the code, compiling it and the
/// JIT, what a tier-up does) beside building the node program, each on a fresh compiled rule set, best and
/// median of several rounds after one unmeasured round; in wall time and in the process's CPU time (which
/// other work on a shared machine does not inflate as much).
/// </summary>
internal static class TierCompileTimes
{
    private const int Rounds = 3;

    public static void Run(IEnumerable<string> sizes)
    {
        Console.WriteLine("| rules | methods | node program | tier-up, wall | tier-up, CPU |");
        Console.WriteLine("|---|---|---|---|---|");
        var process = Process.GetCurrentProcess();
        foreach (var size in sizes)
        {
            var model = (size == "built-in" ? FrozenBuiltIn.Load() : RuleSetGenerator.Validate(RuleSetGenerator.Generate(int.Parse(size)).Text)).Model;
            var nodes = new List<double>();
            var wall = new List<double>();
            var cpu = new List<double>();
            for (int round = 0; round <= Rounds; round++)
            {
                var watch = Stopwatch.StartNew();
                var program = CompiledRuleSet.Compile(model).Engine.Program;
                double nodeMs = watch.Elapsed.TotalMilliseconds;
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                watch.Restart();
                program.CompileNow();
                double wallMs = watch.Elapsed.TotalMilliseconds;
                process.Refresh();
                double cpuMs = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
                if (round == 0) continue;
                nodes.Add(nodeMs);
                wall.Add(wallMs);
                cpu.Add(cpuMs);
            }
            Console.WriteLine($"| {size} ({model.Rules.Length} rules) | {CompiledRules.Compile(CompiledRuleSet.Compile(model).Engine.Program).GroupCount} | {Describe(nodes)} | {Describe(wall)} | {Describe(cpu)} |");
        }
    }

    private static string Describe(List<double> milliseconds)
    {
        milliseconds.Sort();
        return $"{milliseconds[0]:0.0} ms (median {milliseconds[milliseconds.Count / 2]:0.0})";
    }
}
