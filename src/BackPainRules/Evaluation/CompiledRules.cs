using System.Linq.Expressions;

namespace BackPainRules.Evaluation;

/// <summary>
/// Generated code deciding rules <paramref name="first"/> (counted from the group's first rule) to the
/// group's last, each one not decided yet, into <see cref="EvaluationFrame.RuleTruth"/>.
/// </summary>
internal delegate void RuleGroupCode(CompiledProgram program, EvaluationFrame frame, int first);

/// <summary>
/// The compiled tier: the rules' conditions as generated code (each node's <c>Emit</c>), in groups of
/// consecutive rules, one method per group. A group's method decides its rules in source order into the
/// frame's rule memo, exactly as <see cref="CompiledProgram.RuleTruth"/> does one by one with the nodes;
/// it can start at any of its rules (a jump table), because a concluded fact asks for the rules that
/// conclude it wherever they are. Deciding the rest of the group on the way is harmless: every rule is
/// decided for every profile anyway, and a decision does not depend on when it is made.
/// </summary>
/// <remarks>
/// Groups are bounded (<see cref="MaxRulesPerGroup"/>, <see cref="MaxNodesPerGroup"/>) so no method grows
/// so large that the JIT optimises it less (see <see cref="MaxNodesPerGroup"/>). Compiling costs about the
/// same per node whatever the grouping, and most of it is the JIT: <see cref="LambdaExpression.Compile()"/>
/// has the method compiled to machine code before it returns (so the first evaluation that runs it does not).
/// </remarks>
internal sealed class CompiledRules
{
    /// <summary>Rules per generated method: enough to spread the fixed cost of a method over several rules.</summary>
    private const int MaxRulesPerGroup = 16;

    /// <summary>
    /// Nodes per generated method (a rule bigger than this gets a method of its own). Far below the sizes at
    /// which the JIT stops optimising, because the JIT's inlining budget grows more slowly than a method:
    /// in methods of 64 rules of the generated sets it ran out and called even <see cref="Kleene.And"/> and
    /// the getters of <see cref="Profiles.FactValue"/>, which made them about a quarter slower than methods of 16.
    /// </summary>
    private const int MaxNodesPerGroup = 400;

    private readonly RuleGroupCode[] groups;

    /// <summary>Per rule: its group, in the low 16 bits its index within the group (rules index code by one array look-up).</summary>
    private readonly int[] placeOfRule;

    private CompiledRules(RuleGroupCode[] groups, int[] placeOfRule)
    {
        this.groups = groups;
        this.placeOfRule = placeOfRule;
    }

    public int GroupCount => groups.Length;

    /// <summary>Decides <paramref name="rule"/>, not decided yet, and the rest of its group into the frame's rule memo.</summary>
    public void DecideFrom(CompiledProgram program, EvaluationFrame frame, int rule)
    {
        int place = placeOfRule[rule];
        groups[place >> 16](program, frame, place & 0xFFFF);
    }

    /// <summary>Generates and compiles the code of every rule of <paramref name="program"/>.</summary>
    public static CompiledRules Compile(CompiledProgram program)
    {
        var rules = program.Rules;
        var placeOfRule = new int[rules.Length];
        var groups = new List<RuleGroupCode>();
        var context = new ConditionEmitContext();
        var first = Expression.Parameter(typeof(int), "first");
        var truth = Expression.Variable(typeof(Truth), "truth");
        var memo = Expression.Variable(typeof(byte[]), "memo");

        var groupRules = new List<(int Rule, Expression Condition)>();
        int groupNodes = 0, highestSlot = -1;
        for (int rule = 0; rule < rules.Length; rule++)
        {
            int before = context.EmittedNodes;
            context.StartRule();
            var condition = rules[rule].Emit(context);
            int nodes = context.EmittedNodes - before;
            if (groupRules.Count == MaxRulesPerGroup || (groupRules.Count > 0 && groupNodes + nodes > MaxNodesPerGroup))
            {
                groups.Add(CompileGroup(context, first, truth, memo, groupRules, highestSlot));
                groupRules.Clear();
                groupNodes = 0;
                highestSlot = -1;
            }
            highestSlot = Math.Max(highestSlot, context.HighestSlot);
            placeOfRule[rule] = (groups.Count << 16) | groupRules.Count;
            groupRules.Add((rule, condition));
            groupNodes += nodes;
        }
        if (groupRules.Count > 0) groups.Add(CompileGroup(context, first, truth, memo, groupRules, highestSlot));
        return new CompiledRules(groups.ToArray(), placeOfRule);
    }

    /// <summary>
    /// One group's method: a jump to the rule <c>first</c> names, then each rule in turn, decided and
    /// remembered unless it was decided already (while deciding an earlier one that reads its conclusion).
    /// </summary>
    private static RuleGroupCode CompileGroup(ConditionEmitContext context, ParameterExpression first, ParameterExpression truth,
        ParameterExpression memo, List<(int Rule, Expression Condition)> groupRules, int highestSlot)
    {
        var labels = groupRules.Select(_ => Expression.Label()).ToArray();
        var body = new List<Expression>(groupRules.Count * 2 + 3)
        {
            Expression.Assign(context.Values, Expression.Field(context.Frame, nameof(EvaluationFrame.Values))),
            Expression.Assign(memo, Expression.Field(context.Frame, nameof(EvaluationFrame.RuleTruth))),
            // One bounds check each up front, at the highest index the method uses, lets the JIT drop the
            // checks at every lower constant index: less code, and the code size is what limits this tier.
            Expression.ArrayIndex(memo, Expression.Constant(groupRules[^1].Rule)),
            // (Every profile has a slot for every fact, so this fails only where a later read would.)
            highestSlot >= 0 ? Expression.ArrayIndex(context.Values, Expression.Constant(highestSlot)) : Expression.Empty(),
            Expression.Switch(typeof(void), first, null, null,
                labels.Select((label, i) => Expression.SwitchCase(Expression.Goto(label), Expression.Constant(i)))),
        };
        for (int i = 0; i < groupRules.Count; i++)
        {
            var (rule, condition) = groupRules[i];
            var cell = Expression.ArrayAccess(memo, Expression.Constant(rule));
            body.Add(Expression.Label(labels[i]));
            body.Add(Expression.IfThen(Expression.Equal(cell, Expression.Constant((byte)0)),
                Expression.Block(
                    Expression.Assign(truth, condition),
                    Expression.Assign(cell, ConditionEmitContext.EncodeMemo(truth)))));
        }
        var lambda = Expression.Lambda<RuleGroupCode>(Expression.Block(typeof(void), [context.Values, memo, truth], body),
            $"rules_{groupRules[0].Rule}_{groupRules[^1].Rule}", [context.Program, context.Frame, first]);
        return lambda.Compile();
    }
}
