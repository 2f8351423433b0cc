using System.Globalization;
using System.Text;
using BackPainRules.Compilation;
using BackPainRules.Evaluation;
using BackPainRules.Testing;

namespace BackPainRules.Tests.Compilation;

/// <summary>
/// The compiled evaluator against the straightforward one: same bytes of JSON for every test block of the
/// examples and golden files, every example profile, and random rule sets with random, partly unknown profiles.
/// </summary>
public class DifferentialTests
{
    private static void AssertSame(CompiledRuleSet rules, BackPainRules.Profiles.Profile profile, string what) =>
        rules.Evaluate(profile).ToJson().Should().Be(ReferenceEvaluator.Evaluate(rules, profile).ToJson(), what);

    [Test]
    public void Every_test_block_of_the_examples_gives_the_same_result_both_ways()
    {
        foreach (var file in Directory.EnumerateFiles(Repo.Examples, "*.rules"))
        {
            var ruleSet = RuleSet.Load(file);
            ruleSet.HasErrors.Should().BeFalse();
            var compiled = ruleSet.Compile();
            compiled.Model.Tests.Should().NotBeEmpty();
            foreach (var test in compiled.Model.Tests) AssertSame(compiled, TestRunner.ProfileOf(compiled, test), test.Name);
        }
    }

