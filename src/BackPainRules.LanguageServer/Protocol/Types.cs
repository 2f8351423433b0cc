using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

// The few Language Server Protocol types this server needs, written by hand because the OmniSharp
// packages are not available to us. Names follow the LSP specification (3.17); the JSON formatter
// camel-cases them and leaves out nulls.
namespace BackPainRules.LanguageServer.Protocol;

public sealed record Position(int Line, int Character);

public sealed record Range(Position Start, Position End);

public sealed record Location(string Uri, Range Range);

public sealed record TextDocumentIdentifier(string Uri);

public sealed record VersionedTextDocumentIdentifier(string Uri, int Version);

public sealed record TextDocumentItem(string Uri, string LanguageId, int Version, string Text);

public sealed record TextDocumentContentChangeEvent(Range? Range, string Text);

public sealed record DidOpenTextDocumentParams(TextDocumentItem TextDocument);

public sealed record DidChangeTextDocumentParams(VersionedTextDocumentIdentifier TextDocument, TextDocumentContentChangeEvent[] ContentChanges);

public sealed record DidCloseTextDocumentParams(TextDocumentIdentifier TextDocument);

public sealed record TextDocumentPositionParams(TextDocumentIdentifier TextDocument, Position Position);

public sealed record WorkspaceFolder(string Uri, string Name);

public sealed class InitializeParams
{
    public int? ProcessId { get; init; }
    public string? RootUri { get; init; }
    public WorkspaceFolder[]? WorkspaceFolders { get; init; }
    public JToken? InitializationOptions { get; init; }
    public JToken? Capabilities { get; init; }
    /// <summary>The initial trace setting: <c>off</c>, <c>messages</c> or <c>verbose</c> (see <c>$/setTrace</c>).</summary>
    public string? Trace { get; init; }
}

public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);

public sealed record ServerInfo(string Name, string Version);

public sealed record PublishDiagnosticsParams(string Uri, int? Version, LspDiagnostic[] Diagnostics);

public sealed class LspDiagnostic
{
    public required Range Range { get; init; }
    public int Severity { get; init; }
    public string? Code { get; init; }
    public string Source { get; init; } = "rules";
    public required string Message { get; init; }
    public JToken? Data { get; init; }
}

public sealed class CompletionParams
{
    public required TextDocumentIdentifier TextDocument { get; init; }
    public required Position Position { get; init; }
}

public sealed class LspCompletionItem
{
    public required string Label { get; init; }
    public int Kind { get; init; }
    public string? Detail { get; init; }
    public MarkupContent? Documentation { get; init; }
}

public sealed record CompletionList(bool IsIncomplete, LspCompletionItem[] Items);

public sealed record MarkupContent(string Kind, string Value);

public sealed record Hover(MarkupContent Contents, Range Range);

public sealed class ReferenceParams
{
    public required TextDocumentIdentifier TextDocument { get; init; }
    public required Position Position { get; init; }
    public ReferenceContext? Context { get; init; }
}

public sealed record ReferenceContext(bool IncludeDeclaration);

public sealed record RenameParams(TextDocumentIdentifier TextDocument, Position Position, string NewName);

public sealed record LspTextEdit(Range Range, string NewText);

public sealed record WorkspaceEdit(Dictionary<string, LspTextEdit[]> Changes);

public sealed class DocumentSymbol
{
    public required string Name { get; init; }
    public string? Detail { get; init; }
    public int Kind { get; init; }
    public required Range Range { get; init; }
    public required Range SelectionRange { get; init; }
}

public sealed record DocumentSymbolParams(TextDocumentIdentifier TextDocument);

public sealed record SymbolInformation(string Name, int Kind, Location Location, string? ContainerName);

public sealed record WorkspaceSymbolParams(string Query);

public sealed record DocumentFormattingParams(TextDocumentIdentifier TextDocument, JToken? Options);

public sealed class CodeActionParams
{
    public required TextDocumentIdentifier TextDocument { get; init; }
    public required Range Range { get; init; }
    public JToken? Context { get; init; }
}

public sealed class CodeAction
{
    public required string Title { get; init; }
    public string Kind { get; init; } = "quickfix";
    public LspDiagnostic[]? Diagnostics { get; init; }
    public bool? IsPreferred { get; init; }
    public WorkspaceEdit? Edit { get; init; }
}

public sealed record SemanticTokensParams(TextDocumentIdentifier TextDocument);

public sealed record SemanticTokens(int[] Data);

public sealed record FoldingRangeParams(TextDocumentIdentifier TextDocument);

public sealed class FoldingRange
{
    public int StartLine { get; init; }
    public int EndLine { get; init; }
    public string? Kind { get; init; }
}

public sealed record CodeLensParams(TextDocumentIdentifier TextDocument);

public sealed record Command(string Title, string CommandName, JToken[]? Arguments)
{
    [JsonProperty("command")]
    public string CommandName { get; init; } = CommandName;
}

public sealed record CodeLens(Range Range, Command? Command);

public sealed record InlayHintParams(TextDocumentIdentifier TextDocument, Range Range);

public sealed class InlayHint
{
    public required Position Position { get; init; }
    public required string Label { get; init; }
    public bool PaddingLeft { get; init; } = true;
    public MarkupContent? Tooltip { get; init; }
}

public sealed record ExecuteCommandParams(string Command, JToken[]? Arguments);

public sealed record DidChangeConfigurationParams(JToken? Settings);

/// <summary><c>$/setTrace</c>: the client's trace setting changed (<c>off</c>, <c>messages</c> or <c>verbose</c>).</summary>
public sealed record SetTraceParams(string? Value);

/// <summary><c>$/logTrace</c>: a line for the client's trace, with more in <see cref="Verbose"/> when the trace is verbose.</summary>
public sealed record LogTraceParams(string Message, string? Verbose = null);

/// <summary>Numeric constants of the LSP specification.</summary>
public static class Lsp
{
    public const int SeverityError = 1;
    public const int SeverityWarning = 2;

    public const int CompletionFunction = 3;
    public const int CompletionClass = 7;
    public const int CompletionVariable = 6;
    public const int CompletionValue = 12;
    public const int CompletionKeyword = 14;
    public const int CompletionEnumMember = 20;

    public const int SymbolFile = 1;
    public const int SymbolClass = 5;
    public const int SymbolFunction = 12;
    public const int SymbolVariable = 13;
    public const int SymbolNumber = 16;
    public const int SymbolEvent = 24;

    public const int TextDocumentSyncIncremental = 2;

    /// <summary>JSON-RPC and LSP error codes the server answers with.</summary>
    public const int InvalidRequest = -32600;
    public const int InvalidParams = -32602;
    public const int ServerNotInitialized = -32002;
}
