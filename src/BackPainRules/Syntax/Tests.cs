using System.Collections.Immutable;
using BackPainRules.Text;

namespace BackPainRules.Syntax;

/// <summary><c>test "name": given ... expect ...</c></summary>
public sealed record TestSyntax(
    StringLiteralSyntax Name,
    ImmutableArray<GivenSyntax> Given,
    ImmutableArray<ExpectSyntax> Expectations,
    TextSpan Span) : TopLevelSyntax(Span);

/// <summary>The forms a <c>given</c> item takes.</summary>
public enum GivenKind
{
    /// <summary><c>NAME</c>: the bool fact is true.</summary>
    True,
    /// <summary><c>not NAME</c>: the bool fact is false.</summary>
    False,
    /// <summary><c>NAME = NUMBER</c></summary>
    Number,
    /// <summary><c>NAME is VALUE</c></summary>
    Is,
    /// <summary><c>NAME has VALUE</c></summary>
    Has,
}

/// <summary>One fact of a test's <c>given</c> list.</summary>
public sealed record GivenSyntax(GivenKind Kind, NameSyntax Fact, NumberLiteralSyntax? Number, NameSyntax? Value, TextSpan Span)
    : SyntaxNode(Span);

/// <summary>What an expectation looks at.</summary>
public enum ExpectKind
{
    /// <summary><c>recommend</c></summary>
    Recommend,
    /// <summary><c>avoid</c></summary>
    Avoid,
    /// <summary><c>conclude</c></summary>
    Conclude,
    /// <summary><c>fires</c></summary>
    Fires,
    /// <summary><c>undetermined</c></summary>
    Undetermined,
    /// <summary><c>withheld</c></summary>
    Withheld,
    /// <summary><c>score NAME = NUMBER</c> or <c>score NAME unknown</c></summary>
    Score,
}

/// <summary>
/// <c>expect [not] recommend|avoid|conclude|fires|withheld ID, ...</c>,
/// <c>expect [not] undetermined RULE [missing FACT, ...]</c>, or
/// <c>expect score NAME = NUMBER</c> / <c>expect score NAME unknown</c>.
/// </summary>
/// <param name="Negated">Whether <c>not</c> is written.</param>
/// <param name="Kind">What the expectation looks at.</param>
/// <param name="Targets">The names listed.</param>
/// <param name="Missing">For <c>undetermined ... missing</c>: the facts listed.</param>
/// <param name="Span">The whole expectation.</param>
/// <param name="Value">For <c>expect score</c>: the number expected, or null for <c>unknown</c>.</param>
public sealed record ExpectSyntax(
    bool Negated,
    ExpectKind Kind,
    ImmutableArray<NameSyntax> Targets,
    ImmutableArray<NameSyntax>? Missing,
    TextSpan Span,
    NumberLiteralSyntax? Value = null) : SyntaxNode(Span);
