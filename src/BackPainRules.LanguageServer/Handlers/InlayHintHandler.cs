using BackPainRules.Editing;
using BackPainRules.LanguageServer.Protocol;
using StreamJsonRpc;

namespace BackPainRules.LanguageServer.Handlers;

/// <summary>
/// Live evaluation: with a preview profile chosen (<c>initializationOptions.previewProfile</c>, or the setting
/// <c>rules.previewProfile</c> in <c>workspace/didChangeConfiguration</c>), an inlay hint after each rule's header
/// shows how the rule comes out for that profile (with any of its advice that is withheld), and one after each
/// score's declaration shows its value or range (BackPainRules.Editing.LiveEvaluation).
/// </summary>
internal sealed class InlayHintHandler(Session session) : IFeature
{
    private string? previewProfile;
    private bool clientRefreshesHints;

    public ServerCapabilities Initialize(InitializeParams parameters, ServerCapabilities capabilities)
    {
        previewProfile = (string?)parameters.InitializationOptions?["previewProfile"];
        clientRefreshesHints = ClientCapabilities.CanRefreshInlayHints(parameters.Capabilities);
        return capabilities with { InlayHintProvider = true };
    }

    [JsonRpcMethod("workspace/didChangeConfiguration", UseSingleObjectParameterDeserialization = true)]
    public void DidChangeConfiguration(DidChangeConfigurationParams parameters)
    {
        var settings = parameters.Settings?["rules"] ?? parameters.Settings;
        if (settings?["previewProfile"] is { } profile) previewProfile = (string?)profile;
        // Hints depend on the profile: ask a client that said it can (workspace.inlayHint.refreshSupport) to
        // refresh them. It is a request in LSP, not a notification. Other clients ask again when they need them.
        if (clientRefreshesHints && session.Connection is { } connection) _ = RefreshInlayHints(connection);
    }

    private async Task RefreshInlayHints(JsonRpc connection)
    {
        try
        {
            await connection.InvokeAsync<object?>("workspace/inlayHint/refresh");
        }
        catch (Exception e) when (e is RemoteInvocationException or RemoteMethodNotFoundException or ConnectionLostException or ObjectDisposedException)
        {
            session.Log.WriteLine($"rules lsp: the client did not refresh inlay hints: {e.Message}");
        }
    }

    [JsonRpcMethod("textDocument/inlayHint", UseSingleObjectParameterDeserialization = true)]
    public InlayHint[] InlayHints(InlayHintParams parameters)
    {
        if (previewProfile is null) return Array.Empty<InlayHint>();
        var analysis = session.Analyze(parameters.TextDocument);
        string profilePath = session.Workspace.RootFolder is { } root && !Path.IsPathRooted(previewProfile) ? Path.Combine(root, previewProfile) : previewProfile;
        string json;
        try
        {
            json = session.Workspace.ReadAllText(Path.GetFullPath(profilePath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            session.Log.WriteLine($"rules lsp: cannot read the preview profile {profilePath}: {e.Message}");
            return Array.Empty<InlayHint>();
        }
        var preview = LiveEvaluation.Preview(analysis, json, profilePath);
        string profileName = Path.GetFileName(profilePath);
        return preview.Rules.Select(hint => new InlayHint
            {
                Position = Conversions.Position(analysis.Source, hint.Offset),
                Label = hint.Label,
                Tooltip = Conversions.Markdown($"Rule `{hint.Rule}` for the profile `{profileName}`"),
            })
            .Concat(preview.Scores.Select(hint => new InlayHint
            {
                Position = Conversions.Position(analysis.Source, hint.Offset),
                Label = hint.Label,
                Tooltip = Conversions.Markdown($"Score `{hint.Score}` for the profile `{profileName}`"),
            }))
            .OrderBy(hint => hint.Position.Line).ThenBy(hint => hint.Position.Character)
            .ToArray();
    }
}
