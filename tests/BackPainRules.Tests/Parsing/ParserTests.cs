using System.Globalization;
using BackPainRules.Syntax;
using static BackPainRules.Tests.Support.SyntaxHelpers;

namespace BackPainRules.Tests.Parsing;

/// <summary>Every construct of SPEC §1–3 and §7 parses to the right syntax node.</summary>
public class ParserTests
{
    // ---------------------------------------------------------------- facts (SPEC §2)

    [Test]
    public void Bool_fact_with_description()
    {
        var fact = ParseClean("fact overstride: bool \"Foot lands in front of the body\"").SingleItem<FactDeclarationSyntax>();

        fact.Name.Text.Should().Be("overstride");
        fact.Type.Should().BeOfType<BoolTypeSyntax>();
        fact.Description!.Value.Should().Be("Foot lands in front of the body");
    }

    [Test]
    public void Description_is_optional()
    {
        var fact = ParseClean("fact overstride: bool").SingleItem<FactDeclarationSyntax>();

        fact.Description.Should().BeNull();
    }

    [Test]
    public void Number_fact_without_range()
    {
        var fact = ParseClean("fact weekly_km: number \"Kilometres this week\"").SingleItem<FactDeclarationSyntax>();

        fact.Type.Should().BeOfType<NumberTypeSyntax>().Which.Range.Should().BeNull();
        fact.Description!.Value.Should().Be("Kilometres this week");
    }

    [Test]
    public void Number_fact_with_range()
    {
        var fact = ParseClean("fact cadence: number 120..220 \"Steps per minute\"").SingleItem<FactDeclarationSyntax>();

        var range = fact.Type.Should().BeOfType<NumberTypeSyntax>().Which.Range!;
        range.Low.Value.Should().Be(120);
        range.Low.Text.Should().Be("120");
        range.High.Value.Should().Be(220);
        range.High.Text.Should().Be("220");
        fact.Description!.Value.Should().Be("Steps per minute");
    }

    [Test]
    public void Number_fact_with_negative_bounds()
    {
        var fact = ParseClean("fact temperature_change: number -10..-2").SingleItem<FactDeclarationSyntax>();

        var range = ((NumberTypeSyntax)fact.Type).Range!;
        range.Low.Value.Should().Be(-10);
        range.Low.Text.Should().Be("-10");
        range.High.Value.Should().Be(-2);
        range.High.Text.Should().Be("-2");
    }

    [Test]
    public void Number_fact_with_decimal_and_mixed_sign_bounds()
    {
        var fact = ParseClean("fact tilt: number -5.5..12.25").SingleItem<FactDeclarationSyntax>();

        var range = ((NumberTypeSyntax)fact.Type).Range!;
        range.Low.Value.Should().Be(-5.5);
        range.High.Value.Should().Be(12.25);
    }

    [Test]
    public void One_of_fact()
    {
        var fact = ParseClean("fact workout: one of easy, tempo, intervals, long_run \"Type of session\"").SingleItem<FactDeclarationSyntax>();

        var type = fact.Type.Should().BeOfType<EnumTypeSyntax>().Subject;
        type.IsSet.Should().BeFalse();
        type.Values.Texts().Should().Equal("easy", "tempo", "intervals", "long_run");
        fact.Description!.Value.Should().Be("Type of session");
    }

    [Test]
    public void Any_of_fact()
    {
        var fact = ParseClean("fact sore_after: any of easy_runs, speed_workouts, long_runs").SingleItem<FactDeclarationSyntax>();

        var type = fact.Type.Should().BeOfType<EnumTypeSyntax>().Subject;
        type.IsSet.Should().BeTrue();
        type.Values.Texts().Should().Equal("easy_runs", "speed_workouts", "long_runs");
        fact.Description.Should().BeNull();
    }

    [Test]
    public void One_of_fact_with_a_single_value()
    {
        var type = (EnumTypeSyntax)ParseClean("fact side: one of left").SingleItem<FactDeclarationSyntax>().Type;

        type.Values.Texts().Should().Equal("left");
    }

    // ---------------------------------------------------------------- recommendations (SPEC §2)

    [TestCase("urgent", Priority.Urgent)]
    [TestCase("high", Priority.High)]
    [TestCase("normal", Priority.Normal)]
    [TestCase("low", Priority.Low)]
    public void Recommendation_with_description_and_priority(string word, Priority expected)
    {
        var rec = ParseClean($"recommendation see_physician \"See a physician before running again\" priority {word}")
            .SingleItem<RecommendationDeclarationSyntax>();

        rec.Name.Text.Should().Be("see_physician");
        rec.Description!.Value.Should().Be("See a physician before running again");
        rec.Priority.Should().Be(expected);
    }

