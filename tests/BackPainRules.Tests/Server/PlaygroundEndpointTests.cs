using System.Net;
using System.Net.WebSockets;
using System.Text;
using Newtonsoft.Json.Linq;

namespace BackPainRules.Tests.Server;

/// <summary>The playground's calls and its language server over a WebSocket, on the real <c>rules serve</c> process serving a folder.</summary>
[NonParallelizable]
public class PlaygroundEndpointTests
{
    private ServerProcess server = null!;
    private DirectoryInfo folder = null!;

    [OneTimeSetUp]
    public void StartServer()
    {
        folder = Directory.CreateTempSubdirectory("bpr-playground-");
        File.WriteAllText(Path.Combine(folder.FullName, "vocab.rules"), "fact sore: bool \"Sore the next morning\"\n");
        File.WriteAllText(Path.Combine(folder.FullName, "main.rules"), "import \"vocab.rules\"\nrecommendation rest \"Rest\"\nrule r: if sore then recommend rest\n");
        server = ServerProcess.Start(null, "--rules", folder.FullName);
    }

    [OneTimeTearDown]
    public void StopServer()
    {
        server.Dispose();
        folder.Delete(recursive: true);
    }

    [Test]
    public void The_page_is_served_at_the_root_with_its_bundle_and_no_outside_address()
    {
        using var page = server.Get("/");
        page.StatusCode.Should().Be(HttpStatusCode.OK, "the playground must be built into the program (npm run build in src/BackPainRules.Playground before dotnet build)");
        string html = page.Text();
        html.Should().Contain("<title>Rules playground").And.Contain("playground/playground.js").And.NotContain("http://").And.NotContain("https://");
        using var script = server.Get("/playground/playground.js");
        script.StatusCode.Should().Be(HttpStatusCode.OK);
        script.Content.Headers.ContentLength.Should().BeGreaterThan(100_000);
    }

    [Test]
    public void The_files_are_the_built_in_set_and_the_served_folders_rule_files_and_nothing_else_can_be_read()
    {
        var files = server.Get("/playground/api/files").Json();
        files["files"]!.Select(f => f["name"]!.Value<string>()).Should().Equal("built-in: lower-back-pain.rules", "main.rules", "vocab.rules");
        files["document"]!.Value<string>().Should().Be(Path.Combine(folder.FullName, "playground.rules"));

        server.Get("/playground/api/file?path=" + Uri.EscapeDataString(Path.Combine(folder.FullName, "vocab.rules"))).Text().Should().StartWith("fact sore");
        server.Get("/playground/api/file?path=builtin:lower-back-pain.rules").Text().Should().Contain("seek_emergency_care");
        using var outside = server.Get("/playground/api/file?path=" + Uri.EscapeDataString("/etc/hostname"));
        outside.StatusCode.Should().Be(HttpStatusCode.NotFound);
        outside.Text().Should().NotContain(File.ReadAllText("/etc/hostname").Trim());
    }

    [Test]
    public void Evaluate_reads_imports_from_the_folder_and_answers_as_the_library_does()
    {
        string text = "import \"vocab.rules\"\nrecommendation rest \"Rest\"\nrule r: if sore then recommend rest\n";
        using var response = server.Post("/playground/api/evaluate", new JObject { ["text"] = text, ["profile"] = new JObject { ["sore"] = true } }.ToString());
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var answer = response.Json();
        answer["diagnostics"]!.Should().BeEmpty();
        answer["result"]!["recommendations"]![0]!["id"]!.Value<string>().Should().Be("rest");
        answer["schema"]!["properties"]!["sore"].Should().NotBeNull();

        using var bad = server.Post("/playground/api/evaluate", "{\"profile\": {}}");
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        bad.Text().Should().Contain("text").And.NotContain("   at ");
        using var broken = server.Post("/playground/api/evaluate", "{\"text\": ");
        broken.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task The_language_server_answers_over_a_websocket()
    {
        using var socket = new ClientWebSocket();
        var uri = new UriBuilder(server.BaseAddress) { Scheme = "ws", Path = "/playground/lsp" }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await socket.ConnectAsync(uri, timeout.Token);
        await Send(socket, new { jsonrpc = "2.0", id = 1, method = "initialize", @params = new { processId = (int?)null, rootUri = (string?)null, capabilities = new { } } }, timeout.Token);
        (await Receive(socket, m => m["id"]?.Value<int>() == 1, timeout.Token))["result"]!["capabilities"].Should().NotBeNull();
        await Send(socket, new { jsonrpc = "2.0", method = "initialized", @params = new { } }, timeout.Token);
        string document = new Uri(Path.Combine(folder.FullName, "playground.rules")).AbsoluteUri;
        await Send(socket, new { jsonrpc = "2.0", method = "textDocument/didOpen", @params = new { textDocument = new { uri = document, languageId = "rules", version = 1,
            text = "import \"vocab.rules\"\nrecommendation rest\nrule r: if sore and tired then recommend rest\n" } } }, timeout.Token);
        var published = await Receive(socket, m => m["method"]?.Value<string>() == "textDocument/publishDiagnostics" && m["params"]!["uri"]!.Value<string>() == document, timeout.Token);
        published["params"]!["diagnostics"]!.Select(d => d["message"]!.Value<string>()).Should().ContainSingle()
            .Which.Should().Contain("'tired' is not declared", "'sore' comes from the imported neighbour");
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
    }

    private static Task Send(WebSocket socket, object message, CancellationToken cancel) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(JObject.FromObject(message).ToString(Newtonsoft.Json.Formatting.None)), WebSocketMessageType.Text, true, cancel);

    private static async Task<JObject> Receive(WebSocket socket, Func<JObject, bool> wanted, CancellationToken cancel)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var text = new StringBuilder();
            WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer, cancel);
                text.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
            } while (!received.EndOfMessage);
            var message = JObject.Parse(text.ToString());
            if (wanted(message)) return message;
        }
    }
}
