using BackPainRules.Tests.LanguageServer.Support;
using Newtonsoft.Json.Linq;
using static BackPainRules.Tests.LanguageServer.Support.LspText;

namespace BackPainRules.Tests.LanguageServer;

/// <summary>JSON-RPC and LSP mechanics: unknown methods, cancellation, text sync, UTF-16 positions, errors, exit codes, framing.</summary>
public class ProtocolTests : LspTestBase
{
    [TestCase("textDocument/notAFeature")]
    [TestCase("$/customRequest")]
    public async Task An_unknown_request_is_answered_with_MethodNotFound(string method)
    {
        var client = await StartAsync();

        var (code, _) = await RequestErrorAsync(client, method, new { textDocument = new { uri = UriIn("a.rules") } });

        code.Should().Be(-32601);
        (await client.RequestAsync("workspace/symbol", new { query = "" })).Should().BeOfType<JArray>("the server still answers");
    }

    [Test]
    public async Task Unknown_notifications_are_ignored()
    {
        var client = await StartAsync();
        await client.NotifyAsync("$/setTrace", new { value = "verbose" });
        await client.NotifyAsync("textDocument/notAFeature", new { textDocument = new { uri = UriIn("a.rules") } });

        var diagnostics = await client.OpenAndWaitAsync(UriIn("a.rules"), Samples.Clean);

        diagnostics.Should().BeEmpty();
        client.ServerMessages.Should().NotContain(m => m["id"] != null && m["error"] != null, "a notification is never answered");
    }

    [Test]
    public async Task A_cancelled_request_does_not_break_the_server()
    {
        var client = await StartAsync();
        var uri = UriIn("a.rules");
        await client.OpenAndWaitAsync(uri, Samples.Clean);

        // Cancel while in flight: StreamJsonRpc sends $/cancelRequest with the request's id.
        using var cancel = new CancellationTokenSource();
        var completion = client.RequestAsync("textDocument/completion", At(uri, Find(Samples.Clean, "then recommend see", 0, 15)), cancel.Token);
        cancel.Cancel();
        try
        {
            (await completion).Should().NotBeNull("if the server finished before the cancellation, it answers normally");
        }
        catch (OperationCanceledException)
        {
            // Answered with RequestCancelled: also fine.
        }
        // A $/cancelRequest for an id that was never sent, or already answered, is harmless.
        await client.NotifyAsync("$/cancelRequest", new { id = 987654 });
        await client.NotifyAsync("$/cancelRequest", new { id = 1 });

        var hover = await client.RequestAsync("textDocument/hover", At(uri, Find(Samples.Clean, "pain_score >=")));
        ((string)hover!["contents"]!["value"]!).Should().Contain("pain_score");
    }

    [Test]
    public async Task Incremental_changes_in_one_notification_are_applied_in_order()
    {
        var client = await StartAsync();
        var uri = UriIn("a.rules");
        string text = Samples.Declarations;
        await client.OpenAndWaitAsync(uri, text);

        // 1. insert a new rule at the end; 2. rename the rule in the text just inserted (positions of the text after change 1).
        string inserted = "rule extra:\n  if red_flag then recommend see_physician\n";
        var end = PositionOf(text, text.Length);
        string afterFirst = text + inserted;
        var second = RangeOf(afterFirst, "extra");
        await client.ChangeAsync(uri, 2, Client.Edit(Range(end, end), inserted), Client.Edit(second, "extra_rule"));
        string expected = afterFirst.Replace("rule extra:", "rule extra_rule:");

        (await client.DiagnosticsAsync(uri, 2))["diagnostics"]!.Should().BeEmpty();
        await ServerShouldHoldText(client, uri, expected);
    }

