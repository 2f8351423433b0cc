using BackPainRules.Parsing;
using BackPainRules.Semantics;
using BackPainRules.Syntax;
using BackPainRules.Text;

namespace BackPainRules.Editing;

/// <summary>The kinds of semantic token, in the order of the legend the server announces.</summary>
public enum SemanticTokenKind
{
    /// <summary>A word of the language.</summary>
    Keyword,
    /// <summary>A fact, or a score (a named number, used wherever a number fact is).</summary>
    Fact,
    /// <summary>A recommendation.</summary>
    Recommendation,
    /// <summary>A rule name.</summary>
    Rule,
    /// <summary>An enum value.</summary>
    Value,
    /// <summary>A number.</summary>
    Number,
    /// <summary>A string.</summary>
    String,
    /// <summary>A comment.</summary>
    Comment,
    /// <summary>An operator.</summary>
    Operator,
}

/// <summary>One classified span; <see cref="IsDeclaration"/> marks where a name is declared.</summary>
public sealed record SemanticToken(TextSpan Span, SemanticTokenKind Kind, bool IsDeclaration);

/// <summary>Classifies every token of a document, names by what they resolve to.</summary>
public static class SemanticTokens
{
    /// <summary>The tokens of the document in source order.</summary>
    public static IReadOnlyList<SemanticToken> Classify(DocumentAnalysis document)
    {
        var (tokens, comments, _) = Lexer.Lex(document.Source);
        var names = document.Model.References
            .Where(r => r.Source.Path == document.Path)
            .GroupBy(r => r.Span.Start)
            .ToDictionary(g => g.Key, g => g.First());
        var result = new List<SemanticToken>();
        foreach (var token in tokens)
        {
            SemanticTokenKind? kind = token.Kind switch
            {
                TokenKind.Number => SemanticTokenKind.Number,
                TokenKind.String => SemanticTokenKind.String,
                TokenKind.Word when names.TryGetValue(token.Span.Start, out var reference) => reference.Symbol switch
                {
                    FactSymbol or ScoreSymbol => SemanticTokenKind.Fact,
                    RecommendationSymbol => SemanticTokenKind.Recommendation,
                    RuleSymbol => SemanticTokenKind.Rule,
                    _ => SemanticTokenKind.Value,
                },
                TokenKind.Word when Syntax.Keywords.Reserved.Contains(token.Text) || Syntax.Keywords.Contextual.Contains(token.Text) => SemanticTokenKind.Keyword,
                TokenKind.Word => null,
                TokenKind.Colon or TokenKind.Comma or TokenKind.OpenParen or TokenKind.CloseParen => null,
                _ => SemanticTokenKind.Operator,
            };
            if (kind is { } k)
            {
                bool declaration = token.Kind == TokenKind.Word && names.TryGetValue(token.Span.Start, out var r) && r.IsDeclaration;
                result.Add(new SemanticToken(token.Span, k, declaration));
            }
        }
        result.AddRange(comments.Select(c => new SemanticToken(c.Span, SemanticTokenKind.Comment, false)));
        return result.OrderBy(t => t.Span.Start).ToList();
    }
}