    [Test]
    public void Recommendation_without_priority_has_none_written()
    {
        var rec = ParseClean("recommendation cadence_drill \"Raise cadence 5-10%\"").SingleItem<RecommendationDeclarationSyntax>();

        rec.Priority.Should().BeNull();
        rec.PrioritySpan.Should().BeNull();
        rec.Description!.Value.Should().Be("Raise cadence 5-10%");
    }

    [Test]
    public void Recommendation_with_priority_but_no_description()
    {
        var rec = ParseClean("recommendation foam_roller priority low").SingleItem<RecommendationDeclarationSyntax>();

        rec.Description.Should().BeNull();
        rec.Priority.Should().Be(Priority.Low);
    }

    [Test]
    public void Bare_recommendation()
    {
        var rec = ParseClean("recommendation foam_roller").SingleItem<RecommendationDeclarationSyntax>();

        rec.Name.Text.Should().Be("foam_roller");
        rec.Description.Should().BeNull();
        rec.Priority.Should().BeNull();
    }

    [Test]
    public void Unknown_priority_is_a_syntax_error()
    {
        var file = Parse("recommendation foam_roller priority soon");

        file.Items.Should().ContainSingle().Which.Should().BeOfType<ErrorSyntax>();
        var d = file.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be("BPR005");
        d.At().Should().Be("1:37");
        d.Message.Should().Contain("priority").And.Contain("'soon'");
    }

    // ---------------------------------------------------------------- rules (SPEC §3)

    [Test]
    public void Named_rule_with_because()
    {
        var rule = ParseClean("""
            rule tilt_from_tightness:
              if tight_quads or tight_hip_flexors
              then conclude anterior_pelvic_tilt
              because "Tight quads and hip flexors pull the pelvis forward"
            """).SingleItem<RuleSyntax>();

        rule.Name!.Text.Should().Be("tilt_from_tightness");
        Dump(rule.Condition).Should().Be("Or[tight_quads, tight_hip_flexors]");
        var action = rule.Actions.Should().ContainSingle().Subject;
        action.Kind.Should().Be(ActionKind.Conclude);
        action.Targets.Texts().Should().Equal("anterior_pelvic_tilt");
        rule.Because!.Value.Should().Be("Tight quads and hip flexors pull the pelvis forward");
    }

    [Test]
    public void Unnamed_rule_with_several_targets()
    {
        var file = ParseClean("if overstride and tight_quads then recommend cadence_drill, hip_flexor_stretch");
        var rule = file.SingleItem<RuleSyntax>();

        rule.Name.Should().BeNull();
        file.TextOf(rule.IfSpan).Should().Be("if");
        Dump(rule.Condition).Should().Be("And[overstride, tight_quads]");
        var action = rule.Actions.Should().ContainSingle().Subject;
        action.Kind.Should().Be(ActionKind.Recommend);
        action.Targets.Texts().Should().Equal("cadence_drill", "hip_flexor_stretch");
        rule.Because.Should().BeNull();
    }

    [Test]
    public void Several_actions_joined_by_and()
    {
        var rule = ParseClean("""
            rule red_flag_numbness:
              if leg_numbness
              then recommend see_physician, rest and avoid continue_training and conclude red_flag, stop_now
              because "Numbness can mean a nerve is involved"
            """).SingleItem<RuleSyntax>();

        rule.Actions.Select(a => a.Kind).Should().Equal(ActionKind.Recommend, ActionKind.Avoid, ActionKind.Conclude);
        rule.Actions[0].Targets.Texts().Should().Equal("see_physician", "rest");
        rule.Actions[1].Targets.Texts().Should().Equal("continue_training");
        rule.Actions[2].Targets.Texts().Should().Equal("red_flag", "stop_now");
        rule.Because!.Value.Should().Be("Numbness can mean a nerve is involved");
    }

    [Test]
    public void Rule_name_and_if_may_be_on_one_line_and_actions_on_many()
    {
        var rule = ParseClean("rule r1: if a\nthen\navoid x\nand\nrecommend y").SingleItem<RuleSyntax>();

        rule.Name!.Text.Should().Be("r1");
        rule.Actions.Select(a => a.Kind).Should().Equal(ActionKind.Avoid, ActionKind.Recommend);
    }

