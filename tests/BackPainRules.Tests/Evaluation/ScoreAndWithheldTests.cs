using BackPainRules.Evaluation;

namespace BackPainRules.Tests.Evaluation;

/// <summary>SPEC §2, §4, §6: scores in results and explanations, and advice withheld by its unless.</summary>
public class ScoreAndWithheldTests
{
    private const string Rules = """
        fact leg_pain: bool
        fact fear: bool
        fact worry: bool
        fact fever: bool
        fact night_pain: bool
        fact weight_kg: number 30..250
        fact height_m: number 1..2.5
        fact km: number
        score total = count of (leg_pain, fear, worry) "Total"
        score doubled = total * 2
        score bmi = weight_kg / (height_m * height_m)
        score anything = km + 1
        recommendation core_work "Core work" priority high unless fever or night_pain
        recommendation reassure "Reassure"
        recommendation stop_running priority urgent
        rule high_risk: if total >= 2 then recommend core_work
        rule low_risk: if total < 2 then recommend reassure
        rule known_total: if known total then recommend reassure
        rule fever_stop: if fever then avoid core_work and recommend stop_running
        """;

    private static EvaluationResult Evaluate(string profile) => TestRules.Compile(Rules).Evaluate(profile);

    [Test]
    public void Scores_list_every_score_in_declaration_order_with_value_or_bounds()
    {
        var json = Evaluate("""{"leg_pain": true, "fear": true, "weight_kg": 80, "height_m": 2}""").ToJson();
        json.Should().Contain("""
            "scores":[{"id":"total","value":null,"min":2,"max":3},{"id":"doubled","value":null,"min":4,"max":6},{"id":"bmi","value":20,"min":20,"max":20},{"id":"anything","value":null,"min":null,"max":null}]
            """.Trim());
    }

    [Test]
    public void A_score_is_known_when_its_interval_is_one_number()
    {
        var result = Evaluate("""{"leg_pain": true, "fear": false, "worry": false}""");
        result.Scores[0].Should().Be(new ScoreResult("total", 1, 1, 1));
        result.Fired.Should().Contain(["low_risk", "known_total"]);
    }

    [Test]
    public void A_score_with_no_value_has_all_three_null()
    {
        var rules = TestRules.Compile("fact n: number\nfact d: number -1..1\nscore ratio = n / d\n");
        rules.Evaluate("""{"n": 1}""").ToJson().Should().Contain("""{"id":"ratio","value":null,"min":null,"max":null}""");
    }

    [Test]
    public void Advice_is_withheld_while_its_unless_is_unknown_with_the_questions_still_open()
    {
        var result = Evaluate("""{"leg_pain": true, "fear": true}""");
        result.Recommendations.Select(r => r.Id).Should().NotContain("core_work");
        var withheld = result.Withheld.Should().ContainSingle().Subject;
        withheld.Should().BeEquivalentTo(new { Id = "core_work", Rules = new[] { "high_risk" }, Missing = new[] { "fever", "night_pain" } });
        result.ToJson().Should().Contain("""
            "withheld":[{"id":"core_work","text":"Core work","priority":"high","rules":["high_risk"],"missing":["fever","night_pain"]}]
            """.Trim());
    }

    [Test]
    public void Advice_is_withheld_with_no_missing_facts_when_its_unless_is_true() =>
        Evaluate("""{"leg_pain": true, "fear": true, "night_pain": true, "fever": false}""")
            .Withheld.Should().ContainSingle().Which.Missing.Should().BeEmpty();

    [Test]
    public void Advice_is_given_once_its_unless_is_false() =>
        Evaluate("""{"leg_pain": true, "fear": true, "night_pain": false, "fever": false}""")
            .Recommendations.Select(r => r.Id).Should().Contain("core_work");

    [Test]
    public void Withheld_items_are_ordered_by_priority_then_declaration_each_with_its_rules_in_source_order()
    {
        var rules = TestRules.Compile("""
            fact a: bool
            fact flag: bool
            recommendation late_low "Low" priority low unless flag
            recommendation first_normal "Normal 1" unless flag
            recommendation second_normal "Normal 2" unless flag
            recommendation urgent_one "Urgent" priority urgent unless flag
            rule r2: if a then recommend second_normal, late_low
            rule r1: if a then recommend urgent_one, first_normal, second_normal
            """);
        var withheld = rules.Evaluate("""{"a": true}""").Withheld;
        withheld.Select(w => w.Id).Should().Equal("urgent_one", "first_normal", "second_normal", "late_low");
        withheld.Single(w => w.Id == "second_normal").Rules.Should().Equal("r2", "r1");
        withheld.Should().OnlyContain(w => w.Missing.SequenceEqual(new[] { "flag" }));
    }

