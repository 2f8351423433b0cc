namespace BackPainRules.Tests.Evaluation;

/// <summary>SPEC §4: the <c>missing</c> facts of an undetermined rule.</summary>
public class MissingFactsTests
{
    private const string Facts = """
        fact a: bool
        fact b: bool
        fact c: bool
        recommendation r
        """;

    [Test]
    public void Or_with_a_false_and_an_unknown_operand_lists_only_the_unknown_one()
    {
        var rules = TestRules.Compile(Facts + "\nrule t: if a or b then recommend r\n");
        var result = rules.Evaluate("{\"a\": false}");
        result.Undetermined.Should().ContainSingle();
        TestRules.Missing(result, "t").Should().Equal("b");
    }

    [Test]
    public void And_with_a_false_operand_is_false_not_undetermined()
    {
        var rules = TestRules.Compile(Facts + "\nrule t: if a and b then recommend r\n");
        var result = rules.Evaluate("{\"a\": false}");
        result.Fired.Should().BeEmpty();
        result.Undetermined.Should().BeEmpty();
    }

    [Test]
    public void And_with_a_true_and_an_unknown_operand_lists_only_the_unknown_one()
    {
        var rules = TestRules.Compile(Facts + "\nrule t: if a and b then recommend r\n");
        TestRules.Missing(rules.Evaluate("{\"a\": true}"), "t").Should().Equal("b");
    }

    [Test]
    public void Known_sub_conditions_are_not_descended_into()
    {
        // (a or b) is true because a is true, so b, though unknown, is not missing: only c decides the rule.
        var rules = TestRules.Compile(Facts + "\nrule t: if (a or b) and c then recommend r\n");
        var result = rules.Evaluate("{\"a\": true}");
        TestRules.Missing(result, "t").Should().Equal("c");
    }

    [Test]
    public void Not_of_an_unknown_fact_lists_the_fact()
    {
        var rules = TestRules.Compile(Facts + "\nrule t: if not a and b then recommend r\n");
        TestRules.Missing(rules.Evaluate("{\"b\": true}"), "t").Should().Equal("a");
        TestRules.Missing(rules.Evaluate("{}"), "t").Should().Equal("a", "b");
    }

    [Test]
    public void Missing_facts_are_sorted_by_name_without_repeats()
    {
        var rules = TestRules.Compile("""
            fact zeta: bool
            fact alpha: bool
            fact mid: bool
            fact alpha_2: bool
            recommendation r
            rule t: if zeta and (alpha or mid) and alpha_2 and zeta and not alpha then recommend r
            """);
        TestRules.Missing(rules.Evaluate("{}"), "t").Should().Equal("alpha", "alpha_2", "mid", "zeta");
    }

    [Test]
    public void Comparison_atoms_list_each_unknown_fact_they_read()
    {
        var rules = TestRules.Compile("""
            fact p: number
            fact q: number
            fact s: number
            recommendation r
            rule t: if p + q * q > s - p then recommend r
            """);
        TestRules.Missing(rules.Evaluate("{}"), "t").Should().Equal("p", "q", "s");
        TestRules.Missing(rules.Evaluate("{\"p\": 1}"), "t").Should().Equal("q", "s");
        TestRules.Missing(rules.Evaluate("{\"q\": 1, \"s\": 2}"), "t").Should().Equal("p");
    }

    [Test]
    public void Enum_atoms_list_their_fact()
    {
        var rules = TestRules.Compile("""
            fact w: one of easy, tempo
            fact p: any of e, s
            fact a: bool
            recommendation r
            rule t: if a or w is tempo or p has not s or w in (easy) then recommend r
            """);
        TestRules.Missing(rules.Evaluate("{\"a\": false}"), "t").Should().Equal("p", "w");
        rules.Evaluate("{\"a\": false, \"w\": \"easy\"}").Fired.Should().Contain("t");
    }

    [Test]
    public void Known_atoms_never_contribute_missing_facts()
    {
        var rules = TestRules.Compile(Facts + "\nrule t: if not known a and b then recommend r\n");
        var result = rules.Evaluate("{}");
        TestRules.Missing(result, "t").Should().Equal("b");
    }

    // ---- Concluded facts ----

    private const string Chain = """
        fact x: bool
        fact y: bool
        fact z: bool
        fact c1: bool
        fact c2: bool
        recommendation r
        rule r1: if x or y then conclude c1
        rule r2: if c1 and z then conclude c2
        rule t: if c2 then recommend r
        """;

