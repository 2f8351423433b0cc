using BackPainRules.Text;

namespace BackPainRules.Syntax;

/// <summary>The kinds of token the lexer produces. Words (names and keywords alike) are <see cref="Word"/>; the parser tells them apart.</summary>
public enum TokenKind
{
    /// <summary>A word: a name, a reserved word or a contextual keyword.</summary>
    Word,
    /// <summary>A decimal number such as <c>12</c> or <c>12.5</c>.</summary>
    Number,
    /// <summary>A double-quoted string.</summary>
    String,
    /// <summary><c>:</c></summary>
    Colon,
    /// <summary><c>,</c></summary>
    Comma,
    /// <summary><c>(</c></summary>
    OpenParen,
    /// <summary><c>)</c></summary>
    CloseParen,
    /// <summary><c>..</c></summary>
    DotDot,
    /// <summary><c>&lt;</c></summary>
    Less,
    /// <summary><c>&lt;=</c></summary>
    LessOrEqual,
    /// <summary><c>&gt;</c></summary>
    Greater,
    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual,
    /// <summary><c>=</c></summary>
    Equal,
    /// <summary><c>!=</c></summary>
    NotEqual,

    // The arithmetic operators come last, so that every kind from Plus on is one (Token.IsArithmeticOperator).

    /// <summary><c>+</c></summary>
    Plus,
    /// <summary><c>-</c></summary>
    Minus,
    /// <summary><c>*</c></summary>
    Star,
    /// <summary><c>/</c></summary>
    Slash,
}

/// <summary>
/// One token of a rule file.
/// </summary>
/// <param name="Kind">What kind of token it is.</param>
/// <param name="Text">The source text of the token (for a string, the text between the quotes with escapes resolved).</param>
/// <param name="Span">Where the token is, quotes included.</param>
/// <param name="Number">For a number, its value.</param>
/// <param name="OpensExpression">
/// For <c>(</c>: whether its matching <c>)</c> is followed by an arithmetic or comparison operator,
/// which (SPEC §3) makes it open an arithmetic expression rather than a condition.
/// </param>
public sealed record Token(TokenKind Kind, string Text, TextSpan Span, double Number = 0, bool OpensExpression = false)
{
    /// <summary>Whether this is the word <paramref name="word"/>.</summary>
    public bool IsWord(string word) => Kind == TokenKind.Word && Text == word;

    /// <summary>How the token is shown in a message: <c>'then'</c>, <c>"a string"</c>.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.String => "a string",
        TokenKind.Number => $"'{Text}'",
        _ => $"'{Text}'",
    };

    /// <summary>Whether the token is an arithmetic or comparison operator.</summary>
    public bool IsOperator => Kind >= TokenKind.Less;

    /// <summary>Whether the token is an arithmetic operator.</summary>
    public bool IsArithmeticOperator => Kind >= TokenKind.Plus;
}

/// <summary>A <c>#</c> comment, kept beside the tokens so the formatter can put it back.</summary>
public sealed record Comment(string Text, TextSpan Span);

/// <summary>The words of the language.</summary>
public static class Keywords
{
    /// <summary>Words that can never be names (SPEC §1).</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "fact", "score", "recommendation", "rule", "if", "then", "because", "and", "or", "not", "is", "in", "known",
        "recommend", "avoid", "conclude", "import", "test", "given", "expect", "true", "false",
    };

    /// <summary>Words that are keywords only where the grammar expects them, so they can still be names or enum values.</summary>
    public static readonly IReadOnlySet<string> Contextual = new HashSet<string>(StringComparer.Ordinal)
    {
        "bool", "number", "one", "any", "of", "has", "priority", "urgent", "high", "normal", "low", "unless", "count",
        "fires", "undetermined", "missing", "withheld", "unknown",
    };

    /// <summary>The words that start a top-level item; the parser resynchronises at them after an error.</summary>
    internal static readonly IReadOnlySet<string> ItemStarts = new HashSet<string>(StringComparer.Ordinal)
    {
        "fact", "score", "recommendation", "rule", "if", "test", "import",
    };
}
