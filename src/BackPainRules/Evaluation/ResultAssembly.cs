using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text;
using BackPainRules.Diagnostics;
using BackPainRules.Profiles;
using BackPainRules.Semantics;
using BackPainRules.Text;

namespace BackPainRules.Evaluation;

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

/// <summary>
/// Builds an <see cref="EvaluationResult"/>, or writes its JSON line, from the decisions the evaluator made
/// (SPEC §4): items in priority, then declaration, order with their rules in source order; avoid beats
/// recommend with a warning; advice withheld by its <c>unless</c>; concluded facts sorted by name.
/// </summary>
/// <remarks>
/// Everything that depends only on the rule set is worked out once, when the rule set is compiled: items by
/// their place in the output, the rules behind each item and each concludable fact as bit masks, concluded
/// facts by their place in name order, the result of an item with one rule behind it. Per profile, the
/// assembly tallies with the fired rules as a bit set (<see cref="Tally{TDecisions}"/>), then allocates every
/// list at its final size and fills it: the result's own arrays and records, and nothing else.
/// </remarks>
internal sealed class ResultAssembly
{
    private readonly string[] ruleIds;
    private readonly RecommendationSymbol[] itemsInOutputOrder;
    private readonly int[] outputPlaceOfDeclared;

    // Per item by output place, the rules that recommend it and those that avoid it; per concludable fact in
    // name order, the rules that conclude it.
    private readonly RuleMasks recommendedBy;
    private readonly RuleMasks avoidedBy;
    private readonly RuleMasks concludedBy;

    // The item with just one rule behind it, per (item, rule) in the order of recommendedBy's and avoidedBy's
    // pairs: the common case, made once, since it never changes.
    private readonly RecommendationResult[] singleRecommendations;
    private readonly RecommendationResult[] singleAvoidances;

    // The concludable facts' names, sorted.
    private readonly string[] concludableNames;

    // The items that have an unless, as a bit set by output place, so items without one cost nothing more.
    private readonly ulong[] contraindicable;
    private readonly string[] scoreIds;

    public ResultAssembly(RuleSetModel model, ImmutableArray<RecommendationSymbol> recommendationOrder)
    {
        itemsInOutputOrder = recommendationOrder.ToArray();
        var outputPlace = new int[itemsInOutputOrder.Length];
        for (int place = 0; place < itemsInOutputOrder.Length; place++) outputPlace[itemsInOutputOrder[place].Index] = place;
        outputPlaceOfDeclared = outputPlace;

        ruleIds = model.Rules.Select(r => r.Id).ToArray();
        // Who does what, gathered in one pass over the rules (asking each item which rules name it would be
        // quadratic: 10,000 rules made compiling three times slower).
        var recommending = itemsInOutputOrder.Select(_ => new List<RuleSymbol>()).ToArray();
        var avoiding = itemsInOutputOrder.Select(_ => new List<RuleSymbol>()).ToArray();
        var concluding = model.Facts.Select(_ => new List<RuleSymbol>()).ToArray();
        foreach (var rule in model.Rules)
        {
            foreach (var item in rule.Recommends) recommending[outputPlace[item.Index]].Add(rule);
            foreach (var item in rule.Avoids) avoiding[outputPlace[item.Index]].Add(rule);
            foreach (var fact in rule.Concludes) concluding[fact.Index].Add(rule);
        }
        recommendedBy = new RuleMasks(model.Rules.Length, recommending);
        avoidedBy = new RuleMasks(model.Rules.Length, avoiding);
        singleRecommendations = Singles(recommendedBy);
        singleAvoidances = Singles(avoidedBy);
        var concludable = model.Facts.Where(f => concluding[f.Index].Count > 0).OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
        concludedBy = new RuleMasks(model.Rules.Length, concludable.Select(fact => concluding[fact.Index]));
        concludableNames = concludable.Select(f => f.Name).ToArray();
        contraindicable = new ulong[(itemsInOutputOrder.Length + 63) >> 6];
        for (int place = 0; place < itemsInOutputOrder.Length; place++) contraindicable[place >> 6] |= (itemsInOutputOrder[place].Unless is not null ? 1UL : 0UL) << place;
        scoreIds = model.Scores.Select(s => s.Name).ToArray();
    }