    [Test]
    public void Rules_and_declarations_follow_each_other_without_separators()
    {
        var file = ParseClean("fact a: bool recommendation r if a then recommend r if not a then avoid r because \"no\" fact b: bool");

        file.Items.Select(i => i.GetType()).Should().Equal(
            typeof(FactDeclarationSyntax), typeof(RecommendationDeclarationSyntax), typeof(RuleSyntax), typeof(RuleSyntax),
            typeof(FactDeclarationSyntax));
    }

    // ---------------------------------------------------------------- import (SPEC §1)

    [Test]
    public void Import()
    {
        var import = ParseClean("import \"pregnancy.rules\"").SingleItem<ImportSyntax>();

        import.Path.Value.Should().Be("pregnancy.rules");
    }

    [Test]
    public void Import_without_a_string_is_a_syntax_error()
    {
        var file = Parse("import pregnancy");

        file.Items.Should().ContainSingle().Which.Should().BeOfType<ErrorSyntax>();
        var d = file.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be("BPR005");
        d.At().Should().Be("1:8");
        d.Message.Should().Be("expected a string, found 'pregnancy'");
    }

    // ---------------------------------------------------------------- tests (SPEC §7)

    [Test]
    public void Test_with_every_given_form()
    {
        var test = ParseClean("""
            test "overstrider with tight quads gets cadence work":
              given overstride, not pregnant, cadence = 158, delta = -3.5, workout is intervals, sore_after has long_runs, sore_after has easy_runs
            """).SingleItem<TestSyntax>();

        test.Name.Value.Should().Be("overstrider with tight quads gets cadence work");
        test.Expectations.Should().BeEmpty();
        test.Given.Select(g => (g.Kind, g.Fact.Text)).Should().Equal(
            (GivenKind.True, "overstride"),
            (GivenKind.False, "pregnant"),
            (GivenKind.Number, "cadence"),
            (GivenKind.Number, "delta"),
            (GivenKind.Is, "workout"),
            (GivenKind.Has, "sore_after"),
            (GivenKind.Has, "sore_after"));
        test.Given[0].Number.Should().BeNull();
        test.Given[0].Value.Should().BeNull();
        test.Given[2].Number!.Value.Should().Be(158);
        test.Given[3].Number!.Value.Should().Be(-3.5);
        test.Given[3].Number!.Text.Should().Be("-3.5");
        test.Given[4].Value!.Text.Should().Be("intervals");
        test.Given[5].Value!.Text.Should().Be("long_runs");
        test.Given[6].Value!.Text.Should().Be("easy_runs");
    }

    [Test]
    public void Test_with_every_expect_form()
    {
        var test = ParseClean("""
            test "everything":
              given overstride
              expect recommend cadence_drill, hip_flexor_stretch
              expect not recommend lumbar_support
              expect avoid static_stretch_before_run
              expect not avoid foam_roller
              expect conclude anterior_pelvic_tilt
              expect not conclude red_flag
              expect fires tilt_from_tightness, core_rule
              expect not fires red_flag_numbness
              expect undetermined core_for_long_runs missing core_sessions_per_week, plank_seconds
              expect undetermined pregnancy_support
              expect not undetermined tilt_from_tightness
              expect not undetermined other_rule missing a
            """).SingleItem<TestSyntax>();

        test.Given.Should().ContainSingle();
        var e = test.Expectations;
        e.Select(x => (x.Negated, x.Kind)).Should().Equal(
            (false, ExpectKind.Recommend),
            (true, ExpectKind.Recommend),
            (false, ExpectKind.Avoid),
            (true, ExpectKind.Avoid),
            (false, ExpectKind.Conclude),
            (true, ExpectKind.Conclude),
            (false, ExpectKind.Fires),
            (true, ExpectKind.Fires),
            (false, ExpectKind.Undetermined),
            (false, ExpectKind.Undetermined),
            (true, ExpectKind.Undetermined),
            (true, ExpectKind.Undetermined));
        e[0].Targets.Texts().Should().Equal("cadence_drill", "hip_flexor_stretch");
        e[0].Missing.Should().BeNull();
        e[6].Targets.Texts().Should().Equal("tilt_from_tightness", "core_rule");
        e[8].Targets.Texts().Should().Equal("core_for_long_runs");
        e[8].Missing!.Value.Texts().Should().Equal("core_sessions_per_week", "plank_seconds");
        e[9].Targets.Texts().Should().Equal("pregnancy_support");
        e[9].Missing.Should().BeNull();
        e[10].Missing.Should().BeNull();
        e[11].Missing!.Value.Texts().Should().Equal("a");
    }

