using BackPainRules.Diagnostics;
using BackPainRules.Syntax;
using BackPainRules.Text;

namespace BackPainRules.Semantics;

/// <summary>
/// SPEC §8: warns about a condition that can never be true. With <c>not</c> pushed inward, each
/// conjunction is searched for a contradiction: <c>x</c> with <c>not x</c>, <c>false</c>, two
/// different values of one <c>one of</c> fact, <c>has v</c> with <c>has not v</c>, or comparisons of
/// one number fact with constants whose intervals (declared range included) do not meet.
/// A whole condition is reported, or else each branch of an <c>or</c> that can never be true.
/// </summary>
internal static class NeverTrueConditions
{
    public static IEnumerable<Diagnostic> Find(RuleSetModel model)
    {
        var found = new List<Diagnostic>();
        foreach (var rule in model.Rules)
        {
            Report(rule.Condition, positive: true, rule.Source, found);
        }
        return found;
    }

    private static void Report(BoundCondition condition, bool positive, SourceText source, List<Diagnostic> found)
    {
        if (Contradiction(condition, positive) is { } reason)
        {
            found.Add(DiagnosticCatalogue.NeverTrue(SourceLocation.Of(source, condition.Syntax.Span), reason));
            return;
        }
        switch (condition)
        {
            case BoundNot negation:
                Report(negation.Operand, !positive, source, found);
                break;
            case BoundAnd conjunction:
                foreach (var operand in conjunction.Operands) Report(operand, positive, source, found);
                break;
            case BoundOr disjunction:
                foreach (var operand in disjunction.Operands) Report(operand, positive, source, found);
                break;
        }
    }

    /// <summary>Why <paramref name="condition"/> (negated unless <paramref name="positive"/>) can never be true, or null.</summary>
    private static string? Contradiction(BoundCondition condition, bool positive)
    {
        switch (condition)
        {
            case BoundNot negation:
                return Contradiction(negation.Operand, !positive);
            case BoundOr disjunction when !positive:
            case BoundAnd when positive:
                return Conjunction(condition, positive);
            case BoundOr disjunction:
                var reasons = disjunction.Operands.Select(o => Contradiction(o, positive)).ToList();
                return reasons.All(r => r is not null) ? string.Join("; ", reasons.Distinct()) : null;
            case BoundAnd conjunction:
                var negatedReasons = conjunction.Operands.Select(o => Contradiction(o, positive)).ToList();
                return negatedReasons.All(r => r is not null) ? string.Join("; ", negatedReasons.Distinct()) : null;
            default:
                return Conjunction(condition, positive);
        }
    }

    /// <summary>Collects the literals of one conjunction and looks for two that cannot hold together.</summary>
    private static string? Conjunction(BoundCondition condition, bool positive)
    {
        var literals = new Conjunct();
        return Collect(condition, positive, literals) ?? literals.Contradiction();
    }

    private static string? Collect(BoundCondition condition, bool positive, Conjunct into)
    {
        switch (condition)
        {
            case BoundNot negation:
                return Collect(negation.Operand, !positive, into);
            case BoundAnd conjunction when positive:
                foreach (var operand in conjunction.Operands)
                {
                    if (Collect(operand, positive, into) is { } reason) return reason;
                }
                return null;
            case BoundOr disjunction when !positive:
                foreach (var operand in disjunction.Operands)
                {
                    if (Collect(operand, positive, into) is { } reason) return reason;
                }
                return null;
            case BoundOr disjunction:
            case BoundAnd:
                // A disjunction inside the conjunction: contradictory only if each of its branches is.
                return Contradiction(condition, positive);
            case BoundLiteral literal:
                return literal.Value == positive ? null : "'false' is never true";
            case BoundFact fact:
                into.Bools.Add((fact.Fact, positive));
                return null;
            case BoundKnown known:
                into.Known.Add((known.Fact, positive));
                return null;
            case BoundIn @in:
                ulong all = @in.Fact.Values.Length >= 64 ? ulong.MaxValue : (1UL << @in.Fact.Values.Length) - 1;
                into.Narrow(@in.Fact, positive ? @in.Values : all & ~@in.Values);
                return null;
            case BoundHas has:
                into.Has.Add((has.Fact, has.Value, positive));
                return null;
            case BoundComparison comparison:
                into.Compare(comparison, positive);
                return null;
            default:
                return null;
        }
    }

    private sealed class Conjunct
    {
        public readonly HashSet<(FactSymbol, bool)> Bools = new();
        public readonly HashSet<(FactSymbol, bool)> Known = new();
        public readonly HashSet<(FactSymbol, int, bool)> Has = new();
        private readonly Dictionary<FactSymbol, ulong> allowedValues = new();
        private readonly Dictionary<FactSymbol, Interval> intervals = new();