    /// <summary>Each item with one of its rules alone behind it, in the order of <paramref name="masks"/>' rules.</summary>
    private RecommendationResult[] Singles(RuleMasks masks)
    {
        var singles = new RecommendationResult[masks.RuleCount];
        for (int place = 0; place < itemsInOutputOrder.Length; place++)
        {
            var item = itemsInOutputOrder[place];
            int next = masks.FirstRank(place);
            foreach (int rule in masks.AllRules(place))
            {
                // Results share it, so its list of rules is immutable.
                singles[next++] = new RecommendationResult(item.Name, item.Description, item.Priority, ImmutableArray.Create(ruleIds[rule]));
            }
        }
        return singles;
    }

    /// <summary>
    /// For each of a list of targets (items by output place, or concludable facts by name), the rules behind it
    /// as a sparse bit set over the rule indexes: the 64-rule words where it has any, each with its bits.
    /// </summary>
    /// <remarks>
    /// Results used to be tallied rule by rule: for each fired rule, a loop over what it recommends, avoids and
    /// concludes. Those loops are short and of varying length, and the processor mispredicts their ends; on the
    /// built-in set that tally cost about a quarter of an evaluation. With the fired rules as a bit set, each
    /// target's rules are an AND per word instead (one word for a set of up to 64 rules, as the hand-written
    /// peer does it), counted with a population count, and listed in source order by walking the bits up.
    /// </remarks>
    private sealed class RuleMasks
    {
        private readonly int[] start;
        private readonly int[] word;
        private readonly ulong[] bits;

        // Per target: how many rules are behind it in all, summed over the targets before it.
        private readonly int[] rankStart;

        public RuleMasks(int ruleCount, IEnumerable<IEnumerable<RuleSymbol>> rulesByTarget)
        {
            var starts = new List<int> { 0 };
            var words = new List<int>();
            var masks = new List<ulong>();
            var ranks = new List<int> { 0 };
            foreach (var rules in rulesByTarget)
            {
                int count = 0;
                foreach (var group in rules.Select(r => r.Index).Order().GroupBy(index => index >> 6))
                {
                    words.Add(group.Key);
                    masks.Add(group.Aggregate(0UL, (mask, index) => mask | (1UL << index)));
                    count += group.Count();
                }
                starts.Add(words.Count);
                ranks.Add(ranks[^1] + count);
            }
            start = starts.ToArray();
            word = words.ToArray();
            bits = masks.ToArray();
            rankStart = ranks.ToArray();
            Words = (ruleCount + 63) >> 6;
            if (Words == 1)
            {
                oneWord = new ulong[start.Length - 1];
                for (int target = 0; target < oneWord.Length; target++) oneWord[target] = start[target] < start[target + 1] ? bits[start[target]] : 0;
            }
        }

        // With 64 rules or fewer, each target's mask as one word: counting is then one AND and a population count.
        private readonly ulong[]? oneWord;

        /// <summary>With 64 rules or fewer, each target's rules as one word; else null.</summary>
        public ulong[]? OneWord => oneWord;

        /// <summary>How many 64-bit words a bit set of the rules takes.</summary>
        public int Words { get; }

        /// <summary>How many (target, rule) pairs there are in all.</summary>
        public int RuleCount => rankStart[^1];

        /// <summary>Where the target's rules start in the order of all pairs.</summary>
        public int FirstRank(int target) => rankStart[target];

        /// <summary>How many of the target's rules are in <paramref name="fired"/>.</summary>
        // Each with the one-word case inlined where it is called, and the general one (with a loop) out of line.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Count(int target, ulong[] fired) =>
            oneWord is not null ? BitOperations.PopCount(fired[0] & oneWord[target]) : CountInWords(target, fired);

        private int CountInWords(int target, ulong[] fired)
        {
            int count = 0;
            for (int i = start[target]; i < start[target + 1]; i++) count += BitOperations.PopCount(fired[word[i]] & bits[i]);
            return count;
        }

        /// <summary>Whether any of the target's rules is in <paramref name="fired"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Any(int target, ulong[] fired) => oneWord is not null ? (fired[0] & oneWord[target]) != 0 : AnyInWords(target, fired);