    [Test]
    public void Test_may_have_neither_given_nor_expect()
    {
        var test = ParseClean("test \"empty\":").SingleItem<TestSyntax>();

        test.Given.Should().BeEmpty();
        test.Expectations.Should().BeEmpty();
    }

    [Test]
    public void Test_may_have_expect_before_given_and_several_given_lines()
    {
        var test = ParseClean("test \"t\": expect fires r given a given b, not c").SingleItem<TestSyntax>();

        test.Given.Select(g => g.Fact.Text).Should().Equal("a", "b", "c");
        test.Expectations.Should().ContainSingle();
    }

    [Test]
    public void Test_ends_before_the_next_item()
    {
        var file = ParseClean("test \"t\": given a expect fires r\nfact a: bool\ntest \"u\":\nimport \"x.rules\"");

        file.Items.Select(i => i.GetType()).Should().Equal(
            typeof(TestSyntax), typeof(FactDeclarationSyntax), typeof(TestSyntax), typeof(ImportSyntax));
    }

    // ---------------------------------------------------------------- condition precedence (SPEC §3)

    [Test]
    public void Or_is_loosest_then_and_then_not()
    {
        Dump(Condition("a or b and not c")).Should().Be("Or[a, And[b, Not(c)]]");
    }

    [Test]
    public void Not_binds_tighter_than_and()
    {
        Dump(Condition("not a and b")).Should().Be("And[Not(a), b]");
    }

    [Test]
    public void Not_binds_tighter_than_or()
    {
        Dump(Condition("not a or b")).Should().Be("Or[Not(a), b]");
    }

    [Test]
    public void And_groups_before_or_on_both_sides()
    {
        Dump(Condition("a and b or c and d")).Should().Be("Or[And[a, b], And[c, d]]");
    }

    [Test]
    public void Chains_of_one_operator_are_flat()
    {
        Dump(Condition("a or b or c")).Should().Be("Or[a, b, c]");
        Dump(Condition("a and b and c")).Should().Be("And[a, b, c]");
    }

    [Test]
    public void Not_repeats()
    {
        Dump(Condition("not not a")).Should().Be("Not(Not(a))");
    }

    [Test]
    public void Not_applies_to_a_parenthesized_condition()
    {
        Dump(Condition("not (a or b) and c")).Should().Be("And[Not(Paren(Or[a, b])), c]");
    }

    [Test]
    public void Not_applies_to_a_whole_comparison()
    {
        Dump(Condition("not n > 5")).Should().Be("Not(Cmp(n > 5))");
    }

    [Test]
    public void Literals_and_known()
    {
        Dump(Condition("true or false or known cadence")).Should().Be("Or[true, false, Known(cadence)]");
    }

    // ---------------------------------------------------------------- arithmetic

    [Test]
    public void Multiplication_binds_tighter_than_addition()
    {
        Dump(Condition("a + b * c > 1")).Should().Be("Cmp(Add(a, Mul(b, c)) > 1)");
        Dump(Condition("a * b + c > 1")).Should().Be("Cmp(Add(Mul(a, b), c) > 1)");
    }

    [Test]
    public void Arithmetic_is_left_associative()
    {
        Dump(Condition("a - b - c > 0")).Should().Be("Cmp(Sub(Sub(a, b), c) > 0)");
        Dump(Condition("a / b * c > 0")).Should().Be("Cmp(Mul(Div(a, b), c) > 0)");
    }

    [Test]
    public void Both_sides_of_a_comparison_are_expressions()
    {
        Dump(Condition("weekly_km > last_week_km * 1.1")).Should().Be("Cmp(weekly_km > Mul(last_week_km, 1.1))");
    }

    [Test]
    public void Unary_minus_binds_tightest()
    {
        Dump(Condition("-a * b > -1")).Should().Be("Cmp(Mul(Neg(a), b) > Neg(1))");
        Dump(Condition("a - -b < 0")).Should().Be("Cmp(Sub(a, Neg(b)) < 0)");
        Dump(Condition("- -a = 2")).Should().Be("Cmp(Neg(Neg(a)) = 2)");
    }

    [Test]
    public void A_comparison_may_start_with_a_number()
    {
        Dump(Condition("10 < cadence")).Should().Be("Cmp(10 < cadence)");
    }

