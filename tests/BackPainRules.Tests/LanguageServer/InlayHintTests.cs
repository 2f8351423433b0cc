using BackPainRules.Tests.LanguageServer.Support;
using Newtonsoft.Json.Linq;

namespace BackPainRules.Tests.LanguageServer;

/// <summary>
/// Live evaluation: with a preview profile chosen for the workspace, an inlay hint after each rule's header
/// says whether it fires, is false or is undetermined and what is missing, as the clinician types.
/// </summary>
public class InlayHintTests : LspTestBase
{
    private const string Healthy = """{ "leg_numbness": false, "workout": "intervals", "pain_score": 5, "pain_during": ["easy_runs"] }""";
    private const string Partial = """{ "leg_numbness": false, "workout": "intervals" }""";

    private string uri = null!;

    [SetUp]
    public void WriteProfiles()
    {
        Folder.Write("profiles/healthy.json", Healthy);
        Folder.Write("profiles/partial.json", Partial);
        Folder.Write("profiles/empty.json", "{}");
        uri = UriIn("rules/sample.rules");
    }

    private static async Task<string[]> HintsAsync(LspTestClient client, string uri, string text)
    {
        var hints = (JArray)(await client.RequestAsync("textDocument/inlayHint", new
        {
            textDocument = new { uri },
            range = LspText.Range(LspText.PositionOf(text, 0), LspText.PositionOf(text, text.Length)),
        }))!;
        return hints.Select(h => $"{(int)h["position"]!["line"]!}:{(int)h["position"]!["character"]!} {(string)h["label"]!}").ToArray();
    }

    [Test]
    public async Task Each_rule_shows_whether_it_fires_for_the_preview_profile()
    {
        var client = await StartAsync(new { previewProfile = "profiles/healthy.json" });
        await client.OpenAndWaitAsync(uri, Samples.Clean);

        (await HintsAsync(client, uri, Samples.Clean)).Should().Equal(
            "13:23 ✗ false", // after "rule red_flag_numbness:" (23 characters)
            "18:27 ✓ fires", // after "rule cadence_for_intervals:"
            $"22:{"if pain_during has long_runs then recommend core_work".Length} ✗ false"); // an unnamed rule: at the end of its if line
    }

    [Test]
    public async Task An_undetermined_rule_names_the_missing_facts()
    {
        var client = await StartAsync(new { previewProfile = "profiles/partial.json" });
        await client.OpenAndWaitAsync(uri, Samples.Clean);

        var hints = await HintsAsync(client, uri, Samples.Clean);

        hints.Should().Equal(
            "13:23 ✗ false",
            "18:27 ? undetermined: needs pain_score",
            "22:53 ? undetermined: needs pain_during");
    }

    [Test]
    public async Task Hints_change_as_the_document_changes()
    {
        var client = await StartAsync(new { previewProfile = "profiles/healthy.json" });
        await client.OpenAndWaitAsync(uri, Samples.Clean);
        (await HintsAsync(client, uri, Samples.Clean))[1].Should().Be("18:27 ✓ fires");

        // The clinician raises the threshold above the profile's pain score, one keystroke (an incremental change).
        var position = LspText.Find(Samples.Clean, ">= 3", delta: 3);
        await client.ChangeAsync(uri, 2, LspTestClient.Edit(LspText.Range(position, LspText.Find(Samples.Clean, ">= 3", delta: 4)), "6"));
        string changed = Samples.Clean.Replace(">= 3", ">= 6");

        (await HintsAsync(client, uri, changed))[1].Should().Be("18:27 ✗ false");

        // A new rule typed at the end gets its own hint.
        const string newRule = "rule also_for_tempo: if workout is intervals then recommend core_work";
        string added = changed + newRule + "\n";
        await client.ChangeFullAsync(uri, 3, added);
        (await HintsAsync(client, uri, added)).Should().HaveCount(4)
            .And.Contain($"{LspText.LineStarts(added).Count - 2}:{newRule.Length} ✓ fires", "a hint goes at the end of the line of the rule's name");
    }

