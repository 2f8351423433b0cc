using BackPainRules.Compilation;
using BackPainRules.Evaluation;
using BackPainRules.Profiles;
using BackPainRules.Semantics;
using BackPainRules.Syntax;

namespace BackPainRules.Tests.Support;

/// <summary>
/// The independent reference the library's evaluator is held to (differential and property tests):
/// SPEC §4 written out plainly as a walk over the bound model, with its own and/or/not, arithmetic,
/// comparisons, concluded facts and missing-facts walk, none of them shared with the library's; and the
/// result assembled as plainly (<see cref="Assemble"/>), item by item from the model, rather than by the
/// library's <c>ResultAssembly</c>, which works on bit sets for speed.
/// One instance per evaluation: it memoises rule truths and concluded facts.
/// </summary>
internal sealed class ReferenceEvaluator
{
    private readonly CompiledRuleSet rules;
    private readonly Profile profile;
    private readonly Truth?[] ruleTruth;
    private readonly Truth?[] concludedTruth;
    private readonly List<RuleSymbol>[] rulesConcluding;

    public ReferenceEvaluator(CompiledRuleSet rules, Profile profile)
    {
        this.rules = rules;
        this.profile = profile;
        ruleTruth = new Truth?[rules.Model.Rules.Length];
        concludedTruth = new Truth?[rules.Facts.Length];
        rulesConcluding = rules.Facts.Select(_ => new List<RuleSymbol>()).ToArray();
        foreach (var rule in rules.Model.Rules)
        {
            foreach (var fact in rule.Concludes) rulesConcluding[fact.Index].Add(rule);
        }
    }

    /// <summary>Evaluates <paramref name="profile"/> by reference.</summary>
    public static EvaluationResult Evaluate(CompiledRuleSet rules, Profile profile) =>
        new ReferenceEvaluator(rules, rules.OwnProfile(profile)).Run();

    public EvaluationResult Run()
    {
        var model = rules.Model;
        var fired = new List<RuleSymbol>();
        var undetermined = new List<UndeterminedRule>();
        foreach (var rule in model.Rules)
        {
            switch (RuleTruth(rule))
            {
                case Truth.True:
                    fired.Add(rule);
                    break;
                case Truth.Unknown:
                    undetermined.Add(new UndeterminedRule(rule.Id, Missing(rule)));
                    break;
            }
        }

        return Assemble(fired, undetermined, new Decisions(this));
    }

    /// <summary>
    /// SPEC §4's result, from which rules fired: items in priority, then declaration, order, each with the fired
    /// rules behind it in source order; an item both recommended and avoided only under avoid, with a warning
    /// (in declaration order, after the profile's own warnings); advice whose <c>unless</c> is true or unknown
    /// withheld, with the facts that would decide it; concluded facts sorted by name.
    /// </summary>
    private EvaluationResult Assemble(List<RuleSymbol> fired, List<UndeterminedRule> undetermined, Decisions decisions)
    {
        var model = rules.Model;
        string[] RecommendedBy(RecommendationSymbol item) => fired.Where(r => r.Recommends.Contains(item)).Select(r => r.Id).ToArray();
        string[] AvoidedBy(RecommendationSymbol item) => fired.Where(r => r.Avoids.Contains(item)).Select(r => r.Id).ToArray();
        var inOutputOrder = model.Recommendations.OrderBy(r => r.Priority).ThenBy(r => r.Index).ToList();

        var recommendations = new List<RecommendationResult>();
        var avoid = new List<RecommendationResult>();
        var withheld = new List<WithheldRecommendation>();
        foreach (var item in inOutputOrder)
        {
            var recommending = RecommendedBy(item);
            var avoiding = AvoidedBy(item);
            if (avoiding.Length > 0)
            {
                avoid.Add(new RecommendationResult(item.Name, item.Description, item.Priority, avoiding));
                continue;
            }
            if (recommending.Length == 0) continue;
            switch (decisions.Contraindicated(item.Index))
            {
                case Truth.False:
                    recommendations.Add(new RecommendationResult(item.Name, item.Description, item.Priority, recommending));
                    break;
                case Truth.True:
                    withheld.Add(new WithheldRecommendation(item.Name, item.Description, item.Priority, recommending, []));
                    break;
                case Truth.Unknown:
                    withheld.Add(new WithheldRecommendation(item.Name, item.Description, item.Priority, recommending,
                        decisions.MissingOfContraindication(item.Index)));
                    break;
            }
        }

        var warnings = profile.Warnings.Select(w => new EvaluationWarning(w.Code, w.Message)).ToList();
        foreach (var item in model.Recommendations)
        {
            var recommending = RecommendedBy(item);
            var avoiding = AvoidedBy(item);
            if (recommending.Length == 0 || avoiding.Length == 0) continue;
            var both = Diagnostics.DiagnosticCatalogue.RecommendedAndAvoided(item.Name, recommending, avoiding);
            warnings.Add(new EvaluationWarning(both.Code, both.Message));
        }

        var concluded = fired.SelectMany(r => r.Concludes).Select(f => f.Name).Distinct().Order(StringComparer.Ordinal).ToList();
        var scores = model.Scores.Select(score => ScoreResult.Of(score.Name, decisions.Score(score.Index, out var value), value)).ToList();
        return new EvaluationResult(profile.Name, recommendations, avoid, withheld, concluded, scores, fired.Select(r => r.Id).ToList(),
            undetermined, warnings);
    }

