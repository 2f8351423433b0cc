using BackPainRules.Tests.LanguageServer.Support;
using Newtonsoft.Json.Linq;
using static BackPainRules.Tests.LanguageServer.Support.LspText;

namespace BackPainRules.Tests.LanguageServer;

/// <summary>
/// The editor side of scores, <c>count of</c>, <c>unless</c> and the new expectations: hover, symbols,
/// semantic tokens, navigation, quick fixes, live evaluation and code lenses over <see cref="Text"/>.
/// </summary>
public class ScoreEditingTests : LspTestBase
{
    public const string Text = """
        fact fever: bool "Fever"
        fact night_pain: bool "Pain at night"
        fact weight_loss: bool "Unexplained weight loss"
        fact sitting_hours: number 0..16 "Hours sitting a day"
        recommendation see_physician "See a physician" priority urgent
        recommendation core_work "Core work 10 minutes a day" priority high unless red_flag_count >= 1

        score red_flag_count = count of (fever, night_pain, weight_loss) "Red flags present"
        score load = red_flag_count * 2 + sitting_hours "Load on the back"
        score per_hour = 10 / sitting_hours

        rule flags:
          if red_flag_count >= 2 or per_hour > 5
          then recommend see_physician

        rule core:
          if sitting_hours > 4
          then recommend core_work

        test "two flags send the runner to a physician":
          given fever, night_pain, not weight_loss
          expect recommend see_physician
          expect score red_flag_count = 2

        test "core work waits for the red flags":
          given sitting_hours = 6
          expect withheld core_work
          expect not recommend core_work
          expect score load unknown

        """;

    private LspTestClient client = null!;
    private string uri = null!;

    private async Task OpenAsync(object? initializationOptions = null)
    {
        client = await StartAsync(initializationOptions);
        uri = UriIn("rules/scores.rules");
        var diagnostics = await client.OpenAndWaitAsync(uri, Text);
        Errors(diagnostics).Should().BeEmpty("the sample is a clean rule set");
    }

    private async Task<string> HoverAsync(string needle, int occurrence = 0, int delta = 0)
    {
        var hover = await client.RequestAsync("textDocument/hover", At(uri, Find(Text, needle, occurrence, delta)));
        hover.Should().NotBeNull($"there is a hover at '{needle}'");
        return (string)hover!["contents"]!["value"]!;
    }

    [Test]
    public async Task Hover_on_a_score_shows_its_kind_expression_description_and_users()
    {
        await OpenAsync();

        (await HoverAsync("red_flag_count >= 2")).Should().Be(
            "**score** `red_flag_count`: number\n\n`= count of (fever, night_pain, weight_loss)`\n\nRed flags present\n\n" +
            "Used by: `flags`\n\nUsed by scores: `load`\n\nIn the `unless` of: `core_work`");
        (await HoverAsync("score load", delta: 6)).Should().StartWith("**score** `load`: number\n\n`= red_flag_count * 2 + sitting_hours`\n\nLoad on the back");
        (await HoverAsync("per_hour >")).Should().Be("**score** `per_hour`: number\n\n`= 10 / sitting_hours`\n\nUsed by: `flags`",
            "a score without a description");
    }

    [Test]
    public async Task Hover_on_a_recommendation_with_unless_shows_its_contraindication()
    {
        await OpenAsync();

        (await HoverAsync("core_work \"Core")).Should().Be(
            "**recommendation** `core_work`, priority high\n\nCore work 10 minutes a day\n\n" +
            "`unless red_flag_count >= 1`: withheld while this is true or unknown\n\nUsed by: `core`");
        (await HoverAsync("see_physician \"See")).Should().NotContain("unless", "a recommendation without one");
    }

