using System.Buffers;
using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.CompilerServices;
using BackPainRules.Semantics;

namespace BackPainRules.Evaluation;

/// <summary>
/// The flat, compiled form of a rule set: facts in slots, each rule's condition compiled to a tree of
/// small node objects (no look-ups by name, no string compares), sub-conditions written more than once
/// decided once per profile, and concluded facts decided from their rules on first use (their rules
/// come first in dependency order, because conclusion cycles are errors).
/// </summary>
internal sealed class CompiledProgram
{
    private readonly int[][] concludingRules;
    private readonly int[] nameRank;
    private readonly Comparison<int> byName;
    private readonly ThreadLocal<EvaluationFrame> frames;

    public CompiledProgram(RuleSetModel model)
    {
        FactCount = model.Facts.Length;
        Facts = model.Facts;
        concludingRules = new int[FactCount][];
        var concluding = Enumerable.Range(0, FactCount).Select(_ => new List<int>()).ToArray();
        foreach (var rule in model.Rules)
        {
            foreach (var fact in rule.Concludes) concluding[fact.Index].Add(rule.Index);
        }
        for (int i = 0; i < FactCount; i++) concludingRules[i] = concluding[i].ToArray();

        // Facts sorted by name once, so "missing" lists sort by a number instead of comparing strings.
        nameRank = new int[FactCount];
        var factsByName = model.Facts.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        for (int i = 0; i < factsByName.Count; i++) nameRank[factsByName[i].Index] = i;
        this.byName = (a, b) => nameRank[a].CompareTo(nameRank[b]);

        var compiler = new ConditionCompiler(this, model);
        Rules = model.Rules.Select(rule => compiler.Compile(rule.Condition)).ToArray();
        Scores = model.Scores.Select(score => compiler.CompileScore(score.Expression)).ToArray();
        Contraindications = new ConditionNode?[model.Recommendations.Length];
        foreach (var recommendation in model.Recommendations)
        {
            if (recommendation.Unless is { } unless) Contraindications[recommendation.Index] = compiler.Compile(unless);
        }
        compiler.Finish();
        SharedCount = compiler.SharedCount;
        frames = new ThreadLocal<EvaluationFrame>(() => new EvaluationFrame(this));
    }

    public int FactCount { get; }

    public ImmutableArray<FactSymbol> Facts { get; }

    /// <summary>Each rule's compiled condition, in source order.</summary>
    public ConditionNode[] Rules { get; }

    /// <summary>Each score's compiled expression, in declaration order.</summary>
    public NumberNode[] Scores { get; }

    /// <summary>Per recommendation (declaration order): its compiled <c>unless</c>, or null.</summary>
    public ConditionNode?[] Contraindications { get; }

    public int SharedCount { get; }

    /// <summary>The rules that conclude the fact in <paramref name="slot"/>, in source order.</summary>
    public ReadOnlySpan<int> ConcludingRules(int slot) => concludingRules[slot];

    /// <summary>
    /// Profiles a rule set evaluates on the nodes before its rules are compiled to code, in the background
    /// (<see cref="CompiledRules"/>). Compiling costs about as much as evaluating 5,000 to 20,000 profiles on
    /// the nodes (17 ms for the built-in set, 7.6 s for 10,000 rules), and generated code saves at most a
    /// fraction of each evaluation (where it saves anything: docs/TIER-NOTES.md), so it can only pay back over
    /// long batches: `rules check`, the language server, tests and small batches never get here and never pay for it.
    /// </summary>
    public const int TierUpThreshold = 10_000;

    /// <summary>Evaluations a frame counts on its own before adding them to the shared count: one interlocked add per so many profiles.</summary>
    private const int EvaluationsPerCount = 256;

    /// <summary>Profiles evaluated on <see cref="Frame"/> so far, in steps of <see cref="EvaluationsPerCount"/>.</summary>
    private long evaluationsCounted;

    /// <summary>1 once compiling has started (or been ruled out): it starts at most once.</summary>
    private int tierUpClaimed;

    /// <summary>The rules as generated code once it is compiled; null until then, and the nodes decide.</summary>
    private volatile CompiledRules? compiledRules;

    /// <summary>The background compile, once started (for tests and benchmarks to wait for).</summary>
    internal Task? TierUp { get; private set; }

    /// <summary>Whether rules are decided by generated code.</summary>
    internal bool IsCompiled => compiledRules is not null;

    /// <summary>This thread's frame, reset for a new profile.</summary>
    // Hot in every batch: compiled fully optimised at once (see BatchEvaluator.PrepareInBackground).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public EvaluationFrame Frame(Profiles.FactValue[] values)
    {
        var frame = frames.Value!;
        frame.Reset(values);
        if (++frame.UncountedEvaluations == EvaluationsPerCount) CountEvaluations(frame);
        return frame;
    }

    private void CountEvaluations(EvaluationFrame frame)
    {
        frame.UncountedEvaluations = 0;
        if (Interlocked.Add(ref evaluationsCounted, EvaluationsPerCount) >= TierUpThreshold && Volatile.Read(ref tierUpClaimed) == 0) StartTierUp();
    }

    /// <summary>Starts compiling the rules in the background, once; evaluation goes on on the nodes meanwhile.</summary>
    private void StartTierUp()
    {
        if (Interlocked.Exchange(ref tierUpClaimed, 1) != 0) return;
        // Should compiling fail, the task keeps the exception and the rule set simply stays on the nodes.
        TierUp = Task.Run(() => compiledRules = CompiledRules.Compile(this));
    }

