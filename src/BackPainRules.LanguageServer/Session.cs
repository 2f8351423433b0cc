using BackPainRules.Editing;
using BackPainRules.LanguageServer.Protocol;
using StreamJsonRpc;

namespace BackPainRules.LanguageServer;

/// <summary>What the handlers of one connection share: the documents, the log and the way back to the client.</summary>
internal sealed class Session(TextWriter log, Workspace workspace)
{
    public Workspace Workspace { get; } = workspace;

    /// <summary>Where the server writes what it has to say (stderr for <c>rules lsp</c>; never the protocol stream).</summary>
    public TextWriter Log { get; } = log;

    /// <summary>The connection, once attached: for notifications and requests to the client.</summary>
    public JsonRpc? Connection { get; set; }

    /// <summary>The analysis of a document (open or on disk).</summary>
    public DocumentAnalysis Analyze(TextDocumentIdentifier document) => Workspace.Analyze(Conversions.PathOf(document.Uri));

    /// <summary>The analysis of a document and the offset of a position in it.</summary>
    public (DocumentAnalysis Analysis, int Offset) At(TextDocumentIdentifier document, Position position)
    {
        var analysis = Analyze(document);
        return (analysis, Conversions.Offset(analysis.Source, position));
    }
}
