using BackPainRules.Profiles;
using BackPainRules.Semantics;

namespace BackPainRules.Evaluation;

/// <summary>
/// Per-evaluation scratch space: the profile's slots and the memo of everything decided so far.
/// One frame per thread is reused, so evaluating allocates nothing here.
/// </summary>
internal sealed class EvaluationFrame
{
    public EvaluationFrame(CompiledProgram program)
    {
        RuleTruth = new byte[program.Rules.Length];
        ConcludedTruth = new byte[program.FactCount];
        Shared = new byte[program.SharedCount];
        Visited = new int[program.FactCount];
        FiredRules = new int[program.Rules.Length];
        FiredBits = new ulong[(program.Rules.Length + 63) >> 6];
        UnknownRules = new int[program.Rules.Length];
        ScoreState = new byte[program.Scores.Length];
        ScoreValue = new Interval[program.Scores.Length];
        ScoreVisited = new int[program.Scores.Length];
    }

    public FactValue[] Values = Array.Empty<FactValue>();

    /// <summary>Per rule: 0 not decided yet, else truth + 1.</summary>
    public readonly byte[] RuleTruth;

    /// <summary>Per fact slot, for concluded facts the profile does not give: 0 not decided yet, else truth + 1.</summary>
    public readonly byte[] ConcludedTruth;

    /// <summary>Per shared sub-condition: 0 not decided yet, else truth + 1.</summary>
    public readonly byte[] Shared;

    /// <summary>Stamps for "already descended into this concluded fact" while collecting missing facts.</summary>
    public readonly int[] Visited;

    /// <summary>Per score: 0 not computed yet, else its <see cref="NumberState"/> + 1.</summary>
    public readonly byte[] ScoreState;

    /// <summary>Per score: its value, once computed.</summary>
    public readonly Interval[] ScoreValue;

    /// <summary>Stamps for "already descended into this score" while collecting missing facts.</summary>
    public readonly int[] ScoreVisited;

    public int Stamp;

    /// <summary>The slots of one undetermined rule's missing facts while they are collected.</summary>
    public readonly List<int> MissingSlots = new();

    /// <summary>The indexes of the rules that fired, filled from the start by the evaluator.</summary>
    public readonly int[] FiredRules;

    /// <summary>The rules that fired as a bit set (bit r of word r / 64), when the second tier decided them all.</summary>
    public readonly ulong[] FiredBits;

    /// <summary>The indexes of the undetermined rules, filled from the start by the evaluator.</summary>
    public readonly int[] UnknownRules;

    /// <summary>The result assembly's counters for this thread, made on first use.</summary>
    public ResultAssembly.Scratch? ResultScratch;

    /// <summary>Starts a new profile: nothing decided yet.</summary>
    public void Reset(FactValue[] values)
    {
        ResetForSecondTier(values);
        ClearDecided();
    }

    /// <summary>
    /// Starts a new profile that the second tier decides first. It writes every rule's, concluded fact's and score's
    /// memo, so only the rest is cleared; if it stops part way, <see cref="ClearDecided"/> before the nodes go on.
    /// </summary>
    public void ResetForSecondTier(FactValue[] values)
    {
        Values = values;
        Shared.AsSpan().Clear();
    }

    /// <summary>Forgets every rule's, concluded fact's and score's memo.</summary>
    public void ClearDecided()
    {
        RuleTruth.AsSpan().Clear();
        ConcludedTruth.AsSpan().Clear();
        ScoreState.AsSpan().Clear();
    }
}
