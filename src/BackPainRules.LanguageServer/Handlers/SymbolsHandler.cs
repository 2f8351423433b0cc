using BackPainRules.Editing;
using BackPainRules.LanguageServer.Protocol;
using StreamJsonRpc;

namespace BackPainRules.LanguageServer.Handlers;

/// <summary>Document symbols (the outline) and workspace symbols (every <c>.rules</c> file of the folder).</summary>
internal sealed class SymbolsHandler(Session session) : IFeature
{
    public ServerCapabilities Initialize(InitializeParams parameters, ServerCapabilities capabilities) =>
        capabilities with { DocumentSymbolProvider = true, WorkspaceSymbolProvider = true };

    [JsonRpcMethod("textDocument/documentSymbol", UseSingleObjectParameterDeserialization = true)]
    public DocumentSymbol[] DocumentSymbols(DocumentSymbolParams parameters)
    {
        var analysis = session.Analyze(parameters.TextDocument);
        return Outline.Entries(analysis.Syntax).Select(entry => new DocumentSymbol
        {
            Name = entry.Name,
            Detail = entry.Detail,
            Kind = Conversions.SymbolKind(entry.Kind),
            Range = Conversions.Range(analysis.Source, entry.Span),
            SelectionRange = Conversions.Range(analysis.Source, entry.NameSpan),
        }).ToArray();
    }

    [JsonRpcMethod("workspace/symbol", UseSingleObjectParameterDeserialization = true)]
    public SymbolInformation[] WorkspaceSymbols(WorkspaceSymbolParams parameters)
    {
        var symbols = new List<SymbolInformation>();
        foreach (var path in session.Workspace.AllRuleFiles())
        {
            var analysis = session.Workspace.Analyze(path);
            foreach (var entry in Outline.Entries(analysis.Syntax))
            {
                if (entry.Kind == OutlineKind.Import || !entry.Name.Contains(parameters.Query, StringComparison.OrdinalIgnoreCase)) continue;
                symbols.Add(new SymbolInformation(entry.Name, Conversions.SymbolKind(entry.Kind),
                    new Location(session.Workspace.UriOf(path), Conversions.Range(analysis.Source, entry.NameSpan)), Path.GetFileName(path)));
            }
        }
        return symbols.ToArray();
    }
}