    /// <summary>The result's questions about contraindications and scores, answered by the reference.</summary>
    private sealed class Decisions(ReferenceEvaluator reference) : IResultDecisions
    {
        private RecommendationSymbol Recommendation(int index) => reference.rules.Model.Recommendations[index];

        public Truth Contraindicated(int recommendation) =>
            Recommendation(recommendation).Unless is { } unless ? reference.Evaluate(unless) : Truth.False;

        public IReadOnlyList<string> MissingOfContraindication(int recommendation) =>
            Recommendation(recommendation).Unless is { } unless ? reference.MissingOf(unless) : [];

        public NumberState Score(int score, out Interval value)
        {
            var number = reference.Value(reference.rules.Model.Scores[score].Expression);
            value = new Interval(number.Low, number.High);
            return number.State;
        }
    }

    // ---- Truth ----

    internal Truth RuleTruth(RuleSymbol rule) => ruleTruth[rule.Index] ??= Evaluate(rule.Condition);

    /// <summary>The value of a bool fact: a concluded fact is defined by the rules that conclude it alone (SPEC §4), any other is given by the profile.</summary>
    internal Truth FactTruth(FactSymbol fact)
    {
        if (fact.IsConcluded) return concludedTruth[fact.Index] ??= ConcludedTruth(fact);
        var given = profile[fact];
        return given.IsKnown ? (given.AsBool ? Truth.True : Truth.False) : Truth.Unknown;
    }

    private Truth ConcludedTruth(FactSymbol fact)
    {
        var result = Truth.False;
        foreach (var rule in rulesConcluding[fact.Index])
        {
            var truth = RuleTruth(rule);
            if (truth == Truth.True) return Truth.True;
            if (truth == Truth.Unknown) result = Truth.Unknown;
        }
        return result;
    }

    private bool IsKnown(FactSymbol fact) =>
        fact.Type == FactType.Bool ? FactTruth(fact) != Truth.Unknown : profile[fact].IsKnown;

    internal Truth Evaluate(BoundCondition condition)
    {
        switch (condition)
        {
            case BoundAnd conjunction:
            {
                var result = Truth.True;
                foreach (var operand in conjunction.Operands)
                {
                    var truth = Evaluate(operand);
                    if (truth == Truth.False) return Truth.False;
                    if (truth == Truth.Unknown) result = Truth.Unknown;
                }
                return result;
            }
            case BoundOr disjunction:
            {
                var result = Truth.False;
                foreach (var operand in disjunction.Operands)
                {
                    var truth = Evaluate(operand);
                    if (truth == Truth.True) return Truth.True;
                    if (truth == Truth.Unknown) result = Truth.Unknown;
                }
                return result;
            }
            case BoundNot negation:
                return Evaluate(negation.Operand) switch
                {
                    Truth.True => Truth.False,
                    Truth.False => Truth.True,
                    _ => Truth.Unknown,
                };
            case BoundLiteral literal:
                return literal.Value ? Truth.True : Truth.False;
            case BoundFact fact:
                return FactTruth(fact.Fact);
            case BoundKnown known:
                return IsKnown(known.Fact) ? Truth.True : Truth.False;
            case BoundIn @in:
            {
                var value = profile[@in.Fact];
                return !value.IsKnown ? Truth.Unknown : (value.Values & @in.Values) != 0 ? Truth.True : Truth.False;
            }
            case BoundHas has:
            {
                var value = profile[has.Fact];
                return !value.IsKnown ? Truth.Unknown : (value.Values & (1UL << has.Value)) != 0 ? Truth.True : Truth.False;
            }
            case BoundComparison comparison:
                return Compare(comparison);
            case BoundKnownScore known:
                return Value(known.Score.Expression) is { State: NumberState.Value } v && v.Low == v.High ? Truth.True : Truth.False;
            default:
                throw new InvalidOperationException($"Cannot evaluate {condition.GetType().Name}; the rule set should not have compiled.");
        }
    }

