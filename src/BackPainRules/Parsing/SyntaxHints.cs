using System.Text.RegularExpressions;
using BackPainRules.Diagnostics;
using BackPainRules.Syntax;

namespace BackPainRules.Parsing;

/// <summary>
/// Typical mistakes behind a syntax error, recognised from the tokens around it, so that the one diagnostic
/// a broken item gets says how to fix it rather than only what the grammar expected.
/// </summary>
internal static partial class SyntaxHints
{
    private static readonly IReadOnlyDictionary<string, string> Synonyms = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["boolean"] = "bool",
        ["yesno"] = "bool",
        ["yes_no"] = "bool",
        ["int"] = "number",
        ["integer"] = "number",
        ["float"] = "number",
        ["double"] = "number",
        ["decimal"] = "number",
        ["numeric"] = "number",
        ["when"] = "if",
        ["else"] = "then",
        ["than"] = "then",
        ["so"] = "then",
        ["do"] = "then",
        ["recommends"] = "recommend",
        ["avoids"] = "avoid",
        ["concludes"] = "conclude",
        ["expects"] = "expect",
    };

    /// <summary>A recognised mistake at <paramref name="found"/>, after <paramref name="previous"/>; null if none is recognised.</summary>
    public static Diagnostic? Diagnose(SourceLocation at, Token itemStart, bool afterExpectScore, Token? beforePrevious, Token? previous, Token found)
    {
        bool inTest = itemStart.IsWord("test");
        bool inRule = itemStart.IsWord("rule") || itemStart.IsWord("if");
        // given a and b
        if (inTest && found.IsWord("and")) return DiagnosticCatalogue.GivenJoinedWithAnd(at);
        // given bothersomeness = extremely
        if (inTest && !afterExpectScore && found.Kind == TokenKind.Word && previous is { Kind: TokenKind.Equal } && beforePrevious is { Kind: TokenKind.Word } givenFact)
        {
            return DiagnosticCatalogue.GivenValueWithEquals(at, givenFact.Text, found.Text);
        }
        // expect score total = high
        if (inTest && afterExpectScore && found.Kind == TokenKind.Word && previous is { Kind: TokenKind.Equal } && beforePrevious is { Kind: TokenKind.Word } score)
        {
            return DiagnosticCatalogue.ScoreExpectedWithWord(at, score.Text, found.Text);
        }
        // expect score total >= 4
        if (inTest && found.IsOperator && found.Kind != TokenKind.Equal && previous is { Kind: TokenKind.Word } scored && beforePrevious is not null && beforePrevious.IsWord("score"))
        {
            return DiagnosticCatalogue.ScoreExpectedWithComparison(at, scored.Text, found.Text);
        }
        // if a then recommend x unless b
        if (inRule && found.IsWord("unless")) return DiagnosticCatalogue.UnlessOnRule(at);
        // leg_pain = true
        if (found.Kind == TokenKind.Word && found.Text is "true" or "false" &&
            previous is { Kind: TokenKind.Equal or TokenKind.NotEqual })
        {
            return DiagnosticCatalogue.BoolComparedWithLiteral(at, beforePrevious is { Kind: TokenKind.Word } fact ? fact.Text : "FACT", found.Text);
        }
        // a == b
        if (found.Kind == TokenKind.Equal && previous is { Kind: TokenKind.Equal } && previous.Span.End == found.Span.Start)
        {
            return DiagnosticCatalogue.DoubleEquals(at);
        }
        // count(a, b)
        if (found.Kind == TokenKind.OpenParen && previous is { Kind: TokenKind.Word, Text: "count" })
        {
            return DiagnosticCatalogue.CountWithoutOf(at);
        }
        // recommend a, conclude b
        if (found.Kind == TokenKind.Word && found.Text is "recommend" or "avoid" or "conclude" && previous is { Kind: TokenKind.Comma })
        {
            return DiagnosticCatalogue.ActionsJoinedWithComma(at, found.Text);
        }
        // 5km
        if (found.Kind == TokenKind.Word && previous is { Kind: TokenKind.Number } && previous.Span.End == found.Span.Start)
        {
            return DiagnosticCatalogue.NumberWithUnit(at, previous.Text, found.Text);
        }
        // given pain = 'yes'? 'x' lexes as an unexpected character, reported by the lexer; nothing to add here.
        return null;
    }

    /// <summary>
    /// The keyword among the grammar's expectations (<paramref name="labels"/>, which quote the words they expect)
    /// that the word found is most likely a misspelling of, or null.
    /// </summary>
    public static string? KeywordMeant(string found, IReadOnlyList<string> labels)
    {
        var keywords = labels.SelectMany(l => QuotedWord().Matches(l).Select(m => m.Groups[1].Value)).ToList();
        // At the end of an item, the word may be a misspelt clause keyword or the start of the next item.
        if (labels.Contains("the end of the item")) keywords.AddRange(ClauseAndItemWords);
        keywords = keywords.Distinct().ToList();
        if (keywords.Count == 0 || keywords.Contains(found)) return null;
        string lower = found.ToLowerInvariant();
        if (lower != found && keywords.Contains(lower)) return lower;
        if (Synonyms.TryGetValue(lower, out var synonym) && keywords.Contains(synonym)) return synonym;
        if (lower.Length < 3) return null;
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var keyword in keywords)
        {
            int distance = Distance(lower, keyword);
            if (distance <= Math.Max(1, lower.Length / 3) && distance < bestDistance)
            {
                best = keyword;
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary>The word that starts an item that <paramref name="found"/>, where an item must start, most likely meant, or null.</summary>
    public static string? ItemKeywordMeant(string found) =>
        KeywordMeant(found, new[] { "'fact', 'score', 'recommendation', 'rule', 'if', 'test', 'import'" });

    private static readonly string[] ClauseAndItemWords =
        { "because", "priority", "unless", "and", "or", "given", "expect", "fact", "score", "recommendation", "rule", "test", "import" };

    [GeneratedRegex("'([a-z_]+)'")]
    private static partial Regex QuotedWord();

    /// <summary>Edit distance with swaps of neighbours, as for "did you mean" on names.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
