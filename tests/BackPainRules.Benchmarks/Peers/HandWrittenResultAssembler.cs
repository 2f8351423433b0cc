using BackPainRules.Evaluation;
using BackPainRules.Syntax;

namespace BackPainRules.Benchmarks.Peers;

/// <summary>
/// Turns a peer's answer (<see cref="PeerResult"/>: the rules that fired, in source order) into the full
/// <see cref="EvaluationResult"/> BackPainRules gives, for rule sets no one writes by hand: the generated
/// ones, decided by <see cref="DelegateEvaluator"/>. It is the straightforward assembler a programmer would
/// write from the rule set's description (<see cref="PeerLayout"/>): the order of the items and their texts
/// are worked out once, and per profile it walks the fired rules, collecting each item's rules in a list.
/// </summary>
/// <remarks>
/// Two-valued, like the peers: nothing is undetermined, and since a fully known profile gives no concluded
/// fact, no profile value can contradict a rule (no BPR402 warning).
/// </remarks>
public sealed class HandWrittenResultAssembler
{
    private readonly PeerLayout layout;
    private readonly string[] itemNames;
    private readonly string?[] itemTexts;
    private readonly Priority[] itemPriorities;
    private readonly int[] declaredInOutputOrder;
    private readonly int[] derivedSlotsByName;

    public HandWrittenResultAssembler(PeerLayout layout)
    {
        this.layout = layout;
        var recommendations = layout.Model.Recommendations;
        itemNames = recommendations.Select(r => r.Name).ToArray();
        itemTexts = recommendations.Select(r => r.Description).ToArray();
        itemPriorities = recommendations.Select(r => r.Priority).ToArray();
        // Output order: by priority, then declaration (a stable sort keeps declaration order within a priority).
        declaredInOutputOrder = Enumerable.Range(0, itemNames.Length).OrderBy(i => itemPriorities[i]).ToArray();
        derivedSlotsByName = Enumerable.Range(0, layout.DerivedCount).OrderBy(d => layout.DerivedNames[d], StringComparer.Ordinal).ToArray();
    }

    public EvaluationResult Build(string profileName, PeerResult answer)
    {
        var ruleIds = layout.RuleIds;
        var firedIds = new string[answer.Fired.Count];
        // Per item, by declaration index: the ids of the rules behind it, in the order they fired (source order).
        var recommendedBy = new List<string>?[itemNames.Length];
        var avoidedBy = new List<string>?[itemNames.Length];
        for (int i = 0; i < firedIds.Length; i++)
        {
            int rule = answer.Fired[i];
            firedIds[i] = ruleIds[rule];
            foreach (int item in layout.RuleRecommends[rule]) (recommendedBy[item] ??= new List<string>(1)).Add(ruleIds[rule]);
            foreach (int item in layout.RuleAvoids[rule]) (avoidedBy[item] ??= new List<string>(1)).Add(ruleIds[rule]);
        }

        // Avoid beats recommend; the warnings come in declaration order.
        var warnings = new List<EvaluationWarning>();
        for (int item = 0; item < itemNames.Length; item++)
        {
            if (recommendedBy[item] is not { } recommending || avoidedBy[item] is not { } avoiding) continue;
            warnings.Add(new EvaluationWarning("BPR401",
                $"'{itemNames[item]}' is recommended by {Quote(recommending)} and avoided by {Quote(avoiding)}; it is listed only under avoid"));
            recommendedBy[item] = null;
        }

        var concluded = new List<string>();
        foreach (int slot in derivedSlotsByName)
        {
            if (answer.Concluded[slot]) concluded.Add(layout.DerivedNames[slot]);
        }

        return new EvaluationResult(profileName, Items(recommendedBy), Items(avoidedBy), Array.Empty<WithheldRecommendation>(),
            concluded, Array.Empty<ScoreResult>(), firedIds,
            Array.Empty<UndeterminedRule>(), warnings);
    }

    /// <summary>The items with rules behind them (<paramref name="rulesByItem"/> by declaration index), in output order.</summary>
    private List<RecommendationResult> Items(List<string>?[] rulesByItem)
    {
        var items = new List<RecommendationResult>();
        foreach (int item in declaredInOutputOrder)
        {
            if (rulesByItem[item] is { } rules) items.Add(new RecommendationResult(itemNames[item], itemTexts[item], itemPriorities[item], rules));
        }
        return items;
    }

    private static string Quote(List<string> ids) => string.Join(", ", ids.Select(id => $"'{id}'"));
}
