using System.Linq.Expressions;
using System.Reflection;
using BackPainRules.Evaluation;
using BackPainRules.Profiles;
using BackPainRules.Syntax;
using static System.Linq.Expressions.Expression;

namespace BackPainRules.Compilation;

/// <summary>
/// Turns each rule's compiled condition (the node tree) into straight-line code: a
/// <c>System.Linq.Expressions</c> lambda over the frame's fact slots, compiled to IL by .NET. The node
/// tree pays a virtual call per node, which the JIT cannot see through; the generated code reads the
/// slots, compares with the constants and branches on three-valued truth inline, and the JIT
/// optimises each rule as a whole.
/// </summary>
/// <remarks>
/// The code is generated from the node tree, not from rule text, and only decides truth: finding the
/// missing facts of an undetermined rule stays with the nodes (it is rare and not on the hot path).
/// Concluded facts still go through <see cref="CompiledProgram.FactTruth"/>, which decides them once
/// per profile. The differential tests hold the generated code to the reference evaluator.
/// </remarks>
internal sealed class ConditionCodeGenerator
{
    private static readonly MethodInfo FactTruthMethod = typeof(CompiledProgram).GetMethod(nameof(CompiledProgram.FactTruth))!;
    private static readonly MethodInfo HoldsMethod = typeof(Comparisons).GetMethod(nameof(Comparisons.Holds))!;
    private static readonly FieldInfo ValuesField = typeof(EvaluationFrame).GetField(nameof(EvaluationFrame.Values))!;
    private static readonly FieldInfo SharedField = typeof(EvaluationFrame).GetField(nameof(EvaluationFrame.Shared))!;
    private static readonly Expression True = Constant(Truth.True);
    private static readonly Expression False = Constant(Truth.False);
    private static readonly Expression Unknown = Constant(Truth.Unknown);

    private readonly CompiledProgram program;
    private readonly ParameterExpression frame = Parameter(typeof(EvaluationFrame), "frame");
    private readonly ParameterExpression values = Variable(typeof(FactValue[]), "values");

    private ConditionCodeGenerator(CompiledProgram program) => this.program = program;

    /// <summary>One compiled function per rule, in source order, deciding its condition from a frame.</summary>
    public static Func<EvaluationFrame, Truth>[] Generate(CompiledProgram program, ConditionNode[] rules)
    {
        var generator = new ConditionCodeGenerator(program);
        return rules.Select(generator.Compile).ToArray();
    }

    private Func<EvaluationFrame, Truth> Compile(ConditionNode condition)
    {
        var body = Block(typeof(Truth), new[] { values }, Assign(values, Field(frame, ValuesField)), TruthOf(condition));
        return Lambda<Func<EvaluationFrame, Truth>>(body, frame).Compile();
    }

    /// <summary>
    /// The truth of a node. Composite nodes become blocks whose jumps stay inside them, and every
    /// operand's truth is stored in a local first, so no jump ever leaves a value on the IL stack.
    /// </summary>
    private Expression TruthOf(ConditionNode node) => node switch
    {
        AndNode and => Junction(and.Operands, decisive: Truth.False, otherwise: Truth.True),
        OrNode or => Junction(or.Operands, decisive: Truth.True, otherwise: Truth.False),
        NotNode not => Not(not.Operand),
        ConstantNode constant => constant.Value ? True : False,
        GivenFactNode given => Condition(IsKnown(given.Slot), Condition(NotEqual(Number(given.Slot), Constant(0.0)), True, False), Unknown),
        ConcludedFactNode concluded => FactTruth(concluded.Slot),
        KnownNode { IsConcluded: true } known => Condition(NotEqual(FactTruth(known.Slot), Unknown), True, False),
        KnownNode known => Condition(IsKnown(known.Slot), True, False),
        ValuesNode valuesNode => Condition(IsKnown(valuesNode.Slot),
            Condition(NotEqual(And(Slot(valuesNode.Slot, nameof(FactValue.Values)), Constant(valuesNode.Mask)), Constant(0UL)), True, False),
            Unknown),
        ComparisonNode comparison => Comparison(comparison),
        SharedNode shared => Shared(shared),
        // A node this generator does not know is still right, only slower: it decides itself.
        _ => Call(Constant(node), typeof(ConditionNode).GetMethod(nameof(ConditionNode.Eval))!, frame),
    };