    [Test]
    public void Every_example_profile_gives_the_same_result_both_ways()
    {
        var compiled = RuleSet.BuiltIn.Compile();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Repo.Examples, "profiles")).Where(p => !p.EndsWith(".expected.json")))
        {
            foreach (var read in compiled.ReadProfiles(file)) AssertSame(compiled, read.Profile!, read.Name);
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    public void Random_rule_sets_and_profiles_give_the_same_result_both_ways(int seed) => RandomRuleSetsAgree(seed, rules: 60);

    // More than 64 rules: the result assembly's bit sets of rules take several words.
    [TestCase(6, 150)]
    [TestCase(7, 300)]
    public void Random_rule_sets_of_more_than_64_rules_give_the_same_result_both_ways(int seed, int rules) => RandomRuleSetsAgree(seed, rules);

    private static void RandomRuleSetsAgree(int seed, int rules)
    {
        var random = new Random(seed);
        var text = RandomRuleSet(random, rules);
        var ruleSet = RuleSet.FromText(text, $"random{seed}.rules");
        ruleSet.HasErrors.Should().BeFalse(string.Join("\n", ruleSet.Diagnostics.Where(d => d.IsError)));
        var compiled = ruleSet.Compile();
        for (int i = 0; i < 300; i++)
        {
            var json = RandomProfile(random, compiled);
            var read = compiled.ReadProfile(json, $"p{i}");
            read.HasErrors.Should().BeFalse(json);
            AssertSame(compiled, read.Profile!, json);
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Random_rule_sets_with_scores_count_of_and_unless_give_the_same_result_both_ways(int seed) => RandomRuleSetsWithScoresAgree(seed, rules: 60);

    [TestCase(4, 150)]
    [TestCase(5, 260)]
    public void Random_rule_sets_with_scores_and_more_than_64_rules_give_the_same_result_both_ways(int seed, int rules) =>
        RandomRuleSetsWithScoresAgree(seed, rules);

    private static void RandomRuleSetsWithScoresAgree(int seed, int rules)
    {
        var random = new Random(seed);
        var compiled = CompileWithoutErrors(RandomRuleSets.Generate(random, rules), $"scores{seed}.rules");
        compiled.Model.Scores.Should().NotBeEmpty();
        compiled.Model.Recommendations.Should().Contain(r => r.Unless != null);
        var results = AgreeOnRandomProfiles(compiled, random, unknownSteps: 8);
        // The new parts of the result were exercised, not only the old ones.
        results.Sum(r => r.Withheld.Count).Should().BeGreaterThan(0);
        results.Sum(r => r.Scores.Count(s => s.IsKnown)).Should().BeGreaterThan(0);
    }

    private static CompiledRuleSet CompileWithoutErrors(string text, string path)
    {
        var ruleSet = RuleSet.FromText(text, path);
        ruleSet.HasErrors.Should().BeFalse(string.Join("\n", ruleSet.Diagnostics.Where(d => d.IsError)));
        return ruleSet.Compile();
    }

    /// <summary>
    /// Asserts that 300 random profiles, from fully known to a tenth unknown per step of <paramref name="unknownSteps"/>,
    /// give the reference result; returns the results.
    /// </summary>
    private static List<EvaluationResult> AgreeOnRandomProfiles(CompiledRuleSet compiled, Random random, int unknownSteps)
    {
        var results = new List<EvaluationResult>();
        for (int i = 0; i < 300; i++)
        {
            var json = RandomRuleSets.Json(compiled, RandomRuleSets.PartialValues(compiled, random, unknown: 0.1 * (i % unknownSteps)));
            var read = compiled.ReadProfile(json, $"p{i}");
            read.HasErrors.Should().BeFalse(json);
            AssertSame(compiled, read.Profile!, json);
            results.Add(compiled.Evaluate(read.Profile!));
        }
        return results;
    }

    [Test]
    public void Random_rule_sets_with_more_than_64_items_and_concluded_facts_give_the_same_result_both_ways()
    {
        // The result assembly keeps the items of each list, and the concluded facts, as bit sets of 64 a word.
        var random = new Random(8);
        var compiled = CompileWithoutErrors(RandomRuleSets.Generate(random, rules: 800, recommendations: 100, concluded: 80), "wide.rules");
        var results = AgreeOnRandomProfiles(compiled, random, unknownSteps: 4);
        // The second word of each bit set was used, and so were the withheld items.
        results.SelectMany(r => r.Recommendations.Concat(r.Avoid).Select(item => item.Id).Concat(r.Withheld.Select(w => w.Id)))
            .Distinct().Count().Should().BeGreaterThan(64);
        results.SelectMany(r => r.Concluded).Distinct().Count().Should().BeGreaterThan(64);
        results.Sum(r => r.Withheld.Count).Should().BeGreaterThan(0);
    }

    [Test]
    public void A_number_fact_compared_with_a_number_decides_as_the_reference_either_way_round()
    {
        // Such comparisons get a node of their own per operator; a number written first is turned round.
        string[] operators = ["<", "<=", ">", ">=", "=", "!="];
        var text = new System.Text.StringBuilder("fact x: number 0..10\nfact y: number\n");
        for (int i = 0; i < operators.Length; i++) text.Append($"recommendation a{i}\nrecommendation b{i}\nrecommendation c{i}\n");
        for (int i = 0; i < operators.Length; i++)
        {
            text.Append($"rule fact_first_{i}: if x {operators[i]} 5 then recommend a{i}\n");
            text.Append($"rule number_first_{i}: if 5 {operators[i]} x then recommend b{i}\n");
            text.Append($"rule open_range_{i}: if 5 {operators[i]} y then recommend c{i}\n");
        }
        var compiled = TestRules.Compile(text.ToString());
        // Below, at (and within the tolerance of), and above the number; unknown with a declared range and without.
        foreach (var x in new[] { "0", "4.999", "5", "5.0000000001", "5.001", "10", "null" })
        {
            foreach (var y in new[] { "-1e300", "5", "1e300", "null" })
            {
                string json = $$"""{"x": {{x}}, "y": {{y}}}""";
                AssertSame(compiled, compiled.ReadProfile(json).Profile!, json);
            }
        }
    }

    [Test]
    public void Sub_conditions_written_twice_are_decided_once_and_agree()
    {
        var compiled = TestRules.Compile("""
            fact a: bool
            fact n: number
            recommendation x
            recommendation y
            rule one: if (a and n > 3) or not a then recommend x
            rule two: if (a and n > 3) and n < 9 then recommend y
            """);
        foreach (var json in new[] { "{}", "{\"a\": true}", "{\"a\": true, \"n\": 5}", "{\"a\": false, \"n\": 10}", "{\"n\": 2}" })
        {
            AssertSame(compiled, compiled.ReadProfile(json).Profile!, json);
        }
    }

    /// <summary>Bool, number and enum facts; 2–5 atoms a condition; concluded facts in layers so there are no cycles.</summary>
    internal static string RandomRuleSet(Random random, int rules)
    {
        var text = new StringBuilder();
        int bools = 8, numbers = 6, enums = 4, concluded = 6;
        for (int i = 0; i < bools; i++) text.Append($"fact b{i}: bool\n");
        for (int i = 0; i < numbers; i++) text.Append($"fact n{i}: number 0..100\n");
        for (int i = 0; i < enums; i++) text.Append($"fact e{i}: one of p, q, r\n");
        text.Append("fact s0: any of p, q, r\n");
        for (int i = 0; i < concluded; i++) text.Append($"fact c{i}: bool\n");
        string[] priorities = { "urgent", "high", "normal", "low" };
        for (int i = 0; i < 8; i++) text.Append($"recommendation r{i} priority {priorities[random.Next(4)]}\n");

        string Atom(int layer)
        {
            switch (random.Next(9))
            {
                case 0: return $"b{random.Next(bools)}";
                case 1: return $"not b{random.Next(bools)}";
                case 2: return $"n{random.Next(numbers)} {new[] { "<", "<=", ">", ">=", "=", "!=" }[random.Next(6)]} {random.Next(101)}";
                case 3: return $"(n{random.Next(numbers)} + n{random.Next(numbers)}) / {random.Next(3)} > {random.Next(80)}";
                case 4: return $"e{random.Next(enums)} is {"pqr"[random.Next(3)]}";
                case 5: return $"e{random.Next(enums)} in (p, {"qr"[random.Next(2)]})";
                case 6: return $"s0 has {(random.Next(2) == 0 ? "not " : "")}{"pqr"[random.Next(3)]}";
                case 7: return layer > 0 ? $"c{random.Next(layer)}" : "known n0";
                default: return $"known b{random.Next(bools)}";
            }
        }

        for (int i = 0; i < rules; i++)
        {
            int layer = Math.Min(concluded, i * concluded / rules);
            var atoms = Enumerable.Range(0, random.Next(2, 6)).Select(_ => Atom(layer)).ToList();
            var condition = atoms[0];
            foreach (var atom in atoms.Skip(1)) condition = random.Next(3) == 0 ? $"({condition}) or {atom}" : $"{condition} and {atom}";
            string action = layer < concluded && random.Next(4) == 0
                ? $"conclude c{layer}"
                : random.Next(5) == 0 ? $"avoid r{random.Next(8)}" : $"recommend r{random.Next(8)}";
            text.Append($"rule x{i}: if {condition} then {action}\n");
        }
        return text.ToString();
    }

    internal static string RandomProfile(Random random, CompiledRuleSet rules)
    {
        var json = new StringBuilder("{");
        // Concluded facts are decided by their rules alone; a profile cannot give them (SPEC §4).
        foreach (var fact in rules.Facts.Where(f => !f.IsConcluded))
        {
            int choice = random.Next(5);
            if (choice == 0) continue; // absent: unknown
            if (json.Length > 1) json.Append(',');
            json.Append('"').Append(fact.Name).Append("\":");
            if (choice == 1) { json.Append("null"); continue; }
            json.Append(fact.Type switch
            {
                BackPainRules.Semantics.FactType.Bool => random.Next(2) == 0 ? "true" : "false",
                BackPainRules.Semantics.FactType.Number => random.Next(101).ToString(CultureInfo.InvariantCulture),
                BackPainRules.Semantics.FactType.OneOf => $"\"{fact.Values[random.Next(fact.Values.Length)]}\"",
                _ => "[" + string.Join(",", fact.Values.Where(_ => random.Next(2) == 0).Select(v => $"\"{v}\"")) + "]",
            });
        }
        return json.Append('}').ToString();
    }
}
