using System.Text.RegularExpressions;
using BackPainRules.Tests.LanguageServer.Support;
using Newtonsoft.Json.Linq;
using static BackPainRules.Tests.LanguageServer.Support.LspText;

namespace BackPainRules.Tests.LanguageServer;

/// <summary>Diagnostics on open and on every change, debounced, the same as <c>rules check</c>, cleared on close.</summary>
public class DiagnosticsTests : LspTestBase
{
    private const string Broken = """
        fact leg_numbness: bool "Numbness"
        fact pain_score: number 0..10
        fact unused_fact: bool
        fact workout: one of easy, tempo
        recommendation see_physician "See a physician" priority urgent

        if leg_numbnes then recommend see_physician
        if pain_score then recommend see_physician
        if workout is tempp then recommend see_physician
        rule broken: if then recommend
        if leg_numbness and not leg_numbness then conclude pain_score

        """;

    [Test]
    public async Task Open_publishes_exactly_what_rules_check_prints()
    {
        var path = Folder.Write("broken.rules", Broken);
        var client = await StartAsync();

        var diagnostics = await client.OpenAndWaitAsync(UriIn("broken.rules"), Broken);
        var check = RulesProcess.Run(Folder.Path, "check", "broken.rules");

        check.ExitCode.Should().Be(1);
        var expected = check.StdoutLines.Where(l => l.StartsWith("broken.rules:", StringComparison.Ordinal)).ToArray();
        expected.Length.Should().BeGreaterThan(4, "the sample has errors and warnings of several kinds");
        var published = diagnostics
            .Select(d => $"broken.rules:{(int)d["range"]!["start"]!["line"]! + 1}:{(int)d["range"]!["start"]!["character"]! + 1}: " +
                         $"{((int)d["severity"]! == 1 ? "error" : "warning")} {(string)d["code"]!}: {(string)d["message"]!}")
            .ToArray();
        published.Should().BeEquivalentTo(expected);
        diagnostics.Should().OnlyContain(d => (string?)d["source"] == "rules");
        File.ReadAllText(path).Should().Be(Broken, "the server never writes files");
    }

    [Test]
    public async Task A_did_you_mean_diagnostic_covers_the_name_and_carries_the_suggestion()
    {
        var client = await StartAsync();
        var diagnostics = await client.OpenAndWaitAsync(UriIn("broken.rules"), Broken);

        var misspelled = diagnostics.Single(d => ((string)d["message"]!).Contains("leg_numbnes'", StringComparison.Ordinal));

        int at = IndexOf(Broken, "if leg_numbnes ") + "if ".Length;
        misspelled["range"].Json().Should().Be(Range(PositionOf(Broken, at), PositionOf(Broken, at + "leg_numbnes".Length)).Json());
        TextOf(Broken, misspelled["range"]!).Should().Be("leg_numbnes");
        ((int)misspelled["severity"]!).Should().Be(1);
        ((string)misspelled["code"]!).Should().Be("BPR101");
        ((string)misspelled["data"]!["suggestion"]!).Should().Be("leg_numbness");
        var neverTrue = diagnostics.Single(d => (string?)d["code"] == "BPR203");
        ((int)neverTrue["severity"]!).Should().Be(2, "a condition that can never be true is a warning");
        neverTrue["range"]!["start"].Json().Should().Be(Find(Broken, "leg_numbness and not").Json());
    }

    [Test]
    public async Task A_clean_document_gets_an_empty_list_with_its_version()
    {
        var client = await StartAsync();
        var uri = UriIn("clean.rules");
        await client.OpenAsync(uri, Samples.Clean, version: 7);

        var published = await client.DiagnosticsAsync(uri);

        ((int?)published["version"]).Should().Be(7);
        published["diagnostics"].Should().BeOfType<JArray>().Which.Should().BeEmpty();
    }

    [Test]
    public async Task Every_change_is_checked_and_published_with_its_version()
    {
        var client = await StartAsync();
        var uri = UriIn("a.rules");
        await client.OpenAndWaitAsync(uri, Samples.Clean);

        string broken = Samples.Clean.Replace("then recommend core_work", "then recommend core_walk");
        var afterBreaking = await client.ChangeAndWaitAsync(uri, 2, broken);
        var error = Errors(afterBreaking).Should().ContainSingle().Subject;
        ((string)error["code"]!).Should().Be("BPR101");
        TextOf(broken, error["range"]!).Should().Be("core_walk");
        afterBreaking.Should().Contain(d => (string?)d["code"] == "BPR202", "core_work is no longer used");

        var afterTyping = await client.ChangeAndWaitAsync(uri, 3, broken + "if");
        Errors(afterTyping).Should().HaveCount(2, "the half-written rule is a syntax error too");

        (await client.ChangeAndWaitAsync(uri, 4, Samples.Clean)).Should().BeEmpty();
    }

    [Test]
    public async Task A_burst_of_changes_is_checked_once_after_a_quiet_period()
    {
        var client = await StartAsync(debounce: TimeSpan.FromMilliseconds(400));
        var uri = UriIn("a.rules");
        await client.OpenAndWaitAsync(uri, Samples.Declarations);

        // Twenty keystrokes typing a rule, sent as fast as an editor would.
        string typed = "if red_flag then avoid see_physician";
        for (int i = 1; i <= 20; i++)
        {
            int length = typed.Length * i / 20;
            await client.ChangeFullAsync(uri, i + 1, Samples.Declarations + typed[..length]);
        }
        var last = await client.DiagnosticsAsync(uri, 21);

        last["diagnostics"].Should().BeOfType<JArray>().Which.Should().BeEmpty("the last text is a complete, correct rule");
        client.AllPublishedDiagnostics.Count(p => (string?)p["uri"] == uri && (int?)p["version"] is >= 2 and <= 20)
            .Should().BeLessThan(10, "a burst of changes is debounced, not checked once per keystroke");
    }