        private bool AnyInWords(int target, ulong[] fired)
        {
            for (int i = start[target]; i < start[target + 1]; i++)
            {
                if ((fired[word[i]] & bits[i]) != 0) return true;
            }
            return false;
        }

        /// <summary>The rank, among all pairs, of the target's first rule in <paramref name="fired"/> (there must be one).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int RankOfFirst(int target, ulong[] fired)
        {
            if (oneWord is null) return RankOfFirstInWords(target, fired);
            ulong mask = oneWord[target];
            ulong firing = fired[0] & mask;
            return rankStart[target] + BitOperations.PopCount(mask & ((firing & (0 - firing)) - 1));
        }

        private int RankOfFirstInWords(int target, ulong[] fired)
        {
            int rank = rankStart[target];
            for (int i = start[target]; ; i++)
            {
                ulong firing = fired[word[i]] & bits[i];
                if (firing != 0) return rank + BitOperations.PopCount(bits[i] & ((firing & (0 - firing)) - 1));
                rank += BitOperations.PopCount(bits[i]);
            }
        }

        /// <summary>Writes the target's rules in <paramref name="fired"/> in source order; returns how many.</summary>
        public int Rules(int target, ulong[] fired, Span<int> into)
        {
            int count = 0;
            for (int i = start[target]; i < start[target + 1]; i++)
            {
                for (ulong firing = fired[word[i]] & bits[i]; firing != 0; firing &= firing - 1)
                {
                    into[count++] = (word[i] << 6) + BitOperations.TrailingZeroCount(firing);
                }
            }
            return count;
        }

        /// <summary>All of the target's rules, in source order.</summary>
        public IEnumerable<int> AllRules(int target)
        {
            for (int i = start[target]; i < start[target + 1]; i++)
            {
                for (ulong mask = bits[i]; mask != 0; mask &= mask - 1) yield return (word[i] << 6) + BitOperations.TrailingZeroCount(mask);
            }
        }
    }

    /// <summary>Working space reused from profile to profile by one thread; see <see cref="NewScratch"/>.</summary>
    /// <remarks>
    /// It holds numbers only, no references: it lives as long as the thread's frame, so it is soon in the oldest
    /// generation, and every reference stored into it would mark it for the collector to scan again.
    /// </remarks>
    public sealed class Scratch
    {
        internal Scratch(int itemCount, int concludableCount, int ruleWords, int ruleCount)
        {
            int itemWords = (itemCount + 63) >> 6;
            Recommended = new ulong[itemWords];
            Avoided = new ulong[itemWords];
            Withheld = new ulong[itemWords];
            WithheldOpen = new ulong[itemWords];
            Conflicted = new ulong[itemWords];
            Concluded = new ulong[(concludableCount + 63) >> 6];
            Fired = new ulong[ruleWords];
            Rules = new int[ruleCount];
        }

        // Where each item goes in this result, as bit sets by output place (bit p of word p / 64), so that making the
        // result visits only the items in it, list by list, in output order. Avoid beats recommend: an item both
        // recommended and avoided is in Avoided and Conflicted, not in Recommended; a withheld item (its unless true
        // or unknown) is in Withheld only, and also in WithheldOpen when its unless is unknown.
        internal readonly ulong[] Recommended;
        internal readonly ulong[] Avoided;
        internal readonly ulong[] Withheld;
        internal readonly ulong[] WithheldOpen;
        internal readonly ulong[] Conflicted;

        // The concludable facts a fired rule concludes, as a bit set in name order.
        internal readonly ulong[] Concluded;

        // The fired rules as a bit set (bit r of word r / 64 for rule r).
        internal readonly ulong[] Fired;

        // Room for one item's rules while they are listed.
        internal readonly int[] Rules;
    }

    /// <summary>Working space for one thread (an evaluator keeps one per thread rather than allocating it per profile).</summary>
    public Scratch NewScratch() => new(itemsInOutputOrder.Length, concludableNames.Length, recommendedBy.Words, ruleIds.Length);

    /// <summary>How many of each part a result has, from <see cref="Tally{TDecisions}"/>.</summary>
    private readonly record struct Counts(int Recommended, int Avoided, int Withheld, int Conflicts, int Concluded);

