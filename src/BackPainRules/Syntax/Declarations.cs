using System.Collections.Immutable;
using BackPainRules.Text;

namespace BackPainRules.Syntax;

/// <summary><c>fact NAME: TYPE ["description"]</c></summary>
public sealed record FactDeclarationSyntax(NameSyntax Name, FactTypeSyntax Type, StringLiteralSyntax? Description, TextSpan Span)
    : TopLevelSyntax(Span);

/// <summary>The type part of a fact declaration.</summary>
public abstract record FactTypeSyntax(TextSpan Span) : SyntaxNode(Span);

/// <summary><c>bool</c></summary>
public sealed record BoolTypeSyntax(TextSpan Span) : FactTypeSyntax(Span);

/// <summary><c>number [LOW..HIGH]</c></summary>
public sealed record NumberTypeSyntax(RangeSyntax? Range, TextSpan Span) : FactTypeSyntax(Span);

/// <summary><c>LOW..HIGH</c>, both ends inclusive.</summary>
public sealed record RangeSyntax(NumberLiteralSyntax Low, NumberLiteralSyntax High, TextSpan Span) : SyntaxNode(Span);

/// <summary><c>one of a, b, c</c> (<see cref="IsSet"/> false) or <c>any of a, b, c</c> (true).</summary>
public sealed record EnumTypeSyntax(bool IsSet, ImmutableArray<NameSyntax> Values, TextSpan Span) : FactTypeSyntax(Span);

/// <summary>How urgent a recommendation is. Lower values sort first.</summary>
public enum Priority
{
    /// <summary>Act before anything else (red flags).</summary>
    Urgent,
    /// <summary>Important.</summary>
    High,
    /// <summary>The default.</summary>
    Normal,
    /// <summary>Nice to have.</summary>
    Low,
}

/// <summary>How each priority is written: in rule files, in results and in the editor.</summary>
public static class Priorities
{
    /// <summary>The lower-case keyword of a priority.</summary>
    public static string Keyword(Priority priority) => priority switch
    {
        Priority.Urgent => "urgent",
        Priority.High => "high",
        Priority.Normal => "normal",
        Priority.Low => "low",
    };
}

/// <summary><c>recommendation NAME ["description"] [priority P] [unless CONDITION]</c></summary>
/// <param name="Name">The recommendation's id.</param>
/// <param name="Description">The text shown to the runner, or null.</param>
/// <param name="Priority">The priority written, or null for the default (normal).</param>
/// <param name="PrioritySpan">Where the priority is written.</param>
/// <param name="Span">The whole declaration.</param>
/// <param name="Unless">The contraindication: while it is true or unknown the recommendation is withheld.</param>
public sealed record RecommendationDeclarationSyntax(
    NameSyntax Name, StringLiteralSyntax? Description, Priority? Priority, TextSpan? PrioritySpan, TextSpan Span,
    ConditionSyntax? Unless = null)
    : TopLevelSyntax(Span);

/// <summary><c>score NAME = EXPRESSION ["description"]</c>: a named number computed from facts and other scores.</summary>
public sealed record ScoreDeclarationSyntax(NameSyntax Name, ExpressionSyntax Expression, StringLiteralSyntax? Description, TextSpan Span)
    : TopLevelSyntax(Span);
