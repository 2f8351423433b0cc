using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using BackPainRules.Diagnostics;
using BackPainRules.Profiles;
using BackPainRules.Semantics;
using BackPainRules.Text;

namespace BackPainRules.Evaluation;

/// <summary>
/// Builds an <see cref="EvaluationResult"/> from the decisions an evaluator made (SPEC §4): items in
/// priority, then declaration, order with their rules in source order; avoid beats recommend with a
/// warning; concluded facts sorted by name.
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
/// <summary>What a result needs from the evaluator beyond which rules fired and which are undetermined.</summary>
internal interface IResultDecisions
{
    /// <summary>The truth of the <c>unless</c> of the recommendation declared at <paramref name="recommendation"/>; false when it has none.</summary>
    Truth Contraindicated(int recommendation);

    /// <summary>The facts that would decide that <c>unless</c>, sorted by name (empty unless it is unknown).</summary>
    IReadOnlyList<string> MissingOfContraindication(int recommendation);

    /// <summary>The value of the score declared at <paramref name="score"/>.</summary>
    NumberState Score(int score, out Interval value);
}

internal sealed class ResultAssembly
{
    private readonly string[] factNames;
    private readonly string[] ruleIds;
    private readonly int[][] recommendsByRule;
    private readonly int[][] avoidsByRule;
    private readonly int[][] concludesByRule;
    private readonly RecommendationResult[][] singleRecommendations;
    private readonly RecommendationResult[][] singleAvoidances;
    private readonly RecommendationSymbol[] itemsInOutputOrder;
    private readonly int[] outputPlaceOfDeclared;
    private readonly int[] concludableSlotsByName;

    // By output place: whether the item has an unless, so items without one cost nothing more.
    private readonly bool[] contraindicatedByPlace;
    private readonly bool anyContraindication;
    private readonly string[] scoreIds;

