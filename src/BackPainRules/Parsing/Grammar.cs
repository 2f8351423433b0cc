using System.Collections.Immutable;
using BackPainRules.Syntax;
using BackPainRules.Text;
using Pidgin;
using Pidgin.Expression;
using static Pidgin.Parser;
using static Pidgin.Parser<BackPainRules.Syntax.Token>;

namespace BackPainRules.Parsing;

/// <summary>
/// The grammar of one top-level item (SPEC §1–3, §7) as Pidgin parsers over tokens, built once.
/// <see cref="RulesParser"/> cuts a file into items and runs <see cref="Item"/> on each, which is
/// how one broken rule never hides the next.
/// </summary>
internal static class Grammar
{
    // ---- Tokens ----
    private static Parser<Token, Token> Kind(TokenKind kind, string label) => Token(t => t.Kind == kind).Labelled(label);

    private static Parser<Token, Token> Keyword(string word) => Token(t => t.IsWord(word)).Labelled($"'{word}'");

    private static readonly Parser<Token, Token> Colon = Kind(TokenKind.Colon, "':'");
    private static readonly Parser<Token, Token> Comma = Kind(TokenKind.Comma, "','");
    private static readonly Parser<Token, Token> OpenParen = Kind(TokenKind.OpenParen, "'('");
    private static readonly Parser<Token, Token> CloseParen = Kind(TokenKind.CloseParen, "')'");
    private static readonly Parser<Token, Token> Minus = Kind(TokenKind.Minus, "'-'");

    private static readonly Parser<Token, NameSyntax> Name =
        Token(t => t.Kind == TokenKind.Word && !Keywords.Reserved.Contains(t.Text))
            .Select(t => new NameSyntax(t.Text, t.Span))
            .Labelled("a name");

    private static readonly Parser<Token, ImmutableArray<NameSyntax>> Names =
        Name.SeparatedAtLeastOnce(Comma).Select(n => n.ToImmutableArray());

    private static readonly Parser<Token, StringLiteralSyntax> String =
        Kind(TokenKind.String, "a string").Select(t => new StringLiteralSyntax(t.Text, t.Span));

    private static readonly Parser<Token, NumberLiteralSyntax> SignedNumber =
        Map(
            (minus, number) => minus.HasValue
                ? new NumberLiteralSyntax(-number.Number, "-" + number.Text, TextSpan.Between(minus.Value.Span, number.Span))
                : new NumberLiteralSyntax(number.Number, number.Text, number.Span),
            Minus.Optional(),
            Kind(TokenKind.Number, "a number"));

    private static TextSpan Span(SyntaxNode first, SyntaxNode last) => TextSpan.Between(first.Span, last.Span);

    private static TextSpan Span(Token first, TextSpan last) => TextSpan.Between(first.Span, last);

    // ---- Declarations ----
    private static readonly Parser<Token, RangeSyntax> Range =
        Map((low, _, high) => new RangeSyntax(low, high, Span(low, high)), SignedNumber, Kind(TokenKind.DotDot, "'..'"), SignedNumber);

    private static Parser<Token, FactTypeSyntax> EnumType(string word, bool isSet) =>
        Map((kw, _, values) => (FactTypeSyntax)new EnumTypeSyntax(isSet, values, Span(kw, values[^1].Span)), Keyword(word), Keyword("of"), Names);

    private static readonly Parser<Token, FactTypeSyntax> FactType =
        Lookahead(Token(t => t.Kind == TokenKind.Word && t.Text is "bool" or "number" or "one" or "any"))
            .Labelled("a type ('bool', 'number', 'one of' or 'any of')")
            .Then(OneOf(
                Keyword("bool").Select(t => (FactTypeSyntax)new BoolTypeSyntax(t.Span)),
                Keyword("number").Then(Range.Optional(), (kw, range) =>
                    (FactTypeSyntax)new NumberTypeSyntax(range.GetValueOrDefault(), range.HasValue ? Span(kw, range.Value.Span) : kw.Span)),
                EnumType("one", isSet: false),
                EnumType("any", isSet: true)));

    private static readonly Parser<Token, TopLevelSyntax> Fact =
        Map((kw, name, _, type, description) =>
                (TopLevelSyntax)new FactDeclarationSyntax(name, type, description.GetValueOrDefault(),
                    Span(kw, description.HasValue ? description.Value.Span : type.Span)),
            Keyword("fact"), Name, Colon, FactType, String.Optional());