    [Test]
    public async Task A_multi_line_range_is_replaced()
    {
        var client = await StartAsync();
        var uri = UriIn("a.rules");
        string text = Samples.Clean;
        await client.OpenAndWaitAsync(uri, text);

        // Replace from the middle of the first rule's condition line to the middle of the second rule's name.
        int start = IndexOf(text, "leg_numbness\n  then");
        int end = IndexOf(text, "for_intervals:");
        string replacement = "red_flag\n  then recommend core_work\n\nrule x_";
        await client.ChangeAsync(uri, 2, Client.Edit(Range(PositionOf(text, start), PositionOf(text, end)), replacement));
        string expected = text[..start] + replacement + text[end..];

        await client.DiagnosticsAsync(uri, 2);
        await ServerShouldHoldText(client, uri, expected);
        expected.Should().Contain("rule x_for_intervals:");
    }

    [Test]
    public async Task Incremental_changes_work_on_a_CRLF_document()
    {
        var client = await StartAsync();
        var uri = UriIn("crlf.rules");
        string text = Samples.Clean.Replace("\n", "\r\n");
        await client.OpenAndWaitAsync(uri, text);

        // Misspell a name on a late line, then delete a whole line including its CRLF.
        int at = IndexOf(text, "not red_flag") + 4;
        await client.ChangeAsync(uri, 2, Client.Edit(Range(PositionOf(text, at), PositionOf(text, at + "red_flag".Length)), "red_flg"));
        text = text[..at] + "red_flg" + text[(at + "red_flag".Length)..];
        var diagnostics = (JArray)(await client.DiagnosticsAsync(uri, 2))["diagnostics"]!;

        diagnostics.Should().ContainSingle();
        diagnostics[0]["range"].Json().Should().Be(RangeOf(text, "red_flg").Json());
        ((string)diagnostics[0]["code"]!).Should().Be("BPR101");

        int lineStart = IndexOf(text, "  because \"Numbness");
        int lineEnd = text.IndexOf("\r\n", lineStart, StringComparison.Ordinal) + 2;
        await client.ChangeAsync(uri, 3, Client.Edit(Range(PositionOf(text, lineStart), PositionOf(text, lineEnd)), ""));
        text = text[..lineStart] + text[lineEnd..];
        var after = (JArray)(await client.DiagnosticsAsync(uri, 3))["diagnostics"]!;

        after.Should().ContainSingle().Which["range"].Json().Should().Be(RangeOf(text, "red_flg").Json());
        await ServerShouldHoldText(client, uri, text);
    }

    [Test]
    public async Task A_full_text_change_replaces_the_document()
    {
        var client = await StartAsync();
        var uri = UriIn("a.rules");
        await client.OpenAndWaitAsync(uri, "garbage ((( \"");

        var diagnostics = await client.ChangeAndWaitAsync(uri, 2, Samples.Clean);

        diagnostics.Should().BeEmpty();
        await ServerShouldHoldText(client, uri, Samples.Clean);
    }

    [Test]
    public async Task Positions_count_UTF16_code_units_after_an_emoji_and_accented_letters()
    {
        var client = await StartAsync();
        var uri = UriIn("utf16.rules");
        // On one line, after a string holding an emoji (two UTF-16 code units) and 'é', a misspelled name and a good one.
        string text = Samples.Declarations + "test \"douleur 😀 é\": given leg_numbnes expect recommend see_physician\n";

        int misspelled = IndexOf(text, "given leg_numbnes ") + "given ".Length;
        var misspelledRange = Range(PositionOf(text, misspelled), PositionOf(text, misspelled + "leg_numbnes".Length));

        var diagnostics = await client.OpenAndWaitAsync(uri, text);

        diagnostics.Should().ContainSingle();
        diagnostics[0]["range"].Json().Should().Be(misspelledRange.Json());
        var line = (int)diagnostics[0]["range"]!["start"]!["line"]!;
        ((int)diagnostics[0]["range"]!["start"]!["character"]!).Should().Be("test \"douleur 😀 é\": given ".Length, "the emoji counts two");
        ((int)diagnostics[0]["range"]!["start"]!["character"]!).Should().Be(27, "5 + 1 + 7 + 1 + 2 (emoji) + 1 + 1 (é) + 1 + 1 + 1 + 5 + 1");

        var hover = await client.RequestAsync("textDocument/hover", At(uri, Position(line, "test \"douleur 😀 é\": given leg_numbnes expect recommend se".Length)));
        ((string)hover!["contents"]!["value"]!).Should().StartWith("**recommendation** `see_physician`");
        hover["range"].Json().Should().Be(RangeOf(text, "see_physician", 2).Json());

        // An incremental edit placed after the emoji lands on the right character.
        await client.ChangeAsync(uri, 2, Client.Edit(misspelledRange, "leg_numbness"));
        (await client.DiagnosticsAsync(uri, 2))["diagnostics"]!.Should().BeEmpty();
        await ServerShouldHoldText(client, uri, text.Replace("given leg_numbnes ", "given leg_numbness "));
    }

