using System.Collections.Frozen;
using System.Collections.Immutable;
using BackPainRules.Semantics;

namespace BackPainRules.Profiles;

/// <summary>
/// Where a rule set keeps each fact of a profile: one slot per fact, in declaration order, and the
/// look-up from a profile's keys to facts. Built once per compiled rule set; every profile read with
/// it has its values in these slots.
/// </summary>
internal sealed class ProfileLayout
{
    private readonly FrozenDictionary<string, FactSymbol> factsByName;
    private readonly FrozenDictionary<string, FactSymbol>.AlternateLookup<ReadOnlySpan<char>> factsBySpan;

    private readonly IReadOnlyList<string>[] concludedBy;
    private readonly FrozenSet<string> scoreNames;

    /// <param name="facts">The rule set's facts, in slot order.</param>
    /// <param name="rules">Its rules, in source order: those that conclude a fact are named when a profile gives it.</param>
    /// <param name="scores">Its scores, which a profile may not give either.</param>
    public ProfileLayout(ImmutableArray<FactSymbol> facts, IEnumerable<RuleSymbol> rules, IEnumerable<ScoreSymbol> scores)
    {
        scoreNames = scores.Select(s => s.Name).ToFrozenSet(StringComparer.Ordinal);
        Facts = facts;
        factsByName = facts.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
        factsBySpan = factsByName.GetAlternateLookup<ReadOnlySpan<char>>();
        var concluding = facts.Select(_ => new List<string>()).ToArray();
        foreach (var rule in rules)
        {
            foreach (var fact in rule.Concludes) concluding[fact.Index].Add(rule.Id);
        }
        concludedBy = concluding.Select(ids => (IReadOnlyList<string>)ids.Distinct().ToArray()).ToArray();
        Utf8Reader = new Utf8ProfileReader(this);
    }

    /// <summary>The batch path's byte-level reader of clean profiles, with its tables of names as UTF-8.</summary>
    public Utf8ProfileReader Utf8Reader { get; }

    /// <summary>The ids of the rules that conclude <paramref name="fact"/>, in source order; empty for a fact a profile gives.</summary>
    public IReadOnlyList<string> ConcludedBy(FactSymbol fact) => concludedBy[fact.Index];

    /// <summary>Whether <paramref name="name"/> is one of the rule set's scores.</summary>
    public bool IsScore(string name) => scoreNames.Contains(name);

    /// <summary>Facts in slot order.</summary>
    public ImmutableArray<FactSymbol> Facts { get; }

    /// <summary>The fact named <paramref name="name"/>, if declared.</summary>
    public FactSymbol? FindFact(string name) => factsByName.GetValueOrDefault(name);

    /// <summary>The fact named by <paramref name="name"/>, found without making a string.</summary>
    public FactSymbol? FindFact(ReadOnlySpan<char> name) => factsBySpan.TryGetValue(name, out var fact) ? fact : null;

    /// <summary>
    /// Whether a profile read with <paramref name="other"/> can be evaluated with this layout: the same
    /// facts, of the same types and values, in the same slots (another compilation of the same declarations).
    /// </summary>
    public bool HasSameSlots(ProfileLayout other) =>
        ReferenceEquals(this, other) ||
        (other.Facts.Length == Facts.Length &&
         Facts.Zip(other.Facts).All(pair => pair.First.Name == pair.Second.Name && pair.First.Type == pair.Second.Type &&
                                            pair.First.Values.SequenceEqual(pair.Second.Values)));
}
