using System.Linq.Expressions;
using BackPainRules.Semantics;
using BackPainRules.Syntax;
using NRules;
using NRules.RuleModel;
using NRules.RuleModel.Builders;

namespace BackPainRules.Benchmarks.Peers;

/// <summary>The profile as an NRules fact: the <see cref="PeerProfile"/>'s values, and where the run's actions write.</summary>
public sealed class NrProfile(PeerProfile profile, PeerResult result, NrConclusion[] conclusions)
{
    public bool[] B { get; } = profile.B;
    public double[] N { get; } = profile.N;
    public int[] E { get; } = profile.E;
    public PeerResult Result { get; } = result;
    public NrConclusion[] Conclusions { get; } = conclusions;
}

/// <summary>A concluded fact as an NRules fact: one per concluded fact, inserted false; rules that conclude it set it and update it.</summary>
public sealed class NrConclusion(int index)
{
    public int Index { get; } = index;
    public bool Value { get; set; }
}

/// <summary>
/// NRules (a Rete engine): each rule built with the rule model (<see cref="Element"/>), its left-hand side a
/// pattern on the <see cref="NrProfile"/> fact <c>p</c> and, for each concluded fact K the condition reads, a
/// pattern on the <see cref="NrConclusion"/> fact <c>cK</c> (alpha condition <c>cK.Index == K</c>); the
/// whole condition is one expression over them (an alpha condition on <c>p</c> when no concluded fact is
/// read, else a join condition). The action records the firing and, for a concluding rule, sets its
/// conclusion and updates it, so the Rete network re-matches the rules that read it: forward chaining.
/// Concluding rules have a higher priority the shallower their fact, and every rule is non-repeatable,
/// so each rule fires at most once per profile, on final conclusions.
/// Evaluating a profile: a new session, insert the profile and its conclusions, fire.
/// </summary>
public sealed class NRulesPeer
{
    private readonly PeerLayout layout;
    private readonly ISessionFactory factory;

    public NRulesPeer(PeerLayout layout)
    {
        this.layout = layout;
        Definitions = layout.Model.Rules.Select(Define).ToArray();
        factory = new RuleCompiler().Compile(Definitions);
    }

    public IRuleDefinition[] Definitions { get; }

    public PeerResult Evaluate(PeerProfile profile)
    {
        var result = new PeerResult(layout);
        var conclusions = new NrConclusion[layout.DerivedCount];
        for (int i = 0; i < conclusions.Length; i++) conclusions[i] = new NrConclusion(i);
        var session = factory.CreateSession();
        session.Insert(new NrProfile(profile, result, conclusions));
        session.InsertAll(conclusions);
        session.Fire();
        return result;
    }

    /// <summary>The action of every rule.</summary>
    public static void OnFire(IContext context, NrProfile p, PeerLayout layout, int rule)
    {
        p.Result.Fire(layout, rule);
        foreach (int d in layout.RuleConcludes[rule])
        {
            var conclusion = p.Conclusions[d];
            if (conclusion.Value) continue;
            conclusion.Value = true;
            context.Update(conclusion);
        }
    }

    private IRuleDefinition Define(RuleSymbol rule)
    {
        var p = Expression.Parameter(typeof(NrProfile), "p");
        var read = layout.DerivedRead(rule.Condition);
        var conclusionParameters = read.ToDictionary(d => d, d => Expression.Parameter(typeof(NrConclusion), "c" + d));
        var body = Condition(rule.Condition, p, conclusionParameters);

        var patterns = new List<RuleElement>();
        var pDeclaration = Element.Declaration(typeof(NrProfile), "p");
        if (read.Length == 0)
        {
            patterns.Add(Element.Pattern(pDeclaration, new[] { Element.Condition(Expression.Lambda(body, p)) }, null));
        }
        else
        {
            patterns.Add(Element.Pattern(pDeclaration, Array.Empty<NamedExpressionElement>(), null));
            for (int i = 0; i < read.Length; i++)
            {
                var c = conclusionParameters[read[i]];
                var conditions = new List<NamedExpressionElement>
                {
                    Element.Condition(Expression.Lambda(Expression.Equal(Expression.Property(c, nameof(NrConclusion.Index)), Expression.Constant(read[i])), c)),
                };
                if (i == read.Length - 1)
                {
                    // The join: the whole condition, over p and every conclusion it reads.
                    conditions.Add(Element.Condition(Expression.Lambda(body, new[] { p }.Concat(read.Select(d => conclusionParameters[d])))));
                }
                patterns.Add(Element.Pattern(Element.Declaration(typeof(NrConclusion), c.Name!), conditions, null));
            }
        }

        var context = Expression.Parameter(typeof(IContext), "ctx");
        var action = Expression.Lambda(
            Expression.Call(typeof(NRulesPeer).GetMethod(nameof(OnFire))!, context, p, Expression.Constant(layout), Expression.Constant(rule.Index)),
            context, p);

        // Shallow concluded facts first, then deeper ones, then the rules that only recommend.
        int priority = layout.RuleConcludes[rule.Index].Length == 0
            ? 0
            : 1 + layout.MaxDepth - layout.RuleConcludes[rule.Index].Min(d => layout.ConcludedDepth[d]);

        return Element.RuleDefinition(
            rule.Id, "", priority, RuleRepeatability.NonRepeatable,
            Array.Empty<string>(), Array.Empty<RuleProperty>(),
            Element.DependencyGroup(), Element.AndGroup(patterns), Element.FilterGroup(), Element.ActionGroup(Element.Action(action)));
    }

