using System.Collections.Immutable;
using BackPainRules.Text;

namespace BackPainRules.Syntax;

/// <summary>
/// <c>[rule NAME:] if CONDITION then ACTION {and ACTION} [because "..."]</c>.
/// <see cref="IfSpan"/> is kept because an unnamed rule is known by the line of its <c>if</c>.
/// </summary>
public sealed record RuleSyntax(
    NameSyntax? Name,
    TextSpan IfSpan,
    ConditionSyntax Condition,
    ImmutableArray<RuleActionSyntax> Actions,
    StringLiteralSyntax? Because,
    TextSpan Span) : TopLevelSyntax(Span);

/// <summary>What an action does.</summary>
public enum ActionKind
{
    /// <summary><c>recommend</c></summary>
    Recommend,
    /// <summary><c>avoid</c></summary>
    Avoid,
    /// <summary><c>conclude</c></summary>
    Conclude,
}

/// <summary><c>recommend a, b</c>, <c>avoid a</c> or <c>conclude a</c>.</summary>
public sealed record RuleActionSyntax(ActionKind Kind, ImmutableArray<NameSyntax> Targets, TextSpan Span) : SyntaxNode(Span);
