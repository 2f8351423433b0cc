using BackPainRules.Compilation;
using BackPainRules.Profiles;
using BackPainRules.Semantics;
using BackPainRules.Syntax;

namespace BackPainRules.Evaluation;

/// <summary>Kleene's three truth values.</summary>
public enum Truth : byte
{
    /// <summary>False.</summary>
    False,
    /// <summary>True.</summary>
    True,
    /// <summary>Not known from the profile.</summary>
    Unknown,
}

/// <summary>
/// Evaluates one profile against a compiled rule set, following SPEC §4. One instance per
/// evaluation: it memoises rule truths and concluded facts, so each rule is decided once.
/// </summary>
internal sealed class Evaluator
{
    private readonly CompiledRuleSet rules;
    private readonly Profile profile;
    private readonly Truth?[] ruleTruth;
    private readonly Truth?[] concludedTruth;

    public Evaluator(CompiledRuleSet rules, Profile profile)
    {
        this.rules = rules;
        this.profile = profile;
        ruleTruth = new Truth?[rules.Model.Rules.Length];
        concludedTruth = new Truth?[rules.Facts.Length];
    }

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
        return rules.Assembly.Build(rules.Assembly.NewScratch(), profile, firedIndexes, undetermined);
    }

    // ---- Truth ----

    internal Truth RuleTruth(RuleSymbol rule) => ruleTruth[rule.Index] ??= Evaluate(rule.Condition);

    /// <summary>The value of a bool fact: given by the profile, else defined by the rules that conclude it.</summary>
    internal Truth FactTruth(FactSymbol fact)
    {
        var given = profile[fact];
        if (given.IsKnown) return given.AsBool ? Truth.True : Truth.False;
        if (!fact.IsConcluded) return Truth.Unknown;
        return concludedTruth[fact.Index] ??= ConcludedTruth(fact);
    }

    private Truth ConcludedTruth(FactSymbol fact)
    {
        var result = Truth.False;
        foreach (var rule in rules.RulesConcluding[fact.Index])
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
        bool holds = Comparisons.Holds(left, comparison.Operator, right);
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
                    if (Value(operand) is not { } x || BoundTree.Apply(op, total, x) is not { } next) return null;
                    total = next;
                }
                return total;
            default:
                throw new InvalidOperationException($"Cannot evaluate {expression.GetType().Name}; the rule set should not have compiled.");
        }
    }

    // ---- Explaining ----

    /// <summary>The condition with the truth of every part and, at the atoms, the value of every fact read.</summary>
    internal ConditionTrace Trace(BoundCondition condition, Text.SourceText source)
    {
        string text = source[condition.Syntax.Span];
        var truth = Evaluate(condition);
        return condition switch
        {
            BoundAnd conjunction => new ConditionTrace(text, truth, conjunction.Operands.Select(o => Trace(o, source)).ToList(), Array.Empty<FactReading>()),
            BoundOr disjunction => new ConditionTrace(text, truth, disjunction.Operands.Select(o => Trace(o, source)).ToList(), Array.Empty<FactReading>()),
            BoundNot negation when negation.Syntax is NotConditionSyntax =>
                new ConditionTrace(text, truth, new[] { Trace(negation.Operand, source) }, Array.Empty<FactReading>()),
            _ => new ConditionTrace(text, truth, Array.Empty<ConditionTrace>(),
                BoundTree.FactsRead(condition).Distinct().Select(Read).ToList()),
        };
    }

    /// <summary>A fact's value as a clinician reads it.</summary>
    internal FactReading Read(FactSymbol fact)
    {
        var given = profile[fact];
        if (fact.Type == FactType.Bool)
        {
            var truth = FactTruth(fact);
            string source = given.IsKnown ? "given" : fact.IsConcluded && truth != Truth.Unknown ? "concluded" : "unknown";
            return new FactReading(fact.Name, truth switch { Truth.True => "true", Truth.False => "false", _ => "unknown" }, source);
        }
        if (!given.IsKnown) return new FactReading(fact.Name, "unknown", "unknown");
        string value = fact.Type switch
        {
            FactType.Number => given.Number.ToString("0.############", System.Globalization.CultureInfo.InvariantCulture),
            FactType.OneOf => fact.Values[System.Numerics.BitOperations.TrailingZeroCount(given.Values)],
            _ => "[" + string.Join(", ", fact.Values.Where((_, i) => (given.Values & (1UL << i)) != 0)) + "]",
        };
        return new FactReading(fact.Name, value, "given");
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
                foreach (var concluding in rules.RulesConcluding[fact.Index])
                {
                    if (RuleTruth(concluding) == Truth.Unknown) Collect(concluding.Condition);
                }
                return;
            }
            missing.Add(fact.Name);
        }
    }
}
