using BackPainRules.Editing;
using BackPainRules.LanguageServer.Protocol;
using StreamJsonRpc;

namespace BackPainRules.LanguageServer.Handlers;

/// <summary>Quick fixes for the diagnostics in a range (BackPainRules.Editing.QuickFixes).</summary>
internal sealed class CodeActionHandler(Session session) : IFeature
{
    public ServerCapabilities Initialize(InitializeParams parameters, ServerCapabilities capabilities) =>
        capabilities with { CodeActionProvider = new CodeActionOptions(new[] { "quickfix" }) };

    [JsonRpcMethod("textDocument/codeAction", UseSingleObjectParameterDeserialization = true)]
    public CodeAction[] CodeActions(CodeActionParams parameters)
    {
        var analysis = session.Analyze(parameters.TextDocument);
        return QuickFixes.For(analysis, Conversions.Span(analysis.Source, parameters.Range)).Select(fix => new CodeAction
        {
            Title = fix.Title,
            Diagnostics = new[] { Conversions.Diagnostic(analysis.Source, fix.Diagnostic) },
            IsPreferred = fix.IsPreferred ? true : null,
            Edit = Conversions.WorkspaceEdit(session.Workspace, fix.Edits),
        }).ToArray();
    }
}
