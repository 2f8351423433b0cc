using BackPainRules.Tests.LanguageServer.Support;
using Newtonsoft.Json.Linq;
using static BackPainRules.Tests.LanguageServer.Support.LspText;

namespace BackPainRules.Tests.LanguageServer;

/// <summary>Hover: kind, type, range, description, priority and the rules that use a name.</summary>
public class HoverTests : LspTestBase
{
    private const string Text = Samples.Clean;
    private LspTestClient client = null!;
    private string uri = null!;

    [SetUp]
    public async Task Open()
    {
        client = await StartAsync();
        uri = UriIn("sample.rules");
        await client.OpenAndWaitAsync(uri, Text);
    }

    private async Task<JToken?> HoverAsync(string needle, int occurrence = 0, int delta = 0) =>
        await client.RequestAsync("textDocument/hover", At(uri, Find(Text, needle, occurrence, delta)));

    private static string Markdown(JToken? hover)
    {
        hover.Should().NotBeNull();
        ((string)hover!["contents"]!["kind"]!).Should().Be("markdown");
        return (string)hover["contents"]!["value"]!;
    }

    [Test]
    public async Task A_number_fact_shows_kind_type_range_description_and_the_rules_using_it()
    {
        var hover = await HoverAsync("pain_score >=", delta: 3);

        Markdown(hover).Should().Be("**fact** `pain_score`: number 0..10\n\nWorst back pain in the last week\n\nUsed by: `cadence_for_intervals`");
        TextOf(Text, hover!["range"]!).Should().Be("pain_score");
        hover["range"].Json().Should().Be(RangeOfNameBefore(Text, "pain_score", " >=").Json());
    }

    [Test]
    public async Task A_concluded_fact_says_so_and_lists_the_rule_concluding_it_and_the_rule_reading_it()
    {
        var markdown = Markdown(await HoverAsync("not red_flag", delta: 5));

        markdown.Should().StartWith("**fact** `red_flag`: bool *(concluded by rules)*");
        markdown.Should().Contain("A warning sign that needs a physician");
        markdown.Should().EndWith("Used by: `red_flag_numbness`, `cadence_for_intervals`");
    }

    [Test]
    public async Task An_enum_fact_shows_its_values()
    {
        Markdown(await HoverAsync("workout is")).Should().StartWith("**fact** `workout`: one of easy, tempo, intervals\n\nThe kind of run planned next");
        Markdown(await HoverAsync("pain_during has")).Should().StartWith("**fact** `pain_during`: any of easy_runs, long_runs");
    }

    [Test]
    public async Task A_recommendation_shows_its_priority_description_and_rules()
    {
        Markdown(await HoverAsync("see_physician and")).Should()
            .Be("**recommendation** `see_physician`, priority urgent\n\nSee a physician before running again\n\nUsed by: `red_flag_numbness`");
    }

    [Test]
    public async Task A_rule_name_shows_its_condition_and_reason()
    {
        var markdown = Markdown(await HoverAsync("red_flag_numbness:", delta: 2));

        markdown.Should().StartWith("**rule** `red_flag_numbness`");
        markdown.Should().Contain("`if leg_numbness`").And.Contain("because \"Numbness can mean a nerve is involved\"");
    }

    [Test]
    public async Task An_enum_value_shows_its_fact_and_the_rules_using_it()
    {
        Markdown(await HoverAsync("intervals and")).Should()
            .Be("**value** `intervals` of fact `workout`: one of easy, tempo, intervals\n\nUsed by: `cadence_for_intervals`");
    }

    [Test]
    public async Task A_declaration_and_a_name_in_a_test_hover_like_any_use()
    {
        Markdown(await HoverAsync("leg_numbness: bool")).Should().StartWith("**fact** `leg_numbness`: bool");
        Markdown(await HoverAsync("given leg_numbness", delta: 8)).Should().StartWith("**fact** `leg_numbness`: bool");
        Markdown(await HoverAsync("expect recommend increase_cadence", delta: 20)).Should().StartWith("**recommendation** `increase_cadence`, priority high");
    }

    [Test]
    public async Task The_cursor_just_after_the_last_letter_still_hovers_the_name()
    {
        var hover = await HoverAsync("pain_score >=", delta: "pain_score".Length);
        TextOf(Text, hover!["range"]!).Should().Be("pain_score");
    }

    [TestCase("rule red_flag_numbness", 1)]
    [TestCase("then recommend see_physician", 2)]
    [TestCase("# Sample", 3)]
    [TestCase("\"Numbness or tingling", 5)]
    public async Task Keywords_comments_strings_and_blanks_have_no_hover(string needle, int delta)
    {
        (await HoverAsync(needle, delta: delta)).Should().BeNull();
        (await client.RequestAsync("textDocument/hover", At(uri, Position(2, 0)))).Should().BeNull("line 3 is empty");
    }
}
