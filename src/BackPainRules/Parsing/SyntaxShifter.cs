using System.Collections.Immutable;
using System.Diagnostics;
using BackPainRules.Syntax;
using BackPainRules.Text;

namespace BackPainRules.Parsing;

/// <summary>
/// Moves a parsed item to another place in a text: the same tree with every span moved by the same
/// distance. Syntax nodes hold absolute offsets, so an item reused by <see cref="ParseCache"/> after
/// text before it grew or shrank must be rebuilt with its new offsets; that is far cheaper than
/// running the grammar again. Every span-bearing property of every node kind is listed here; a node
/// kind added to the syntax must be added too (the parse-cache tests fail for one that is not).
/// </summary>
internal static class SyntaxShifter
{
    /// <summary>The item with every span moved by <paramref name="delta"/> characters; the item itself when it is 0.</summary>
    public static TopLevelSyntax Shift(TopLevelSyntax item, int delta) => delta == 0 ? item : item switch
    {
        RuleSyntax rule => new RuleSyntax(
            rule.Name is null ? null : Shift(rule.Name, delta),
            Shift(rule.IfSpan, delta),
            Shift(rule.Condition, delta),
            ImmutableArray.CreateRange(rule.Actions, static (action, d) => Shift(action, d), delta),
            rule.Because is null ? null : Shift(rule.Because, delta),
            Shift(rule.Span, delta)),
        FactDeclarationSyntax fact => new FactDeclarationSyntax(
            Shift(fact.Name, delta),
            Shift(fact.Type, delta),
            fact.Description is null ? null : Shift(fact.Description, delta),
            Shift(fact.Span, delta)),
        RecommendationDeclarationSyntax recommendation => new RecommendationDeclarationSyntax(
            Shift(recommendation.Name, delta),
            recommendation.Description is null ? null : Shift(recommendation.Description, delta),
            recommendation.Priority,
            recommendation.PrioritySpan is { } prioritySpan ? Shift(prioritySpan, delta) : null,
            Shift(recommendation.Span, delta),
            recommendation.Unless is { } unless ? Shift(unless, delta) : null),
        ScoreDeclarationSyntax score => new ScoreDeclarationSyntax(
            Shift(score.Name, delta),
            Shift(score.Expression, delta),
            score.Description is null ? null : Shift(score.Description, delta),
            Shift(score.Span, delta)),
        TestSyntax test => new TestSyntax(
            Shift(test.Name, delta),
            ImmutableArray.CreateRange(test.Given, static (given, d) => Shift(given, d), delta),
            ImmutableArray.CreateRange(test.Expectations, static (expectation, d) => Shift(expectation, d), delta),
            Shift(test.Span, delta)),
        ImportSyntax import => new ImportSyntax(Shift(import.Path, delta), Shift(import.Span, delta)),
        ErrorSyntax error => new ErrorSyntax(Shift(error.Span, delta), error.Declares is null ? null : Shift(error.Declares, delta)),
        _ => throw new UnreachableException($"{nameof(SyntaxShifter)} does not know the item kind {item.GetType().Name}."),
    };

    private static TextSpan Shift(TextSpan span, int delta) => new(span.Start + delta, span.Length);

    private static NameSyntax Shift(NameSyntax name, int delta) => new(name.Text, Shift(name.Span, delta));

    private static ImmutableArray<NameSyntax> Shift(ImmutableArray<NameSyntax> names, int delta) =>
        ImmutableArray.CreateRange(names, static (name, d) => Shift(name, d), delta);

    private static StringLiteralSyntax Shift(StringLiteralSyntax literal, int delta) => new(literal.Value, Shift(literal.Span, delta));

    private static NumberLiteralSyntax Shift(NumberLiteralSyntax literal, int delta) => new(literal.Value, literal.Text, Shift(literal.Span, delta));

    private static FactTypeSyntax Shift(FactTypeSyntax type, int delta) => type switch
    {
        BoolTypeSyntax => new BoolTypeSyntax(Shift(type.Span, delta)),
        NumberTypeSyntax number => new NumberTypeSyntax(
            number.Range is { } range ? new RangeSyntax(Shift(range.Low, delta), Shift(range.High, delta), Shift(range.Span, delta)) : null,
            Shift(number.Span, delta)),
        EnumTypeSyntax enumType => new EnumTypeSyntax(enumType.IsSet, Shift(enumType.Values, delta), Shift(enumType.Span, delta)),
        _ => throw new UnreachableException($"{nameof(SyntaxShifter)} does not know the type kind {type.GetType().Name}."),
    };

