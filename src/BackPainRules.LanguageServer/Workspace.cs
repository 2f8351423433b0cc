using System.Collections.Concurrent;
using BackPainRules.Editing;
using BackPainRules.Loading;
using BackPainRules.Text;

namespace BackPainRules.LanguageServer;

/// <summary>
/// The documents the editor has open, put in front of the disk: imports of an open file read the
/// editor's buffer, and files that are not open are read from disk when needed. Analyses are cached
/// per document and dropped when the document, or a file its rule set includes, changes.
/// </summary>
internal sealed class Workspace : IFileSystem
{
    private readonly ConcurrentDictionary<string, (string Text, int Version)> open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DocumentAnalysis> analyses = new(StringComparer.Ordinal);
    private readonly object analysing = new();

    public string? RootFolder { get; set; }

    public IEnumerable<string> OpenDocuments => open.Keys;

    public bool IsOpen(string path) => open.ContainsKey(path);

    public int? VersionOf(string path) => open.TryGetValue(path, out var document) ? document.Version : null;

    public string TextOf(string path) => open.TryGetValue(path, out var document) ? document.Text : ReadAllText(path);

    /// <summary>Sets a document's text and returns the open documents whose analysis it invalidates (itself first).</summary>
    public IReadOnlyList<string> Update(string path, string text, int version)
    {
        open[path] = (text, version);
        return Invalidate(path);
    }

    public IReadOnlyList<string> Close(string path)
    {
        open.TryRemove(path, out _);
        var affected = Invalidate(path);
        return affected.Where(p => p != path).ToList();
    }

    private IReadOnlyList<string> Invalidate(string path)
    {
        var affected = new List<string> { path };
        foreach (var (other, analysis) in analyses)
        {
            if (other != path && analysis.IncludedFiles.Contains(path)) affected.Add(other);
        }
        // Importers read this file too: a declaration they use is not unused here.
        foreach (var other in affected) analyses.TryRemove(other, out _);
        return affected.Where(p => open.ContainsKey(p)).Distinct().ToList();
    }

    /// <summary>The analysis of a document (open or on disk), computed once per change.</summary>
    public DocumentAnalysis Analyze(string path)
    {
        if (analyses.TryGetValue(path, out var cached)) return cached;
        lock (analysing)
        {
            if (analyses.TryGetValue(path, out cached)) return cached;
            var importers = analyses.Where(a => a.Key != path && a.Value.IncludedFiles.Contains(path)).Select(a => a.Key).ToList();
            var analysis = DocumentAnalysis.Analyze(path, this, importers);
            analyses[path] = analysis;
            return analysis;
        }
    }

    /// <summary>Every <c>.rules</c> file of the workspace folder, open or not, for workspace symbols.</summary>
    public IEnumerable<string> AllRuleFiles()
    {
        var files = new HashSet<string>(open.Keys, StringComparer.Ordinal);
        if (RootFolder is not null && Directory.Exists(RootFolder))
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

    public bool FileExists(string fullPath) => open.ContainsKey(fullPath) || File.Exists(fullPath);

    public string ReadAllText(string fullPath) => open.TryGetValue(fullPath, out var document) ? document.Text : File.ReadAllText(fullPath);

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
            var source = new SourceText("", text);
            int start = Offset(source, change.Range.Start);
            int end = Math.Max(start, Offset(source, change.Range.End));
            text = text[..start] + change.Text + text[end..];
        }
        return text;
    }

    public static int Offset(SourceText source, Protocol.Position position) =>
        source.GetOffset(new LinePosition(position.Line + 1, position.Character + 1));

    public static Protocol.Position Position(SourceText source, int offset)
    {
        var position = source.GetPosition(offset);
        return new Protocol.Position(position.Line - 1, position.Column - 1);
    }

    public static Protocol.Range Range(SourceText source, TextSpan span) => new(Position(source, span.Start), Position(source, span.End));
}
