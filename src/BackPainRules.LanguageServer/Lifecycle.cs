using BackPainRules.LanguageServer.Protocol;
using StreamJsonRpc;

namespace BackPainRules.LanguageServer;

/// <summary>
/// The one place that decides whether a request is served (LSP 3.17, initialize and shutdown): a request
/// before <c>initialize</c> is refused with ServerNotInitialized, one after <c>shutdown</c> with InvalidRequest.
/// The connection asks it about every message in the order the messages arrive, before any handler runs, so
/// the answer follows the client's order even while earlier handlers are still queued.
/// Notifications are always handled.
/// </summary>
internal sealed class Lifecycle
{
    private volatile bool initialized;
    private volatile bool shutdownRequested;

    /// <summary>Set when the client sends <c>exit</c>: 0 after <c>shutdown</c>, 1 without.</summary>
    public TaskCompletionSource<int> Exited { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Null when the message may be handled, else the refusal to answer it with.</summary>
    public LocalRpcException? Admit(string method, bool isRequest)
    {
        if (!isRequest) return null;
        if (method == "initialize")
        {
            initialized = true;
            return null;
        }
        if (!initialized) return new LocalRpcException("The server has not been initialized.") { ErrorCode = Lsp.ServerNotInitialized };
        if (shutdownRequested) return new LocalRpcException("The server is shutting down.") { ErrorCode = Lsp.InvalidRequest };
        if (method == "shutdown") shutdownRequested = true;
        return null;
    }

    public void Exit() => Exited.TrySetResult(shutdownRequested ? 0 : 1);
}
