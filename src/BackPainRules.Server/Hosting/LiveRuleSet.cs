using System.Collections.Immutable;
using BackPainRules.Compilation;
using BackPainRules.Diagnostics;
using BackPainRules.Fhir;
using Microsoft.Extensions.Logging;

namespace BackPainRules.Server.Hosting;

/// <summary>
/// One loaded, error-free rule set, compiled, with what identifies it. Immutable: a request takes one at its
/// start and uses it to the end, whatever reloads happen meanwhile.
/// </summary>
/// <param name="RuleSet">The rule set as loaded.</param>
/// <param name="Compiled">Its compiled form.</param>
/// <param name="Identity">Its name and content-hash version.</param>
/// <param name="Files">The files it was read from, in rule-set order (imports included).</param>
/// <param name="LoadedAt">When it was loaded.</param>
public sealed record RuleSetSnapshot(RuleSet RuleSet, CompiledRuleSet Compiled, RuleSetIdentity Identity, ImmutableArray<string> Files, DateTimeOffset LoadedAt)
{
    /// <summary>The content hash (<see cref="BackPainRules.RuleSet.Version"/>).</summary>
    public string Version => Identity.Version;
}

/// <summary>
/// The rule set the server answers with, kept current with its files: a change that checks clean replaces it
/// in one reference swap; a change with errors keeps the last good one and keeps its diagnostics for
/// <c>/healthz</c> and the log.
/// </summary>
/// <remarks>
/// Invariant: <see cref="Current"/> is only ever a whole rule set that loaded without errors, and it is replaced
/// by a single volatile write, so a reader sees the old set or the new one, never a mix.
/// </remarks>
public sealed class LiveRuleSet : IDisposable
{
    private readonly IReadOnlyList<string> paths;
    private readonly ILogger log;
    private readonly TimeSpan debounce;
    private readonly List<FileSystemWatcher> watchers = new();
    private readonly Timer reloadTimer;
    private readonly object reloading = new();
    private volatile RuleSetSnapshot current;
    private volatile ReloadFailure? lastFailure;
    private int unsettledReloads;
    private const int MaxUnsettledReloads = 20;

    /// <summary>Serves <paramref name="initial"/> (loaded from <paramref name="paths"/>, clean) until its files change.</summary>
    public LiveRuleSet(IReadOnlyList<string> paths, RuleSet initial, ILogger log, TimeSpan debounce)
    {
        if (initial.HasErrors) throw new ArgumentException("The initial rule set has errors.", nameof(initial));
        this.paths = paths;
        this.log = log;
        this.debounce = debounce;
        current = Snapshot(initial);
        reloadTimer = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>The rule set to answer with now.</summary>
    public RuleSetSnapshot Current => current;

    /// <summary>Why the last reload was refused (its errors), or null when the files on disk are the ones being served.</summary>
    public ReloadFailure? LastFailure => lastFailure;

    /// <summary>Starts watching the folders of the rule files (imports stay inside them, SPEC §1). The built-in rule set has no files to watch.</summary>
    public void Watch()
    {
        var folders = paths
            .Select(p => Directory.Exists(p) ? Path.GetFullPath(p) : Path.GetDirectoryName(Path.GetFullPath(p))!)
            .Distinct(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            // Every name, not only *.rules: a rule-file volume that is swapped by a symlink (a Kubernetes ConfigMap) changes other names.
            var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size };
            watcher.Changed += (_, _) => Touched();
            watcher.Created += (_, _) => Touched();
            watcher.Deleted += (_, _) => Touched();
            watcher.Renamed += (_, _) => Touched();
            watcher.Error += (_, e) => log.LogWarning("watching {Folder} failed ({Error}); reloading to be sure", folder, e.GetException().Message);
            watcher.EnableRaisingEvents = true;
            watchers.Add(watcher);
        }
    }

    /// <summary>A file changed: reload once the files have been quiet for the debounce time, so an editor's several writes make one reload.</summary>
    private void Touched() => reloadTimer.Change(debounce, Timeout.InfiniteTimeSpan);

    /// <summary>Reads the files again and serves them if they check clean. Safe to call at any time; reloads never overlap.</summary>
    public void Reload()
    {
        try
        {
            ReloadNow();
        }
        catch (Exception e)
        {
            // Runs on a timer: an exception here would end the process. Keep serving the last good set and say why.
            lastFailure = new ReloadFailure(DateTimeOffset.UtcNow, ImmutableArray<Diagnostic>.Empty);
            log.LogError(e, "reloading the rule files failed; still serving version {Version}", current.Version);
        }
    }

    private void ReloadNow()
    {
        lock (reloading)
        {
            var started = DateTime.UtcNow;
            var loaded = RuleSet.Load(paths.ToArray());
            // A file written while it was being read would be half old, half new: wait for the writes to settle and read
            // again (up to a point, in case a file's clock runs ahead).
            if (ChangedSince(loaded, started) && unsettledReloads++ < MaxUnsettledReloads)
            {
                Touched();
                return;
            }
            unsettledReloads = 0;
            if (loaded.HasErrors)
            {
                var errors = loaded.Diagnostics.Where(d => d.IsError).ToImmutableArray();
                lastFailure = new ReloadFailure(DateTimeOffset.UtcNow, errors);
                log.LogError("rule files changed but have errors; still serving version {Version}:{NewLine}{Diagnostics}",
                    current.Version, Environment.NewLine, string.Join(Environment.NewLine, errors));
                return;
            }
            lastFailure = null;
            if (loaded.Version == current.Version) return;
            var next = Snapshot(loaded);
            current = next;
            log.LogInformation("rule set reloaded: version {Version} ({Files} files)", next.Version, next.Files.Length);
        }
    }

    private RuleSetSnapshot Snapshot(RuleSet ruleSet) => new(
        ruleSet,
        ruleSet.Compile(),
        RuleSetIdentity.Of(paths, ruleSet),
        ruleSet.Model.Sources.Files.Select(f => f.Source.Path).ToImmutableArray(),
        DateTimeOffset.UtcNow);

    /// <summary>Whether any file the rule set was read from was written after <paramref name="started"/>, i.e. while it was being read.</summary>
    private static bool ChangedSince(RuleSet loaded, DateTime started) =>
        loaded.Model.Sources.Files.Any(f => File.Exists(f.Source.Path) && File.GetLastWriteTimeUtc(f.Source.Path) >= started);

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var watcher in watchers) watcher.Dispose();
        reloadTimer.Dispose();
    }
}

/// <summary>A reload refused because the changed files have errors.</summary>
/// <param name="At">When.</param>
/// <param name="Errors">The errors, as <c>rules check</c> reports them.</param>
public sealed record ReloadFailure(DateTimeOffset At, ImmutableArray<Diagnostic> Errors);
