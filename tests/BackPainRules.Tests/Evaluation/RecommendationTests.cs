using BackPainRules.Syntax;

namespace BackPainRules.Tests.Evaluation;

/// <summary>SPEC §3, §4 and §6: recommended and avoided items, their order, rule ids and order of rules.</summary>
public class RecommendationTests
{
    [Test]
    public void Avoid_beats_recommend_with_a_BPR401_warning_naming_both_rules()
    {
        var rules = TestRules.Compile("""
            fact a: bool
            fact b: bool
            recommendation massage "Sports massage"
            recommendation other
            rule suggest_massage: if a then recommend massage, other
            rule no_massage: if b then avoid massage
            """);
        var result = rules.Evaluate("{\"a\": true, \"b\": true}");
        result.Recommendations.Select(i => i.Id).Should().Equal("other");
        result.Avoid.Should().ContainSingle();
        result.Avoid[0].Should().BeEquivalentTo(new { Id = "massage", Text = "Sports massage", Priority = Priority.Normal });
        result.Avoid[0].Rules.Should().Equal("no_massage");
        result.Warnings.Should().ContainSingle();
        result.Warnings[0].Code.Should().Be("BPR401");
        result.Warnings[0].Message.Should().Contain("'massage'").And.Contain("'suggest_massage'").And.Contain("'no_massage'");
    }

    [Test]
    public void Avoid_beats_recommend_naming_every_rule_on_both_sides()
    {
        var rules = TestRules.Compile("""
            fact a: bool
            recommendation item
            rule rec_one: if a then recommend item
            rule avoid_one: if a then avoid item
            rule rec_two: if a then recommend item
            rule avoid_two: if true then avoid item
            """);
        var result = rules.Evaluate("{\"a\": true}");
        result.Recommendations.Should().BeEmpty();
        result.Avoid.Should().ContainSingle().Which.Rules.Should().Equal("avoid_one", "avoid_two");
        var warning = result.Warnings.Should().ContainSingle().Subject;
        warning.Code.Should().Be("BPR401");
        warning.Message.Should().Contain("'rec_one'").And.Contain("'rec_two'").And.Contain("'avoid_one'").And.Contain("'avoid_two'");
    }

    [Test]
    public void Recommend_without_a_firing_avoid_gives_no_warning()
    {
        var rules = TestRules.Compile("""
            fact a: bool
            fact b: bool
            recommendation item
            rule rec: if a then recommend item
            rule avo: if b then avoid item
            """);
        var result = rules.Evaluate("{\"a\": true}");
        result.Recommendations.Should().ContainSingle().Which.Id.Should().Be("item");
        result.Avoid.Should().BeEmpty();
        result.Warnings.Should().BeEmpty();
        TestRules.Outcome(result, "avo").Should().Be("unknown");
    }

    private const string Prioritised = """
        fact a: bool
        recommendation low_one priority low
        recommendation normal_one
        recommendation urgent_one priority urgent
        recommendation high_one priority high
        recommendation normal_two priority normal
        recommendation urgent_two priority urgent
        recommendation low_two priority low
        recommendation high_two priority high
        """;

    [Test]
    public void Recommendations_are_ordered_by_priority_then_declaration_regardless_of_rule_order()
    {
        var rules = TestRules.Compile(Prioritised + """

            rule r1: if a then recommend high_two, low_two
            rule r2: if a then recommend urgent_two
            rule r3: if a then recommend normal_two, high_one
            rule r4: if a then recommend urgent_one, normal_one, low_one
            """);
        var result = rules.Evaluate("{\"a\": true}");
        result.Recommendations.Select(i => i.Id).Should().Equal(
            "urgent_one", "urgent_two", "high_one", "high_two", "normal_one", "normal_two", "low_one", "low_two");
        result.Recommendations.Select(i => i.Priority).Should().Equal(
            Priority.Urgent, Priority.Urgent, Priority.High, Priority.High, Priority.Normal, Priority.Normal, Priority.Low, Priority.Low);
        result.ToJson().Should().Contain("{\"id\":\"urgent_one\",\"text\":null,\"priority\":\"urgent\",\"rules\":[\"r4\"]}")
            .And.Contain("{\"id\":\"normal_one\",\"text\":null,\"priority\":\"normal\",\"rules\":[\"r4\"]}");
    }

    [Test]
    public void Avoided_items_are_ordered_by_priority_then_declaration_regardless_of_rule_order()
    {
        var rules = TestRules.Compile(Prioritised + """

            rule r1: if a then avoid low_two, high_two
            rule r2: if a then avoid normal_one
            rule r3: if a then avoid urgent_two, low_one
            rule r4: if a then avoid high_one, urgent_one, normal_two
            """);
        var result = rules.Evaluate("{\"a\": true}");
        result.Avoid.Select(i => i.Id).Should().Equal(
            "urgent_one", "urgent_two", "high_one", "high_two", "normal_one", "normal_two", "low_one", "low_two");
        result.Recommendations.Should().BeEmpty();
    }

    [Test]
    public void Each_items_rules_are_listed_in_source_order_once()
    {
        var rules = TestRules.Compile("""
            fact a: bool
            recommendation item
            rule zz_first: if a then recommend item
            rule aa_second: if a then recommend item and recommend item
            rule mm_third: if a or false then recommend item
            rule no: if not a then recommend item
            """);
        var result = rules.Evaluate("{\"a\": true}");
        result.Recommendations.Should().ContainSingle().Which.Rules.Should().Equal("zz_first", "aa_second", "mm_third");
    }

