using System.Linq.Expressions;
using System.Reflection;
using BackPainRules.Profiles;
using BackPainRules.Semantics;
using BackPainRules.Syntax;

namespace BackPainRules.Evaluation;

/// <summary>
/// The evaluator's second tier (issue #18): a rule set's rules and scores compiled to one method for the
/// commonest profile, one whose facts are known. There Kleene's logic is plain Boolean logic and every number
/// a single number, so the method works on bools and doubles in locals, in an order where everything a rule
/// reads is decided before it, with no node, no call per part, no memo look-up.
/// </summary>
/// <remarks>
/// <para>
/// It decides nothing the node evaluator does not: it fills the frame's memo (each rule's truth, each concluded
/// fact's, each score's value) with what the nodes would have put there, and lists the fired rules. It first checks
/// that every fact whose value the rules and scores read is known; if one is not, or a step of arithmetic has no
/// value, it stops, and the nodes decide the profile from a clean memo. So a profile with unknowns costs a little
/// more than before, and one without them much less.
/// </para>
/// <para>
/// The meaning stays in one place: comparisons call <see cref="Arithmetic.Compare(double, ComparisonOperator, double)"/>
/// as the nodes do, and a step of arithmetic is defined exactly when <see cref="Arithmetic.Apply(ArithmeticOperator, Interval, Interval, out Interval)"/> gives two
/// single numbers a value (its result is finite).
/// Short-circuit <c>and</c>/<c>or</c> may skip a part the nodes would have read: with no unknown on the way
/// the result is the same, and with an unknown the method does not run at all. <c>unless</c> conditions are
/// left to the nodes (they are few, and asked only for advice that fired).
/// </para>
/// <para>
/// Generating code costs time (on the 2-core machine of docs/PERFORMANCE.md, 13 ms for the built-in set, 0.18 s for
/// 1,000 rules, 0.34 s for 2,000), so a rule set gets this tier only once it has evaluated enough profiles to be
/// worth it, in the background (<see cref="RuleEngine"/>), and never for <c>rules check</c> or the editor.
/// </para>
/// </remarks>
internal static class KnownValuesTier
{
    /// <summary>
    /// Compiles the rule set's rules and scores, or returns null when it has a conclusion cycle (it then has errors
    /// and is not evaluated). The method returns how many rules fired, their indexes in the frame's
    /// <see cref="EvaluationFrame.FiredRules"/> in source order and as a bit set in <see cref="EvaluationFrame.FiredBits"/>,
    /// when it decided every rule and score; else -1.
    /// </summary>
    public static Func<EvaluationFrame, int>? Compile(RuleSetModel model) => new Builder(model).Build();

    // FactValue's fields behind its properties (a record struct's): read straight from the array element, not copied out.
    private static readonly FieldInfo KnownField = BackingField(nameof(FactValue.IsKnown));
    private static readonly FieldInfo NumberField = BackingField(nameof(FactValue.Number));
    private static readonly FieldInfo ValuesField = BackingField(nameof(FactValue.Values));

    private static FieldInfo BackingField(string property) =>
        typeof(FactValue).GetField($"<{property}>k__BackingField", BindingFlags.NonPublic | BindingFlags.Instance)
        ?? throw new InvalidOperationException($"FactValue.{property} has no backing field.");

    private static readonly MethodInfo CompareNumbers =
        typeof(Arithmetic).GetMethod(nameof(Arithmetic.Compare), [typeof(double), typeof(ComparisonOperator), typeof(double)])!;

    private static readonly MethodInfo IsFinite = typeof(double).GetMethod(nameof(double.IsFinite), [typeof(double)])!;

    private sealed class Builder(RuleSetModel model)
    {
        private readonly ParameterExpression frame = Expression.Parameter(typeof(EvaluationFrame), "frame");
        private readonly ParameterExpression values = Expression.Variable(typeof(FactValue[]), "values");
        private readonly LabelTarget stop = Expression.Label(typeof(int), "stop");
        private readonly List<ParameterExpression> locals = [];
        private readonly List<Expression> body = [];
        private readonly Dictionary<string, ParameterExpression> arrays = [];

        // Each rule's truth, concluded fact's truth and score's value, once emitted.
        private readonly ParameterExpression?[] ruleTruth = new ParameterExpression?[model.Rules.Length];
        private readonly ParameterExpression?[] concludedTruth = new ParameterExpression?[model.Facts.Length];
        private readonly ParameterExpression?[] scoreValue = new ParameterExpression?[model.Scores.Length];