    private static readonly Parser<Token, (Priority Priority, TextSpan Span)> PriorityClause =
        Keyword("priority").Then(
            OneOf(
                    Keyword("urgent").Select(t => (Priority.Urgent, t.Span)),
                    Keyword("high").Select(t => (Priority.High, t.Span)),
                    Keyword("normal").Select(t => (Priority.Normal, t.Span)),
                    Keyword("low").Select(t => (Priority.Low, t.Span)))
                .Labelled("a priority ('urgent', 'high', 'normal' or 'low')"));

    // Conditions and expressions are defined further down; static fields initialise in order, so these look them up late.
    private static readonly Parser<Token, ConditionSyntax> LateCondition = Rec(() => Condition!);
    private static readonly Parser<Token, ExpressionSyntax> LateExpression = Rec(() => Expression!);

    private static readonly Parser<Token, TopLevelSyntax> Recommendation =
        Map((kw, name, description, priority, unless) =>
            {
                TextSpan last = unless.HasValue ? unless.Value.Span
                    : priority.HasValue ? priority.Value.Span : description.HasValue ? description.Value.Span : name.Span;
                return (TopLevelSyntax)new RecommendationDeclarationSyntax(name, description.GetValueOrDefault(),
                    priority.HasValue ? priority.Value.Priority : null, priority.HasValue ? priority.Value.Span : null, Span(kw, last),
                    unless.GetValueOrDefault());
            },
            Keyword("recommendation"), Name, String.Optional(), PriorityClause.Optional(), Keyword("unless").Then(LateCondition).Optional());

    private static readonly Parser<Token, TopLevelSyntax> Score =
        Map((kw, name, _, expression, description) =>
                (TopLevelSyntax)new ScoreDeclarationSyntax(name, expression, description.GetValueOrDefault(),
                    Span(kw, description.HasValue ? description.Value.Span : expression.Span)),
            Keyword("score"), Name, Kind(TokenKind.Equal, "'='"), LateExpression, String.Optional());

    private static readonly Parser<Token, TopLevelSyntax> Import =
        Map((kw, path) => (TopLevelSyntax)new ImportSyntax(path, Span(kw, path.Span)), Keyword("import"), String);

    // ---- Arithmetic ----

    // Pidgin's Labelled replaces everything a failing parser expected, even deep inside it. So labels
    // sit on one-token look-aheads like this one: "expected a condition" when a condition cannot even
    // start, and the precise expectation (a ')', say) once it has.
    private static readonly Parser<Token, Token> ExpressionStart =
        Lookahead(Token(t => t.Kind is TokenKind.Number or TokenKind.OpenParen ||
                             (t.Kind == TokenKind.Word && !Keywords.Reserved.Contains(t.Text))))
            .Labelled("an expression");

    private static readonly Parser<Token, Token> ConditionStart =
        Lookahead(Token(t => t.Kind is TokenKind.Number or TokenKind.OpenParen or TokenKind.Minus ||
                             (t.Kind == TokenKind.Word && (!Keywords.Reserved.Contains(t.Text) || t.Text is "true" or "false" or "known" or "not"))))
            .Labelled("a condition");
    private static Parser<Token, Func<ExpressionSyntax, ExpressionSyntax, ExpressionSyntax>> Binary(TokenKind kind, string label, ArithmeticOperator op) =>
        Kind(kind, label).ThenReturn<Func<ExpressionSyntax, ExpressionSyntax, ExpressionSyntax>>(
            (left, right) => new BinaryExpressionSyntax(left, op, right, Span(left, right)));

    // "count" is a keyword only before "of", so a fact may still be called count.
    private static readonly Parser<Token, ExpressionSyntax> Count =
        Map((kw, _, conditions, close) => (ExpressionSyntax)new CountExpressionSyntax(conditions.ToImmutableArray(), Span(kw, close.Span)),
            Try(Keyword("count").Before(Keyword("of"))), OpenParen, LateCondition.SeparatedAtLeastOnce(Comma), CloseParen);

    private static readonly Parser<Token, ExpressionSyntax> Expression = ExpressionParser.Build<Token, ExpressionSyntax>(
        expression => ExpressionStart.Then(OneOf(
                Kind(TokenKind.Number, "a number").Select(t => (ExpressionSyntax)new NumberExpressionSyntax(new NumberLiteralSyntax(t.Number, t.Text, t.Span))),
                Count,
                Name.Select(n => (ExpressionSyntax)new FactExpressionSyntax(n)),
                Map((open, inner, close) => (ExpressionSyntax)new ParenthesizedExpressionSyntax(inner, Span(open, close.Span)), OpenParen, expression, CloseParen))),
        new[]
        {
            Operator.PrefixChainable(Minus.Select<Func<ExpressionSyntax, ExpressionSyntax>>(
                minus => operand => new NegateExpressionSyntax(operand, Span(minus, operand.Span)))),
            Operator.InfixL(Binary(TokenKind.Star, "'*'", ArithmeticOperator.Multiply)
                .Or(Binary(TokenKind.Slash, "'/'", ArithmeticOperator.Divide))),
            Operator.InfixL(Binary(TokenKind.Plus, "'+'", ArithmeticOperator.Add)
                .Or(Binary(TokenKind.Minus, "'-'", ArithmeticOperator.Subtract))),
        });