    /// <summary>
    /// Works out what a result holds from which rules fired (SPEC §4), into the scratch: the fired rules as a bit
    /// set, the items of each list of the result as bit sets, the facts concluded; and how many of each there
    /// are, so that what is made from it is made at its final size. Both <see cref="Build"/> and
    /// <see cref="WriteJson"/> start here, so the result and the JSON line cannot differ in what they hold.
    /// </summary>
    // Hot in every batch: compiled fully optimised at once (see BatchEvaluator.PrepareInBackground). Not inlined, so
    // that its loops get registers of their own rather than sharing them with all of Build.
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private Counts Tally<TDecisions>(Scratch scratch, ReadOnlySpan<int> fired, TDecisions decisions, ReadOnlySpan<ulong> firedAsBits)
        where TDecisions : IResultDecisions
    {
        var firedBits = scratch.Fired;
        if (firedAsBits.Length == firedBits.Length) firedAsBits.CopyTo(firedBits);
        else FiredBits(fired, firedBits);

        int recommendedItems = 0, avoidedItems = 0, withheldItems = 0, conflicts = 0;
        // The items in the result as bit sets, 64 items at a time in registers: the counts are then population
        // counts, not counters carried from one item to the next through memory.
        for (int word = 0; word < scratch.Recommended.Length; word++)
        {
            int first = word << 6, end = Math.Min(itemsInOutputOrder.Length, first + 64);
            var (recommending, avoiding) = recommendedBy.OneWord is { } recommendMasks && avoidedBy.OneWord is { } avoidMasks
                ? MarkItems(firedBits[0], recommendMasks, avoidMasks, first, end)
                : MarkItems(firedBits, recommendedBy, avoidedBy, first, end);
            // SPEC §4: advice whose unless is true or unknown is withheld (avoid never is).
            ulong held = 0, open = 0;
            for (ulong candidates = recommending & ~avoiding & contraindicable[word]; candidates != 0; candidates &= candidates - 1)
            {
                int bit = BitOperations.TrailingZeroCount(candidates);
                var contraindicated = decisions.Contraindicated(itemsInOutputOrder[first + bit].Index);
                if (contraindicated == Truth.False) continue;
                held |= 1UL << bit;
                if (contraindicated == Truth.Unknown) open |= 1UL << bit;
            }
            ulong recommended = recommending & ~avoiding & ~held, conflicted = recommending & avoiding;
            scratch.Recommended[word] = recommended;
            scratch.Avoided[word] = avoiding;
            scratch.Withheld[word] = held;
            scratch.WithheldOpen[word] = open;
            scratch.Conflicted[word] = conflicted;
            recommendedItems += BitOperations.PopCount(recommended);
            avoidedItems += BitOperations.PopCount(avoiding);
            withheldItems += BitOperations.PopCount(held);
            conflicts += BitOperations.PopCount(conflicted);
        }

        var concluded = scratch.Concluded;
        int concludedCount = 0;
        var concludeMasks = concludedBy.OneWord;
        for (int word = 0; word < concluded.Length; word++)
        {
            ulong bits = 0;
            for (int fact = word << 6, end = Math.Min(concludableNames.Length, fact + 64); fact < end; fact++)
            {
                bool isConcluded = concludeMasks is not null ? (firedBits[0] & concludeMasks[fact]) != 0 : concludedBy.Any(fact, firedBits);
                bits |= (isConcluded ? 1UL : 0UL) << fact;
            }
            concluded[word] = bits;
            concludedCount += BitOperations.PopCount(bits);
        }
        return new Counts(recommendedItems, avoidedItems, withheldItems, conflicts, concludedCount);
    }

