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

    /// <summary>Every mention of the symbol at <paramref name="offset"/>, in every file of the rule set.</summary>
    public static IReadOnlyList<SourceLocation> References(DocumentAnalysis document, int offset, bool includeDeclaration)
    {
        if (document.ReferenceAt(offset) is not { } at) return Array.Empty<SourceLocation>();
        return document.ReferencesTo(at.Symbol)
            .Where(r => includeDeclaration || !r.IsDeclaration)
            .Select(r => SourceLocation.Of(r.Source, r.Span))
            .ToList();
    }

    /// <summary>
    /// The edits that rename the symbol at <paramref name="offset"/>, or why it cannot be renamed:
    /// the new name must be a valid name, not a reserved word, and not clash with another declaration.
    /// </summary>
    public static (ImmutableArray<TextEdit> Edits, string? Error) Rename(DocumentAnalysis document, int offset, string newName)
    {
        if (document.ReferenceAt(offset) is not { } at) return (ImmutableArray<TextEdit>.Empty, "There is no fact, recommendation, rule or value here to rename.");
        if (!DiagnosticCatalogue.IsValidName(newName)) return (ImmutableArray<TextEdit>.Empty, $"'{newName}' is not a valid name: use lower-case letters, digits and '_', starting with a letter.");
        if (Syntax.Keywords.Reserved.Contains(newName)) return (ImmutableArray<TextEdit>.Empty, $"'{newName}' is a reserved word of the language.");
        var symbol = at.Symbol;
        if (symbol is RuleSymbol { IsNamed: false }) return (ImmutableArray<TextEdit>.Empty, "An unnamed rule has no name to rename.");
        bool clash = symbol is EnumValueSymbol value
            ? value.Fact.Values.Contains(newName) && newName != value.Name
            : document.Model.Lookup(newName) is { } existing && !ReferenceEquals(existing, symbol);
        if (clash) return (ImmutableArray<TextEdit>.Empty, $"'{newName}' is already declared.");
        var edits = document.ReferencesTo(symbol).Select(r => new TextEdit(r.Source.Path, r.Span, newName)).ToImmutableArray();
        return (edits, null);
    }
}