    public ResultAssembly(RuleSetModel model, ImmutableArray<RecommendationSymbol> recommendationOrder)
    {
        factNames = model.Facts.Select(f => f.Name).ToArray();
        itemsInOutputOrder = recommendationOrder.ToArray();
        var outputPlace = new int[itemsInOutputOrder.Length];
        for (int place = 0; place < itemsInOutputOrder.Length; place++) outputPlace[itemsInOutputOrder[place].Index] = place;
        outputPlaceOfDeclared = outputPlace;

        ruleIds = model.Rules.Select(r => r.Id).ToArray();
        recommendsByRule = model.Rules.Select(r => r.Recommends.Select(item => outputPlace[item.Index]).ToArray()).ToArray();
        avoidsByRule = model.Rules.Select(r => r.Avoids.Select(item => outputPlace[item.Index]).ToArray()).ToArray();
        concludesByRule = model.Rules.Select(r => r.Concludes.Select(f => f.Index).ToArray()).ToArray();
        singleRecommendations = model.Rules.Select(r => r.Recommends.Select(item => Single(item, r)).ToArray()).ToArray();
        singleAvoidances = model.Rules.Select(r => r.Avoids.Select(item => Single(item, r)).ToArray()).ToArray();
        concludableSlotsByName = model.Rules.SelectMany(r => r.Concludes).Distinct()
            .OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => f.Index).ToArray();
        contraindicatedByPlace = itemsInOutputOrder.Select(item => item.Unless is not null).ToArray();
        anyContraindication = contraindicatedByPlace.Any(x => x);
        scoreIds = model.Scores.Select(s => s.Name).ToArray();
    }

    /// <summary>An item with one rule behind it. Results share it, so its list of rules is immutable.</summary>
    private static RecommendationResult Single(RecommendationSymbol item, RuleSymbol rule) =>
        new(item.Name, item.Description, item.Priority, ImmutableArray.Create(rule.Id));

    /// <summary>Working space reused from profile to profile by one thread; see <see cref="NewScratch"/>.</summary>
    public sealed class Scratch
    {
        internal Scratch(int itemCount, int factCount)
        {
            RecommendedCount = new int[itemCount];
            AvoidedCount = new int[itemCount];
            RecommendedRules = new string[]?[itemCount];
            AvoidedRules = new string[]?[itemCount];
            Recommended = new RecommendationResult?[itemCount];
            Avoided = new RecommendationResult?[itemCount];
            ConcludedStamp = new int[factCount];
        }

        // Per item, by output place. Every one of them is back to zero or null when Build returns.
        internal readonly int[] RecommendedCount;
        internal readonly int[] AvoidedCount;
        internal readonly string[]?[] RecommendedRules;
        internal readonly string[]?[] AvoidedRules;
        internal readonly RecommendationResult?[] Recommended;
        internal readonly RecommendationResult?[] Avoided;

        // Per fact slot: equal to Stamp when concluded for the current profile, so nothing needs clearing.
        internal readonly int[] ConcludedStamp;
        internal int Stamp;

        // WriteJson's: per output place, where its rules start in the flat lists below (one more entry at the end), and its state.
        internal int[]? RecommendedStart;
        internal int[]? AvoidedStart;
        internal int[] RecommendedRuleList = Array.Empty<int>();
        internal int[] AvoidedRuleList = Array.Empty<int>();
        internal byte[]? PlaceState;
    }

    /// <summary>Working space for one thread (an evaluator keeps one per thread rather than allocating it per profile).</summary>
    public Scratch NewScratch() => new(itemsInOutputOrder.Length, factNames.Length);

    /// <param name="scratch">This thread's working space.</param>
    /// <param name="profile">The profile evaluated.</param>
    /// <param name="fired">The indexes of the rules that fired, in source order.</param>
    /// <param name="undetermined">The undetermined rules with their missing facts, in source order (null for none).</param>
    /// <param name="decisions">The evaluator's answers about contraindications and scores.</param>
    public EvaluationResult Build<TDecisions>(Scratch scratch, Profile profile, ReadOnlySpan<int> fired, List<UndeterminedRule>? undetermined,
        TDecisions decisions)
        where TDecisions : IResultDecisions
    {
        int stamp = ++scratch.Stamp;
        // Locals, so the loops below do not reload the fields after every store.
        var recommendedCount = scratch.RecommendedCount;
        var avoidedCount = scratch.AvoidedCount;
        var concludedStamp = scratch.ConcludedStamp;

        // Count first, so every list below is allocated once at its final size.
        var firedIds = fired.Length == 0 ? Array.Empty<string>() : new string[fired.Length];
        int concludedCount = 0;
        int avoidances = 0;
        for (int i = 0; i < fired.Length; i++)
        {
            int rule = fired[i];
            firedIds[i] = ruleIds[rule];
            foreach (int place in recommendsByRule[rule]) recommendedCount[place]++;
            foreach (int place in avoidsByRule[rule]) avoidedCount[place]++;
            avoidances += avoidsByRule[rule].Length;
            foreach (int slot in concludesByRule[rule])
            {
                if (concludedStamp[slot] != stamp)
                {
                    concludedStamp[slot] = stamp;
                    concludedCount++;
                }
            }
        }

        // Each item with the rules behind it, in source order (the order they fired).
        int recommendedItems = Collect(fired, recommendsByRule, singleRecommendations, recommendedCount, scratch.RecommendedRules, scratch.Recommended);
        int avoidedItems = avoidances == 0 ? 0 : Collect(fired, avoidsByRule, singleAvoidances, avoidedCount, scratch.AvoidedRules, scratch.Avoided);

        var warnings = new List<EvaluationWarning>(profile.Warnings.Length);
        foreach (var warning in profile.Warnings) warnings.Add(new EvaluationWarning(warning.Code, warning.Message));

        // Avoid beats recommend. The warnings come in declaration order, as the rule set lists the items.
        for (int declared = 0; avoidedItems > 0 && declared < outputPlaceOfDeclared.Length; declared++)
        {
            int place = outputPlaceOfDeclared[declared];
            if (scratch.Recommended[place] is { } recommending && scratch.Avoided[place] is { } avoiding)
            {
                var both = DiagnosticCatalogue.RecommendedAndAvoided(itemsInOutputOrder[place].Name, recommending.Rules, avoiding.Rules);
                warnings.Add(new EvaluationWarning(both.Code, both.Message));
                scratch.Recommended[place] = null;
                recommendedItems--;
            }
        }

        // SPEC §4: advice whose unless is true or unknown is withheld, with the facts that would decide it.
        // Avoid is never withheld. Walking by output place keeps the withheld items in output order.
        List<WithheldRecommendation>? withheld = null;
        for (int place = 0; anyContraindication && recommendedItems > 0 && place < itemsInOutputOrder.Length; place++)
        {
            if (!contraindicatedByPlace[place] || scratch.Recommended[place] is not { } item) continue;
            int declared = itemsInOutputOrder[place].Index;
            if (decisions.Contraindicated(declared) == Truth.False) continue;
            (withheld ??= new()).Add(new WithheldRecommendation(item.Id, item.Text, item.Priority, item.Rules,
                decisions.MissingOfContraindication(declared)));
            scratch.Recommended[place] = null;
            recommendedItems--;
        }

        var recommendations = TakeItems(scratch.Recommended, recommendedItems);
        var avoid = TakeItems(scratch.Avoided, avoidedItems);
        var scores = scoreIds.Length == 0 ? Array.Empty<ScoreResult>() : new ScoreResult[scoreIds.Length];
        for (int i = 0; i < scores.Length; i++) scores[i] = ScoreResult.Of(scoreIds[i], decisions.Score(i, out var value), value);

        var concluded = concludedCount == 0 ? Array.Empty<string>() : new string[concludedCount];
        for (int i = 0, next = 0; next < concludedCount; i++)
        {
            int slot = concludableSlotsByName[i];
            if (concludedStamp[slot] == stamp) concluded[next++] = factNames[slot];
        }
        return new EvaluationResult(profile.Name, recommendations, avoid,
            (IReadOnlyList<WithheldRecommendation>?)withheld ?? Array.Empty<WithheldRecommendation>(), concluded, scores, firedIds,
            (IReadOnlyList<UndeterminedRule>?)undetermined ?? Array.Empty<UndeterminedRule>(), warnings);
    }

    // ---- Writing straight to JSON: the batch path ----

    /// <summary>The result's constant JSON pieces, encoded once, on first use (so compiling for the editor never pays for them).</summary>
    private sealed class JsonPieces
    {
        public JsonPieces(ResultAssembly assembly)
        {
            // {"id":"x","text":"...","priority":"normal","rules":[ — what ResultFormatter writes before an item's rules.
            ItemPrefix = assembly.itemsInOutputOrder.Select(item =>
            {
                var json = new Utf8JsonBuffer(256);
                json.Raw("{\"id\":"u8);
                json.String(item.Name);
                json.Raw(",\"text\":"u8);
                json.String(item.Description);
                json.Raw(",\"priority\":"u8);
                json.String(ResultFormatter.PriorityName(item.Priority));
                json.Raw(",\"rules\":["u8);
                return json.Written.ToArray();
            }).ToArray();
            RuleId = assembly.ruleIds.Select(Quoted).ToArray();
            FactName = assembly.factNames.Select(Quoted).ToArray();
            ScorePrefix = assembly.scoreIds.Select(id =>
            {
                var json = new Utf8JsonBuffer(64);
                json.Raw("{\"id\":"u8);
                json.String(id);
                json.Raw(",\"value\":"u8);
                return json.Written.ToArray();
            }).ToArray();
        }

        public readonly byte[][] ItemPrefix;
        public readonly byte[][] RuleId;
        public readonly byte[][] FactName;
        public readonly byte[][] ScorePrefix;

        private static byte[] Quoted(string text)
        {
            var json = new Utf8JsonBuffer(text.Length + 8);
            json.String(text);
            return json.Written.ToArray();
        }
    }

    private JsonPieces? jsonPieces;

    private JsonPieces Pieces => jsonPieces ?? Interlocked.CompareExchange(ref jsonPieces, new JsonPieces(this), null) ?? jsonPieces;

    private const byte Recommended = 1, Avoided = 2, Withheld = 4, WithheldOpen = 8;

    /// <summary>
    /// Writes the JSON line of the result <see cref="Build"/> would make from the same decisions, byte for byte
    /// what <see cref="ResultFormatter.WriteJson"/> writes for it, without making the result: straight from the
    /// decisions into <paramref name="json"/>, with every constant piece encoded once. Allocates nothing unless the
    /// result has undetermined rules, withheld items or warnings.
    /// </summary>
    /// <param name="scratch">This thread's working space.</param>
    /// <param name="nameJson">The profile's name as a JSON string, quotes included.</param>
    /// <param name="profileWarnings">The warnings met reading the profile.</param>
    /// <param name="fired">The indexes of the rules that fired, in source order.</param>
    /// <param name="undetermined">The undetermined rules with their missing facts, in source order (null for none).</param>
    /// <param name="decisions">The evaluator's answers about contraindications and scores.</param>
    /// <param name="json">Where the line goes (without a line end).</param>
    // Hot in every batch: compiled fully optimised at once (see BatchEvaluator.PrepareInBackground).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteJson<TDecisions>(Scratch scratch, ReadOnlySpan<byte> nameJson, ImmutableArray<Diagnostic> profileWarnings,
        ReadOnlySpan<int> fired, List<UndeterminedRule>? undetermined, TDecisions decisions, Utf8JsonBuffer json)
        where TDecisions : IResultDecisions
    {
        var pieces = Pieces;
        int places = itemsInOutputOrder.Length;
        int stamp = ++scratch.Stamp;
        var recommendedCount = scratch.RecommendedCount;
        var avoidedCount = scratch.AvoidedCount;
        var concludedStamp = scratch.ConcludedStamp;
        var recommendedStart = scratch.RecommendedStart ??= new int[places + 1];
        var avoidedStart = scratch.AvoidedStart ??= new int[places + 1];
        var state = scratch.PlaceState ??= new byte[places];

        int recommendations = 0, avoidances = 0;
        for (int i = 0; i < fired.Length; i++)
        {
            int rule = fired[i];
            foreach (int place in recommendsByRule[rule]) recommendedCount[place]++;
            foreach (int place in avoidsByRule[rule]) avoidedCount[place]++;
            recommendations += recommendsByRule[rule].Length;
            avoidances += avoidsByRule[rule].Length;
            foreach (int slot in concludesByRule[rule]) concludedStamp[slot] = stamp;
        }

        // The rules behind each item in source order: a counting sort by place, the counters then reused as cursors.
        if (scratch.RecommendedRuleList.Length < recommendations) scratch.RecommendedRuleList = new int[Math.Max(recommendations, 2 * scratch.RecommendedRuleList.Length)];
        if (scratch.AvoidedRuleList.Length < avoidances) scratch.AvoidedRuleList = new int[Math.Max(avoidances, 2 * scratch.AvoidedRuleList.Length)];
        var recommendedRules = scratch.RecommendedRuleList;
        var avoidedRules = scratch.AvoidedRuleList;
        int recommendedSum = 0, avoidedSum = 0;
        for (int place = 0; place < places; place++)
        {
            byte s = 0;
            if (recommendedCount[place] > 0) s |= Recommended;
            if (avoidedCount[place] > 0) s |= Avoided;
            state[place] = s;
            recommendedStart[place] = recommendedSum;
            recommendedSum += recommendedCount[place];
            recommendedCount[place] = 0;
            avoidedStart[place] = avoidedSum;
            avoidedSum += avoidedCount[place];
            avoidedCount[place] = 0;
        }
        recommendedStart[places] = recommendedSum;
        avoidedStart[places] = avoidedSum;
        for (int i = 0; i < fired.Length; i++)
        {
            int rule = fired[i];
            foreach (int place in recommendsByRule[rule]) recommendedRules[recommendedStart[place] + recommendedCount[place]++] = rule;
            foreach (int place in avoidsByRule[rule]) avoidedRules[avoidedStart[place] + avoidedCount[place]++] = rule;
        }
        // Every counter back to zero, as Build expects them.
        if (recommendations > 0) Array.Clear(recommendedCount);
        if (avoidances > 0) Array.Clear(avoidedCount);

        // SPEC §4: advice whose unless is true or unknown is withheld; an item also avoided is only avoided.
        for (int place = 0; anyContraindication && place < places; place++)
        {
            if (state[place] != Recommended || !contraindicatedByPlace[place]) continue;
            var contraindicated = decisions.Contraindicated(itemsInOutputOrder[place].Index);
            if (contraindicated != Truth.False) state[place] = contraindicated == Truth.True ? Withheld : WithheldOpen;
        }

        json.Raw("{\"profile\":"u8);
        json.Raw(nameJson);
        json.Raw(",\"recommendations\":["u8);
        bool comma = false;
        for (int place = 0; recommendations > 0 && place < places; place++)
        {
            if (state[place] != Recommended) continue;
            Comma(json, ref comma);
            json.Raw(pieces.ItemPrefix[place]);
            RuleList(json, pieces, recommendedRules, recommendedStart[place], recommendedStart[place + 1]);
            json.Raw("]}"u8);
        }
        json.Raw("],\"avoid\":["u8);
        comma = false;
        for (int place = 0; avoidances > 0 && place < places; place++)
        {
            if ((state[place] & Avoided) == 0) continue;
            Comma(json, ref comma);
            json.Raw(pieces.ItemPrefix[place]);
            RuleList(json, pieces, avoidedRules, avoidedStart[place], avoidedStart[place + 1]);
            json.Raw("]}"u8);
        }
        json.Raw("],\"withheld\":["u8);
        comma = false;
        for (int place = 0; anyContraindication && recommendations > 0 && place < places; place++)
        {
            if (state[place] is not (Withheld or WithheldOpen)) continue;
            Comma(json, ref comma);
            json.Raw(pieces.ItemPrefix[place]);
            RuleList(json, pieces, recommendedRules, recommendedStart[place], recommendedStart[place + 1]);
            json.Raw("],\"missing\":"u8);
            // An unless that holds has nothing missing (SPEC §4).
            if (state[place] == Withheld) json.Raw("[]"u8);
            else Strings(json, decisions.MissingOfContraindication(itemsInOutputOrder[place].Index));
            json.Raw((byte)'}');
        }
        json.Raw("],\"concluded\":["u8);
        comma = false;
        foreach (int slot in concludableSlotsByName)
        {
            if (concludedStamp[slot] != stamp) continue;
            Comma(json, ref comma);
            json.Raw(pieces.FactName[slot]);
        }
        json.Raw("],\"scores\":["u8);
        for (int i = 0; i < scoreIds.Length; i++)
        {
            if (i > 0) json.Raw((byte)',');
            json.Raw(pieces.ScorePrefix[i]);
            if (decisions.Score(i, out var value) != NumberState.Value)
            {
                json.Raw("null,\"min\":null,\"max\":null}"u8);
                continue;
            }
            // As ScoreResult.Of: the value when single, the finite bounds, -0 written as 0.
            if (value.IsSingle) json.Number(value.Low);
            else json.Raw("null"u8);
            json.Raw(",\"min\":"u8);
            if (double.IsFinite(value.Low)) json.Number(value.Low);
            else json.Raw("null"u8);
            json.Raw(",\"max\":"u8);
            if (double.IsFinite(value.High)) json.Number(value.High);
            else json.Raw("null"u8);
            json.Raw((byte)'}');
        }
        json.Raw("],\"fired\":["u8);
        for (int i = 0; i < fired.Length; i++)
        {
            if (i > 0) json.Raw((byte)',');
            json.Raw(pieces.RuleId[fired[i]]);
        }
        json.Raw("],\"undetermined\":["u8);
        for (int i = 0; undetermined is not null && i < undetermined.Count; i++)
        {
            if (i > 0) json.Raw((byte)',');
            json.Raw("{\"rule\":"u8);
            json.String(undetermined[i].Rule);
            json.Raw(",\"missing\":"u8);
            Strings(json, undetermined[i].Missing);
            json.Raw((byte)'}');
        }
        json.Raw("],\"warnings\":["u8);
        comma = false;
        if (!profileWarnings.IsDefault)
        {
            foreach (var warning in profileWarnings) Warning(json, ref comma, warning.Code, warning.Message);
        }
        // Recommended and avoided: in declaration order, as Build lists them.
        for (int declared = 0; avoidances > 0 && recommendations > 0 && declared < places; declared++)
        {
            int place = outputPlaceOfDeclared[declared];
            if (state[place] != (Recommended | Avoided)) continue;
            var both = DiagnosticCatalogue.RecommendedAndAvoided(itemsInOutputOrder[place].Name,
                Ids(recommendedRules, recommendedStart[place], recommendedStart[place + 1]),
                Ids(avoidedRules, avoidedStart[place], avoidedStart[place + 1]));
            Warning(json, ref comma, both.Code, both.Message);
        }
        json.Raw("]}"u8);
    }

    private string[] Ids(int[] rules, int start, int end) => rules[start..end].Select(rule => ruleIds[rule]).ToArray();

    private static void Comma(Utf8JsonBuffer json, ref bool comma)
    {
        if (comma) json.Raw((byte)',');
        comma = true;
    }

    private static void RuleList(Utf8JsonBuffer json, JsonPieces pieces, int[] rules, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            if (i > start) json.Raw((byte)',');
            json.Raw(pieces.RuleId[rules[i]]);
        }
    }

    private static void Strings(Utf8JsonBuffer json, IReadOnlyList<string> values)
    {
        json.Raw((byte)'[');
        for (int i = 0; i < values.Count; i++)
        {
            if (i > 0) json.Raw((byte)',');
            json.String(values[i]);
        }
        json.Raw((byte)']');
    }

    private static void Warning(Utf8JsonBuffer json, ref bool comma, string code, string message)
    {
        Comma(json, ref comma);
        json.Raw("{\"code\":"u8);
        json.String(code);
        json.Raw(",\"message\":"u8);
        json.String(message);
        json.Raw((byte)'}');
    }

    /// <summary>
    /// Makes the result of every counted item (<paramref name="results"/>, by output place) and returns how
    /// many there are; leaves the counters at zero. Lists fill from the end as the counters count down.
    /// </summary>
    private int Collect(ReadOnlySpan<int> fired, int[][] placesByRule, RecommendationResult[][] singles,
        int[] counts, string[]?[] rules, RecommendationResult?[] results)
    {
        int items = 0;
        for (int i = fired.Length - 1; i >= 0; i--)
        {
            int rule = fired[i];
            var places = placesByRule[rule];
            for (int k = places.Length - 1; k >= 0; k--)
            {
                int place = places[k];
                if (rules[place] is null && counts[place] == 1)
                {
                    // One rule behind the item, the common case: its result never changes, so it was made once, up front.
                    results[place] = singles[rule][k];
                    counts[place] = 0;
                    items++;
                    continue;
                }
                var list = rules[place] ??= new string[counts[place]];
                list[--counts[place]] = ruleIds[rule];
                if (counts[place] > 0) continue;
                var item = itemsInOutputOrder[place];
                results[place] = new RecommendationResult(item.Name, item.Description, item.Priority, list);
                rules[place] = null;
                items++;
            }
        }
        return items;
    }

    /// <summary>The <paramref name="count"/> items in <paramref name="results"/>, in output order, leaving it all null.</summary>
    private static RecommendationResult[] TakeItems(RecommendationResult?[] results, int count)
    {
        if (count == 0)
        {
            // Items dropped from the list (recommended and avoided) may still be there.
            Array.Clear(results);
            return Array.Empty<RecommendationResult>();
        }
        var items = new RecommendationResult[count];
        for (int place = 0, next = 0; place < results.Length; place++)
        {
            if (results[place] is not { } item) continue;
            if (next < count) items[next++] = item;
            results[place] = null;
        }
        return items;
    }
}