    /// <summary>Compiles the rules now and waits (tests, benchmarks); no background compile follows.</summary>
    internal void CompileNow()
    {
        Interlocked.Exchange(ref tierUpClaimed, 1);
        compiledRules ??= CompiledRules.Compile(this);
    }

    /// <summary>Keeps this rule set on the nodes however many profiles it evaluates (benchmarks of the node tier).</summary>
    internal void StayOnNodes() => Interlocked.Exchange(ref tierUpClaimed, 1);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Truth RuleTruth(EvaluationFrame frame, int rule)
    {
        byte cached = frame.RuleTruth[rule];
        if (cached != 0) return (Truth)(cached - 1);
        if (compiledRules is { } code)
        {
            code.DecideFrom(this, frame, rule);
            return (Truth)(frame.RuleTruth[rule] - 1);
        }
        var truth = Rules[rule].Eval(frame);
        frame.RuleTruth[rule] = (byte)(truth + 1);
        return truth;
    }

    /// <summary>A bool fact's truth: for a concluded fact what its rules decide (SPEC §4: they alone define it), else the profile's value.</summary>
    /// <remarks>The memo is read here, inlined into the caller; deciding is <see cref="DecideFact"/>'s.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Truth FactTruth(EvaluationFrame frame, int slot)
    {
        // Only a concluded fact is ever remembered: a given one is read from the profile each time.
        byte cached = frame.ConcludedTruth[slot];
        return cached != 0 ? (Truth)(cached - 1) : DecideFact(frame, slot);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Truth DecideFact(EvaluationFrame frame, int slot)
    {
        if (concludingRules[slot].Length == 0)
        {
            var given = frame.Values[slot];
            return !given.IsKnown ? Truth.Unknown : given.Number != 0 ? Truth.True : Truth.False;
        }
        var result = Truth.False;
        foreach (int rule in concludingRules[slot])
        {
            var truth = RuleTruth(frame, rule);
            if (truth == Truth.True)
            {
                result = Truth.True;
                break;
            }
            if (truth == Truth.Unknown) result = Truth.Unknown;
        }
        frame.ConcludedTruth[slot] = (byte)(result + 1);
        return result;
    }

    /// <summary>A score's value, computed once per profile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public NumberState ScoreValue(EvaluationFrame frame, int score, out Interval value)
    {
        byte cached = frame.ScoreState[score];
        if (cached != 0)
        {
            value = frame.ScoreValue[score];
            return (NumberState)(cached - 1);
        }
        var state = Scores[score].Eval(frame, out value);
        frame.ScoreValue[score] = value;
        frame.ScoreState[score] = (byte)(state + 1);
        return state;
    }

    /// <summary>SPEC §4: for a score, descend into its expression (once per walk).</summary>
    public void CollectMissingOfScore(EvaluationFrame frame, int score, List<int> slots)
    {
        if (frame.ScoreVisited[score] == frame.Stamp) return;
        frame.ScoreVisited[score] = frame.Stamp;
        Scores[score].CollectMissing(frame, slots);
    }

    /// <summary>The facts that would narrow a score to one number, sorted by name, each once.</summary>
    public List<string> MissingOfScore(EvaluationFrame frame, int score)
    {
        frame.Stamp++;
        var slots = frame.MissingSlots;
        slots.Clear();
        Scores[score].CollectMissing(frame, slots);
        return SortedNames(slots);
    }

    /// <summary>The truth of a recommendation's <c>unless</c>; false when it has none.</summary>
    public Truth Contraindicated(EvaluationFrame frame, int recommendation) =>
        Contraindications[recommendation]?.Eval(frame) ?? Truth.False;

    /// <summary>The facts that would decide a recommendation's <c>unless</c>, sorted by name, each once (empty unless it is unknown).</summary>
    public List<string> MissingOfContraindication(EvaluationFrame frame, int recommendation)
    {
        var condition = Contraindications[recommendation];
        return condition is null || condition.Eval(frame) != Truth.Unknown ? new List<string>() : Missing(frame, condition);
    }

    /// <summary>SPEC §4: an unknown concluded fact contributes the missing facts of its undetermined rules.</summary>
    public void CollectMissingOfConcluded(EvaluationFrame frame, int slot, List<int> slots)
    {
        if (FactTruth(frame, slot) != Truth.Unknown) return;
        if (concludingRules[slot].Length == 0)
        {
            slots.Add(slot);
            return;
        }
        if (frame.Visited[slot] == frame.Stamp) return;
        frame.Visited[slot] = frame.Stamp;
        foreach (int rule in concludingRules[slot])
        {
            if (RuleTruth(frame, rule) == Truth.Unknown) Rules[rule].CollectMissing(frame, slots);
        }
    }

    /// <summary>The facts that would decide an undetermined rule, sorted by name, each once.</summary>
    public List<string> Missing(EvaluationFrame frame, int rule) => Missing(frame, Rules[rule]);

    /// <summary>The facts that would decide an unknown condition, sorted by name, each once.</summary>
    public List<string> Missing(EvaluationFrame frame, ConditionNode condition)
    {
        frame.Stamp++;
        var slots = frame.MissingSlots;
        slots.Clear();
        condition.CollectMissing(frame, slots);
        return SortedNames(slots);
    }

    /// <summary>The names of the facts in <paramref name="slots"/>, sorted, each once.</summary>
    private List<string> SortedNames(List<int> slots)
    {
        slots.Sort(byName);
        var names = new List<string>(slots.Count);
        for (int i = 0; i < slots.Count; i++)
        {
            if (i == 0 || slots[i] != slots[i - 1]) names.Add(Facts[slots[i]].Name);
        }
        return names;
    }
}
