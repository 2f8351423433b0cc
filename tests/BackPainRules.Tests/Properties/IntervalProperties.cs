using BackPainRules.Compilation;
using BackPainRules.Evaluation;
using BackPainRules.Profiles;
using BackPainRules.Semantics;
using FsCheck;
using PropertyAttribute = FsCheck.NUnit.PropertyAttribute;

namespace BackPainRules.Tests.Properties;

/// <summary>
/// SPEC §4's promises about numbers with unknowns, checked on random rule sets (scores, <c>count of</c>,
/// arithmetic over facts with declared ranges, no <c>known</c>) and random partial profiles:
/// a decided result is the result of every way of filling in the blanks (soundness), a decided result
/// stays decided as facts are added (monotonicity), and a score's bounds hold every value it can take.
/// </summary>
public class IntervalProperties
{
    private static CompiledRuleSet Compile(string text)
    {
        var ruleSet = RuleSet.FromText(text, "random.rules");
        ruleSet.HasErrors.Should().BeFalse(string.Join("\n", ruleSet.Diagnostics.Where(d => d.IsError)) + "\n" + text);
        return ruleSet.Compile();
    }

    private static Truth[] RuleTruths(CompiledRuleSet rules, EvaluationResult result)
    {
        var truths = new Truth[rules.Model.Rules.Length];
        var fired = result.Fired.ToHashSet();
        var undetermined = result.Undetermined.Select(u => u.Rule).ToHashSet();
        foreach (var rule in rules.Model.Rules)
        {
            truths[rule.Index] = fired.Contains(rule.Id) ? Truth.True : undetermined.Contains(rule.Id) ? Truth.Unknown : Truth.False;
        }
        return truths;
    }

    /// <summary>Completions of <paramref name="partial"/>: every unknown input fact given a value, the first two from the ends of each fact's candidates.</summary>
    private static IEnumerable<FactValue[]> Completions(CompiledRuleSet rules, FactValue[] partial, Random random, int count)
    {
        var unknown = rules.Facts.Where(f => !f.IsConcluded && !partial[f.Index].IsKnown).ToList();
        var candidates = unknown.Select(f => RandomRuleSets.Candidates(f, random)).ToList();
        for (int n = 0; n < count; n++)
        {
            var values = (FactValue[])partial.Clone();
            for (int i = 0; i < unknown.Count; i++)
            {
                var options = candidates[i];
                values[unknown[i].Index] = n switch
                {
                    0 => options[0],
                    1 => options[1],
                    _ => options[random.Next(options.Length)],
                };
            }
            yield return values;
        }
    }

    private static string Describe(CompiledRuleSet rules, FactValue[] values) => RandomRuleSets.Json(rules, values);

