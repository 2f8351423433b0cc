using BackPainRules.Compilation;
using BackPainRules.Evaluation;
using BackPainRules.Profiles;
using BackPainRules.Tests.Support;
using FsCheck;
using PropertyAttribute = FsCheck.NUnit.PropertyAttribute;

namespace BackPainRules.Tests.Properties;

/// <summary>
/// Issue #18 item 4: the compiled tier (rules as generated code, <see cref="CompiledRules"/>) gives exactly the
/// node tier's results, the same JSON for every profile, on random rule sets (every construct, concluded facts
/// read across groups) and on the built-in set, with fully known and partly unknown profiles; and a rule set
/// moves to it only in the background, after <see cref="CompiledProgram.TierUpThreshold"/> profiles.
/// </summary>
public class CompiledTierProperties
{
    private static readonly double[] UnknownFractions = [0, 0, 0.2, 0.5, 1];

    [Property(MaxTest = 60)]
    public bool The_compiled_tier_gives_the_node_tiers_results_on_random_rule_sets(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        // Up to a few hundred rules, so some sets have several groups and read conclusions across them.
        string text = RandomRuleSets.Generate(random, rules: random.Next(3) == 0 ? random.Next(100, 400) : random.Next(1, 60));
        return SameResults(text, random, profiles: 40, seed.Get);
    }

    [Property(MaxTest = 25)]
    public bool The_compiled_tier_gives_the_node_tiers_results_on_the_built_in_rule_set(PositiveInt seed) =>
        SameResults(null, new Random(seed.Get), profiles: 60, seed.Get);

    [Test]
    public void Conclusions_read_before_the_rules_that_make_them_and_a_rule_set_without_facts_agree()
    {
        // Rules that read a concluded fact come before the rules concluding it, in other groups and in the same
        // one, so generated code is entered in the middle of a group while another group is running.
        var text = new System.Text.StringBuilder("fact a: bool\nfact n: number 0..10\nfact c: bool\nfact d: bool\nrecommendation r\n");
        text.Append("rule early: if c and not d then recommend r\n");
        for (int i = 0; i < 40; i++) text.Append($"rule f{i}: if n > {i % 10} or (d and a) then recommend r\n");
        text.Append("rule makes_d: if c or n = 3 then conclude d\n");
        text.Append("rule makes_c: if a and n >= 5 then conclude c\n");
        SameResults(text.ToString(), new Random(3), profiles: 60, seed: 3).Should().BeTrue();
        SameResults("recommendation r\nrule always: if true then recommend r\nrule never: if false then recommend r\n", new Random(4), profiles: 3, seed: 4).Should().BeTrue();
    }

    [Test]
    public void A_rule_set_tiers_up_in_the_background_after_the_threshold_and_its_results_do_not_change()
    {
        var rules = Compile(null);
        var program = rules.Engine.Program;
        var random = new Random(18);
        var profiles = Enumerable.Range(0, 100)
            .Select(i => RandomRuleSets.Profile(rules, RandomRuleSets.PartialValues(rules, random, UnknownFractions[i % UnknownFractions.Length])))
            .ToArray();
        var before = profiles.Select(p => ResultFormatter.ToJson(rules.Evaluate(p))).ToArray();

        // Short of the threshold: nothing compiles.
        for (int i = 0; i < CompiledProgram.TierUpThreshold - 1_000; i++) rules.Evaluate(profiles[i % profiles.Length]);
        program.TierUp.Should().BeNull();
        program.IsCompiled.Should().BeFalse();

        // Past it: compiling starts in the background, and evaluation goes on meanwhile.
        for (int i = 0; i < 2_000; i++) rules.Evaluate(profiles[i % profiles.Length]);
        program.TierUp.Should().NotBeNull();
        program.TierUp!.Wait(TimeSpan.FromMinutes(1)).Should().BeTrue();
        program.IsCompiled.Should().BeTrue();

        profiles.Select(p => ResultFormatter.ToJson(rules.Evaluate(p))).Should().Equal(before);
    }

    [Test]
    public void Explaining_and_rule_tests_never_compile()
    {
        var rules = Compile(null);
        var profile = RandomRuleSets.Profile(rules, RandomRuleSets.PartialValues(rules, new Random(1), 0.3));
        // Each explanation evaluates on a frame of its own, which is not counted.
        for (int i = 0; i < CompiledProgram.TierUpThreshold + 1_000; i++) rules.Explain(profile);
        rules.Engine.Program.TierUp.Should().BeNull();
    }

    /// <summary>Whether a rule set on the nodes and the same rule set compiled agree, to the byte, on random profiles.</summary>
    private static bool SameResults(string? text, Random random, int profiles, int seed)
    {
        var nodes = Compile(text);
        nodes.Engine.Program.StayOnNodes();
        var compiled = Compile(text);
        compiled.Engine.Program.CompileNow();
        compiled.Engine.Program.IsCompiled.Should().BeTrue();
        for (int i = 0; i < profiles; i++)
        {
            var values = RandomRuleSets.PartialValues(nodes, random, UnknownFractions[i % UnknownFractions.Length]);
            string expected = ResultFormatter.ToJson(nodes.Evaluate(RandomRuleSets.Profile(nodes, values)));
            string actual = ResultFormatter.ToJson(compiled.Evaluate(RandomRuleSets.Profile(compiled, values)));
            if (actual != expected)
            {
                TestContext.Out.WriteLine($"seed {seed}, profile {RandomRuleSets.Json(nodes, values)}\nnodes:    {expected}\ncompiled: {actual}");
                if (text is not null) TestContext.Out.WriteLine(text);
                return false;
            }
        }
        return true;
    }

    /// <summary>A compiled rule set of its own (<see cref="RuleSet.Compile"/> shares one per rule set, and these tests set its tier).</summary>
    private static CompiledRuleSet Compile(string? text) =>
        CompiledRuleSet.Compile(text is null ? RuleSet.BuiltIn.Model : RuleSet.FromText(text, "random.rules").Model);
}
