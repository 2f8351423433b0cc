using BackPainRules.Formatting;
using BackPainRules.LanguageServer.Protocol;
using StreamJsonRpc;

namespace BackPainRules.LanguageServer.Handlers;

/// <summary>
/// Formatting: the <c>rules fmt</c> layout, answered with the few edits that turn the document into it
/// (BackPainRules.Formatting.TextDiff), so the editor keeps cursors and undo history. Nothing for a document with syntax errors.
/// </summary>
internal sealed class FormattingHandler(Session session) : IFeature
{
    public ServerCapabilities Initialize(InitializeParams parameters, ServerCapabilities capabilities) =>
        capabilities with { DocumentFormattingProvider = true };

    [JsonRpcMethod("textDocument/formatting", UseSingleObjectParameterDeserialization = true)]
    public LspTextEdit[] Formatting(DocumentFormattingParams parameters)
    {
        var analysis = session.Analyze(parameters.TextDocument);
        if (RulesFormatter.Format(analysis.Syntax) is not { } formatted) return Array.Empty<LspTextEdit>();
        return Conversions.TextEdits(analysis.Source, TextDiff.Replacements(analysis.Source.Text, formatted));
    }
}
