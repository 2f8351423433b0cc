using BackPainRules.Compilation;
using BackPainRules.Evaluation;
using BackPainRules.Semantics;
using FsCheck;
using PropertyAttribute = FsCheck.NUnit.PropertyAttribute;

namespace BackPainRules.Tests.Properties;

/// <summary>
/// The compiled path (<c>Evaluate</c>), the explaining path (<c>Explain</c>) and the independent reference
/// evaluator agree on random rule sets with scores, <c>count of</c>, arithmetic, <c>known</c> and
/// <c>unless</c> (issue #12 item 2), on random partial profiles read from JSON.
/// </summary>
public class ExplainProperties
{
    [Property(MaxTest = 30)]
    public void Evaluate_explain_and_the_reference_agree_on_rule_sets_with_scores_count_of_and_unless(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var text = RandomRuleSets.Generate(random, rules: 30);
        var ruleSet = RuleSet.FromText(text, "random.rules");
        ruleSet.HasErrors.Should().BeFalse(string.Join("\n", ruleSet.Diagnostics.Where(d => d.IsError)) + "\n" + text);
        var rules = ruleSet.Compile();
        for (int i = 0; i < 15; i++)
        {
            var json = RandomRuleSets.Json(rules, RandomRuleSets.PartialValues(rules, random, unknown: 0.15 * (i % 6)));
            var profile = rules.ReadProfile(json, $"p{i}").Profile!;
            string because = $"profile {json}\n{text}";

            var evaluated = rules.Evaluate(profile);
            var reference = ReferenceEvaluator.Evaluate(rules, profile);
            var explained = rules.Explain(profile);
            evaluated.ToJson().Should().Be(reference.ToJson(), because);
            explained.Result.ToJson().Should().Be(evaluated.ToJson(), because);

            explained.Fired.Select(r => r.Rule).Should().Equal(evaluated.Fired, because);
            explained.Undetermined.Select(r => (r.Rule, string.Join(",", r.Missing)))
                .Should().Equal(evaluated.Undetermined.Select(u => (u.Rule, string.Join(",", u.Missing))), because);

            // Each traced part's truth is the reference's truth of that part, all the way down.
            var judge = new ReferenceEvaluator(rules, profile);
            foreach (var explanation in explained.Fired.Concat(explained.Undetermined))
            {
                var rule = rules.Model.Rules.Single(r => r.Id == explanation.Rule);
                explanation.Truth.Should().Be(explained.Fired.Contains(explanation) ? Truth.True : Truth.Unknown, because);
                explanation.Condition.Truth.Should().Be(explanation.Truth, because);
                CheckTrace(explanation.Condition, rule.Condition, rule, judge, because);
            }
        }
    }

    private static void CheckTrace(ConditionTrace trace, BoundCondition condition, RuleSymbol rule, ReferenceEvaluator judge, string because)
    {
        trace.Text.Should().Be(rule.Source[condition.Syntax.Span], because);
        trace.Truth.Should().Be(judge.Evaluate(condition), $"the truth of '{trace.Text}' in rule {rule.Id}, {because}");
        if (trace.Parts.Count == 0) return;
        var operands = BoundTree.Operands(condition);
        trace.Parts.Should().HaveCount(operands.Count, because);
        for (int i = 0; i < operands.Count; i++) CheckTrace(trace.Parts[i], operands[i], rule, judge, because);
    }
}
