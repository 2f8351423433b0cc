using BackPainRules.Diagnostics;

namespace BackPainRules.Semantics;

/// <summary>SPEC §8: facts no rule reads or concludes, and recommendations no rule recommends or avoids, are warnings.</summary>
internal static class UnusedDeclarations
{
    public static IEnumerable<Diagnostic> Find(RuleSetModel model)
    {
        var usedFacts = model.Rules.SelectMany(r => BoundTree.FactsRead(r.Condition).Concat(r.Concludes)).ToHashSet();
        var usedRecommendations = model.Rules.SelectMany(r => r.Recommends.Concat(r.Avoids)).ToHashSet();
        foreach (var fact in model.Facts.Where(f => !usedFacts.Contains(f)))
        {
            yield return DiagnosticCatalogue.UnusedFact(fact.Location, fact.Name);
        }
        foreach (var recommendation in model.Recommendations.Where(r => !usedRecommendations.Contains(r)))
        {
            yield return DiagnosticCatalogue.UnusedRecommendation(recommendation.Location, recommendation.Name);
        }
    }
}
