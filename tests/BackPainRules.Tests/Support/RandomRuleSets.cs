using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using BackPainRules.Compilation;
using BackPainRules.Diagnostics;
using BackPainRules.Profiles;
using BackPainRules.Semantics;

namespace BackPainRules.Tests.Support;

/// <summary>
/// Random rule sets with the constructs of issue #12 (scores, <c>count of</c>, arithmetic over number
/// facts with declared ranges, <c>unless</c>), and random profiles that respect the declared ranges. The
/// older generator (<c>DifferentialTests.RandomRuleSet</c>) is left as it is: other tests pin counts
/// measured on its output.
/// </summary>
internal static class RandomRuleSets
{
    public const int Bools = 8;
    public const int Concluded = 5;

    /// <summary>Number facts: declared ranges that hold 0, that exclude it, that are negative, and one without a range.</summary>
    public static readonly (string Name, string Range)[] Numbers =
    {
        ("n0", " 0..100"), ("n1", " -10..10"), ("n2", " 1..5"), ("n3", " 0..4"), ("n4", ""), ("n5", " -3..-1"),
    };

    public const int Scores = 4;

    private static readonly string[] Comparisons = { "<", "<=", ">", ">=", "=", "!=" };

    /// <summary>
    /// A rule set of <paramref name="rules"/> rules. Without <paramref name="withKnown"/> no condition
    /// says <c>known</c>, so every result must be sound and monotone (SPEC §4). More than 64
    /// <paramref name="recommendations"/> or <paramref name="concluded"/> facts make the result assembly's bit sets
    /// of items and of concluded facts take several words.
    /// </summary>
    public static string Generate(Random random, int rules, bool withKnown = true, bool withUnless = true, int recommendations = 8, int concluded = Concluded)
    {
        var text = new StringBuilder();
        for (int i = 0; i < Bools; i++) text.Append($"fact b{i}: bool\n");
        foreach (var (name, range) in Numbers) text.Append($"fact {name}: number{range}\n");
        text.Append("fact e0: one of p, q, r\nfact e1: one of p, q, r\nfact s0: any of p, q, r\n");
        for (int i = 0; i < concluded; i++) text.Append($"fact c{i}: bool\n");

        // Scores read input facts and earlier scores only, so no cycle goes through a concluded fact.
        for (int i = 0; i < Scores; i++) text.Append($"score t{i} = {ScoreExpression(random, i)}\n");

        string[] priorities = { "urgent", "high", "normal", "low" };
        for (int i = 0; i < recommendations; i++)
        {
            text.Append($"recommendation r{i} priority {priorities[random.Next(4)]}");
            if (withUnless && random.Next(3) == 0) text.Append(" unless ").Append(Condition(random, layer: concluded, withKnown, atoms: random.Next(1, 3)));
            text.Append('\n');
        }

        for (int i = 0; i < rules; i++)
        {
            int layer = Math.Min(concluded, i * concluded / rules);
            var condition = Condition(random, layer, withKnown, atoms: random.Next(1, 5));
            string action = layer < concluded && random.Next(4) == 0
                ? $"conclude c{layer}"
                : random.Next(5) == 0 ? $"avoid r{random.Next(recommendations)}" : $"recommend r{random.Next(recommendations)}";
            text.Append($"rule x{i}: if {condition} then {action}\n");
        }
        return text.ToString();
    }

    private static string Number(Random random) => Numbers[random.Next(Numbers.Length)].Name;

    private static string Constant(Random random) =>
        random.Next(4) == 0 ? (random.Next(-20, 21) / 2.0).ToString(CultureInfo.InvariantCulture) : random.Next(-5, 21).ToString(CultureInfo.InvariantCulture);

    private static string ScoreExpression(Random random, int index)
    {
        string earlier = index > 0 ? $"t{random.Next(index)}" : "count of (b0, b1)";
        return random.Next(6) switch
        {
            0 => $"count of ({string.Join(", ", Enumerable.Range(0, random.Next(1, 5)).Select(_ => SimpleAtom(random, 0, false)))})",
            1 => $"{Number(random)} / {Number(random)} + {earlier}",
            2 => $"{earlier} * 2 - count of ({SimpleAtom(random, 0, false)}, {SimpleAtom(random, 0, false)})",
            3 => $"({Number(random)} - {Number(random)}) * {Number(random)}",
            4 => $"-{earlier} + {Number(random)}",
            _ => $"{earlier} + {Number(random)} * 0.5",
        };
    }

    /// <summary>An atom with no arithmetic: what <c>count of</c> usually counts.</summary>
    private static string SimpleAtom(Random random, int layer, bool withKnown) => random.Next(7) switch
    {
        0 => $"b{random.Next(Bools)}",
        1 => $"not b{random.Next(Bools)}",
        2 => $"{Number(random)} {Comparisons[random.Next(6)]} {Constant(random)}",
        3 => $"e{random.Next(2)} is {"pqr"[random.Next(3)]}",
        4 => $"s0 has {"pqr"[random.Next(3)]}",
        5 => layer > 0 ? $"c{random.Next(layer)}" : $"b{random.Next(Bools)}",
        _ => withKnown ? $"known {(random.Next(2) == 0 ? $"b{random.Next(Bools)}" : Number(random))}" : $"e{random.Next(2)} in (p, q)",
    };

