using BackPainRules.Syntax;
using BackPainRules.Text;
using static BackPainRules.Tests.Support.SyntaxHelpers;

namespace BackPainRules.Tests.Parsing;

/// <summary>Every node kind covers exactly its source text; diagnostics point at exact 1-based lines and columns.</summary>
public class SpanTests
{
    private const string Everything = """
        import "vocab.rules"   # a comment
        fact overstride: bool "Foot lands in front"
        fact cadence: number 120..220 "Steps per minute"
        fact delta: number -10..-2
        fact workout: one of easy, tempo, long_run
        fact sore: any of easy_runs, long_runs "Where it hurts"
        recommendation see_physician "See a physician" priority urgent
        recommendation drill "Cadence drill"
        recommendation rest
        rule tilt:
          if overstride or not (tight and known cadence) and true
          then recommend drill, rest and avoid see_physician and conclude tilted
          because "Pelvis tilts"
        if (cadence + 10) / 2 >= -delta * 3 and workout is not easy or workout in (tempo, long_run) or sore has not long_runs or false
          then recommend drill
        test "all forms":
          given overstride, not tight, cadence = -150.5, workout is easy, sore has long_runs
          expect not recommend drill, rest
          expect undetermined tilt missing cadence, tight
        score risk = count of (overstride, cadence > 180) * 2 "Risk"
        recommendation core "Core work" priority high unless overstride or known risk
        test "scores and withheld advice":
          expect withheld core
          expect score risk = 2
          expect score risk unknown
        """;

    private static RulesFileSyntax file = null!;

    [OneTimeSetUp]
    public void ParseEverything() => file = ParseClean(Everything);

    private static T Item<T>(int index) where T : TopLevelSyntax => file.Items[index].Should().BeOfType<T>().Subject;

    private static string T(SyntaxNode node) => file.TextOf(node);

    private static string T(TextSpan span) => file.TextOf(span);

    [Test]
    public void Import_span()
    {
        var import = Item<ImportSyntax>(0);

        T(import).Should().Be("import \"vocab.rules\"");
        T(import.Path).Should().Be("\"vocab.rules\"");
    }

    [Test]
    public void Comment_span()
    {
        T(file.Comments.Should().ContainSingle().Subject.Span).Should().Be("# a comment");
    }

    [Test]
    public void Bool_fact_spans()
    {
        var fact = Item<FactDeclarationSyntax>(1);

        T(fact).Should().Be("fact overstride: bool \"Foot lands in front\"");
        T(fact.Name).Should().Be("overstride");
        T(fact.Type).Should().Be("bool");
        T(fact.Description!).Should().Be("\"Foot lands in front\"");
    }

    [Test]
    public void Number_fact_spans()
    {
        var fact = Item<FactDeclarationSyntax>(2);
        var type = (NumberTypeSyntax)fact.Type;

        T(fact).Should().Be("fact cadence: number 120..220 \"Steps per minute\"");
        T(type).Should().Be("number 120..220");
        T(type.Range!).Should().Be("120..220");
        T(type.Range!.Low).Should().Be("120");
        T(type.Range!.High).Should().Be("220");
    }

    [Test]
    public void Negative_range_spans_include_the_minus()
    {
        var fact = Item<FactDeclarationSyntax>(3);
        var range = ((NumberTypeSyntax)fact.Type).Range!;

        T(fact).Should().Be("fact delta: number -10..-2");
        T(range).Should().Be("-10..-2");
        T(range.Low).Should().Be("-10");
        T(range.High).Should().Be("-2");
    }

    [Test]
    public void Number_type_without_range_span()
    {
        var fact = ParseClean("fact n: number \"x\"").SingleItem<FactDeclarationSyntax>();

        fact.Type.Span.Should().Be(new TextSpan(8, 6));
    }

    [Test]
    public void Enum_fact_spans()
    {
        var oneOf = Item<FactDeclarationSyntax>(4);
        var anyOf = Item<FactDeclarationSyntax>(5);

        T(oneOf).Should().Be("fact workout: one of easy, tempo, long_run");
        T(oneOf.Type).Should().Be("one of easy, tempo, long_run");
        ((EnumTypeSyntax)oneOf.Type).Values.Select(T).Should().Equal("easy", "tempo", "long_run");
        T(anyOf).Should().Be("fact sore: any of easy_runs, long_runs \"Where it hurts\"");
        T(anyOf.Type).Should().Be("any of easy_runs, long_runs");
    }

    [Test]
    public void Recommendation_spans()
    {
        var urgent = Item<RecommendationDeclarationSyntax>(6);
        var described = Item<RecommendationDeclarationSyntax>(7);
        var bare = Item<RecommendationDeclarationSyntax>(8);

        T(urgent).Should().Be("recommendation see_physician \"See a physician\" priority urgent");
        T(urgent.Name).Should().Be("see_physician");
        T(urgent.Description!).Should().Be("\"See a physician\"");
        T(urgent.PrioritySpan!.Value).Should().Be("urgent");
        T(described).Should().Be("recommendation drill \"Cadence drill\"");
        T(bare).Should().Be("recommendation rest");
    }

