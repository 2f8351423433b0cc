using System.Globalization;
using System.Text;
using BackPainRules.Semantics;

namespace BackPainRules.Benchmarks.Peers;

/// <summary>
/// Where each fact of a rule set lives in a <see cref="PeerProfile"/>, and what each rule does when it
/// fires: the one description of a rule set that the peers (hand-written code, RulesEngine, NRules) are
/// built from. It is read off the bound model of the very <c>.rules</c> text BackPainRules evaluates,
/// so every engine runs the same rules.
/// </summary>
/// <remarks>
/// The peers know two-valued logic only, so they are given fully known profiles (every input fact has a
/// value, no concluded fact is given). On such a profile BackPainRules' three-valued logic never meets
/// <c>unknown</c>: <c>known FACT</c> is true, a concluded fact is true when one of its rules fired and
/// false otherwise, and a comparison is decided. A division by a fact (unknown when the fact is 0) has no
/// two-valued counterpart, so it is refused here; neither the generated rule sets nor the built-in one
/// divide by a fact.
/// </remarks>
public sealed class PeerLayout
{
    public PeerLayout(RuleSetModel model)
    {
        Model = model;
        Slot = new int[model.Facts.Length];
        AnyOfSlots = new int[model.Facts.Length][];
        foreach (var fact in model.Facts)
        {
            if (fact.IsConcluded)
            {
                if (fact.Type != FactType.Bool) throw new NotSupportedException($"concluded non-bool fact {fact.Name}");
                Slot[fact.Index] = DerivedCount++;
                continue;
            }
            switch (fact.Type)
            {
                case FactType.Bool: Slot[fact.Index] = BoolCount++; break;
                case FactType.Number: Slot[fact.Index] = NumberCount++; break;
                case FactType.OneOf: Slot[fact.Index] = EnumCount++; break;
                default:
                    // An `any of` fact is one bool slot per value: "has V".
                    Slot[fact.Index] = -1;
                    AnyOfSlots[fact.Index] = fact.Values.Select(_ => BoolCount++).ToArray();
                    break;
            }
        }
        RuleIds = model.Rules.Select(r => r.Id).ToArray();
        RuleConcludes = model.Rules.Select(r => r.Concludes.Select(f => Slot[f.Index]).ToArray()).ToArray();
        RuleRecommends = model.Rules.Select(r => r.Recommends.Select(x => x.Index).ToArray()).ToArray();
        RuleAvoids = model.Rules.Select(r => r.Avoids.Select(x => x.Index).ToArray()).ToArray();
        RecommendationNames = model.Recommendations.Select(r => r.Name).ToArray();
        DerivedNames = model.Facts.Where(f => f.IsConcluded).Select(f => f.Name).ToArray();
        foreach (var rule in model.Rules) CheckTwoValued(rule.Condition);
        ConcludedDepth = ComputeDepths();
        CheckSourceOrder();
    }

    public RuleSetModel Model { get; }

    /// <summary>Per fact index: its slot in <see cref="PeerProfile.B"/>, <see cref="PeerProfile.N"/>, <see cref="PeerProfile.E"/> or (concluded facts) the derived array; -1 for an <c>any of</c> fact.</summary>
    public int[] Slot { get; }

    /// <summary>Per <c>any of</c> fact index: for each value, its bool slot.</summary>
    public int[][] AnyOfSlots { get; }

    public int BoolCount { get; private set; }
    public int NumberCount { get; }
    public int EnumCount { get; }
    public int DerivedCount { get; }

    public string[] RuleIds { get; }

    /// <summary>Per rule: the derived slots it concludes.</summary>
    public int[][] RuleConcludes { get; }

    /// <summary>Per rule: the recommendation indexes it recommends.</summary>
    public int[][] RuleRecommends { get; }

    /// <summary>Per rule: the recommendation indexes it avoids.</summary>
    public int[][] RuleAvoids { get; }

    public string[] RecommendationNames { get; }

    /// <summary>Per derived slot: the concluded fact's name.</summary>
    public string[] DerivedNames { get; }

    /// <summary>
    /// Per derived slot: 0 when its rules read no concluded fact, else 1 + the deepest concluded fact they
    /// read. NRules fires the rules of shallower facts first (priority), so a rule never fires on a
    /// concluded fact that is not final yet.
    /// </summary>
    public int[] ConcludedDepth { get; }

    public int MaxDepth => ConcludedDepth.Length == 0 ? 0 : ConcludedDepth.Max();

    /// <summary>The derived slots a condition reads, each once, in order of first appearance.</summary>
    public int[] DerivedRead(BoundCondition condition) =>
        BoundTree.FactsRead(condition).Where(f => f.IsConcluded).Select(f => Slot[f.Index]).Distinct().ToArray();

