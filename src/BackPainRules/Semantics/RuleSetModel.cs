using System.Collections.Immutable;
using BackPainRules.Diagnostics;
using BackPainRules.Loading;
using BackPainRules.Text;

namespace BackPainRules.Semantics;

/// <summary>
/// The bound model of a rule set: every symbol, every rule with its bound condition and actions,
/// every test, and every diagnostic (syntax, import and meaning). Built by <see cref="Binder"/>.
/// </summary>
public sealed class RuleSetModel
{
    private readonly Dictionary<string, Symbol> symbols;
    private readonly Dictionary<string, RuleSymbol> rulesById;

    internal RuleSetModel(
        RuleSetSources sources,
        ImmutableArray<FactSymbol> facts,
        ImmutableArray<RecommendationSymbol> recommendations,
        ImmutableArray<ScoreSymbol> scores,
        ImmutableArray<RuleSymbol> rules,
        ImmutableArray<TestSymbol> tests,
        Dictionary<string, Symbol> symbols,
        ImmutableArray<Diagnostic> diagnostics,
        ImmutableArray<SymbolReference> references,
        ImmutableArray<UnresolvedName> unresolved)
    {
        References = references;
        Unresolved = unresolved;
        Sources = sources;
        Facts = facts;
        Recommendations = recommendations;
        Scores = scores;
        Rules = rules;
        Tests = tests;
        this.symbols = symbols;
        rulesById = rules.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        Diagnostics = diagnostics;
    }

    /// <summary>The files and items the model was bound from.</summary>
    public RuleSetSources Sources { get; }

    /// <summary>Facts in declaration order; a fact's <see cref="FactSymbol.Index"/> is its position here.</summary>
    public ImmutableArray<FactSymbol> Facts { get; }

    /// <summary>Recommendations in declaration order.</summary>
    public ImmutableArray<RecommendationSymbol> Recommendations { get; }

    /// <summary>Scores in declaration order.</summary>
    public ImmutableArray<ScoreSymbol> Scores { get; }

    /// <summary>Rules in source order.</summary>
    public ImmutableArray<RuleSymbol> Rules { get; }

    /// <summary>Test blocks in source order.</summary>
    public ImmutableArray<TestSymbol> Tests { get; }

    /// <summary>Every mention of a symbol in the rule set's files: declarations and uses, in binding order.</summary>
    public ImmutableArray<SymbolReference> References { get; }

    /// <summary>Every name that was used but is not declared, with the kind of symbol the place wanted.</summary>
    public ImmutableArray<UnresolvedName> Unresolved { get; }

    /// <summary>Every symbol by name (facts, scores, recommendations, named rules).</summary>
    public IEnumerable<Symbol> Symbols => symbols.Values;

    /// <summary>Every diagnostic, in reading order.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>Whether any diagnostic is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>The fact, score, recommendation or named rule declared with <paramref name="name"/>, if any.</summary>
    public Symbol? Lookup(string name) => symbols.GetValueOrDefault(name);

    /// <summary>The rule with id <paramref name="id"/> (a name or <c>FILESTEM:LINE</c>), if any.</summary>
    public RuleSymbol? FindRule(string id) => rulesById.GetValueOrDefault(id);
}

/// <summary>One mention of a symbol: where it is and whether it is the declaration.</summary>
public sealed record SymbolReference(SourceText Source, TextSpan Span, Symbol Symbol, bool IsDeclaration);

/// <summary>A name used where a <paramref name="Kind"/> was wanted but never declared; <paramref name="ExpectedType"/> is the fact type the place needs, when it is a fact.</summary>
public sealed record UnresolvedName(SourceText Source, TextSpan Span, string Name, string Kind, FactType? ExpectedType);
