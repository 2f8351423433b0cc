using System.Collections.Immutable;
using BackPainRules.Diagnostics;
using BackPainRules.Semantics;
using BackPainRules.Text;

namespace BackPainRules.Editing;

/// <summary>A replacement of one span of one file.</summary>
public sealed record TextEdit(string Path, TextSpan Span, string NewText);

/// <summary>Go to definition, find references and rename.</summary>
public static class Navigation
{
    /// <summary>Where the symbol at <paramref name="offset"/> is declared.</summary>
    public static SourceLocation? Definition(DocumentAnalysis document, int offset) =>
        document.ReferenceAt(offset)?.Symbol.Location;

    /// <summary>
    /// Every mention of the symbol at <paramref name="offset"/>, in every file of the rule set and of the
    /// <paramref name="others"/> (other open documents, whose rule sets may import this one).
    /// </summary>
    public static IReadOnlyList<SourceLocation> References(
        DocumentAnalysis document, int offset, bool includeDeclaration, IReadOnlyList<DocumentAnalysis>? others = null)
    {
        if (document.ReferenceAt(offset) is not { } at) return Array.Empty<SourceLocation>();
        return Mentions(document, at.Symbol, others)
            .Where(r => includeDeclaration || !r.IsDeclaration)
            .Select(r => SourceLocation.Of(r.Source, r.Span))
            .ToList();
    }

    /// <summary>
    /// The mentions of a symbol across several rule sets. Each rule set binds its own symbols, so the same
    /// declaration is recognised by where it is declared.
    /// </summary>
    private static IEnumerable<SymbolReference> Mentions(DocumentAnalysis document, Symbol symbol, IReadOnlyList<DocumentAnalysis>? others)
    {
        var declaredAt = (symbol.Location.Path, symbol.Location.Span, symbol.KindName);
        return new[] { document }.Concat(others ?? Array.Empty<DocumentAnalysis>())
            .SelectMany(a => a.Model.References)
            .Where(r => (r.Symbol.Location.Path, r.Symbol.Location.Span, r.Symbol.KindName) == declaredAt)
            .DistinctBy(r => (r.Source.Path, r.Span));
    }

    /// <summary>
    /// The edits that rename the symbol at <paramref name="offset"/>, or why it cannot be renamed:
    /// the new name must be a valid name, not a reserved word, and not clash with another declaration.
    /// </summary>
    public static (ImmutableArray<TextEdit> Edits, string? Error) Rename(
        DocumentAnalysis document, int offset, string newName, IReadOnlyList<DocumentAnalysis>? others = null)
    {
        if (document.ReferenceAt(offset) is not { } at) return (ImmutableArray<TextEdit>.Empty, "There is no fact, recommendation, rule or value here to rename.");
        if (!Syntax.Names.IsValid(newName)) return (ImmutableArray<TextEdit>.Empty, $"'{newName}' is not a valid name: use lower-case letters, digits and '_', starting with a letter.");
        if (Syntax.Names.IsReserved(newName)) return (ImmutableArray<TextEdit>.Empty, $"'{newName}' is a reserved word of the language.");
        var symbol = at.Symbol;
        if (symbol is RuleSymbol { IsNamed: false }) return (ImmutableArray<TextEdit>.Empty, "An unnamed rule has no name to rename.");
        var mentions = Mentions(document, symbol, others).ToList();
        // A clash in any rule set that mentions the symbol would break that rule set.
        var affected = new[] { document }.Concat(others ?? Array.Empty<DocumentAnalysis>())
            .Where(a => a == document || mentions.Any(m => a.Model.References.Contains(m)));
        bool clash = symbol is EnumValueSymbol value
            ? value.Fact.Values.Contains(newName) && newName != value.Name
            : affected.Any(a => a.Model.Lookup(newName) is { } existing && existing.Name != symbol.Name);
        if (clash) return (ImmutableArray<TextEdit>.Empty, $"'{newName}' is already declared.");
        var edits = mentions.Select(r => new TextEdit(r.Source.Path, r.Span, newName)).ToImmutableArray();
        return (edits, null);
    }
}
