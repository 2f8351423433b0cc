using BackPainRules.Compilation;
using BackPainRules.Evaluation;
using BackPainRules.Semantics;

namespace BackPainRules.Tests.Evaluation;

/// <summary>
/// C# cannot close a class hierarchy, so a new kind of bound node that some walk forgets would only
/// show up as an exception (or, worse, a default arm) at run time. This holds every kind to a sample
/// rule, and runs each sample through every way of evaluating (the nodes, and the second tier on fully known
/// profiles): results, explanations and tests agree
/// with the independent reference, and no walk meets a kind it does not handle. Adding a kind without
/// a sample here fails the first test.
/// </summary>
public class BoundNodeKindsTests
{
    private const string Samples = """
        fact a: bool
        fact b: bool
        fact c: bool
        fact n: number 0..100
        fact m: number 0..100
        fact sport: one of run, swim
        fact days: any of mon, tue
        recommendation r
        rule k_and: if a and b then recommend r
        rule k_or: if a or b then recommend r
        rule k_not: if not a then recommend r
        rule k_literal: if true then recommend r
        rule k_known: if known n then recommend r
        rule k_in: if sport in (run, swim) then recommend r
        rule k_is_not: if sport is not run then recommend r
        rule k_has: if days has mon then recommend r
        rule k_arithmetic: if n + m * 2 / 4 - -n > 10 then recommend r
        rule k_concludes: if a or n > 50 then conclude c
        rule k_concluded: if c and not b then recommend r
        score s_count = count of (a, b, sport is run, n > 20) "How many"
        score s_scaled = s_count * 10 / (m + 1)
        rule k_score: if s_scaled >= 5 or known s_count then recommend r
        """;

    /// <summary>The kinds no rule set without errors contains: they stand for a part already reported as an error.</summary>
    private static readonly Type[] ErrorKinds = [typeof(BoundError), typeof(BoundExpressionError)];

    private static readonly CompiledRuleSet Rules = TestRules.Compile(Samples);

    [Test]
    public void Every_kind_of_bound_condition_and_expression_has_a_sample()
    {
        var kinds = typeof(BoundCondition).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && (t.IsSubclassOf(typeof(BoundCondition)) || t.IsSubclassOf(typeof(BoundExpression))))
            .Except(ErrorKinds)
            .ToList();
        var sampled = Rules.Model.Rules.SelectMany(rule => Nodes(rule.Condition))
            .Concat(Rules.Model.Scores.SelectMany(score => Nodes(score.Expression)))
            .Select(node => node.GetType()).Distinct().ToList();
        sampled.Should().BeEquivalentTo(kinds, "every kind needs a sample rule above, so every walk is run over it");
    }

    [TestCase("{}")]
    [TestCase("""{"a": true, "b": false, "n": 12, "m": 40, "sport": "swim", "days": ["mon"]}""")]
    [TestCase("""{"a": false, "n": 60}""")]
    [TestCase("""{"b": true, "sport": "run", "days": []}""")]
    public void Every_kind_evaluates_explains_and_agrees_with_the_reference(string json)
    {
        var profile = Rules.ReadProfile(json).Profile!;
        var result = Rules.Evaluate(profile);
        result.ToJson().Should().Be(ReferenceEvaluator.Evaluate(Rules, profile).ToJson());

        var explanation = Rules.Explain(profile);
        explanation.Result.ToJson().Should().Be(result.ToJson());
        explanation.Fired.Select(f => f.Rule).Should().Equal(result.Fired);
        explanation.Undetermined.Select(u => (u.Rule, string.Join(",", u.Missing)))
            .Should().Equal(result.Undetermined.Select(u => (u.Rule, string.Join(",", u.Missing))));
        foreach (var rule in explanation.Fired.Concat(explanation.Undetermined))
        {
            rule.Condition.Truth.Should().Be(rule.Truth, $"the traced condition of '{rule.Rule}' is its rule's truth");
        }
    }

    [TestCase("""{"a": true, "b": false, "n": 12, "m": 40, "sport": "swim", "days": ["mon"]}""")]
    [TestCase("""{"a": false, "b": true, "n": 60, "m": 0, "sport": "run", "days": []}""")]
    [TestCase("""{"a": true, "b": true, "n": 100, "m": 100, "sport": "run", "days": ["mon", "tue"]}""")]
    public void Every_kind_decides_in_the_second_tier_as_the_reference(string json)
    {
        // Fully known profiles, which the second tier decides by itself.
        var rules = CompiledRuleSet.Compile(Rules.Model);
        rules.Engine.CompileSecondTier();
        var profile = rules.ReadProfile(json).Profile!;
        var frame = new EvaluationFrame(rules.Engine.Program);
        frame.Reset(profile.Values);
        KnownValuesTier.Compile(rules.Model)!(frame).Should().BeGreaterThanOrEqualTo(0, "every fact is known, so the tier decides every rule");
        rules.Evaluate(profile).ToJson().Should().Be(ReferenceEvaluator.Evaluate(rules, profile).ToJson());
    }

    private static IEnumerable<object> Nodes(BoundCondition condition)
    {
        yield return condition;
        foreach (var operand in BoundTree.Operands(condition))
        {
            foreach (var node in Nodes(operand)) yield return node;
        }
        if (condition is BoundComparison comparison)
        {
            foreach (var node in Nodes(comparison.Left).Concat(Nodes(comparison.Right))) yield return node;
        }
    }

    private static IEnumerable<object> Nodes(BoundExpression expression)
    {
        yield return expression;
        var children = expression switch
        {
            BoundNegate negate => [negate.Operand],
            BoundChain chain => new[] { chain.First }.Concat(chain.Rest.Select(link => link.Operand)),
            _ => Enumerable.Empty<BoundExpression>(),
        };
        foreach (var child in children)
        {
            foreach (var node in Nodes(child)) yield return node;
        }
        if (expression is BoundCount count)
        {
            foreach (var node in count.Conditions.SelectMany(Nodes)) yield return node;
        }
    }
}