    [Test]
    public async Task Hover_on_a_fact_lists_the_scores_that_read_it()
    {
        await OpenAsync();

        (await HoverAsync("fever, night_pain, weight")).Should().Be("**fact** `fever`: bool\n\nFever\n\nUsed by scores: `red_flag_count`");
        (await HoverAsync("sitting_hours > 4")).Should().EndWith("Used by: `core`\n\nUsed by scores: `load`, `per_hour`");
    }

    [Test]
    public async Task Document_symbols_list_scores_as_numbers_in_source_order()
    {
        await OpenAsync();

        var symbols = (JArray)(await client.RequestAsync("textDocument/documentSymbol", Doc(uri)))!;

        symbols.Select(s => $"{(string)s["name"]!}:{(int)s["kind"]!}").Should().Equal(
            "fever:13", "night_pain:13", "weight_loss:13", "sitting_hours:13", "see_physician:12", "core_work:12",
            "red_flag_count:16", "load:16", "per_hour:16", "flags:5", "core:5",
            "two flags send the runner to a physician:24", "core work waits for the red flags:24");
        ((string?)symbols[6]["detail"]).Should().Be("Red flags present");
        symbols[6]["selectionRange"].Json().Should().Be(RangeOfNameBefore(Text, "red_flag_count", " = count").Json());
    }

    [Test]
    public async Task Workspace_symbols_find_scores()
    {
        await OpenAsync();

        var found = (JArray)(await client.RequestAsync("workspace/symbol", new { query = "flag_co" }))!;

        found.Select(s => $"{(string)s["name"]!}:{(int)s["kind"]!}").Should().Equal("red_flag_count:16");
    }

    [Test]
    public async Task Go_to_definition_references_and_rename_cover_every_mention_of_a_score()
    {
        await OpenAsync();
        var inRule = Find(Text, "red_flag_count >= 2");

        var definition = await client.RequestAsync("textDocument/definition", At(uri, inRule));
        definition!["range"].Json().Should().Be(RangeOfNameBefore(Text, "red_flag_count", " = count").Json());

        var references = (JArray)(await client.RequestAsync("textDocument/references",
            new { textDocument = new { uri }, position = inRule, context = new { includeDeclaration = true } }))!;
        // The declaration, the unless, load's expression, the rule and the expectation.
        references.Should().HaveCount(5);

        var rename = await client.RequestAsync("textDocument/rename", new { textDocument = new { uri }, position = inRule, newName = "flag_count" });
        var edits = (JArray)rename!["changes"]![uri]!;
        edits.Should().HaveCount(5).And.OnlyContain(e => (string)e["newText"]! == "flag_count");
        var renamed = ApplyEdits(Text, edits);
        renamed.Should().Contain("score flag_count = count of").And.Contain("unless flag_count >= 1").And.Contain("score load = flag_count * 2")
            .And.Contain("if flag_count >= 2").And.Contain("expect score flag_count = 2").And.NotContain("red_flag_count");

        var (code, message) = await RequestErrorAsync(client, "textDocument/rename",
            new { textDocument = new { uri }, position = inRule, newName = "load" });
        code.Should().Be(-32602);
        message.Should().Contain("'load' is already declared");
    }

