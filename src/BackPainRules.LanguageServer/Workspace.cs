using System.Collections.Concurrent;
using BackPainRules.Editing;
using BackPainRules.Loading;
using BackPainRules.Parsing;
using BackPainRules.Text;

namespace BackPainRules.LanguageServer;

/// <summary>
/// The documents the editor has open, put in front of the disk: imports of an open file read the
/// editor's buffer, and files that are not open are read from disk when needed. Analyses are cached
/// per document and dropped when the document, or a file its rule set includes, changes. An analysis
/// kept across another document's change is served again only once everything it read is checked to be
/// unchanged.
/// </summary>
internal sealed class Workspace(IFileSystem disk, bool listsFolders) : IFileSystem
{
    /// <summary>A workspace over the whole disk, as an editor on this machine has it.</summary>
    public Workspace() : this(PhysicalFileSystem.Instance, listsFolders: true) { }

    private readonly ConcurrentDictionary<string, (string Text, int Version)> open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CachedAnalysis> analyses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> uris = new(StringComparer.Ordinal);
    private readonly object analysing = new();

    // Each file's last parse, so that after an edit only the items whose text changed are parsed again.
    private readonly ParseCache parseCache = new();

    // Bumped by every change. An analysis of the current generation is served as it is; an older one only
    // after checking what it read (an analysis started before a change may also finish after it).
    private long generation;

    public string? RootFolder { get; set; }

    public bool IsOpen(string path) => open.ContainsKey(path);

    public int? VersionOf(string path) => open.TryGetValue(path, out var document) ? document.Version : null;

    public string TextOf(string path) => open.TryGetValue(path, out var document) ? document.Text : ReadAllText(path);

    /// <summary>Remembers the URI the client uses for a path (an unsaved <c>untitled:</c> buffer has no file).</summary>
    public void Remember(string path, string uri) => uris[path] = uri;

    /// <summary>The URI of a path: the one the client gave, else a <c>file:</c> URI.</summary>
    public string UriOf(string path) => uris.TryGetValue(path, out var uri) ? uri : new Uri(Path.GetFullPath(path)).AbsoluteUri;

    /// <summary>Sets a document's text and returns the open documents whose analysis it invalidates (itself first).</summary>
    public IReadOnlyList<string> Update(string path, string text, int version)
    {
        open[path] = (text, version);
        return Invalidate(path);
    }

    public IReadOnlyList<string> Close(string path)
    {
        open.TryRemove(path, out _);
        // A closed document need not keep its syntax alive; an open file importing it parses it again from disk.
        parseCache.Forget(path);
        var affected = Invalidate(path);
        return affected.Where(p => p != path).ToList();
    }

    private IReadOnlyList<string> Invalidate(string path)
    {
        Interlocked.Increment(ref generation);
        var affected = new List<string> { path };
        foreach (var (other, entry) in analyses)
        {
            if (other == path) continue;
            // Files importing this one read it; files it imports have their unused warnings decided with it.
            bool imports = entry.Analysis.IncludedFiles.Contains(path);
            bool importedBy = analyses.TryGetValue(path, out var own) && own.Analysis.IncludedFiles.Contains(other);
            if (imports || importedBy) affected.Add(other);
        }
        foreach (var other in affected) analyses.TryRemove(other, out _);
        return affected.Where(p => open.ContainsKey(p)).Distinct().ToList();
    }

    /// <summary>Open documents that <paramref name="path"/>'s rule set includes (not itself): their unused warnings depend on it.</summary>
    public IReadOnlyList<string> OpenFilesIncludedBy(DocumentAnalysis analysis) =>
        analysis.IncludedFiles.Where(f => f != analysis.Path && open.ContainsKey(f)).ToList();

    /// <summary>The analysis of a document (open or on disk), computed again only when something it read, or who imports it, changed.</summary>
    public DocumentAnalysis Analyze(string path)
    {
        long current = Interlocked.Read(ref generation);
        if (analyses.TryGetValue(path, out var cached) && cached.Generation == current) return cached.Analysis;
        lock (analysing)
        {
            current = Interlocked.Read(ref generation);
            if (analyses.TryGetValue(path, out cached) && cached.Generation == current) return cached.Analysis;
            // Open documents that import this one count as its importers (their uses are uses).
            var importers = open.Keys.Where(other => other != path && ImportsFile(other, path)).Order(StringComparer.Ordinal).ToList();
            // A change to another document bumps the generation too; when it touched nothing this analysis
            // read, the analysis (a function of its path, importers and what it read) is still the one.
            if (cached is not null && cached.Importers.SequenceEqual(importers) && cached.Inputs.StillRead(this))
            {
                analyses.TryUpdate(path, cached with { Generation = current }, cached);
                return cached.Analysis;
            }
            var inputs = new RecordingFileSystem(this);
            var analysis = DocumentAnalysis.Analyze(path, inputs, importers, parseCache);
            if (Interlocked.Read(ref generation) == current) analyses[path] = new CachedAnalysis(analysis, current, importers, inputs);
            return analysis;
        }
    }