    private static RuleActionSyntax Shift(RuleActionSyntax action, int delta) =>
        new(action.Kind, Shift(action.Targets, delta), Shift(action.Span, delta));

    private static GivenSyntax Shift(GivenSyntax given, int delta) => new(
        given.Kind,
        Shift(given.Fact, delta),
        given.Number is null ? null : Shift(given.Number, delta),
        given.Value is null ? null : Shift(given.Value, delta),
        Shift(given.Span, delta));

    private static ExpectSyntax Shift(ExpectSyntax expectation, int delta) => new(
        expectation.Negated,
        expectation.Kind,
        Shift(expectation.Targets, delta),
        expectation.Missing is { } missing ? Shift(missing, delta) : null,
        Shift(expectation.Span, delta),
        expectation.Value is { } value ? Shift(value, delta) : null);

    private static ConditionSyntax Shift(ConditionSyntax condition, int delta) => condition switch
    {
        OrConditionSyntax or => new OrConditionSyntax(
            ImmutableArray.CreateRange(or.Operands, static (operand, d) => Shift(operand, d), delta), Shift(or.Span, delta)),
        AndConditionSyntax and => new AndConditionSyntax(
            ImmutableArray.CreateRange(and.Operands, static (operand, d) => Shift(operand, d), delta), Shift(and.Span, delta)),
        NotConditionSyntax not => new NotConditionSyntax(Shift(not.Operand, delta), Shift(not.Span, delta)),
        ParenthesizedConditionSyntax paren => new ParenthesizedConditionSyntax(Shift(paren.Inner, delta), Shift(paren.Span, delta)),
        LiteralConditionSyntax literal => new LiteralConditionSyntax(literal.Value, Shift(literal.Span, delta)),
        FactConditionSyntax fact => new FactConditionSyntax(Shift(fact.Fact, delta), Shift(fact.Span, delta)),
        KnownConditionSyntax known => new KnownConditionSyntax(Shift(known.Fact, delta), Shift(known.Span, delta)),
        ComparisonConditionSyntax comparison => new ComparisonConditionSyntax(
            Shift(comparison.Left, delta), comparison.Operator, Shift(comparison.Right, delta), Shift(comparison.Span, delta)),
        IsConditionSyntax @is => new IsConditionSyntax(Shift(@is.Fact, delta), @is.Negated, Shift(@is.Value, delta), Shift(@is.Span, delta)),
        InConditionSyntax @in => new InConditionSyntax(Shift(@in.Fact, delta), Shift(@in.Values, delta), Shift(@in.Span, delta)),
        HasConditionSyntax has => new HasConditionSyntax(Shift(has.Fact, delta), has.Negated, Shift(has.Value, delta), Shift(has.Span, delta)),
        _ => throw new UnreachableException($"{nameof(SyntaxShifter)} does not know the condition kind {condition.GetType().Name}."),
    };

    private static ExpressionSyntax Shift(ExpressionSyntax expression, int delta) => expression switch
    {
        NumberExpressionSyntax number => new NumberExpressionSyntax(Shift(number.Literal, delta)),
        FactExpressionSyntax fact => new FactExpressionSyntax(Shift(fact.Fact, delta)),
        NegateExpressionSyntax negate => new NegateExpressionSyntax(Shift(negate.Operand, delta), Shift(negate.Span, delta)),
        BinaryExpressionSyntax binary => ShiftChain(binary, delta),
        ParenthesizedExpressionSyntax paren => new ParenthesizedExpressionSyntax(Shift(paren.Inner, delta), Shift(paren.Span, delta)),
        CountExpressionSyntax count => new CountExpressionSyntax(
            ImmutableArray.CreateRange(count.Conditions, static (condition, d) => Shift(condition, d), delta), Shift(count.Span, delta)),
        _ => throw new UnreachableException($"{nameof(SyntaxShifter)} does not know the expression kind {expression.GetType().Name}."),
    };

    /// <summary>A left-deep chain (<c>a + b + c ...</c>) rebuilt with a loop, not recursion: a sum may have thousands of terms.</summary>
    private static ExpressionSyntax ShiftChain(BinaryExpressionSyntax binary, int delta)
    {
        var links = new Stack<BinaryExpressionSyntax>();
        ExpressionSyntax first = binary;
        while (first is BinaryExpressionSyntax link)
        {
            links.Push(link);
            first = link.Left;
        }
        ExpressionSyntax shifted = Shift(first, delta);
        while (links.TryPop(out var link))
        {
            shifted = new BinaryExpressionSyntax(shifted, link.Operator, Shift(link.Right, delta), Shift(link.Span, delta));
        }
        return shifted;
    }
}