        // For finding a cycle (which a rule set without errors has not): what is being emitted.
        private readonly HashSet<object> inProgress = [];
        private readonly List<RuleSymbol>[] concluding = ConcludingRules(model);

        public Func<EvaluationFrame, int>? Build()
        {
            locals.Add(values);
            body.Add(Expression.Assign(values, Expression.Field(frame, nameof(EvaluationFrame.Values))));
            // The frame's arrays in locals, read once rather than at every store.
            foreach (var array in new[] { nameof(EvaluationFrame.RuleTruth), nameof(EvaluationFrame.ConcludedTruth), nameof(EvaluationFrame.ScoreState),
                         nameof(EvaluationFrame.ScoreValue), nameof(EvaluationFrame.FiredRules), nameof(EvaluationFrame.FiredBits) })
            {
                var field = Expression.Field(frame, array);
                var local = Local(field.Type, array);
                body.Add(Expression.Assign(local, field));
                arrays[array] = local;
            }
            // Each array is indexed with constants only: checking its length once here, against the largest index
            // the method uses, lets the JIT drop the bounds check at every access after it. (They have those lengths
            // for the frame of this rule set; if they had not, the nodes would decide.)
            RequireLengths(
                (values, model.Facts.Length),
                (arrays[nameof(EvaluationFrame.RuleTruth)], model.Rules.Length),
                (arrays[nameof(EvaluationFrame.ConcludedTruth)], model.Facts.Length),
                (arrays[nameof(EvaluationFrame.ScoreState)], model.Scores.Length),
                (arrays[nameof(EvaluationFrame.ScoreValue)], model.Scores.Length),
                (arrays[nameof(EvaluationFrame.FiredRules)], model.Rules.Length),
                (arrays[nameof(EvaluationFrame.FiredBits)], (model.Rules.Length + 63) >> 6));
            try
            {
                // Every fact whose value a rule or score reads must be known, checked once here: the tier then
                // decides everything with no check on the way (and when it stops, the nodes start afresh anyway).
                // (BoundTree's walk, given facts only: a concluded fact is decided here. It counts those read by `known x` too,
                // which only makes the tier leave a few more partial profiles to the nodes.)
                RequireKnown(model.Rules.SelectMany(rule => BoundTree.FactsRead(rule.Condition))
                    .Concat(model.Scores.SelectMany(score => BoundTree.FactsRead(score.Expression)))
                    .Where(fact => !fact.IsConcluded).Select(fact => fact.Index));
                // Every rule, concluded fact and score, even those nothing here reads (an unless may): the memo is
                // not cleared between profiles the tier decides (EvaluationFrame.ResetForSecondTier).
                foreach (var rule in model.Rules) EmitRule(rule);
                foreach (var fact in model.Facts.Where(f => f.IsConcluded)) EmitConcluded(fact);
                foreach (var score in model.Scores) EmitScore(score);
            }
            catch (CycleException)
            {
                return null;
            }
            // Every rule decided: the fired ones in source order, kept by advancing a count rather than by branching.
            var fired = Local(typeof(int[]), "fired");
            var count = Local(typeof(int), "count");
            body.Add(Expression.Assign(fired, arrays[nameof(EvaluationFrame.FiredRules)]));
            body.Add(Expression.Assign(count, Expression.Constant(0)));
            // And as a bit set, a word per 64 rules (EvaluationFrame.FiredBits), which the result assembly starts from.
            var word = Local(typeof(ulong), "word");
            var firedBits = arrays[nameof(EvaluationFrame.FiredBits)];
            body.Add(Expression.Assign(word, Expression.Constant(0UL)));
            foreach (var rule in model.Rules)
            {
                var truth = ruleTruth[rule.Index]!;
                body.Add(Expression.Assign(Expression.ArrayAccess(fired, count), Expression.Constant(rule.Index)));
                body.Add(Expression.AddAssign(count, Expression.Condition(truth, Expression.Constant(1), Expression.Constant(0))));
                body.Add(Expression.OrAssign(word, Expression.Condition(truth, Expression.Constant(1UL << rule.Index), Expression.Constant(0UL))));
                if ((rule.Index & 63) == 63 || rule.Index == model.Rules.Length - 1)
                {
                    body.Add(Expression.Assign(Expression.ArrayAccess(firedBits, Expression.Constant(rule.Index >> 6)), word));
                    body.Add(Expression.Assign(word, Expression.Constant(0UL)));
                }
            }
            body.Add(Expression.Label(stop, count));
            return Expression.Lambda<Func<EvaluationFrame, int>>(Expression.Block(locals, body), "KnownValues", [frame]).Compile();
        }

