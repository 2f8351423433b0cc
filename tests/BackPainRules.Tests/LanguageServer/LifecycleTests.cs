using BackPainRules.Tests.LanguageServer.Support;
using Newtonsoft.Json.Linq;

namespace BackPainRules.Tests.LanguageServer;

/// <summary>initialize / initialized / shutdown / exit, and what the server announces.</summary>
public class LifecycleTests : LspTestBase
{
    [Test]
    public async Task Initialize_announces_every_feature_of_the_issue()
    {
        var client = await StartAsync();
        var result = client.InitializeResult!;
        var capabilities = (JObject)result["capabilities"]!;

        ((string)result["serverInfo"]!["name"]!).Should().Be("rules");
        ((bool)capabilities["textDocumentSync"]!["openClose"]!).Should().BeTrue();
        ((int)capabilities["textDocumentSync"]!["change"]!).Should().Be(2, "incremental sync (full text changes are accepted too)");
        capabilities["completionProvider"].Should().BeOfType<JObject>();
        foreach (var provider in new[] { "hoverProvider", "definitionProvider", "referencesProvider", "renameProvider", "documentSymbolProvider",
                     "workspaceSymbolProvider", "documentFormattingProvider", "foldingRangeProvider", "inlayHintProvider" })
        {
            capabilities[provider].Should().NotBeNull(provider);
            ((bool)capabilities[provider]!).Should().BeTrue(provider);
        }
        capabilities["codeActionProvider"]!["codeActionKinds"]!.Values<string>().Should().Contain("quickfix");
        capabilities["semanticTokensProvider"]!["legend"]!["tokenTypes"]!.Values<string>().Should()
            .Contain(new[] { "keyword", "parameter", "function", "class", "enumMember", "number", "string", "comment" });
        ((bool)capabilities["semanticTokensProvider"]!["full"]!).Should().BeTrue();
        capabilities["codeLensProvider"].Should().BeOfType<JObject>();
        capabilities["executeCommandProvider"]!["commands"]!.Values<string>().Should().Contain("rules.runTest");
    }

    [Test]
    public async Task After_initialized_the_server_checks_documents()
    {
        var client = await StartAsync();
        var diagnostics = await client.OpenAndWaitAsync(UriIn("a.rules"), "fact a: bool\nrecommendation r\nif a then recommend r\n");
        diagnostics.Should().BeEmpty();
    }

    [Test]
    public async Task Closing_the_connection_without_exit_ends_the_server_with_1()
    {
        var client = await StartAsync();
        await client.DisposeAsync();
        (await client.WaitForExitAsync()).Should().Be(1);
    }

    [Test]
    public async Task A_request_before_initialize_is_answered_with_ServerNotInitialized()
    {
        // LSP 3.17, initialize: "If the server receives a request or notification before the initialize
        // request it should act as follows: for a request the response should be an error with code -32002."
        var client = await StartAsync(initialize: false);
        var uri = UriIn("a.rules");
        Folder.Write("a.rules", "fact a: bool\n");

        var (code, _) = await RequestErrorAsync(client, "textDocument/documentSymbol", Doc(uri));

        code.Should().Be(-32002);
        (await client.InitializeAsync(Folder.Path)).Should().ContainKey("capabilities", "initialize still works afterwards");
    }

    [Test]
    public async Task A_request_after_shutdown_is_answered_with_InvalidRequest()
    {
        // LSP 3.17, shutdown: "If a server receives requests after a shutdown request those requests
        // should error with InvalidRequest" (-32600).
        var client = await StartAsync();
        var uri = UriIn("a.rules");
        await client.OpenAndWaitAsync(uri, "fact a: bool\n");
        (await client.RequestAsync("shutdown")).Should().BeNull();

        var (code, _) = await RequestErrorAsync(client, "textDocument/documentSymbol", Doc(uri));

        code.Should().Be(-32600);
    }

    [Test]
    public async Task Text_sync_announces_only_what_the_server_handles()
    {
        var client = await StartAsync();
        var sync = (JObject)client.InitializeResult!["capabilities"]!["textDocumentSync"]!;

        sync.Properties().Select(p => p.Name).Should().BeEquivalentTo(new[] { "openClose", "change" }, "nothing happens on save, so didSave is not asked for");
    }

    [Test]
    public async Task A_request_sent_right_behind_initialize_is_served()
    {
        // Whether a request is served follows the order the client sent them in, not when the handlers ran.
        var client = await StartAsync(initialize: false);
        var uri = UriIn("a.rules");
        Folder.Write("a.rules", "fact a: bool\n");

        var initialize = client.InitializeAsync(Folder.Path);
        var symbols = client.RequestAsync("textDocument/documentSymbol", Doc(uri));
        await initialize;

        ((JArray)(await symbols)!).Select(s => (string)s["name"]!).Should().Equal("a");
    }
}
