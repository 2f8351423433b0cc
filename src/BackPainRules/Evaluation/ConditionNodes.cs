using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using BackPainRules.Semantics;
using BackPainRules.Syntax;

namespace BackPainRules.Evaluation;

// The evaluator: each rule's condition compiled (by ConditionCompiler) into a tree of these nodes.
// Every way of evaluating runs them: `rules eval`, --explain, `rules test`, the editor's hints. What a
// construct means is written once, here or in what these call: Kleene for and/or/not, Arithmetic for
// operators and comparisons, CompiledProgram for concluded facts.
//
// Each node can also write itself out as code (Emit, for the compiled tier: CompiledRules): the same
// helpers called in the same order, with the loops over operands unrolled and the node's fields baked in
// as constants. Emit is abstract, so a new node does not build until it has code too. Code that holds a
// value on the IL stack must not contain a jump, so an emitted operand is stored in a local before it is
// combined with anything: only its own blocks jump, and always with an empty stack.

/// <summary>A compiled condition: evaluates against a frame and, when unknown, names the facts that would decide it.</summary>
internal abstract class ConditionNode
{
    public abstract Truth Eval(EvaluationFrame frame);

    /// <summary>Code computing what <see cref="Eval"/> returns, as a <see cref="Truth"/>-typed expression over <paramref name="context"/>'s parameters.</summary>
    public abstract Expression Emit(ConditionEmitContext context);

    /// <summary>
    /// Adds the slots of the unknown facts this (unknown) condition reads, per SPEC §4: the walk goes
    /// down only into unknown parts, to the atoms, and an unknown concluded fact gives the missing facts
    /// of its undetermined rules.
    /// </summary>
    public abstract void CollectMissing(EvaluationFrame frame, List<int> slots);

    /// <summary>The parts an explanation shows one by one: the operands of <c>and</c>/<c>or</c>/<c>not</c>; none for an atom.</summary>
    public virtual IReadOnlyList<ConditionNode> Operands => [];

    protected static Truth Of(bool value) => Kleene.Of(value);

    /// <summary>
    /// <see cref="AndNode"/>'s and <see cref="OrNode"/>'s loop written out: from the identity, combine each
    /// operand in turn, and leave as soon as the result is <paramref name="decisive"/>.
    /// </summary>
    protected static Expression EmitJunction(ConditionEmitContext context, ConditionNode[] operands, Truth identity, MethodInfo combine, Truth decisive)
    {
        context.Count();
        var result = Expression.Variable(typeof(Truth), "result");
        var operandTruth = Expression.Variable(typeof(Truth), "operand");
        var end = Expression.Label("end");
        var body = new List<Expression>(operands.Length * 3 + 3) { Expression.Assign(result, ConditionEmitContext.Constant(identity)) };
        foreach (var operand in operands)
        {
            body.Add(Expression.Assign(operandTruth, operand.Emit(context)));
            body.Add(Expression.Assign(result, Expression.Call(combine, result, operandTruth)));
            body.Add(Expression.IfThen(Expression.Equal(result, ConditionEmitContext.Constant(decisive)), Expression.Goto(end)));
        }
        body.Add(Expression.Label(end));
        body.Add(result);
        return Expression.Block(typeof(Truth), [result, operandTruth], body);
    }
}

internal sealed class AndNode(ConditionNode[] operands) : ConditionNode
{
    public override IReadOnlyList<ConditionNode> Operands => operands;

    // Hot in every batch: compiled fully optimised at once (see BatchEvaluator.PrepareInBackground).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    public override Expression Emit(ConditionEmitContext context) =>
        EmitJunction(context, operands, Kleene.AndIdentity, ConditionEmitContext.KleeneAnd, decisive: Truth.False);

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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    public override Expression Emit(ConditionEmitContext context) =>
        EmitJunction(context, operands, Kleene.OrIdentity, ConditionEmitContext.KleeneOr, decisive: Truth.True);

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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Truth Eval(EvaluationFrame frame) => Kleene.Not(operand.Eval(frame));

