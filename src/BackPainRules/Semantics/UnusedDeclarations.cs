using BackPainRules.Diagnostics;

namespace BackPainRules.Semantics;

/// <summary>SPEC §8: facts no rule reads or concludes, and recommendations no rule recommends or avoids, are warnings.</summary>
internal static class UnusedDeclarations
{
    /// <param name="model">The bound model.</param>
    /// <param name="referencedByRules">Every symbol some rule names, including uses that are errors.</param>
    public static IEnumerable<Diagnostic> Find(RuleSetModel model, IReadOnlySet<Symbol> referencedByRules)
    {
        foreach (var fact in model.Facts.Where(f => !referencedByRules.Contains(f)))
        {
            yield return DiagnosticCatalogue.UnusedFact(fact.Location, fact.Name);
        }
        foreach (var recommendation in model.Recommendations.Where(r => !referencedByRules.Contains(r)))
        {
            yield return DiagnosticCatalogue.UnusedRecommendation(recommendation.Location, recommendation.Name);
        }
    }
}
