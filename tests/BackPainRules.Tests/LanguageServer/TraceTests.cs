using BackPainRules.Tests.LanguageServer.Support;
using Newtonsoft.Json.Linq;

namespace BackPainRules.Tests.LanguageServer;

/// <summary>
/// LSP's trace: the client's setting (<c>initialize</c>'s <c>trace</c>, then <c>$/setTrace</c>, which VS Code sends on
/// every settings change) decides whether the server sends <c>$/logTrace</c>. Before the server handled
/// <c>$/setTrace</c>, StreamJsonRpc wrote "No target methods are registered that match "$/setTrace"" to stderr,
/// which VS Code shows as an [error] line in the extension's output channel.
/// </summary>
public class TraceTests : LspTestBase
{
    private static readonly string Typo = Samples.Clean.Replace("  if leg_numbness\n", "  if leg_numbnes\n", StringComparison.Ordinal);

    private static int CountOf(JArray diagnostics, int severity) => diagnostics.Count(d => (int)d["severity"]! == severity);

    private static string Counted(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    [Test]
    public async Task SetTrace_over_stdio_is_taken_without_a_log_line_and_logTrace_follows_it()
    {
        Typo.Should().NotBe(Samples.Clean, "the sample has the line the typo goes into");
        var uri = LspTestClient.UriOf(Path.Combine(Folder.Path, "a.rules"));
        await using var client = await LspTestClient.StartProcessAsync(Folder.Path, Folder.Path);
        await client.OpenAndWaitAsync(uri, Samples.Clean);

        // verbose: a line per check, with the diagnostics in `rules check` form as the verbose part
        await client.NotifyAsync("$/setTrace", new { value = "verbose" });
        var withTypo = await client.ChangeAndWaitAsync(uri, 2, Typo);
        CountOf(withTypo, 1).Should().BeGreaterThan(0, "the typo is an error");
        var verbose = await client.LogTraceAsync(t => ((string)t["message"]!).Contains("(version 2)", StringComparison.Ordinal));
        ((string)verbose["message"]!).Should().Be($"Checked a.rules (version 2): {Counted(CountOf(withTypo, 1), "error")}, {Counted(CountOf(withTypo, 2), "warning")}");
        ((string)verbose["verbose"]!).Should().Contain("leg_numbnes").And.Contain("error BPR");

        // messages: the line without the verbose part
        await client.NotifyAsync("$/setTrace", new { value = "messages" });
        var clean = await client.ChangeAndWaitAsync(uri, 3, Samples.Clean);
        var message = await client.LogTraceAsync(t => ((string)t["message"]!).Contains("(version 3)", StringComparison.Ordinal));
        ((string)message["message"]!).Should().Be($"Checked a.rules (version 3): 0 errors, {Counted(CountOf(clean, 2), "warning")}");
        message["verbose"].Should().BeNull();

        // off: nothing more
        await client.NotifyAsync("$/setTrace", new { value = "off" });
        await client.ChangeAndWaitAsync(uri, 4, Typo);
        await client.RequestAsync("textDocument/hover", new { textDocument = new { uri }, position = new { line = 0, character = 0 } }); // a round trip after the check
        await client.ShutdownAndExitAsync();
        (await client.WaitForExitAsync()).Should().Be(0, client.ServerLog);

        client.LogTraces.Should().HaveCount(2, "one trace line per check while tracing, none before $/setTrace or after it said off");
        client.ServerMessages.Where(m => (string?)m["method"] == "$/logTrace").Should().HaveCount(2, "stdout carries the same two");
        client.ServerMessages.Should().OnlyContain(m => m["error"] == null, "a notification is never answered, least of all with an error");
        client.ServerLog.Should().BeEmpty("taking the trace setting is not worth a line in the log, and an [error] line in VS Code's output is a false alarm");
    }

    [Test]
    public async Task The_trace_value_of_initialize_turns_logTrace_on_from_the_start()
    {
        var client = await StartAsync(initialize: false);
        await client.InitializeAsync(Folder.Path, trace: "messages");
        var uri = UriIn("a.rules");
        var diagnostics = await client.OpenAndWaitAsync(uri, Samples.Clean);

        var line = await client.LogTraceAsync(t => ((string)t["message"]!).StartsWith("Checked a.rules (version 1)", StringComparison.Ordinal));
        ((string)line["message"]!).Should().Be($"Checked a.rules (version 1): 0 errors, {Counted(CountOf(diagnostics, 2), "warning")}");
        line["verbose"].Should().BeNull("messages, not verbose");
    }

    [Test]
    public async Task An_unknown_trace_value_turns_the_trace_off()
    {
        var client = await StartAsync(initialize: false);
        await client.InitializeAsync(Folder.Path, trace: "verbose");
        var uri = UriIn("a.rules");
        await client.OpenAndWaitAsync(uri, Samples.Clean);
        await client.LogTraceAsync(t => ((string)t["message"]!).Contains("(version 1)", StringComparison.Ordinal));

        await client.NotifyAsync("$/setTrace", new { value = "everything" });
        await client.ChangeAndWaitAsync(uri, 2, Typo);
        await client.RequestAsync("textDocument/hover", new { textDocument = new { uri }, position = new { line = 0, character = 0 } });

        client.LogTraces.Should().ContainSingle("only the check before the unknown value was traced");
        client.ServerLog.Should().BeEmpty();
    }
}