    public override Expression Emit(ConditionEmitContext context)
    {
        context.Count();
        return Expression.Call(ConditionEmitContext.KleeneNot, operand.Emit(context));
    }

    public override void CollectMissing(EvaluationFrame frame, List<int> slots) => operand.CollectMissing(frame, slots);
}

internal sealed class ConstantNode(bool value) : ConditionNode
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Truth Eval(EvaluationFrame frame) => Of(value);

    public override Expression Emit(ConditionEmitContext context)
    {
        context.Count();
        return ConditionEmitContext.Constant(Of(value));
    }

    public override void CollectMissing(EvaluationFrame frame, List<int> slots)
    {
    }
}

/// <summary>A bool fact no rule concludes: the profile's value or unknown.</summary>
internal sealed class GivenFactNode(int slot) : ConditionNode
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Truth Eval(EvaluationFrame frame)
    {
        var value = frame.Values[slot];
        return value.IsKnown ? Of(value.Number != 0) : Truth.Unknown;
    }

    public override Expression Emit(ConditionEmitContext context)
    {
        context.Count();
        return Expression.Condition(context.IsKnown(slot),
            ConditionEmitContext.TruthOf(Expression.NotEqual(context.Number(slot), Expression.Constant(0.0))),
            ConditionEmitContext.Constant(Truth.Unknown));
    }

    public override void CollectMissing(EvaluationFrame frame, List<int> slots) => slots.Add(slot);
}

/// <summary>A bool fact some rule concludes: the profile's value if given, else what its rules decide.</summary>
internal sealed class ConcludedFactNode(CompiledProgram program, int slot) : ConditionNode
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Truth Eval(EvaluationFrame frame) => program.FactTruth(frame, slot);

    public override Expression Emit(ConditionEmitContext context)
    {
        context.Count();
        return context.FactTruth(slot);
    }

    public override void CollectMissing(EvaluationFrame frame, List<int> slots) => program.CollectMissingOfConcluded(frame, slot, slots);
}

internal sealed class KnownNode(CompiledProgram program, int slot, bool concluded) : ConditionNode
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Truth Eval(EvaluationFrame frame) =>
        Of(concluded ? program.FactTruth(frame, slot) != Truth.Unknown : frame.Values[slot].IsKnown);

    public override Expression Emit(ConditionEmitContext context)
    {
        context.Count();
        return ConditionEmitContext.TruthOf(concluded
            ? Expression.NotEqual(context.FactTruth(slot), ConditionEmitContext.Constant(Truth.Unknown))
            : context.IsKnown(slot));
    }

    public override void CollectMissing(EvaluationFrame frame, List<int> slots)
    {
    }
}

/// <summary><c>is</c>, <c>in</c> (and, negated, <c>is not</c>) on a <c>one of</c> fact; <c>has</c> on an <c>any of</c> fact.</summary>
internal sealed class ValuesNode(int slot, ulong mask) : ConditionNode
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Truth Eval(EvaluationFrame frame)
    {
        var value = frame.Values[slot];
        return value.IsKnown ? Of((value.Values & mask) != 0) : Truth.Unknown;
    }

    public override Expression Emit(ConditionEmitContext context)
    {
        context.Count();
        return Expression.Condition(context.IsKnown(slot),
            ConditionEmitContext.TruthOf(Expression.NotEqual(Expression.And(context.ValueBits(slot), Expression.Constant(mask)), Expression.Constant(0UL))),
            ConditionEmitContext.Constant(Truth.Unknown));
    }

    public override void CollectMissing(EvaluationFrame frame, List<int> slots) => slots.Add(slot);
}

