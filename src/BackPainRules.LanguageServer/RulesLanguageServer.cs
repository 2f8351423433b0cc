using BackPainRules.Loading;
using BackPainRules.LanguageServer.Handlers;
using StreamJsonRpc;

namespace BackPainRules.LanguageServer;

/// <summary>
/// The server of one connection: its features (Handlers/, one file per feature: the JSON-RPC methods and
/// their part of the capabilities) over a shared <see cref="Session"/>. Each handler converts positions, asks
/// the library (BackPainRules.Editing) and converts the answer back (see <see cref="Conversions"/>); the
/// language itself is never interpreted here.
/// </summary>
internal sealed class RulesLanguageServer
{
    private readonly Session session;
    private readonly IReadOnlyList<object> targets;

    /// <param name="log">Where the server writes what it has to say.</param>
    /// <param name="debounce">How long diagnostics wait for the typing to pause.</param>
    /// <param name="disk">What files outside the editor's buffers it may read (the whole disk for <c>rules lsp</c>; one folder for the playground).</param>
    internal RulesLanguageServer(TextWriter log, TimeSpan debounce, IFileSystem? disk = null)
    {
        session = new Session(log, disk is null ? new Workspace() : new Workspace(disk, listsFolders: false));
        var diagnostics = new DiagnosticsScheduler(session, debounce);
        IFeature[] features =
        {
            new TextSyncHandler(session, diagnostics),
            new CompletionHandler(session),
            new HoverHandler(session),
            new NavigationHandler(session),
            new SymbolsHandler(session),
            new FormattingHandler(session),
            new CodeActionHandler(session),
            new SemanticTokensHandler(session),
            new FoldingHandler(session),
            new TestLensHandler(session),
            new InlayHintHandler(session),
        };
        targets = features.Prepend<object>(new LifecycleHandler(session, Lifecycle, features)).ToList();
    }

    /// <summary>Admits requests in order and ends the server on <c>exit</c>.</summary>
    internal Lifecycle Lifecycle { get; } = new();

    /// <summary>Registers every handler with the connection, which also carries the server's messages to the client.</summary>
    internal void Attach(JsonRpc connection)
    {
        session.Connection = connection;
        foreach (var target in targets)
        {
            connection.AddLocalRpcTarget(target, new JsonRpcTargetOptions { AllowNonPublicInvocation = false, DisposeOnDisconnect = false });
        }
    }
}
