using BackPainRules.Benchmarks.Peers;
using BackPainRules.Compilation;
using BackPainRules.Evaluation;
using BackPainRules.Profiles;
using BenchmarkDotNet.Attributes;

namespace BackPainRules.Benchmarks;

/// <summary>
/// Evaluation against the peers (issue #6): BackPainRules, hand-written C# (the ceiling), Microsoft
/// RulesEngine 6.0.1 and NRules 1.0.4, on the built-in rule set and on generated rule sets of 100, 1,000
/// and 10,000 rules (<see cref="RuleSetGenerator"/>). Every engine runs the same rules: the peers are
/// built from the bound model of the very text BackPainRules compiles (<see cref="PeerLayout"/>).
/// <para>
/// Each invocation evaluates the same <see cref="Batch"/> profiles (so the numbers are per profile):
/// fully known profiles for every engine, since the peers have no unknown facts, and additionally, for
/// BackPainRules alone, the same number of profiles with a fifth of the input facts unknown.
/// </para>
/// <para>
/// Before anything is timed, each setup checks that the engines it times give BackPainRules' answer on
/// <see cref="Checked"/> fully known profiles, and throws if not: the same rules fired, the same facts
/// concluded, the same items recommended and avoided (and nothing undetermined). Every peer is checked
/// against BackPainRules, so all of them agree with one another. <see cref="HandWritten_FullResult"/>, which
/// builds the whole <see cref="EvaluationResult"/> as BackPainRules does, must moreover give the same JSON.
/// </para>
/// </summary>
[MemoryDiagnoser]
public class EvaluationBenchmarks
{
    /// <summary>Profiles evaluated per invocation (the reported times are per profile).</summary>
    public const int Batch = 16;

    /// <summary>Profiles on which the engines' answers are compared before timing.</summary>
    public const int Checked = 50;

    private CompiledRuleSet compiled = null!;
    private PeerLayout layout = null!;
    private string[] knownJson = null!;
    private Profile[] known = null!;
    private Profile[] fifthUnknown = null!;
    private PeerProfile[] peers = null!;
    private RunnerProfile[] runners = null!;
    private EvaluationResult[] answers = null!;
    private DelegateEvaluator? delegates;
    private BuiltInHandWritten? builtIn;
    private BuiltInHandWrittenFullResult? builtInFullResult;
    private HandWrittenResultAssembler? resultAssembler;
    private string[] profileNames = null!;
    private RulesEnginePeer rulesEngine = null!;
    private NRulesPeer nRules = null!;

    /// <summary>"built-in" or a generated rule set's size.</summary>
    [ParamsSource(nameof(RuleSets))]
    public string Rules { get; set; } = "built-in";

    /// <summary>The built-in set and 100, 1,000 and 10,000 rules; or those listed in <c>BPR_BENCH_RULES</c> (e.g. <c>built-in</c>), for a longer run of fewer.</summary>
    public static IEnumerable<string> RuleSets =>
        Environment.GetEnvironmentVariable("BPR_BENCH_RULES")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        ?? ["built-in", "100", "1000", "10000"];

    private bool IsBuiltIn => Rules == "built-in";

    [GlobalSetup(Targets = new[]
    {
        nameof(BackPainRules_EvaluateLoaded), nameof(BackPainRules_EvaluateLoaded_FifthUnknown),
        nameof(BackPainRules_LoadAndEvaluateJson), nameof(HandWritten), nameof(HandWritten_FullResult),
    })]
    public void Setup() => SetupBackPainRulesAndHandWritten();

    [GlobalSetup(Target = nameof(RulesEngine))]
    public void SetupRulesEngine()
    {
        SetupBackPainRulesAndHandWritten();
        rulesEngine = new RulesEnginePeer(layout);
        // One run's raw results: one per rule, in source order, none of them an exception.
        var raw = rulesEngine.Raw(peers[0]);
        if (raw.Count != layout.RuleIds.Length || raw.Where((r, i) => r.Rule.RuleName != layout.RuleIds[i]).Any())
        {
            throw new InvalidOperationException("RulesEngine did not give one result per rule in source order.");
        }
        if (raw.FirstOrDefault(r => !string.IsNullOrEmpty(r.ExceptionMessage)) is { } failed)
        {
            throw new InvalidOperationException($"RulesEngine rule {failed.Rule.RuleName}: {failed.ExceptionMessage}");
        }
        AssertSameAnswers("RulesEngine", rulesEngine.Evaluate);
    }

    [GlobalSetup(Target = nameof(NRules))]
    public void SetupNRules()
    {
        SetupBackPainRulesAndHandWritten();
        nRules = new NRulesPeer(layout);
        AssertSameAnswers("NRules", nRules.Evaluate);
    }