    private int[] ComputeDepths()
    {
        var depth = new int[DerivedCount];
        var state = new int[DerivedCount]; // 0 new, 1 visiting, 2 done
        var concluders = Enumerable.Range(0, DerivedCount).Select(_ => new List<int>()).ToArray();
        for (int r = 0; r < RuleConcludes.Length; r++)
        {
            foreach (int d in RuleConcludes[r]) concluders[d].Add(r);
        }
        int Visit(int d)
        {
            if (state[d] == 2) return depth[d];
            if (state[d] == 1) throw new InvalidOperationException("conclusion cycle");
            state[d] = 1;
            int deepest = -1;
            foreach (int r in concluders[d])
            {
                foreach (int read in DerivedRead(Model.Rules[r].Condition)) deepest = Math.Max(deepest, Visit(read));
            }
            depth[d] = deepest + 1;
            state[d] = 2;
            return depth[d];
        }
        for (int d = 0; d < DerivedCount; d++) Visit(d);
        return depth;
    }

    /// <summary>
    /// The hand-written evaluator and RulesEngine run the rules once, in source order, concluding as they
    /// go; that is right only if every rule that reads a concluded fact comes after all the rules that
    /// conclude it. The generator and the built-in rule set are written that way; this makes sure.
    /// </summary>
    private void CheckSourceOrder()
    {
        var lastConcluder = new int[DerivedCount];
        Array.Fill(lastConcluder, -1);
        for (int r = 0; r < RuleConcludes.Length; r++)
        {
            foreach (int d in RuleConcludes[r]) lastConcluder[d] = r;
        }
        for (int r = 0; r < RuleConcludes.Length; r++)
        {
            foreach (int d in DerivedRead(Model.Rules[r].Condition))
            {
                if (lastConcluder[d] >= r)
                {
                    throw new NotSupportedException($"rule {RuleIds[r]} reads {DerivedNames[d]} before its last concluding rule {RuleIds[lastConcluder[d]]}");
                }
            }
        }
    }

    private static void CheckTwoValued(BoundCondition condition)
    {
        switch (condition)
        {
            case BoundAnd a: foreach (var o in a.Operands) CheckTwoValued(o); break;
            case BoundOr o: foreach (var x in o.Operands) CheckTwoValued(x); break;
            case BoundNot n: CheckTwoValued(n.Operand); break;
            case BoundComparison c: CheckTwoValued(c.Left); CheckTwoValued(c.Right); break;
            case BoundError: throw new NotSupportedException("a rule set with errors");
        }
    }

    private static void CheckTwoValued(BoundExpression expression)
    {
        switch (expression)
        {
            case BoundNegate n: CheckTwoValued(n.Operand); break;
            case BoundChain c:
                CheckTwoValued(c.First);
                foreach (var (op, operand) in c.Rest)
                {
                    if (op == Syntax.ArithmeticOperator.Divide && operand is not BoundNumber { Value: not 0 })
                    {
                        throw new NotSupportedException("division by a fact has no two-valued counterpart");
                    }
                    CheckTwoValued(operand);
                }
                break;
            case BoundExpressionError: throw new NotSupportedException("a rule set with errors");
        }
    }
}

/// <summary>
/// A fully known profile for the peers, typed by kind: input bool facts (and each value of an <c>any of</c>
/// fact) in <see cref="B"/>, numbers in <see cref="N"/>, <c>one of</c> facts as the index of their value in
/// <see cref="E"/>. Concluded facts are not part of the profile; each engine derives them.
/// </summary>
public sealed class PeerProfile(bool[] b, double[] n, int[] e)
{
    public bool[] B { get; } = b;
    public double[] N { get; } = n;
    public int[] E { get; } = e;
}

/// <summary>
/// What a peer says about one profile: the rules that fired (indexes, in the order they fired), the
/// concluded facts, and the items recommended and avoided. The concluded array doubles as the peers'
/// working memory for concluded facts while they evaluate.
/// </summary>
public sealed class PeerResult(PeerLayout layout)
{
    public List<int> Fired { get; } = new();
    public bool[] Concluded { get; } = new bool[layout.DerivedCount];
    public bool[] Recommended { get; } = new bool[layout.RecommendationNames.Length];
    public bool[] Avoided { get; } = new bool[layout.RecommendationNames.Length];

    /// <summary>Records that rule <paramref name="rule"/> fired and does what it says.</summary>
    public void Fire(PeerLayout layout, int rule)
    {
        Fired.Add(rule);
        foreach (int d in layout.RuleConcludes[rule]) Concluded[d] = true;
        foreach (int x in layout.RuleRecommends[rule]) Recommended[x] = true;
        foreach (int x in layout.RuleAvoids[rule]) Avoided[x] = true;
    }
}

/// <summary>A generated profile in every form the engines read: JSON for BackPainRules, <see cref="PeerProfile"/> for the peers.</summary>
/// <param name="Values">Per fact index: null (unknown or concluded), a bool, a double, an enum value index (int), or a bool[] (<c>any of</c>).</param>
public sealed record GeneratedProfile(object?[] Values, string Json, PeerProfile? Peer);

