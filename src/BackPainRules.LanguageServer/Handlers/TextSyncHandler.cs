using BackPainRules.LanguageServer.Protocol;
using StreamJsonRpc;

namespace BackPainRules.LanguageServer.Handlers;

/// <summary>Open, change (full or incremental) and close; each schedules the diagnostics of what it affects.</summary>
internal sealed class TextSyncHandler(Session session, DiagnosticsScheduler diagnostics) : IFeature
{
    // No `save`: nothing happens on save that did not happen on change.
    public ServerCapabilities Initialize(InitializeParams parameters, ServerCapabilities capabilities) =>
        capabilities with { TextDocumentSync = new TextDocumentSyncOptions(OpenClose: true, Change: Lsp.TextDocumentSyncIncremental) };

    [JsonRpcMethod("textDocument/didOpen", UseSingleObjectParameterDeserialization = true)]
    public void DidOpen(DidOpenTextDocumentParams parameters)
    {
        var path = Conversions.PathOf(parameters.TextDocument.Uri);
        session.Workspace.Remember(path, parameters.TextDocument.Uri);
        diagnostics.Schedule(session.Workspace.Update(path, parameters.TextDocument.Text, parameters.TextDocument.Version), immediately: true);
    }

    [JsonRpcMethod("textDocument/didChange", UseSingleObjectParameterDeserialization = true)]
    public void DidChange(DidChangeTextDocumentParams parameters)
    {
        var path = Conversions.PathOf(parameters.TextDocument.Uri);
        var text = Workspace.Apply(session.Workspace.TextOf(path), parameters.ContentChanges);
        diagnostics.Schedule(session.Workspace.Update(path, text, parameters.TextDocument.Version), immediately: false);
    }

    [JsonRpcMethod("textDocument/didClose", UseSingleObjectParameterDeserialization = true)]
    public void DidClose(DidCloseTextDocumentParams parameters)
    {
        var path = Conversions.PathOf(parameters.TextDocument.Uri);
        diagnostics.Cancel(path);
        _ = diagnostics.Publish(parameters.TextDocument.Uri, null, Array.Empty<LspDiagnostic>());
        diagnostics.Schedule(session.Workspace.Close(path), immediately: true);
    }
}
