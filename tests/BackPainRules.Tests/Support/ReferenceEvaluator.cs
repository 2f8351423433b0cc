using BackPainRules.Compilation;
using BackPainRules.Evaluation;
using BackPainRules.Profiles;
using BackPainRules.Semantics;
using BackPainRules.Syntax;

namespace BackPainRules.Tests.Support;

/// <summary>
/// The independent reference the library's evaluator is held to (differential and property tests):
/// SPEC §4 written out plainly as a walk over the bound model, with its own and/or/not, arithmetic,
/// comparisons, concluded facts and missing-facts walk, none of them shared with the library's. It
/// hands the decisions to the library's result assembly, so the two can differ only in how they decide.
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

        var firedIndexes = fired.Select(r => r.Index).ToArray();
        return rules.Engine.Assembly.Build(rules.Engine.Assembly.NewScratch(), profile, firedIndexes, undetermined);
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
            default:
                throw new InvalidOperationException($"Cannot evaluate {condition.GetType().Name}; the rule set should not have compiled.");
        }
    }

    private Truth Compare(BoundComparison comparison)
    {
        if (Value(comparison.Left) is not { } left || Value(comparison.Right) is not { } right) return Truth.Unknown;
        bool holds = Holds(left, comparison.Operator, right);
        return holds ? Truth.True : Truth.False;
    }

    /// <summary>An expression's value, or null when a fact it reads is unknown or it divides by zero.</summary>
    private double? Value(BoundExpression expression)
    {
        switch (expression)
        {
            case BoundNumber number:
                return number.Value;
            case BoundFactValue fact:
                var value = profile[fact.Fact];
                return value.IsKnown ? value.Number : null;
            case BoundNegate negate:
                return -Value(negate.Operand);
            case BoundChain chain:
                if (Value(chain.First) is not { } total) return null;
                foreach (var (op, operand) in chain.Rest)
                {
                    if (Value(operand) is not { } x || Apply(op, total, x) is not { } next) return null;
                    total = next;
                }
                return total;
            default:
                throw new InvalidOperationException($"Cannot evaluate {expression.GetType().Name}; the rule set should not have compiled.");
        }
    }

    /// <summary>One step of arithmetic; null for a division by zero (unknown).</summary>
    private static double? Apply(ArithmeticOperator op, double left, double right) => op switch
    {
        ArithmeticOperator.Add => left + right,
        ArithmeticOperator.Subtract => left - right,
        ArithmeticOperator.Multiply => left * right,
        ArithmeticOperator.Divide => right == 0 ? null : left / right,
        _ => throw new InvalidOperationException($"the reference does not know {op}"),
    };

    /// <summary>Comparisons with numbers that agree to about nine significant digits taken as equal (SPEC §4).</summary>
    private static bool Holds(double left, ComparisonOperator op, double right)
    {
        bool equal = left == right || Math.Abs(left - right) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(left), Math.Abs(right)));
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
    internal List<string> Missing(RuleSymbol rule)
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var visitedConcluded = new HashSet<FactSymbol>();
        Collect(rule.Condition);
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
                default:
                    foreach (var fact in BoundTree.FactsRead(condition)) AddFact(fact);
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
