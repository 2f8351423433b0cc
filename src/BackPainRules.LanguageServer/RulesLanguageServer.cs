using BackPainRules.Diagnostics;
using BackPainRules.Editing;
using BackPainRules.Formatting;
using BackPainRules.LanguageServer.Protocol;
using BackPainRules.Text;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;
using Range = BackPainRules.LanguageServer.Protocol.Range;

namespace BackPainRules.LanguageServer;

/// <summary>
/// The LSP methods. Each handler converts positions, asks the library (BackPainRules.Editing) and
/// converts the answer back; the language itself is never interpreted here.
/// </summary>
public sealed class RulesLanguageServer
{
    internal static readonly string[] TokenTypes = { "keyword", "variable", "function", "class", "enumMember", "number", "string", "comment", "operator" };
    internal static readonly string[] TokenModifiers = { "declaration" };
    private const string RunTestCommand = "rules.runTest";

    private readonly Workspace workspace = new();
    private readonly TextWriter log;
    private readonly TimeSpan debounce;
    private readonly Dictionary<string, CancellationTokenSource> pending = new(StringComparer.Ordinal);
    private JsonRpc? rpc;
    private string? previewProfile;
    private bool initialized;
    private bool shutdownRequested;

    internal RulesLanguageServer(TextWriter log, TimeSpan debounce)
    {
        this.log = log;
        this.debounce = debounce;
    }

    internal void Attach(JsonRpc connection) => rpc = connection;

