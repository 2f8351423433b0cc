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

    /// <summary>The client's trace setting (<c>initialize</c>'s <c>trace</c>, then <c>$/setTrace</c>).</summary>
    public TraceLevel Trace { get; private set; } = TraceLevel.Off;

    /// <summary>
    /// Takes the trace setting the client sends: <c>messages</c> or <c>verbose</c> turn <c>$/logTrace</c> on,
    /// <c>off</c> (and anything LSP does not name, or nothing) turns it off.
    /// </summary>
    public void SetTrace(string? value) => Trace = value switch
    {
        "messages" => TraceLevel.Messages,
        "verbose" => TraceLevel.Verbose,
        _ => TraceLevel.Off,
    };

    /// <summary>
    /// Sends <c>$/logTrace</c> while the client traces (the client shows it in its trace output); the verbose
    /// part only when the trace is verbose. Nothing is sent, and <paramref name="verbose"/> is not called, when it is off.
    /// </summary>
    public Task LogTrace(string message, Func<string>? verbose = null)
    {
        var level = Trace;
        if (level == TraceLevel.Off || Connection is not { } connection) return Task.CompletedTask;
        var parameters = new LogTraceParams(message, level == TraceLevel.Verbose ? verbose?.Invoke() : null);
        return connection.NotifyWithParameterObjectAsync("$/logTrace", parameters);
    }

    /// <summary>The analysis of a document (open or on disk).</summary>
    public DocumentAnalysis Analyze(TextDocumentIdentifier document) => Workspace.Analyze(Conversions.PathOf(document.Uri));

    /// <summary>The analysis of a document and the offset of a position in it.</summary>
    public (DocumentAnalysis Analysis, int Offset) At(TextDocumentIdentifier document, Position position)
    {
        var analysis = Analyze(document);
        return (analysis, Conversions.Offset(analysis.Source, position));
    }
}

/// <summary>LSP's <c>TraceValue</c>.</summary>
internal enum TraceLevel
{
    Off,
    Messages,
    Verbose,
}
