using System.Collections.Immutable;
using BackPainRules.Diagnostics;
using BackPainRules.Loading;
using BackPainRules.Syntax;
using BackPainRules.Text;

namespace BackPainRules.Semantics;

/// <summary>
/// Resolves the names of a loaded rule set to symbols, checks types, and runs the rule-set-wide
/// checks (conclusion cycles, unused declarations, conditions that can never be true).
/// Declarations may come in any order, so all names are declared before any rule is bound.
/// </summary>
public sealed class Binder
{
    private readonly RuleSetSources sources;
    private readonly List<Diagnostic> diagnostics = new();
    private readonly Dictionary<string, Symbol> symbols = new(StringComparer.Ordinal);
    private readonly List<FactSymbol> facts = new();
    private readonly List<RecommendationSymbol> recommendations = new();
    private readonly List<ScoreSymbol> scores = new();
    private readonly List<RuleSymbol> rules = new();
    private readonly List<TestSymbol> tests = new();
    // Every symbol a rule names, even where the use is an error: a fact used with the wrong type is
    // still used, and calling it unused as well would be false.
    private readonly HashSet<Symbol> referencedByRules = new();
    private readonly List<SymbolReference> references = new();
    private readonly List<UnresolvedName> unresolved = new();
    // Names that broken items (a rule or declaration that did not parse) still declare: their error is
    // already reported, so their uses are not reported again (one mistake, one diagnostic).
    private readonly HashSet<string> brokenDeclarations = new(StringComparer.Ordinal);
    private bool bindingRule;
    private SourceText currentSource = null!;

    private Binder(RuleSetSources sources)
    {
        this.sources = sources;
        diagnostics.AddRange(sources.Diagnostics);
    }

    /// <summary>Binds and checks a loaded rule set.</summary>
    public static RuleSetModel Bind(RuleSetSources sources)
    {
        var binder = new Binder(sources);
        binder.DeclareAll();
        binder.BindAll();
        var model = new RuleSetModel(sources, binder.facts.ToImmutableArray(), binder.recommendations.ToImmutableArray(),
            binder.scores.ToImmutableArray(), binder.rules.ToImmutableArray(), binder.tests.ToImmutableArray(), binder.symbols, ImmutableArray<Diagnostic>.Empty,
            binder.references.ToImmutableArray(), binder.unresolved.ToImmutableArray());
        binder.diagnostics.AddRange(ConclusionCycles.Find(model));
        // A rule that did not parse may well use the declarations that would look unused.
        if (!sources.Diagnostics.Any(d => d.IsError)) binder.diagnostics.AddRange(UnusedDeclarations.Find(model, binder.referencedByRules));
        binder.diagnostics.AddRange(NeverTrueConditions.Find(model));
        var all = binder.diagnostics.Distinct().Order(Diagnostic.ReadingOrder).ToImmutableArray();
        return new RuleSetModel(sources, model.Facts, model.Recommendations, model.Scores, model.Rules, model.Tests, binder.symbols, all,
            model.References, model.Unresolved);
    }

    private SourceLocation At(TextSpan span) => SourceLocation.Of(currentSource, span);

    private SourceLocation At(SyntaxNode node) => At(node.Span);

    // ---- Declarations ----