    private void SetupBackPainRulesAndHandWritten()
    {
        var ruleSet = IsBuiltIn ? FrozenBuiltIn.Load() : RuleSetGenerator.Validate(RuleSetGenerator.Generate(int.Parse(Rules)).Text);
        compiled = ruleSet.Compile();
        layout = new PeerLayout(ruleSet.Model);
        Func<Semantics.FactSymbol, Random, object?>? realistic = IsBuiltIn ? ProfileGenerator.BuiltInValue : null;
        var generated = ProfileGenerator.Generate(layout, Checked, seed: 6, unknownFraction: 0, realistic);
        knownJson = generated.Select(g => g.Json).ToArray();
        known = knownJson.Select(Read).ToArray();
        peers = generated.Select(g => g.Peer!).ToArray();
        fifthUnknown = ProfileGenerator.Generate(layout, Batch, seed: 7, unknownFraction: 0.2, realistic).Select(g => Read(g.Json)).ToArray();
        profileNames = known.Select(p => p.Name).ToArray();
        answers = known.Select(compiled.Evaluate).ToArray();
        foreach (var answer in answers)
        {
            if (answer.Undetermined.Count > 0) throw new InvalidOperationException($"A fully known profile left {answer.Undetermined.Count} rules undetermined.");
        }
        if (IsBuiltIn)
        {
            builtIn = new BuiltInHandWritten(layout);
            runners = generated.Select(g => RunnerProfile.From(layout.Model, g.Values)).ToArray();
            AssertSameAnswers("hand-written C#", i => builtIn.Evaluate(runners[i]));
            builtInFullResult = new BuiltInHandWrittenFullResult(layout);
            AssertSameResults("hand-written C# (full result)", i => builtInFullResult.Evaluate(profileNames[i], runners[i]));
        }
        else
        {
            delegates = new DelegateEvaluator(layout);
            AssertSameAnswers("hand-written C#", delegates.Evaluate);
            resultAssembler = new HandWrittenResultAssembler(layout);
            AssertSameResults("hand-written C# (full result)", i => resultAssembler.Build(profileNames[i], delegates.Evaluate(peers[i])));
        }
    }

    /// <summary>
    /// Stricter than <see cref="AssertSameAnswers(string, Func{int, PeerResult})"/>, for engines that build the
    /// whole <see cref="EvaluationResult"/>: its JSON must be BackPainRules', byte for byte (item order, texts,
    /// priorities, the rules behind each item, warnings and all).
    /// </summary>
    private void AssertSameResults(string engine, Func<int, EvaluationResult> evaluate)
    {
        int itemTotal = 0, warningTotal = 0;
        for (int i = 0; i < Checked; i++)
        {
            string expected = answers[i].ToJson();
            var result = evaluate(i);
            string actual = result.ToJson();
            if (actual != expected)
            {
                throw new InvalidOperationException($"{engine} and BackPainRules give different results on profile {i} of the {Rules} rule set.\nBackPainRules: {expected}\n{engine}: {actual}\nProfile: {knownJson[i]}");
            }
            itemTotal += result.Recommendations.Count + result.Avoid.Count;
            warningTotal += result.Warnings.Count;
        }
        if (itemTotal == 0) throw new InvalidOperationException("No item was recommended or avoided on any profile: the check would prove nothing.");
        Console.WriteLine($"// {engine} gives BackPainRules' results, the same JSON, on all {Checked} profiles ({Rules} rules, {itemTotal / (double)Checked:0.#} items recommended or avoided per profile, {warningTotal} warnings in all).");
    }

    private Profile Read(string json)
    {
        var read = compiled.ReadProfile(json);
        return read.Profile ?? throw new InvalidOperationException("A generated profile does not read: " + string.Join("; ", read.Diagnostics));
    }

    private void AssertSameAnswers(string engine, Func<PeerProfile, PeerResult> evaluate) =>
        AssertSameAnswers(engine, i => evaluate(peers[i]));

