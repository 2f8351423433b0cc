using BackPainRules.Evaluation;
using BackPainRules.Profiles;
using BackPainRules.Syntax;

namespace BackPainRules.Compilation;

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

    public int Stamp;

    /// <summary>The slots of one undetermined rule's missing facts while they are collected.</summary>
    public readonly List<int> MissingSlots = new();

    /// <summary>The indexes of the rules that fired, filled from the start by the evaluator.</summary>
    public readonly int[] FiredRules;

    /// <summary>The result assembly's counters for this thread, made on first use.</summary>
    public Evaluation.ResultAssembly.Scratch? ResultScratch;

    public void Reset(FactValue[] values)
    {
        Values = values;
        Array.Clear(RuleTruth);
        Array.Clear(ConcludedTruth);
        Array.Clear(Shared);
    }
}

/// <summary>A compiled condition: evaluates against a frame and, when unknown, names the facts that would decide it.</summary>
internal abstract class ConditionNode
{
    public abstract Truth Eval(EvaluationFrame frame);

    /// <summary>Adds the slots of the unknown facts this (unknown) condition reads, per SPEC §4.</summary>
    public abstract void CollectMissing(EvaluationFrame frame, List<int> slots);

    protected static Truth Of(bool value) => value ? Truth.True : Truth.False;
}

internal sealed class AndNode(ConditionNode[] operands) : ConditionNode
{
    public override Truth Eval(EvaluationFrame frame)
    {
        var result = Truth.True;
        foreach (var operand in operands)
        {
            var truth = operand.Eval(frame);
            if (truth == Truth.False) return Truth.False;
            if (truth == Truth.Unknown) result = Truth.Unknown;
        }
        return result;
    }

    public override void CollectMissing(EvaluationFrame frame, List<int> slots)
    {
        foreach (var operand in operands)
        {
            if (operand.Eval(frame) == Truth.Unknown) operand.CollectMissing(frame, slots);
        }
    }
}

internal sealed class OrNode(ConditionNode[] operands) : ConditionNode
{
    public override Truth Eval(EvaluationFrame frame)
    {
        var result = Truth.False;
        foreach (var operand in operands)
        {
            var truth = operand.Eval(frame);
            if (truth == Truth.True) return Truth.True;
            if (truth == Truth.Unknown) result = Truth.Unknown;
        }
        return result;
    }

    public override void CollectMissing(EvaluationFrame frame, List<int> slots)
    {
        foreach (var operand in operands)
        {
            if (operand.Eval(frame) == Truth.Unknown) operand.CollectMissing(frame, slots);
        }
    }
}

internal sealed class NotNode(ConditionNode operand) : ConditionNode
{
    public override Truth Eval(EvaluationFrame frame) => operand.Eval(frame) switch
    {
        Truth.True => Truth.False,
        Truth.False => Truth.True,
        _ => Truth.Unknown,
    };

    public override void CollectMissing(EvaluationFrame frame, List<int> slots) => operand.CollectMissing(frame, slots);
}

internal sealed class ConstantNode(bool value) : ConditionNode
{
    public override Truth Eval(EvaluationFrame frame) => Of(value);

    public override void CollectMissing(EvaluationFrame frame, List<int> slots)
    {
    }
}

/// <summary>A bool fact no rule concludes: the profile's value or unknown.</summary>
internal sealed class GivenFactNode(int slot) : ConditionNode
{
    public override Truth Eval(EvaluationFrame frame)
    {
        var value = frame.Values[slot];
        return value.IsKnown ? Of(value.Number != 0) : Truth.Unknown;
    }

    public override void CollectMissing(EvaluationFrame frame, List<int> slots) => slots.Add(slot);
}

/// <summary>A bool fact some rule concludes: the profile's value if given, else what its rules decide.</summary>
internal sealed class ConcludedFactNode(CompiledProgram program, int slot) : ConditionNode
{
    public override Truth Eval(EvaluationFrame frame) => program.FactTruth(frame, slot);