    /// <summary>SPEC §4: true when it holds for every pair of values of the two intervals, false for none, else unknown.</summary>
    private Truth Compare(BoundComparison comparison)
    {
        var left = Value(comparison.Left);
        var right = Value(comparison.Right);
        if (left.State != NumberState.Value || right.State != NumberState.Value) return Truth.Unknown;
        // The pairs that decide each operator: every pair holds when the least favourable one does; none when not even the most favourable.
        var op = comparison.Operator;
        bool single = left.Low == left.High && right.Low == right.High;
        switch (op)
        {
            case ComparisonOperator.Less or ComparisonOperator.LessOrEqual:
                if (Holds(left.High, op, right.Low)) return Truth.True;
                return Holds(left.Low, op, right.High) ? Truth.Unknown : Truth.False;
            case ComparisonOperator.Greater or ComparisonOperator.GreaterOrEqual:
                if (Holds(left.Low, op, right.High)) return Truth.True;
                return Holds(left.High, op, right.Low) ? Truth.Unknown : Truth.False;
            default:
                bool apart = Holds(left.High, ComparisonOperator.Less, right.Low) || Holds(left.Low, ComparisonOperator.Greater, right.High);
                bool equal = single && Holds(left.Low, ComparisonOperator.Equal, right.Low);
                var isEqual = equal ? Truth.True : apart ? Truth.False : Truth.Unknown;
                return op == ComparisonOperator.Equal ? isEqual
                    : isEqual switch { Truth.True => Truth.False, Truth.False => Truth.True, _ => Truth.Unknown };
        }
    }

    /// <summary>An expression's value: an interval, or no value (yet, or ever).</summary>
    private readonly record struct Number(NumberState State, double Low, double High)
    {
        public static Number Of(double low, double high)
        {
            if (double.IsNaN(low) || double.IsNaN(high)) return new(NumberState.NoValueYet, 0, 0);
            return new(NumberState.Value, low, high);
        }

        public bool IsSingle => State == NumberState.Value && Low == High;

        public bool IsFinite => double.IsFinite(Low) && double.IsFinite(High);
    }

    /// <summary>SPEC §4, interval arithmetic, written out plainly.</summary>
    private Number Value(BoundExpression expression)
    {
        switch (expression)
        {
            case BoundNumber number:
                return Number.Of(number.Value, number.Value);
            case BoundFactValue fact:
                var value = profile[fact.Fact];
                if (value.IsKnown) return Number.Of(value.Number, value.Number);
                return Number.Of(fact.Fact.Low ?? double.NegativeInfinity, fact.Fact.High ?? double.PositiveInfinity);
            case BoundScoreValue score:
                return Value(score.Score.Expression);
            case BoundCount count:
                int yes = count.Conditions.Count(c => Evaluate(c) == Truth.True);
                int unknown = count.Conditions.Count(c => Evaluate(c) == Truth.Unknown);
                return Number.Of(yes, yes + unknown);
            case BoundNegate negate:
                var operand = Value(negate.Operand);
                return operand.State == NumberState.Value ? Number.Of(-operand.High, -operand.Low) : operand;
            case BoundChain chain:
                var total = Value(chain.First);
                foreach (var (op, next) in chain.Rest)
                {
                    var x = Value(next);
                    total = total.State != NumberState.Value || x.State != NumberState.Value
                        ? new Number((NumberState)Math.Max((int)total.State, (int)x.State), 0, 0)
                        : Apply(op, total, x);
                }
                return total;
            default:
                throw new InvalidOperationException($"Cannot evaluate {expression.GetType().Name}; the rule set should not have compiled.");
        }
    }

    private static Number Apply(ArithmeticOperator op, Number a, Number b)
    {
        Number result;
        switch (op)
        {
            case ArithmeticOperator.Add:
                result = Number.Of(a.Low + b.Low, a.High + b.High);
                break;
            case ArithmeticOperator.Subtract:
                result = Number.Of(a.Low - b.High, a.High - b.Low);
                break;
            case ArithmeticOperator.Multiply:
                double[] products = [Times(a.Low, b.Low), Times(a.Low, b.High), Times(a.High, b.Low), Times(a.High, b.High)];
                result = Number.Of(products.Min(), products.Max());
                break;
            case ArithmeticOperator.Divide:
                if (b.Low <= 0 && 0 <= b.High) return new Number(b.IsSingle ? NumberState.NoValueEver : NumberState.NoValueYet, 0, 0);
                double[] quotients = [a.Low / b.Low, a.Low / b.High, a.High / b.Low, a.High / b.High];
                result = Number.Of(quotients.Min(), quotients.Max());
                break;
            default:
                throw new InvalidOperationException($"the reference does not know {op}");
        }
        if (result.State == NumberState.Value && a.IsFinite && b.IsFinite && !result.IsFinite)
        {
            // Overflow: for good when everything was known.
            return new Number(a.IsSingle && b.IsSingle ? NumberState.NoValueEver : NumberState.NoValueYet, 0, 0);
        }
        return result;
    }