        private sealed class CycleException : Exception;

        private static List<RuleSymbol>[] ConcludingRules(RuleSetModel model)
        {
            var concluding = model.Facts.Select(_ => new List<RuleSymbol>()).ToArray();
            foreach (var rule in model.Rules)
            {
                foreach (var fact in rule.Concludes) concluding[fact.Index].Add(rule);
            }
            return concluding;
        }

        /// <summary>Emits, first, what a condition reads that rules or scores decide: the concluded facts among <paramref name="facts"/>, and <paramref name="scores"/>.</summary>
        private void EmitDependencies(IEnumerable<FactSymbol> facts, IEnumerable<ScoreSymbol> scores)
        {
            foreach (var fact in facts.Where(f => f.IsConcluded)) EmitConcluded(fact);
            foreach (var score in scores) EmitScore(score);
        }

        private void Enter(object symbol)
        {
            if (!inProgress.Add(symbol)) throw new CycleException();
        }

        private void EmitRule(RuleSymbol rule)
        {
            if (ruleTruth[rule.Index] is not null) return;
            Enter(rule);
            EmitDependencies(BoundTree.FactsRead(rule.Condition), BoundTree.ScoresRead(rule.Condition));
            var truth = Local(typeof(bool), "rule_" + rule.Index);
            var condition = Condition(rule.Condition);
            body.Add(Expression.Assign(truth, condition));
            body.Add(Memo(nameof(EvaluationFrame.RuleTruth), rule.Index, truth));
            ruleTruth[rule.Index] = truth;
            inProgress.Remove(rule);
        }

        private void EmitConcluded(FactSymbol fact)
        {
            if (concludedTruth[fact.Index] is not null) return;
            Enter(fact);
            foreach (var rule in concluding[fact.Index]) EmitRule(rule);
            // SPEC §4: a concluded fact is what its rules decide: true if one fired.
            var truth = Local(typeof(bool), "concluded_" + fact.Index);
            body.Add(Expression.Assign(truth, concluding[fact.Index]
                .Select(rule => (Expression)ruleTruth[rule.Index]!)
                .Aggregate((Expression)Expression.Constant(false), Expression.OrElse)));
            body.Add(Memo(nameof(EvaluationFrame.ConcludedTruth), fact.Index, truth));
            concludedTruth[fact.Index] = truth;
            inProgress.Remove(fact);
        }

        private void EmitScore(ScoreSymbol score)
        {
            if (scoreValue[score.Index] is not null) return;
            Enter(score);
            EmitDependencies(BoundTree.FactsRead(score.Expression), BoundTree.ScoresRead(score.Expression));
            var value = Local(typeof(double), "score_" + score.Index);
            var expression = Number(score.Expression);
            body.Add(Expression.Assign(value, expression));
            var index = Expression.Constant(score.Index);
            body.Add(Expression.Assign(Expression.ArrayAccess(arrays[nameof(EvaluationFrame.ScoreValue)], index),
                Expression.New(typeof(Interval).GetConstructor([typeof(double), typeof(double)])!, value, value)));
            body.Add(Expression.Assign(Expression.ArrayAccess(arrays[nameof(EvaluationFrame.ScoreState)], index),
                Expression.Constant((byte)(NumberState.Value + 1))));
            scoreValue[score.Index] = value;
            inProgress.Remove(score);
        }

        /// <summary>Leaves the method: something is unknown or has no value, and the nodes decide the rest.</summary>
        private GotoExpression Stop() => Expression.Return(stop, Expression.Constant(-1));

        private ParameterExpression Local(Type type, string name)
        {
            var local = Expression.Variable(type, name);
            locals.Add(local);
            return local;
        }

        /// <summary>The memo's encoding: 0 not decided, else the truth + 1.</summary>
        private Expression Memo(string array, int index, ParameterExpression truth) =>
            Expression.Assign(Expression.ArrayAccess(arrays[array], Expression.Constant(index)),
                Expression.Condition(truth, Expression.Constant((byte)(Truth.True + 1)), Expression.Constant((byte)(Truth.False + 1))));

