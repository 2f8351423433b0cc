using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;
using Microsoft.VisualStudio.Threading;
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
    public static async Task<int> RunAsync(Stream input, Stream output, TextWriter log, TimeSpan? debounce = null)
    {
        var formatter = new JsonMessageFormatter();
        formatter.JsonSerializer.ContractResolver = new CamelCasePropertyNamesContractResolver();
        formatter.JsonSerializer.NullValueHandling = NullValueHandling.Ignore;
        var handler = new HeaderDelimitedMessageHandler(output, input, formatter);
        var server = new RulesLanguageServer(log, debounce ?? TimeSpan.FromMilliseconds(50));
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