    private void DeclareAll()
    {
        var ruleIds = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var (item, source) in sources.Items)
        {
            currentSource = source;
            switch (item)
            {
                case FactDeclarationSyntax fact:
                    DeclareFact(fact);
                    break;
                case RecommendationDeclarationSyntax recommendation:
                    var rec = new RecommendationSymbol(recommendation, source, At(recommendation.Name), recommendations.Count);
                    if (Declare(recommendation.Name, rec)) recommendations.Add(rec);
                    break;
                case ScoreDeclarationSyntax score:
                    var scoreSymbol = new ScoreSymbol(score, source, At(score.Name), scores.Count);
                    if (Declare(score.Name, scoreSymbol)) scores.Add(scoreSymbol);
                    break;
                case RuleSyntax rule:
                    DeclareRule(rule, ruleIds);
                    break;
                case ErrorSyntax { Declares: { } broken }:
                    brokenDeclarations.Add(broken.Text);
                    break;
            }
        }
    }

    private bool Declare(NameSyntax name, Symbol symbol)
    {
        if (symbols.TryGetValue(name.Text, out var existing))
        {
            diagnostics.Add(DiagnosticCatalogue.DuplicateName(At(name), name.Text, existing.Location));
            return false;
        }
        symbols[name.Text] = symbol;
        references.Add(new SymbolReference(currentSource, name.Span, symbol, IsDeclaration: true));
        return true;
    }

    private void DeclareFact(FactDeclarationSyntax syntax)
    {
        double? low = null, high = null;
        var values = ImmutableArray<string>.Empty;
        FactType type;
        switch (syntax.Type)
        {
            case BoolTypeSyntax:
                type = FactType.Bool;
                break;
            case NumberTypeSyntax number:
                type = FactType.Number;
                // A bound too large to read is already an error; the fact then simply has no range.
                if (number.Range is { } range && double.IsFinite(range.Low.Value) && double.IsFinite(range.High.Value))
                {
                    low = range.Low.Value;
                    high = range.High.Value;
                    if (low > high) diagnostics.Add(DiagnosticCatalogue.InvalidRange(At(range), low.Value, high.Value));
                }
                break;
            case EnumTypeSyntax enumType:
                type = enumType.IsSet ? FactType.AnyOf : FactType.OneOf;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var value in enumType.Values)
                {
                    if (!seen.Add(value.Text)) diagnostics.Add(DiagnosticCatalogue.DuplicateEnumValue(At(value), syntax.Name.Text, value.Text));
                }
                if (seen.Count > FactSymbol.MaxValues)
                {
                    diagnostics.Add(DiagnosticCatalogue.TooManyEnumValues(At(enumType), syntax.Name.Text, FactSymbol.MaxValues));
                }
                values = enumType.Values.Select(v => v.Text).Distinct(StringComparer.Ordinal).Take(FactSymbol.MaxValues).ToImmutableArray();
                break;
            default:
                throw new InvalidOperationException($"Unknown fact type syntax {syntax.Type.GetType().Name}");
        }
        var symbol = new FactSymbol(syntax, At(syntax.Name), facts.Count, type, low, high, values, At);
        if (!Declare(syntax.Name, symbol)) return;
        facts.Add(symbol);
        if (syntax.Type is EnumTypeSyntax declared)
        {
            foreach (var value in declared.Values)
            {
                int index = symbol.ValueIndex(value.Text);
                if (index >= 0 && index < symbol.ValueSymbols.Length && symbol.ValueSymbols[index].Location.Span == value.Span)
                {
                    references.Add(new SymbolReference(currentSource, value.Span, symbol.ValueSymbols[index], IsDeclaration: true));
                }
            }
        }
    }

    private void DeclareRule(RuleSyntax syntax, Dictionary<string, SourceLocation> ruleIds)
    {
        string id;
        SourceLocation location;
        if (syntax.Name is { } name)
        {
            id = name.Text;
            location = At(name);
        }
        else
        {
            // SPEC §3: an unnamed rule is FILESTEM:LINE, LINE being the line of its "if".
            location = At(syntax.IfSpan);
            id = $"{Path.GetFileNameWithoutExtension(currentSource.Path)}:{location.Start.Line}";
        }
        if (ruleIds.TryGetValue(id, out var first))
        {
            diagnostics.Add(DiagnosticCatalogue.DuplicateRuleId(location, id, first));
            return;
        }
        ruleIds[id] = location;
        var rule = new RuleSymbol(id, syntax.Name is not null, syntax, currentSource, location, rules.Count);
        if (syntax.Name is null || Declare(syntax.Name, rule)) rules.Add(rule);
    }

    // ---- Rules and tests ----

    private void BindAll()
    {
        int ruleIndex = 0;
        foreach (var (item, source) in sources.Items)
        {
            currentSource = source;
            switch (item)
            {
                case RuleSyntax syntax:
                    // Rules whose id clashed were not declared; bind them anyway so their own errors show.
                    var rule = ruleIndex < rules.Count && ReferenceEquals(rules[ruleIndex].Syntax, syntax) ? rules[ruleIndex++] : null;
                    BindRule(syntax, rule);
                    break;
                case TestSyntax test:
                    tests.Add(BindTest(test));
                    break;
                case ScoreDeclarationSyntax score:
                    // A score whose name clashed was not declared; bind it anyway so its own errors show.
                    var expression = AsUse(() => BindExpression(score.Expression));
                    if (scores.FirstOrDefault(s => ReferenceEquals(s.Syntax, score)) is { } scoreSymbol) scoreSymbol.Expression = expression;
                    break;
                case RecommendationDeclarationSyntax { Unless: { } unless } declaration:
                    var condition = AsUse(() => BindCondition(unless));
                    if (recommendations.FirstOrDefault(r => ReferenceEquals(r.Syntax, declaration)) is { } recommendation) recommendation.Unless = condition;
                    break;
            }
        }
        foreach (var fact in rules.SelectMany(r => r.Concludes)) fact.IsConcluded = true;
        foreach (var test in tests) CheckNoConcludedFactGiven(test);
    }

    /// <summary>SPEC §4/§8: a concluded fact is decided by its rules alone, so a test cannot give it.</summary>
    private void CheckNoConcludedFactGiven(TestSymbol test)
    {
        foreach (var given in test.Given.Where(g => g.Fact.IsConcluded))
        {
            var concludedBy = rules.Where(r => r.Concludes.Contains(given.Fact)).Select(r => r.Id).ToList();
            diagnostics.Add(DiagnosticCatalogue.ConcludedFactGivenInTest(SourceLocation.Of(test.Source, given.Syntax.Fact.Span), given.Fact.Name, concludedBy));
        }
    }

    /// <summary>Binds a part of the rule set that uses names the way a rule does (a score's expression, an <c>unless</c>): what it names counts as used.</summary>
    private T AsUse<T>(Func<T> bind)
    {
        bindingRule = true;
        try
        {
            return bind();
        }
        finally
        {
            bindingRule = false;
        }
    }

    private void BindRule(RuleSyntax syntax, RuleSymbol? rule) => AsUse(() => BindRuleBody(syntax, rule));

    private bool BindRuleBody(RuleSyntax syntax, RuleSymbol? rule)
    {
        var condition = BindCondition(syntax.Condition);
        var recommends = new List<(RecommendationSymbol Symbol, NameSyntax At)>();
        var avoids = new List<(RecommendationSymbol Symbol, NameSyntax At)>();
        var concludes = new List<FactSymbol>();
        foreach (var action in syntax.Actions)
        {
            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var target in action.Targets)
            {
                if (!listed.Add(target.Text))
                {
                    diagnostics.Add(DiagnosticCatalogue.ListedTwiceInAction(At(target), action.Kind.ToString().ToLowerInvariant(), target.Text));
                }
                switch (action.Kind)
                {
                    case ActionKind.Recommend when Resolve<RecommendationSymbol>(target, "recommendation", _ => true) is { } r:
                        recommends.Add((r, target));
                        break;
                    case ActionKind.Avoid when Resolve<RecommendationSymbol>(target, "recommendation", _ => true) is { } r:
                        avoids.Add((r, target));
                        break;
                    case ActionKind.Conclude when Resolve<FactSymbol>(target, "fact", f => f.Type == FactType.Bool, FactType.Bool) is { } f:
                        if (f.Type == FactType.Bool) concludes.Add(f);
                        else diagnostics.Add(DiagnosticCatalogue.ConcludeOfNonBoolFact(At(target), f.Name, f.TypeKind));
                        break;
                }
            }
        }
        string id = rule?.Id ?? syntax.Name?.Text ?? "rule";
        foreach (var avoided in avoids)
        {
            if (recommends.FirstOrDefault(r => r.Symbol == avoided.Symbol) is { At: not null } recommended)
            {
                // Reported at whichever mention comes second, where the contradiction becomes visible.
                var at = recommended.At.Span.Start > avoided.At.Span.Start ? recommended.At : avoided.At;
                diagnostics.Add(DiagnosticCatalogue.RecommendAndAvoid(At(at), id, avoided.Symbol.Name));
            }
        }
        if (rule is null) return false;
        rule.Condition = condition;
        rule.Recommends = recommends.Select(r => r.Symbol).Distinct().ToImmutableArray();
        rule.Avoids = avoids.Select(a => a.Symbol).Distinct().ToImmutableArray();
        rule.Concludes = concludes.Distinct().ToImmutableArray();
        return true;
    }

    /// <summary>
    /// Finds a declared symbol of type <typeparamref name="T"/>. Reports an undeclared name with a
    /// suggestion drawn from the symbols that would fit (<paramref name="fits"/>), or a name of the wrong kind.
    /// </summary>
    private T? Resolve<T>(NameSyntax name, string kind, Func<T, bool> fits, FactType? expectedType = null) where T : Symbol
    {
        if (symbols.TryGetValue(name.Text, out var symbol))
        {
            if (bindingRule) referencedByRules.Add(symbol);
            references.Add(new SymbolReference(currentSource, name.Span, symbol, IsDeclaration: false));
            if (symbol is T typed) return typed;
            diagnostics.Add(DiagnosticCatalogue.WrongKind(At(name), name.Text, symbol.KindName, kind));
            return null;
        }
        // A broken declaration's uses, and a name the lexer already reported as misspelt, are not reported again.
        if (brokenDeclarations.Contains(name.Text) || !Names.IsValid(name.Text)) return null;
        var suggestion = Suggestions.Closest(name.Text, symbols.Values.OfType<T>().Where(fits).Select(s => s.Name));
        if (suggestion is null && kind == "fact" && facts.FirstOrDefault(f => f.ValueIndex(name.Text) >= 0) is { } owner)
        {
            diagnostics.Add(DiagnosticCatalogue.ValueUsedAsFact(At(name), name.Text, owner.Name, owner.TypeKind));
        }
        else
        {
            diagnostics.Add(DiagnosticCatalogue.UndeclaredName(At(name), kind, name.Text, suggestion));
        }
        unresolved.Add(new UnresolvedName(currentSource, name.Span, name.Text, kind, expectedType));
        return null;
    }

    private BoundCondition BindCondition(ConditionSyntax syntax) => syntax switch
    {
        OrConditionSyntax disjunction => BindOr(disjunction),
        AndConditionSyntax conjunction => new BoundAnd(conjunction.Operands.Select(BindCondition).ToImmutableArray(), conjunction),
        NotConditionSyntax negation => new BoundNot(BindCondition(negation.Operand), negation),
        ParenthesizedConditionSyntax paren => BindCondition(paren.Inner),
        LiteralConditionSyntax literal => new BoundLiteral(literal.Value, literal),
        KnownConditionSyntax known => Resolve<Symbol>(known.Fact, "fact", s => s is FactSymbol or ScoreSymbol) switch
        {
            FactSymbol f => new BoundKnown(f, known),
            ScoreSymbol score => new BoundKnownScore(score, known),
            { } other => WrongKind(known, known.Fact, other, "fact"),
            null => new BoundError(known),
        },
        FactConditionSyntax fact => BindFactCondition(fact),
        ComparisonConditionSyntax comparison => BindEnumComparison(comparison) ?? new BoundComparison(
            BindExpression(comparison.Left), comparison.Operator, BindExpression(comparison.Right), comparison),
        IsConditionSyntax @is => BindIs(@is),
        InConditionSyntax @in => BindIn(@in),
        HasConditionSyntax has => BindHas(has),
        _ => throw new InvalidOperationException($"Unknown condition syntax {syntax.GetType().Name}"),
    };

    /// <summary>
    /// <c>a is x or y</c>, where <c>y</c> is another value of <c>a</c> rather than a fact: 'or' joins whole
    /// conditions, so the one diagnostic suggests <c>a in (x, y)</c>.
    /// </summary>
    private BoundCondition BindOr(OrConditionSyntax disjunction)
    {
        var operands = ImmutableArray.CreateBuilder<BoundCondition>(disjunction.Operands.Length);
        IsConditionSyntax? lastIs = null;
        var listed = new List<string>();
        foreach (var operand in disjunction.Operands)
        {
            if (operand is FactConditionSyntax { Fact: var value } && lastIs is not null && !symbols.ContainsKey(value.Text) &&
                symbols.TryGetValue(lastIs.Fact.Text, out var owner) && owner is FactSymbol { Type: FactType.OneOf } fact && fact.ValueIndex(value.Text) >= 0)
            {
                references.Add(new SymbolReference(currentSource, value.Span, fact.ValueSymbols[fact.ValueIndex(value.Text)], IsDeclaration: false));
                listed.Add(value.Text);
                diagnostics.Add(DiagnosticCatalogue.ValueJoinedWithOr(At(value), value.Text, fact.Name, listed));
                operands.Add(new BoundError(operand));
                continue;
            }
            if (operand is IsConditionSyntax { Negated: false } @is)
            {
                lastIs = @is;
                listed = new List<string> { @is.Value.Text };
            }
            else
            {
                lastIs = null;
            }
            operands.Add(BindCondition(operand));
        }
        return new BoundOr(operands.MoveToImmutable(), disjunction);
    }

    /// <summary>
    /// <c>a >= x</c> or <c>a = x</c> with <c>a</c> a 'one of' or 'any of' fact: values have no order and are
    /// tested with 'is', 'in' or 'has', so this is one diagnostic rather than one per side. Null for any other comparison.
    /// </summary>
    private BoundCondition? BindEnumComparison(ComparisonConditionSyntax comparison)
    {
        if (comparison.Left is not FactExpressionSyntax { Fact: var name } || comparison.Right is not FactExpressionSyntax { Fact: var valueName } ||
            !symbols.TryGetValue(name.Text, out var symbol) || symbol is not FactSymbol { Type: FactType.OneOf or FactType.AnyOf } fact)
        {
            return null;
        }
        Resolve<FactSymbol>(name, "fact", _ => true);
        int index = fact.ValueIndex(valueName.Text);
        if (index >= 0) references.Add(new SymbolReference(currentSource, valueName.Span, fact.ValueSymbols[index], IsDeclaration: false));
        IReadOnlyList<string>? meant = index < 0 ? null : comparison.Operator switch
        {
            ComparisonOperator.Less => fact.Values.Take(index).ToList(),
            ComparisonOperator.LessOrEqual => fact.Values.Take(index + 1).ToList(),
            ComparisonOperator.Greater => fact.Values.Skip(index + 1).ToList(),
            ComparisonOperator.GreaterOrEqual => fact.Values.Skip(index).ToList(),
            ComparisonOperator.Equal => new[] { valueName.Text },
            ComparisonOperator.NotEqual => fact.Values.Where(v => v != valueName.Text).ToList(),
        };
        diagnostics.Add(DiagnosticCatalogue.EnumComparison(At(name), fact.Name, fact.TypeKind, comparison.Operator switch
        {
            ComparisonOperator.Less => "<",
            ComparisonOperator.LessOrEqual => "<=",
            ComparisonOperator.Greater => ">",
            ComparisonOperator.GreaterOrEqual => ">=",
            ComparisonOperator.Equal => "=",
            ComparisonOperator.NotEqual => "!=",
        }, valueName.Text, meant));
        return new BoundError(comparison);
    }

    private BoundError WrongKind(SyntaxNode where, NameSyntax name, Symbol symbol, string expected)
    {
        diagnostics.Add(DiagnosticCatalogue.WrongKind(At(name), name.Text, symbol.KindName, expected));
        return new BoundError(where);
    }

    private BoundCondition BindFactCondition(FactConditionSyntax syntax)
    {
        if (Resolve<FactSymbol>(syntax.Fact, "fact", f => f.Type == FactType.Bool, FactType.Bool) is not { } fact) return new BoundError(syntax);
        if (fact.Type == FactType.Bool) return new BoundFact(fact, syntax);
        diagnostics.Add(DiagnosticCatalogue.FactUsedAsCondition(At(syntax.Fact), fact.Name, fact.TypeKind, fact.Values.FirstOrDefault()));
        return new BoundError(syntax);
    }

    private FactSymbol? ResolveEnumFact(NameSyntax name, FactType expected, string keyword)
    {
        if (Resolve<FactSymbol>(name, "fact", f => f.Type == expected, expected) is not { } fact) return null;
        if (fact.Type == expected) return fact;
        diagnostics.Add(DiagnosticCatalogue.KeywordNeedsOtherFactType(At(name), keyword, fact.Name,
            FactSymbol.KindOf(expected), fact.TypeKind));
        return null;
    }

    private int ResolveValue(FactSymbol fact, NameSyntax value)
    {
        int index = fact.ValueIndex(value.Text);
        if (index >= 0) references.Add(new SymbolReference(currentSource, value.Span, fact.ValueSymbols[index], IsDeclaration: false));
        if (index < 0)
        {
            diagnostics.Add(DiagnosticCatalogue.UndeclaredEnumValue(At(value), fact.Name, value.Text,
                Suggestions.Closest(value.Text, fact.Values), fact.Values));
        }
        return index;
    }

    private BoundCondition BindIs(IsConditionSyntax syntax)
    {
        if (ResolveEnumFact(syntax.Fact, FactType.OneOf, syntax.Negated ? "is not" : "is") is not { } fact) return new BoundError(syntax);
        int index = ResolveValue(fact, syntax.Value);
        if (index < 0) return new BoundError(syntax);
        var bound = new BoundIn(fact, 1UL << index, syntax);
        return syntax.Negated ? new BoundNot(bound, syntax) : bound;
    }

    private BoundCondition BindIn(InConditionSyntax syntax)
    {
        if (ResolveEnumFact(syntax.Fact, FactType.OneOf, "in") is not { } fact) return new BoundError(syntax);
        ulong mask = 0;
        bool ok = true;
        foreach (var value in syntax.Values)
        {
            int index = ResolveValue(fact, value);
            if (index < 0) ok = false;
            else mask |= 1UL << index;
        }
        return ok ? new BoundIn(fact, mask, syntax) : new BoundError(syntax);
    }

    private BoundCondition BindHas(HasConditionSyntax syntax)
    {
        if (ResolveEnumFact(syntax.Fact, FactType.AnyOf, syntax.Negated ? "has not" : "has") is not { } fact) return new BoundError(syntax);
        int index = ResolveValue(fact, syntax.Value);
        if (index < 0) return new BoundError(syntax);
        var bound = new BoundHas(fact, index, syntax);
        return syntax.Negated ? new BoundNot(bound, syntax) : bound;
    }

    private BoundExpression BindExpression(ExpressionSyntax syntax)
    {
        switch (syntax)
        {
            case NumberExpressionSyntax number:
                return new BoundNumber(number.Literal.Value, number);
            case ParenthesizedExpressionSyntax paren:
                return BindExpression(paren.Inner);
            case NegateExpressionSyntax negate:
                return new BoundNegate(BindExpression(negate.Operand), negate);
            case BinaryExpressionSyntax binary:
                // Walk the left spine with a loop, not recursion: a sum may have thousands of terms.
                var links = new Stack<(ArithmeticOperator, ExpressionSyntax)>();
                ExpressionSyntax first = binary;
                while (first is BinaryExpressionSyntax link)
                {
                    links.Push((link.Operator, link.Right));
                    first = link.Left;
                }
                var rest = ImmutableArray.CreateBuilder<(ArithmeticOperator, BoundExpression)>(links.Count);
                while (links.Count > 0)
                {
                    var (op, right) = links.Pop();
                    rest.Add((op, BindExpression(right)));
                }
                return new BoundChain(BindExpression(first), rest.MoveToImmutable(), binary);
            case CountExpressionSyntax count:
                return new BoundCount(count.Conditions.Select(BindCondition).ToImmutableArray(), count);
            case FactExpressionSyntax factExpression:
                // A score is used wherever a number fact may be.
                var symbol = Resolve<Symbol>(factExpression.Fact, "fact", s => s is FactSymbol { Type: FactType.Number } or ScoreSymbol, FactType.Number);
                switch (symbol)
                {
                    case ScoreSymbol score:
                        return new BoundScoreValue(score, syntax);
                    case FactSymbol { Type: FactType.Number } fact:
                        return new BoundFactValue(fact, syntax);
                    case FactSymbol fact:
                        diagnostics.Add(DiagnosticCatalogue.FactInArithmetic(At(factExpression.Fact), fact.Name, fact.TypeKind));
                        return new BoundExpressionError(syntax);
                    case { } other:
                        WrongKind(syntax, factExpression.Fact, other, "fact");
                        return new BoundExpressionError(syntax);
                    default:
                        return new BoundExpressionError(syntax);
                }
            default:
                throw new InvalidOperationException($"Unknown expression syntax {syntax.GetType().Name}");
        }
    }

    private TestSymbol BindTest(TestSyntax syntax)
    {
        var given = ImmutableArray.CreateBuilder<BoundGiven>();
        foreach (var item in syntax.Given)
        {
            if (BindGiven(item) is not { } bound) continue;
            // SPEC §7: a fact is given once; only 'has' may list more values of one 'any of' fact, each once.
            if (given.FirstOrDefault(g => g.Fact == bound.Fact && !(g.Kind == GivenKind.Has && bound.Kind == GivenKind.Has && g.ValueIndex != bound.ValueIndex))
                is { } earlier)
            {
                diagnostics.Add(DiagnosticCatalogue.GivenTwice(At(item), bound.Fact.Name, At(earlier.Syntax)));
                continue;
            }
            given.Add(bound);
        }
        var expectations = ImmutableArray.CreateBuilder<BoundExpectation>();
        foreach (var expect in syntax.Expectations)
        {
            var targets = ImmutableArray.CreateBuilder<Symbol>();
            foreach (var target in expect.Targets)
            {
                Symbol? symbol = expect.Kind switch
                {
                    ExpectKind.Recommend or ExpectKind.Avoid or ExpectKind.Withheld => Resolve<RecommendationSymbol>(target, "recommendation", _ => true),
                    ExpectKind.Conclude => ResolveConcludedFact(target),
                    ExpectKind.Fires or ExpectKind.Undetermined => Resolve<RuleSymbol>(target, "rule", _ => true),
                    ExpectKind.Score => Resolve<ScoreSymbol>(target, "score", _ => true),
                };
                if (symbol is not null) targets.Add(symbol);
            }
            ImmutableArray<FactSymbol>? missing = expect.Missing?.Select(m => Resolve<FactSymbol>(m, "fact", _ => true))
                .OfType<FactSymbol>().ToImmutableArray();
            expectations.Add(new BoundExpectation(expect.Negated, expect.Kind, targets.ToImmutable(), missing, expect, expect.Value?.Value));
        }
        return new TestSymbol(syntax.Name.Value, syntax, currentSource, At(syntax.Name), given.ToImmutable(), expectations.ToImmutable());
    }

    private FactSymbol? ResolveConcludedFact(NameSyntax target)
    {
        var fact = Resolve<FactSymbol>(target, "fact", f => f.Type == FactType.Bool, FactType.Bool);
        if (fact is not null && fact.Type != FactType.Bool)
        {
            diagnostics.Add(DiagnosticCatalogue.ExpectConcludeOfNonBoolFact(At(target), fact.Name, fact.TypeKind));
            return null;
        }
        return fact;
    }

    private BoundGiven? BindGiven(GivenSyntax item)
    {
        FactType expected = item.Kind switch
        {
            GivenKind.True or GivenKind.False => FactType.Bool,
            GivenKind.Number => FactType.Number,
            GivenKind.Is => FactType.OneOf,
            _ => FactType.AnyOf,
        };
        if (symbols.GetValueOrDefault(item.Fact.Text) is ScoreSymbol score)
        {
            // SPEC §7: a score is computed by the rule set; a test gives what it is computed from.
            references.Add(new SymbolReference(currentSource, item.Fact.Span, score, IsDeclaration: false));
            diagnostics.Add(DiagnosticCatalogue.ScoreGivenInTest(At(item.Fact), score.Name));
            return null;
        }
        if (Resolve<FactSymbol>(item.Fact, "fact", f => f.Type == expected, expected) is not { } fact) return null;
        if (fact.Type != expected)
        {
            diagnostics.Add(DiagnosticCatalogue.GivenDoesNotFit(At(item), fact.Name, FactSymbol.KindOf(expected), fact.TypeKind));
            return null;
        }
        switch (item.Kind)
        {
            case GivenKind.Number:
                double value = item.Number!.Value;
                if (fact.Low is { } low && fact.High is { } high && (value < low || value > high))
                {
                    diagnostics.Add(DiagnosticCatalogue.ValueOutOfRange(At(item.Number), fact.Name, value, fact.RangeText!));
                    return null;
                }
                return new BoundGiven(fact, item.Kind, value, -1, item);
            case GivenKind.Is or GivenKind.Has:
                int index = ResolveValue(fact, item.Value!);
                return index < 0 ? null : new BoundGiven(fact, item.Kind, 0, index, item);
            default:
                return new BoundGiven(fact, item.Kind, 0, -1, item);
        }
    }
}
