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

    // Set by the connection's notifications, read by the checks that run on the thread pool.
    private volatile TraceLevel trace = TraceLevel.Off;

    /// <summary>The client's trace setting (<c>initialize</c>'s <c>trace</c>, then <c>$/setTrace</c>).</summary>
    public TraceLevel Trace => trace;

    /// <summary>
    /// Takes the trace setting the client sends: <c>messages</c> or <c>verbose</c> turn <c>$/logTrace</c> on,
    /// <c>off</c> (and anything LSP does not name, or nothing) turns it off.
    /// </summary>
    public void SetTrace(string? value) => trace = value switch
    {
        "messages" => TraceLevel.Messages,
        "verbose" => TraceLevel.Verbose,
        _ => TraceLevel.Off,
    };

    /// <summary>
    /// Sends <c>$/logTrace</c> at the trace <paramref name="level"/> the work it reports began under (so a
    /// <c>$/setTrace</c> that arrives while the work finishes applies to the next piece of work, not half of this
    /// one): the verbose part only when that level is verbose. Nothing is sent, and <paramref name="verbose"/> is
    /// not called, when it is off.
    /// </summary>
    public Task LogTrace(TraceLevel level, string message, Func<string>? verbose = null)
    {
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