    /// <summary>
    /// Which of the items at places <paramref name="first"/> to <paramref name="end"/> (at most 64) some fired rule
    /// recommends and avoids, as bits: for 64 rules or fewer, the usual clinic set, with a mask per item and the fired
    /// rules in one word, four items at a time where the processor has the vectors for it.
    /// </summary>
    private static (ulong Recommending, ulong Avoiding) MarkItems(ulong fired, ulong[] recommendMasks, ulong[] avoidMasks, int first, int end)
    {
        ulong recommending = 0, avoiding = 0;
        int place = first;
        end = Math.Min(end, Math.Min(recommendMasks.Length, avoidMasks.Length));
        if (Vector256.IsHardwareAccelerated)
        {
            var firedVector = Vector256.Create(fired);
            for (; place + 4 <= end; place += 4)
            {
                // A bit per item whose mask shares no rule with the fired ones; the items marked are the others.
                uint noneRecommend = Vector256.Equals(Vector256.Create(recommendMasks.AsSpan(place, 4)) & firedVector, Vector256<ulong>.Zero).ExtractMostSignificantBits();
                uint noneAvoid = Vector256.Equals(Vector256.Create(avoidMasks.AsSpan(place, 4)) & firedVector, Vector256<ulong>.Zero).ExtractMostSignificantBits();
                recommending |= (ulong)(~noneRecommend & 0xF) << place;
                avoiding |= (ulong)(~noneAvoid & 0xF) << place;
            }
        }
        for (; place < end; place++)
        {
            recommending |= ((fired & recommendMasks[place]) != 0 ? 1UL : 0UL) << place;
            avoiding |= ((fired & avoidMasks[place]) != 0 ? 1UL : 0UL) << place;
        }
        return (recommending, avoiding);
    }

    /// <summary>The same for any number of rules.</summary>
    private static (ulong Recommending, ulong Avoiding) MarkItems(ulong[] fired, RuleMasks recommendedBy, RuleMasks avoidedBy, int first, int end)
    {
        ulong recommending = 0, avoiding = 0;
        for (int place = first; place < end; place++)
        {
            recommending |= (recommendedBy.Any(place, fired) ? 1UL : 0UL) << place;
            avoiding |= (avoidedBy.Any(place, fired) ? 1UL : 0UL) << place;
        }
        return (recommending, avoiding);
    }

    /// <summary>The rules in <paramref name="fired"/> (in source order) as a bit set.</summary>
    private static void FiredBits(ReadOnlySpan<int> fired, ulong[] firedBits)
    {
        firedBits.AsSpan().Clear();
        // The rules come in source order, so each word is gathered in a register and stored once.
        int current = 0;
        ulong bits = 0;
        foreach (int rule in fired)
        {
            if (rule >> 6 != current)
            {
                firedBits[current] = bits;
                current = rule >> 6;
                bits = 0;
            }
            bits |= 1UL << rule;
        }
        if (firedBits.Length > 0) firedBits[current] = bits;
    }

