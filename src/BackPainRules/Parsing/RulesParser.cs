using System.Collections.Immutable;
using BackPainRules.Diagnostics;
using BackPainRules.Syntax;
using BackPainRules.Text;
using Pidgin;

namespace BackPainRules.Parsing;

/// <summary>
/// Parses a whole rule file. The file is cut into items at the words that can only start one
/// (<c>fact</c>, <c>recommendation</c>, <c>rule</c>, <c>if</c>, <c>test</c>, <c>import</c>), and each
/// item is parsed on its own: a broken item becomes an <see cref="ErrorSyntax"/> with one
/// diagnostic, and parsing goes on with the next, so every broken item of a file is reported.
/// </summary>
public static class RulesParser
{
    /// <summary>How deeply conditions may nest (parentheses and <c>not</c>) before it is an error (SPEC §1).</summary>
    public const int MaxNestingDepth = 100;

    /// <summary>The longest rule file read, in characters (16 Mi): far beyond any hand-written rule set.</summary>
    public const int MaxFileLength = 16 * 1024 * 1024;

    /// <summary>The longest line, in characters: a longer one is almost surely not a rule a person wrote.</summary>
    public const int MaxLineLength = 10_000;

    /// <summary>Parses a file. Never throws for any text; problems come back as diagnostics.</summary>
    public static RulesFileSyntax Parse(SourceText source) => Parse(source, reuse: null);

    /// <summary>Parses a file, taking the items <paramref name="reuse"/> already knows from it instead of parsing them again.</summary>
    internal static RulesFileSyntax Parse(SourceText source, ItemReuse? reuse)
    {
        if (source.Text.Length > MaxFileLength)
        {
            var tooLarge = DiagnosticCatalogue.FileTooLarge(SourceLocation.Of(source, new TextSpan(0, 0)), source.Text.Length, MaxFileLength);
            return new RulesFileSyntax(source, ImmutableArray<TopLevelSyntax>.Empty, ImmutableArray<Comment>.Empty, ImmutableArray.Create(tooLarge));
        }
        var (tokens, comments, diagnostics) = Lexer.Lex(source);
        diagnostics.AddRange(LongLines(source));
        var items = ImmutableArray.CreateBuilder<TopLevelSyntax>();
        foreach (var (start, end) in Chunks(source.Text, tokens))
        {
            items.Add(ParseItem(source, tokens, start, end, diagnostics, reuse));
        }
        return new RulesFileSyntax(source, items.ToImmutable(), comments.ToImmutableArray(), diagnostics.ToImmutableArray());
    }

    /// <summary>Parses text held in memory; <paramref name="path"/> is only used in messages.</summary>
    public static RulesFileSyntax Parse(string text, string path = "<text>") => Parse(new SourceText(path, text));

