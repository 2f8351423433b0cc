using BackPainRules.Semantics;
using BackPainRules.Syntax;

namespace BackPainRules.Evaluation;

// The evaluator: each rule's condition compiled (by ConditionCompiler) into a tree of these nodes.
// Every way of evaluating runs them: `rules eval`, --explain, `rules test`, the editor's hints. What a
// construct means is written once, here or in what these call: Kleene for and/or/not, Arithmetic for
// operators and comparisons, CompiledProgram for concluded facts.

/// <summary>A compiled condition: evaluates against a frame and, when unknown, names the facts that would decide it.</summary>
internal abstract class ConditionNode
{
    public abstract Truth Eval(EvaluationFrame frame);

    /// <summary>
    /// Adds the slots of the unknown facts this (unknown) condition reads, per SPEC §4: the walk goes
    /// down only into unknown parts, to the atoms, and an unknown concluded fact gives the missing facts
    /// of its undetermined rules.
    /// </summary>
    public abstract void CollectMissing(EvaluationFrame frame, List<int> slots);

    /// <summary>The parts an explanation shows one by one: the operands of <c>and</c>/<c>or</c>/<c>not</c>; none for an atom.</summary>
    public virtual IReadOnlyList<ConditionNode> Operands => [];

    protected static Truth Of(bool value) => Kleene.Of(value);
}

internal sealed class AndNode(ConditionNode[] operands) : ConditionNode
{
    public override IReadOnlyList<ConditionNode> Operands => operands;

    public override Truth Eval(EvaluationFrame frame)
    {
        var result = Kleene.AndIdentity;
        foreach (var operand in operands)
        {
            result = Kleene.And(result, operand.Eval(frame));
            if (result == Truth.False) break;
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
    public override IReadOnlyList<ConditionNode> Operands => operands;

    public override Truth Eval(EvaluationFrame frame)
    {
        var result = Kleene.OrIdentity;
        foreach (var operand in operands)
        {
            result = Kleene.Or(result, operand.Eval(frame));
            if (result == Truth.True) break;
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
    public override IReadOnlyList<ConditionNode> Operands => [operand];

    public override Truth Eval(EvaluationFrame frame) => Kleene.Not(operand.Eval(frame));

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
        return Of(Arithmetic.Compare(l, op, r));
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

    public override IReadOnlyList<ConditionNode> Operands => inner.Operands;
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
            if (!operands[i].TryEval(frame, out double x) || !Arithmetic.TryApply(operators[i], value, x, out value)) return false;
        }
        return true;
    }
}
