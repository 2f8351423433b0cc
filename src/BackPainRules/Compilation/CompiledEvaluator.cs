using BackPainRules.Diagnostics;
using BackPainRules.Evaluation;
using BackPainRules.Profiles;
using BackPainRules.Semantics;

namespace BackPainRules.Compilation;

/// <summary>
/// Evaluates a profile with the compiled program (SPEC §4) and builds the result. It gives exactly
/// what the straightforward <see cref="Evaluator"/> gives (the differential tests hold it to that);
/// it is only faster.
/// </summary>
internal static class CompiledEvaluator
{
    public static EvaluationResult Run(CompiledRuleSet rules, CompiledProgram program, Profile profile)
    {
        var model = rules.Model;
        var frame = program.Frame(profile.Values);
        var fired = new List<string>();
        var undetermined = new List<UndeterminedRule>();
        var firedRules = new List<RuleSymbol>();
        for (int i = 0; i < model.Rules.Length; i++)
        {
            switch (program.RuleTruth(frame, i))
            {
                case Truth.True:
                    fired.Add(model.Rules[i].Id);
                    firedRules.Add(model.Rules[i]);
                    break;
                case Truth.Unknown:
                    undetermined.Add(new UndeterminedRule(model.Rules[i].Id, program.Missing(frame, i)));
                    break;
            }
        }

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