    [TestCase("<", ComparisonOperator.Less)]
    [TestCase("<=", ComparisonOperator.LessOrEqual)]
    [TestCase(">", ComparisonOperator.Greater)]
    [TestCase(">=", ComparisonOperator.GreaterOrEqual)]
    [TestCase("=", ComparisonOperator.Equal)]
    [TestCase("!=", ComparisonOperator.NotEqual)]
    public void Every_comparison_operator(string op, ComparisonOperator expected)
    {
        var comparison = Condition($"cadence {op} 160").Should().BeOfType<ComparisonConditionSyntax>().Subject;

        comparison.Operator.Should().Be(expected);
        Dump(comparison.Left).Should().Be("cadence");
        Dump(comparison.Right).Should().Be("160");
    }

    // ---------------------------------------------------------------- the "(" rule (SPEC §3)

    [Test]
    public void Parenthesis_followed_by_an_arithmetic_operator_opens_an_expression()
    {
        Dump(Condition("(a + b) / 2 >= 3")).Should().Be("Cmp(Div(P(Add(a, b)), 2) >= 3)");
    }

    [Test]
    public void Parenthesis_followed_by_a_comparison_operator_opens_an_expression()
    {
        Dump(Condition("(a + b) >= 3")).Should().Be("Cmp(P(Add(a, b)) >= 3)");
        Dump(Condition("(a) = 1")).Should().Be("Cmp(P(a) = 1)");
    }

    [Test]
    public void Parenthesis_followed_by_anything_else_opens_a_condition()
    {
        Dump(Condition("(x and y) or z")).Should().Be("Or[Paren(And[x, y]), z]");
        Dump(Condition("(x)")).Should().Be("Paren(x)");
    }

    [Test]
    public void Doubled_parentheses_around_an_expression()
    {
        Dump(Condition("((a+b)) > 1")).Should().Be("Cmp(P(P(Add(a, b))) > 1)");
    }

    [Test]
    public void Condition_parenthesis_around_an_expression_parenthesis()
    {
        Dump(Condition("((a + b) > 3 and x)")).Should().Be("Paren(And[Cmp(P(Add(a, b)) > 3), x])");
    }

    [Test]
    public void Parenthesized_expression_on_the_right_of_a_comparison()
    {
        Dump(Condition("3 <= (a + b) / 2 and x")).Should().Be("And[Cmp(3 <= Div(P(Add(a, b)), 2)), x]");
    }

    // ---------------------------------------------------------------- comparisons do not chain

    [Test]
    public void Comparisons_do_not_chain()
    {
        var file = Parse("if 150 < cadence < 170 then recommend r");

        file.Items.Should().ContainSingle().Which.Should().BeOfType<ErrorSyntax>();
        var d = file.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be("BPR005");
        d.Severity.Should().Be(BackPainRules.Diagnostics.DiagnosticSeverity.Error);
        d.At().Should().Be("1:18");
        d.Message.Should().Contain("comparisons do not chain").And.EndWith("found '<'");
    }

    [Test]
    public void Comparisons_joined_with_and_are_fine()
    {
        Dump(Condition("cadence > 150 and cadence < 170")).Should().Be("And[Cmp(cadence > 150), Cmp(cadence < 170)]");
    }

    // ---------------------------------------------------------------- enum tests

    [Test]
    public void Is_and_is_not()
    {
        Condition("workout is long_run").Should().BeOfType<IsConditionSyntax>()
            .Which.Should().Match<IsConditionSyntax>(c => !c.Negated && c.Fact.Text == "workout" && c.Value.Text == "long_run");
        Condition("workout is not easy").Should().BeOfType<IsConditionSyntax>()
            .Which.Should().Match<IsConditionSyntax>(c => c.Negated && c.Fact.Text == "workout" && c.Value.Text == "easy");
    }

    [Test]
    public void In_a_list()
    {
        Dump(Condition("workout in (tempo, intervals, long_run)")).Should().Be("In(workout, [tempo, intervals, long_run])");
        Dump(Condition("workout in (tempo)")).Should().Be("In(workout, [tempo])");
    }

    [Test]
    public void Has_and_has_not()
    {
        Dump(Condition("sore_after has long_runs")).Should().Be("Has(sore_after, long_runs)");
        Dump(Condition("sore_after has not easy_runs")).Should().Be("HasNot(sore_after, easy_runs)");
    }

