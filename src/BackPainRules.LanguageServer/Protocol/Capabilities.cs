using Newtonsoft.Json.Linq;

// What the server announces in its answer to `initialize` and the little it reads of the client's
// announcement. Each feature's handler sets its own part (see Handlers/); a null member is left out.
namespace BackPainRules.LanguageServer.Protocol;

public sealed record ServerCapabilities
{
    public TextDocumentSyncOptions? TextDocumentSync { get; init; }
    public CompletionOptions? CompletionProvider { get; init; }
    public bool? HoverProvider { get; init; }
    public bool? DefinitionProvider { get; init; }
    public bool? ReferencesProvider { get; init; }
    public bool? RenameProvider { get; init; }
    public bool? DocumentSymbolProvider { get; init; }
    public bool? WorkspaceSymbolProvider { get; init; }
    public bool? DocumentFormattingProvider { get; init; }
    public CodeActionOptions? CodeActionProvider { get; init; }
    public SemanticTokensOptions? SemanticTokensProvider { get; init; }
    public bool? FoldingRangeProvider { get; init; }
    public CodeLensOptions? CodeLensProvider { get; init; }
    public bool? InlayHintProvider { get; init; }
    public ExecuteCommandOptions? ExecuteCommandProvider { get; init; }
}

/// <summary>How documents are synced; <c>Change</c> is one of <see cref="Lsp"/>'s TextDocumentSync constants.</summary>
public sealed record TextDocumentSyncOptions(bool OpenClose, int Change);

public sealed record CompletionOptions(string[] TriggerCharacters);

public sealed record CodeActionOptions(string[] CodeActionKinds);

public sealed record SemanticTokensLegend(string[] TokenTypes, string[] TokenModifiers);

public sealed record SemanticTokensOptions(SemanticTokensLegend Legend, bool Full);

public sealed record CodeLensOptions(bool ResolveProvider);

public sealed record ExecuteCommandOptions(string[] Commands);

/// <summary>The client's announcement, read for the one thing the server asks: may it be sent <c>workspace/inlayHint/refresh</c>.</summary>
public static class ClientCapabilities
{
    public static bool CanRefreshInlayHints(JToken? capabilities) =>
        capabilities?.SelectToken("workspace.inlayHint.refreshSupport") is JValue { Type: JTokenType.Boolean } support && (bool)support;
}
