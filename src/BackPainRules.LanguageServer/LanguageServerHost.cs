using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;
using Microsoft.VisualStudio.Threading;
using BackPainRules.Loading;
using StreamJsonRpc;

namespace BackPainRules.LanguageServer;

/// <summary>Runs the language server over a pair of streams with LSP's header framing.</summary>
public static class LanguageServerHost
{
    /// <summary>
    /// Serves until the client sends <c>exit</c> or closes the stream. Returns the process exit code:
    /// 0 after <c>shutdown</c> then <c>exit</c>, 1 otherwise. Only protocol goes to <paramref name="output"/>;
    /// logs go to <paramref name="log"/>.
    /// </summary>
    public static Task<int> RunAsync(Stream input, Stream output, TextWriter log, TimeSpan? debounce = null) =>
        ServeAsync(new HeaderDelimitedMessageHandler(output, input, Formatter()), log, debounce, disk: null);

    /// <summary>
    /// Serves one client over a WebSocket, one LSP message per text message (the playground of
    /// <c>rules serve</c>), until it sends <c>exit</c> or the socket closes. Files are read only through
    /// <paramref name="disk"/>, so a page can import what the service serves and nothing else.
    /// </summary>
    public static Task<int> RunAsync(System.Net.WebSockets.WebSocket socket, TextWriter log, IFileSystem disk, TimeSpan? debounce = null) =>
        ServeAsync(new WebSocketMessageHandler(socket, Formatter()), log, debounce, disk);

    private static JsonMessageFormatter Formatter()
    {
        var formatter = new JsonMessageFormatter();
        formatter.JsonSerializer.ContractResolver = new CamelCasePropertyNamesContractResolver();
        formatter.JsonSerializer.NullValueHandling = NullValueHandling.Ignore;
        return formatter;
    }

    private static async Task<int> ServeAsync(IJsonRpcMessageHandler handler, TextWriter log, TimeSpan? debounce, IFileSystem? disk)
    {
        var server = new RulesLanguageServer(log, debounce ?? TimeSpan.FromMilliseconds(50), disk);
        using var rpc = new LspConnection(handler, server.Lifecycle, log);
        // Text changes must be applied in the order they were sent.
        rpc.SynchronizationContext = new NonConcurrentSynchronizationContext(sticky: false);
        server.Attach(rpc);
        rpc.StartListening();
        var exited = server.Lifecycle.Exited.Task;
        var finished = await Task.WhenAny(exited, rpc.Completion);
        return finished == exited ? exited.Result : 1;
    }
}