    /// <param name="scratch">This thread's working space.</param>
    /// <param name="profile">The profile evaluated.</param>
    /// <param name="fired">The indexes of the rules that fired, in source order.</param>
    /// <param name="undetermined">The undetermined rules with their missing facts, in source order (null for none).</param>
    /// <param name="decisions">The evaluator's answers about contraindications and scores.</param>
    /// <param name="firedBits">The same fired rules as a bit set, if the evaluator made one (else empty).</param>
    public EvaluationResult Build<TDecisions>(Scratch scratch, Profile profile, ReadOnlySpan<int> fired, List<UndeterminedRule>? undetermined,
        TDecisions decisions, ReadOnlySpan<ulong> firedBits = default)
        where TDecisions : IResultDecisions
    {
        var counts = Tally(scratch, fired, decisions, firedBits);
        int places = itemsInOutputOrder.Length;

        var firedIds = fired.Length == 0 ? Array.Empty<string>() : new string[fired.Length];
        for (int i = 0; i < fired.Length; i++) firedIds[i] = ruleIds[fired[i]];

        var recommendations = counts.Recommended == 0 ? Array.Empty<RecommendationResult>() : new RecommendationResult[counts.Recommended];
        var avoid = counts.Avoided == 0 ? Array.Empty<RecommendationResult>() : new RecommendationResult[counts.Avoided];
        var withheld = counts.Withheld == 0 ? Array.Empty<WithheldRecommendation>() : new WithheldRecommendation[counts.Withheld];
        int r = 0, a = 0, w = 0;
        // The bits walked word by word here, where WriteJson uses SetBits: on the built-in set SetBits measured about
        // 5% slower in this method (1.41-1.45x hand-written code against 1.35-1.36x, alternating, 7 Dec).
        for (int word = 0; word < scratch.Recommended.Length; word++)
        {
            int first = word << 6;
            for (ulong bits = scratch.Recommended[word]; bits != 0; bits &= bits - 1)
            {
                recommendations[r++] = Item(scratch, first + BitOperations.TrailingZeroCount(bits), recommendedBy, singleRecommendations);
            }
            for (ulong bits = scratch.Avoided[word]; bits != 0; bits &= bits - 1)
            {
                avoid[a++] = Item(scratch, first + BitOperations.TrailingZeroCount(bits), avoidedBy, singleAvoidances);
            }
            for (ulong bits = scratch.Withheld[word]; bits != 0; bits &= bits - 1)
            {
                int bit = BitOperations.TrailingZeroCount(bits), place = first + bit;
                var item = Item(scratch, place, recommendedBy, singleRecommendations);
                // An unless that holds has nothing missing (SPEC §4).
                var missing = (scratch.WithheldOpen[word] >> bit & 1) == 0 ? Array.Empty<string>() : decisions.MissingOfContraindication(itemsInOutputOrder[place].Index);
                withheld[w++] = new WithheldRecommendation(item.Id, item.Text, item.Priority, item.Rules, missing);
            }
        }

        IReadOnlyList<EvaluationWarning> warnings = Array.Empty<EvaluationWarning>();
        if (profile.Warnings.Length + counts.Conflicts > 0)
        {
            var list = new List<EvaluationWarning>(profile.Warnings.Length + counts.Conflicts);
            foreach (var warning in profile.Warnings) list.Add(new EvaluationWarning(warning.Code, warning.Message));
            // Avoid beats recommend. The warnings come in declaration order, as the rule set lists the items.
            for (int declared = 0; counts.Conflicts > 0 && declared < places; declared++)
            {
                int place = outputPlaceOfDeclared[declared];
                if (!IsIn(scratch.Conflicted, place)) continue;
                var both = Conflict(scratch, place);
                list.Add(new EvaluationWarning(both.Code, both.Message));
            }
            warnings = list;
        }

        var scores = scoreIds.Length == 0 ? Array.Empty<ScoreResult>() : new ScoreResult[scoreIds.Length];
        for (int i = 0; i < scores.Length; i++) scores[i] = ScoreResult.Of(scoreIds[i], decisions.Score(i, out var value), value);

        var concluded = counts.Concluded == 0 ? Array.Empty<string>() : new string[counts.Concluded];
        for (int word = 0, next = 0; word < scratch.Concluded.Length; word++)
        {
            for (ulong bits = scratch.Concluded[word]; bits != 0; bits &= bits - 1)
            {
                concluded[next++] = concludableNames[(word << 6) + BitOperations.TrailingZeroCount(bits)];
            }
        }
        return new EvaluationResult(profile.Name, recommendations, avoid, withheld, concluded, scores, firedIds,
            (IReadOnlyList<UndeterminedRule>?)undetermined ?? Array.Empty<UndeterminedRule>(), warnings);
    }

    private static bool IsIn(ulong[] set, int place) => (set[place >> 6] >> place & 1) != 0;

    /// <summary>The members of a bit set (bit i of word i / 64), in increasing order, without allocating.</summary>
    private ref struct SetBits(ulong[] words)
    {
        private int word = -1;
        private ulong rest;

        public int Current { get; private set; }

        public readonly SetBits GetEnumerator() => this;

        public bool MoveNext()
        {
            while (rest == 0)
            {
                if (++word >= words.Length) return false;
                rest = words[word];
            }
            Current = (word << 6) + BitOperations.TrailingZeroCount(rest);
            rest &= rest - 1;
            return true;
        }
    }

    /// <summary>The item at <paramref name="place"/> with the fired rules behind it.</summary>
    private RecommendationResult Item(Scratch scratch, int place, RuleMasks masks, RecommendationResult[] singles)
    {
        if (masks.Count(place, scratch.Fired) == 1) return singles[masks.RankOfFirst(place, scratch.Fired)];
        var item = itemsInOutputOrder[place];
        return new RecommendationResult(item.Name, item.Description, item.Priority, Ids(scratch, masks, place));
    }