    [Test]
    public void Enum_tests_combine_with_and_or_not()
    {
        Dump(Condition("not workout is easy and sore_after has not long_runs or workout in (a, b)"))
            .Should().Be("Or[And[Not(Is(workout, easy)), HasNot(sore_after, long_runs)], In(workout, [a, b])]");
    }

    [Test]
    public void Is_after_an_expression_that_is_not_a_name_is_an_error()
    {
        var file = Parse("if 3 is easy then recommend r");

        var d = file.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be("BPR005");
        file.Items.Should().ContainSingle().Which.Should().BeOfType<ErrorSyntax>();
    }

    // ---------------------------------------------------------------- names and keywords (SPEC §1)

    [Test]
    public void Contextual_keywords_are_names_and_enum_values()
    {
        var file = ParseClean("""
            fact level: one of low, high, normal, urgent, missing, one, any, of, has, fires, undetermined, priority
            fact number: number
            fact bool: bool
            fact missing: any of low, high
            recommendation low "x" priority high
            recommendation one priority low
            rule fires: if level is missing and level is not one and bool and number > 1 and missing has low
              then recommend low, one
            test "t": given level is low, missing has high, bool, number = 1
              expect fires fires
              expect undetermined fires missing missing, number
            """);

        var level = (EnumTypeSyntax)((FactDeclarationSyntax)file.Items[0]).Type;
        level.Values.Texts().Should().Equal("low", "high", "normal", "urgent", "missing", "one", "any", "of", "has", "fires", "undetermined", "priority");
        ((FactDeclarationSyntax)file.Items[1]).Name.Text.Should().Be("number");
        ((FactDeclarationSyntax)file.Items[2]).Name.Text.Should().Be("bool");
        ((RecommendationDeclarationSyntax)file.Items[4]).Name.Text.Should().Be("low");
        ((RecommendationDeclarationSyntax)file.Items[4]).Priority.Should().Be(Priority.High);
        var rule = (RuleSyntax)file.Items[6];
        rule.Name!.Text.Should().Be("fires");
        Dump(rule.Condition).Should().Be("And[Is(level, missing), IsNot(level, one), bool, Cmp(number > 1), Has(missing, low)]");
        rule.Actions[0].Targets.Texts().Should().Equal("low", "one");
        var test = (TestSyntax)file.Items[7];
        test.Expectations[1].Targets.Texts().Should().Equal("fires");
        test.Expectations[1].Missing!.Value.Texts().Should().Equal("missing", "number");
    }

    [TestCase("fact")]
    [TestCase("recommendation")]
    [TestCase("rule")]
    [TestCase("if")]
    [TestCase("then")]
    [TestCase("because")]
    [TestCase("and")]
    [TestCase("or")]
    [TestCase("not")]
    [TestCase("is")]
    [TestCase("in")]
    [TestCase("known")]
    [TestCase("recommend")]
    [TestCase("avoid")]
    [TestCase("conclude")]
    [TestCase("import")]
    [TestCase("test")]
    [TestCase("given")]
    [TestCase("expect")]
    [TestCase("true")]
    [TestCase("false")]
    public void Reserved_words_are_not_names(string word)
    {
        var file = Parse($"fact {word}: bool");

        file.Items.Should().NotContain(i => i is FactDeclarationSyntax);
        var first = file.Diagnostics.Should().NotBeEmpty().And.Subject.First();
        first.Code.Should().Be("BPR005");
        first.At().Should().Be("1:6");
        first.Message.Should().Be($"expected a name, found '{word}'");
    }

    [TestCase("fact w: one of easy, true", "1:22", "true")]
    [TestCase("recommendation and", "1:16", "and")]
    [TestCase("rule known: if a then recommend r", "1:6", "known")]
    [TestCase("if a then recommend given", "1:21", "given")]
    public void Reserved_words_are_not_enum_values_nor_targets(string text, string at, string word)
    {
        var file = Parse(text);

        var d = file.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be("BPR005");
        d.At().Should().Be(at);
        d.Message.Should().EndWith($"found '{word}'");
    }

    [Test]
    public void Upper_case_name_is_an_invalid_name_with_a_lower_case_suggestion()
    {
        var file = Parse("fact Cadence: number");

        file.SingleItem<FactDeclarationSyntax>().Name.Text.Should().Be("Cadence");
        var d = file.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be("BPR004");
        d.At().Should().Be("1:6");
        d.Suggestion.Should().Be("cadence");
    }

    // ---------------------------------------------------------------- comments and layout (SPEC §1)