    // ---- Conditions ----
    private static readonly Parser<Token, ComparisonOperator> ComparisonOperatorToken =
        Token(t => t.Kind is >= TokenKind.Less and <= TokenKind.NotEqual)
            .Select(t => t.Kind switch
            {
                TokenKind.Less => ComparisonOperator.Less,
                TokenKind.LessOrEqual => ComparisonOperator.LessOrEqual,
                TokenKind.Greater => ComparisonOperator.Greater,
                TokenKind.GreaterOrEqual => ComparisonOperator.GreaterOrEqual,
                TokenKind.Equal => ComparisonOperator.Equal,
                _ => ComparisonOperator.NotEqual,
            })
            .Labelled("a comparison operator");

    /// <summary>What may follow an expression in a condition: a comparison, or for a lone name <c>is</c>, <c>in</c>, <c>has</c>.</summary>
    private abstract record Suffix(TextSpan Span);
    private sealed record CompareSuffix(ComparisonOperator Operator, ExpressionSyntax Right, TextSpan Span) : Suffix(Span);
    private sealed record IsSuffix(bool Negated, NameSyntax Value, TextSpan Span) : Suffix(Span);
    private sealed record HasSuffix(bool Negated, NameSyntax Value, TextSpan Span) : Suffix(Span);
    private sealed record InSuffix(ImmutableArray<NameSyntax> Values, TextSpan Span) : Suffix(Span);

    private static readonly Parser<Token, Suffix> ConditionSuffix = OneOf(
        Map((op, right) => (Suffix)new CompareSuffix(op, right, right.Span), ComparisonOperatorToken, Expression)
            .Before(Lookahead(ComparisonOperatorToken).Optional()
                .Assert(second => !second.HasValue, "the end of the comparison (comparisons do not chain; join them with 'and')")),
        Map((kw, not, value) => (Suffix)new IsSuffix(not.HasValue, value, value.Span), Keyword("is"), Keyword("not").Optional(), Name),
        Map((kw, not, value) => (Suffix)new HasSuffix(not.HasValue, value, value.Span), Keyword("has"), Keyword("not").Optional(), Name),
        Map((kw, _, values, close) => (Suffix)new InSuffix(values, close.Span), Keyword("in"), OpenParen, Names, CloseParen));

    private static ConditionSyntax? CombineAtom(ExpressionSyntax left, Maybe<Suffix> suffix)
    {
        NameSyntax? fact = (left as FactExpressionSyntax)?.Fact;
        if (!suffix.HasValue) return fact is null ? null : new FactConditionSyntax(fact, fact.Span);
        TextSpan span = TextSpan.Between(left.Span, suffix.Value.Span);
        return suffix.Value switch
        {
            CompareSuffix c => new ComparisonConditionSyntax(left, c.Operator, c.Right, span),
            IsSuffix s when fact is not null => new IsConditionSyntax(fact, s.Negated, s.Value, span),
            HasSuffix s when fact is not null => new HasConditionSyntax(fact, s.Negated, s.Value, span),
            InSuffix s when fact is not null => new InConditionSyntax(fact, s.Values, span),
            _ => null,
        };
    }

    private static readonly Parser<Token, ConditionSyntax> NotAComparison =
        Fail<ConditionSyntax>("a comparison operator after the expression ('is', 'in' and 'has' need a fact name before them)");

    // Not Assert: it would drop what the inner parsers expected (a name after "in (a,", say) on failure.
    private static readonly Parser<Token, ConditionSyntax> ExpressionAtom =
        Expression.Then(ConditionSuffix.Optional(), CombineAtom)
            .Then(atom => atom is null ? NotAComparison : Return(atom));

    private static readonly Parser<Token, ConditionSyntax> Condition = Rec(() => OrCondition!);