    /// <summary>The warning for an item both recommended and avoided, naming the rules on each side.</summary>
    private CodedMessage Conflict(Scratch scratch, int place) =>
        DiagnosticCatalogue.RecommendedAndAvoided(itemsInOutputOrder[place].Name, Ids(scratch, recommendedBy, place), Ids(scratch, avoidedBy, place));

    /// <summary>The ids of the fired rules behind <paramref name="place"/>, in source order.</summary>
    private string[] Ids(Scratch scratch, RuleMasks masks, int place)
    {
        int count = masks.Rules(place, scratch.Fired, scratch.Rules);
        var ids = new string[count];
        for (int i = 0; i < count; i++) ids[i] = ruleIds[scratch.Rules[i]];
        return ids;
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
            ConcludedName = assembly.concludableNames.Select(Quoted).ToArray();
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
        public readonly byte[][] ConcludedName;
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
    /// <param name="firedBits">The same fired rules as a bit set, if the evaluator made one (else empty).</param>
    // Hot in every batch: compiled fully optimised at once (see BatchEvaluator.PrepareInBackground).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteJson<TDecisions>(Scratch scratch, ReadOnlySpan<byte> nameJson, ImmutableArray<Diagnostic> profileWarnings,
        ReadOnlySpan<int> fired, List<UndeterminedRule>? undetermined, TDecisions decisions, Utf8JsonBuffer json, ReadOnlySpan<ulong> firedBits = default)
        where TDecisions : IResultDecisions
    {
        var pieces = Pieces;
        int places = itemsInOutputOrder.Length;
        var counts = Tally(scratch, fired, decisions, firedBits);

        json.Raw("{\"profile\":"u8);
        json.Raw(nameJson);
        json.Raw(",\"recommendations\":["u8);
        bool comma = false;
        foreach (int place in new SetBits(scratch.Recommended))
        {
            Comma(json, ref comma);
            json.Raw(pieces.ItemPrefix[place]);
            RuleList(json, pieces, scratch, recommendedBy, place);
            json.Raw("]}"u8);
        }
        json.Raw("],\"avoid\":["u8);
        comma = false;
        foreach (int place in new SetBits(scratch.Avoided))
        {
            Comma(json, ref comma);
            json.Raw(pieces.ItemPrefix[place]);
            RuleList(json, pieces, scratch, avoidedBy, place);
            json.Raw("]}"u8);
        }
        json.Raw("],\"withheld\":["u8);
        comma = false;
        foreach (int place in new SetBits(scratch.Withheld))
        {
            Comma(json, ref comma);
            json.Raw(pieces.ItemPrefix[place]);
            RuleList(json, pieces, scratch, recommendedBy, place);
            json.Raw("],\"missing\":"u8);
            // An unless that holds has nothing missing (SPEC §4).
            if (!IsIn(scratch.WithheldOpen, place)) json.Raw("[]"u8);
            else Strings(json, decisions.MissingOfContraindication(itemsInOutputOrder[place].Index));
            json.Raw((byte)'}');
        }
        json.Raw("],\"concluded\":["u8);
        comma = false;
        foreach (int fact in new SetBits(scratch.Concluded))
        {
            Comma(json, ref comma);
            json.Raw(pieces.ConcludedName[fact]);
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
        for (int declared = 0; counts.Conflicts > 0 && declared < places; declared++)
        {
            int place = outputPlaceOfDeclared[declared];
            if (!IsIn(scratch.Conflicted, place)) continue;
            var both = Conflict(scratch, place);
            Warning(json, ref comma, both.Code, both.Message);
        }
        json.Raw("]}"u8);
    }

    private static void Comma(Utf8JsonBuffer json, ref bool comma)
    {
        if (comma) json.Raw((byte)',');
        comma = true;
    }

    private static void RuleList(Utf8JsonBuffer json, JsonPieces pieces, Scratch scratch, RuleMasks masks, int place)
    {
        int count = masks.Rules(place, scratch.Fired, scratch.Rules);
        for (int i = 0; i < count; i++)
        {
            if (i > 0) json.Raw((byte)',');
            json.Raw(pieces.RuleId[scratch.Rules[i]]);
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
}