    [Test]
    public void Comments_are_ignored_and_kept()
    {
        var file = ParseClean("""
            # header comment
            fact a: bool # trailing
            rule r1: # inside a rule
              if a # and more
              then recommend x
            recommendation x "a # is not a comment in a string"
            #last
            """);

        file.Items.Select(i => i.GetType()).Should().Equal(
            typeof(FactDeclarationSyntax), typeof(RuleSyntax), typeof(RecommendationDeclarationSyntax));
        file.Comments.Select(c => c.Text).Should().Equal(
            "# header comment", "# trailing", "# inside a rule", "# and more", "#last");
        file.Comments.Should().OnlyContain(c => file.TextOf(c.Span) == c.Text);
        ((RecommendationDeclarationSyntax)file.Items[2]).Description!.Value.Should().Be("a # is not a comment in a string");
    }

    [Test]
    public void Comment_at_end_of_file_without_newline()
    {
        var file = ParseClean("fact a: bool #end");

        file.Comments.Should().ContainSingle().Which.Text.Should().Be("#end");
    }

    [Test]
    public void Crlf_line_ends_parse_and_count_lines()
    {
        var file = Parse("fact a: bool # one\r\nrecommendation r\r\nif a then ? recommend r\r\n");

        file.Comments.Should().ContainSingle().Which.Text.Should().Be("# one");
        var d = file.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be("BPR001");
        d.At().Should().Be("3:11");
        file.Items.Select(i => i.GetType()).Should().Equal(
            typeof(FactDeclarationSyntax), typeof(RecommendationDeclarationSyntax), typeof(RuleSyntax));
    }

    [Test]
    public void Crlf_file_parses_like_the_lf_file()
    {
        const string lf = "fact a: bool \"A\"\nrecommendation r\nrule x:\n  if a\n  then recommend r\n  because \"b\"\n";
        var withLf = ParseClean(lf);
        var withCrlf = ParseClean(lf.Replace("\n", "\r\n"));

        withCrlf.Items.Select(i => i.GetType()).Should().Equal(withLf.Items.Select(i => i.GetType()));
        ((RuleSyntax)withCrlf.Items[2]).Because!.Value.Should().Be("b");
        ((FactDeclarationSyntax)withCrlf.Items[0]).Description!.Value.Should().Be("A");
    }

    [Test]
    public void Byte_order_mark_is_accepted_and_not_counted()
    {
        var file = Parse("\uFEFFfact a: bool\n? fact b: bool");

        file.Source.Text.Should().StartWith("fact");
        file.Items.OfType<FactDeclarationSyntax>().Select(f => f.Name.Text).Should().Equal("a", "b");
        var d = file.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be("BPR001");
        d.At().Should().Be("2:1");
    }

    [Test]
    public void Byte_order_mark_before_an_error_on_line_one()
    {
        var d = Parse("\uFEFF?").Diagnostics.Should().ContainSingle().Subject;

        d.At().Should().Be("1:1");
    }

    [Test]
    public void Tabs_are_whitespace_and_count_as_one_column()
    {
        var file = Parse("fact\ta:\tbool\nrule\tr1:\n\t\tif\ta\tthen\t@ recommend r");

        file.Items[0].Should().BeOfType<FactDeclarationSyntax>();
        var d = file.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be("BPR001");
        d.At().Should().Be("3:13");
        d.Message.Should().Be("unexpected character '@'");
    }

    [Test]
    public void Columns_count_utf16_code_units()
    {
        // U+1F3C3 (a runner) is two UTF-16 code units; é is one.
        var file = Parse("fact a: bool \"é\uD83C\uDFC3\" ?");

        var d = file.Diagnostics.Should().ContainSingle().Subject;
        d.At().Should().Be("1:20");
        ((FactDeclarationSyntax)file.Items[0]).Description!.Value.Should().Be("é\uD83C\uDFC3");
    }

    // ---------------------------------------------------------------- strings (SPEC §1)

    [Test]
    public void String_escapes()
    {
        var fact = ParseClean("""fact a: bool "say \"hi\" and \\ back" """).SingleItem<FactDeclarationSyntax>();

        fact.Description!.Value.Should().Be("say \"hi\" and \\ back");
    }

    [Test]
    public void Escaped_backslash_before_the_closing_quote()
    {
        var fact = ParseClean("""fact a: bool "ends with \\" """).SingleItem<FactDeclarationSyntax>();

        fact.Description!.Value.Should().Be("ends with \\");
    }

