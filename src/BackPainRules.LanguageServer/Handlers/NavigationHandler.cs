using BackPainRules.Editing;
using BackPainRules.LanguageServer.Protocol;
using StreamJsonRpc;

namespace BackPainRules.LanguageServer.Handlers;

/// <summary>Go to definition, find references and rename, across the open files of the rule set (BackPainRules.Editing.Navigation).</summary>
internal sealed class NavigationHandler(Session session) : IFeature
{
    public ServerCapabilities Initialize(InitializeParams parameters, ServerCapabilities capabilities) =>
        capabilities with { DefinitionProvider = true, ReferencesProvider = true, RenameProvider = true };

    [JsonRpcMethod("textDocument/definition", UseSingleObjectParameterDeserialization = true)]
    public Location? Definition(TextDocumentPositionParams parameters)
    {
        var (analysis, offset) = session.At(parameters.TextDocument, parameters.Position);
        return Navigation.Definition(analysis, offset) is { } location ? Conversions.Location(session.Workspace, location) : null;
    }

    [JsonRpcMethod("textDocument/references", UseSingleObjectParameterDeserialization = true)]
    public Location[] References(ReferenceParams parameters)
    {
        var (analysis, offset) = session.At(parameters.TextDocument, parameters.Position);
        return Navigation.References(analysis, offset, parameters.Context?.IncludeDeclaration ?? true, session.Workspace.OpenAnalyses().ToList())
            .Select(location => Conversions.Location(session.Workspace, location)).ToArray();
    }

    /// <summary>A refused rename (a reserved word, an invalid name, a clash, nothing to rename) is an InvalidParams error with the reason.</summary>
    [JsonRpcMethod("textDocument/rename", UseSingleObjectParameterDeserialization = true)]
    public WorkspaceEdit Rename(RenameParams parameters)
    {
        var (analysis, offset) = session.At(parameters.TextDocument, parameters.Position);
        var (edits, error) = Navigation.Rename(analysis, offset, parameters.NewName, session.Workspace.OpenAnalyses().ToList());
        if (error is not null) throw new LocalRpcException(error) { ErrorCode = Lsp.InvalidParams };
        return Conversions.WorkspaceEdit(session.Workspace, edits);
    }
}
