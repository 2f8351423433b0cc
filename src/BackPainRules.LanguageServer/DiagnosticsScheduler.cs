using BackPainRules.LanguageServer.Protocol;

namespace BackPainRules.LanguageServer;

/// <summary>
/// Checks documents and publishes their diagnostics: at once on open, after a short quiet period on change
/// (so a burst of keystrokes is checked once), with the open files a document imports checked again with it.
/// A newer request for a document cancels the one waiting.
/// </summary>
internal sealed class DiagnosticsScheduler(Session session, TimeSpan debounce)
{
    private readonly Dictionary<string, CancellationTokenSource> pending = new(StringComparer.Ordinal);

    private Workspace Workspace => session.Workspace;

    /// <summary>Checks <paramref name="paths"/> (open documents) now or after the debounce, and publishes what it finds.</summary>
    public void Schedule(IReadOnlyList<string> paths, bool immediately, bool recheckIncludedFiles = true)
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
                    if (cancel.IsCancellationRequested || !Workspace.IsOpen(path)) return;
                    int? version = Workspace.VersionOf(path);
                    // The trace level when the check starts decides its trace line: read later, a $/setTrace the
                    // client sends once it has the diagnostics could drop or add the line of a check already done.
                    var trace = session.Trace;
                    var analysis = Workspace.Analyze(path);
                    if (cancel.IsCancellationRequested) return;
                    // Problems in imported files that are not open are shown under their own names, as `rules check` shows them.
                    foreach (var file in analysis.Model.Sources.Files.Where(f => f.Source.Path != path && !Workspace.IsOpen(f.Source.Path)))
                    {
                        var errors = analysis.Model.Diagnostics.Where(d => d.IsError && d.Location.Path == file.Source.Path)
                            .Select(d => Conversions.Diagnostic(file.Source, d)).ToArray();
                        await Publish(Workspace.UriOf(file.Source.Path), null, errors);
                    }
                    var diagnostics = analysis.Diagnostics.Select(d => Conversions.Diagnostic(analysis.Source, d)).ToArray();
                    await Publish(Workspace.UriOf(path), version, diagnostics);
                    await session.LogTrace(trace,
                        $"Checked {Path.GetFileName(path)} (version {version}): {Count(diagnostics, Lsp.SeverityError, "error")}, {Count(diagnostics, Lsp.SeverityWarning, "warning")}",
                        () => string.Join("\n", analysis.Diagnostics.Select(d => d.ToString())));
                    // Open files this one imports decide their unused warnings with it: check them again.
                    if (recheckIncludedFiles) Schedule(Workspace.OpenFilesIncludedBy(analysis), immediately: true, recheckIncludedFiles: false);
                }
                catch (OperationCanceledException)
                {
                }
                catch (Exception e)
                {
                    session.Log.WriteLine($"rules lsp: checking {path} failed: {e}");
                }
            });
        }
    }

    /// <summary>Forgets a check waiting for <paramref name="path"/> (the document was closed).</summary>
    public void Cancel(string path)
    {
        lock (pending)
        {
            if (pending.Remove(path, out var cancel)) cancel.Cancel();
        }
    }

    private static string Count(LspDiagnostic[] diagnostics, int severity, string noun)
    {
        int n = diagnostics.Count(d => d.Severity == severity);
        return n == 1 ? $"1 {noun}" : $"{n} {noun}s";
    }

    public Task Publish(string uri, int? version, LspDiagnostic[] diagnostics) =>
        session.Connection?.NotifyWithParameterObjectAsync("textDocument/publishDiagnostics", new PublishDiagnosticsParams(uri, version, diagnostics)) ?? Task.CompletedTask;
}
