using System.Collections.Immutable;
using BackPainRules.Text;

namespace BackPainRules.Syntax;

/// <summary>Any node of the syntax tree. Every node knows the span of source it came from.</summary>
public abstract record SyntaxNode(TextSpan Span);

/// <summary>A name as written, with its span: a fact, recommendation, rule or enum value.</summary>
public sealed record NameSyntax(string Text, TextSpan Span) : SyntaxNode(Span)
{
    /// <inheritdoc/>
    public override string ToString() => Text;
}

/// <summary>A string literal; <see cref="Value"/> has its escapes resolved.</summary>
public sealed record StringLiteralSyntax(string Value, TextSpan Span) : SyntaxNode(Span);

/// <summary>A number as written (<see cref="Text"/>, with any leading minus) and its value.</summary>
public sealed record NumberLiteralSyntax(double Value, string Text, TextSpan Span) : SyntaxNode(Span);

/// <summary>A parsed rule file: its top-level items in source order, its comments and its syntax diagnostics.</summary>
public sealed record RulesFileSyntax(
    Text.SourceText Source,
    ImmutableArray<TopLevelSyntax> Items,
    ImmutableArray<Comment> Comments,
    ImmutableArray<Diagnostics.Diagnostic> Diagnostics)
{
    /// <summary>Whether the file parsed without errors.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>A top-level item: an import, a declaration, a rule, a test, or a stretch of text that did not parse.</summary>
public abstract record TopLevelSyntax(TextSpan Span) : SyntaxNode(Span);

/// <summary>
/// A stretch of source that failed to parse; its error has been reported and the parser went on after it.
/// <paramref name="Declares"/> is the name a broken declaration or named rule still declares (<c>rule NAME:</c>,
/// <c>fact NAME:</c>, <c>recommendation NAME</c>, <c>score NAME =</c>), so that its uses elsewhere are not
/// reported as undeclared: one mistake, one diagnostic.
/// </summary>
public sealed record ErrorSyntax(TextSpan Span, NameSyntax? Declares = null) : TopLevelSyntax(Span);

/// <summary><c>import "path.rules"</c></summary>
public sealed record ImportSyntax(StringLiteralSyntax Path, TextSpan Span) : TopLevelSyntax(Span);