    private Expression Condition(BoundCondition condition, ParameterExpression p, Dictionary<int, ParameterExpression> conclusions)
    {
        Expression Of(BoundCondition c) => Condition(c, p, conclusions);
        Expression B(int slot) => Expression.ArrayIndex(Expression.Property(p, nameof(NrProfile.B)), Expression.Constant(slot));
        switch (condition)
        {
            case BoundAnd a: return a.Operands.Select(Of).Aggregate(Expression.AndAlso);
            case BoundOr o: return o.Operands.Select(Of).Aggregate(Expression.OrElse);
            case BoundNot n: return Expression.Not(Of(n.Operand));
            case BoundLiteral l: return Expression.Constant(l.Value);
            case BoundFact f:
                return f.Fact.IsConcluded
                    ? Expression.Property(conclusions[layout.Slot[f.Fact.Index]], nameof(NrConclusion.Value))
                    : B(layout.Slot[f.Fact.Index]);
            case BoundKnown: return Expression.Constant(true);
            case BoundIn i:
            {
                var value = Expression.ArrayIndex(Expression.Property(p, nameof(NrProfile.E)), Expression.Constant(layout.Slot[i.Fact.Index]));
                return Enumerable.Range(0, 64).Where(v => ((i.Values >> v) & 1) != 0)
                    .Select(v => (Expression)Expression.Equal(value, Expression.Constant(v)))
                    .Aggregate(Expression.OrElse);
            }
            case BoundHas h: return B(layout.AnyOfSlots[h.Fact.Index][h.Value]);
            case BoundComparison c:
            {
                var left = Number(c.Left, p);
                var right = Number(c.Right, p);
                return c.Operator switch
                {
                    ComparisonOperator.Less => Expression.LessThan(left, right),
                    ComparisonOperator.LessOrEqual => Expression.LessThanOrEqual(left, right),
                    ComparisonOperator.Greater => Expression.GreaterThan(left, right),
                    ComparisonOperator.GreaterOrEqual => Expression.GreaterThanOrEqual(left, right),
                    ComparisonOperator.Equal => Expression.Equal(left, right),
                    _ => Expression.NotEqual(left, right),
                };
            }
            default: throw new NotSupportedException(condition.GetType().Name);
        }
    }

    private Expression Number(BoundExpression expression, ParameterExpression p)
    {
        switch (expression)
        {
            case BoundNumber n: return Expression.Constant(n.Value);
            case BoundFactValue f:
                return Expression.ArrayIndex(Expression.Property(p, nameof(NrProfile.N)), Expression.Constant(layout.Slot[f.Fact.Index]));
            case BoundNegate n: return Expression.Negate(Number(n.Operand, p));
            case BoundChain c:
                var acc = Number(c.First, p);
                foreach (var (op, operand) in c.Rest)
                {
                    var x = Number(operand, p);
                    acc = op switch
                    {
                        ArithmeticOperator.Add => Expression.Add(acc, x),
                        ArithmeticOperator.Subtract => Expression.Subtract(acc, x),
                        ArithmeticOperator.Multiply => Expression.Multiply(acc, x),
                        _ => Expression.Divide(acc, x),
                    };
                }
                return acc;
            default: throw new NotSupportedException(expression.GetType().Name);
        }
    }
}
