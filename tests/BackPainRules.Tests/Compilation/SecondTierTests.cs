using BackPainRules.Compilation;
using BackPainRules.Evaluation;
using BackPainRules.Tests.Support;

namespace BackPainRules.Tests.Compilation;

/// <summary>
/// The evaluator's second tier (KnownValuesTier): rules and scores compiled to code for profiles whose facts are
/// known, filling the memo the nodes then read. Held to the reference evaluator like the nodes are, on fully known
/// profiles (where it decides everything) and on partial ones (where it stops at the first unknown).
/// </summary>
public class SecondTierTests
{
    private static CompiledRuleSet WithSecondTier(string text)
    {
        var compiled = TestRules.Compile(text, "tier.rules");
        compiled.Engine.CompileSecondTier();
        compiled.Engine.HasSecondTier.Should().BeTrue();
        return compiled;
    }

    private static void AgreesWithTheReference(CompiledRuleSet compiled, IEnumerable<string> profiles)
    {
        foreach (var json in profiles)
        {
            var profile = compiled.ReadProfile(json).Profile!;
            compiled.Evaluate(profile).ToJson().Should().Be(ReferenceEvaluator.Evaluate(compiled, profile).ToJson(), json);
        }
    }

    private static void AgreesWithTheReference(CompiledRuleSet compiled, Random random, int profiles)
    {
        for (int i = 0; i < profiles; i++)
        {
            // Three in four fully known (the tier decides all); the rest with unknowns (it stops part way).
            var values = RandomRuleSets.PartialValues(compiled, random, unknown: i % 4 == 3 ? 0.15 : 0);
            var profile = RandomRuleSets.Profile(compiled, values, $"p{i}");
            compiled.Evaluate(profile).ToJson().Should().Be(ReferenceEvaluator.Evaluate(compiled, profile).ToJson(),
                RandomRuleSets.Json(compiled, values));
        }
    }

    [TestCase(1, 40)]
    [TestCase(2, 60)]
    [TestCase(3, 150)]
    public void Random_rule_sets_give_the_reference_result_with_the_second_tier(int seed, int rules)
    {
        var random = new Random(seed);
        AgreesWithTheReference(WithSecondTier(DifferentialTests.RandomRuleSet(random, rules)), random, 400);
    }

    [TestCase(1, 40)]
    [TestCase(2, 60)]
    [TestCase(3, 150)]
    public void Random_rule_sets_with_scores_count_of_known_and_unless_give_the_reference_result_with_the_second_tier(int seed, int rules)
    {
        var random = new Random(seed);
        var compiled = WithSecondTier(RandomRuleSets.Generate(random, rules));
        compiled.Model.Scores.Should().NotBeEmpty();
        AgreesWithTheReference(compiled, random, 400);
    }

