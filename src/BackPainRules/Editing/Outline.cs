using BackPainRules.Syntax;
using BackPainRules.Text;

namespace BackPainRules.Editing;

/// <summary>What an outline entry is.</summary>
public enum OutlineKind
{
    /// <summary>A fact.</summary>
    Fact,
    /// <summary>A recommendation.</summary>
    Recommendation,
    /// <summary>A score.</summary>
    Score,
    /// <summary>A rule.</summary>
    Rule,
    /// <summary>A test block.</summary>
    Test,
    /// <summary>An import.</summary>
    Import,
}

/// <summary>One entry of a document's outline: its name, kind, whole span and the span of its name.</summary>
public sealed record OutlineEntry(string Name, OutlineKind Kind, string? Detail, TextSpan Span, TextSpan NameSpan);

/// <summary>A folding range, in 1-based lines.</summary>
public sealed record FoldingRegion(int StartLine, int EndLine, bool IsComment);

/// <summary>Document symbols and folding ranges, from the syntax alone.</summary>
public static class Outline
{
    /// <summary>The document's declarations, rules and tests in source order.</summary>
    public static IReadOnlyList<OutlineEntry> Entries(RulesFileSyntax file)
    {
        var entries = new List<OutlineEntry>();
        foreach (var item in file.Items)
        {
            switch (item)
            {
                case FactDeclarationSyntax fact:
                    entries.Add(new OutlineEntry(fact.Name.Text, OutlineKind.Fact, fact.Description?.Value, fact.Span, fact.Name.Span));
                    break;
                case RecommendationDeclarationSyntax recommendation:
                    entries.Add(new OutlineEntry(recommendation.Name.Text, OutlineKind.Recommendation, recommendation.Description?.Value, recommendation.Span, recommendation.Name.Span));
                    break;
                case ScoreDeclarationSyntax score:
                    entries.Add(new OutlineEntry(score.Name.Text, OutlineKind.Score, score.Description?.Value, score.Span, score.Name.Span));
                    break;
                case RuleSyntax rule:
                    string name = rule.Name?.Text ?? $"{Path.GetFileNameWithoutExtension(file.Source.Path)}:{file.Source.GetPosition(rule.IfSpan.Start).Line}";
                    entries.Add(new OutlineEntry(name, OutlineKind.Rule, rule.Because?.Value, rule.Span, rule.Name?.Span ?? rule.IfSpan));
                    break;
                case TestSyntax test:
                    entries.Add(new OutlineEntry(test.Name.Value, OutlineKind.Test, null, test.Span, test.Name.Span));
                    break;
                case ImportSyntax import:
                    entries.Add(new OutlineEntry(import.Path.Value, OutlineKind.Import, null, import.Span, import.Path.Span));
                    break;
            }
        }
        return entries;
    }

    /// <summary>Items that span several lines, and runs of two or more comment lines.</summary>
    public static IReadOnlyList<FoldingRegion> Folding(RulesFileSyntax file)
    {
        var regions = new List<FoldingRegion>();
        foreach (var item in file.Items)
        {
            int start = file.Source.GetPosition(item.Span.Start).Line;
            int end = file.Source.GetPosition(item.Span.End).Line;
            if (end > start) regions.Add(new FoldingRegion(start, end, IsComment: false));
        }
        int runStart = -1, runEnd = -1;
        foreach (var comment in file.Comments)
        {
            int line = file.Source.GetPosition(comment.Span.Start).Line;
            if (line == runEnd + 1 && runStart > 0)
            {
                runEnd = line;
                continue;
            }
            if (runEnd > runStart && runStart > 0) regions.Add(new FoldingRegion(runStart, runEnd, IsComment: true));
            runStart = runEnd = line;
        }
        if (runEnd > runStart && runStart > 0) regions.Add(new FoldingRegion(runStart, runEnd, IsComment: true));
        return regions.OrderBy(r => r.StartLine).ToList();
    }
}