        public void Narrow(FactSymbol fact, ulong allowed) =>
            allowedValues[fact] = allowedValues.TryGetValue(fact, out var current) ? current & allowed : allowed;

        public void Compare(BoundComparison comparison, bool positive)
        {
            var op = positive ? comparison.Operator : Negate(comparison.Operator);
            if (comparison.Left is BoundFactValue f && Constant(comparison.Right) is { } c) Add(f.Fact, op, c);
            else if (comparison.Right is BoundFactValue g && Constant(comparison.Left) is { } d) Add(g.Fact, Mirror(op), d);
        }

        private void Add(FactSymbol fact, ComparisonOperator op, double value)
        {
            if (!intervals.TryGetValue(fact, out var interval))
            {
                interval = new Interval(fact.Low ?? double.NegativeInfinity, false, fact.High ?? double.PositiveInfinity, false);
            }
            intervals[fact] = op switch
            {
                ComparisonOperator.Less => interval.Below(value, open: true),
                ComparisonOperator.LessOrEqual => interval.Below(value, open: false),
                ComparisonOperator.Greater => interval.Above(value, open: true),
                ComparisonOperator.GreaterOrEqual => interval.Above(value, open: false),
                ComparisonOperator.Equal => interval.Below(value, open: false).Above(value, open: false),
                _ => interval,
            };
        }

        public string? Contradiction()
        {
            foreach (var (fact, value) in Bools)
            {
                if (value && Bools.Contains((fact, false))) return $"'{fact.Name}' and 'not {fact.Name}'";
            }
            foreach (var (fact, value) in Known)
            {
                if (value && Known.Contains((fact, false))) return $"'known {fact.Name}' and 'not known {fact.Name}'";
            }
            foreach (var (fact, index, value) in Has)
            {
                if (value && Has.Contains((fact, index, false)))
                {
                    return $"'{fact.Name} has {fact.Values[index]}' and '{fact.Name} has not {fact.Values[index]}'";
                }
            }
            foreach (var (fact, allowed) in allowedValues)
            {
                if (allowed == 0) return $"'{fact.Name}' cannot take a value that meets every test of it";
            }
            foreach (var (fact, interval) in intervals)
            {
                if (interval.IsEmpty)
                {
                    string range = fact.RangeText is null ? "" : $" (declared range {fact.RangeText})";
                    return $"no value of '{fact.Name}' meets every comparison{range}";
                }
            }
            return null;
        }
    }

    private readonly record struct Interval(double Low, bool LowOpen, double High, bool HighOpen)
    {
        public bool IsEmpty => Low > High || (Low == High && (LowOpen || HighOpen));

        public Interval Below(double value, bool open) =>
            value < High || (value == High && open) ? this with { High = value, HighOpen = open } : this;

        public Interval Above(double value, bool open) =>
            value > Low || (value == Low && open) ? this with { Low = value, LowOpen = open } : this;
    }

    private static double? Constant(BoundExpression expression) => expression switch
    {
        BoundNumber n => double.IsFinite(n.Value) ? n.Value : null,
        BoundNegate { Operand: var operand } => -Constant(operand),
        BoundChain chain => ConstantChain(chain),
        _ => null,
    };

    private static double? ConstantChain(BoundChain chain)
    {
        if (Constant(chain.First) is not { } total) return null;
        foreach (var (op, operand) in chain.Rest)
        {
            if (Constant(operand) is not { } x || BoundTree.Apply(op, total, x) is not { } next) return null;
            total = next;
        }
        return double.IsFinite(total) ? total : null;
    }

    private static ComparisonOperator Negate(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Less => ComparisonOperator.GreaterOrEqual,
        ComparisonOperator.LessOrEqual => ComparisonOperator.Greater,
        ComparisonOperator.Greater => ComparisonOperator.LessOrEqual,
        ComparisonOperator.GreaterOrEqual => ComparisonOperator.Less,
        ComparisonOperator.Equal => ComparisonOperator.NotEqual,
        _ => ComparisonOperator.Equal,
    };

    private static ComparisonOperator Mirror(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Less => ComparisonOperator.Greater,
        ComparisonOperator.LessOrEqual => ComparisonOperator.GreaterOrEqual,
        ComparisonOperator.Greater => ComparisonOperator.Less,
        ComparisonOperator.GreaterOrEqual => ComparisonOperator.LessOrEqual,
        _ => op,
    };
}
