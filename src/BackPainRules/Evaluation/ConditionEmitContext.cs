using System.Linq.Expressions;
using System.Reflection;
using BackPainRules.Profiles;
using BackPainRules.Semantics;

namespace BackPainRules.Evaluation;

/// <summary>
/// What the nodes' <c>Emit</c> methods build code with (the compiled tier, <see cref="CompiledRules"/>): the
/// parameters of the method being generated and the helpers every construct calls. The generated code calls
/// the same helpers the nodes do (<see cref="Kleene"/>, <see cref="Arithmetic"/>, the memos of
/// <see cref="CompiledProgram"/>), so what a construct means stays written once; only the control flow is
/// unrolled. Every value the code needs is a primitive constant or reached through the parameters: a
/// constant of any other type would be read out of the closure's object array on every use.
/// </summary>
internal sealed class ConditionEmitContext
{
    public ParameterExpression Program { get; } = Expression.Parameter(typeof(CompiledProgram), "program");

    public ParameterExpression Frame { get; } = Expression.Parameter(typeof(EvaluationFrame), "frame");

    /// <summary>A local holding <c>frame.Values</c>, read once at the start of the generated method.</summary>
    public ParameterExpression Values { get; } = Expression.Variable(typeof(FactValue[]), "values");

    /// <summary>How many nodes have emitted code so far (a shared sub-condition counts at every place it is inlined): the measure of a method's size.</summary>
    public int EmittedNodes { get; private set; }

    /// <summary>Called by every <c>Emit</c>, to measure the code.</summary>
    public void Count() => EmittedNodes++;

    public static Expression Constant(Truth truth) => truth switch
    {
        Truth.False => FalseConstant,
        Truth.True => TrueConstant,
        Truth.Unknown => UnknownConstant,
    };

    public static Expression Constant(NumberState state) => Expression.Constant(state);

    private static readonly Expression FalseConstant = Expression.Constant(Truth.False);
    private static readonly Expression TrueConstant = Expression.Constant(Truth.True);
    private static readonly Expression UnknownConstant = Expression.Constant(Truth.Unknown);

    /// <summary>The highest slot the code emitted since <see cref="StartRule"/> reads, -1 for none.</summary>
    public int HighestSlot { get; private set; } = -1;

    /// <summary>Starts measuring which slots a rule's code reads.</summary>
    public void StartRule() => HighestSlot = -1;

    /// <summary><c>values[slot]</c>, addressed in place (a struct, not copied).</summary>
    public Expression Slot(int slot)
    {
        HighestSlot = Math.Max(HighestSlot, slot);
        return Expression.ArrayAccess(Values, Expression.Constant(slot));
    }

    public Expression IsKnown(int slot) => Expression.Property(Slot(slot), nameof(FactValue.IsKnown));

    public Expression Number(int slot) => Expression.Property(Slot(slot), nameof(FactValue.Number));

    public Expression ValueBits(int slot) => Expression.Property(Slot(slot), nameof(FactValue.Values));

    /// <summary><see cref="Kleene.Of"/> of a bool.</summary>
    public static Expression TruthOf(Expression condition) => Expression.Call(KleeneOf, condition);

    public Expression FactTruth(int slot) => Expression.Call(Program, FactTruthMethod, Frame, Expression.Constant(slot));

    public Expression ScoreValue(int score, ParameterExpression value) =>
        Expression.Call(Program, ScoreValueMethod, Frame, Expression.Constant(score), value);

    /// <summary>An interval from two double expressions, built in the code rather than stored as a constant.</summary>
    public static Expression NewInterval(Expression low, Expression high) => Expression.New(IntervalConstructor, low, high);

    public static Expression NewInterval(Interval interval) =>
        NewInterval(Expression.Constant(interval.Low), Expression.Constant(interval.High));

    /// <summary>A memo byte (0 for not decided, else truth + 1) read as the truth it holds.</summary>
    public static Expression DecodeMemo(Expression memo) =>
        Expression.Convert(Expression.Subtract(Expression.Convert(memo, typeof(int)), Expression.Constant(1)), typeof(Truth));

    /// <summary>A truth as the memo byte that records it.</summary>
    public static Expression EncodeMemo(Expression truth) =>
        Expression.Convert(Expression.Add(Expression.Convert(truth, typeof(int)), Expression.Constant(1)), typeof(byte));

    public static readonly MethodInfo KleeneAnd = typeof(Kleene).GetMethod(nameof(Kleene.And))!;
    public static readonly MethodInfo KleeneOr = typeof(Kleene).GetMethod(nameof(Kleene.Or))!;
    public static readonly MethodInfo KleeneNot = typeof(Kleene).GetMethod(nameof(Kleene.Not))!;
    private static readonly MethodInfo KleeneOf = typeof(Kleene).GetMethod(nameof(Kleene.Of))!;
    public static readonly MethodInfo Negate = typeof(Arithmetic).GetMethod(nameof(Arithmetic.Negate))!;
    private static readonly MethodInfo FactTruthMethod = typeof(CompiledProgram).GetMethod(nameof(CompiledProgram.FactTruth))!;
    private static readonly MethodInfo ScoreValueMethod = typeof(CompiledProgram).GetMethod(nameof(CompiledProgram.ScoreValue))!;
    private static readonly ConstructorInfo IntervalConstructor = typeof(Interval).GetConstructor([typeof(double), typeof(double)])!;
}