    [Test]
    public void Named_rule_spans()
    {
        var rule = Item<RuleSyntax>(9);

        T(rule).Should().StartWith("rule tilt:").And.EndWith("because \"Pelvis tilts\"");
        T(rule.Name!).Should().Be("tilt");
        T(rule.IfSpan).Should().Be("if");
        T(rule.Condition).Should().Be("overstride or not (tight and known cadence) and true");
        rule.Actions.Select(T).Should().Equal("recommend drill, rest", "avoid see_physician", "conclude tilted");
        rule.Actions[0].Targets.Select(T).Should().Equal("drill", "rest");
        T(rule.Because!).Should().Be("\"Pelvis tilts\"");
    }

    [Test]
    public void Named_rule_condition_node_spans()
    {
        var or = (OrConditionSyntax)Item<RuleSyntax>(9).Condition;
        var and = (AndConditionSyntax)or.Operands[1];
        var not = (NotConditionSyntax)and.Operands[0];
        var paren = (ParenthesizedConditionSyntax)not.Operand;
        var innerAnd = (AndConditionSyntax)paren.Inner;

        T(or.Operands[0]).Should().Be("overstride");
        ((FactConditionSyntax)or.Operands[0]).Fact.Span.Should().Be(or.Operands[0].Span);
        T(and).Should().Be("not (tight and known cadence) and true");
        T(not).Should().Be("not (tight and known cadence)");
        T(paren).Should().Be("(tight and known cadence)");
        T(innerAnd).Should().Be("tight and known cadence");
        T(innerAnd.Operands[1]).Should().Be("known cadence");
        T(((KnownConditionSyntax)innerAnd.Operands[1]).Fact).Should().Be("cadence");
        T(and.Operands[1]).Should().Be("true");
    }

    [Test]
    public void Unnamed_rule_spans_from_if_to_the_last_action()
    {
        var rule = Item<RuleSyntax>(10);

        T(rule).Should().StartWith("if (cadence + 10)").And.EndWith("then recommend drill");
        rule.Span.Start.Should().Be(rule.IfSpan.Start);
    }

    [Test]
    public void Comparison_and_expression_spans()
    {
        var or = (OrConditionSyntax)Item<RuleSyntax>(10).Condition;
        var and = (AndConditionSyntax)or.Operands[0];
        var comparison = (ComparisonConditionSyntax)and.Operands[0];
        var left = (BinaryExpressionSyntax)comparison.Left;
        var paren = (ParenthesizedExpressionSyntax)left.Left;
        var sum = (BinaryExpressionSyntax)paren.Inner;
        var right = (BinaryExpressionSyntax)comparison.Right;
        var negate = (NegateExpressionSyntax)right.Left;

        T(or).Should().Be("(cadence + 10) / 2 >= -delta * 3 and workout is not easy or workout in (tempo, long_run) or sore has not long_runs or false");
        T(and).Should().Be("(cadence + 10) / 2 >= -delta * 3 and workout is not easy");
        T(comparison).Should().Be("(cadence + 10) / 2 >= -delta * 3");
        T(left).Should().Be("(cadence + 10) / 2");
        T(paren).Should().Be("(cadence + 10)");
        T(sum).Should().Be("cadence + 10");
        T(sum.Left).Should().Be("cadence");
        T(sum.Right).Should().Be("10");
        T(((NumberExpressionSyntax)sum.Right).Literal).Should().Be("10");
        T(left.Right).Should().Be("2");
        T(right).Should().Be("-delta * 3");
        T(negate).Should().Be("-delta");
        T(negate.Operand).Should().Be("delta");
    }

    [Test]
    public void Enum_condition_spans()
    {
        var or = (OrConditionSyntax)Item<RuleSyntax>(10).Condition;
        var isNot = (IsConditionSyntax)((AndConditionSyntax)or.Operands[0]).Operands[1];
        var @in = (InConditionSyntax)or.Operands[1];
        var hasNot = (HasConditionSyntax)or.Operands[2];

        T(isNot).Should().Be("workout is not easy");
        T(isNot.Fact).Should().Be("workout");
        T(isNot.Value).Should().Be("easy");
        T(@in).Should().Be("workout in (tempo, long_run)");
        @in.Values.Select(T).Should().Equal("tempo", "long_run");
        T(hasNot).Should().Be("sore has not long_runs");
        T(hasNot.Value).Should().Be("long_runs");
        T(or.Operands[3]).Should().Be("false");
    }

    [Test]
    public void Is_and_has_without_not_spans()
    {
        var f = ParseClean("if w is a and s has b then recommend r");
        var and = (AndConditionSyntax)f.SingleItem<RuleSyntax>().Condition;

        f.TextOf(and.Operands[0]).Should().Be("w is a");
        f.TextOf(and.Operands[1]).Should().Be("s has b");
    }