    [Test]
    public void The_built_in_rule_set_gives_the_same_results_with_and_without_the_second_tier()
    {
        // Compiled afresh each (RuleSet.Compile is shared), so only one of them has the tier.
        var nodes = CompiledRuleSet.Compile(RuleSet.BuiltIn.Model);
        var tier = CompiledRuleSet.Compile(RuleSet.BuiltIn.Model);
        tier.Engine.CompileSecondTier();
        tier.Engine.HasSecondTier.Should().BeTrue();
        nodes.Engine.HasSecondTier.Should().BeFalse();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Repo.Examples, "profiles"), "*.json").Where(p => !p.EndsWith(".expected.json")))
        {
            foreach (var read in nodes.ReadProfiles(file)) tier.Evaluate(read.Profile!).ToJson().Should().Be(nodes.Evaluate(read.Profile!).ToJson(), read.Name);
        }
        var random = new Random(18);
        for (int i = 0; i < 500; i++)
        {
            var values = RandomRuleSets.PartialValues(nodes, random, unknown: i % 2 == 0 ? 0 : 0.1);
            var profile = RandomRuleSets.Profile(nodes, values);
            tier.Evaluate(profile).ToJson().Should().Be(nodes.Evaluate(profile).ToJson(), RandomRuleSets.Json(nodes, values));
        }
    }

    [Test]
    public void On_a_fully_known_profile_the_tier_decides_every_rule_and_score_and_it_leaves_a_profile_with_an_unknown_fact_to_the_nodes()
    {
        var compiled = TestRules.Compile("""
            fact pain: number 0..10
            fact sits: bool
            fact weeks: number
            score load = count of (pain >= 5, sits) * 2 + pain / 2
            fact overloaded: bool
            recommendation rest
            rule busy: if sits then conclude overloaded
            rule heavy: if load >= 4 and overloaded then recommend rest
            rule long: if weeks > 20 then recommend rest
            """);
        var tier = KnownValuesTier.Compile(compiled.Model)!;
        var known = new EvaluationFrame(compiled.Engine.Program);
        known.Reset(compiled.ReadProfile("""{"pain": 6, "sits": true, "weeks": 30}""").Profile!.Values);
        tier(known).Should().Be(3, "every rule fired");
        known.FiredRules.Should().Equal(0, 1, 2);
        known.FiredBits.Should().Equal(0b111UL);
        known.RuleTruth.Should().OnlyContain(memo => memo != 0, "every rule is decided");
        known.ScoreState.Should().OnlyContain(memo => memo != 0, "every score has its value");
        known.ScoreValue[0].Should().Be(new BackPainRules.Semantics.Interval(7, 7));

        var partial = new EvaluationFrame(compiled.Engine.Program);
        partial.Reset(compiled.ReadProfile("""{"pain": 6, "sits": true}""").Profile!.Values);
        tier(partial).Should().Be(-1, "'long' reads weeks, which is unknown: the tier leaves the profile to the nodes");
        var profile = compiled.ReadProfile("""{"pain": 6, "sits": true}""").Profile!;
        compiled.Engine.CompileSecondTier();
        compiled.Evaluate(profile).ToJson().Should().Be(ReferenceEvaluator.Evaluate(compiled, profile).ToJson());
    }

    [Test]
    public void The_tier_leaves_a_frame_whose_arrays_are_shorter_than_its_rule_set_to_the_nodes()
    {
        // The tier indexes with constants after checking each array's length once; a frame of another, smaller
        // rule set must make it stop, not read out of bounds or throw.
        var large = TestRules.Compile("""
            fact a: bool
            fact b: number
            recommendation x
            rule one: if a then recommend x
            rule two: if b > 1 then recommend x
            """, "large.rules");
        var small = TestRules.Compile("""
            fact a: bool
            recommendation x
            rule one: if a then recommend x
            """, "small.rules");
        var tier = KnownValuesTier.Compile(large.Model)!;
        var frame = new EvaluationFrame(small.Engine.Program);
        frame.Reset(small.ReadProfile("""{"a": true}""").Profile!.Values);
        tier(frame).Should().Be(-1);
    }

    [Test]
    public void Known_of_a_concluded_fact_and_of_a_score_decide_as_the_reference()
    {
        var compiled = WithSecondTier("""
            fact sits: bool
            fact pain: number 0..10
            fact overloaded: bool
            score load = count of (sits, pain > 5)
            recommendation x
            recommendation y
            recommendation z
            rule busy: if sits then conclude overloaded
            rule decided: if known overloaded and known load then recommend x
            rule undecided: if not known overloaded then recommend y
            rule pain_given: if known pain then recommend z
            """);
        AgreesWithTheReference(compiled, new[] { """{"sits": true, "pain": 7}""", """{"sits": false, "pain": 2}""", """{"pain": 2}""", """{"sits": true}""", "{}" });
    }

    [Test]
    public void A_concluded_fact_read_only_by_an_unless_is_decided_afresh_for_each_profile()
    {
        // The memo is not cleared between profiles the tier decides: it must write every concluded fact itself.
        var compiled = WithSecondTier("""
            fact flag_given: bool
            fact pain: number 0..10
            fact red_flag: bool
            recommendation stretch unless red_flag
            rule flag: if flag_given then conclude red_flag
            rule sore: if pain > 2 then recommend stretch
            """);
        AgreesWithTheReference(compiled, new[] { """{"flag_given": true, "pain": 5}""", """{"flag_given": false, "pain": 5}""", """{"pain": 5}""",
                     """{"flag_given": true, "pain": 5}""", """{"flag_given": false, "pain": 5}""" });
    }

    [Test]
    public void A_division_by_zero_or_an_overflow_stops_the_tier_and_the_nodes_decide_as_the_reference()
    {
        var compiled = WithSecondTier("""
            fact a: number
            fact b: number
            recommendation x
            recommendation y
            rule ratio: if a / b > 1 then recommend x
            rule after: if a > 0 then recommend y
            """);
        AgreesWithTheReference(compiled, new[] { """{"a": 3, "b": 0}""", """{"a": 3, "b": 2}""", """{"a": 1e308, "b": 1e-308}""", """{"a": 0, "b": 0}""", """{"a": -3, "b": -0.0}""" });
    }

    [Test]
    public void The_second_tier_is_compiled_in_the_background_once_enough_profiles_are_evaluated()
    {
        var compiled = CompiledRuleSet.Compile(RuleSet.BuiltIn.Model);
        var profile = compiled.ReadProfile(File.ReadAllText(Path.Combine(Repo.Examples, "profiles", "healthy-runner.json"))).Profile!;
        for (int i = 0; i < RuleEngine.SecondTierAfter - 1; i++) compiled.Evaluate(profile);
        compiled.Engine.HasSecondTier.Should().BeFalse("small batches never wait for code generation");
        var expected = compiled.Evaluate(profile).ToJson();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!compiled.Engine.HasSecondTier && DateTime.UtcNow < deadline) Thread.Sleep(20);
        compiled.Engine.HasSecondTier.Should().BeTrue();
        compiled.Evaluate(profile).ToJson().Should().Be(expected);
    }

    [Test]
    public void Evaluating_on_several_threads_across_the_switch_to_the_second_tier_gives_the_nodes_results()
    {
        var nodes = CompiledRuleSet.Compile(RuleSet.BuiltIn.Model);
        var random = new Random(7);
        var profiles = Enumerable.Range(0, 3 * RuleEngine.SecondTierAfter)
            .Select(i => RandomRuleSets.Profile(nodes, RandomRuleSets.PartialValues(nodes, random, unknown: i % 5 == 0 ? 0.1 : 0), $"p{i}"))
            .ToArray();
        var expected = profiles.Select(p => nodes.Evaluate(p).ToJson()).ToArray();

        var switching = CompiledRuleSet.Compile(RuleSet.BuiltIn.Model);
        var actual = new string[profiles.Length];
        Parallel.For(0, profiles.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => actual[i] = switching.Evaluate(profiles[i]).ToJson());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!switching.Engine.HasSecondTier && DateTime.UtcNow < deadline) Thread.Sleep(20);
        switching.Engine.HasSecondTier.Should().BeTrue("the batch crossed the count at which the tier is compiled");
        Parallel.For(0, profiles.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => actual[i] += "|" + switching.Evaluate(profiles[i]).ToJson());
        actual.Should().Equal(expected.Select(json => json + "|" + json));
    }

    [Test]
    public void A_rule_set_over_the_limit_gets_no_second_tier()
    {
        var text = new System.Text.StringBuilder("fact a: bool\nrecommendation x\n");
        for (int i = 0; i <= RuleEngine.SecondTierMaxRules; i++) text.Append($"rule r{i}: if a then recommend x\n");
        var compiled = TestRules.Compile(text.ToString());
        compiled.Engine.CompileSecondTier();
        compiled.Engine.HasSecondTier.Should().BeFalse();
    }
}
