using System.Collections.Immutable;
using System.Text;
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
/// <remarks>
/// Building the result used to cost more than deciding the rules (growing lists, a list per item,
/// sorting names with string compares). So everything that depends only on the rule set is worked
/// out here once, when the rule set is compiled: each rule's actions as index arrays, items by their
/// place in the output, concluded facts by their place in name order. Per profile, the assembly counts,
/// then allocates every list at its final size and fills it: the result's own arrays and records, and
/// nothing else.
/// </remarks>
internal sealed class ResultAssembly
{
    private readonly ImmutableArray<FactSymbol> facts;
    private readonly string[] ruleIds;
    private readonly int[][] recommendsByRule;
    private readonly int[][] avoidsByRule;
    private readonly int[][] concludesByRule;
    private readonly RecommendationSymbol[] itemsInOutputOrder;
    private readonly int[] outputPlaceOfDeclared;
    private readonly int[] concludableSlotsByName;

    public ResultAssembly(RuleSetModel model, ImmutableArray<RecommendationSymbol> recommendationOrder)
    {
        facts = model.Facts;
        itemsInOutputOrder = recommendationOrder.ToArray();
        var outputPlace = new int[itemsInOutputOrder.Length];
        for (int place = 0; place < itemsInOutputOrder.Length; place++) outputPlace[itemsInOutputOrder[place].Index] = place;
        outputPlaceOfDeclared = outputPlace;

        ruleIds = model.Rules.Select(r => r.Id).ToArray();
        recommendsByRule = model.Rules.Select(r => r.Recommends.Select(item => outputPlace[item.Index]).ToArray()).ToArray();
        avoidsByRule = model.Rules.Select(r => r.Avoids.Select(item => outputPlace[item.Index]).ToArray()).ToArray();
        concludesByRule = model.Rules.Select(r => r.Concludes.Select(f => f.Index).ToArray()).ToArray();
        concludableSlotsByName = model.Rules.SelectMany(r => r.Concludes).Distinct()
            .OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => f.Index).ToArray();
    }

    /// <summary>Counters reused from profile to profile by one thread; see <see cref="NewScratch"/>.</summary>
    public sealed class Scratch
    {
        internal Scratch(int itemCount, int factCount)
        {
            RecommendedCount = new int[itemCount];
            AvoidedCount = new int[itemCount];
            ConcludedStamp = new int[factCount];
        }

        internal readonly int[] RecommendedCount;
        internal readonly int[] AvoidedCount;
        internal readonly int[] ConcludedStamp;
        internal int Stamp;
    }

    /// <summary>Counters for one thread (an evaluator keeps one per thread rather than allocating them per profile).</summary>
    public Scratch NewScratch() => new(itemsInOutputOrder.Length, facts.Length);

    /// <param name="scratch">This thread's counters.</param>
    /// <param name="profile">The profile evaluated.</param>
    /// <param name="fired">The indexes of the rules that fired, in source order.</param>
    /// <param name="undetermined">The undetermined rules with their missing facts, in source order (null for none).</param>
    public EvaluationResult Build(Scratch scratch, Profile profile, ReadOnlySpan<int> fired, List<UndeterminedRule>? undetermined)
    {
        var recommendedCount = scratch.RecommendedCount;
        var avoidedCount = scratch.AvoidedCount;
        var concludedStamp = scratch.ConcludedStamp;
        int stamp = ++scratch.Stamp;

        // Count first, so every list below is allocated once at its final size.
        var firedIds = fired.Length == 0 ? Array.Empty<string>() : new string[fired.Length];
        int concludedCount = 0;
        bool anyContradiction = false;
        for (int i = 0; i < fired.Length; i++)
        {
            int rule = fired[i];
            firedIds[i] = ruleIds[rule];
            foreach (int place in recommendsByRule[rule]) recommendedCount[place]++;
            foreach (int place in avoidsByRule[rule]) avoidedCount[place]++;
            foreach (int slot in concludesByRule[rule])
            {
                if (concludedStamp[slot] != stamp)
                {
                    concludedStamp[slot] = stamp;
                    concludedCount++;
                }
                // A value given in the profile wins over a conclusion; see the warnings below.
                var given = profile.Values[slot];
                anyContradiction |= given.IsKnown && given.Number == 0;
            }
        }

        // Each item's rules, in source order (the order they fired).
        var recommendedBy = new string[]?[itemsInOutputOrder.Length];
        var avoidedBy = new string[]?[itemsInOutputOrder.Length];
        if (fired.Length > 0) FillItemRules(fired, recommendedCount, avoidedCount, recommendedBy, avoidedBy);

        int warningCount = profile.Warnings.Length;
        var warnings = new List<EvaluationWarning>(warningCount);
        foreach (var warning in profile.Warnings) warnings.Add(new EvaluationWarning(warning.Code, warning.Message));

        // Avoid beats recommend. The warnings come in declaration order, as the rule set lists the items.
        for (int declared = 0; declared < outputPlaceOfDeclared.Length; declared++)
        {
            int place = outputPlaceOfDeclared[declared];
            if (recommendedBy[place] is { } recommending && avoidedBy[place] is { } avoiding)
            {
                warnings.Add(new EvaluationWarning(DiagnosticCatalogue.RecommendedAndAvoidedDescriptor.Code,
                    $"'{itemsInOutputOrder[place].Name}' is recommended by {Quote(recommending)} and avoided by {Quote(avoiding)}; it is listed only under avoid"));
                recommendedBy[place] = null;
            }
        }

        var recommendations = Items(recommendedBy);
        var avoid = Items(avoidedBy);

        var concluded = concludedCount == 0 ? Array.Empty<string>() : new string[concludedCount];
        for (int i = 0, next = 0; next < concludedCount; i++)
        {
            int slot = concludableSlotsByName[i];
            if (concludedStamp[slot] == stamp) concluded[next++] = facts[slot].Name;
        }

        // A value given in the profile wins; where it contradicts a rule that fired, say so.
        if (anyContradiction)
        {
            foreach (int rule in fired)
            {
                foreach (int slot in concludesByRule[rule])
                {
                    var given = profile.Values[slot];
                    if (given.IsKnown && given.Number == 0)
                    {
                        warnings.Add(new EvaluationWarning(DiagnosticCatalogue.ProfileContradictsRuleDescriptor.Code,
                            $"the profile gives '{facts[slot].Name}' as false, but rule '{ruleIds[rule]}' concludes it; the profile's value is used"));
                    }
                }
            }
        }
        return new EvaluationResult(profile.Name, recommendations, avoid, concluded, firedIds,
            (IReadOnlyList<UndeterminedRule>?)undetermined ?? Array.Empty<UndeterminedRule>(), warnings);
    }

    /// <summary>Allocates each counted item's list of rules, fills it in firing order, and leaves the counters at zero.</summary>
    private void FillItemRules(ReadOnlySpan<int> fired, int[] recommendedCount, int[] avoidedCount, string[]?[] recommendedBy, string[]?[] avoidedBy)
    {
        for (int place = 0; place < recommendedCount.Length; place++)
        {
            if (recommendedCount[place] > 0) recommendedBy[place] = new string[recommendedCount[place]];
            if (avoidedCount[place] > 0) avoidedBy[place] = new string[avoidedCount[place]];
        }
        // The counters now count down to zero as the lists fill from the end, which readies them for the next profile.
        for (int i = fired.Length - 1; i >= 0; i--)
        {
            int rule = fired[i];
            var recommends = recommendsByRule[rule];
            for (int k = recommends.Length - 1; k >= 0; k--) recommendedBy[recommends[k]]![--recommendedCount[recommends[k]]] = ruleIds[rule];
            var avoids = avoidsByRule[rule];
            for (int k = avoids.Length - 1; k >= 0; k--) avoidedBy[avoids[k]]![--avoidedCount[avoids[k]]] = ruleIds[rule];
        }
    }

    private RecommendationResult[] Items(string[]?[] rulesByPlace)
    {
        int count = 0;
        foreach (var rules in rulesByPlace) if (rules is not null) count++;
        if (count == 0) return Array.Empty<RecommendationResult>();
        var items = new RecommendationResult[count];
        for (int place = 0, next = 0; next < count; place++)
        {
            if (rulesByPlace[place] is not { } rules) continue;
            var item = itemsInOutputOrder[place];
            items[next++] = new RecommendationResult(item.Name, item.Description, item.Priority, rules);
        }
        return items;
    }

    private static string Quote(string[] ids)
    {
        var text = new StringBuilder();
        foreach (string id in ids)
        {
            if (text.Length > 0) text.Append(", ");
            text.Append('\'').Append(id).Append('\'');
        }
        return text.ToString();
    }
}
