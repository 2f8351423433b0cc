using System.Diagnostics;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace BackPainRules.LanguageServer;

/// <summary>
/// StreamJsonRpc's connection with the server's two rules for every message: the <see cref="Lifecycle"/> admits
/// it or refuses it, and a failed request is logged once. An expected refusal (a <see cref="LocalRpcException"/>:
/// a bad new name, a request out of turn) is one log line; anything else is logged with its exception, once.
/// </summary>
internal sealed class LspConnection : JsonRpc
{
    private readonly Lifecycle lifecycle;
    private readonly TextWriter log;

    public LspConnection(IJsonRpcMessageHandler handler, Lifecycle lifecycle, TextWriter log)
        : base(handler)
    {
        this.lifecycle = lifecycle;
        this.log = log;
        // StreamJsonRpc's own warnings (an unknown method, a malformed message) are one line each. Failed
        // requests it would write twice with their stack traces, plus a warning about serializing the
        // exception: those are logged here instead, in CreateErrorDetails.
        TraceSource.Switch.Level = SourceLevels.Warning;
        TraceSource.Listeners.Add(new TextWriterTraceListener(log) { Filter = new LoggedByTheConnection() });
    }

    protected override ValueTask<JsonRpcMessage> DispatchRequestAsync(JsonRpcRequest request, TargetMethod targetMethod, CancellationToken cancellationToken)
    {
        // Called in the order messages arrive and before the handler is queued; a refusal thrown here is answered as an error.
        if (lifecycle.Admit(request.Method!, request.IsResponseExpected) is { } refusal) throw refusal;
        return base.DispatchRequestAsync(request, targetMethod, cancellationToken);
    }

    protected override JsonRpcError.ErrorDetail CreateErrorDetails(JsonRpcRequest request, Exception exception)
    {
        if (exception is LocalRpcException refusal)
        {
            log.WriteLine($"rules lsp: {request.Method} refused ({refusal.ErrorCode}): {refusal.Message}");
            return new JsonRpcError.ErrorDetail { Code = (JsonRpcErrorCode)refusal.ErrorCode, Message = refusal.Message, Data = refusal.ErrorData };
        }
        log.WriteLine($"rules lsp: {request.Method} failed: {exception}");
        return new JsonRpcError.ErrorDetail { Code = JsonRpcErrorCode.InvocationError, Message = exception.Message, Data = new CommonErrorData(exception) };
    }

    /// <summary>Drops the trace events of failed requests, which <see cref="CreateErrorDetails"/> logs.</summary>
    private sealed class LoggedByTheConnection : TraceFilter
    {
        public override bool ShouldTrace(TraceEventCache? cache, string source, TraceEventType eventType, int id, string? formatOrMessage, object?[]? args, object? data1, object?[]? data) =>
            id is not ((int)TraceEvents.LocalInvocationError or (int)TraceEvents.ExceptionNotSerializable);
    }
}