    /// <summary>An analysis, the generation it was last known current in, and what it was made from.</summary>
    private sealed record CachedAnalysis(DocumentAnalysis Analysis, long Generation, IReadOnlyList<string> Importers, RecordingFileSystem Inputs);

    /// <summary>
    /// The workspace as one analysis sees it, remembering every answer it gave: the analysis depends on nothing
    /// else, so if the workspace would give the same answers now, the analysis would come out the same.
    /// </summary>
    private sealed class RecordingFileSystem(Workspace workspace) : IFileSystem
    {
        private readonly List<(string Path, bool Exists)> existence = new();
        private readonly List<(string Path, string? Text)> reads = new();

        public bool FileExists(string fullPath)
        {
            bool exists = workspace.FileExists(fullPath);
            existence.Add((fullPath, exists));
            return exists;
        }

        public string ReadAllText(string fullPath)
        {
            try
            {
                string text = workspace.ReadAllText(fullPath);
                reads.Add((fullPath, text));
                return text;
            }
            catch
            {
                // The loader reports the failure with its message; rather than compare messages, never reuse such an analysis.
                reads.Add((fullPath, null));
                throw;
            }
        }

        /// <summary>Whether the workspace gives the same answers now (a file not open is read from disk again).</summary>
        public bool StillRead(Workspace current)
        {
            foreach (var (path, exists) in existence)
            {
                if (current.FileExists(path) != exists) return false;
            }
            foreach (var (path, text) in reads)
            {
                if (text is null) return false;
                try
                {
                    string now = current.ReadAllText(path);
                    if (!ReferenceEquals(now, text) && now != text) return false;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
                {
                    return false;
                }
            }
            return true;
        }
    }

    /// <summary>Whether an open document's rule set includes <paramref name="path"/>, from its last analysis or a fresh one.</summary>
    private bool ImportsFile(string document, string path)
    {
        if (analyses.TryGetValue(document, out var entry)) return entry.Analysis.IncludedFiles.Contains(path);
        var sources = Loading.RuleSetLoader.Load(new[] { new Loading.RootFile(document) }, this, parseCache);
        return sources.Files.Any(f => f.Source.Path == path);
    }

    /// <summary>The analyses of every open document (computed as needed), for features that span files.</summary>
    public IEnumerable<DocumentAnalysis> OpenAnalyses() => open.Keys.ToList().Select(Analyze);

    /// <summary>Every <c>.rules</c> file of the workspace folder, open or not, for workspace symbols.</summary>
    public IEnumerable<string> AllRuleFiles()
    {
        var files = new HashSet<string>(open.Keys, StringComparer.Ordinal);
        // A sandboxed workspace (the playground) lists no folder: the client names its root, not the server.
        if (listsFolders && RootFolder is not null && Directory.Exists(RootFolder))
        {
            try
            {
                foreach (var file in Directory.EnumerateFiles(RootFolder, "*.rules", SearchOption.AllDirectories)) files.Add(Path.GetFullPath(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A folder we cannot list contributes nothing; open documents still count.
            }
        }
        return files.Order(StringComparer.Ordinal);
    }

    public bool FileExists(string fullPath) => open.ContainsKey(fullPath) || disk.FileExists(fullPath);

    public string ReadAllText(string fullPath) => open.TryGetValue(fullPath, out var document) ? document.Text : disk.ReadAllText(fullPath);

    /// <summary>Applies LSP content changes (full or incremental) to a text.</summary>
    public static string Apply(string text, Protocol.TextDocumentContentChangeEvent[] changes)
    {
        foreach (var change in changes)
        {
            if (change.Range is null)
            {
                text = change.Text;
                continue;
            }
            // SourceText drops a byte-order mark; offsets into the stored text are one further on.
            var source = new SourceText("", text);
            int bom = text.Length - source.Text.Length;
            int start = Conversions.Offset(source, change.Range.Start) + bom;
            int end = Math.Max(start, Conversions.Offset(source, change.Range.End) + bom);
            text = text[..start] + change.Text + text[end..];
        }
        return text;
    }
}
