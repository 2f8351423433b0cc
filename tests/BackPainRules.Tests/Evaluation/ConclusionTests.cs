using BackPainRules.Diagnostics;
using BackPainRules.Profiles;

namespace BackPainRules.Tests.Evaluation;

/// <summary>SPEC §4: concluded facts are defined by their rules alone; a profile cannot give them.</summary>
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

    // SPEC §4/§5 (issue #12): a concluded fact is decided by its rules alone. These cases used to assert that the
    // profile's value won (with warning BPR402 on a contradiction); a profile naming the fact is now an error.
    [TestCase("{\"x\": false, \"y\": false, \"c\": true}", TestName = "A profile giving a concluded fact true is an error")]
    [TestCase("{\"c\": false}", TestName = "A profile giving a concluded fact false is an error")]
    [TestCase("{\"x\": true, \"y\": false, \"c\": false}", TestName = "A profile contradicting a fired rule is an error")]
    [TestCase("{\"x\": true, \"c\": true}", TestName = "A profile agreeing with a fired rule is an error")]
    [TestCase("{\"c\": null}", TestName = "A profile giving a concluded fact null is an error")]
    public void A_profile_naming_a_concluded_fact_is_an_error_naming_its_rules(string profile)
    {
        var read = TestRules.Compile(TwoRules).ReadProfile(profile, "p.json");
        read.Profile.Should().BeNull("nothing is evaluated from a profile with errors");
        var diagnostic = read.Diagnostics.Should().ContainSingle().Subject;
        diagnostic.Code.Should().Be("BPR309");
        diagnostic.IsError.Should().BeTrue();
        diagnostic.Message.Should().Be(
            "fact 'c' is concluded by rules 'from_x', 'from_y', so a profile cannot give it; give the facts it is concluded from instead");
        int column = profile.IndexOf("\"c\"", StringComparison.Ordinal) + 1;
        diagnostic.Location.Should().Be(SourceLocation.At("p.json", 1, column));
    }

    [Test]
    public void A_concluded_fact_named_by_an_unnamed_rule_is_named_by_its_id()
    {
        var rules = TestRules.Compile("""
            fact x: bool
            fact c: bool
            recommendation r
            if x then conclude c
            rule uses_c: if c then recommend r
            """, "clinic/sitting.rules");
        var read = rules.ReadProfile("{\"x\": true, \"c\": false}");
        read.Diagnostics.Should().ContainSingle().Which.Message.Should().Be(
            "fact 'c' is concluded by rule 'sitting:4', so a profile cannot give it; give the facts it is concluded from instead");
        FluentActions.Invoking(() => rules.Evaluate("{\"c\": true}")).Should().Throw<ProfileException>()
            .Which.Diagnostics.Should().ContainSingle(d => d.Code == "BPR309");
    }

    [Test]
    public void A_concluded_fact_key_written_with_escapes_is_an_error_too()
    {
        var read = TestRules.Compile(TwoRules).ReadProfile("{\"x\": true, \"\\u0063\": true}");
        read.Profile.Should().BeNull();
        read.Diagnostics.Should().ContainSingle().Which.Code.Should().Be("BPR309");
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
        result.Fired.Should().Contain("infection_signs");
        result.Concluded.Should().Contain("same_day_referral");
    }
}