    public override void CollectMissing(EvaluationFrame frame, List<int> slots) => program.CollectMissingOfConcluded(frame, slot, slots);
}

internal sealed class KnownNode(CompiledProgram program, int slot, bool concluded) : ConditionNode
{
    public override Truth Eval(EvaluationFrame frame) =>
        Of(concluded ? program.FactTruth(frame, slot) != Truth.Unknown : frame.Values[slot].IsKnown);

    public override void CollectMissing(EvaluationFrame frame, List<int> slots)
    {
    }
}

/// <summary><c>is</c>, <c>in</c> (and, negated, <c>is not</c>) on a <c>one of</c> fact; <c>has</c> on an <c>any of</c> fact.</summary>
internal sealed class ValuesNode(int slot, ulong mask) : ConditionNode
{
    public override Truth Eval(EvaluationFrame frame)
    {
        var value = frame.Values[slot];
        return value.IsKnown ? Of((value.Values & mask) != 0) : Truth.Unknown;
    }

    public override void CollectMissing(EvaluationFrame frame, List<int> slots) => slots.Add(slot);
}

internal sealed class ComparisonNode(NumberNode left, ComparisonOperator op, NumberNode right, int[] factSlots) : ConditionNode
{
    public override Truth Eval(EvaluationFrame frame)
    {
        if (!left.TryEval(frame, out double l) || !right.TryEval(frame, out double r)) return Truth.Unknown;
        return Of(Comparisons.Holds(l, op, r));
    }

    public override void CollectMissing(EvaluationFrame frame, List<int> slots)
    {
        foreach (int slot in factSlots)
        {
            if (!frame.Values[slot].IsKnown) slots.Add(slot);
        }
    }
}

/// <summary>A sub-condition written more than once in the rule set: decided once per profile.</summary>
internal sealed class SharedNode(ConditionNode inner, int index) : ConditionNode
{
    public override Truth Eval(EvaluationFrame frame)
    {
        byte cached = frame.Shared[index];
        if (cached != 0) return (Truth)(cached - 1);
        var truth = inner.Eval(frame);
        frame.Shared[index] = (byte)(truth + 1);
        return truth;
    }

    public override void CollectMissing(EvaluationFrame frame, List<int> slots) => inner.CollectMissing(frame, slots);
}

/// <summary>A compiled numeric expression; false when a fact it reads is unknown or it divides by zero.</summary>
internal abstract class NumberNode
{
    public abstract bool TryEval(EvaluationFrame frame, out double value);
}

internal sealed class ConstantNumberNode(double constant) : NumberNode
{
    public override bool TryEval(EvaluationFrame frame, out double value)
    {
        value = constant;
        return true;
    }
}

internal sealed class FactNumberNode(int slot) : NumberNode
{
    public override bool TryEval(EvaluationFrame frame, out double value)
    {
        var fact = frame.Values[slot];
        value = fact.Number;
        return fact.IsKnown;
    }
}

internal sealed class NegateNumberNode(NumberNode operand) : NumberNode
{
    public override bool TryEval(EvaluationFrame frame, out double value)
    {
        bool known = operand.TryEval(frame, out value);
        value = -value;
        return known;
    }
}

internal sealed class ChainNumberNode(NumberNode first, ArithmeticOperator[] operators, NumberNode[] operands) : NumberNode
{
    public override bool TryEval(EvaluationFrame frame, out double value)
    {
        if (!first.TryEval(frame, out value)) return false;
        for (int i = 0; i < operands.Length; i++)
        {
            if (!operands[i].TryEval(frame, out double x)) return false;
            switch (operators[i])
            {
                case ArithmeticOperator.Add: value += x; break;
                case ArithmeticOperator.Subtract: value -= x; break;
                case ArithmeticOperator.Multiply: value *= x; break;
                default:
                    if (x == 0) return false;
                    value /= x;
                    break;
            }
        }
        return true;
    }
}
