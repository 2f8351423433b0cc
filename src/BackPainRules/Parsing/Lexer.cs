using System.Globalization;
using System.Text;
using BackPainRules.Diagnostics;
using BackPainRules.Syntax;
using BackPainRules.Text;

namespace BackPainRules.Parsing;

/// <summary>
/// Turns the text of a rule file into tokens and comments. It never fails: a character it cannot
/// read is reported and skipped, so the parser always gets a token stream to work on.
/// </summary>
internal sealed class Lexer
{
    private readonly SourceText source;
    private readonly string text;
    private readonly List<Token> tokens = new();
    private readonly List<Comment> comments = new();
    private readonly List<Diagnostic> diagnostics = new();
    // One string per distinct word or number: a rule file names the same facts and keywords over and over,
    // and tokens are made again on every edit in an editor, so sharing them saves most of the lexer's garbage.
    private readonly HashSet<string> spellings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> spellingLookup;
    private int position;

    private Lexer(SourceText source)
    {
        this.source = source;
        text = source.Text;
        spellingLookup = spellings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The text from <paramref name="start"/> to the current position, as the one string kept for it.</summary>
    private string Spelling(int start)
    {
        var span = text.AsSpan(start, position - start);
        if (spellingLookup.TryGetValue(span, out var known)) return known;
        string spelling = span.ToString();
        spellings.Add(spelling);
        return spelling;
    }

    public static (Token[] Tokens, Comment[] Comments, List<Diagnostic> Diagnostics) Lex(SourceText source)
    {
        var lexer = new Lexer(source);
        lexer.Run();
        var tokens = lexer.tokens.ToArray();
        MarkExpressionParentheses(tokens);
        return (tokens, lexer.comments.ToArray(), lexer.diagnostics);
    }

    private void Run()
    {
        while (position < text.Length)
        {
            char c = text[position];
            if (c is ' ' or '\t' or '\r' or '\n' or '\f' or '\v') { position++; continue; }
            if (c == '#') { LexComment(); continue; }
            if (c == '"') { LexString(); continue; }
            if (c == '\'' && LexSingleQuotedString()) continue;
            if (c == '%' && tokens.Count > 0 && tokens[^1] is { Kind: TokenKind.Number } number && number.Span.End == position)
            {
                // "50%": one diagnostic for the unit, and the number still reads as a number.
                diagnostics.Add(DiagnosticCatalogue.NumberWithUnit(At(position, 1), number.Text, "%"));
                position++;
                continue;
            }
            if (char.IsAsciiDigit(c)) { LexNumber(); continue; }
            if (char.IsLetter(c) || c == '_') { LexWord(); continue; }
            if (LexPunctuation(c)) continue;

            int width = char.IsHighSurrogate(c) && position + 1 < text.Length ? 2 : 1;
            diagnostics.Add(DiagnosticCatalogue.UnexpectedCharacter(At(position, width), c));
            position += width;
        }
    }

    private SourceLocation At(int start, int length) => SourceLocation.Of(source, new TextSpan(start, length));

    private void LexComment()
    {
        int start = position;
        while (position < text.Length && text[position] is not ('\n' or '\r')) position++;
        comments.Add(new Comment(text[start..position], new TextSpan(start, position - start)));
    }

    private void LexString()
    {
        int start = position++;
        var value = new StringBuilder();
        while (true)
        {
            if (position >= text.Length || text[position] is '\n' or '\r')
            {
                diagnostics.Add(DiagnosticCatalogue.UnterminatedString(At(start, position - start)));
                break;
            }
            char c = text[position];
            if (c == '"') { position++; break; }
            if (c == '\\' && position + 1 < text.Length && text[position + 1] is not ('\n' or '\r'))
            {
                char escaped = text[position + 1];
                if (escaped is '"' or '\\') value.Append(escaped);
                else diagnostics.Add(DiagnosticCatalogue.InvalidEscape(At(position, 2), escaped));
                position += 2;
                continue;
            }
            value.Append(c);
            position++;
        }
        tokens.Add(new Token(TokenKind.String, value.ToString(), new TextSpan(start, position - start)));
    }

    /// <summary>
    /// <c>'text'</c> closed on the same line: a string written in single quotes. It is reported once and read as
    /// the string it was meant to be, so the rest of the item parses. False (nothing read) if the quote is not closed.
    /// </summary>
    private bool LexSingleQuotedString()
    {
        int start = position;
        int end = start + 1;
        while (end < text.Length && text[end] is not ('\'' or '\n' or '\r')) end++;
        if (end >= text.Length || text[end] != '\'') return false;
        string value = text[(start + 1)..end];
        position = end + 1;
        diagnostics.Add(DiagnosticCatalogue.SingleQuotedString(At(start, position - start), value));
        tokens.Add(new Token(TokenKind.String, value, new TextSpan(start, position - start)));
        return true;
    }

    private void LexNumber()
    {
        int start = position;
        while (position < text.Length && char.IsAsciiDigit(text[position])) position++;
        // "12.5" is one number, but in "120..220" the dot belongs to the range operator.
        if (position + 1 < text.Length && text[position] == '.' && char.IsAsciiDigit(text[position + 1]))
        {
            position++;
            while (position < text.Length && char.IsAsciiDigit(text[position])) position++;
        }
        string literal = Spelling(start);
        double value = double.Parse(literal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (double.IsInfinity(value))
        {
            // Reported here; later stages see infinity and skip checks on it rather than invent more errors.
            diagnostics.Add(DiagnosticCatalogue.InvalidNumber(At(start, position - start), literal.Length > 20 ? literal[..20] + "…" : literal));
        }
        tokens.Add(new Token(TokenKind.Number, literal, new TextSpan(start, position - start), value));
    }

    private void LexWord()
    {
        int start = position;
        while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_')) position++;
        string word = Spelling(start);
        // A misspelt name is still a name to the parser, so one bad capital does not hide the rest of the rule.
        if (!Names.IsValid(word))
        {
            diagnostics.Add(DiagnosticCatalogue.InvalidName(At(start, position - start), word, Names.LowerCaseSuggestion(word)));
        }
        tokens.Add(new Token(TokenKind.Word, word, new TextSpan(start, position - start)));
    }

    private bool LexPunctuation(char c)
    {
        char next = position + 1 < text.Length ? text[position + 1] : '\0';
        (TokenKind kind, string spelling)? match = c switch
        {
            ':' => (TokenKind.Colon, ":"),
            ',' => (TokenKind.Comma, ","),
            '(' => (TokenKind.OpenParen, "("),
            ')' => (TokenKind.CloseParen, ")"),
            '.' when next == '.' => (TokenKind.DotDot, ".."),
            '<' when next == '=' => (TokenKind.LessOrEqual, "<="),
            '<' => (TokenKind.Less, "<"),
            '>' when next == '=' => (TokenKind.GreaterOrEqual, ">="),
            '>' => (TokenKind.Greater, ">"),
            '!' when next == '=' => (TokenKind.NotEqual, "!="),
            '=' => (TokenKind.Equal, "="),
            '+' => (TokenKind.Plus, "+"),
            '-' => (TokenKind.Minus, "-"),
            '*' => (TokenKind.Star, "*"),
            '/' => (TokenKind.Slash, "/"),
            _ => null,
        };
        if (match is not { } m) return false;
        tokens.Add(new Token(m.kind, m.spelling, new TextSpan(position, m.spelling.Length)));
        position += m.spelling.Length;
        return true;
    }

    /// <summary>
    /// SPEC §3: a <c>(</c> opens an arithmetic expression when its matching <c>)</c> is followed by an
    /// arithmetic or comparison operator. Deciding it here, once, lets the parser choose without backtracking.
    /// </summary>
    private static void MarkExpressionParentheses(Token[] tokens)
    {
        var open = new Stack<int>();
        for (int i = 0; i < tokens.Length; i++)
        {
            if (tokens[i].Kind == TokenKind.OpenParen) open.Push(i);
            else if (tokens[i].Kind == TokenKind.CloseParen && open.Count > 0)
            {
                int o = open.Pop();
                if (i + 1 < tokens.Length && tokens[i + 1].IsOperator)
                {
                    tokens[o] = tokens[o] with { OpensExpression = true };
                }
            }
        }
    }
}