/// <summary>Seeded profile generation for any rule set, with optional realistic values per fact name.</summary>
public static class ProfileGenerator
{
    /// <summary>
    /// Profiles with every input fact known (<paramref name="unknownFraction"/> 0) or with that fraction of
    /// the input facts left out. <paramref name="value"/> may give a fact's value (return null for the
    /// default: uniform over the type, whole numbers within the declared range).
    /// </summary>
    public static GeneratedProfile[] Generate(PeerLayout layout, int count, int seed, double unknownFraction,
        Func<FactSymbol, Random, object?>? value = null)
    {
        var random = new Random(seed);
        var inputs = layout.Model.Facts.Where(f => !f.IsConcluded).ToArray();
        var profiles = new GeneratedProfile[count];
        for (int i = 0; i < count; i++)
        {
            var values = new object?[layout.Model.Facts.Length];
            foreach (var fact in inputs) values[fact.Index] = value?.Invoke(fact, random) ?? Uniform(fact, random);
            int unknown = (int)Math.Round(inputs.Length * unknownFraction);
            foreach (var fact in inputs.OrderBy(_ => random.Next()).Take(unknown)) values[fact.Index] = null;
            profiles[i] = new GeneratedProfile(values, Json(layout.Model, values), unknown == 0 ? Peer(layout, values) : null);
        }
        return profiles;
    }

    private static object Uniform(FactSymbol fact, Random random) => fact.Type switch
    {
        FactType.Bool => random.Next(2) == 1,
        FactType.Number => (double)random.Next((int)(fact.Low ?? 0), (int)(fact.High ?? 100) + 1),
        FactType.OneOf => random.Next(fact.Values.Length),
        _ => fact.Values.Select(_ => random.Next(3) == 0).ToArray(),
    };

    public static string Json(RuleSetModel model, object?[] values)
    {
        var text = new StringBuilder("{");
        foreach (var fact in model.Facts)
        {
            if (values[fact.Index] is not { } v) continue;
            if (text.Length > 1) text.Append(',');
            text.Append('"').Append(fact.Name).Append("\":");
            switch (v)
            {
                case bool b: text.Append(b ? "true" : "false"); break;
                case double d: text.Append(d.ToString("R", CultureInfo.InvariantCulture)); break;
                case int e: text.Append('"').Append(fact.Values[e]).Append('"'); break;
                case bool[] set:
                    text.Append('[').AppendJoin(',', fact.Values.Where((_, k) => set[k]).Select(x => $"\"{x}\"")).Append(']');
                    break;
            }
        }
        return text.Append('}').ToString();
    }

    public static PeerProfile Peer(PeerLayout layout, object?[] values)
    {
        var profile = new PeerProfile(new bool[layout.BoolCount], new double[layout.NumberCount], new int[layout.EnumCount]);
        foreach (var fact in layout.Model.Facts)
        {
            if (fact.IsConcluded) continue;
            object v = values[fact.Index] ?? throw new ArgumentException($"fact {fact.Name} is unknown; the peers need fully known profiles");
            int slot = layout.Slot[fact.Index];
            switch (fact.Type)
            {
                case FactType.Bool: profile.B[slot] = (bool)v; break;
                case FactType.Number: profile.N[slot] = (double)v; break;
                case FactType.OneOf: profile.E[slot] = (int)v; break;
                default:
                    var set = (bool[])v;
                    for (int k = 0; k < set.Length; k++) profile.B[layout.AnyOfSlots[fact.Index][k]] = set[k];
                    break;
            }
        }
        return profile;
    }

    /// <summary>
    /// Realistic values for the built-in rule set's runner profiles: red flags rare, pain mostly mild,
    /// cadence, distances and hours in their usual ranges, a few pregnant runners.
    /// </summary>
    public static object? BuiltInValue(FactSymbol fact, Random random) => fact.Name switch
    {
        "leg_numbness" or "night_pain" or "pain_after_fall" or "fever" => random.Next(25) == 0,
        "bladder_bowel_changes" or "saddle_numbness" => random.Next(100) == 0,
        "pain_score" => (double)Math.Min(10, (int)Math.Floor(Math.Abs(random.NextDouble() + random.NextDouble() - 1) * 11)),
        "cadence" => (double)random.Next(145, 191),
        "long_run_km" => (double)random.Next(5, 33),
        "weekly_km" => (double)random.Next(15, 91),
        "core_sessions_per_week" => (double)random.Next(0, 6),
        "plank_seconds" => (double)random.Next(10, 181),
        "sitting_hours_per_day" => Math.Round(random.NextDouble() * 12 * 2) / 2,
        "indoor_cycling_hours_per_week" => random.Next(3) == 0 ? (double)random.Next(1, 8) : 0.0,
        "weeks_pregnant" => (double)random.Next(0, 41),
        "pregnant" => random.Next(12) == 0,
        "workout" => random.Next(4),
        "pain_during" => new[] { random.Next(3) == 0, random.Next(3) == 0, random.Next(4) == 0 },
        _ => null,
    };
}