    [Test]
    public void Fired_and_undetermined_are_in_source_order()
    {
        var rules = TestRules.Compile("""
            fact a: bool
            fact u: bool
            recommendation item
            rule zz: if a then recommend item
            rule yy_unknown: if u then recommend item
            rule aa: if a then recommend item
            rule bb_unknown: if not u then recommend item
            rule mm: if true then recommend item
            rule cc_false: if not a then recommend item
            rule aa_unknown: if u and a then recommend item
            """);
        var result = rules.Evaluate("{\"a\": true}");
        result.Fired.Should().Equal("zz", "aa", "mm");
        result.Undetermined.Select(u => u.Rule).Should().Equal("yy_unknown", "bb_unknown", "aa_unknown");
        result.Recommendations.Single().Rules.Should().Equal("zz", "aa", "mm");
    }

    [Test]
    public void Unnamed_rules_are_named_by_file_stem_and_the_line_of_their_if()
    {
        var text = """
            # a comment on line 1
            fact a: bool
            recommendation item

            if a then recommend item

            if
              a
            then recommend item
            rule named:
              if a then recommend item

            if a
            then recommend item because "reason"
            """;
        var result = TestRules.Compile(text, "my-clinic.rules").Evaluate("{\"a\": true}");
        result.Fired.Should().Equal("my-clinic:5", "my-clinic:7", "named", "my-clinic:13");
        result.Recommendations.Single().Rules.Should().Equal("my-clinic:5", "my-clinic:7", "named", "my-clinic:13");
    }

    [Test]
    public void Unnamed_rule_ids_use_only_the_file_stem_and_count_CRLF_lines()
    {
        var text = "fact a: bool\r\nrecommendation item\r\n\r\nif a then recommend item\r\n";
        var result = TestRules.Compile(text, Path.Combine("some", "folder", "club.v2.rules")).Evaluate("{}");
        result.Undetermined.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Rule = "club.v2:4", Missing = new[] { "a" } });
    }

    [Test]
    public void Unnamed_rule_after_a_multi_line_rule_is_named_by_its_own_if()
    {
        var text = "fact a: bool\nrecommendation item\nrule first:\n  if a\n  then recommend item\n  because \"x\"\nif not a then recommend item\n";
        var result = TestRules.Compile(text, "x.rules").Evaluate("{\"a\": false}");
        result.Fired.Should().Equal("x:7");
    }

    [Test]
    public void Imported_rules_stand_where_their_import_stands_and_use_their_own_file_stem()
    {
        using var folder = new TempFolder();
        var main = folder.Write("main.rules", """
            fact a: bool
            recommendation x
            rule first: if a then recommend x
            import "parts/extra.rules"
            if a then recommend x
            """);
        folder.Write(Path.Combine("parts", "extra.rules"), """
            rule second: if a then recommend x
            if a then recommend x
            """);
        var ruleSet = RuleSet.Load(main);
        ruleSet.HasErrors.Should().BeFalse(string.Join("\n", ruleSet.Diagnostics));
        var result = ruleSet.Compile().Evaluate("{\"a\": true}");
        result.Fired.Should().Equal("first", "second", "extra:2", "main:5");
        result.Recommendations.Single().Rules.Should().Equal("first", "second", "extra:2", "main:5");
        ruleSet.Compile().Evaluate("{}").Undetermined.Select(u => u.Rule).Should().Equal("first", "second", "extra:2", "main:5");
    }

    [Test]
    public void Text_is_the_description_or_null()
    {
        var rules = TestRules.Compile("""
            fact a: bool
            recommendation described "Do the thing" priority high
            recommendation bare
            recommendation bare_priority priority low
            rule r: if a then recommend described, bare, bare_priority
            """);
        var result = rules.Evaluate("{\"a\": true}");
        result.Recommendations.Select(i => (i.Id, i.Text, i.Priority)).Should().Equal(
            ("described", "Do the thing", Priority.High),
            ("bare", (string?)null, Priority.Normal),
            ("bare_priority", (string?)null, Priority.Low));
        result.ToJson().Should().Contain("\"recommendations\":[{\"id\":\"described\",\"text\":\"Do the thing\",\"priority\":\"high\",\"rules\":[\"r\"]},"
            + "{\"id\":\"bare\",\"text\":null,\"priority\":\"normal\",\"rules\":[\"r\"]},"
            + "{\"id\":\"bare_priority\",\"text\":null,\"priority\":\"low\",\"rules\":[\"r\"]}]");
    }

    [Test]
    public void Nothing_fires_when_nothing_is_known()
    {
        var rules = TestRules.Compile("""
            fact a: bool
            recommendation item
            rule r: if a then recommend item
            """);
        var result = rules.Evaluate("{}");
        result.Recommendations.Should().BeEmpty();
        result.Avoid.Should().BeEmpty();
        result.Fired.Should().BeEmpty();
        result.Concluded.Should().BeEmpty();
        result.Warnings.Should().BeEmpty();
        result.Undetermined.Should().ContainSingle().Which.Rule.Should().Be("r");
    }
}
