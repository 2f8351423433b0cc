using BackPainRules.Editing;
using BackPainRules.LanguageServer.Protocol;
using StreamJsonRpc;

namespace BackPainRules.LanguageServer.Handlers;

/// <summary>Folding ranges: multi-line rules and tests, comment blocks (BackPainRules.Editing.Outline).</summary>
internal sealed class FoldingHandler(Session session) : IFeature
{
    public ServerCapabilities Initialize(InitializeParams parameters, ServerCapabilities capabilities) =>
        capabilities with { FoldingRangeProvider = true };

    [JsonRpcMethod("textDocument/foldingRange", UseSingleObjectParameterDeserialization = true)]
    public FoldingRange[] FoldingRanges(FoldingRangeParams parameters)
    {
        var analysis = session.Analyze(parameters.TextDocument);
        return Outline.Folding(analysis.Syntax)
            .Select(r => new FoldingRange { StartLine = r.StartLine - 1, EndLine = r.EndLine - 1, Kind = r.IsComment ? "comment" : "region" })
            .ToArray();
    }
}
