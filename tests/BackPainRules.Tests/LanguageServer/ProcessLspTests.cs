using BackPainRules.Tests.LanguageServer.Support;
using Newtonsoft.Json.Linq;
using static BackPainRules.Tests.LanguageServer.Support.LspText;

namespace BackPainRules.Tests.LanguageServer;

/// <summary>The real <c>rules lsp</c> process, spoken to over its pipes as an editor does.</summary>
public class ProcessLspTests : LspTestBase
{
    [Test]
    public async Task An_editor_session_over_stdio_ends_with_0_and_stdout_carries_protocol_only()
    {
        string text = Samples.Declarations;
        Folder.Write("sample.rules", text);
        var uri = LspTestClient.UriOf(Path.Combine(Folder.Path, "sample.rules"));
        await using var client = await LspTestClient.StartProcessAsync(Folder.Path, Folder.Path);
        client.InitializeResult!["capabilities"]!["hoverProvider"]!.Value<bool>().Should().BeTrue();

        // open
        (await client.OpenAndWaitAsync(uri, text)).Should().BeEmpty();

        // change: type a half rule, get a syntax error, then complete it
        string typing = text + "if red_flag then recommend ";
        await client.ChangeAsync(uri, 2, LspTestClient.Edit(Range(PositionOf(text, text.Length), PositionOf(text, text.Length)), "if red_flag then recommend "));
        Errors((JArray)(await client.DiagnosticsAsync(uri, 2))["diagnostics"]!).Should().NotBeEmpty();

        // completion after "recommend"
        var completion = await client.RequestAsync("textDocument/completion", At(uri, PositionOf(typing, typing.Length)));
        ((JArray)completion!["items"]!).Select(i => (string)i["label"]!).Should().BeEquivalentTo("see_physician", "increase_cadence");
        string complete = typing + "increase_cadence\n";
        await client.ChangeAsync(uri, 3, LspTestClient.Edit(Range(PositionOf(typing, typing.Length), PositionOf(typing, typing.Length)), "increase_cadence\n"));
        ((JArray)(await client.DiagnosticsAsync(uri, 3))["diagnostics"]!).Should().BeEmpty();

        // hover
        var hover = await client.RequestAsync("textDocument/hover", At(uri, Find(complete, "pain_score > 8")));
        ((string)hover!["contents"]!["value"]!).Should().StartWith("**fact** `pain_score`: number 0..10");

        // rename
        var rename = await client.RequestAsync("textDocument/rename", new { textDocument = new { uri }, position = Find(complete, "red_flag then"), newName = "warning_sign" });
        string renamed = ApplyEdits(complete, (JArray)rename!["changes"]![uri]!);
        renamed.Should().Contain("fact warning_sign: bool").And.Contain("if warning_sign then").And.NotContain("red_flag");

        // format
        string messy = renamed.Replace("rule named_rule:\n  if", "rule   named_rule :   if");
        await client.ChangeFullAsync(uri, 4, messy);
        var format = (JArray)(await client.RequestAsync("textDocument/formatting", new { textDocument = new { uri }, options = new { tabSize = 2, insertSpaces = true } }))!;
        ApplyEdits(messy, format).Should().Be(BackPainRules.Formatting.RulesFormatter.Format(messy));

        // shutdown, exit
        (await client.RequestAsync("shutdown")).Should().BeNull();
        await client.NotifyAsync("exit");
        (await client.WaitForExitAsync()).Should().Be(0, client.ServerLog);

        var messages = client.ServerMessages; // throws if stdout holds anything but LSP frames
        messages.Where(m => m["id"] is not null).Should().HaveCount(6, "initialize, completion, hover, rename, formatting, shutdown were answered, nothing else");
        messages.Should().OnlyContain(m => m["error"] == null);
        messages.Where(m => m["method"] is not null).Should().OnlyContain(m => (string?)m["method"] == "textDocument/publishDiagnostics");
        client.ServerLog.Should().NotContain("Exception", "nothing went wrong");
    }

    [Test]
    public async Task Exit_without_shutdown_ends_the_process_with_1()
    {
        await using var client = await LspTestClient.StartProcessAsync(Folder.Path, Folder.Path);
        await client.NotifyAsync("exit");
        (await client.WaitForExitAsync()).Should().Be(1);
        client.ServerMessages.Should().ContainSingle("only the answer to initialize");
    }

    [Test]
    public async Task A_handler_error_goes_to_stderr_and_the_process_keeps_serving()
    {
        await using var client = await LspTestClient.StartProcessAsync(Folder.Path, Folder.Path);
        var uri = LspTestClient.UriOf(Path.Combine(Folder.Path, "a.rules"));
        await client.OpenAndWaitAsync(uri, Samples.Clean);

        Func<Task> broken = () => client.RequestAsync("textDocument/hover", new { position = Position(0, 0) });
        await broken.Should().ThrowAsync<StreamJsonRpc.RemoteInvocationException>();
        var hover = await client.RequestAsync("textDocument/hover", At(uri, Find(Samples.Clean, "pain_score >=")));
        ((string)hover!["contents"]!["value"]!).Should().Contain("pain_score");
        await client.ShutdownAndExitAsync();

        (await client.WaitForExitAsync()).Should().Be(0);
        client.ServerLog.Should().Contain("NullReferenceException");
        client.ServerMessages.Should().NotBeEmpty("stdout still parses as LSP frames only");
    }

    // ---- Expected refusals: one log line each, no stack trace (seen from Neovim 0.7's client) ----