        /// <summary>
        /// Stops the method unless every fact in <paramref name="slots"/> is known. Checked before the conditions
        /// that read them, so a condition is a plain expression with no way out of it.
        /// </summary>
        private void RequireKnown(IEnumerable<int> slots)
        {
            // One branch for all of them (non-short-circuit &): a profile has its unknowns or not, and the test is
            // cheaper than a branch per fact.
            var allKnown = slots.Distinct()
                .Select(slot => (Expression)Expression.Field(Expression.ArrayIndex(values, Expression.Constant(slot)), KnownField))
                .DefaultIfEmpty(Expression.Constant(true))
                .Aggregate(Expression.And);
            body.Add(Expression.IfThen(Expression.Not(allKnown), Stop()));
        }

        /// <summary>Stops the method unless each array is at least as long as its length (see <see cref="Build"/>).</summary>
        private void RequireLengths(params (ParameterExpression Array, int Length)[] arrays)
        {
            var tooShort = arrays.Where(a => a.Length > 0)
                .Select(a => (Expression)Expression.LessThan(Expression.ArrayLength(a.Array), Expression.Constant(a.Length)))
                .DefaultIfEmpty(Expression.Constant(false))
                .Aggregate(Expression.OrElse);
            body.Add(Expression.IfThen(tooShort, Stop()));
        }

        private Expression Value(int slot, FieldInfo field) =>
            Expression.Field(Expression.ArrayIndex(values, Expression.Constant(slot)), field);

        private Expression Condition(BoundCondition condition) => condition switch
        {
            BoundAnd a => a.Operands.Select(Condition).Aggregate(Expression.AndAlso),
            BoundOr o => o.Operands.Select(Condition).Aggregate(Expression.OrElse),
            BoundNot n => Expression.Not(Condition(n.Operand)),
            BoundLiteral l => Expression.Constant(l.Value),
            BoundFact f when f.Fact.IsConcluded => concludedTruth[f.Fact.Index]!,
            BoundFact f => Expression.NotEqual(Value(f.Fact.Index, NumberField), Expression.Constant(0.0)),
            // A concluded fact is decided here, and a score a single number (else the method stopped).
            BoundKnown k when k.Fact.IsConcluded => Expression.Constant(true),
            BoundKnown k => Value(k.Fact.Index, KnownField),
            BoundKnownScore => Expression.Constant(true),
            BoundIn i => Has(i.Fact.Index, i.Values),
            BoundHas h => Has(h.Fact.Index, 1UL << h.Value),
            BoundComparison c => Expression.Call(CompareNumbers, Number(c.Left), Expression.Constant(c.Operator), Number(c.Right)),
            _ => throw BoundTree.Unhandled(condition),
        };

        private Expression Has(int slot, ulong mask) =>
            Expression.NotEqual(Expression.And(Value(slot, ValuesField), Expression.Constant(mask)), Expression.Constant(0UL));

        private Expression Number(BoundExpression expression)
        {
            switch (expression)
            {
                case BoundNumber n:
                    return Expression.Constant(n.Value);
                case BoundFactValue f:
                    return Value(f.Fact.Index, NumberField);
                case BoundScoreValue s:
                    return scoreValue[s.Score.Index]!;
                case BoundCount count:
                    // As many as are true: all are decided here.
                    return count.Conditions
                        .Select(c => (Expression)Expression.Condition(Condition(c), Expression.Constant(1.0), Expression.Constant(0.0)))
                        .Aggregate((Expression)Expression.Constant(0.0), Expression.Add);
                case BoundNegate n:
                    return Expression.Negate(Number(n.Operand));
                case BoundChain chain:
                    // (a op1 b) op2 c, one step at a time, as statements before the condition that reads it (an
                    // expression cannot leave the method): the method stops at the first step with no single value.
                    var result = Local(typeof(double), "chain");
                    var first = Number(chain.First);
                    body.Add(Expression.Assign(result, first));
                    foreach (var (op, operand) in chain.Rest)
                    {
                        var right = Number(operand);
                        body.Add(Expression.Assign(result, op switch
                        {
                            ArithmeticOperator.Add => Expression.Add(result, right),
                            ArithmeticOperator.Subtract => Expression.Subtract(result, right),
                            ArithmeticOperator.Multiply => Expression.Multiply(result, right),
                            ArithmeticOperator.Divide => Expression.Divide(result, right),
                            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not an arithmetic operator"),
                        }));
                        // As Arithmetic.Apply on two single numbers: a step is defined when its result is finite (a
                        // division by zero gives an infinity or NaN; an overflow an infinity).
                        body.Add(Expression.IfThen(Expression.Not(Expression.Call(IsFinite, result)), Stop()));
                    }
                    return result;
                default:
                    throw BoundTree.Unhandled(expression);
            }
        }
    }
}
