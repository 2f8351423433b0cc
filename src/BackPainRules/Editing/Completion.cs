using BackPainRules.Parsing;
using BackPainRules.Semantics;
using BackPainRules.Syntax;

namespace BackPainRules.Editing;

/// <summary>What a completion item names.</summary>
public enum CompletionKind
{
    /// <summary>A word of the language.</summary>
    Keyword,
    /// <summary>A fact.</summary>
    Fact,
    /// <summary>A recommendation.</summary>
    Recommendation,
    /// <summary>A named rule.</summary>
    Rule,
    /// <summary>A value of a <c>one of</c> or <c>any of</c> fact.</summary>
    Value,
    /// <summary>A score: a named number computed from facts.</summary>
    Score,
}

/// <summary>One suggestion: the text to insert, what it is, a one-line detail and a longer description.</summary>
public sealed record CompletionItem(string Label, CompletionKind Kind, string? Detail, string? Documentation);

/// <summary>
/// Completion in context: facts where a condition is expected, scores wherever a number goes,
/// recommendations after <c>recommend</c>/<c>avoid</c>/<c>withheld</c>, bool facts after <c>conclude</c>,
/// a fact's values after <c>is</c>/<c>in</c>/<c>has</c>, names in <c>given</c>/<c>expect</c>, and the
/// keywords that fit (<c>count of</c> where a number goes, <c>unless</c> after a recommendation's
/// description or priority).
/// The context is read from the tokens before the cursor, so it works in a half-written rule.
/// </summary>
public static class Completion
{
    private static readonly string[] ItemKeywords = { "fact", "score", "recommendation", "rule", "if", "test", "import" };
    private static readonly string[] ConditionKeywords = { "not", "known", "true", "false", "count of" };
    private static readonly string[] NumberKeywords = { "count of" };
    private static readonly string[] ActionKeywords = { "recommend", "avoid", "conclude" };
    private static readonly string[] ExpectKeywords = { "not", "recommend", "avoid", "conclude", "fires", "undetermined", "withheld", "score" };
    // 'expect not score' is not a form: a score is expected to be a number or unknown.
    private static readonly string[] NegatedExpectKeywords = { "recommend", "avoid", "conclude", "fires", "undetermined", "withheld" };

    /// <summary>The suggestions at <paramref name="offset"/> in the document.</summary>
    public static IReadOnlyList<CompletionItem> Complete(DocumentAnalysis document, int offset)
    {
        // Only the item the cursor is in gives context: lex from its start, not from the top of a long file.
        offset = Math.Clamp(offset, 0, document.Source.Text.Length);
        int start = 0;
        foreach (var item in document.Syntax.Items)
        {
            if (item.Span.Start >= offset) break;
            start = item.Span.Start;
        }
        var (tokens, _, _) = Lexer.Lex(new Text.SourceText(document.Path, document.Source.Text[start..offset]));
        tokens = tokens.Select(t => t with { Span = new Text.TextSpan(t.Span.Start + start, t.Span.Length) }).ToArray();
        // The word being typed is not context: drop it.
        var before = tokens.ToList();
        if (before.Count > 0 && before[^1].Kind == TokenKind.Word && before[^1].Span.End == offset) before.RemoveAt(before.Count - 1);
        return Suggest(document.Model, before);
    }

