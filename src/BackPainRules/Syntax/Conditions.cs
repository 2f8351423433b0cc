using System.Collections.Immutable;
using BackPainRules.Text;

namespace BackPainRules.Syntax;

/// <summary>A condition: something true, false or unknown for a profile.</summary>
public abstract record ConditionSyntax(TextSpan Span) : SyntaxNode(Span);

/// <summary><c>A or B or ...</c>, kept as one flat list so long chains need no deep recursion.</summary>
public sealed record OrConditionSyntax(ImmutableArray<ConditionSyntax> Operands, TextSpan Span) : ConditionSyntax(Span);

/// <summary><c>A and B and ...</c>, kept as one flat list so long chains need no deep recursion.</summary>
public sealed record AndConditionSyntax(ImmutableArray<ConditionSyntax> Operands, TextSpan Span) : ConditionSyntax(Span);

/// <summary><c>not OPERAND</c></summary>
public sealed record NotConditionSyntax(ConditionSyntax Operand, TextSpan Span) : ConditionSyntax(Span);

/// <summary><c>( INNER )</c></summary>
public sealed record ParenthesizedConditionSyntax(ConditionSyntax Inner, TextSpan Span) : ConditionSyntax(Span);

/// <summary><c>true</c> or <c>false</c></summary>
public sealed record LiteralConditionSyntax(bool Value, TextSpan Span) : ConditionSyntax(Span);

/// <summary>A bool fact used as a condition.</summary>
public sealed record FactConditionSyntax(NameSyntax Fact, TextSpan Span) : ConditionSyntax(Span);

/// <summary><c>known FACT</c></summary>
public sealed record KnownConditionSyntax(NameSyntax Fact, TextSpan Span) : ConditionSyntax(Span);

/// <summary>A comparison operator.</summary>
public enum ComparisonOperator
{
    /// <summary><c>&lt;</c></summary>
    Less,
    /// <summary><c>&lt;=</c></summary>
    LessOrEqual,
    /// <summary><c>&gt;</c></summary>
    Greater,
    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual,
    /// <summary><c>=</c></summary>
    Equal,
    /// <summary><c>!=</c></summary>
    NotEqual,
}

/// <summary><c>LEFT op RIGHT</c> over numeric expressions.</summary>
public sealed record ComparisonConditionSyntax(ExpressionSyntax Left, ComparisonOperator Operator, ExpressionSyntax Right, TextSpan Span)
    : ConditionSyntax(Span);

/// <summary><c>FACT is VALUE</c> or <c>FACT is not VALUE</c></summary>
public sealed record IsConditionSyntax(NameSyntax Fact, bool Negated, NameSyntax Value, TextSpan Span) : ConditionSyntax(Span);

/// <summary><c>FACT in (VALUE, ...)</c></summary>
public sealed record InConditionSyntax(NameSyntax Fact, ImmutableArray<NameSyntax> Values, TextSpan Span) : ConditionSyntax(Span);

/// <summary><c>FACT has VALUE</c> or <c>FACT has not VALUE</c></summary>
public sealed record HasConditionSyntax(NameSyntax Fact, bool Negated, NameSyntax Value, TextSpan Span) : ConditionSyntax(Span);

/// <summary>An arithmetic expression.</summary>
public abstract record ExpressionSyntax(TextSpan Span) : SyntaxNode(Span);

/// <summary>A number literal.</summary>
public sealed record NumberExpressionSyntax(NumberLiteralSyntax Literal) : ExpressionSyntax(Literal.Span);

/// <summary>A number fact or a score, by name.</summary>
public sealed record FactExpressionSyntax(NameSyntax Fact) : ExpressionSyntax(Fact.Span);

/// <summary><c>- OPERAND</c></summary>
public sealed record NegateExpressionSyntax(ExpressionSyntax Operand, TextSpan Span) : ExpressionSyntax(Span);

/// <summary>An arithmetic operator.</summary>
public enum ArithmeticOperator
{
    /// <summary><c>+</c></summary>
    Add,
    /// <summary><c>-</c></summary>
    Subtract,
    /// <summary><c>*</c></summary>
    Multiply,
    /// <summary><c>/</c></summary>
    Divide,
}

/// <summary><c>LEFT op RIGHT</c></summary>
public sealed record BinaryExpressionSyntax(ExpressionSyntax Left, ArithmeticOperator Operator, ExpressionSyntax Right, TextSpan Span)
    : ExpressionSyntax(Span);

/// <summary><c>count of (CONDITION, ...)</c>: how many of the conditions are true.</summary>
public sealed record CountExpressionSyntax(ImmutableArray<ConditionSyntax> Conditions, TextSpan Span) : ExpressionSyntax(Span);

/// <summary><c>( INNER )</c></summary>
public sealed record ParenthesizedExpressionSyntax(ExpressionSyntax Inner, TextSpan Span) : ExpressionSyntax(Span);