    [Test]
    public void Avoid_is_never_withheld()
    {
        var result = Evaluate("""{"leg_pain": true, "fear": true, "fever": true}""");
        result.Avoid.Select(a => a.Id).Should().Equal("core_work");
        result.Withheld.Should().BeEmpty();
        result.Recommendations.Select(r => r.Id).Should().StartWith("stop_running");
    }

    [Test]
    public void Explanations_show_score_values_what_was_counted_and_why_advice_is_withheld()
    {
        var rules = TestRules.Compile(Rules);
        var explanation = rules.Explain(rules.ReadProfile("""{"leg_pain": true, "fear": true}""").Profile!);
        explanation.Fired.Single(f => f.Rule == "high_risk").Condition.Facts
            .Should().ContainSingle().Which.Should().Be(new FactReading("total", "2..3", "score"));
        var total = explanation.Scores[0];
        total.Expression.Should().Be("count of (leg_pain, fear, worry)");
        total.Counted.Select(c => (c.Text, c.Truth)).Should().Equal(("leg_pain", Truth.True), ("fear", Truth.True), ("worry", Truth.Unknown));
        total.Missing.Should().Equal("worry");
        var withheld = explanation.Withheld.Should().ContainSingle().Subject;
        withheld.Unless.Text.Should().Be("fever or night_pain");
        withheld.Unless.Truth.Should().Be(Truth.Unknown);
        withheld.Missing.Should().Equal("fever", "night_pain");
        var text = ExplanationFormatter.ToText(explanation);
        text.Should().Contain("core_work waits until its 'unless' is ruled out: it needs fever, night_pain");
        text.Should().Contain("total = 2..3  from count of (leg_pain, fear, worry)");
    }

    [Test]
    public void Rule_tests_check_withheld_advice_and_scores()
    {
        var rules = TestRules.Compile(Rules + """

            test "withheld and scored":
              given leg_pain, fear
              expect withheld core_work
              expect not recommend core_work
              expect score total unknown
              expect score bmi unknown
            test "all answered":
              given leg_pain, not fear, not worry, not fever, not night_pain, weight_kg = 80, height_m = 2
              expect not withheld core_work
              expect score total = 1
              expect score bmi = 20
            test "wrong on purpose":
              given leg_pain, not fear, not worry
              expect score total = 2
            """);
        var outcomes = BackPainRules.Testing.TestRunner.Run(rules);
        outcomes.Select(o => o.Passed).Should().Equal(true, true, false);
        outcomes[2].Failures.Should().ContainSingle().Which.Message.Should().Be("'total' was not = 2: it is total = 1");
    }

    [Test]
    public void Score_cycles_are_errors()
    {
        var ruleSet = RuleSet.FromText("""
            fact a: bool
            score s = t + 1
            score t = count of (a, s > 2)
            """, "c.rules");
        ruleSet.Diagnostics.Should().Contain(d => d.Code == "BPR110" && d.Message.Contains("s -> t -> s"));
    }

    [Test]
    public void A_test_cannot_give_a_score() =>
        RuleSet.FromText("fact a: bool\nscore s = count of (a)\ntest \"t\":\n  given s = 1\n", "g.rules").Diagnostics
            .Should().ContainSingle(d => d.IsError).Which.Should().Match<BackPainRules.Diagnostics.Diagnostic>(d =>
                d.Code == "BPR131" && d.Message == "score 's' is computed by the rule set, so a test cannot give it; give the facts it is computed from instead");

    [Test]
    public void A_profile_cannot_give_a_score()
    {
        var rules = TestRules.Compile(Rules);
        var read = rules.ReadProfile("""{"leg_pain": true, "total": 3}""", "p.json");
        read.Profile.Should().BeNull();
        read.Diagnostics.Should().ContainSingle().Which.ToString().Should().Be(
            "p.json:1:20: error BPR309: score 'total' is computed by the rule set, so a profile cannot give it; give the facts it is computed from instead");
    }

    [Test]
    public void Count_of_takes_conditions() =>
        RuleSet.FromText("fact n: number\nscore s = count of (n)\n", "n.rules").Diagnostics
            .Should().Contain(d => d.IsError && d.Message.Contains("'n'"));
}