    /// <summary>
    /// Soundness (issue #12 item 2): whenever a rule (and so a comparison: many rules are one comparison)
    /// is decided with facts unknown, every completion within the declared ranges decides it the same
    /// way; a score's value in every completion lies within the bounds the partial profile gave it.
    /// </summary>
    [Property(MaxTest = 25)]
    public void A_rule_decided_with_unknowns_is_decided_the_same_way_by_every_completion(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var text = RandomRuleSets.Generate(random, rules: 30, withKnown: false);
        var rules = Compile(text);
        int decidedWithUnknowns = 0;
        var failures = new List<string>();
        for (int p = 0; p < 6; p++)
        {
            var partial = RandomRuleSets.PartialValues(rules, random, unknown: 0.25 + 0.1 * p);
            var partialResult = rules.Evaluate(RandomRuleSets.Profile(rules, partial));
            var partialTruths = RuleTruths(rules, partialResult);
            decidedWithUnknowns += partialTruths.Count(t => t != Truth.Unknown);
            foreach (var completion in Completions(rules, partial, random, count: 40))
            {
                var result = rules.Evaluate(RandomRuleSets.Profile(rules, completion));
                var truths = RuleTruths(rules, result);
                foreach (var rule in rules.Model.Rules)
                {
                    var before = partialTruths[rule.Index];
                    if (before == Truth.Unknown || truths[rule.Index] == before) continue;
                    failures.Add($"rule {rule.Id} ({rule.ConditionText}) was decided {before} on {Describe(rules, partial)}, but the completion {Describe(rules, completion)} gives {truths[rule.Index]}");
                }
                for (int s = 0; s < result.Scores.Count; s++)
                {
                    var bounds = partialResult.Scores[s];
                    var value = result.Scores[s];
                    if (bounds.Min is null && bounds.Max is null && bounds.Value is null || value.Value is not { } v) continue;
                    if (v >= (bounds.Min ?? double.NegativeInfinity) && v <= (bounds.Max ?? double.PositiveInfinity)) continue;
                    failures.Add($"score {value.Id} = {rules.Model.Scores[s].ExpressionText}: {v} from {Describe(rules, completion)} is outside {bounds.Min}..{bounds.Max} from {Describe(rules, partial)}");
                }
            }
        }
        failures.Take(5).Should().BeEmpty(text);
        // Vacuity guard: the profiles do leave rules decided with unknowns (counted over every profile of this rule set).
        decidedWithUnknowns.Should().BeGreaterThan(0);
    }

    /// <summary>
    /// Monotonicity: giving more facts never takes a decided rule back to unknown (nor changes it), a
    /// score that has a value keeps one, and its bounds only narrow.
    /// </summary>
    [Property(MaxTest = 25)]
    public void Giving_more_facts_never_undecides_a_rule_nor_widens_a_score(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var text = RandomRuleSets.Generate(random, rules: 30, withKnown: false);
        var rules = Compile(text);
        var failures = new List<string>();
        int steps = 0;
        for (int p = 0; p < 10; p++)
        {
            var values = RandomRuleSets.PartialValues(rules, random, unknown: 0.8);
            var unknown = rules.Facts.Where(f => !f.IsConcluded && !values[f.Index].IsKnown).OrderBy(_ => random.Next()).ToList();
            var previous = rules.Evaluate(RandomRuleSets.Profile(rules, values));
            // Fill in the unknown facts one at a time, each step a superset of the one before.
            foreach (var fact in unknown)
            {
                var before = (FactValue[])values.Clone();
                var candidates = RandomRuleSets.Candidates(fact, random);
                values[fact.Index] = candidates[random.Next(candidates.Length)];
                var next = rules.Evaluate(RandomRuleSets.Profile(rules, values));
                var was = RuleTruths(rules, previous);
                var now = RuleTruths(rules, next);
                foreach (var rule in rules.Model.Rules)
                {
                    if (was[rule.Index] == Truth.Unknown || now[rule.Index] == was[rule.Index]) continue;
                    failures.Add($"rule {rule.Id} ({rule.ConditionText}) was {was[rule.Index]} on {Describe(rules, before)} and is {now[rule.Index]} once {fact.Name} is given: {Describe(rules, values)}");
                }
                for (int s = 0; s < next.Scores.Count; s++)
                {
                    var a = previous.Scores[s];
                    var b = next.Scores[s];
                    bool hadValue = a.Value is not null || a.Min is not null || a.Max is not null;
                    if (!hadValue) continue;
                    bool kept = (a.Value is not { } known || b.Value == known)
                                && (a.Min is not { } min || b.Min is { } newMin && newMin >= min)
                                && (a.Max is not { } max || b.Max is { } newMax && newMax <= max);
                    if (!kept) failures.Add($"score {a.Id} went from {a.Value} [{a.Min}..{a.Max}] to {b.Value} [{b.Min}..{b.Max}] when {fact.Name} was given: {Describe(rules, values)}");
                }
                previous = next;
                steps++;
            }
        }
        failures.Take(5).Should().BeEmpty(text);
        steps.Should().BeGreaterThan(0);
    }
}
