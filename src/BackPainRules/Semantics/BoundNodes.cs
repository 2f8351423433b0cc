using System.Collections.Immutable;
using BackPainRules.Syntax;

namespace BackPainRules.Semantics;

/// <summary>A condition with its names resolved to symbols. Parentheses are gone; the syntax is kept for ranges.</summary>
public abstract record BoundCondition(SyntaxNode Syntax);

/// <summary>All operands true.</summary>
public sealed record BoundAnd(ImmutableArray<BoundCondition> Operands, SyntaxNode Syntax) : BoundCondition(Syntax);

/// <summary>Any operand true.</summary>
public sealed record BoundOr(ImmutableArray<BoundCondition> Operands, SyntaxNode Syntax) : BoundCondition(Syntax);

/// <summary>Negation.</summary>
public sealed record BoundNot(BoundCondition Operand, SyntaxNode Syntax) : BoundCondition(Syntax);

/// <summary><c>true</c> or <c>false</c>.</summary>
public sealed record BoundLiteral(bool Value, SyntaxNode Syntax) : BoundCondition(Syntax);

/// <summary>A bool fact.</summary>
public sealed record BoundFact(FactSymbol Fact, SyntaxNode Syntax) : BoundCondition(Syntax);

/// <summary><c>known FACT</c>.</summary>
public sealed record BoundKnown(FactSymbol Fact, SyntaxNode Syntax) : BoundCondition(Syntax);

/// <summary><c>known SCORE</c>: true when the score's value is a single number.</summary>
public sealed record BoundKnownScore(ScoreSymbol Score, SyntaxNode Syntax) : BoundCondition(Syntax);

/// <summary>A comparison of two numeric expressions.</summary>
public sealed record BoundComparison(BoundExpression Left, ComparisonOperator Operator, BoundExpression Right, SyntaxNode Syntax)
    : BoundCondition(Syntax);

/// <summary>
/// <c>FACT is V</c>, <c>FACT is not V</c> and <c>FACT in (...)</c> on a <c>one of</c> fact: true when the
/// fact's value is in <see cref="Values"/> (a bit per value index); <c>is not</c> is bound as a negation.
/// </summary>
public sealed record BoundIn(FactSymbol Fact, ulong Values, SyntaxNode Syntax) : BoundCondition(Syntax);

/// <summary><c>FACT has V</c> on an <c>any of</c> fact; <c>has not</c> is bound as a negation.</summary>
public sealed record BoundHas(FactSymbol Fact, int Value, SyntaxNode Syntax) : BoundCondition(Syntax);

/// <summary>A condition that could not be bound; its error is already reported.</summary>
public sealed record BoundError(SyntaxNode Syntax) : BoundCondition(Syntax);

/// <summary>A numeric expression with its names resolved.</summary>
public abstract record BoundExpression(SyntaxNode Syntax);

/// <summary>A number literal.</summary>
public sealed record BoundNumber(double Value, SyntaxNode Syntax) : BoundExpression(Syntax);

/// <summary>A number fact's value.</summary>
public sealed record BoundFactValue(FactSymbol Fact, SyntaxNode Syntax) : BoundExpression(Syntax);

/// <summary>A score's value.</summary>
public sealed record BoundScoreValue(ScoreSymbol Score, SyntaxNode Syntax) : BoundExpression(Syntax);

/// <summary><c>count of (CONDITION, ...)</c>: how many of the conditions are true.</summary>
public sealed record BoundCount(ImmutableArray<BoundCondition> Conditions, SyntaxNode Syntax) : BoundExpression(Syntax);

/// <summary>Unary minus.</summary>
public sealed record BoundNegate(BoundExpression Operand, SyntaxNode Syntax) : BoundExpression(Syntax);

/// <summary>
/// A left-to-right chain of arithmetic: <c>First op1 x1 op2 x2 ...</c>. A long sum such as
/// <c>a + b + c + ...</c> parses as a left-deep tree; binding it as one flat chain keeps every later
/// walk (evaluation, checks) free of recursion as deep as the sum is long.
/// </summary>
public sealed record BoundChain(BoundExpression First, ImmutableArray<(ArithmeticOperator Operator, BoundExpression Operand)> Rest, SyntaxNode Syntax)
    : BoundExpression(Syntax);