    [Test]
    public void A_chain_of_two_concluded_facts_is_replaced_by_the_facts_that_would_decide_it()
    {
        var rules = TestRules.Compile(Chain);
        var result = rules.Evaluate("{}");
        result.Undetermined.Select(u => u.Rule).Should().Equal("r1", "r2", "t");
        TestRules.Missing(result, "r1").Should().Equal("x", "y");
        TestRules.Missing(result, "r2").Should().Equal("x", "y", "z");
        TestRules.Missing(result, "t").Should().Equal("x", "y", "z");
    }

    [Test]
    public void A_chain_lists_only_the_unknown_sub_conditions_of_the_concluding_rules()
    {
        var rules = TestRules.Compile(Chain);
        var result = rules.Evaluate("{\"x\": false, \"z\": true}");
        TestRules.Missing(result, "t").Should().Equal("y");
        TestRules.Missing(result, "r2").Should().Equal("y");
    }

    [Test]
    public void A_chain_where_the_inner_fact_is_decided_lists_the_outer_facts_only()
    {
        var rules = TestRules.Compile(Chain);
        var result = rules.Evaluate("{\"y\": true}");
        result.Fired.Should().Equal("r1");
        TestRules.Missing(result, "t").Should().Equal("z");
    }

    [Test]
    public void A_concluded_fact_left_out_of_the_profile_is_replaced_by_its_rules_missing_facts()
    {
        // This used to give c1 and c2 as null; a profile can no longer name a concluded fact at all (SPEC §4), null included.
        var rules = TestRules.Compile(Chain);
        rules.ReadProfile("{\"c1\": null, \"c2\": null, \"z\": true}").Diagnostics.Select(d => d.Code).Should().Equal("BPR309");
        var result = rules.Evaluate("{\"z\": true}");
        TestRules.Missing(result, "t").Should().Equal("x", "y");
    }

    [Test]
    public void A_concluded_fact_decided_by_its_rules_is_not_missing()
    {
        // This used to give c1 in the profile; now c1 is decided by giving a fact it is concluded from.
        var rules = TestRules.Compile(Chain);
        rules.ReadProfile("{\"c1\": true}").Diagnostics.Select(d => d.Code).Should().Equal("BPR309");
        var result = rules.Evaluate("{\"x\": true}");
        result.Fired.Should().Equal("r1");
        TestRules.Missing(result, "t").Should().Equal("z");
    }

    [Test]
    public void Only_the_undetermined_concluding_rules_contribute()
    {
        var rules = TestRules.Compile("""
            fact x: bool
            fact y: bool
            fact c: bool
            fact d: bool
            recommendation r
            rule from_x: if x then conclude c
            rule from_y: if y then conclude c
            rule t: if c and d then recommend r
            """);
        var result = rules.Evaluate("{\"x\": false}");
        TestRules.Missing(result, "t").Should().Equal("d", "y");
    }

    [Test]
    public void A_concluded_fact_undetermined_only_by_a_division_by_zero_adds_nothing()
    {
        var rules = TestRules.Compile("""
            fact n: number
            fact m: number
            fact c: bool
            fact d: bool
            recommendation r
            rule from_division: if n / m > 1 then conclude c
            rule t: if c and d then recommend r
            """);
        var result = rules.Evaluate("{\"n\": 3, \"m\": 0}");
        TestRules.Missing(result, "from_division").Should().BeEmpty();
        TestRules.Missing(result, "t").Should().Equal("d");
        TestRules.Missing(rules.Evaluate("{\"n\": 3, \"m\": 0, \"d\": true}"), "t").Should().BeEmpty();
    }

    [Test]
    public void Built_in_warmup_advice_lists_the_red_flag_questions_behind_red_flag()
    {
        // The built-in rule set's own test "every red flag answered no but fever" relies on this: the warm-up
        // is withheld, waiting for exactly the red-flag questions still open, never for red_flag itself.
        var result = RuleSet.BuiltIn.Compile().Evaluate(
            "{\"bladder_bowel_changes\": false, \"saddle_numbness\": false, \"sexual_dysfunction\": false, \"both_legs_numb_or_weak\": false, " +
            "\"leg_weakness_worsening\": false, \"pregnant\": false, \"pain_after_fall\": false, \"osteoporosis_or_steroids\": false, " +
            "\"low_energy_or_missed_periods\": false, \"young_with_extension_pain\": false, \"history_of_cancer\": false, " +
            "\"weight_loss_unexplained\": false, \"night_pain\": false, \"thoracic_pain\": false, \"weeks_of_pain\": 3, " +
            "\"chest_puffed_out_at_speed\": true, \"workout\": \"intervals\", \"pain_during\": [\"speed_workouts\"]}");
        result.Withheld.Should().ContainSingle(w => w.Id == "dynamic_warmup")
            .Which.Missing.Should().Equal("fever", "infection_risk", "pain_trend");
        TestRules.Missing(result, "infection_signs").Should().Equal("fever", "infection_risk");
    }
}
