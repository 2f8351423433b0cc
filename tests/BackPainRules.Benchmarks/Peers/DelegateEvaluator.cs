using BackPainRules.Semantics;
using BackPainRules.Syntax;

namespace BackPainRules.Benchmarks.Peers;

/// <summary>
/// The "hand-written" baseline for generated rule sets, which no one can write by hand and which may not
/// be generated as C# source at run time: each rule's condition becomes one C# lambda built from the
/// model by plain closures (no expression trees, no reflection), each leaf specialised to its fact kind,
/// operator and constant (<c>p =&gt; p.N[7] &gt;= 12</c>), two-operand <c>and</c>/<c>or</c> as <c>a(p) &amp;&amp; b(p)</c>.
/// Evaluation is then a loop of <c>if (condition[i](p, d)) fire(i)</c> over the rules in source order, with
/// the concluded facts in a bool array. Two-valued: fully known profiles only.
/// </summary>
/// <remarks>
/// This is what a programmer writing <c>if</c>s for a rule set they get as data would write; it costs a
/// delegate call per condition node, where truly hand-written (JIT-compiled) <c>if</c>s would inline them.
/// For the built-in rule set the baseline is real hand-written <c>if</c>s (<see cref="BuiltInHandWritten"/>).
/// </remarks>
public sealed class DelegateEvaluator
{
    private readonly PeerLayout layout;
    private readonly Func<PeerProfile, bool[], bool>[] conditions;

    public DelegateEvaluator(PeerLayout layout)
    {
        this.layout = layout;
        conditions = layout.Model.Rules.Select(r => Condition(r.Condition)).ToArray();
    }

    public PeerResult Evaluate(PeerProfile profile)
    {
        var result = new PeerResult(layout);
        var derived = result.Concluded;
        var rules = conditions;
        for (int i = 0; i < rules.Length; i++)
        {
            if (rules[i](profile, derived)) result.Fire(layout, i);
        }
        return result;
    }

    private Func<PeerProfile, bool[], bool> Condition(BoundCondition condition)
    {
        switch (condition)
        {
            case BoundAnd a when a.Operands.Length == 2:
            {
                var x = Condition(a.Operands[0]);
                var y = Condition(a.Operands[1]);
                return (p, d) => x(p, d) && y(p, d);
            }
            case BoundAnd a:
            {
                var operands = a.Operands.Select(Condition).ToArray();
                return (p, d) =>
                {
                    foreach (var operand in operands)
                    {
                        if (!operand(p, d)) return false;
                    }
                    return true;
                };
            }
            case BoundOr o when o.Operands.Length == 2:
            {
                var x = Condition(o.Operands[0]);
                var y = Condition(o.Operands[1]);
                return (p, d) => x(p, d) || y(p, d);
            }
            case BoundOr o:
            {
                var operands = o.Operands.Select(Condition).ToArray();
                return (p, d) =>
                {
                    foreach (var operand in operands)
                    {
                        if (operand(p, d)) return true;
                    }
                    return false;
                };
            }
            case BoundNot n:
            {
                var x = Condition(n.Operand);
                return (p, d) => !x(p, d);
            }
            case BoundLiteral l:
            {
                bool value = l.Value;
                return (_, _) => value;
            }
            case BoundFact f:
            {
                int slot = layout.Slot[f.Fact.Index];
                return f.Fact.IsConcluded ? (_, d) => d[slot] : (p, _) => p.B[slot];
            }
            case BoundKnown:
                return (_, _) => true; // every fact of a fully known profile is known, concluded ones too
            case BoundIn i:
            {
                int slot = layout.Slot[i.Fact.Index];
                ulong mask = i.Values;
                return (p, _) => ((mask >> p.E[slot]) & 1) != 0;
            }
            case BoundHas h:
            {
                int slot = layout.AnyOfSlots[h.Fact.Index][h.Value];
                return (p, _) => p.B[slot];
            }
            case BoundComparison c:
                return Comparison(c);
            default:
                throw new NotSupportedException(condition.GetType().Name);
        }
    }

    private Func<PeerProfile, bool[], bool> Comparison(BoundComparison c)
    {
        // The usual shape, a number fact against a constant, gets a leaf of its own.
        if (c.Left is BoundFactValue f && c.Right is BoundNumber k)
        {
            int slot = layout.Slot[f.Fact.Index];
            double v = k.Value;
            return c.Operator switch
            {
                ComparisonOperator.Less => (p, _) => p.N[slot] < v,
                ComparisonOperator.LessOrEqual => (p, _) => p.N[slot] <= v,
                ComparisonOperator.Greater => (p, _) => p.N[slot] > v,
                ComparisonOperator.GreaterOrEqual => (p, _) => p.N[slot] >= v,
                ComparisonOperator.Equal => (p, _) => p.N[slot] == v,
                _ => (p, _) => p.N[slot] != v,
            };
        }
        var left = Number(c.Left);
        var right = Number(c.Right);
        return c.Operator switch
        {
            ComparisonOperator.Less => (p, _) => left(p) < right(p),
            ComparisonOperator.LessOrEqual => (p, _) => left(p) <= right(p),
            ComparisonOperator.Greater => (p, _) => left(p) > right(p),
            ComparisonOperator.GreaterOrEqual => (p, _) => left(p) >= right(p),
            ComparisonOperator.Equal => (p, _) => left(p) == right(p),
            _ => (p, _) => left(p) != right(p),
        };
    }

    private Func<PeerProfile, double> Number(BoundExpression expression)
    {
        switch (expression)
        {
            case BoundNumber n:
            {
                double v = n.Value;
                return _ => v;
            }
            case BoundFactValue f:
            {
                int slot = layout.Slot[f.Fact.Index];
                return p => p.N[slot];
            }
            case BoundNegate n:
            {
                var x = Number(n.Operand);
                return p => -x(p);
            }
            case BoundChain c:
            {
                var acc = Number(c.First);
                foreach (var (op, operand) in c.Rest)
                {
                    var x = acc;
                    if (operand is BoundNumber { Value: var k })
                    {
                        acc = op switch
                        {
                            ArithmeticOperator.Add => p => x(p) + k,
                            ArithmeticOperator.Subtract => p => x(p) - k,
                            ArithmeticOperator.Multiply => p => x(p) * k,
                            _ => p => x(p) / k,
                        };
                    }
                    else
                    {
                        var y = Number(operand);
                        acc = op switch
                        {
                            ArithmeticOperator.Add => p => x(p) + y(p),
                            ArithmeticOperator.Subtract => p => x(p) - y(p),
                            ArithmeticOperator.Multiply => p => x(p) * y(p),
                            _ => p => x(p) / y(p),
                        };
                    }
                }
                return acc;
            }
            default:
                throw new NotSupportedException(expression.GetType().Name);
        }
    }
}