    private static readonly Parser<Token, ConditionSyntax> Atom = OneOf(
            Keyword("true").Select(t => (ConditionSyntax)new LiteralConditionSyntax(true, t.Span)),
            Keyword("false").Select(t => (ConditionSyntax)new LiteralConditionSyntax(false, t.Span)),
            Map((kw, fact) => (ConditionSyntax)new KnownConditionSyntax(fact, Span(kw, fact.Span)), Keyword("known"), Name),
            Map((open, inner, close) => (ConditionSyntax)new ParenthesizedConditionSyntax(inner, Span(open, close.Span)),
                Token(t => t.Kind == TokenKind.OpenParen && !t.OpensExpression), Condition, CloseParen),
            ExpressionAtom);

    private static readonly Parser<Token, ConditionSyntax> NotCondition = Rec(() => ConditionStart.Then(
        OneOf(
            Map((kw, operand) => (ConditionSyntax)new NotConditionSyntax(operand, Span(kw, operand.Span)), Keyword("not"), NotCondition!),
            Atom)));

    private static readonly Parser<Token, ConditionSyntax> AndCondition =
        NotCondition.SeparatedAtLeastOnce(Keyword("and")).Select(operands =>
        {
            var list = operands.ToImmutableArray();
            return list.Length == 1 ? list[0] : new AndConditionSyntax(list, Span(list[0], list[^1]));
        });

    private static readonly Parser<Token, ConditionSyntax> OrCondition =
        AndCondition.SeparatedAtLeastOnce(Keyword("or")).Select(operands =>
        {
            var list = operands.ToImmutableArray();
            return list.Length == 1 ? list[0] : new OrConditionSyntax(list, Span(list[0], list[^1]));
        });

    // ---- Rules ----
    private static readonly Parser<Token, RuleActionSyntax> Action =
        Map((kw, targets) => new RuleActionSyntax(kw.Text switch
                {
                    "recommend" => ActionKind.Recommend,
                    "avoid" => ActionKind.Avoid,
                    _ => ActionKind.Conclude,
                }, targets, Span(kw, targets[^1].Span)),
            OneOf(Keyword("recommend"), Keyword("avoid"), Keyword("conclude")).Labelled("an action ('recommend', 'avoid' or 'conclude')"),
            Names);

    private static readonly Parser<Token, (Token Keyword, NameSyntax Name)> RuleHeader =
        Map((kw, name, _) => (kw, name), Keyword("rule"), Name, Colon);

    private static readonly Parser<Token, TopLevelSyntax> Rule =
        Map((header, ifKeyword, condition, _, actions, because) =>
            {
                var list = actions.ToImmutableArray();
                Token first = header.HasValue ? header.Value.Keyword : ifKeyword;
                TextSpan last = because.HasValue ? because.Value.Span : list[^1].Span;
                return (TopLevelSyntax)new RuleSyntax(header.HasValue ? header.Value.Name : null, ifKeyword.Span, condition, list,
                    because.GetValueOrDefault(), Span(first, last));
            },
            RuleHeader.Optional(), Keyword("if"), Condition, Keyword("then"), Action.SeparatedAtLeastOnce(Keyword("and")),
            Keyword("because").Then(String).Optional());

    // ---- Tests ----
    private static readonly Parser<Token, GivenSyntax> GivenItem = OneOf(
            Map((kw, fact) => new GivenSyntax(GivenKind.False, fact, null, null, Span(kw, fact.Span)), Keyword("not"), Name),
            Name.Then(
                OneOf(
                    Map((_, number) => new GivenSyntax(GivenKind.Number, null!, number, null, number.Span), Kind(TokenKind.Equal, "'='"), SignedNumber),
                    Map((_, value) => new GivenSyntax(GivenKind.Is, null!, null, value, value.Span), Keyword("is"), Name),
                    Map((_, value) => new GivenSyntax(GivenKind.Has, null!, null, value, value.Span), Keyword("has"), Name)).Optional(),
                (fact, rest) => rest.HasValue
                    ? rest.Value with { Fact = fact, Span = TextSpan.Between(fact.Span, rest.Value.Span) }
                    : new GivenSyntax(GivenKind.True, fact, null, null, fact.Span)))
        .Labelled("a fact ('NAME', 'not NAME', 'NAME = NUMBER', 'NAME is VALUE' or 'NAME has VALUE')");

    private abstract record TestClause;
    private sealed record GivenClause(ImmutableArray<GivenSyntax> Items) : TestClause;
    private sealed record ExpectClause(ExpectSyntax Expectation) : TestClause;

    private sealed record ExpectBodySyntax(ExpectKind Kind, ImmutableArray<NameSyntax> Targets, ImmutableArray<NameSyntax>? Missing, TextSpan End,
        NumberLiteralSyntax? Value = null);

