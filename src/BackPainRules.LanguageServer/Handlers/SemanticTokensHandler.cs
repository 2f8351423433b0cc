using BackPainRules.Editing;
using BackPainRules.LanguageServer.Protocol;
using StreamJsonRpc;

namespace BackPainRules.LanguageServer.Handlers;

/// <summary>Semantic tokens for a whole document, in LSP's relative five-integer encoding (BackPainRules.Editing.SemanticTokens).</summary>
internal sealed class SemanticTokensHandler(Session session) : IFeature
{
    /// <summary>The legend: one token type per <see cref="SemanticTokenKind"/>, in the enum's order, so a kind's number is its index.</summary>
    internal static readonly SemanticTokensLegend Legend = new(
        Enum.GetValues<SemanticTokenKind>().Order().Select(Conversions.TokenType).ToArray(),
        new[] { "declaration" });

    private const int DeclarationModifier = 1 << 0;

    public ServerCapabilities Initialize(InitializeParams parameters, ServerCapabilities capabilities) =>
        capabilities with { SemanticTokensProvider = new SemanticTokensOptions(Legend, Full: true) };

    [JsonRpcMethod("textDocument/semanticTokens/full", UseSingleObjectParameterDeserialization = true)]
    public Protocol.SemanticTokens SemanticTokensFull(SemanticTokensParams parameters)
    {
        var analysis = session.Analyze(parameters.TextDocument);
        var data = new List<int>();
        int previousLine = 0, previousCharacter = 0;
        foreach (var token in Editing.SemanticTokens.Classify(analysis))
        {
            var start = Conversions.Position(analysis.Source, token.Span.Start);
            int deltaLine = start.Line - previousLine;
            int deltaCharacter = deltaLine == 0 ? start.Character - previousCharacter : start.Character;
            data.AddRange(new[] { deltaLine, deltaCharacter, token.Span.Length, (int)token.Kind, token.IsDeclaration ? DeclarationModifier : 0 });
            previousLine = start.Line;
            previousCharacter = start.Character;
        }
        return new Protocol.SemanticTokens(data.ToArray());
    }
}