    private static IEnumerable<Diagnostic> LongLines(SourceText source)
    {
        int lineStart = 0;
        string text = source.Text;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != '\n') continue;
            int end = i > lineStart && text[i - 1] == '\r' ? i - 1 : i;
            if (end - lineStart > MaxLineLength)
            {
                yield return DiagnosticCatalogue.LineTooLong(SourceLocation.Of(source, new TextSpan(lineStart + MaxLineLength, 0)), end - lineStart, MaxLineLength);
            }
            lineStart = i + 1;
        }
    }

    private static IEnumerable<(int Start, int End)> Chunks(string text, Token[] tokens)
    {
        int start = 0;
        bool ruleHeaderWithoutIf = false;
        for (int i = 0; i < tokens.Length; i++)
        {
            Token token = tokens[i];
            if (token.Kind != TokenKind.Word) continue;
            if (!Keywords.ItemStarts.Contains(token.Text))
            {
                // "fcat tired: bool" at the start of a line is an item of its own with a misspelt keyword:
                // cut there, so it is reported once as such and still declares its name, instead of being
                // swallowed by the item before it (which would leave every use of 'tired' undeclared).
                if (i > start && StartsMisspeltItem(text, tokens, i))
                {
                    yield return (start, i);
                    start = i;
                    ruleHeaderWithoutIf = false;
                }
                continue;
            }
            // "rule name: if ..." is one item: its "if" continues the rule header rather than starting a new rule.
            if (token.Text == "if" && ruleHeaderWithoutIf)
            {
                ruleHeaderWithoutIf = false;
                continue;
            }
            // "expect score NAME = 3" is a test's expectation, not a score declaration.
            if (token.Text == "score" && i > 0 && tokens[i - 1].IsWord("expect")) continue;
            if (i > start) yield return (start, i);
            start = i;
            ruleHeaderWithoutIf = token.Text == "rule";
        }
        if (tokens.Length > start) yield return (start, tokens.Length);
    }

    /// <summary>
    /// Whether the word at <paramref name="i"/> looks like a misspelt item keyword starting an item: the first
    /// thing on its line, not indented (continuation lines are), close to an item keyword, and followed by
    /// what that item has next (<c>fcat NAME:</c>, <c>scroe NAME =</c>, <c>tset "..."</c>,
    /// <c>recomendation NAME "..."</c>), which no condition, action list or expectation has.
    /// </summary>
    private static bool StartsMisspeltItem(string text, Token[] tokens, int i)
    {
        Token token = tokens[i];
        if (token.Span.Start > 0 && text[token.Span.Start - 1] != '\n') return false;
        string? meant = SyntaxHints.ItemKeywordMeant(token.Text);
        if (meant is null) return false;
        Token? next = i + 1 < tokens.Length ? tokens[i + 1] : null;
        Token? afterName = i + 2 < tokens.Length ? tokens[i + 2] : null;
        bool nameNext = next is { Kind: TokenKind.Word } && !Keywords.Reserved.Contains(next.Text);
        return meant switch
        {
            "fact" or "rule" => nameNext && afterName is { Kind: TokenKind.Colon },
            "score" => nameNext && afterName is { Kind: TokenKind.Equal },
            "test" => next is { Kind: TokenKind.String },
            "recommendation" => nameNext && (afterName is null or { Kind: TokenKind.String } || afterName.IsWord("priority") ||
                afterName.IsWord("unless") || text.AsSpan(next!.Span.End, afterName.Span.Start - next.Span.End).Contains('\n')),
            _ => false,
        };
    }

    private static TopLevelSyntax ParseItem(SourceText source, Token[] tokens, int start, int end, List<Diagnostic> diagnostics, ItemReuse? reuse)
    {
        if (reuse?.Find(source.Text, tokens, start, end) is { } reused) return reused;

        var chunk = tokens[start..end];
        var span = TextSpan.Between(chunk[0].Span, chunk[^1].Span);

        // Checked before parsing so that no input, however deep, can exhaust the stack.
        if (FindTooDeep(chunk) is { } tooDeep)
        {
            diagnostics.Add(DiagnosticCatalogue.NestingTooDeep(SourceLocation.Of(source, tooDeep.Span), MaxNestingDepth));
            return new ErrorSyntax(span);
        }

        var result = Grammar.Item.Parse(chunk);
        if (result.Success)
        {
            reuse?.Keep(source.Text, tokens, start, end, result.Value);
            return result.Value;
        }

        diagnostics.Add(ToDiagnostic(source, tokens, start, end, result.Error!));
        return new ErrorSyntax(span, DeclaredName(chunk));
    }

    /// <summary>
    /// The name a broken item still declares: <c>rule NAME:</c>, <c>fact NAME:</c>, <c>recommendation NAME</c> or
    /// <c>score NAME =</c> at its start, so that its uses are not reported as well (one mistake, one diagnostic).
    /// </summary>
    private static NameSyntax? DeclaredName(Token[] chunk)
    {
        if (chunk.Length < 2 || chunk[0].Kind != TokenKind.Word) return null;
        // A misspelt keyword ("fcat tired: bool") declares what the keyword it was meant to be would.
        string keyword = Keywords.ItemStarts.Contains(chunk[0].Text) ? chunk[0].Text : SyntaxHints.ItemKeywordMeant(chunk[0].Text) ?? "";
        if (keyword is not ("rule" or "fact" or "recommendation" or "score")) return null;
        Token name = chunk[1];
        if (name.Kind != TokenKind.Word || !Names.IsValid(name.Text) || Names.IsReserved(name.Text)) return null;
        return new NameSyntax(name.Text, name.Span);
    }

    private static Diagnostic ToDiagnostic(SourceText source, Token[] tokens, int start, int end, ParseError<Token> error)
    {
        int index = start + error.ErrorOffset;
        // Running off the end of an item means the next item's first word (or the end of the file) came too soon.
        Token? found = index < end ? tokens[index] : end < tokens.Length ? tokens[end] : null;
        TextSpan at = found?.Span ?? new TextSpan(source.Text.Length, 0);
        var location = SourceLocation.Of(source, at);
        string? foundText = found?.Describe();
        if (error.ErrorOffset == 0)
        {
            return found is { Kind: TokenKind.Word } first && SyntaxHints.ItemKeywordMeant(first.Text) is { } item
                ? DiagnosticCatalogue.MisspeltItemKeyword(location, foundText!, item)
                : DiagnosticCatalogue.ItemExpected(location, foundText);
        }
        Token? previous = index - 1 >= start && index - 1 < tokens.Length ? tokens[index - 1] : null;
        if (found is { } token && SyntaxHints.Diagnose(location, tokens[start], index - 3 >= start && tokens[index - 3].IsWord("score"), index - 2 >= start ? tokens[index - 2] : null, previous, token) is { } hint)
        {
            return hint;
        }
        if (error.Message is { } message) return DiagnosticCatalogue.SyntaxError(location, new[] { message }, foundText);

        // The grammar's labels say what each rule expects (Pidgin's Labelled); the end of the item has none of its own.
        var labels = error.Expected
            .Select(e => e.Label ?? (e.IsEof ? "the end of the item" : null))
            .OfType<string>()
            .Distinct()
            .ToList();
        // if a recommend x: the actions come after 'then'.
        if (found is { Kind: TokenKind.Word, Text: "recommend" or "avoid" or "conclude" } action && labels.Contains("'then'"))
        {
            return DiagnosticCatalogue.ThenMissing(location, action.Text);
        }
        // recommend a and b: 'and' starts another action.
        if (found is { Kind: TokenKind.Word } listed && previous is { Kind: TokenKind.Word, Text: "and" } && labels.Any(l => l.StartsWith("an action", StringComparison.Ordinal)) &&
            SyntaxHints.KeywordMeant(listed.Text, labels) is null)
        {
            return DiagnosticCatalogue.ActionTargetsJoinedWithAnd(location, listed.Text);
        }
        if (found is { Kind: TokenKind.Word } word && SyntaxHints.KeywordMeant(word.Text, labels) is { } meant)
        {
            return DiagnosticCatalogue.MisspeltKeyword(location, labels, foundText!, meant);
        }
        return DiagnosticCatalogue.SyntaxError(location, labels, foundText);
    }

    /// <summary>The token at which nesting (parentheses and chained <c>not</c>/<c>-</c>) first passes the limit, if it does.</summary>
    private static Token? FindTooDeep(Token[] chunk)
    {
        // Depth of the current parenthesis level, plus prefix operators stacked at that level.
        var prefixes = new Stack<int>();
        int currentPrefixes = 0;
        Token? previous = null;
        foreach (Token token in chunk)
        {
            // A minus after an operand subtracts; only a minus in operand position nests.
            bool prefixMinus = token.Kind == TokenKind.Minus &&
                previous is not { Kind: TokenKind.Number or TokenKind.Word or TokenKind.CloseParen };
            bool afterIsHasOrExpect = previous is { Kind: TokenKind.Word, Text: "is" or "has" or "expect" };
            previous = token;
            switch (token.Kind)
            {
                case TokenKind.OpenParen:
                    prefixes.Push(currentPrefixes);
                    currentPrefixes = 0;
                    break;
                case TokenKind.CloseParen when prefixes.Count > 0:
                    currentPrefixes = prefixes.Pop();
                    break;
                // "is not", "has not" and a test's "expect not" negate one atom or expectation; they do not nest.
                case TokenKind.Word when token.Text == "not" && !afterIsHasOrExpect:
                case TokenKind.Minus when prefixMinus:
                    currentPrefixes++;
                    break;
                case TokenKind.Word when token.Text is "and" or "or" or "then" or "given" or "expect":
                case TokenKind.Comma:
                    currentPrefixes = 0;
                    break;
            }
            int depth = prefixes.Count + prefixes.Sum() + currentPrefixes;
            if (depth > MaxNestingDepth) return token;
        }
        return null;
    }
}