    [Test]
    public async Task Semantic_tokens_colour_scores_like_facts_and_the_new_words_as_keywords()
    {
        await OpenAsync();
        var result = await client.RequestAsync("textDocument/semanticTokens/full", Doc(uri));
        var legend = client.InitializeResult!["capabilities"]!["semanticTokensProvider"]!["legend"]!["tokenTypes"]!.Values<string>().ToArray();
        var data = result!["data"]!.Values<int>().ToArray();
        var tokens = new Dictionary<(int, int), (string Type, bool Declaration)>();
        int line = 0, character = 0;
        for (int i = 0; i < data.Length; i += 5)
        {
            if (data[i] > 0) character = 0;
            line += data[i];
            character += data[i + 1];
            tokens[(line, character)] = (legend[data[i + 3]]!, (data[i + 4] & 1) != 0);
        }
        (string, bool) TokenAt(string needle, int occurrence = 0, int delta = 0)
        {
            var position = Find(Text, needle, occurrence, delta);
            return tokens[((int)position["line"]!, (int)position["character"]!)];
        }

        TokenAt("score red_flag_count").Should().Be(("keyword", false));
        TokenAt("red_flag_count = count").Should().Be(("parameter", true), "a score is declared like a fact");
        TokenAt("count of").Should().Be(("keyword", false));
        TokenAt("red_flag_count * 2").Should().Be(("parameter", false));
        TokenAt("unless").Should().Be(("keyword", false));
        TokenAt("red_flag_count >= 1").Should().Be(("parameter", false));
        TokenAt("withheld core_work").Should().Be(("keyword", false));
        TokenAt("core_work\n  expect not", delta: 0).Should().Be(("function", false));
        TokenAt("load unknown").Should().Be(("parameter", false));
        TokenAt("unknown").Should().Be(("keyword", false));
    }

    [Test]
    public async Task Did_you_mean_fixes_suggest_scores()
    {
        client = await StartAsync();
        uri = UriIn("rules/typo.rules");
        string text = Text.Replace("if red_flag_count >= 2", "if red_flag_cout >= 2");
        var diagnostics = await client.OpenAndWaitAsync(uri, text);
        var typo = Errors(diagnostics).Should().ContainSingle().Subject;

        var actions = (JArray)(await client.RequestAsync("textDocument/codeAction", new
        {
            textDocument = new { uri },
            range = typo["range"],
            context = new { diagnostics = new[] { typo } },
        }))!;

        var fix = actions.Should().ContainSingle(a => (string)a["title"]! == "Change to 'red_flag_count'").Subject;
        ((bool?)fix["isPreferred"]).Should().BeTrue();
        ApplyEdits(text, (JArray)fix["edit"]!["changes"]![uri]!).Should().Be(Text);
    }

    [Test]
    public async Task Code_lenses_run_tests_with_score_and_withheld_expectations()
    {
        await OpenAsync();

        var lenses = (JArray)(await client.RequestAsync("textDocument/codeLens", Doc(uri)))!;

        lenses.Select(l => (string)l["command"]!["title"]!).Should().Equal("✓ passed", "✓ passed");
    }

    [Test]
    public async Task A_failing_score_expectation_shows_in_its_lens()
    {
        client = await StartAsync();
        uri = UriIn("rules/failing.rules");
        await client.OpenAndWaitAsync(uri, Text.Replace("expect score red_flag_count = 2", "expect score red_flag_count = 3"));

        var lenses = (JArray)(await client.RequestAsync("textDocument/codeLens", Doc(uri)))!;

        ((string)lenses[0]["command"]!["title"]!).Should().StartWith("✗ failed").And.Contain("red_flag_count = 2");
        ((string)lenses[1]["command"]!["title"]!).Should().Be("✓ passed");
    }

    [Test]
    public async Task An_undeclared_score_in_expect_score_can_be_declared_by_a_quick_fix()
    {
        client = await StartAsync();
        uri = UriIn("rules/undeclared.rules");
        string text = Text + "test \"total\":\n  given fever\n  expect score total = 1\n";
        var diagnostics = await client.OpenAndWaitAsync(uri, text);
        var undeclared = Errors(diagnostics).Should().ContainSingle().Subject;
        TextOf(text, undeclared["range"]!).Should().Be("total");

        var actions = (JArray)(await client.RequestAsync("textDocument/codeAction", new
        {
            textDocument = new { uri },
            range = undeclared["range"],
            context = new { diagnostics = new[] { undeclared } },
        }))!;

        var declare = actions.Should().ContainSingle(a => (string)a["title"]! == "Declare score 'total'").Subject;
        ApplyEdits(text, (JArray)declare["edit"]!["changes"]![uri]!).Should().Be(text + "score total = 0 \"\"\n");
    }
}
