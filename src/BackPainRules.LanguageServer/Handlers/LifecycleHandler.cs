using BackPainRules.LanguageServer.Protocol;
using StreamJsonRpc;

namespace BackPainRules.LanguageServer.Handlers;

/// <summary>
/// <c>initialize</c>, <c>initialized</c>, <c>shutdown</c> and <c>exit</c>; the capabilities are the features' own.
/// Also <c>$/setTrace</c>, which every client may send (VS Code's does on each settings change).
/// </summary>
internal sealed class LifecycleHandler(Session session, Lifecycle lifecycle, IReadOnlyList<IFeature> features)
{
    [JsonRpcMethod("initialize", UseSingleObjectParameterDeserialization = true)]
    public InitializeResult Initialize(InitializeParams parameters)
    {
        string? root = parameters.WorkspaceFolders?.FirstOrDefault()?.Uri ?? parameters.RootUri;
        session.Workspace.RootFolder = root is null ? null : Conversions.PathOf(root);
        session.SetTrace(parameters.Trace);
        var capabilities = features.Aggregate(new ServerCapabilities(), (announced, feature) => feature.Initialize(parameters, announced));
        return new InitializeResult(capabilities, new ServerInfo("rules", typeof(RuleSet).Assembly.GetName().Version?.ToString(3) ?? "0"));
    }

    [JsonRpcMethod("initialized")]
    public void Initialized()
    {
    }

    /// <summary>The <see cref="Lifecycle"/> has noted the shutdown when it admitted this request.</summary>
    [JsonRpcMethod("shutdown")]
    public object? Shutdown() => null;

    /// <summary>The client's trace setting changed: <see cref="Session.LogTrace"/> follows it.</summary>
    [JsonRpcMethod("$/setTrace", UseSingleObjectParameterDeserialization = true)]
    public void SetTrace(SetTraceParams parameters) => session.SetTrace(parameters.Value);

    [JsonRpcMethod("exit")]
    public void Exit() => lifecycle.Exit();
}