/// <summary>
/// A comparison of two numeric expressions, each an interval (SPEC §4): decided as soon as the unknowns
/// can no longer change it; unknown while either side has no value.
/// </summary>
internal sealed class ComparisonNode(NumberNode left, ComparisonOperator op, NumberNode right) : ConditionNode
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Truth Eval(EvaluationFrame frame)
    {
        if (left.Eval(frame, out var l) != NumberState.Value || right.Eval(frame, out var r) != NumberState.Value) return Truth.Unknown;
        return Decide(l, op, r);
    }

    /// <summary>
    /// The comparison of two sides that have values. Called, not inlined, from generated code: inlined at
    /// every comparison it made the code of large rule sets several times slower (the code outgrew the caches).
    /// </summary>
    public static Truth Decide(Interval left, ComparisonOperator op, Interval right)
    {
        // Every fact known (the fast path, issue #12): two single numbers, compared as numbers.
        if (left.Low == left.High && right.Low == right.High) return Of(Arithmetic.Compare(left.Low, op, right.Low));
        return Arithmetic.Compare(left, op, right) switch
        {
            true => Truth.True,
            false => Truth.False,
            null => Truth.Unknown,
        };
    }

    private static readonly MethodInfo DecideMethod = typeof(ComparisonNode).GetMethod(nameof(Decide))!;

    public override Expression Emit(ConditionEmitContext context)
    {
        context.Count();
        // The commonest comparison, a number fact against a constant: while the fact is unknown its side
        // is its declared range, so the outcome is known now and baked in.
        if (left is FactNumberNode fact && right is ConstantNumberNode constant)
        {
            context.Count();
            context.Count();
            var number = context.Number(fact.Slot);
            return Expression.Condition(context.IsKnown(fact.Slot),
                Expression.Call(DecideMethod, ConditionEmitContext.NewInterval(number, number), Expression.Constant(op), ConditionEmitContext.NewInterval(Interval.Of(constant.Constant))),
                ConditionEmitContext.Constant(Decide(fact.Range, op, Interval.Of(constant.Constant))));
        }
        var l = Expression.Variable(typeof(Interval), "left");
        var r = Expression.Variable(typeof(Interval), "right");
        var hasValue = ConditionEmitContext.Constant(NumberState.Value);
        var unknown = ConditionEmitContext.Constant(Truth.Unknown);
        // As Eval: the right side only once the left has a value.
        return Expression.Block(typeof(Truth), [l, r],
            Expression.Condition(Expression.NotEqual(left.Emit(context, l), hasValue), unknown,
                Expression.Condition(Expression.NotEqual(right.Emit(context, r), hasValue), unknown,
                    Expression.Call(DecideMethod, l, Expression.Constant(op), r))));
    }

    public override void CollectMissing(EvaluationFrame frame, List<int> slots)
    {
        // A side that can never have a value (a division by a known 0) leaves nothing to ask for.
        if (left.Eval(frame, out _) == NumberState.NoValueEver || right.Eval(frame, out _) == NumberState.NoValueEver) return;
        left.CollectMissing(frame, slots);
        right.CollectMissing(frame, slots);
    }
}

/// <summary><c>known SCORE</c>: whether the score's value is a single number.</summary>
internal sealed class KnownScoreNode(CompiledProgram program, int score) : ConditionNode
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Truth Eval(EvaluationFrame frame) =>
        Of(program.ScoreValue(frame, score, out var value) == NumberState.Value && value.IsSingle);

    public override Expression Emit(ConditionEmitContext context)
    {
        context.Count();
        var value = Expression.Variable(typeof(Interval), "score");
        return Expression.Block(typeof(Truth), [value],
            ConditionEmitContext.TruthOf(Expression.AndAlso(
                Expression.Equal(context.ScoreValue(score, value), ConditionEmitContext.Constant(NumberState.Value)),
                Expression.Property(value, nameof(Interval.IsSingle)))));
    }

    public override void CollectMissing(EvaluationFrame frame, List<int> slots)
    {
    }
}

