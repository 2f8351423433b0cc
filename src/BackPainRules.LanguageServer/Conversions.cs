using BackPainRules.Diagnostics;
using BackPainRules.Editing;
using BackPainRules.Formatting;
using BackPainRules.LanguageServer.Protocol;
using BackPainRules.Text;
using Newtonsoft.Json.Linq;
using Range = BackPainRules.LanguageServer.Protocol.Range;

namespace BackPainRules.LanguageServer;

/// <summary>
/// Between the library and the protocol: URIs and paths, offsets and LSP positions (UTF-16 code units,
/// zero-based lines), and the library's answers as LSP types. Nothing here knows the language.
/// </summary>
internal static class Conversions
{
    // ---- Places ----

    public static string PathOf(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? Path.GetFullPath(parsed.LocalPath) : Path.GetFullPath(uri);

    public static int Offset(SourceText source, Position position) =>
        source.GetOffset(new LinePosition(position.Line + 1, position.Character + 1));

    public static Position Position(SourceText source, int offset)
    {
        var position = source.GetPosition(offset);
        return new Position(position.Line - 1, position.Column - 1);
    }

    public static Range Range(SourceText source, TextSpan span) => new(Position(source, span.Start), Position(source, span.End));

    /// <summary>The span an LSP range covers (empty if its end is before its start).</summary>
    public static TextSpan Span(SourceText source, Range range)
    {
        int start = Offset(source, range.Start);
        int end = Offset(source, range.End);
        return new TextSpan(start, Math.Max(0, end - start));
    }

    public static Location Location(Workspace workspace, SourceLocation location)
    {
        var source = new SourceText(location.Path, workspace.TextOf(location.Path));
        return new Location(workspace.UriOf(location.Path), Range(source, location.Span));
    }

    // ---- Library answers ----

    public static LspDiagnostic Diagnostic(SourceText source, Diagnostic diagnostic) => new()
    {
        Range = Range(source, diagnostic.Location.Span),
        Severity = diagnostic.IsError ? Lsp.SeverityError : Lsp.SeverityWarning,
        Code = diagnostic.Code,
        Message = diagnostic.Message,
        Data = diagnostic.Suggestion is null ? null : new JObject { ["suggestion"] = diagnostic.Suggestion },
    };

    /// <summary>Edits across files, each placed in the text the workspace holds for its file.</summary>
    public static WorkspaceEdit WorkspaceEdit(Workspace workspace, IEnumerable<Editing.TextEdit> edits) => new(edits
        .GroupBy(e => e.Path)
        .ToDictionary(
            g => workspace.UriOf(g.Key),
            g =>
            {
                var source = new SourceText(g.Key, workspace.TextOf(g.Key));
                return g.Select(e => new LspTextEdit(Range(source, e.Span), e.NewText)).ToArray();
            }));

    public static LspTextEdit[] TextEdits(SourceText source, IEnumerable<TextReplacement> replacements) =>
        replacements.Select(r => new LspTextEdit(Range(source, r.Span), r.NewText)).ToArray();

    public static MarkupContent Markdown(string text) => new("markdown", text);

    public static int CompletionKind(Editing.CompletionKind kind) => kind switch
    {
        Editing.CompletionKind.Keyword => Lsp.CompletionKeyword,
        Editing.CompletionKind.Fact => Lsp.CompletionVariable,
        Editing.CompletionKind.Score => Lsp.CompletionValue,
        Editing.CompletionKind.Recommendation => Lsp.CompletionFunction,
        Editing.CompletionKind.Rule => Lsp.CompletionClass,
        _ => Lsp.CompletionEnumMember,
    };

    public static int SymbolKind(OutlineKind kind) => kind switch
    {
        OutlineKind.Fact => Lsp.SymbolVariable,
        OutlineKind.Recommendation => Lsp.SymbolFunction,
        OutlineKind.Score => Lsp.SymbolNumber,
        OutlineKind.Rule => Lsp.SymbolClass,
        OutlineKind.Test => Lsp.SymbolEvent,
        _ => Lsp.SymbolFile,
    };

    /// <summary>
    /// The LSP token type of each kind; the legend lists them in the enum's order, so a kind's number is its index.
    /// A fact is a <c>parameter</c>, not a <c>variable</c>: it is an input of the rule set (a profile gives it), and
    /// VS Code's default themes draw <c>variable</c> (TextMate <c>variable.other.readwrite</c>) in the colour of plain
    /// text (Dark 2026 and Light 2026), where <c>parameter</c> (<c>variable.parameter</c>) is coloured in every default
    /// theme and apart from enum values. The real-VS-Code tests check the colour drawn.
    /// </summary>
    public static string TokenType(SemanticTokenKind kind) => kind switch
    {
        SemanticTokenKind.Keyword => "keyword",
        SemanticTokenKind.Fact => "parameter",
        SemanticTokenKind.Recommendation => "function",
        SemanticTokenKind.Rule => "class",
        SemanticTokenKind.Value => "enumMember",
        SemanticTokenKind.Number => "number",
        SemanticTokenKind.String => "string",
        SemanticTokenKind.Comment => "comment",
        SemanticTokenKind.Operator => "operator",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a semantic token kind without an LSP token type"),
    };
}
