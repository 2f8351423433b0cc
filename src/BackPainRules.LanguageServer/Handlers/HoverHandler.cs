using BackPainRules.LanguageServer.Protocol;
using StreamJsonRpc;

namespace BackPainRules.LanguageServer.Handlers;

/// <summary>Hover (BackPainRules.Editing.Hover).</summary>
internal sealed class HoverHandler(Session session) : IFeature
{
    public ServerCapabilities Initialize(InitializeParams parameters, ServerCapabilities capabilities) =>
        capabilities with { HoverProvider = true };

    [JsonRpcMethod("textDocument/hover", UseSingleObjectParameterDeserialization = true)]
    public Hover? Hover(TextDocumentPositionParams parameters)
    {
        var (analysis, offset) = session.At(parameters.TextDocument, parameters.Position);
        return Editing.Hover.At(analysis, offset) is { } hover
            ? new Hover(Conversions.Markdown(hover.Markdown), Conversions.Range(analysis.Source, hover.Span))
            : null;
    }
}