    [Test]
    public void Invalid_escape_is_an_error_at_the_backslash()
    {
        var file = Parse("fact a: bool \"tab\\there\"");

        var d = file.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be("BPR003");
        d.At().Should().Be("1:18");
        d.Message.Should().Contain("'\\t'");
        file.TextOf(d.Location.Span).Should().Be("\\t");
        file.SingleItem<FactDeclarationSyntax>();
    }

    [Test]
    public void Unterminated_string_is_an_error_at_its_start_and_the_next_line_still_parses()
    {
        var file = Parse("fact a: bool \"no end\nfact b: bool");

        var d = file.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be("BPR002");
        d.At().Should().Be("1:14");
        file.Items.OfType<FactDeclarationSyntax>().Select(f => f.Name.Text).Should().Equal("a", "b");
    }

    [Test]
    public void Unterminated_string_at_end_of_file()
    {
        var d = Parse("import \"x.rules").Diagnostics.Should().ContainSingle().Subject;

        d.Code.Should().Be("BPR002");
        d.At().Should().Be("1:8");
    }

    [Test]
    public void Empty_string()
    {
        ParseClean("fact a: bool \"\"").SingleItem<FactDeclarationSyntax>().Description!.Value.Should().BeEmpty();
    }

    // ---------------------------------------------------------------- numbers (SPEC §1)

    [Test]
    public void Integer_and_decimal_numbers()
    {
        var comparison = (ComparisonConditionSyntax)Condition("12 < 12.5");

        var left = ((NumberExpressionSyntax)comparison.Left).Literal;
        var right = ((NumberExpressionSyntax)comparison.Right).Literal;
        (left.Value, left.Text).Should().Be((12d, "12"));
        (right.Value, right.Text).Should().Be((12.5d, "12.5"));
    }

    [Test]
    public void Range_lexes_as_two_numbers()
    {
        var file = ParseClean("fact cadence: number 120..220");

        var range = ((NumberTypeSyntax)file.SingleItem<FactDeclarationSyntax>().Type).Range!;
        file.TextOf(range.Low).Should().Be("120");
        file.TextOf(range.High).Should().Be("220");
        file.TextOf(range).Should().Be("120..220");
    }

    [Test]
    public void Decimal_range_lexes_as_two_numbers()
    {
        var range = ((NumberTypeSyntax)ParseClean("fact ratio: number 0.5..1.5").SingleItem<FactDeclarationSyntax>().Type).Range!;

        (range.Low.Value, range.High.Value).Should().Be((0.5, 1.5));
    }

    [Test]
    public void Numbers_and_messages_do_not_depend_on_the_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        var savedUi = CultureInfo.CurrentUICulture;
        try
        {
            var german = new CultureInfo("de-DE");
            CultureInfo.CurrentCulture = german;
            CultureInfo.CurrentUICulture = german;
            CultureInfo.CurrentCulture.NumberFormat.NumberDecimalSeparator.Should().Be(",", "the test must run in a culture with a decimal comma");

            var file = ParseClean("fact ratio: number 0.5..12.5\nif ratio > 1.25 then recommend r");
            var range = ((NumberTypeSyntax)((FactDeclarationSyntax)file.Items[0]).Type).Range!;
            (range.Low.Value, range.High.Value).Should().Be((0.5, 12.5));
            var comparison = (ComparisonConditionSyntax)((RuleSyntax)file.Items[1]).Condition;
            ((NumberExpressionSyntax)comparison.Right).Literal.Value.Should().Be(1.25);

            var ruleSet = RuleSet.FromText("fact ratio: number 12.5..0.5\ntest \"t\": given ratio = 1.5", "t.rules");
            ruleSet.Diagnostics.Should().Contain(d => d.Code == "BPR108" && d.Message.Contains("range 12.5..0.5"));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
            CultureInfo.CurrentUICulture = savedUi;
        }
    }

    [Test]
    public void Number_with_a_trailing_dot_is_not_a_number()
    {
        var file = Parse("if n > 12. then recommend r");

        file.Diagnostics.Should().Contain(d => d.Code == "BPR001" && d.At() == "1:10" && d.Message == "unexpected character '.'");
    }

    [Test]
    public void Too_large_number_is_an_error()
    {
        var digits = new string('9', 400);
        var d = Parse($"if n > {digits} then recommend r").Diagnostics.Should().ContainSingle().Subject;

        d.Code.Should().Be("BPR007");
        d.At().Should().Be("1:8");
        d.Message.Should().Contain("too large");
    }
}