    [Test]
    public async Task A_character_past_the_end_of_a_line_means_the_end_of_that_line()
    {
        // LSP 3.17, Position: "If the character value is greater than the line length it defaults back to the line length."
        // The server clamps to the start of the next line instead, so the edit also swallows the line break.
        var client = await StartAsync();
        var uri = UriIn("a.rules");
        string text = "fact a: bool\nfact b: bool\nrecommendation r\nif a and b then recommend r\n";
        await client.OpenAndWaitAsync(uri, text);

        await client.ChangeAsync(uri, 2, Client.Edit(Range(0, 12, 0, 999), " \"A\""));
        string expected = "fact a: bool \"A\"\nfact b: bool\nrecommendation r\nif a and b then recommend r\n";

        await client.DiagnosticsAsync(uri, 2);
        await ServerShouldHoldText(client, uri, expected);
    }

    [Test]
    public async Task A_lone_CR_ends_a_line_for_positions()
    {
        // LSP 3.17, Text Documents: "the protocol specifies the following end-of-line sequences: '\n', '\r\n' and '\r'".
        // The server counts lines at '\n' only, so everything after a lone CR is reported on the wrong line.
        var client = await StartAsync();
        var uri = UriIn("cr.rules");
        string text = "fact a: bool\rrecommendation r\rif a and b then recommend r\r";

        var diagnostics = await client.OpenAndWaitAsync(uri, text);

        diagnostics.Should().ContainSingle();
        diagnostics[0]["range"].Json().Should().Be(Range(2, 9, 2, 10).Json(), "'b' is on the third line, at character 9");
    }

    [Test]
    public async Task An_incremental_edit_to_a_document_starting_with_a_BOM_lands_where_the_client_put_it()
    {
        // SPEC §1 accepts a BOM. The server computes the edit's offset on the text without the BOM but splices it
        // into the text with the BOM, so every incremental edit lands one character early and corrupts the document.
        var client = await StartAsync();
        var uri = UriIn("bom.rules");
        string text = "\uFEFFfact a: bool\nfact b: bool\nrecommendation r\nif a and b then recommend r\n";
        (await client.OpenAndWaitAsync(uri, text)).Should().BeEmpty();

        // Rename the declaration of b (line 1, character 5) to c: only 'b' in the rule is then undeclared.
        await client.ChangeAsync(uri, 2, Client.Edit(Range(1, 5, 1, 6), "c"));
        var diagnostics = (JArray)(await client.DiagnosticsAsync(uri, 2))["diagnostics"]!;

        Errors(diagnostics).Select(d => (string)d["message"]!).Should().Equal("fact 'b' is not declared");
    }