    private static IReadOnlyList<CompletionItem> Suggest(RuleSetModel model, List<Token> before)
    {
        Token? previous = before.Count > 0 ? before[^1] : null;
        Token? second = before.Count > 1 ? before[^2] : null;
        if (previous is null) return Keywords(ItemKeywords);

        Token? third = before.Count > 2 ? before[^3] : null;
        string? item = before[0].Kind == TokenKind.Word ? before[0].Text : null;

        switch (previous.Kind)
        {
            case TokenKind.Comma:
                return AfterComma(model, before);
            case TokenKind.OpenParen when second?.IsWord("in") == true:
                return ValuesOf(model, third);
            case TokenKind.Equal when third?.IsWord("score") == true && before.Count > 3 && before[^4].IsWord("expect"):
                // expect score NAME = NUMBER: a number literal, nothing to offer.
                return Array.Empty<CompletionItem>();
            case TokenKind.Equal when third?.IsWord("score") == true && before.Count == 3:
                // score NAME = |: the score's expression.
                return Numbers(model);
            case TokenKind.OpenParen:
            case >= TokenKind.Less and <= TokenKind.NotEqual:
                return Facts(model, f => f.Type is FactType.Number or FactType.Bool or FactType.OneOf or FactType.AnyOf)
                    .Concat(Scores(model)).Concat(Keywords(ConditionKeywords)).ToList();
            case >= TokenKind.Plus:
                // After an arithmetic operator (every kind from Plus on is one): a number.
                return Numbers(model);
            case TokenKind.Colon when second is { Kind: TokenKind.Word } && third?.IsWord("fact") == true:
                return Keywords(new[] { "bool", "number", "one of", "any of" });
            case TokenKind.String when item == "recommendation" && !before.Any(t => t.IsWord("unless")):
                // recommendation NAME "..." |: its priority or contraindication, or the next item.
                return Keywords(new[] { "priority", "unless" }.Concat(ItemKeywords));
        }
        if (previous.Kind != TokenKind.Word) return Keywords(ItemKeywords);

        if (item == "recommendation" && second?.IsWord("priority") == true && !before.Any(t => t.IsWord("unless")))
        {
            // recommendation NAME "..." priority high |
            return Keywords(new[] { "unless" }.Concat(ItemKeywords));
        }

        switch (previous.Text)
        {
            case "score" when second?.IsWord("expect") == true:
                return Scores(model).ToList();
            case "score" when before.Count == 1:
                // A new score's name: nothing to offer.
                return Array.Empty<CompletionItem>();
            case "count":
                return Keywords(new[] { "of" });
            case "withheld":
                return Recommendations(model);
            case "unless":
                return Facts(model, _ => true).Concat(Scores(model)).Concat(Keywords(ConditionKeywords)).ToList();
            case "recommend" or "avoid":
                return Recommendations(model);
            case "conclude":
                return Facts(model, f => f.Type == FactType.Bool);
            case "fires" or "undetermined":
                return Rules(model);
            case "known":
                return Facts(model, _ => true).Concat(Scores(model)).ToList();
            case "missing" or "given":
                // Scores and concluded facts are computed, never given; 'missing' lists facts only.
                return previous.Text == "given" ? GivenFacts(model) : Facts(model, _ => true);
            case "is" or "has":
                return ValuesOf(model, second).Concat(Keywords(new[] { "not" })).ToList();
            case "not" when second is { Kind: TokenKind.Word, Text: "is" or "has" }:
                return ValuesOf(model, before.Count > 2 ? before[^3] : null);
            case "not" when second?.IsWord("expect") == true:
                return Keywords(NegatedExpectKeywords);
            case "not" when InGiven(before):
                return Facts(model, f => f.Type == FactType.Bool && !f.IsConcluded);
            case "expect":
                return Keywords(ExpectKeywords);
            case "then":
                return Keywords(ActionKeywords);
            case "and" when InActions(before):
                return Keywords(ActionKeywords);
            case "if" or "and" or "or" or "not":
                return Facts(model, _ => true).Concat(Scores(model)).Concat(Keywords(ConditionKeywords)).ToList();
            case "priority":
                return Keywords(Enum.GetValues<Priority>().Select(Priorities.Keyword).ToArray());
            case "one" or "any":
                return Keywords(new[] { "of" });
        }
        return Keywords(ItemKeywords);
    }

