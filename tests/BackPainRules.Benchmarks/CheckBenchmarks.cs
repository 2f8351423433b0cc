using BackPainRules.Compilation;
using BenchmarkDotNet.Attributes;

namespace BackPainRules.Benchmarks;

/// <summary>
/// <c>rules check</c> and compilation of big files. Targets: check (parse, bind, every diagnostic) a
/// 10,000-rule file in under 1 s; compile it in under 200 ms.
/// </summary>
[MemoryDiagnoser]
[MedianColumn, MaxColumn]
public class CheckBenchmarks
{
    private string text = "";
    private RuleSet ruleSet = null!;

    [Params(1_000, 10_000)]
    public int Rules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        text = RuleSetGenerator.Generate(Rules).Text;
        ruleSet = RuleSetGenerator.Validate(text);
    }

    /// <summary>Lex, parse, bind and check: everything <c>rules check</c> does for one file.</summary>
    [Benchmark]
    public RuleSet Check() => RuleSet.FromText(text, "gen.rules");

    /// <summary>
    /// Compiling an already checked rule set. <see cref="RuleSet.Compile"/> caches its result, so this
    /// calls the compiler behind it directly to compile afresh each time.
    /// </summary>
    [Benchmark]
    public CompiledRuleSet Compile() => CompiledRuleSet.Compile(ruleSet.Model);
}