    [Test]
    public async Task An_untitled_document_gets_its_diagnostics_under_its_own_uri()
    {
        // A new, unsaved buffer has an untitled: URI. The server turns every URI into a path and back, so the
        // diagnostics go to file:///<server's working directory>/untitled:Untitled-1, which the editor has never heard of.
        var client = await StartAsync();
        const string uri = "untitled:Untitled-1";

        await client.OpenAsync(uri, "fact a: bool\nrecommendation r\nif a and b then recommend r\n");
        try
        {
            await client.DiagnosticsAsync(uri, timeout: TimeSpan.FromSeconds(3));
        }
        catch (TimeoutException)
        {
            // Reported below, with the URI the diagnostics went to instead.
        }

        client.AllPublishedDiagnostics.Select(p => (string)p["uri"]!).Should().Contain(uri);
    }

    [Test]
    public async Task A_refused_request_is_an_error_and_the_server_keeps_answering()
    {
        var client = await StartAsync();
        var uri = UriIn("a.rules");
        await client.OpenAndWaitAsync(uri, Samples.Clean);

        var (code, message) = await RequestErrorAsync(client, "textDocument/rename",
            new { textDocument = new { uri }, position = Find(Samples.Clean, "pain_score >="), newName = "workout" });

        code.Should().Be(-32602);
        message.Should().Contain("already declared");
        var hover = await client.RequestAsync("textDocument/hover", At(uri, Find(Samples.Clean, "pain_score >=")));
        ((string)hover!["contents"]!["value"]!).Should().Contain("pain_score");
    }

    [Test]
    public async Task An_exception_in_a_handler_is_answered_as_an_error_logged_and_the_server_stays_up()
    {
        var client = await StartAsync();
        var uri = UriIn("a.rules");
        await client.OpenAndWaitAsync(uri, Samples.Clean);

        // A hover without a textDocument makes the handler throw.
        var (code, _) = await RequestErrorAsync(client, "textDocument/hover", new { position = Position(0, 0) });

        code.Should().BeLessThan(0, "it is a JSON-RPC error response");
        client.ServerLog.Should().Contain("textDocument/hover").And.Contain("NullReferenceException");
        var hover = await client.RequestAsync("textDocument/hover", At(uri, Find(Samples.Clean, "pain_score >=")));
        ((string)hover!["contents"]!["value"]!).Should().Contain("pain_score");
        (await client.ChangeAndWaitAsync(uri, 2, Samples.Clean + "if nope then recommend core_work\n")).Should().ContainSingle();
    }

    [Test]
    public async Task Shutdown_then_exit_ends_the_server_with_0()
    {
        var client = await StartAsync();
        (await client.RequestAsync("shutdown")).Should().BeNull();
        await client.NotifyAsync("exit");
        (await client.WaitForExitAsync()).Should().Be(0);
    }

    [Test]
    public async Task Exit_without_shutdown_ends_the_server_with_1()
    {
        var client = await StartAsync();
        await client.NotifyAsync("exit");
        (await client.WaitForExitAsync()).Should().Be(1);
    }

    [Test]
    public async Task Everything_the_server_writes_is_LSP_frames_with_byte_counted_lengths()
    {
        var client = await StartAsync();
        var uri = UriIn("a.rules");
        // Non-ASCII in what the server sends back: Content-Length must count UTF-8 bytes, not characters.
        string text = Samples.Clean.Replace("\"Worst back pain in the last week\"", "\"Douleur lombaire é 😀\"");
        await client.OpenAndWaitAsync(uri, text);
        var hover = await client.RequestAsync("textDocument/hover", At(uri, Find(text, "pain_score >=")));
        ((string)hover!["contents"]!["value"]!).Should().Contain("Douleur lombaire é 😀");
        await client.ShutdownAndExitAsync();
        (await client.WaitForExitAsync()).Should().Be(0);

        var messages = client.ServerMessages;

        messages.Should().NotBeEmpty();
        messages.Should().OnlyContain(m => (string?)m["jsonrpc"] == "2.0");
        messages.Should().Contain(m => (string?)m["method"] == "textDocument/publishDiagnostics");
    }

    private static class Client
    {
        public static JObject Edit(JObject range, string text) => LspTestClient.Edit(range, text);
    }
}