/// <summary>A sub-condition written more than once in the rule set: decided once per profile.</summary>
internal sealed class SharedNode(ConditionNode inner, int index) : ConditionNode
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override Truth Eval(EvaluationFrame frame)
    {
        byte cached = frame.Shared[index];
        if (cached != 0) return (Truth)(cached - 1);
        var truth = inner.Eval(frame);
        frame.Shared[index] = (byte)(truth + 1);
        return truth;
    }

    /// <summary>The inner condition inlined at every place it is used, each time behind the same cache check.</summary>
    public override Expression Emit(ConditionEmitContext context)
    {
        context.Count();
        var cached = Expression.Variable(typeof(byte), "cached");
        var truth = Expression.Variable(typeof(Truth), "truth");
        var cache = Expression.ArrayAccess(Expression.Field(context.Frame, nameof(EvaluationFrame.Shared)), Expression.Constant(index));
        return Expression.Block(typeof(Truth), [cached, truth],
            Expression.Assign(cached, cache),
            Expression.IfThenElse(Expression.NotEqual(cached, Expression.Constant((byte)0)),
                Expression.Assign(truth, ConditionEmitContext.DecodeMemo(cached)),
                Expression.Block(
                    Expression.Assign(truth, inner.Emit(context)),
                    Expression.Assign(cache, ConditionEmitContext.EncodeMemo(truth)))),
            truth);
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

    /// <summary>
    /// Code doing what <see cref="Eval"/> does: a <see cref="NumberState"/>-typed expression that also assigns
    /// the value to <paramref name="value"/> (a local of the caller's).
    /// </summary>
    public abstract Expression Emit(ConditionEmitContext context, ParameterExpression value);

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
    public double Constant => constant;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override NumberState Eval(EvaluationFrame frame, out Interval value)
    {
        value = Interval.Of(constant);
        return NumberState.Value;
    }

    public override Expression Emit(ConditionEmitContext context, ParameterExpression value)
    {
        context.Count();
        return Expression.Block(
            Expression.Assign(value, ConditionEmitContext.NewInterval(Interval.Of(constant))),
            ConditionEmitContext.Constant(NumberState.Value));
    }

    protected override void CollectMissingOfParts(EvaluationFrame frame, List<int> slots)
    {
    }
}

/// <summary>A number fact: its value, or while unknown its declared range.</summary>
internal sealed class FactNumberNode(int slot, Interval range) : NumberNode
{
    public int Slot => slot;

    /// <summary>Its value while unknown.</summary>
    public Interval Range => range;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override NumberState Eval(EvaluationFrame frame, out Interval value)
    {
        var fact = frame.Values[slot];
        value = fact.IsKnown ? Interval.Of(fact.Number) : range;
        return NumberState.Value;
    }

    public override Expression Emit(ConditionEmitContext context, ParameterExpression value)
    {
        context.Count();
        var number = context.Number(slot);
        return Expression.Block(
            Expression.Assign(value, Expression.Condition(context.IsKnown(slot),
                ConditionEmitContext.NewInterval(number, number),
                ConditionEmitContext.NewInterval(range))),
            ConditionEmitContext.Constant(NumberState.Value));
    }

    protected override void CollectMissingOfParts(EvaluationFrame frame, List<int> slots)
    {
        if (!frame.Values[slot].IsKnown) slots.Add(slot);
    }
}

internal sealed class ScoreNumberNode(CompiledProgram program, int score) : NumberNode
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override NumberState Eval(EvaluationFrame frame, out Interval value) => program.ScoreValue(frame, score, out value);

    public override Expression Emit(ConditionEmitContext context, ParameterExpression value)
    {
        context.Count();
        return context.ScoreValue(score, value);
    }

    protected override void CollectMissingOfParts(EvaluationFrame frame, List<int> slots) => program.CollectMissingOfScore(frame, score, slots);
}