    [Test]
    public async Task Closing_a_document_clears_its_diagnostics()
    {
        var client = await StartAsync();
        var uri = UriIn("broken.rules");
        (await client.OpenAndWaitAsync(uri, Broken)).Should().NotBeEmpty();

        await client.CloseAsync(uri);
        var cleared = await client.ClearedDiagnosticsAsync(uri);

        cleared["diagnostics"].Should().BeOfType<JArray>().Which.Should().BeEmpty();
        // Nothing stale follows the clearing: check another document as a barrier, then look.
        await client.OpenAndWaitAsync(UriIn("other.rules"), Samples.Clean);
        client.PendingDiagnostics(uri).Should().BeEmpty();
    }

    [Test]
    public async Task A_document_can_be_closed_and_opened_again()
    {
        var client = await StartAsync();
        var uri = UriIn("a.rules");
        await client.OpenAndWaitAsync(uri, Broken);
        await client.CloseAsync(uri);
        await client.ClearedDiagnosticsAsync(uri);

        (await client.OpenAndWaitAsync(uri, Samples.Clean, version: 1)).Should().BeEmpty();
        await ServerShouldHoldText(client, uri, Samples.Clean);
    }

    [Test]
    public async Task A_change_that_arrives_while_the_previous_version_is_being_checked_is_checked_itself()
    {
        // The open is checked on a worker thread. A change arriving meanwhile invalidates the cache before that
        // check stores its analysis, so the old analysis is cached and then served for the new version: its
        // diagnostics are published with the new version number, and requests read the old text.
        // A large document makes the check slow (about 100 ms); a request answered without any check (an unknown
        // command) tells when the server has handled the open, and a short pause (to reproduce the race, not to
        // wait for anything) lets its check start, so the small incremental change that follows lands while the
        // open is being checked.
        var client = await StartAsync();
        var big = new System.Text.StringBuilder();
        for (int i = 0; i < 1500; i++) big.Append($"fact f{i}: bool\nrecommendation r{i}\nrule n{i}: if f{i} and not f{(i + 1) % 1500} then recommend r{i}\n");
        string original = big.ToString();
        var end = PositionOf(original, original.Length);
        var stale = new List<string>();
        int[] pauses = { 0, 5, 10, 20, 30, 45, 60, 80 };
        for (int round = 0; round < pauses.Length; round++)
        {
            var uri = UriIn($"race{round}.rules");
            await client.OpenAsync(uri, original, 1);
            (await client.RequestAsync("workspace/executeCommand", new { command = "not.a.command", arguments = Array.Empty<object>() })).Should().BeNull();
            if (pauses[round] > 0) await Task.Delay(pauses[round]);
            await client.ChangeAsync(uri, 2, LspTestClient.Edit(Range(end, end), $"if not_declared_{round} then recommend r1\n"));

            var published = await client.DiagnosticsAsync(uri, 2);

            if (!((JArray)published["diagnostics"]!).Any(d => ((string)d["message"]!).Contains($"not_declared_{round}")))
            {
                stale.Add($"round {round}: the diagnostics published for version 2 are those of version 1");
            }
            var symbols = (JArray)(await client.RequestAsync("textDocument/documentSymbol", Doc(uri)))!;
            if (symbols.Count != 3 * 1500 + 1) stale.Add($"round {round}: the outline has {symbols.Count} entries, not those of version 2 (4501)");
        }
        string.Join("; ", stale).Should().BeEmpty();
    }

    [Test]
    public async Task Edits_checked_incrementally_give_what_a_fresh_check_of_the_same_text_gives()
    {
        // The server re-parses only the items an edit changed; after each edit its diagnostics and semantic
        // tokens (every span of the file) must be those of the same text opened as a new document.
        var client = await StartAsync(debounce: TimeSpan.Zero);
        var uri = UriIn("edited.rules");
        await client.OpenAndWaitAsync(uri, Broken);
        string[] texts =
        {
            "# a first line\n" + Broken,
            "# a first line\n" + Broken.Replace("rule broken: if then recommend", "rule broken: if leg_numbness then recommend see_physician"),
            Broken.Replace("fact unused_fact: bool\n", ""),
            Broken.Replace("recommendation see_physician", "see_physician"),
            Broken.Replace("if pain_score then", "if pain_score > 3 then\nfact extra: bool\n"),
            Broken + "if leg_numbness then recommend see_physician\n",
            Broken,
        };
        for (int version = 2; version < texts.Length + 2; version++)
        {
            string text = texts[version - 2];
            var edited = await client.ChangeAndWaitAsync(uri, version, text);
            var freshUri = UriIn($"fresh{version}.rules");
            var fresh = await client.OpenAndWaitAsync(freshUri, text);

            edited.Should().NotBeEmpty("every version has problems");
            edited.Json().Should().Be(fresh.Json(), "version {0}:\n{1}", version, text);
            var editedTokens = await client.RequestAsync("textDocument/semanticTokens/full", Doc(uri));
            var freshTokens = await client.RequestAsync("textDocument/semanticTokens/full", Doc(freshUri));
            ((JArray)editedTokens!["data"]!).Should().NotBeEmpty();
            editedTokens.Json().Should().Be(freshTokens.Json());
            await ServerShouldHoldText(client, uri, text);
        }
    }
}
