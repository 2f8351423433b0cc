using BackPainRules.LanguageServer.Protocol;
using StreamJsonRpc;

namespace BackPainRules.LanguageServer.Handlers;

/// <summary>Completion in context (BackPainRules.Editing.Completion).</summary>
internal sealed class CompletionHandler(Session session) : IFeature
{
    public ServerCapabilities Initialize(InitializeParams parameters, ServerCapabilities capabilities) =>
        capabilities with { CompletionProvider = new CompletionOptions(new[] { " ", ",", "(" }) };

    [JsonRpcMethod("textDocument/completion", UseSingleObjectParameterDeserialization = true)]
    public CompletionList Completion(CompletionParams parameters, CancellationToken cancellation)
    {
        var (analysis, offset) = session.At(parameters.TextDocument, parameters.Position);
        var items = Editing.Completion.Complete(analysis, offset).Select(item => new LspCompletionItem
        {
            Label = item.Label,
            Kind = Conversions.CompletionKind(item.Kind),
            Detail = item.Detail,
            Documentation = item.Documentation is null ? null : Conversions.Markdown(item.Documentation),
        }).ToArray();
        return new CompletionList(false, items);
    }
}
