using System.Globalization;
using System.Text;
using BackPainRules.Semantics;
using BackPainRules.Syntax;
using RulesEngine.Models;

namespace BackPainRules.Benchmarks.Peers;

/// <summary>
/// Called from RulesEngine expressions to conclude a fact (registered with <see cref="ReSettings.CustomTypes"/>).
/// RulesEngine has no forward chaining: a workflow's rules are evaluated once each, in order, and
/// actions run only after all of them. So a concluding rule's expression is
/// <c>Chain.Conclude(d, K, condition)</c>: it records concluded fact K in the run's state <c>d</c> when the
/// condition holds and returns the condition, and later rules read <c>d.Concluded[K]</c>. This is right
/// because every rule that reads a concluded fact comes after all the rules that conclude it
/// (<see cref="PeerLayout"/> checks).
/// </summary>
public static class Chain
{
    public static bool Conclude(PeerResult d, int fact, bool condition)
    {
        if (condition) d.Concluded[fact] = true;
        return condition;
    }
}

/// <summary>
/// Microsoft RulesEngine: the rule set as one workflow, one <see cref="Rule"/> per rule, its
/// <see cref="Rule.Expression"/> the condition as a lambda-expression string (System.Linq.Dynamic.Core)
/// over the rule parameters <c>p</c> (the <see cref="PeerProfile"/>) and <c>d</c> (the run's
/// <see cref="PeerResult"/>, which holds the concluded facts), e.g. <c>(p.B[3] &amp;&amp; !(p.N[1] &gt;= 12))</c>.
/// Evaluating a profile is one <c>ExecuteAllRulesAsync</c> call; the rules whose result
/// <see cref="RuleResultTree.IsSuccess"/> fired.
/// </summary>
/// <remarks>
/// With <c>globalParams: true</c> the concluded facts are chained the declarative way instead: each
/// concluding rule's condition is a workflow global param <c>c{rule}</c>, each concluded fact a global
/// param <c>D{fact}</c> = <c>c{a} || c{b} ...</c> placed after its last concluding rule, and the rules'
/// expressions name them. It gives the same answers but is slower (1.7x to 15x in a scratch timing, the
/// more rules the worse), so the benchmark uses <see cref="Chain.Conclude"/>, RulesEngine's best case.
/// </remarks>
public sealed class RulesEnginePeer
{
    private const string WorkflowName = "rules";
    private readonly PeerLayout layout;
    private readonly global::RulesEngine.RulesEngine engine;

    public RulesEnginePeer(PeerLayout layout, bool globalParams = false, bool fastExpressionCompiler = false)
    {
        this.layout = layout;
        this.globalParams = globalParams;
        var scoped = new List<ScopedParam>();
        if (globalParams)
        {
            // Each concluding rule's condition is a global param c{rule}; right after the last rule concluding
            // fact K comes D{K} = c{a} || c{b} ...; the rules' expressions name them.
            var lastConcluder = new Dictionary<int, int>();
            for (int r = 0; r < layout.RuleConcludes.Length; r++)
            {
                foreach (int d in layout.RuleConcludes[r]) lastConcluder[d] = r;
            }
            foreach (var rule in layout.Model.Rules)
            {
                if (layout.RuleConcludes[rule.Index].Length == 0) continue;
                scoped.Add(new ScopedParam { Name = $"c{rule.Index}", Expression = Render(rule.Condition) });
                foreach (int d in layout.RuleConcludes[rule.Index].Where(d => lastConcluder[d] == rule.Index))
                {
                    var concluders = Enumerable.Range(0, rule.Index + 1).Where(r => layout.RuleConcludes[r].Contains(d));
                    scoped.Add(new ScopedParam { Name = $"D{d}", Expression = string.Join(" || ", concluders.Select(r => $"c{r}")) });
                }
            }
            Expressions = layout.Model.Rules
                .Select(rule => layout.RuleConcludes[rule.Index].Length > 0 ? $"c{rule.Index}" : Render(rule.Condition))
                .ToArray();
        }
        else
        {
            Expressions = layout.Model.Rules.Select(rule =>
            {
                string condition = Render(rule.Condition);
                foreach (int d in layout.RuleConcludes[rule.Index]) condition = $"Chain.Conclude(d, {d}, {condition})";
                return condition;
            }).ToArray();
        }
        var workflow = new Workflow
        {
            WorkflowName = WorkflowName,
            GlobalParams = scoped.Count > 0 ? scoped : null,
            Rules = layout.Model.Rules.Select(rule => new Rule
            {
                RuleName = rule.Id,
                Expression = Expressions[rule.Index],
                RuleExpressionType = RuleExpressionType.LambdaExpression,
            }).ToList(),
        };
        engine = new global::RulesEngine.RulesEngine(new[] { workflow }, new ReSettings { CustomTypes = new[] { typeof(Chain) }, UseFastExpressionCompiler = fastExpressionCompiler });
    }