    /// <summary>After a comma, the list's head decides: <c>recommend a, |</c>, <c>given x, |</c>, <c>in (a, |</c>...</summary>
    private static IReadOnlyList<CompletionItem> AfterComma(RuleSetModel model, List<Token> before)
    {
        for (int i = before.Count - 1; i >= 0; i--)
        {
            var token = before[i];
            if (token.Kind is TokenKind.Comma or TokenKind.Number or TokenKind.Equal || token.Kind == TokenKind.Word && !Syntax.Keywords.Reserved.Contains(token.Text) && !IsListHead(token.Text))
            {
                continue;
            }
            if (token.IsWord("not") || token.IsWord("is") || token.IsWord("has")) continue;
            if (token.Kind == TokenKind.OpenParen && i > 0 && before[i - 1].IsWord("in")) return ValuesOf(model, i > 1 ? before[i - 2] : null);
            if (token.Kind == TokenKind.OpenParen && i > 1 && before[i - 1].IsWord("of") && before[i - 2].IsWord("count"))
            {
                // count of (a, |: another condition.
                return Facts(model, _ => true).Concat(Scores(model)).Concat(Keywords(ConditionKeywords)).ToList();
            }
            if (token.Kind != TokenKind.Word) break;
            return token.Text switch
            {
                "recommend" or "avoid" or "withheld" => Recommendations(model),
                "conclude" => Facts(model, f => f.Type == FactType.Bool),
                "fires" => Rules(model),
                "missing" => Facts(model, _ => true),
                "given" => GivenFacts(model),
                _ => Array.Empty<CompletionItem>(),
            };
        }
        return Array.Empty<CompletionItem>();
    }

    private static bool IsListHead(string word) => word is "fires" or "missing" or "withheld" or "of";

    private static bool InActions(List<Token> before)
    {
        for (int i = before.Count - 1; i >= 0; i--)
        {
            if (before[i].IsWord("then")) return true;
            if (before[i].Kind == TokenKind.Word && (before[i].Text == "if" || Syntax.Keywords.ItemStarts.Contains(before[i].Text))) return false;
        }
        return false;
    }

    /// <summary>What a test's <c>given</c> can name: the facts no rule concludes (SPEC §7), and <c>not</c>.</summary>
    private static List<CompletionItem> GivenFacts(RuleSetModel model) =>
        Facts(model, f => !f.IsConcluded).Concat(Keywords(new[] { "not" })).ToList();

    private static bool InGiven(List<Token> before)
    {
        for (int i = before.Count - 1; i >= 0; i--)
        {
            if (before[i].IsWord("given")) return true;
            if (before[i].IsWord("expect") || before[i].IsWord("test")) return false;
        }
        return false;
    }

    private static IReadOnlyList<CompletionItem> ValuesOf(RuleSetModel model, Token? factToken)
    {
        if (factToken is null || model.Lookup(factToken.Text) is not FactSymbol { Type: FactType.OneOf or FactType.AnyOf } fact)
        {
            return Array.Empty<CompletionItem>();
        }
        return fact.Values.Select(v => new CompletionItem(v, CompletionKind.Value, $"value of {fact.Name}", fact.Description)).ToList();
    }

    private static IReadOnlyList<CompletionItem> Facts(RuleSetModel model, Func<FactSymbol, bool> fits) =>
        model.Facts.Where(fits).Select(f => new CompletionItem(f.Name, CompletionKind.Fact, f.TypeText, f.Description)).ToList();

    /// <summary>What fits where a number goes: number facts, scores, and <c>count of</c>.</summary>
    private static IReadOnlyList<CompletionItem> Numbers(RuleSetModel model) =>
        Facts(model, f => f.Type == FactType.Number).Concat(Scores(model)).Concat(Keywords(NumberKeywords)).ToList();

    private static IEnumerable<CompletionItem> Scores(RuleSetModel model) =>
        model.Scores.Select(s => new CompletionItem(s.Name, CompletionKind.Score, $"score = {s.ExpressionText}", s.Description));

    private static IReadOnlyList<CompletionItem> Recommendations(RuleSetModel model) =>
        model.Recommendations.Select(r => new CompletionItem(r.Name, CompletionKind.Recommendation,
            $"recommendation, {Priorities.Keyword(r.Priority)}", r.Description)).ToList();

    private static IReadOnlyList<CompletionItem> Rules(RuleSetModel model) =>
        model.Rules.Where(r => r.IsNamed).Select(r => new CompletionItem(r.Id, CompletionKind.Rule, "rule", r.Because)).ToList();

    private static IReadOnlyList<CompletionItem> Keywords(IEnumerable<string> words) =>
        words.Select(w => new CompletionItem(w, CompletionKind.Keyword, "keyword", null)).ToList();
}
