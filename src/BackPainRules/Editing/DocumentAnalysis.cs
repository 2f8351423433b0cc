using System.Collections.Immutable;
using BackPainRules.Diagnostics;
using BackPainRules.Loading;
using BackPainRules.Parsing;
using BackPainRules.Semantics;
using BackPainRules.Syntax;
using BackPainRules.Text;

namespace BackPainRules.Editing;

/// <summary>
/// One open document as an editor sees it: its syntax, the rule set it roots (itself and what it
/// imports, read through the editor's buffers), and its diagnostics exactly as <c>rules check</c> would
/// print them for this file. Every editor feature starts from one of these.
/// </summary>
public sealed class DocumentAnalysis
{
    private DocumentAnalysis(string path, RulesFileSyntax syntax, RuleSetModel model, ImmutableArray<Diagnostic> diagnostics)
    {
        Path = path;
        Syntax = syntax;
        Model = model;
        Diagnostics = diagnostics;
    }

    /// <summary>The document's full path.</summary>
    public string Path { get; }

    /// <summary>The document's text.</summary>
    public SourceText Source => Syntax.Source;

    /// <summary>The document's syntax.</summary>
    public RulesFileSyntax Syntax { get; }

    /// <summary>The rule set the document roots: itself and everything it imports.</summary>
    public RuleSetModel Model { get; }

    /// <summary>The diagnostics located in this document.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>
    /// Analyses a document. <paramref name="importers"/> are other files of the workspace that import it;
    /// they are checked too, so a declaration they use is not reported unused here. An editor passes its
    /// <paramref name="parseCache"/> so that after an edit only the items that changed are parsed again.
    /// </summary>
    public static DocumentAnalysis Analyze(string path, IFileSystem fileSystem, IEnumerable<string>? importers = null, ParseCache? parseCache = null)
    {
        var model = Binder.Bind(RuleSetLoader.Load(new[] { new RootFile(path) }, fileSystem, parseCache));
        var models = new List<RuleSetModel> { model };
        foreach (var importer in importers ?? Array.Empty<string>())
        {
            models.Add(Binder.Bind(RuleSetLoader.Load(new[] { new RootFile(importer) }, fileSystem, parseCache)));
        }
        var diagnostics = Checker.Merge(models).Where(d => d.Location.Path == path).ToImmutableArray();
        var syntax = model.Sources.Files.FirstOrDefault(f => f.Source.Path == path) ?? RulesParser.Parse("", path);
        return new DocumentAnalysis(path, syntax, model, diagnostics);
    }

    /// <summary>The full paths of every file this document's rule set includes (itself first).</summary>
    public IEnumerable<string> IncludedFiles => Model.Sources.Files.Select(f => f.Source.Path);

    /// <summary>The mention of a symbol in this document at (or just before) <paramref name="offset"/>.</summary>
    public SymbolReference? ReferenceAt(int offset) =>
        Model.References.FirstOrDefault(r => r.Source.Path == Path && r.Span.Touches(offset));

    /// <summary>Every mention of <paramref name="symbol"/> in the rule set, declaration included.</summary>
    public IEnumerable<SymbolReference> ReferencesTo(Symbol symbol) =>
        Model.References.Where(r => ReferenceEquals(r.Symbol, symbol)).DistinctBy(r => (r.Source.Path, r.Span));
}
