namespace BackPainRules.Tests.Evaluation;

/// <summary>SPEC §4: concluded facts are defined by their rules unless the profile gives them.</summary>
public class ConclusionTests
{
    private const string TwoRules = """
        fact x: bool
        fact y: bool
        fact c: bool "A concluded fact"
        recommendation r
        recommendation s
        rule from_x: if x then conclude c
        rule from_y: if y then conclude c
        rule uses_c: if c then recommend r
        rule uses_not_c: if not c then recommend s
        """;

    [TestCase("{\"x\": true}", TestName = "Concluded true when the first concluding rule fires and the other is unknown")]
    [TestCase("{\"y\": true, \"x\": false}", TestName = "Concluded true when the second concluding rule fires")]
    [TestCase("{\"x\": true, \"y\": true}", TestName = "Concluded true when both concluding rules fire")]
    public void A_concluded_fact_is_true_if_any_concluding_rule_fires(string profile)
    {
        var result = TestRules.Compile(TwoRules).Evaluate(profile);
        TestRules.Outcome(result, "uses_c").Should().Be("true");
        TestRules.Outcome(result, "uses_not_c").Should().Be("false");
        result.Concluded.Should().Equal("c");
        result.Recommendations.Select(i => i.Id).Should().Equal("r");
        result.Warnings.Should().BeEmpty();
    }

    [Test]
    public void A_concluded_fact_is_false_if_every_concluding_rule_is_false()
    {
        var result = TestRules.Compile(TwoRules).Evaluate("{\"x\": false, \"y\": false}");
        TestRules.Outcome(result, "uses_c").Should().Be("false");
        TestRules.Outcome(result, "uses_not_c").Should().Be("true");
        result.Concluded.Should().BeEmpty();
        result.Undetermined.Should().BeEmpty();
        result.Recommendations.Select(i => i.Id).Should().Equal("s");
    }

    [TestCase("{\"x\": false}", new[] { "y" })]
    [TestCase("{\"y\": false}", new[] { "x" })]
    [TestCase("{}", new[] { "x", "y" })]
    public void A_concluded_fact_is_unknown_otherwise(string profile, string[] missing)
    {
        var result = TestRules.Compile(TwoRules).Evaluate(profile);
        TestRules.Outcome(result, "uses_c").Should().Be("unknown");
        TestRules.Outcome(result, "uses_not_c").Should().Be("unknown");
        TestRules.Missing(result, "uses_c").Should().Equal(missing);
        TestRules.Missing(result, "uses_not_c").Should().Equal(missing);
        result.Concluded.Should().BeEmpty();
    }

    [Test]
    public void A_profile_value_true_wins_over_rules_that_are_false()
    {
        var result = TestRules.Compile(TwoRules).Evaluate("{\"x\": false, \"y\": false, \"c\": true}");
        TestRules.Outcome(result, "uses_c").Should().Be("true");
        TestRules.Outcome(result, "uses_not_c").Should().Be("false");
        result.Concluded.Should().BeEmpty("no rule concluding c fired");
        result.Warnings.Should().BeEmpty("a profile may assert a fact its rules do not establish");
    }

    [Test]
    public void A_profile_value_wins_over_rules_that_are_unknown()
    {
        var result = TestRules.Compile(TwoRules).Evaluate("{\"c\": false}");
        TestRules.Outcome(result, "uses_c").Should().Be("false");
        TestRules.Outcome(result, "uses_not_c").Should().Be("true");
        result.Undetermined.Select(u => u.Rule).Should().Equal("from_x", "from_y");
        result.Warnings.Should().BeEmpty();
    }

    [Test]
    public void A_profile_false_contradicting_a_fired_rule_wins_with_a_BPR402_warning()
    {
        var result = TestRules.Compile(TwoRules).Evaluate("{\"x\": true, \"y\": false, \"c\": false}");
        TestRules.Outcome(result, "uses_c").Should().Be("false");
        TestRules.Outcome(result, "uses_not_c").Should().Be("true");
        result.Fired.Should().Equal("from_x", "uses_not_c");
        result.Warnings.Should().ContainSingle();
        var warning = result.Warnings[0];
        warning.Code.Should().Be("BPR402");
        warning.Message.Should().Contain("'c'").And.Contain("'from_x'");
        warning.Message.Should().NotContain("from_y");
    }

    [Test]
    public void Each_fired_rule_contradicted_by_the_profile_gets_its_own_warning()
    {
        var result = TestRules.Compile(TwoRules).Evaluate("{\"x\": true, \"y\": true, \"c\": false}");
        result.Warnings.Select(w => w.Code).Should().Equal("BPR402", "BPR402");
        result.Warnings[0].Message.Should().Contain("'c'").And.Contain("'from_x'");
        result.Warnings[1].Message.Should().Contain("'c'").And.Contain("'from_y'");
        result.ToJson().Should().Contain("\"warnings\":[{\"code\":\"BPR402\"");
    }

    [Test]
    public void A_contradiction_by_an_unnamed_rule_names_it_by_its_id()
    {
        var rules = TestRules.Compile("""
            fact x: bool
            fact c: bool
            recommendation r
            if x then conclude c
            rule uses_c: if c then recommend r
            """, "clinic/sitting.rules");
        var result = rules.Evaluate("{\"x\": true, \"c\": false}");
        result.Warnings.Should().ContainSingle().Which.Message.Should().Contain("'c'").And.Contain("'sitting:4'");
    }

    [Test]
    public void A_profile_true_agreeing_with_a_fired_rule_gives_no_warning()
    {
        var result = TestRules.Compile(TwoRules).Evaluate("{\"x\": true, \"c\": true}");
        result.Warnings.Should().BeEmpty();
        result.Concluded.Should().Equal("c");
    }

    [Test]
    public void Concluded_lists_facts_of_fired_rules_sorted_by_name_once_each()
    {
        var rules = TestRules.Compile("""
            fact go: bool
            fact never: bool
            fact zeta: bool
            fact alpha: bool
            fact mid: bool
            fact omitted: bool
            recommendation r
            rule one: if go then conclude zeta, mid
            rule two: if go then conclude alpha and conclude zeta
            rule three: if never then conclude omitted
            rule uses: if zeta and alpha and mid and omitted then recommend r
            """);
        var result = rules.Evaluate("{\"go\": true, \"never\": false}");
        result.Concluded.Should().Equal("alpha", "mid", "zeta");
        result.ToJson().Should().Contain("\"concluded\":[\"alpha\",\"mid\",\"zeta\"]");
    }

    [Test]
    public void Concluded_facts_feed_later_and_earlier_rules_alike()
    {
        // Rules may use a fact before the rule that concludes it; the order of rules does not matter.
        var rules = TestRules.Compile("""
            fact x: bool
            fact c1: bool
            fact c2: bool
            recommendation r
            rule uses: if c2 then recommend r
            rule second: if c1 then conclude c2
            rule first: if x then conclude c1
            """);
        var result = rules.Evaluate("{\"x\": true}");
        result.Fired.Should().Equal("uses", "second", "first");
        result.Concluded.Should().Equal("c1", "c2");
        result.Recommendations.Should().ContainSingle().Which.Id.Should().Be("r");
    }

    [Test]
    public void Built_in_red_flag_is_concluded_from_any_red_flag()
    {
        var result = RuleSet.BuiltIn.Compile().Evaluate("{\"fever\": true}");
        result.Concluded.Should().Contain("red_flag");
        result.Fired.Should().Contain("red_flag_fever");
    }
}
