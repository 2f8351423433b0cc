using System.Collections.Immutable;
using System.Globalization;
using BackPainRules.Diagnostics;
using BackPainRules.Syntax;

namespace BackPainRules.Semantics;

/// <summary>The type of a fact.</summary>
public enum FactType
{
    /// <summary>true or false.</summary>
    Bool,
    /// <summary>A number, optionally within a declared range.</summary>
    Number,
    /// <summary>Exactly one value of a declared list (<c>one of</c>).</summary>
    OneOf,
    /// <summary>Any number of values of a declared list (<c>any of</c>).</summary>
    AnyOf,
}

/// <summary>A declared name: a fact, a recommendation or a named rule.</summary>
public abstract class Symbol
{
    private protected Symbol(string name, SourceLocation location)
    {
        Name = name;
        Location = location;
    }

    /// <summary>The declared name.</summary>
    public string Name { get; }

    /// <summary>Where the name is declared.</summary>
    public SourceLocation Location { get; }

    /// <summary>"fact", "recommendation" or "rule", for messages.</summary>
    public abstract string KindName { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>A declared fact.</summary>
public sealed class FactSymbol : Symbol
{
    /// <summary>The most values a <c>one of</c> or <c>any of</c> fact may have, so a set of them fits one 64-bit mask.</summary>
    public const int MaxValues = 64;

    internal FactSymbol(FactDeclarationSyntax syntax, SourceLocation location, int index, FactType type,
        double? low, double? high, ImmutableArray<string> values, Func<NameSyntax, SourceLocation> locate)
        : base(syntax.Name.Text, location)
    {
        Syntax = syntax;
        Index = index;
        Type = type;
        Low = low;
        High = high;
        Values = values;
        var declared = syntax.Type is EnumTypeSyntax e ? e.Values : ImmutableArray<NameSyntax>.Empty;
        ValueSymbols = values.Select((v, i) =>
        {
            var at = declared.First(d => d.Text == v);
            return new EnumValueSymbol(this, v, i, locate(at));
        }).ToImmutableArray();
    }

    /// <summary>The declared values as symbols, so an editor can find, hover and rename them.</summary>
    public ImmutableArray<EnumValueSymbol> ValueSymbols { get; }

    /// <summary>The declaration.</summary>
    public FactDeclarationSyntax Syntax { get; }

    /// <summary>The fact's slot: its position among the rule set's facts, in declaration order.</summary>
    public int Index { get; }

    /// <summary>The fact's type.</summary>
    public FactType Type { get; }

    /// <summary>The declared lower bound of a number fact, if any.</summary>
    public double? Low { get; }

    /// <summary>The declared upper bound of a number fact, if any.</summary>
    public double? High { get; }

    /// <summary>The declared values of an enum fact, in declaration order.</summary>
    public ImmutableArray<string> Values { get; }

    /// <summary>The description, or null.</summary>
    public string? Description => Syntax.Description?.Value;

    /// <summary>Whether some rule concludes this fact.</summary>
    public bool IsConcluded { get; internal set; }

    /// <inheritdoc/>
    public override string KindName => "fact";

    /// <summary>The range as written, e.g. <c>120..220</c>, or null.</summary>
    public string? RangeText => Low is null ? null : $"{Format(Low.Value)}..{Format(High!.Value)}";

    /// <summary>The type as a clinician reads it: <c>bool</c>, <c>number 120..220</c>, <c>one of easy, tempo</c>.</summary>
    public string TypeText => Type switch
    {
        FactType.Bool => "bool",
        FactType.Number => RangeText is null ? "number" : $"number {RangeText}",
        FactType.OneOf => $"one of {string.Join(", ", Values)}",
        _ => $"any of {string.Join(", ", Values)}",
    };

    /// <summary>The kind of type with its article, for messages: "a bool", "a number", "a 'one of'", "an 'any of'".</summary>
    public string TypeWithArticle => DiagnosticCatalogue.WithArticle(TypeKind);

    /// <summary>The type as the diagnostic catalogue names it.</summary>
    internal FactKind TypeKind => KindOf(Type);

    /// <summary>A type as the diagnostic catalogue names it.</summary>
    internal static FactKind KindOf(FactType type) => type switch
    {
        FactType.Bool => FactKind.Bool,
        FactType.Number => FactKind.Number,
        FactType.OneOf => FactKind.OneOf,
        FactType.AnyOf => FactKind.AnyOf,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The position of <paramref name="value"/> among the declared values, or -1.</summary>
    public int ValueIndex(string value) => Values.IndexOf(value, StringComparer.Ordinal);

    private static string Format(double d) => d.ToString("0.############", CultureInfo.InvariantCulture);
}

/// <summary>A declared recommendation.</summary>
public sealed class RecommendationSymbol : Symbol
{
    internal RecommendationSymbol(RecommendationDeclarationSyntax syntax, Text.SourceText source, SourceLocation location, int index)
        : base(syntax.Name.Text, location)
    {
        Syntax = syntax;
        Source = source;
        Index = index;
    }

    /// <summary>The file the recommendation is declared in.</summary>
    public Text.SourceText Source { get; }

    /// <summary>The declaration.</summary>
    public RecommendationDeclarationSyntax Syntax { get; }

    /// <summary>Position among the rule set's recommendations, in declaration order (the tie-break after priority).</summary>
    public int Index { get; }

    /// <summary>The description, or null.</summary>
    public string? Description => Syntax.Description?.Value;

    /// <summary>The priority; <see cref="Priority.Normal"/> when none is written.</summary>
    public Priority Priority => Syntax.Priority ?? Priority.Normal;

    /// <summary>The contraindication (<c>unless</c>): while it is true or unknown the recommendation is withheld. Null when none is written.</summary>
    public BoundCondition? Unless { get; internal set; }

    /// <inheritdoc/>
    public override string KindName => "recommendation";
}

/// <summary>A declared score: a named number computed from facts and other scores.</summary>
public sealed class ScoreSymbol : Symbol
{
    internal ScoreSymbol(ScoreDeclarationSyntax syntax, Text.SourceText source, SourceLocation location, int index)
        : base(syntax.Name.Text, location)
    {
        Syntax = syntax;
        Source = source;
        Index = index;
    }

    /// <summary>The declaration.</summary>
    public ScoreDeclarationSyntax Syntax { get; }

    /// <summary>The file the score is declared in.</summary>
    public Text.SourceText Source { get; }

    /// <summary>Position among the rule set's scores, in declaration order (the order results list them).</summary>
    public int Index { get; }

    /// <summary>The bound expression.</summary>
    public BoundExpression Expression { get; internal set; } = null!;

    /// <summary>The expression as written.</summary>
    public string ExpressionText => Source[Syntax.Expression.Span];

    /// <summary>The description, or null.</summary>
    public string? Description => Syntax.Description?.Value;

    /// <inheritdoc/>
    public override string KindName => "score";
}

/// <summary>A rule: named (<c>rule NAME:</c>) or known by <c>FILESTEM:LINE</c>.</summary>
public sealed class RuleSymbol : Symbol
{
    internal RuleSymbol(string id, bool isNamed, RuleSyntax syntax, Text.SourceText source, SourceLocation location, int index)
        : base(id, location)
    {
        Source = source;
        IsNamed = isNamed;
        Syntax = syntax;
        Index = index;
    }

    /// <summary>The rule's id: its name, or <c>FILESTEM:LINE</c> for an unnamed rule.</summary>
    public string Id => Name;

    /// <summary>Whether the rule was given a name.</summary>
    public bool IsNamed { get; }

    /// <summary>The rule's syntax.</summary>
    public RuleSyntax Syntax { get; }

    /// <summary>The file the rule is written in.</summary>
    public Text.SourceText Source { get; }

    /// <summary>The condition as written.</summary>
    public string ConditionText => Source[Syntax.Condition.Span];

    /// <summary>Position in rule-set source order.</summary>
    public int Index { get; }

    /// <summary>The bound condition.</summary>
    public BoundCondition Condition { get; internal set; } = null!;

    /// <summary>Recommendations the rule recommends, in the order written.</summary>
    public ImmutableArray<RecommendationSymbol> Recommends { get; internal set; } = ImmutableArray<RecommendationSymbol>.Empty;

    /// <summary>Recommendations the rule avoids.</summary>
    public ImmutableArray<RecommendationSymbol> Avoids { get; internal set; } = ImmutableArray<RecommendationSymbol>.Empty;

    /// <summary>Bool facts the rule concludes.</summary>
    public ImmutableArray<FactSymbol> Concludes { get; internal set; } = ImmutableArray<FactSymbol>.Empty;

    /// <summary>The <c>because</c> text, or null.</summary>
    public string? Because => Syntax.Because?.Value;

    /// <inheritdoc/>
    public override string KindName => "rule";
}

/// <summary>One value of a <c>one of</c> or <c>any of</c> fact. Values belong to their fact, not to the rule set's namespace.</summary>
public sealed class EnumValueSymbol : Symbol
{
    internal EnumValueSymbol(FactSymbol fact, string name, int index, SourceLocation location)
        : base(name, location)
    {
        Fact = fact;
        Index = index;
    }

    /// <summary>The fact the value belongs to.</summary>
    public FactSymbol Fact { get; }

    /// <summary>The value's position among the fact's values.</summary>
    public int Index { get; }

    /// <inheritdoc/>
    public override string KindName => "value";
}
