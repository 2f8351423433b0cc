using System.Collections.Immutable;
using BackPainRules.Diagnostics;
using BackPainRules.Syntax;

namespace BackPainRules.Semantics;

/// <summary>A <c>test</c> block with its names resolved.</summary>
/// <param name="Name">The test's name.</param>
/// <param name="Syntax">Its syntax.</param>
/// <param name="Source">The file it is written in.</param>
/// <param name="Location">Where it is.</param>
/// <param name="Given">The facts it gives.</param>
/// <param name="Expectations">What it expects.</param>
public sealed record TestSymbol(
    string Name,
    TestSyntax Syntax,
    Text.SourceText Source,
    SourceLocation Location,
    ImmutableArray<BoundGiven> Given,
    ImmutableArray<BoundExpectation> Expectations);

/// <summary>One given fact: a bool, a number, a <c>one of</c> value index, or an <c>any of</c> value index to add.</summary>
public sealed record BoundGiven(FactSymbol Fact, GivenKind Kind, double Number, int ValueIndex, GivenSyntax Syntax);

/// <summary>
/// One expectation: the symbols it names (recommendations, facts, rules or a score), for
/// <c>undetermined ... missing</c> the facts, and for <c>expect score</c> the value (null for <c>unknown</c>).
/// </summary>
public sealed record BoundExpectation(
    bool Negated,
    ExpectKind Kind,
    ImmutableArray<Symbol> Targets,
    ImmutableArray<FactSymbol>? Missing,
    ExpectSyntax Syntax,
    double? ScoreValue = null);