    private static readonly Parser<Token, ExpectBodySyntax> ListExpectation =
        Map((kw, targets) => new ExpectBodySyntax(kw.Text switch
            {
                "recommend" => ExpectKind.Recommend,
                "avoid" => ExpectKind.Avoid,
                "conclude" => ExpectKind.Conclude,
                "withheld" => ExpectKind.Withheld,
                _ => ExpectKind.Fires,
            }, targets, null, targets[^1].Span),
            OneOf(Keyword("recommend"), Keyword("avoid"), Keyword("conclude"), Keyword("fires"), Keyword("withheld")), Names);

    private static readonly Parser<Token, ExpectBodySyntax> UndeterminedExpectation =
        Map((_, rule, missing) => new ExpectBodySyntax(ExpectKind.Undetermined, ImmutableArray.Create(rule),
                missing.HasValue ? missing.Value : null, missing.HasValue ? missing.Value[^1].Span : rule.Span),
            Keyword("undetermined"), Name, Keyword("missing").Then(Names).Optional());

    // expect score NAME = NUMBER | expect score NAME unknown (only in the positive form).
    private static readonly Parser<Token, ExpectBodySyntax> ScoreExpectation =
        Map((_, name, value) => new ExpectBodySyntax(ExpectKind.Score, ImmutableArray.Create(name), null,
                value.Value?.Span ?? value.Unknown!.Span, value.Value),
            Keyword("score"), Name,
            OneOf(
                    Kind(TokenKind.Equal, "'='").Then(SignedNumber).Select(n => (Value: (NumberLiteralSyntax?)n, Unknown: (Token?)null)),
                    Keyword("unknown").Select(t => (Value: (NumberLiteralSyntax?)null, Unknown: (Token?)t)))
                .Labelled("'= NUMBER' or 'unknown'"));

    private static readonly Parser<Token, ExpectBodySyntax> NegatableExpectation =
        Lookahead(Token(t => t.Kind == TokenKind.Word && t.Text is "recommend" or "avoid" or "conclude" or "fires" or "undetermined" or "withheld"))
            .Labelled("'recommend', 'avoid', 'conclude', 'fires', 'undetermined' or 'withheld'")
            .Then(OneOf(UndeterminedExpectation, ListExpectation));

    private static readonly Parser<Token, ExpectBodySyntax> AnyExpectation =
        Lookahead(Token(t => t.Kind == TokenKind.Word && t.Text is "recommend" or "avoid" or "conclude" or "fires" or "undetermined" or "withheld" or "score"))
            .Labelled("'recommend', 'avoid', 'conclude', 'fires', 'undetermined', 'withheld' or 'score'")
            .Then(OneOf(UndeterminedExpectation, ScoreExpectation, ListExpectation));

    private static readonly Parser<Token, TestClause> Clause = OneOf(
        Keyword("given").Then(GivenItem.SeparatedAtLeastOnce(Comma)).Select(items => (TestClause)new GivenClause(items.ToImmutableArray())),
        Keyword("expect").Then(
            OneOf(
                Keyword("not").Then(NegatableExpectation, (not, body) => (Negated: true, Body: body)),
                AnyExpectation.Select(body => (Negated: false, Body: body))),
            (kw, expect) => (TestClause)new ExpectClause(new ExpectSyntax(expect.Negated, expect.Body.Kind, expect.Body.Targets, expect.Body.Missing,
                Span(kw, expect.Body.End), expect.Body.Value))));

    private static readonly Parser<Token, TopLevelSyntax> Test =
        Map((kw, name, colon, clauses) =>
            {
                var list = clauses.ToList();
                TextSpan last = list.Count == 0 ? colon.Span : list[^1] switch
                {
                    GivenClause g => g.Items[^1].Span,
                    ExpectClause e => e.Expectation.Span,
                    _ => colon.Span,
                };
                return (TopLevelSyntax)new TestSyntax(name,
                    list.OfType<GivenClause>().SelectMany(g => g.Items).ToImmutableArray(),
                    list.OfType<ExpectClause>().Select(e => e.Expectation).ToImmutableArray(),
                    Span(kw, last));
            },
            Keyword("test"), String, Colon, Clause.Many());

    /// <summary>One whole top-level item, and nothing after it.</summary>
    public static readonly Parser<Token, TopLevelSyntax> Item =
        OneOf(Import, Fact, Score, Recommendation, Test, Rule)
            .Before(End.Labelled("the end of the item"));
}
