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

/// <summary><c>a and b</c> or <c>a or b</c>, the commonest shapes: two operands in fields rather than an array.</summary>
internal abstract class TwoOperandNode(ConditionNode left, ConditionNode right) : ConditionNode
{
    protected ConditionNode Left => left;

    protected ConditionNode Right => right;

    public override IReadOnlyList<ConditionNode> Operands => [left, right];

    public override void CollectMissing(EvaluationFrame frame, List<int> slots)
    {
        if (left.Eval(frame) == Truth.Unknown) left.CollectMissing(frame, slots);
        if (right.Eval(frame) == Truth.Unknown) right.CollectMissing(frame, slots);
    }
}

/// <summary><c>a and b</c>: decided as <see cref="AndNode"/> decides it, without the loop.</summary>
internal sealed class AndOfTwoNode(ConditionNode left, ConditionNode right) : TwoOperandNode(left, right)
{
    public override Truth Eval(EvaluationFrame frame)
    {
        var first = Left.Eval(frame);
        return first == Truth.False ? Truth.False : Kleene.And(first, Right.Eval(frame));
    }
}

/// <summary><c>a or b</c>: decided as <see cref="OrNode"/> decides it, without the loop.</summary>
internal sealed class OrOfTwoNode(ConditionNode left, ConditionNode right) : TwoOperandNode(left, right)
{
    public override Truth Eval(EvaluationFrame frame)
    {
        var first = Left.Eval(frame);
        return first == Truth.True ? Truth.True : Kleene.Or(first, Right.Eval(frame));
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
    public override Truth Eval(EvaluationFrame frame)
    {
        // Decided once per profile: after the first time, one load here rather than a call.
        byte cached = frame.ConcludedTruth[slot];
        return cached != 0 ? (Truth)(cached - 1) : program.DecideConcluded(frame, slot);
    }

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

/// <summary>
/// A comparison of two numeric expressions, each an interval (SPEC §4): decided as soon as the unknowns
/// can no longer change it; unknown while either side has no value.
/// </summary>
internal sealed class ComparisonNode(NumberNode left, ComparisonOperator op, NumberNode right) : ConditionNode
{
    public override Truth Eval(EvaluationFrame frame)
    {
        if (left.Eval(frame, out var l) != NumberState.Value || right.Eval(frame, out var r) != NumberState.Value) return Truth.Unknown;
        // Every fact known (the fast path, issue #12): two single numbers, compared as numbers.
        if (l.Low == l.High && r.Low == r.High) return Of(Arithmetic.Compare(l.Low, op, r.Low));
        return OfInterval(Arithmetic.Compare(l, op, r));
    }

    public override void CollectMissing(EvaluationFrame frame, List<int> slots) => CollectMissing(left, right, frame, slots);

    /// <summary>The truth of an interval comparison: null when the unknowns can still change it.</summary>
    public static Truth OfInterval(bool? holds) => holds switch
    {
        true => Truth.True,
        false => Truth.False,
        null => Truth.Unknown,
    };

    public static void CollectMissing(NumberNode left, NumberNode right, EvaluationFrame frame, List<int> slots)
    {
        // A side that can never have a value (a division by a known 0) leaves nothing to ask for.
        if (left.Eval(frame, out _) == NumberState.NoValueEver || right.Eval(frame, out _) == NumberState.NoValueEver) return;
        left.CollectMissing(frame, slots);
        right.CollectMissing(frame, slots);
    }
}

/// <summary>
/// A number fact compared with a number written in the rule (<c>pain_score &gt;= 8</c>), the commonest
/// comparison, in a node of its own for each operator: one load and one compare, where
/// <see cref="ComparisonNode"/> takes two calls for the sides and a switch on the operator. It decides
/// exactly as <see cref="ComparisonNode"/> does on the same sides (a number written first is turned
/// round by the compiler: <c>8 &lt;= x</c> is <c>x &gt;= 8</c>).
/// </summary>
internal sealed class FactComparisonNode<TOperator>(int slot, Interval range, double constant, NumberNode left, NumberNode right) : ConditionNode
    where TOperator : struct, IComparisonOperator
{
    public override Truth Eval(EvaluationFrame frame)
    {
        var value = frame.Values[slot];
        // Unknown, the fact is its declared range (SPEC §4), as FactNumberNode makes it.
        return value.IsKnown
            ? Of(Arithmetic.Compare(value.Number, TOperator.Operator, constant))
            : ComparisonNode.OfInterval(Arithmetic.Compare(range, TOperator.Operator, Interval.Of(constant)));
    }

    public override void CollectMissing(EvaluationFrame frame, List<int> slots) => ComparisonNode.CollectMissing(left, right, frame, slots);
}

/// <summary>A comparison operator as a type, so that a node made for it compares with the operator known when it is compiled.</summary>
internal interface IComparisonOperator
{
    static abstract ComparisonOperator Operator { get; }
}

internal readonly struct LessOperator : IComparisonOperator
{
    public static ComparisonOperator Operator => ComparisonOperator.Less;
}

internal readonly struct LessOrEqualOperator : IComparisonOperator
{
    public static ComparisonOperator Operator => ComparisonOperator.LessOrEqual;
}

internal readonly struct GreaterOperator : IComparisonOperator
{
    public static ComparisonOperator Operator => ComparisonOperator.Greater;
}

internal readonly struct GreaterOrEqualOperator : IComparisonOperator
{
    public static ComparisonOperator Operator => ComparisonOperator.GreaterOrEqual;
}

internal readonly struct EqualOperator : IComparisonOperator
{
    public static ComparisonOperator Operator => ComparisonOperator.Equal;
}

internal readonly struct NotEqualOperator : IComparisonOperator
{
    public static ComparisonOperator Operator => ComparisonOperator.NotEqual;
}

/// <summary><c>known SCORE</c>: whether the score's value is a single number.</summary>
internal sealed class KnownScoreNode(CompiledProgram program, int score) : ConditionNode
{
    public override Truth Eval(EvaluationFrame frame) =>
        Of(program.ScoreValue(frame, score, out var value) == NumberState.Value && value.IsSingle);

    public override void CollectMissing(EvaluationFrame frame, List<int> slots)
    {
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

/// <summary>
/// A compiled numeric expression: an interval (a single number once what it reads is known), or no
/// value (SPEC §4). When its value is not a single number it names the unknown facts that could make it one.
/// </summary>
internal abstract class NumberNode
{
    public abstract NumberState Eval(EvaluationFrame frame, out Interval value);

    /// <summary>Adds the slots of the unknown facts the expression reads, skipping parts that are already one number (SPEC §4).</summary>
    public void CollectMissing(EvaluationFrame frame, List<int> slots)
    {
        if (Eval(frame, out var value) == NumberState.Value && value.IsSingle) return;
        CollectMissingOfParts(frame, slots);
    }

    protected abstract void CollectMissingOfParts(EvaluationFrame frame, List<int> slots);
}

internal sealed class ConstantNumberNode(double constant) : NumberNode
{
    public override NumberState Eval(EvaluationFrame frame, out Interval value)
    {
        value = Interval.Of(constant);
        return NumberState.Value;
    }

    protected override void CollectMissingOfParts(EvaluationFrame frame, List<int> slots)
    {
    }
}

/// <summary>A number fact: its value, or while unknown its declared range.</summary>
internal sealed class FactNumberNode(int slot, Interval range) : NumberNode
{
    public int Slot => slot;

    public Interval Range => range;

    public override NumberState Eval(EvaluationFrame frame, out Interval value)
    {
        var fact = frame.Values[slot];
        value = fact.IsKnown ? Interval.Of(fact.Number) : range;
        return NumberState.Value;
    }

    protected override void CollectMissingOfParts(EvaluationFrame frame, List<int> slots)
    {
        if (!frame.Values[slot].IsKnown) slots.Add(slot);
    }
}

internal sealed class ScoreNumberNode(CompiledProgram program, int score) : NumberNode
{
    public override NumberState Eval(EvaluationFrame frame, out Interval value) => program.ScoreValue(frame, score, out value);

    protected override void CollectMissingOfParts(EvaluationFrame frame, List<int> slots) => program.CollectMissingOfScore(frame, score, slots);
}

/// <summary><c>count of (...)</c>: <c>t..t+u</c> for <c>t</c> true and <c>u</c> unknown conditions.</summary>
internal sealed class CountNode(ConditionNode[] conditions) : NumberNode
{
    public override NumberState Eval(EvaluationFrame frame, out Interval value)
    {
        int yes = 0, unknown = 0;
        foreach (var condition in conditions)
        {
            switch (condition.Eval(frame))
            {
                case Truth.True: yes++; break;
                case Truth.Unknown: unknown++; break;
                case Truth.False: break;
            }
        }
        value = new Interval(yes, yes + unknown);
        return NumberState.Value;
    }

    protected override void CollectMissingOfParts(EvaluationFrame frame, List<int> slots)
    {
        foreach (var condition in conditions)
        {
            if (condition.Eval(frame) == Truth.Unknown) condition.CollectMissing(frame, slots);
        }
    }
}

internal sealed class NegateNumberNode(NumberNode operand) : NumberNode
{
    public override NumberState Eval(EvaluationFrame frame, out Interval value)
    {
        var state = operand.Eval(frame, out value);
        value = Arithmetic.Negate(value);
        return state;
    }

    protected override void CollectMissingOfParts(EvaluationFrame frame, List<int> slots) => operand.CollectMissing(frame, slots);
}

internal sealed class ChainNumberNode(NumberNode first, ArithmeticOperator[] operators, NumberNode[] operands) : NumberNode
{
    public override NumberState Eval(EvaluationFrame frame, out Interval value)
    {
        var state = first.Eval(frame, out value);
        for (int i = 0; i < operands.Length; i++)
        {
            var operandState = operands[i].Eval(frame, out var x);
            // No value stays no value; "never" wins over "not yet", since more facts cannot undo it.
            if (state != NumberState.Value || operandState != NumberState.Value)
            {
                state = (NumberState)Math.Max((byte)state, (byte)operandState);
                continue;
            }
            state = Arithmetic.Apply(operators[i], value, x, out value);
        }
        return state;
    }

    /// <summary>
    /// The chain is flat, but <c>a op1 b op2 c</c> means <c>(a op1 b) op2 c</c>: each prefix is a
    /// sub-expression of its own, and one that is already a single number (<c>0 * z + q</c>) adds nothing.
    /// So the walk goes from the last operand back, stopping at the first prefix that is one number.
    /// </summary>
    protected override void CollectMissingOfParts(EvaluationFrame frame, List<int> slots)
    {
        // prefixSingle[i]: whether first op1 x1 ... op_i x_i is one number.
        Span<bool> prefixSingle = operands.Length < 64 ? stackalloc bool[operands.Length + 1] : new bool[operands.Length + 1];
        var state = first.Eval(frame, out var value);
        prefixSingle[0] = state == NumberState.Value && value.IsSingle;
        for (int i = 0; i < operands.Length; i++)
        {
            var operandState = operands[i].Eval(frame, out var x);
            state = state != NumberState.Value || operandState != NumberState.Value
                ? (NumberState)Math.Max((byte)state, (byte)operandState)
                : Arithmetic.Apply(operators[i], value, x, out value);
            prefixSingle[i + 1] = state == NumberState.Value && value.IsSingle;
        }
        for (int i = operands.Length - 1; i >= 0; i--)
        {
            operands[i].CollectMissing(frame, slots);
            if (prefixSingle[i]) return;
        }
        first.CollectMissing(frame, slots);
    }
}