    private readonly bool globalParams;

    /// <summary>Each rule's expression, in source order.</summary>
    public string[] Expressions { get; }

    public PeerResult Evaluate(PeerProfile profile)
    {
        var result = new PeerResult(layout);
        var results = engine.ExecuteAllRulesAsync(WorkflowName, new RuleParameter("p", profile), new RuleParameter("d", result))
            .AsTask().GetAwaiter().GetResult();
        for (int i = 0; i < results.Count; i++)
        {
            if (results[i].IsSuccess) result.Fire(layout, i);
        }
        return result;
    }

    /// <summary>For the setup's checks: the raw results of one run (rule order, exceptions).</summary>
    public List<RuleResultTree> Raw(PeerProfile profile) =>
        engine.ExecuteAllRulesAsync(WorkflowName, new RuleParameter("p", profile), new RuleParameter("d", new PeerResult(layout)))
            .AsTask().GetAwaiter().GetResult();

    private string Render(BoundCondition condition) => condition switch
    {
        BoundAnd a => "(" + string.Join(" && ", a.Operands.Select(Render)) + ")",
        BoundOr o => "(" + string.Join(" || ", o.Operands.Select(Render)) + ")",
        BoundNot n => "!" + Render(n.Operand),
        BoundLiteral l => l.Value ? "true" : "false",
        BoundFact f when f.Fact.IsConcluded => globalParams ? $"D{layout.Slot[f.Fact.Index]}" : $"d.Concluded[{layout.Slot[f.Fact.Index]}]",
        BoundFact f => $"p.B[{layout.Slot[f.Fact.Index]}]",
        BoundKnown => "true",
        BoundIn i => "(" + string.Join(" || ", Bits(i.Values).Select(v => $"p.E[{layout.Slot[i.Fact.Index]}] == {v}")) + ")",
        BoundHas h => $"p.B[{layout.AnyOfSlots[h.Fact.Index][h.Value]}]",
        BoundComparison c => $"({Render(c.Left)} {Operator(c.Operator)} {Render(c.Right)})",
        _ => throw new NotSupportedException(condition.GetType().Name),
    };

    private string Render(BoundExpression expression)
    {
        switch (expression)
        {
            case BoundNumber n: return Number(n.Value);
            case BoundFactValue f: return $"p.N[{layout.Slot[f.Fact.Index]}]";
            case BoundNegate n: return "-(" + Render(n.Operand) + ")";
            case BoundChain c:
                // Left to right, as BackPainRules evaluates a chain.
                var text = new StringBuilder(Render(c.First));
                foreach (var (op, operand) in c.Rest)
                {
                    text.Insert(0, '(').Append(' ').Append(op switch
                    {
                        ArithmeticOperator.Add => '+',
                        ArithmeticOperator.Subtract => '-',
                        ArithmeticOperator.Multiply => '*',
                        _ => '/',
                    }).Append(' ').Append(Render(operand)).Append(')');
                }
                return text.ToString();
            default: throw new NotSupportedException(expression.GetType().Name);
        }
    }

    /// <summary>A double literal, so every comparison and sum is done in double as BackPainRules does.</summary>
    private static string Number(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    private static string Operator(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        ComparisonOperator.Equal => "==",
        _ => "!=",
    };

    private static IEnumerable<int> Bits(ulong mask)
    {
        for (int v = 0; v < 64; v++)
        {
            if (((mask >> v) & 1) != 0) yield return v;
        }
    }
}