    private static string Expression(Random random, int layer, bool withKnown) => random.Next(9) switch
    {
        0 => $"({Number(random)} + {Number(random)}) / {Number(random)}",
        1 => $"{Number(random)} * {Number(random)} - {Number(random)}",
        2 => $"-{Number(random)} + t{random.Next(Scores)}",
        3 => $"count of ({string.Join(", ", Enumerable.Range(0, random.Next(1, 5)).Select(_ => SimpleAtom(random, layer, withKnown)))})",
        4 => $"t{random.Next(Scores)}",
        5 => $"t{random.Next(Scores)} * {Constant(random)}",
        6 => $"count of ({SimpleAtom(random, layer, withKnown)}, {SimpleAtom(random, layer, withKnown)} and {SimpleAtom(random, layer, withKnown)}) + {Number(random)} / 4",
        7 => $"{Number(random)} * 0 + {Constant(random)}",
        _ => Number(random),
    };

    private static string Atom(Random random, int layer, bool withKnown)
    {
        switch (random.Next(6))
        {
            case 0:
            case 1:
            case 2:
                return $"{Expression(random, layer, withKnown)} {Comparisons[random.Next(6)]} {(random.Next(3) == 0 ? Expression(random, layer, withKnown) : Constant(random))}";
            case 3:
                return withKnown && random.Next(3) == 0 ? $"known t{random.Next(Scores)}" : SimpleAtom(random, layer, withKnown);
            default:
                return SimpleAtom(random, layer, withKnown);
        }
    }

    private static string Condition(Random random, int layer, bool withKnown, int atoms)
    {
        var condition = Atom(random, layer, withKnown);
        for (int i = 1; i < atoms; i++)
        {
            var atom = Atom(random, layer, withKnown);
            condition = random.Next(3) switch
            {
                0 => $"({condition}) or {atom}",
                1 => $"not ({condition}) and {atom}",
                _ => $"{condition} and {atom}",
            };
        }
        return condition;
    }

    /// <summary>The values a completion tries for a fact: range ends, 0, and values inside.</summary>
    public static FactValue[] Candidates(FactSymbol fact, Random random)
    {
        switch (fact.Type)
        {
            case FactType.Bool:
                return [FactValue.Of(false), FactValue.Of(true)];
            case FactType.Number:
                double low = fact.Low ?? -1000, high = fact.High ?? 1000;
                var values = new List<double> { low, high, (low + high) / 2, Math.Round(low + random.NextDouble() * (high - low)), low + random.NextDouble() * (high - low) };
                if (low <= 0 && 0 <= high) values.Add(0);
                if (fact.Low is null) values.AddRange([-1e6, 1e6, 1, -1, 1e200, -1e200]);
                return values.Distinct().Select(FactValue.Of).ToArray();
            case FactType.OneOf:
                return Enumerable.Range(0, fact.Values.Length).Select(i => FactValue.OfValues(1UL << i)).ToArray();
            default:
                ulong all = (1UL << fact.Values.Length) - 1;
                return new[] { 0UL, all, 1UL, (ulong)random.Next(1 << fact.Values.Length) }.Distinct().Select(FactValue.OfValues).ToArray();
        }
    }

    /// <summary>A profile made straight from slot values (no JSON), in the rule set's own layout.</summary>
    public static Profile Profile(CompiledRuleSet rules, FactValue[] values, string name = "p") =>
        new(rules.Layout, name, values, ImmutableArray<Diagnostic>.Empty);

    /// <summary>A random partial profile: each input fact unknown with probability <paramref name="unknown"/>, otherwise one of its candidates.</summary>
    public static FactValue[] PartialValues(CompiledRuleSet rules, Random random, double unknown)
    {
        var values = new FactValue[rules.Facts.Length];
        foreach (var fact in rules.Facts)
        {
            if (fact.IsConcluded || random.NextDouble() < unknown) continue;
            var candidates = Candidates(fact, random);
            values[fact.Index] = candidates[random.Next(candidates.Length)];
        }
        return values;
    }

    /// <summary>The same as JSON, for the paths that read profiles as text.</summary>
    public static string Json(CompiledRuleSet rules, FactValue[] values)
    {
        var json = new StringBuilder("{");
        foreach (var fact in rules.Facts)
        {
            var value = values[fact.Index];
            if (!value.IsKnown) continue;
            if (json.Length > 1) json.Append(',');
            json.Append('"').Append(fact.Name).Append("\":");
            json.Append(fact.Type switch
            {
                FactType.Bool => value.AsBool ? "true" : "false",
                FactType.Number => value.Number.ToString("R", CultureInfo.InvariantCulture),
                FactType.OneOf => $"\"{fact.Values[System.Numerics.BitOperations.TrailingZeroCount(value.Values)]}\"",
                _ => "[" + string.Join(",", fact.Values.Where((_, i) => (value.Values & (1UL << i)) != 0).Select(v => $"\"{v}\"")) + "]",
            });
        }
        return json.Append('}').ToString();
    }
}