    [Test]
    public async Task Changing_the_configuration_switches_the_profile()
    {
        var client = await StartAsync(new { previewProfile = "profiles/healthy.json" });
        await client.OpenAndWaitAsync(uri, Samples.Clean);
        (await HintsAsync(client, uri, Samples.Clean))[1].Should().Be("18:27 ✓ fires");

        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { rules = new { previewProfile = "profiles/empty.json" } } });

        (await HintsAsync(client, uri, Samples.Clean)).Should().Equal(
            "13:23 ? undetermined: needs leg_numbness",
            "18:27 ? undetermined: needs leg_numbness, pain_score, workout",
            "22:53 ? undetermined: needs pain_during");
    }

    [Test]
    public async Task The_profile_can_be_chosen_by_configuration_alone()
    {
        var client = await StartAsync();
        await client.OpenAndWaitAsync(uri, Samples.Clean);
        (await HintsAsync(client, uri, Samples.Clean)).Should().BeEmpty("there is no preview profile yet");

        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { rules = new { previewProfile = "profiles/healthy.json" } } });

        (await HintsAsync(client, uri, Samples.Clean)).Should().HaveCount(3);
    }

    [Test]
    public async Task After_a_configuration_change_the_server_asks_the_client_to_refresh_hints_with_a_request()
    {
        // LSP 3.17: workspace/inlayHint/refresh is a request (it has an id and no params), sent only to a client
        // that announced workspace.inlayHint.refreshSupport. The server sends it as a notification with params [].
        var client = await StartAsync(new { previewProfile = "profiles/healthy.json" });
        await client.OpenAndWaitAsync(uri, Samples.Clean);

        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { rules = new { previewProfile = "profiles/empty.json" } } });
        await HintsAsync(client, uri, Samples.Clean); // a round trip: the refresh, sent before this answer, has arrived

        var refresh = client.ServerMessages.Should().ContainSingle(m => (string?)m["method"] == "workspace/inlayHint/refresh").Subject;
        refresh["id"].Should().NotBeNull("workspace/inlayHint/refresh is a request");
    }

    [Test]
    public async Task A_rule_set_with_errors_or_a_missing_profile_has_no_hints()
    {
        var client = await StartAsync(new { previewProfile = "profiles/healthy.json" });
        string broken = Samples.Clean.Replace("then recommend core_work", "then recommend core_walk");
        await client.OpenAndWaitAsync(uri, broken);
        (await HintsAsync(client, uri, broken)).Should().BeEmpty();

        await client.ChangeAndWaitAsync(uri, 2, Samples.Clean);
        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { rules = new { previewProfile = "profiles/missing.json" } } });
        (await HintsAsync(client, uri, Samples.Clean)).Should().BeEmpty();
        client.ServerLog.Should().Contain("missing.json", "the unreadable profile is logged");
    }

    [Test]
    public async Task A_profile_with_a_bad_value_gives_no_hints_and_no_error()
    {
        Folder.Write("profiles/bad.json", """{ "pain_score": 99 }""");
        var client = await StartAsync(new { previewProfile = "profiles/bad.json" });
        await client.OpenAndWaitAsync(uri, Samples.Clean);

        (await HintsAsync(client, uri, Samples.Clean)).Should().BeEmpty();
    }

    [Test]
    public async Task Each_score_shows_its_value_or_range_and_a_fired_rule_shows_its_withheld_advice()
    {
        Folder.Write("profiles/one-flag.json", """{ "sitting_hours": 6, "fever": true }""");
        var client = await StartAsync(new { previewProfile = "profiles/one-flag.json" });
        string text = ScoreEditingTests.Text;
        var lines = text.Split('\n');
        await client.OpenAndWaitAsync(uri, text);

        (await HintsAsync(client, uri, text)).Should().Equal(
            $"7:{lines[7].Length} = 1..3", // fever is true, night_pain and weight_loss unknown: count of is 1..3
            $"8:{lines[8].Length} = 8..12", // 1..3 * 2 + 6
            $"9:{lines[9].Length} = 1.6666666666666667", // 10 / 6, in the shortest round-trip form
            "11:11 ? undetermined: needs night_pain, weight_loss",
            "15:10 ✓ fires (core_work withheld: unless holds)"); // red_flag_count >= 1 is already true
    }

    [Test]
    public async Task Withheld_advice_names_the_facts_that_would_decide_its_unless_and_unknown_scores_say_so()
    {
        Folder.Write("profiles/sitting.json", """{ "sitting_hours": 6 }""");
        Folder.Write("profiles/clear.json", """{ "sitting_hours": 5, "fever": false, "night_pain": false, "weight_loss": false }""");
        var client = await StartAsync(new { previewProfile = "profiles/sitting.json" });
        string text = ScoreEditingTests.Text;
        var lines = text.Split('\n');
        await client.OpenAndWaitAsync(uri, text);

        var sitting = await HintsAsync(client, uri, text);
        sitting.Should().Contain($"7:{lines[7].Length} = 0..3").And.Contain($"8:{lines[8].Length} = 6..12");
        sitting.Should().Contain("15:10 ✓ fires (core_work withheld: needs fever, night_pain, weight_loss)");

        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { rules = new { previewProfile = "profiles/clear.json" } } });
        var clear = await HintsAsync(client, uri, text);
        clear.Should().Equal(
            $"7:{lines[7].Length} = 0",
            $"8:{lines[8].Length} = 5",
            $"9:{lines[9].Length} = 2",
            "11:11 ✗ false",
            "15:10 ✓ fires"); // the unless is false: the advice is given, nothing is withheld

        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { rules = new { previewProfile = "profiles/empty.json" } } });
        var empty = await HintsAsync(client, uri, text);
        empty.Should().Contain($"9:{lines[9].Length} : unknown", "10 / sitting_hours has no value while sitting_hours may be 0");
        empty.Should().Contain($"8:{lines[8].Length} = 0..22");
    }
}