    private static double Times(double x, double y) => x == 0 || y == 0 ? 0 : x * y;

    /// <summary>Comparisons with numbers that agree to about nine significant digits taken as equal (SPEC §4).</summary>
    private static bool Holds(double left, ComparisonOperator op, double right)
    {
        bool equal = left == right ||
                     (double.IsFinite(left) && double.IsFinite(right) && Math.Abs(left - right) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(left), Math.Abs(right))));
        return op switch
        {
            ComparisonOperator.Less => left < right && !equal,
            ComparisonOperator.LessOrEqual => left < right || equal,
            ComparisonOperator.Greater => left > right && !equal,
            ComparisonOperator.GreaterOrEqual => left > right || equal,
            ComparisonOperator.Equal => equal,
            ComparisonOperator.NotEqual => !equal,
            _ => throw new InvalidOperationException($"the reference does not know {op}"),
        };
    }

    // ---- Missing facts ----

    /// <summary>
    /// SPEC §4: descend only into unknown sub-conditions down to the atoms and take the unknown facts
    /// they read; an unknown concluded fact contributes the missing facts of its undetermined rules.
    /// </summary>
    internal List<string> Missing(RuleSymbol rule) => MissingOf(rule.Condition);

    /// <summary>The missing facts of an unknown condition (SPEC §4), sorted by name.</summary>
    internal List<string> MissingOf(BoundCondition start)
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var visitedConcluded = new HashSet<FactSymbol>();
        Collect(start);
        return missing.ToList();

        void Collect(BoundCondition condition)
        {
            if (Evaluate(condition) != Truth.Unknown) return;
            switch (condition)
            {
                case BoundAnd conjunction:
                    foreach (var operand in conjunction.Operands) Collect(operand);
                    break;
                case BoundOr disjunction:
                    foreach (var operand in disjunction.Operands) Collect(operand);
                    break;
                case BoundNot negation:
                    Collect(negation.Operand);
                    break;
                case BoundFact fact:
                    AddFact(fact.Fact);
                    break;
                case BoundComparison comparison:
                    // A side that can never have a value (a division by a known 0) leaves nothing to ask for.
                    if (Value(comparison.Left).State == NumberState.NoValueEver || Value(comparison.Right).State == NumberState.NoValueEver) break;
                    CollectExpression(comparison.Left);
                    CollectExpression(comparison.Right);
                    break;
                default:
                    foreach (var fact in BoundTree.FactsRead(condition)) AddFact(fact);
                    break;
            }
        }

        void CollectExpression(BoundExpression expression)
        {
            // A part that is already one number adds nothing.
            if (Value(expression).IsSingle) return;
            switch (expression)
            {
                case BoundFactValue fact:
                    AddFact(fact.Fact);
                    break;
                case BoundScoreValue score:
                    CollectExpression(score.Score.Expression);
                    break;
                case BoundCount count:
                    foreach (var condition in count.Conditions) Collect(condition);
                    break;
                case BoundNegate negate:
                    CollectExpression(negate.Operand);
                    break;
                case BoundChain chain:
                    // a op b op c is (a op b) op c: each operand from the last, and each prefix before it is a
                    // sub-expression of its own, which adds nothing once it is one number. A loop, not recursion:
                    // a sum may have thousands of terms.
                    for (int i = chain.Rest.Length - 1; i >= 0; i--)
                    {
                        CollectExpression(chain.Rest[i].Operand);
                        var prefix = i == 0 ? chain.First : chain with { Rest = chain.Rest[..i] };
                        if (Value(prefix).IsSingle) return;
                    }
                    CollectExpression(chain.First);
                    break;
            }
        }

        void AddFact(FactSymbol fact)
        {
            if (IsKnown(fact)) return;
            if (fact.IsConcluded)
            {
                if (!visitedConcluded.Add(fact)) return;
                foreach (var concluding in rulesConcluding[fact.Index])
                {
                    if (RuleTruth(concluding) == Truth.Unknown) Collect(concluding.Condition);
                }
                return;
            }
            missing.Add(fact.Name);
        }
    }
}
