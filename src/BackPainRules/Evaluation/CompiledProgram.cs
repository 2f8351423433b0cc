using System.Buffers;
using System.Collections.Immutable;
using System.Numerics;
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

    /// <summary>This thread's frame, reset for a new profile (for the second tier when <paramref name="forSecondTier"/>: see <see cref="EvaluationFrame.ResetForSecondTier"/>).</summary>
    public EvaluationFrame Frame(Profiles.FactValue[] values, bool forSecondTier = false)
    {
        var frame = frames.Value!;
        if (forSecondTier) frame.ResetForSecondTier(values);
        else frame.Reset(values);
        return frame;
    }

    public Truth RuleTruth(EvaluationFrame frame, int rule)
    {
        byte cached = frame.RuleTruth[rule];
        if (cached != 0) return (Truth)(cached - 1);
        var truth = Rules[rule].Eval(frame);
        frame.RuleTruth[rule] = (byte)(truth + 1);
        return truth;
    }

    /// <summary>A bool fact's truth: for a concluded fact what its rules decide (SPEC §4: they alone define it), else the profile's value.</summary>
    public Truth FactTruth(EvaluationFrame frame, int slot)
    {
        if (concludingRules[slot].Length == 0)
        {
            var given = frame.Values[slot];
            return !given.IsKnown ? Truth.Unknown : given.Number != 0 ? Truth.True : Truth.False;
        }
        byte cached = frame.ConcludedTruth[slot];
        return cached != 0 ? (Truth)(cached - 1) : DecideConcluded(frame, slot);
    }

    /// <summary>A concluded fact's truth, decided from its rules for the first time in this profile and kept.</summary>
    public Truth DecideConcluded(EvaluationFrame frame, int slot)
    {
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