    /// <summary>Set when the client sends <c>exit</c>; the host then ends with 0 after <c>shutdown</c>, 1 without.</summary>
    internal TaskCompletionSource<int> Exited { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // ---- Lifecycle ----

    [JsonRpcMethod("initialize", UseSingleObjectParameterDeserialization = true)]
    public InitializeResult Initialize(InitializeParams parameters)
    {
        initialized = true;
        string? root = parameters.WorkspaceFolders?.FirstOrDefault()?.Uri ?? parameters.RootUri;
        workspace.RootFolder = root is null ? null : PathOf(root);
        previewProfile = (string?)parameters.InitializationOptions?["previewProfile"];
        var capabilities = new JObject
        {
            ["textDocumentSync"] = new JObject { ["openClose"] = true, ["change"] = Lsp.TextDocumentSyncIncremental, ["save"] = true },
            ["completionProvider"] = new JObject { ["triggerCharacters"] = new JArray(" ", ",", "(") },
            ["hoverProvider"] = true,
            ["definitionProvider"] = true,
            ["referencesProvider"] = true,
            ["renameProvider"] = true,
            ["documentSymbolProvider"] = true,
            ["workspaceSymbolProvider"] = true,
            ["documentFormattingProvider"] = true,
            ["codeActionProvider"] = new JObject { ["codeActionKinds"] = new JArray("quickfix") },
            ["semanticTokensProvider"] = new JObject
            {
                ["legend"] = new JObject { ["tokenTypes"] = new JArray(TokenTypes), ["tokenModifiers"] = new JArray(TokenModifiers) },
                ["full"] = true,
            },
            ["foldingRangeProvider"] = true,
            ["codeLensProvider"] = new JObject { ["resolveProvider"] = false },
            ["inlayHintProvider"] = true,
            ["executeCommandProvider"] = new JObject { ["commands"] = new JArray(RunTestCommand) },
        };
        return new InitializeResult(capabilities, new ServerInfo("rules", typeof(RuleSet).Assembly.GetName().Version?.ToString(3) ?? "0"));
    }

    [JsonRpcMethod("initialized")]
    public void Initialized()
    {
    }

    [JsonRpcMethod("shutdown")]
    public object? Shutdown()
    {
        Ready();
        shutdownRequested = true;
        return null;
    }

    /// <summary>LSP: requests before <c>initialize</c> get ServerNotInitialized, requests after <c>shutdown</c> InvalidRequest.</summary>
    private void Ready()
    {
        if (!initialized) throw new LocalRpcException("The server has not been initialized.") { ErrorCode = -32002 };
        if (shutdownRequested) throw new LocalRpcException("The server is shutting down.") { ErrorCode = -32600 };
    }

    [JsonRpcMethod("exit")]
    public void Exit() => Exited.TrySetResult(shutdownRequested ? 0 : 1);

    [JsonRpcMethod("workspace/didChangeConfiguration", UseSingleObjectParameterDeserialization = true)]
    public void DidChangeConfiguration(DidChangeConfigurationParams parameters)
    {
        var settings = parameters.Settings?["rules"] ?? parameters.Settings;
        if (settings?["previewProfile"] is { } profile) previewProfile = (string?)profile;
        // Hints depend on the profile; ask the client to refresh them (a request in LSP, not a notification).
        if (rpc is not null) _ = RefreshInlayHints(rpc);
    }

    private async Task RefreshInlayHints(JsonRpc connection)
    {
        try
        {
            await connection.InvokeAsync<object?>("workspace/inlayHint/refresh");
        }
        catch (Exception e) when (e is RemoteInvocationException or RemoteMethodNotFoundException or ConnectionLostException or ObjectDisposedException)
        {
            // A client that cannot refresh hints asks for them again when it needs them.
            log.WriteLine($"rules lsp: the client did not refresh inlay hints: {e.Message}");
        }
    }

    // ---- Text sync and diagnostics ----

    [JsonRpcMethod("textDocument/didOpen", UseSingleObjectParameterDeserialization = true)]
    public void DidOpen(DidOpenTextDocumentParams parameters)
    {
        var path = PathOf(parameters.TextDocument.Uri);
        workspace.Remember(path, parameters.TextDocument.Uri);
        Schedule(workspace.Update(path, parameters.TextDocument.Text, parameters.TextDocument.Version), immediately: true);
    }

    [JsonRpcMethod("textDocument/didChange", UseSingleObjectParameterDeserialization = true)]
    public void DidChange(DidChangeTextDocumentParams parameters)
    {
        var path = PathOf(parameters.TextDocument.Uri);
        var text = Workspace.Apply(workspace.TextOf(path), parameters.ContentChanges);
        Schedule(workspace.Update(path, text, parameters.TextDocument.Version), immediately: false);
    }

    [JsonRpcMethod("textDocument/didSave", UseSingleObjectParameterDeserialization = true)]
    public void DidSave(DidSaveTextDocumentParams parameters)
    {
    }

    [JsonRpcMethod("textDocument/didClose", UseSingleObjectParameterDeserialization = true)]
    public void DidClose(DidCloseTextDocumentParams parameters)
    {
        var path = PathOf(parameters.TextDocument.Uri);
        lock (pending)
        {
            if (pending.Remove(path, out var cancel)) cancel.Cancel();
        }
        _ = Publish(parameters.TextDocument.Uri, null, Array.Empty<LspDiagnostic>());
        Schedule(workspace.Close(path), immediately: true);
    }

    /// <summary>Re-checks documents after a short quiet period, so a burst of keystrokes is checked once.</summary>
    private void Schedule(IReadOnlyList<string> paths, bool immediately, bool recheckIncludedFiles = true)
    {
        foreach (var path in paths)
        {
            CancellationTokenSource cancel;
            lock (pending)
            {
                if (pending.Remove(path, out var previous)) previous.Cancel();
                pending[path] = cancel = new CancellationTokenSource();
            }
            _ = Task.Run(async () =>
            {
                try
                {
                    if (!immediately) await Task.Delay(debounce, cancel.Token);
                    if (cancel.IsCancellationRequested || !workspace.IsOpen(path)) return;
                    int? version = workspace.VersionOf(path);
                    var analysis = workspace.Analyze(path);
                    if (cancel.IsCancellationRequested) return;
                    // Problems in imported files that are not open are shown under their own names, as `rules check` shows them.
                    foreach (var file in analysis.Model.Sources.Files.Where(f => f.Source.Path != path && !workspace.IsOpen(f.Source.Path)))
                    {
                        var errors = analysis.Model.Diagnostics.Where(d => d.IsError && d.Location.Path == file.Source.Path)
                            .Select(d => ToLsp(file.Source, d)).ToArray();
                        await Publish(UriOf(file.Source.Path), null, errors);
                    }
                    await Publish(UriOf(path), version, analysis.Diagnostics.Select(d => ToLsp(analysis.Source, d)).ToArray());
                    // Open files this one imports decide their unused warnings with it: check them again.
                    if (recheckIncludedFiles) Schedule(workspace.OpenFilesIncludedBy(analysis), immediately: true, recheckIncludedFiles: false);
                }
                catch (OperationCanceledException)
                {
                }
                catch (Exception e)
                {
                    log.WriteLine($"rules lsp: checking {path} failed: {e}");
                }
            });
        }
    }

    private Task Publish(string uri, int? version, LspDiagnostic[] diagnostics) =>
        rpc?.NotifyWithParameterObjectAsync("textDocument/publishDiagnostics", new PublishDiagnosticsParams(uri, version, diagnostics)) ?? Task.CompletedTask;

    internal static LspDiagnostic ToLsp(SourceText source, Diagnostic diagnostic) => new()
    {
        Range = Workspace.Range(source, diagnostic.Location.Span),
        Severity = diagnostic.IsError ? Lsp.SeverityError : Lsp.SeverityWarning,
        Code = diagnostic.Code,
        Message = diagnostic.Message,
        Data = diagnostic.Suggestion is null ? null : new JObject { ["suggestion"] = diagnostic.Suggestion },
    };

    // ---- Features ----

    [JsonRpcMethod("textDocument/completion", UseSingleObjectParameterDeserialization = true)]
    public CompletionList Completion(CompletionParams parameters, CancellationToken cancellation)
    {
        Ready();
        var (analysis, offset) = At(parameters.TextDocument, parameters.Position);
        var items = Editing.Completion.Complete(analysis, offset).Select(item => new LspCompletionItem
        {
            Label = item.Label,
            Kind = item.Kind switch
            {
                CompletionKind.Keyword => Lsp.CompletionKeyword,
                CompletionKind.Fact => Lsp.CompletionVariable,
                CompletionKind.Recommendation => Lsp.CompletionFunction,
                CompletionKind.Rule => Lsp.CompletionClass,
                _ => Lsp.CompletionEnumMember,
            },
            Detail = item.Detail,
            Documentation = item.Documentation is null ? null : new MarkupContent("markdown", item.Documentation),
        }).ToArray();
        return new CompletionList(false, items);
    }

    [JsonRpcMethod("textDocument/hover", UseSingleObjectParameterDeserialization = true)]
    public Protocol.Hover? Hover(TextDocumentPositionParams parameters)
    {
        Ready();
        var (analysis, offset) = At(parameters.TextDocument, parameters.Position);
        return Editing.Hover.At(analysis, offset) is { } hover
            ? new Protocol.Hover(new MarkupContent("markdown", hover.Markdown), Workspace.Range(analysis.Source, hover.Span))
            : null;
    }

    [JsonRpcMethod("textDocument/definition", UseSingleObjectParameterDeserialization = true)]
    public Location? Definition(TextDocumentPositionParams parameters)
    {
        Ready();
        var (analysis, offset) = At(parameters.TextDocument, parameters.Position);
        return Navigation.Definition(analysis, offset) is { } location ? ToLsp(location) : null;
    }

    [JsonRpcMethod("textDocument/references", UseSingleObjectParameterDeserialization = true)]
    public Location[] References(ReferenceParams parameters)
    {
        Ready();
        var (analysis, offset) = At(parameters.TextDocument, parameters.Position);
        return Navigation.References(analysis, offset, parameters.Context?.IncludeDeclaration ?? true, workspace.OpenAnalyses().ToList())
            .Select(ToLsp).ToArray();
    }

    [JsonRpcMethod("textDocument/rename", UseSingleObjectParameterDeserialization = true)]
    public WorkspaceEdit Rename(RenameParams parameters)
    {
        Ready();
        var (analysis, offset) = At(parameters.TextDocument, parameters.Position);
        var (edits, error) = Navigation.Rename(analysis, offset, parameters.NewName, workspace.OpenAnalyses().ToList());
        if (error is not null) throw new LocalRpcException(error) { ErrorCode = -32602 };
        return ToLsp(edits);
    }

    [JsonRpcMethod("textDocument/documentSymbol", UseSingleObjectParameterDeserialization = true)]
    public DocumentSymbol[] DocumentSymbols(DocumentSymbolParams parameters)
    {
        Ready();
        return DocumentSymbolsOf(workspace.Analyze(PathOf(parameters.TextDocument.Uri)));
    }

    private static DocumentSymbol[] DocumentSymbolsOf(DocumentAnalysis analysis) =>
        Outline.Entries(analysis.Syntax).Select(entry => new DocumentSymbol
        {
            Name = entry.Name,
            Detail = entry.Detail,
            Kind = SymbolKind(entry.Kind),
            Range = Workspace.Range(analysis.Source, entry.Span),
            SelectionRange = Workspace.Range(analysis.Source, entry.NameSpan),
        }).ToArray();

    [JsonRpcMethod("workspace/symbol", UseSingleObjectParameterDeserialization = true)]
    public SymbolInformation[] WorkspaceSymbols(WorkspaceSymbolParams parameters)
    {
        Ready();
        var symbols = new List<SymbolInformation>();
        foreach (var path in workspace.AllRuleFiles())
        {
            var analysis = workspace.Analyze(path);
            foreach (var entry in Outline.Entries(analysis.Syntax))
            {
                if (entry.Kind == OutlineKind.Import || !entry.Name.Contains(parameters.Query, StringComparison.OrdinalIgnoreCase)) continue;
                symbols.Add(new SymbolInformation(entry.Name, SymbolKind(entry.Kind),
                    new Location(UriOf(path), Workspace.Range(analysis.Source, entry.NameSpan)), Path.GetFileName(path)));
            }
        }
        return symbols.ToArray();
    }

    [JsonRpcMethod("textDocument/formatting", UseSingleObjectParameterDeserialization = true)]
    public LspTextEdit[] Formatting(DocumentFormattingParams parameters)
    {
        Ready();
        var analysis = workspace.Analyze(PathOf(parameters.TextDocument.Uri));
        if (RulesFormatter.Format(analysis.Syntax) is not { } formatted || formatted == analysis.Source.Text) return Array.Empty<LspTextEdit>();
        return new[] { new LspTextEdit(Workspace.Range(analysis.Source, new TextSpan(0, analysis.Source.Text.Length)), formatted) };
    }

    [JsonRpcMethod("textDocument/codeAction", UseSingleObjectParameterDeserialization = true)]
    public CodeAction[] CodeActions(CodeActionParams parameters)
    {
        Ready();
        var analysis = workspace.Analyze(PathOf(parameters.TextDocument.Uri));
        int start = Workspace.Offset(analysis.Source, parameters.Range.Start);
        int end = Workspace.Offset(analysis.Source, parameters.Range.End);
        return QuickFixes.For(analysis, new TextSpan(start, Math.Max(0, end - start))).Select(fix => new CodeAction
        {
            Title = fix.Title,
            Diagnostics = new[] { ToLsp(analysis.Source, fix.Diagnostic) },
            IsPreferred = fix.IsPreferred ? true : null,
            Edit = ToLsp(fix.Edits),
        }).ToArray();
    }

    [JsonRpcMethod("textDocument/semanticTokens/full", UseSingleObjectParameterDeserialization = true)]
    public Protocol.SemanticTokens SemanticTokensFull(SemanticTokensParams parameters)
    {
        Ready();
        var analysis = workspace.Analyze(PathOf(parameters.TextDocument.Uri));
        var data = new List<int>();
        int previousLine = 0, previousCharacter = 0;
        foreach (var token in Editing.SemanticTokens.Classify(analysis))
        {
            var start = Workspace.Position(analysis.Source, token.Span.Start);
            int deltaLine = start.Line - previousLine;
            int deltaCharacter = deltaLine == 0 ? start.Character - previousCharacter : start.Character;
            data.AddRange(new[] { deltaLine, deltaCharacter, token.Span.Length, (int)token.Kind, token.IsDeclaration ? 1 : 0 });
            previousLine = start.Line;
            previousCharacter = start.Character;
        }
        return new Protocol.SemanticTokens(data.ToArray());
    }

    [JsonRpcMethod("textDocument/foldingRange", UseSingleObjectParameterDeserialization = true)]
    public FoldingRange[] FoldingRanges(FoldingRangeParams parameters)
    {
        Ready();
        var analysis = workspace.Analyze(PathOf(parameters.TextDocument.Uri));
        return Outline.Folding(analysis.Syntax)
            .Select(r => new FoldingRange { StartLine = r.StartLine - 1, EndLine = r.EndLine - 1, Kind = r.IsComment ? "comment" : "region" })
            .ToArray();
    }

    [JsonRpcMethod("textDocument/codeLens", UseSingleObjectParameterDeserialization = true)]
    public CodeLens[] CodeLenses(CodeLensParams parameters)
    {
        Ready();
        var analysis = workspace.Analyze(PathOf(parameters.TextDocument.Uri));
        return LiveEvaluation.Tests(analysis).Select(test => new CodeLens(
            Workspace.Range(analysis.Source, new TextSpan(test.Span.Start, 0)),
            new Command(test.Label, RunTestCommand, new JToken[] { parameters.TextDocument.Uri, test.Name }))).ToArray();
    }

    [JsonRpcMethod("textDocument/inlayHint", UseSingleObjectParameterDeserialization = true)]
    public InlayHint[] InlayHints(InlayHintParams parameters)
    {
        Ready();
        if (previewProfile is null) return Array.Empty<InlayHint>();
        var analysis = workspace.Analyze(PathOf(parameters.TextDocument.Uri));
        string profilePath = workspace.RootFolder is { } root && !Path.IsPathRooted(previewProfile) ? Path.Combine(root, previewProfile) : previewProfile;
        string json;
        try
        {
            json = File.ReadAllText(profilePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.WriteLine($"rules lsp: cannot read the preview profile {profilePath}: {e.Message}");
            return Array.Empty<InlayHint>();
        }
        return LiveEvaluation.Hints(analysis, json, profilePath).Select(hint => new InlayHint
        {
            Position = Workspace.Position(analysis.Source, hint.Offset),
            Label = hint.Label,
            Tooltip = new MarkupContent("markdown", $"Rule `{hint.Rule}` for the profile `{Path.GetFileName(profilePath)}`"),
        }).ToArray();
    }

    [JsonRpcMethod("workspace/executeCommand", UseSingleObjectParameterDeserialization = true)]
    public JToken? ExecuteCommand(ExecuteCommandParams parameters)
    {
        Ready();
        if (parameters.Command != RunTestCommand || parameters.Arguments is not [var uri, var name, ..]) return null;
        var analysis = workspace.Analyze(PathOf((string)uri!));
        var lens = LiveEvaluation.Tests(analysis).FirstOrDefault(t => t.Name == (string?)name);
        return lens is null ? null : new JObject { ["name"] = lens.Name, ["passed"] = lens.Passed, ["message"] = lens.Label };
    }

    // ---- Conversions ----

    private (DocumentAnalysis Analysis, int Offset) At(TextDocumentIdentifier document, Position position)
    {
        var analysis = workspace.Analyze(PathOf(document.Uri));
        return (analysis, Workspace.Offset(analysis.Source, position));
    }

    private Location ToLsp(SourceLocation location)
    {
        var source = new SourceText(location.Path, workspace.TextOf(location.Path));
        return new Location(UriOf(location.Path), Workspace.Range(source, location.Span));
    }

    private WorkspaceEdit ToLsp(IEnumerable<Editing.TextEdit> edits) => new(edits
        .GroupBy(e => e.Path)
        .ToDictionary(
            g => UriOf(g.Key),
            g =>
            {
                var source = new SourceText(g.Key, workspace.TextOf(g.Key));
                return g.Select(e => new LspTextEdit(Workspace.Range(source, e.Span), e.NewText)).ToArray();
            }));

    private static int SymbolKind(OutlineKind kind) => kind switch
    {
        OutlineKind.Fact => Lsp.SymbolVariable,
        OutlineKind.Recommendation => Lsp.SymbolFunction,
        OutlineKind.Rule => Lsp.SymbolClass,
        OutlineKind.Test => Lsp.SymbolEvent,
        _ => Lsp.SymbolFile,
    };

    internal static string PathOf(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? Path.GetFullPath(parsed.LocalPath) : Path.GetFullPath(uri);

    private string UriOf(string path) => workspace.UriOf(path);
}
