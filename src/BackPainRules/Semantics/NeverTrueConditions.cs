using System.Collections.Immutable;
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
        var conjuncts = new ConjunctPool();
        foreach (var rule in model.Rules)
        {
            Report(rule.Condition, positive: true, rule.Source, found, conjuncts);
        }
        return found;
    }

    private static void Report(BoundCondition condition, bool positive, SourceText source, List<Diagnostic> found, ConjunctPool conjuncts)
    {
        if (Contradiction(condition, positive, conjuncts) is { } reason)
        {
            found.Add(DiagnosticCatalogue.NeverTrue(SourceLocation.Of(source, condition.Syntax.Span), reason));
            return;
        }
        switch (condition)
        {
            case BoundNot negation:
                Report(negation.Operand, !positive, source, found, conjuncts);
                break;
            case BoundAnd conjunction:
                foreach (var operand in conjunction.Operands) Report(operand, positive, source, found, conjuncts);
                break;
            case BoundOr disjunction:
                foreach (var operand in disjunction.Operands) Report(operand, positive, source, found, conjuncts);
                break;
        }
    }

    /// <summary>Why <paramref name="condition"/> (negated unless <paramref name="positive"/>) can never be true, or null.</summary>
    private static NeverTrueReason? Contradiction(BoundCondition condition, bool positive, ConjunctPool conjuncts)
    {
        switch (condition)
        {
            case BoundNot negation:
                return Contradiction(negation.Operand, !positive, conjuncts);
            case BoundOr disjunction when !positive:
            case BoundAnd when positive:
                return Conjunction(condition, positive, conjuncts);
            case BoundOr disjunction:
                return EveryBranch(disjunction.Operands, positive, conjuncts);
            case BoundAnd conjunction:
                return EveryBranch(conjunction.Operands, positive, conjuncts);
            default:
                return Conjunction(condition, positive, conjuncts);
        }
    }

    /// <summary>
    /// Why each of a disjunction's branches can never be true, joined, or null as soon as one can. Almost every
    /// branch can, so the reasons are only gathered once the first one has been found.
    /// </summary>
    private static NeverTrueReason? EveryBranch(ImmutableArray<BoundCondition> branches, bool positive, ConjunctPool conjuncts)
    {
        List<NeverTrueReason>? reasons = null;
        foreach (var branch in branches)
        {
            if (Contradiction(branch, positive, conjuncts) is not { } reason) return null;
            (reasons ??= new List<NeverTrueReason>(branches.Length)).Add(reason);
        }
        // No branches at all (not made by the binder) is vacuously "every branch", as it always was.
        return NeverTrueReason.EveryBranch(reasons ?? Enumerable.Empty<NeverTrueReason>());
    }

    /// <summary>Collects the literals of one conjunction and looks for two that cannot hold together.</summary>
    private static NeverTrueReason? Conjunction(BoundCondition condition, bool positive, ConjunctPool conjuncts)
    {
        var literals = conjuncts.Rent();
        try
        {
            return Collect(condition, positive, literals, conjuncts) ?? literals.Contradiction();
        }
        finally
        {
            conjuncts.Return(literals);
        }
    }

    private static NeverTrueReason? Collect(BoundCondition condition, bool positive, Conjunct into, ConjunctPool conjuncts)
    {
        switch (condition)
        {
            case BoundNot negation:
                return Collect(negation.Operand, !positive, into, conjuncts);
            case BoundAnd conjunction when positive:
                foreach (var operand in conjunction.Operands)
                {
                    if (Collect(operand, positive, into, conjuncts) is { } reason) return reason;
                }
                return null;
            case BoundOr disjunction when !positive:
                foreach (var operand in disjunction.Operands)
                {
                    if (Collect(operand, positive, into, conjuncts) is { } reason) return reason;
                }
                return null;
            case BoundOr disjunction:
            case BoundAnd:
                // A disjunction inside the conjunction: contradictory only if each of its branches is.
                return Contradiction(condition, positive, conjuncts);
            case BoundLiteral literal:
                return literal.Value == positive ? null : NeverTrueReason.FalseLiteral;
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

    /// <summary>
    /// Conjuncts to reuse. Every rule, and every branch of its conditions, is searched with one; allocating five
    /// collections for each made this check allocate more than the rest of binding. A conjunct is in use only while
    /// its conjunction is searched, and one nested in it (an <c>or</c> inside an <c>and</c>) needs another, so
    /// the pool holds as many as conditions nest deep.
    /// </summary>
    private sealed class ConjunctPool
    {
        private readonly Stack<Conjunct> free = new();

        public Conjunct Rent() => free.TryPop(out var conjunct) ? conjunct : new Conjunct();

        public void Return(Conjunct conjunct)
        {
            conjunct.Clear();
            free.Push(conjunct);
        }
    }

    private sealed class Conjunct
    {
        public readonly HashSet<(FactSymbol, bool)> Bools = new();
        public readonly HashSet<(FactSymbol, bool)> Known = new();
        public readonly HashSet<(FactSymbol, int, bool)> Has = new();
        private readonly Dictionary<FactSymbol, ulong> allowedValues = new();
        private readonly Dictionary<FactSymbol, Interval> intervals = new();

        /// <summary>Empties the conjunct for the next conjunction; a cleared set enumerates in insertion order again, as a new one does.</summary>
        public void Clear()
        {
            Bools.Clear();
            Known.Clear();
            Has.Clear();
            allowedValues.Clear();
            intervals.Clear();
        }

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

        public NeverTrueReason? Contradiction()
        {
            foreach (var (fact, value) in Bools)
            {
                if (value && Bools.Contains((fact, false))) return NeverTrueReason.FactAndNotFact(fact.Name);
            }
            foreach (var (fact, value) in Known)
            {
                if (value && Known.Contains((fact, false))) return NeverTrueReason.KnownAndNotKnown(fact.Name);
            }
            foreach (var (fact, index, value) in Has)
            {
                if (value && Has.Contains((fact, index, false)))
                {
                    return NeverTrueReason.HasAndHasNot(fact.Name, fact.Values[index]);
                }
            }
            foreach (var (fact, allowed) in allowedValues)
            {
                if (allowed == 0) return NeverTrueReason.NoValueMeetsEveryTest(fact.Name);
            }
            foreach (var (fact, interval) in intervals)
            {
                if (interval.IsEmpty)
                {
                    return NeverTrueReason.NoValueMeetsEveryComparison(fact.Name, fact.RangeText);
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
            if (Constant(operand) is not { } x || Arithmetic.Apply(op, total, x) is not { } next) return null;
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
        ComparisonOperator.NotEqual => ComparisonOperator.Equal,
    };

    private static ComparisonOperator Mirror(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Less => ComparisonOperator.Greater,
        ComparisonOperator.LessOrEqual => ComparisonOperator.GreaterOrEqual,
        ComparisonOperator.Greater => ComparisonOperator.Less,
        ComparisonOperator.GreaterOrEqual => ComparisonOperator.LessOrEqual,
        ComparisonOperator.Equal or ComparisonOperator.NotEqual => op,
    };
}
