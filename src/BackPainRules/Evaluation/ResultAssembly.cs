using BackPainRules.Compilation;
using BackPainRules.Diagnostics;
using BackPainRules.Profiles;
using BackPainRules.Semantics;

namespace BackPainRules.Evaluation;

/// <summary>
/// Builds an <see cref="EvaluationResult"/> from the decisions an evaluator made (SPEC §4): items in
/// priority, then declaration, order with their rules in source order; avoid beats recommend with a
/// warning; concluded facts sorted by name; a warning where the profile contradicts a fired rule.
/// Both evaluators share it, so they can differ only in how they decide rules.
/// </summary>
internal static class ResultAssembly
{
    /// <param name="rules">The compiled rule set.</param>
    /// <param name="profile">The profile evaluated.</param>
    /// <param name="firedRules">The rules that fired, in source order.</param>
    /// <param name="fired">Their ids, in the same order.</param>
    /// <param name="undetermined">The undetermined rules with their missing facts, in source order.</param>
    public static EvaluationResult Build(
        CompiledRuleSet rules, Profile profile, List<RuleSymbol> firedRules, List<string> fired, List<UndeterminedRule> undetermined)
    {
        var model = rules.Model;
        var warnings = new List<EvaluationWarning>(profile.Warnings.Length);
        foreach (var warning in profile.Warnings) warnings.Add(new EvaluationWarning(warning.Code, warning.Message));

        // Items in priority, then declaration, order; each item's rules in source order.
        var recommendedBy = new List<string>?[model.Recommendations.Length];
        var avoidedBy = new List<string>?[model.Recommendations.Length];
        var concludedSlots = new List<int>();
        foreach (var rule in firedRules)
        {
            foreach (var item in rule.Recommends) (recommendedBy[item.Index] ??= new List<string>()).Add(rule.Id);
            foreach (var item in rule.Avoids) (avoidedBy[item.Index] ??= new List<string>()).Add(rule.Id);
            foreach (var fact in rule.Concludes)
            {
                if (!concludedSlots.Contains(fact.Index)) concludedSlots.Add(fact.Index);
            }
        }
        var recommendations = new List<RecommendationResult>();
        var avoid = new List<RecommendationResult>();
        foreach (var item in model.Recommendations)
        {
            if (recommendedBy[item.Index] is { } recommending && avoidedBy[item.Index] is { } avoiding)
            {
                warnings.Add(new EvaluationWarning(DiagnosticCatalogue.RecommendedAndAvoidedDescriptor.Code,
                    $"'{item.Name}' is recommended by {Quote(recommending)} and avoided by {Quote(avoiding)}; it is listed only under avoid"));
                recommendedBy[item.Index] = null;
            }
        }
        foreach (var item in rules.RecommendationOrder)
        {
            if (recommendedBy[item.Index] is { } by) recommendations.Add(new RecommendationResult(item.Name, item.Description, item.Priority, by));
            if (avoidedBy[item.Index] is { } avoidBy) avoid.Add(new RecommendationResult(item.Name, item.Description, item.Priority, avoidBy));
        }

        var concluded = new List<string>(concludedSlots.Count);
        foreach (int slot in concludedSlots) concluded.Add(model.Facts[slot].Name);
        concluded.Sort(StringComparer.Ordinal);

        // A value given in the profile wins; where it contradicts a rule that fired, say so.
        foreach (var rule in firedRules)
        {
            foreach (var fact in rule.Concludes)
            {
                var given = profile.Values[fact.Index];
                if (given.IsKnown && given.Number == 0)
                {
                    warnings.Add(new EvaluationWarning(DiagnosticCatalogue.ProfileContradictsRuleDescriptor.Code,
                        $"the profile gives '{fact.Name}' as false, but rule '{rule.Id}' concludes it; the profile's value is used"));
                }
            }
        }
        return new EvaluationResult(profile.Name, recommendations, avoid, concluded, fired, undetermined, warnings);
    }

    private static string Quote(List<string> ids) => string.Join(", ", ids.Select(id => $"'{id}'"));
}