/// <summary><c>count of (...)</c>: <c>t..t+u</c> for <c>t</c> true and <c>u</c> unknown conditions.</summary>
internal sealed class CountNode(ConditionNode[] conditions) : NumberNode
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        value = Range(yes, unknown);
        return NumberState.Value;
    }

    /// <summary>The count's value for <paramref name="yes"/> true and <paramref name="unknown"/> unknown conditions.</summary>
    public static Interval Range(int yes, int unknown) => new(yes, yes + unknown);

    private static readonly MethodInfo RangeMethod = typeof(CountNode).GetMethod(nameof(Range))!;

    public override Expression Emit(ConditionEmitContext context, ParameterExpression value)
    {
        context.Count();
        var yes = Expression.Variable(typeof(int), "yes");
        var unknown = Expression.Variable(typeof(int), "unknown");
        var truth = Expression.Variable(typeof(Truth), "truth");
        var body = new List<Expression>(conditions.Length * 2 + 4)
        {
            Expression.Assign(yes, Expression.Constant(0)),
            Expression.Assign(unknown, Expression.Constant(0)),
        };
        foreach (var condition in conditions)
        {
            body.Add(Expression.Assign(truth, condition.Emit(context)));
            body.Add(Expression.IfThenElse(Expression.Equal(truth, ConditionEmitContext.Constant(Truth.True)),
                Expression.PreIncrementAssign(yes),
                Expression.IfThen(Expression.Equal(truth, ConditionEmitContext.Constant(Truth.Unknown)), Expression.PreIncrementAssign(unknown))));
        }
        body.Add(Expression.Assign(value, Expression.Call(RangeMethod, yes, unknown)));
        body.Add(ConditionEmitContext.Constant(NumberState.Value));
        return Expression.Block(typeof(NumberState), [yes, unknown, truth], body);
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override NumberState Eval(EvaluationFrame frame, out Interval value)
    {
        var state = operand.Eval(frame, out value);
        value = Arithmetic.Negate(value);
        return state;
    }

    public override Expression Emit(ConditionEmitContext context, ParameterExpression value)
    {
        context.Count();
        var state = Expression.Variable(typeof(NumberState), "state");
        return Expression.Block(typeof(NumberState), [state],
            Expression.Assign(state, operand.Emit(context, value)),
            Expression.Assign(value, Expression.Call(ConditionEmitContext.Negate, value)),
            state);
    }

    protected override void CollectMissingOfParts(EvaluationFrame frame, List<int> slots) => operand.CollectMissing(frame, slots);
}

internal sealed class ChainNumberNode(NumberNode first, ArithmeticOperator[] operators, NumberNode[] operands) : NumberNode
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override NumberState Eval(EvaluationFrame frame, out Interval value)
    {
        var state = first.Eval(frame, out value);
        for (int i = 0; i < operands.Length; i++)
        {
            var operandState = operands[i].Eval(frame, out var x);
            state = Step(operators[i], state, ref value, operandState, x);
        }
        return state;
    }

    /// <summary>One link of the chain: <c>value op operand</c>, or why there is no value.</summary>
    public static NumberState Step(ArithmeticOperator op, NumberState state, ref Interval value, NumberState operandState, Interval operand) =>
        // No value stays no value; "never" wins over "not yet", since more facts cannot undo it.
        state != NumberState.Value || operandState != NumberState.Value
            ? (NumberState)Math.Max((byte)state, (byte)operandState)
            : Arithmetic.Apply(op, value, operand, out value);

    private static readonly MethodInfo StepMethod = typeof(ChainNumberNode).GetMethod(nameof(Step))!;

    public override Expression Emit(ConditionEmitContext context, ParameterExpression value)
    {
        context.Count();
        var state = Expression.Variable(typeof(NumberState), "state");
        var operandState = Expression.Variable(typeof(NumberState), "operandState");
        var operand = Expression.Variable(typeof(Interval), "operand");
        var body = new List<Expression>(operands.Length * 2 + 2) { Expression.Assign(state, first.Emit(context, value)) };
        for (int i = 0; i < operands.Length; i++)
        {
            body.Add(Expression.Assign(operandState, operands[i].Emit(context, operand)));
            body.Add(Expression.Assign(state, Expression.Call(StepMethod, Expression.Constant(operators[i]), state, value, operandState, operand)));
        }
        body.Add(state);
        return Expression.Block(typeof(NumberState), [state, operandState, operand], body);
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
            state = Step(operators[i], state, ref value, operandState, x);
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