/// <summary>An expression that could not be bound; its error is already reported.</summary>
public sealed record BoundExpressionError(SyntaxNode Syntax) : BoundExpression(Syntax);

/// <summary>Walks bound trees.</summary>
public static class BoundTree
{
    /// <summary>The parts of an <c>and</c>, an <c>or</c> or a <c>not</c>, in order; none for an atom.</summary>
    public static IReadOnlyList<BoundCondition> Operands(BoundCondition condition) => condition switch
    {
        BoundAnd a => a.Operands,
        BoundOr o => o.Operands,
        BoundNot n => [n.Operand],
        BoundLiteral or BoundFact or BoundKnown or BoundKnownScore or BoundIn or BoundHas or BoundComparison or BoundError => [],
        _ => throw Unhandled(condition),
    };

    /// <summary>
    /// Every fact a condition reads itself, in order of appearance, with repeats: inside <c>count of</c> too,
    /// but not through a score (a score is read as a whole; see <see cref="ScoresRead(BoundCondition)"/>).
    /// </summary>
    public static IEnumerable<FactSymbol> FactsRead(BoundCondition condition) => condition switch
    {
        BoundAnd a => a.Operands.SelectMany(FactsRead),
        BoundOr o => o.Operands.SelectMany(FactsRead),
        BoundNot n => FactsRead(n.Operand),
        BoundFact f => new[] { f.Fact },
        BoundKnown k => new[] { k.Fact },
        BoundIn i => new[] { i.Fact },
        BoundHas h => new[] { h.Fact },
        BoundComparison c => FactsRead(c.Left).Concat(FactsRead(c.Right)),
        BoundLiteral or BoundKnownScore or BoundError => Array.Empty<FactSymbol>(),
        _ => throw Unhandled(condition),
    };

    /// <summary>Every score a condition reads itself (not through other scores), with repeats.</summary>
    public static IEnumerable<ScoreSymbol> ScoresRead(BoundCondition condition) => condition switch
    {
        BoundAnd a => a.Operands.SelectMany(ScoresRead),
        BoundOr o => o.Operands.SelectMany(ScoresRead),
        BoundNot n => ScoresRead(n.Operand),
        BoundKnownScore k => new[] { k.Score },
        BoundComparison c => ScoresRead(c.Left).Concat(ScoresRead(c.Right)),
        BoundLiteral or BoundFact or BoundKnown or BoundIn or BoundHas or BoundError => Array.Empty<ScoreSymbol>(),
        _ => throw Unhandled(condition),
    };

    /// <summary>Every score an expression reads itself (not through other scores), with repeats.</summary>
    public static IEnumerable<ScoreSymbol> ScoresRead(BoundExpression expression) => expression switch
    {
        BoundScoreValue s => new[] { s.Score },
        BoundCount c => c.Conditions.SelectMany(ScoresRead),
        BoundNegate n => ScoresRead(n.Operand),
        BoundChain c => ScoresRead(c.First).Concat(c.Rest.SelectMany(link => ScoresRead(link.Operand))),
        BoundNumber or BoundFactValue or BoundExpressionError => Array.Empty<ScoreSymbol>(),
        _ => throw Unhandled(expression),
    };

    /// <summary>Every fact an expression reads.</summary>
    public static IEnumerable<FactSymbol> FactsRead(BoundExpression expression) => expression switch
    {
        BoundFactValue f => new[] { f.Fact },
        BoundNegate n => FactsRead(n.Operand),
        BoundChain c => FactsRead(c.First).Concat(c.Rest.SelectMany(link => FactsRead(link.Operand))),
        BoundCount c => c.Conditions.SelectMany(FactsRead),
        BoundNumber or BoundScoreValue or BoundExpressionError => Array.Empty<FactSymbol>(),
        _ => throw Unhandled(expression),
    };

    /// <summary>
    /// For the arm no bound node should reach. C# cannot close a class hierarchy, so a new kind of node
    /// that a walk forgets lands here; the tests build every kind (BoundNodeKindsTests), so it fails a
    /// test rather than being skipped in silence.
    /// </summary>
    internal static InvalidOperationException Unhandled(object node) =>
        new($"{node.GetType().Name} is not handled here; every walk over bound nodes must handle every kind.");
}
