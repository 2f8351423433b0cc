using System.Text;
using BackPainRules.Evaluation;
using BackPainRules.Semantics;
using BackPainRules.Syntax;
using BackPainRules.Text;

namespace BackPainRules.Editing;

/// <summary>
/// What the editor shows over a name: kind, type or range, description, priority, a recommendation's
/// contraindication, a score's expression as written, and the rules (and scores) that use it.
/// </summary>
public static class Hover
{
    /// <summary>Markdown for the symbol at <paramref name="offset"/>, with the span it covers; null where there is none.</summary>
    public static (string Markdown, TextSpan Span)? At(DocumentAnalysis document, int offset)
    {
        if (document.ReferenceAt(offset) is not { } reference) return null;
        return (Describe(document, reference.Symbol), reference.Span);
    }

    /// <summary>The description of a symbol, as Markdown.</summary>
    public static string Describe(DocumentAnalysis document, Symbol symbol)
    {
        var text = new StringBuilder();
        switch (symbol)
        {
            case FactSymbol fact:
                text.Append("**fact** `").Append(fact.Name).Append("`: ").Append(fact.TypeText);
                if (fact.IsConcluded) text.Append(" *(concluded by rules)*");
                text.Append("\n\n");
                if (fact.Description is { } description) text.Append(description).Append("\n\n");
                break;
            case RecommendationSymbol recommendation:
                text.Append("**recommendation** `").Append(recommendation.Name).Append("`, priority ")
                    .Append(Priorities.Keyword(recommendation.Priority)).Append("\n\n");
                if (recommendation.Description is { } description2) text.Append(description2).Append("\n\n");
                if (recommendation.Syntax.Unless is { } unless && SourceOf(document.Model, recommendation.Location.Path) is { } source)
                {
                    text.Append("`unless ").Append(source[unless.Span]).Append("`: withheld while this is true or unknown\n\n");
                }
                break;
            case ScoreSymbol score:
                text.Append("**score** `").Append(score.Name).Append("`: number\n\n`= ").Append(score.ExpressionText).Append("`\n\n");
                if (score.Description is { } description3) text.Append(description3).Append("\n\n");
                break;
            case RuleSymbol rule:
                text.Append("**rule** `").Append(rule.Id).Append("`\n\n`if ").Append(rule.ConditionText).Append("`\n\n");
                if (rule.Because is { } because) text.Append("because \"").Append(because).Append("\"\n\n");
                break;
            case EnumValueSymbol value:
                text.Append("**value** `").Append(value.Name).Append("` of fact `").Append(value.Fact.Name).Append("`: ")
                    .Append(value.Fact.TypeText).Append("\n\n");
                break;
        }
        var users = UsedBy(document.Model, symbol);
        if (users.Count > 0) text.Append("Used by: ").Append(string.Join(", ", users.Select(u => $"`{u}`"))).Append('\n');
        var scores = ScoresUsing(document.Model, symbol);
        if (scores.Count > 0) text.Append(users.Count > 0 ? "\n" : "").Append("Used by scores: ").Append(string.Join(", ", scores.Select(u => $"`{u}`"))).Append('\n');
        var withholds = Withholds(document.Model, symbol);
        if (withholds.Count > 0)
        {
            text.Append(users.Count + scores.Count > 0 ? "\n" : "").Append("In the `unless` of: ").Append(string.Join(", ", withholds.Select(u => $"`{u}`"))).Append('\n');
        }
        return text.ToString().TrimEnd();
    }

    /// <summary>The scores whose expression names a fact or score directly.</summary>
    public static IReadOnlyList<string> ScoresUsing(RuleSetModel model, Symbol symbol) => model.Scores
        .Where(score => score.Expression is { } expression && symbol switch
        {
            FactSymbol fact => BoundTree.FactsRead(expression).Contains(fact),
            ScoreSymbol other => BoundTree.ScoresRead(expression).Contains(other),
            _ => false,
        })
        .Select(score => score.Name)
        .ToList();

    /// <summary>The recommendations whose <c>unless</c> names a fact or score directly.</summary>
    public static IReadOnlyList<string> Withholds(RuleSetModel model, Symbol symbol) => model.Recommendations
        .Where(recommendation => recommendation.Unless is { } unless && symbol switch
        {
            FactSymbol fact => BoundTree.FactsRead(unless).Contains(fact),
            ScoreSymbol score => BoundTree.ScoresRead(unless).Contains(score),
            _ => false,
        })
        .Select(recommendation => recommendation.Name)
        .ToList();

    private static SourceText? SourceOf(RuleSetModel model, string path) =>
        model.Sources.Files.FirstOrDefault(f => f.Source.Path == path)?.Source;

    /// <summary>The rules whose condition or actions name <paramref name="symbol"/> (a score: whose condition reads it directly).</summary>
    public static IReadOnlyList<string> UsedBy(RuleSetModel model, Symbol symbol) => model.Rules
        .Where(rule => symbol switch
        {
            FactSymbol fact => BoundTree.FactsRead(rule.Condition).Contains(fact) || rule.Concludes.Contains(fact),
            ScoreSymbol score => BoundTree.ScoresRead(rule.Condition).Contains(score),
            RecommendationSymbol recommendation => rule.Recommends.Contains(recommendation) || rule.Avoids.Contains(recommendation),
            EnumValueSymbol value => model.References.Any(r => ReferenceEquals(r.Symbol, value) && rule.Syntax.Span.Touches(r.Span.Start) && r.Source == rule.Source),
            _ => false,
        })
        .Select(rule => rule.Id)
        .ToList();
}