    /// <summary>
    /// <c>and</c> (decisive false) and <c>or</c> (decisive true) in Kleene logic, short-circuiting like the
    /// nodes: the first decisive operand ends it; otherwise unknown if any operand was unknown.
    /// </summary>
    private Expression Junction(ConditionNode[] operands, Truth decisive, Truth otherwise)
    {
        var result = Variable(typeof(Truth), "result");
        var operand = Variable(typeof(Truth), "operand");
        var end = Label(typeof(Truth), "end");
        var body = new List<Expression> { Assign(result, Constant(otherwise)) };
        foreach (var node in operands)
        {
            body.Add(Assign(operand, TruthOf(node)));
            body.Add(IfThen(Equal(operand, Constant(decisive)), Return(end, Constant(decisive))));
            body.Add(IfThen(Equal(operand, Unknown), Assign(result, Unknown)));
        }
        body.Add(Label(end, result));
        return Block(typeof(Truth), new[] { result, operand }, body);
    }

    private Expression Not(ConditionNode node)
    {
        var operand = Variable(typeof(Truth), "operand");
        return Block(typeof(Truth), new[] { operand },
            Assign(operand, TruthOf(node)),
            Condition(Equal(operand, True), False, Condition(Equal(operand, False), True, Unknown)));
    }

    private Expression Shared(SharedNode shared)
    {
        // Decided once per profile, like SharedNode: the frame keeps truth + 1, and 0 for not yet.
        var cache = ArrayAccess(Field(frame, SharedField), Constant(shared.Index));
        var cached = Variable(typeof(byte), "cached");
        var truth = Variable(typeof(Truth), "truth");
        var end = Label(typeof(Truth), "end");
        return Block(typeof(Truth), new[] { cached, truth },
            Assign(cached, cache),
            IfThen(NotEqual(cached, Constant((byte)0)), Return(end, Convert(Subtract(Convert(cached, typeof(int)), Constant(1)), typeof(Truth)))),
            Assign(truth, TruthOf(shared.Inner)),
            Assign(cache, Convert(Add(Convert(truth, typeof(int)), Constant(1)), typeof(byte))),
            Label(end, truth));
    }

    /// <summary>
    /// A comparison: each number is computed into a local, and a fact that is unknown or a division by
    /// zero jumps to "unknown", as <see cref="NumberNode.TryEval"/> returns false.
    /// </summary>
    private Expression Comparison(ComparisonNode comparison)
    {
        var locals = new List<ParameterExpression>();
        var body = new List<Expression>();
        var unknown = Label("unknown");
        var end = Label(typeof(Truth), "end");
        var left = NumberInto(comparison.Left, body, locals, unknown);
        var right = NumberInto(comparison.Right, body, locals, unknown);
        body.Add(Return(end, Condition(Call(HoldsMethod, left, Constant(comparison.Operator), right), True, False)));
        body.Add(Label(unknown));
        body.Add(Label(end, Unknown));
        return Block(typeof(Truth), locals, body);
    }

    /// <summary>The value of a number node, with the statements that compute it (and jump to <paramref name="unknown"/>) added to <paramref name="body"/>.</summary>
    private Expression NumberInto(NumberNode node, List<Expression> body, List<ParameterExpression> locals, LabelTarget unknown)
    {
        switch (node)
        {
            case ConstantNumberNode constant:
                return Constant(constant.Constant);
            case FactNumberNode fact:
                body.Add(IfThen(Expression.Not(IsKnown(fact.Slot)), Goto(unknown)));
                return Number(fact.Slot);
            case NegateNumberNode negate:
                return Negate(NumberInto(negate.Operand, body, locals, unknown));
            case ChainNumberNode chain:
                var value = Variable(typeof(double), "value");
                locals.Add(value);
                body.Add(Assign(value, NumberInto(chain.First, body, locals, unknown)));
                for (int i = 0; i < chain.Operands.Length; i++)
                {
                    var operand = Variable(typeof(double), "operand");
                    locals.Add(operand);
                    body.Add(Assign(operand, NumberInto(chain.Operands[i], body, locals, unknown)));
                    body.Add(chain.Operators[i] switch
                    {
                        ArithmeticOperator.Add => AddAssign(value, operand),
                        ArithmeticOperator.Subtract => SubtractAssign(value, operand),
                        ArithmeticOperator.Multiply => MultiplyAssign(value, operand),
                        _ => Block(IfThen(Equal(operand, Constant(0.0)), Goto(unknown)), DivideAssign(value, operand)),
                    });
                }
                return value;
            default:
                throw new InvalidOperationException($"No code for {node.GetType().Name}.");
        }
    }

    private Expression FactTruth(int slot) => Call(Constant(program), FactTruthMethod, frame, Constant(slot));

    private Expression IsKnown(int slot) => Slot(slot, nameof(FactValue.IsKnown));

    private Expression Number(int slot) => Slot(slot, nameof(FactValue.Number));

    private Expression Slot(int slot, string member) => Property(ArrayAccess(values, Constant(slot)), member);
}
