using BackPainRules.Tests.LanguageServer.Support;
using Newtonsoft.Json.Linq;
using static BackPainRules.Tests.LanguageServer.Support.LspText;

namespace BackPainRules.Tests.LanguageServer;

/// <summary>Go to definition, find references, rename (and its refusals).</summary>
public class NavigationTests : LspTestBase
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

    private Task<JToken?> RenameAsync(JObject position, string newName) =>
        client.RequestAsync("textDocument/rename", new { textDocument = new { uri }, position, newName });

    private static string[] RangeTexts(JToken locations, string text) =>
        locations.Select(l => TextOf(text, l["range"]!)).ToArray();

    [Test]
    public async Task Definition_of_a_use_is_the_name_in_its_declaration()
    {
        var definition = await client.RequestAsync("textDocument/definition", At(uri, Find(Text, "pain_score >=", delta: 4)));

        ((string)definition!["uri"]!).Should().Be(uri);
        definition["range"].Json().Should().Be(RangeOfNameBefore(Text, "pain_score", ": number").Json());
    }

    [Test]
    public async Task Definition_of_a_value_a_recommendation_and_a_rule()
    {
        var value = await client.RequestAsync("textDocument/definition", At(uri, Find(Text, "workout is intervals", delta: 12)));
        value!["range"].Json().Should().Be(RangeOfNameBefore(Text, "intervals", " \"The kind").Json());

        var recommendation = await client.RequestAsync("textDocument/definition", At(uri, Find(Text, "expect recommend see_physician", delta: 20)));
        recommendation!["range"].Json().Should().Be(RangeOfNameBefore(Text, "see_physician", " \"See").Json());
    }

    [Test]
    public async Task Definition_where_there_is_no_name_is_null()
    {
        (await client.RequestAsync("textDocument/definition", At(uri, Find(Text, "then recommend see", delta: 1)))).Should().BeNull();
    }

    [Test]
    public async Task References_find_every_mention_with_or_without_the_declaration()
    {
        var position = Find(Text, "not red_flag", delta: 6);

        var all = (JArray)(await client.RequestAsync("textDocument/references",
            new { textDocument = new { uri }, position, context = new { includeDeclaration = true } }))!;
        var uses = (JArray)(await client.RequestAsync("textDocument/references",
            new { textDocument = new { uri }, position, context = new { includeDeclaration = false } }))!;

        all.Should().OnlyContain(l => (string?)l["uri"] == uri);
        RangeTexts(all, Text).Should().Equal("red_flag", "red_flag", "red_flag", "red_flag");
        all.Select(l => (int)l["range"]!["start"]!["line"]!).Should().BeEquivalentTo(new[] { 7, 15, 19, 27 },
            "declared on line 8, concluded on 16, read on 20, expected on 28");
        uses.Select(l => (int)l["range"]!["start"]!["line"]!).Should().BeEquivalentTo(new[] { 15, 19, 27 });
    }

    [Test]
    public async Task Rename_of_a_fact_edits_every_mention_and_the_result_checks_clean()
    {
        var edit = await RenameAsync(Find(Text, "pain_score >="), "pain_level");

        var edits = (JArray)edit!["changes"]![uri]!;
        RangeTexts(edits, Text).Should().OnlyContain(t => t == "pain_score").And.HaveCount(3, "declaration, rule and test");
        string renamed = ApplyEdits(Text, edits);
        renamed.Should().NotContain("pain_score").And.Contain("fact pain_level: number 0..10").And.Contain("pain_level = 5");
        (await client.ChangeAndWaitAsync(uri, 2, renamed)).Should().BeEmpty();
    }

    [Test]
    public async Task Rename_of_an_enum_value_and_of_a_rule()
    {
        var value = await RenameAsync(Find(Text, "tempo, intervals", delta: 8), "interval_runs");
        var valueEdits = (JArray)value!["changes"]![uri]!;
        RangeTexts(valueEdits, Text).Should().HaveCount(3).And.OnlyContain(t => t == "intervals");

        var rule = await RenameAsync(Find(Text, "rule cadence_for_intervals", delta: 6), "cadence_rule");
        string renamed = ApplyEdits(Text, (JArray)rule!["changes"]![uri]!);
        renamed.Should().Contain("rule cadence_rule:").And.NotContain("cadence_for_intervals");
        (await client.ChangeAndWaitAsync(uri, 2, renamed)).Should().BeEmpty();
    }

    [TestCase("if", "reserved word")]
    [TestCase("recommend", "reserved word")]
    [TestCase("Pain-Level", "not a valid name")]
    [TestCase("2pain", "not a valid name")]
    [TestCase("workout", "already declared")]
    [TestCase("see_physician", "already declared")]
    public async Task Rename_refuses_keywords_invalid_names_and_clashes(string newName, string reason)
    {
        var (code, message) = await RequestErrorAsync(client, "textDocument/rename",
            new { textDocument = new { uri }, position = Find(Text, "pain_score >="), newName });

        code.Should().Be(-32602);
        message.Should().Contain(reason);
        var hover = await client.RequestAsync("textDocument/hover", At(uri, Find(Text, "pain_score >=")));
        ((string)hover!["contents"]!["value"]!).Should().Contain("`pain_score`", "nothing was renamed and the server still answers");
    }

    [Test]
    public async Task Rename_of_a_value_refuses_another_value_of_the_same_fact()
    {
        var (code, message) = await RequestErrorAsync(client, "textDocument/rename",
            new { textDocument = new { uri }, position = Find(Text, "workout is intervals", delta: 12), newName = "tempo" });

        code.Should().Be(-32602);
        message.Should().Contain("already declared");
    }

    [Test]
    public async Task Rename_where_there_is_no_name_is_refused()
    {
        var (code, message) = await RequestErrorAsync(client, "textDocument/rename",
            new { textDocument = new { uri }, position = Position(2, 0), newName = "anything" });

        code.Should().Be(-32602);
        message.Should().Contain("no fact, recommendation, rule or value here");
    }
}