    private void AssertSameAnswers(string engine, Func<int, PeerResult> evaluate)
    {
        int firedTotal = 0;
        for (int i = 0; i < Checked; i++)
        {
            var expected = answers[i];
            var actual = evaluate(i);
            var fired = actual.Fired.Order().Select(r => layout.RuleIds[r]).ToArray();
            var recommended = Names(layout.RecommendationNames, actual.Recommended, actual.Avoided);
            var avoided = Names(layout.RecommendationNames, actual.Avoided, null);
            var concluded = Names(layout.DerivedNames, actual.Concluded, null);
            string? difference =
                !fired.SequenceEqual(expected.Fired) ? Describe("fired", expected.Fired, fired) :
                !recommended.SequenceEqual(expected.Recommendations.Select(r => r.Id).Order(StringComparer.Ordinal)) ? Describe("recommended", expected.Recommendations.Select(r => r.Id), recommended) :
                !avoided.SequenceEqual(expected.Avoid.Select(r => r.Id).Order(StringComparer.Ordinal)) ? Describe("avoided", expected.Avoid.Select(r => r.Id), avoided) :
                !concluded.SequenceEqual(expected.Concluded.Order(StringComparer.Ordinal)) ? Describe("concluded", expected.Concluded, concluded) :
                null;
            if (difference is not null)
            {
                throw new InvalidOperationException($"{engine} and BackPainRules disagree on profile {i} of the {Rules} rule set: {difference}\nProfile: {knownJson[i]}");
            }
            firedTotal += fired.Length;
        }
        if (firedTotal == 0) throw new InvalidOperationException("No rule fired on any profile: the check would prove nothing.");
        Console.WriteLine($"// {engine} gives BackPainRules' answers on all {Checked} profiles ({Rules} rules, {firedTotal / (double)Checked:0.#} rules fired per profile).");
    }

    private static string[] Names(string[] names, bool[] set, bool[]? except) =>
        names.Where((_, i) => set[i] && (except is null || !except[i])).Order(StringComparer.Ordinal).ToArray();

    private static string Describe(string what, IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var e = expected.ToHashSet();
        var a = actual.ToHashSet();
        return $"{what}: only BackPainRules [{string.Join(", ", e.Except(a).Take(10))}], only the peer [{string.Join(", ", a.Except(e).Take(10))}]";
    }

    /// <summary>BackPainRules: evaluate a profile that was read (loaded) before.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int BackPainRules_EvaluateLoaded()
    {
        int fired = 0;
        for (int i = 0; i < Batch; i++) fired += compiled.Evaluate(known[i]).Fired.Count;
        return fired;
    }

    /// <summary>The same with a fifth of the input facts unknown (the peers cannot say "unknown").</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int BackPainRules_EvaluateLoaded_FifthUnknown()
    {
        int fired = 0;
        for (int i = 0; i < Batch; i++) fired += compiled.Evaluate(fifthUnknown[i]).Fired.Count;
        return fired;
    }

    /// <summary>BackPainRules: read the profile's JSON text, then evaluate it.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int BackPainRules_LoadAndEvaluateJson()
    {
        int fired = 0;
        for (int i = 0; i < Batch; i++) fired += compiled.Evaluate(compiled.ReadProfile(knownJson[i]).Profile!).Fired.Count;
        return fired;
    }

    /// <summary>
    /// The ceiling: for the built-in rule set, hand-written <c>if</c>s over a typed profile
    /// (<see cref="BuiltInHandWritten"/>); for generated ones, one plain C# lambda per condition
    /// (<see cref="DelegateEvaluator"/>).
    /// </summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int HandWritten()
    {
        int fired = 0;
        if (builtIn is not null)
        {
            for (int i = 0; i < Batch; i++) fired += builtIn.Evaluate(runners[i]).Fired.Count;
        }
        else
        {
            for (int i = 0; i < Batch; i++) fired += delegates!.Evaluate(peers[i]).Fired.Count;
        }
        return fired;
    }

    /// <summary>
    /// The ceiling for deciding the rules and building the same full <see cref="EvaluationResult"/> as
    /// BackPainRules: for the built-in rule set, hand-written <c>if</c>s and hand-typed tables
    /// (<see cref="BuiltInHandWrittenFullResult"/>); for generated ones, <see cref="DelegateEvaluator"/>
    /// followed by a straightforward assembler (<see cref="HandWrittenResultAssembler"/>).
    /// </summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int HandWritten_FullResult()
    {
        int fired = 0;
        if (builtInFullResult is not null)
        {
            for (int i = 0; i < Batch; i++) fired += builtInFullResult.Evaluate(profileNames[i], runners[i]).Fired.Count;
        }
        else
        {
            for (int i = 0; i < Batch; i++) fired += resultAssembler!.Build(profileNames[i], delegates!.Evaluate(peers[i])).Fired.Count;
        }
        return fired;
    }

    /// <summary>Microsoft RulesEngine 6.0.1: one <c>ExecuteAllRulesAsync</c> of the workflow per profile.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int RulesEngine()
    {
        int fired = 0;
        for (int i = 0; i < Batch; i++) fired += rulesEngine.Evaluate(peers[i]).Fired.Count;
        return fired;
    }

    /// <summary>NRules 1.0.4: a session per profile, insert, fire.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int NRules()
    {
        int fired = 0;
        for (int i = 0; i < Batch; i++) fired += nRules.Evaluate(peers[i]).Fired.Count;
        return fired;
    }
}