    [Test]
    public void Test_spans()
    {
        var test = Item<TestSyntax>(11);

        T(test).Should().StartWith("test \"all forms\":").And.EndWith("expect undetermined tilt missing cadence, tight");
        T(test.Name).Should().Be("\"all forms\"");
        test.Given.Select(T).Should().Equal("overstride", "not tight", "cadence = -150.5", "workout is easy", "sore has long_runs");
        test.Given.Select(g => T(g.Fact)).Should().Equal("overstride", "tight", "cadence", "workout", "sore");
        T(test.Given[2].Number!).Should().Be("-150.5");
        T(test.Given[3].Value!).Should().Be("easy");
        test.Expectations.Select(T).Should().Equal(
            "expect not recommend drill, rest",
            "expect undetermined tilt missing cadence, tight");
        test.Expectations[1].Missing!.Value.Select(T).Should().Equal("cadence", "tight");
    }

    [Test]
    public void Test_without_clauses_spans_to_its_colon()
    {
        var f = ParseClean("test \"t\":   \nfact a: bool");

        f.TextOf(f.Items[0]).Should().Be("test \"t\":");
    }

    [Test]
    public void Every_node_lies_inside_its_item_and_every_name_covers_its_text()
    {
        foreach (var item in file.Items)
        {
            foreach (var node in Descendants(item))
            {
                node.Span.Start.Should().BeGreaterThanOrEqualTo(item.Span.Start, "{0} is inside {1}", node, item);
                node.Span.End.Should().BeLessThanOrEqualTo(item.Span.End, "{0} is inside {1}", node, item);
                node.Span.Length.Should().BePositive("{0} covers some text", node);
                T(node).Should().Be(T(node).Trim(), "{0} has no leading or trailing blanks", node);
                if (node is NameSyntax name) T(name).Should().Be(name.Text);
            }
        }
    }

    [Test]
    public void Every_syntax_node_kind_is_covered_by_the_span_file()
    {
        var kinds = file.Items.SelectMany(Descendants).Select(n => n.GetType()).ToHashSet();
        var all = typeof(SyntaxNode).Assembly.GetTypes()
            .Where(t => typeof(SyntaxNode).IsAssignableFrom(t) && !t.IsAbstract && t.IsPublic)
            .Except(new[] { typeof(ErrorSyntax) });

        kinds.Should().Contain(all);
    }

    [Test]
    public void Error_item_span_covers_the_broken_item()
    {
        var f = Parse("fact a: bool\nfact b bool \"x\"\nfact c: bool");

        f.Items[1].Should().BeOfType<ErrorSyntax>();
        f.TextOf(f.Items[1]).Should().Be("fact b bool \"x\"");
    }

    // ---------------------------------------------------------------- diagnostic positions

    [Test]
    public void Syntax_error_on_line_3_column_7()
    {
        var f = Parse("fact a: bool\nrecommendation r\nif a  then then recommend r");

        var d = f.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be("BPR005");
        d.At().Should().Be("3:12");
        f.TextOf(d.Location.Span).Should().Be("then");

        var g = Parse("fact a: bool\nrecommendation r\nif a  ? then recommend r").Diagnostics.Should().ContainSingle().Subject;
        g.At().Should().Be("3:7");
        g.Location.End.Should().Be(new LinePosition(3, 8));
    }

    [Test]
    public void Diagnostic_start_and_end_cover_the_offending_token()
    {
        var d = Parse("\n\n   fact BadName: bool").Diagnostics.Should().ContainSingle().Subject;

        d.Location.Path.Should().Be("t.rules");
        d.Location.Start.Should().Be(new LinePosition(3, 9));
        d.Location.End.Should().Be(new LinePosition(3, 16));
        d.Location.Span.Should().Be(new TextSpan(10, 7));
        d.ToString().Should().StartWith("t.rules:3:9: error BPR004: ");
    }

    [Test]
    public void Error_at_end_of_file_points_just_after_the_last_character()
    {
        var d = Parse("fact a: bool\nif a then").Diagnostics.Should().ContainSingle().Subject;

        d.Code.Should().Be("BPR005");
        d.At().Should().Be("2:10");
        d.Message.Should().EndWith("found the end of the file");
    }

    [Test]
    public void Error_at_end_of_file_after_a_final_newline_is_on_the_empty_last_line()
    {
        var d = Parse("fact a: bool\nif a then\n").Diagnostics.Should().ContainSingle().Subject;

        d.At().Should().Be("3:1");
    }

    [Test]
    public void Semantic_diagnostic_positions_are_exact()
    {
        var d = RuleSet.FromText("fact a: bool\nrecommendation r\n\tif a and  bb then recommend r", "t.rules").Diagnostics
            .Should().ContainSingle().Subject;

        d.Code.Should().Be("BPR101");
        d.Location.Start.Should().Be(new LinePosition(3, 12));
        d.Location.End.Should().Be(new LinePosition(3, 14));
    }

    [Test]
    public void Position_after_crlf_lines()
    {
        var d = Parse("fact a: bool\r\n\r\nfact b: bool ?\r\n").Diagnostics.Should().ContainSingle().Subject;

        d.At().Should().Be("3:14");
    }
}
