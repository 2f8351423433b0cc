using System.Net.WebSockets;
using System.Text;
using BackPainRules.LanguageServer;
using BackPainRules.Loading;
using Nerdbank.Streams;
using Newtonsoft.Json.Linq;

namespace BackPainRules.Tests.LanguageServer;

/// <summary>
/// The language server over a WebSocket, as the playground of <c>rules serve</c> runs it: one LSP message
/// per text message, the same handlers as <c>rules lsp</c>, and files read only through the folder it was given.
/// </summary>
public class WebSocketTests
{
    private static async Task<JObject> Receive(WebSocket socket, Func<JObject, bool> wanted)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var text = new StringBuilder();
            WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer, timeout.Token);
                text.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
            } while (!received.EndOfMessage);
            if (received.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("the server closed the socket");
            var message = JObject.Parse(text.ToString());
            if (wanted(message)) return message;
        }
    }

    private static Task Send(WebSocket socket, object message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(JObject.FromObject(message).ToString(Newtonsoft.Json.Formatting.None)), WebSocketMessageType.Text, true, CancellationToken.None);

    [Test]
    public async Task Diagnostics_and_hover_come_over_a_websocket_and_imports_stay_inside_the_folder()
    {
        var folder = Directory.CreateTempSubdirectory("bpr-ws-");
        try
        {
            var (serverStream, clientStream) = FullDuplexStream.CreatePair();
            var serverSocket = WebSocket.CreateFromStream(serverStream, new WebSocketCreationOptions { IsServer = true });
            var client = WebSocket.CreateFromStream(clientStream, new WebSocketCreationOptions { IsServer = false });
            var log = new StringWriter();
            var serving = LanguageServerHost.RunAsync(serverSocket, TextWriter.Synchronized(log), new FolderFileSystem(folder.FullName), TimeSpan.FromMilliseconds(10));

            await Send(client, new { jsonrpc = "2.0", id = 1, method = "initialize", @params = new { processId = (int?)null, rootUri = (string?)null, capabilities = new { } } });
            var initialized = await Receive(client, m => m["id"]?.Value<int>() == 1);
            initialized["result"]!["capabilities"]!["hoverProvider"]!.Value<bool>().Should().BeTrue();
            await Send(client, new { jsonrpc = "2.0", method = "initialized", @params = new { } });

            string uri = new Uri(Path.Combine(folder.FullName, "play.rules")).AbsoluteUri;
            string text = "import \"/etc/hostname\"\nfact sore: bool \"Sore the next morning\"\nrecommendation rest\nrule r: if sore then recommend rest\n";
            await Send(client, new { jsonrpc = "2.0", method = "textDocument/didOpen", @params = new { textDocument = new { uri, languageId = "rules", version = 1, text } } });
            var published = await Receive(client, m => m["method"]?.Value<string>() == "textDocument/publishDiagnostics");
            var diagnostic = published["params"]!["diagnostics"]!.Should().ContainSingle().Subject;
            diagnostic["range"]!["start"]!["line"]!.Value<int>().Should().Be(0, "the import outside the served folder is reported where it is written");

            await Send(client, new { jsonrpc = "2.0", id = 2, method = "textDocument/hover", @params = new { textDocument = new { uri }, position = new { line = 3, character = 12 } } });
            var hover = await Receive(client, m => m["id"]?.Value<int>() == 2);
            hover["result"]!["contents"]!["value"]!.Value<string>().Should().Contain("Sore the next morning");

            await Send(client, new { jsonrpc = "2.0", id = 3, method = "shutdown" });
            await Receive(client, m => m["id"]?.Value<int>() == 3);
            await Send(client, new { jsonrpc = "2.0", method = "exit" });
            (await serving.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(0, log.ToString());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