    private static string[] StackTraceLines(string log) =>
        log.Split('\n').Where(line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal) || line.Contains("   at ")).ToArray();

    private static string[] LinesMentioning(string log, string text) =>
        log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => line.Contains(text, StringComparison.Ordinal)).ToArray();

    [Test]
    public async Task A_rename_to_a_reserved_word_is_an_error_answer_and_one_log_line()
    {
        await using var client = await LspTestClient.StartProcessAsync(Folder.Path, Folder.Path);
        var uri = LspTestClient.UriOf(Path.Combine(Folder.Path, "a.rules"));
        await client.OpenAndWaitAsync(uri, Samples.Clean);

        var (code, message) = await RequestErrorAsync(client, "textDocument/rename",
            new { textDocument = new { uri }, position = Find(Samples.Clean, "pain_score >="), newName = "if" });
        await client.ShutdownAndExitAsync();
        (await client.WaitForExitAsync()).Should().Be(0);

        code.Should().Be(-32602, "InvalidParams: the new name is refused");
        message.Should().Contain("reserved word");
        string log = client.ServerLog;
        StackTraceLines(log).Should().BeEmpty($"an expected refusal is not a crash; log:\n{log}");
        LinesMentioning(log, "textDocument/rename").Should().ContainSingle().Which.Should().Contain("reserved word");
        log.Should().NotContain("not serializable").And.NotContain("Exception").And.NotContain(".cs:line");
    }

    [Test]
    public async Task A_method_the_server_does_not_advertise_is_MethodNotFound_and_one_log_line()
    {
        await using var client = await LspTestClient.StartProcessAsync(Folder.Path, Folder.Path);
        var uri = LspTestClient.UriOf(Path.Combine(Folder.Path, "a.rules"));
        await client.OpenAndWaitAsync(uri, Samples.Clean);
        client.InitializeResult!["capabilities"]!["renameProvider"]!.Type.Should().Be(JTokenType.Boolean, "prepareRename is not advertised");

        var (code, _) = await RequestErrorAsync(client, "textDocument/prepareRename", At(uri, Find(Samples.Clean, "pain_score >=")));
        var hover = await client.RequestAsync("textDocument/hover", At(uri, Find(Samples.Clean, "pain_score >=")));
        await client.ShutdownAndExitAsync();
        (await client.WaitForExitAsync()).Should().Be(0);

        code.Should().Be(-32601);
        ((string)hover!["contents"]!["value"]!).Should().Contain("pain_score", "the server keeps answering");
        string log = client.ServerLog;
        StackTraceLines(log).Should().BeEmpty($"log:\n{log}");
        LinesMentioning(log, "textDocument/prepareRename").Should().ContainSingle();
        log.Should().NotContain("Exception");
    }

    [Test]
    public async Task A_client_that_cannot_refresh_inlay_hints_is_not_asked_to()
    {
        // Neovim 0.7 announces no workspace.inlayHint.refreshSupport.
        var capabilities = new JObject { ["textDocument"] = new JObject { ["hover"] = new JObject() } };
        await using var client = await LspTestClient.StartProcessAsync(Folder.Path, Folder.Path, capabilities: capabilities);
        var uri = LspTestClient.UriOf(Path.Combine(Folder.Path, "a.rules"));
        await client.OpenAndWaitAsync(uri, Samples.Clean);

        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { rules = new { previewProfile = "profile.json" } } });
        await client.RequestAsync("textDocument/hover", At(uri, Find(Samples.Clean, "pain_score >="))); // a round trip after the change
        await client.ShutdownAndExitAsync();
        (await client.WaitForExitAsync()).Should().Be(0);

        client.ServerMessages.Should().NotContain(m => (string?)m["method"] == "workspace/inlayHint/refresh");
        string log = client.ServerLog;
        LinesMentioning(log, "inlay").Should().BeEmpty("nothing was sent, so nothing was refused");
        StackTraceLines(log).Should().BeEmpty($"log:\n{log}");
    }

    [Test]
    public async Task A_refused_inlay_hint_refresh_is_one_log_line()
    {
        await using var client = await LspTestClient.StartProcessAsync(Folder.Path, Folder.Path);
        client.RefusesInlayHintRefresh = true;
        var uri = LspTestClient.UriOf(Path.Combine(Folder.Path, "a.rules"));
        await client.OpenAndWaitAsync(uri, Samples.Clean);

        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { rules = new { previewProfile = "profile.json" } } });
        await client.RequestAsync("textDocument/hover", At(uri, Find(Samples.Clean, "pain_score >=")));
        await client.ShutdownAndExitAsync();
        (await client.WaitForExitAsync()).Should().Be(0);

        client.ServerMessages.Should().ContainSingle(m => (string?)m["method"] == "workspace/inlayHint/refresh");
        string log = client.ServerLog;
        StackTraceLines(log).Should().BeEmpty($"log:\n{log}");
        LinesMentioning(log, "inlay hints").Should().ContainSingle();
        log.Should().NotContain("Exception");
    }

    [Test]
    public async Task Requests_out_of_turn_are_refused_with_one_log_line_each()
    {
        await using var client = await LspTestClient.StartProcessAsync(Folder.Path, Folder.Path, initialize: false);

        var (before, _) = await RequestErrorAsync(client, "workspace/symbol", new { query = "" });
        await client.InitializeAsync(Folder.Path);
        (await client.RequestAsync("shutdown")).Should().BeNull();
        var (after, _) = await RequestErrorAsync(client, "workspace/symbol", new { query = "" });
        await client.NotifyAsync("exit");
        (await client.WaitForExitAsync()).Should().Be(0);

        before.Should().Be(-32002);
        after.Should().Be(-32600);
        string log = client.ServerLog;
        StackTraceLines(log).Should().BeEmpty($"log:\n{log}");
        LinesMentioning(log, "workspace/symbol").Should().HaveCount(2);
        log.Should().NotContain("Exception");
    }
}
