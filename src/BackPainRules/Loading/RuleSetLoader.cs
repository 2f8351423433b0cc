using System.Collections.Immutable;
using BackPainRules.Diagnostics;
using BackPainRules.Parsing;
using BackPainRules.Syntax;
using BackPainRules.Text;

namespace BackPainRules.Loading;

/// <summary>A file to load as a root of a rule set.</summary>
/// <param name="Path">The path as it should appear in messages (relative paths stay relative).</param>
/// <param name="ImportRoot">The folder imports may not leave; by default the folder of <paramref name="Path"/>.</param>
/// <param name="Text">The file's text when it is already in memory; otherwise it is read from the file system.</param>
public sealed record RootFile(string Path, string? ImportRoot = null, string? Text = null);

/// <summary>
/// Reads root files and everything they import, following SPEC §1: imports are relative to the
/// importing file, confined to the root's folder, each file is loaded once, and missing files,
/// escapes and cycles are errors at the <c>import</c>.
/// </summary>
public sealed class RuleSetLoader
{
    private readonly IFileSystem fileSystem;
    private readonly ParseCache? parseCache;
    private readonly Dictionary<string, RulesFileSyntax> parsed = new(StringComparer.Ordinal);
    private readonly List<Diagnostic> diagnostics = new();
    private readonly List<SourceItem> items = new();
    private readonly List<RulesFileSyntax> files = new();
    private readonly HashSet<string> loaded = new(StringComparer.Ordinal);
    private readonly List<string> importStack = new();

    private RuleSetLoader(IFileSystem fileSystem, ParseCache? parseCache)
    {
        this.fileSystem = fileSystem;
        this.parseCache = parseCache;
    }

    /// <summary>
    /// Loads a rule set from one or more roots. With a <paramref name="parseCache"/> (an editor's, say), each
    /// file is parsed through it by its full path, so only what changed since the last load is parsed again.
    /// </summary>
    public static RuleSetSources Load(IEnumerable<RootFile> roots, IFileSystem? fileSystem = null, ParseCache? parseCache = null)
    {
        var loader = new RuleSetLoader(fileSystem ?? PhysicalFileSystem.Instance, parseCache);
        foreach (var root in roots)
        {
            loader.LoadRoot(root);
        }
        return new RuleSetSources(loader.files.ToImmutableArray(), loader.items.ToImmutableArray(), loader.diagnostics.ToImmutableArray());
    }

    /// <summary>
    /// The <c>.rules</c> files a command-line PATH names: the file itself, or every <c>.rules</c> file below a
    /// folder in ordinal order of their paths, each path written the same way however it was given.
    /// </summary>
    public static IReadOnlyList<RootFile> ExpandPath(string path)
    {
        // Each file's imports are confined to its own folder (SPEC §1), however the file was named.
        if (Directory.Exists(path))
        {
            return Directory.EnumerateFiles(path, "*.rules", SearchOption.AllDirectories)
                .Select(NormalizeDisplayPath)
                .Order(StringComparer.Ordinal)
                .Select(p => new RootFile(p))
                .ToList();
        }
        return new[] { new RootFile(NormalizeDisplayPath(path)) };
    }

    private void LoadRoot(RootFile root)
    {
        string fullPath = Path.GetFullPath(root.Path);
        if (loaded.Contains(fullPath)) return;
        string importRoot = Path.GetFullPath(root.ImportRoot ?? Path.GetDirectoryName(fullPath) ?? ".");
        RulesFileSyntax? file = root.Text is null ? Read(fullPath, root.Path, null) : ParseText(fullPath, root.Path, root.Text);
        if (file is null) return;
        Include(file, fullPath, importRoot);
    }

    private void Include(RulesFileSyntax file, string fullPath, string importRoot)
    {
        loaded.Add(fullPath);
        files.Add(file);
        diagnostics.AddRange(file.Diagnostics);
        importStack.Add(fullPath);
        foreach (var item in file.Items)
        {
            items.Add(new SourceItem(item, file.Source));
            if (item is ImportSyntax import) Import(file.Source, import, importRoot);
        }
        importStack.RemoveAt(importStack.Count - 1);
    }

    private void Import(SourceText importer, ImportSyntax import, string importRoot)
    {
        string relative = import.Path.Value;
        var at = SourceLocation.Of(importer, import.Span);
        // A path no file system accepts (a NUL, say) is reported, not thrown (found by fuzzing).
        if (relative.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || relative.Contains('\0'))
        {
            diagnostics.Add(DiagnosticCatalogue.ImportNotFound(at, Printable(relative)));
            return;
        }
        if (relative.Length == 0 || Path.IsPathRooted(relative) || relative.StartsWith('/') || relative.StartsWith('\\'))
        {
            diagnostics.Add(DiagnosticCatalogue.ImportEscapes(at, relative));
            return;
        }
        string importerFull = Path.GetFullPath(importer.Path);
        string fullPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(importerFull)!, relative));
        string rootWithSeparator = importRoot.EndsWith(Path.DirectorySeparatorChar) ? importRoot : importRoot + Path.DirectorySeparatorChar;
        if (!fullPath.StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            diagnostics.Add(DiagnosticCatalogue.ImportEscapes(at, relative));
            return;
        }
        if (importStack.Contains(fullPath))
        {
            var chain = importStack.SkipWhile(p => p != fullPath).Append(fullPath).Select(p => Path.GetFileName(p));
            diagnostics.Add(DiagnosticCatalogue.ImportCycle(at, chain));
            return;
        }
        if (loaded.Contains(fullPath)) return;

        string displayPath = NormalizeDisplayPath(Path.Combine(Path.GetDirectoryName(importer.Path) ?? "", relative));
        if (!fileSystem.FileExists(fullPath))
        {
            diagnostics.Add(DiagnosticCatalogue.ImportNotFound(at, relative));
            return;
        }
        var file = Read(fullPath, displayPath, at);
        if (file is not null) Include(file, fullPath, importRoot);
    }

    private RulesFileSyntax? Read(string fullPath, string displayPath, SourceLocation? importAt)
    {
        if (parsed.TryGetValue(fullPath, out var cached)) return cached;
        string text;
        try
        {
            text = fileSystem.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            diagnostics.Add(importAt is null
                ? DiagnosticCatalogue.UnreadableFile(SourceLocation.At(displayPath, 1, 1), e)
                : DiagnosticCatalogue.ImportUnreadable(importAt, displayPath, e));
            return null;
        }
        return ParseText(fullPath, displayPath, text);
    }

    private RulesFileSyntax ParseText(string fullPath, string displayPath, string text)
    {
        var source = new SourceText(displayPath, text);
        var file = parseCache is null ? RulesParser.Parse(source) : parseCache.Parse(fullPath, source);
        parsed[fullPath] = file;
        return file;
    }

    private static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    /// <summary>Shows paths with forward slashes and without a leading <c>./</c>, the same on every OS.</summary>
    internal static string NormalizeDisplayPath(string path)
    {
        string normalized = path.Replace('\\', '/');
        var parts = new List<string>();
        foreach (var part in normalized.Split('/'))
        {
            if (part == "." && parts.Count > 0) continue;
            if (part == "." ) continue;
            if (part == ".." && parts.Count > 0 && parts[^1] != "..") { parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        string result = string.Join('/', parts);
        return result.Length == 0 ? "." : result;
    }
}
