using System.Text;
using System.Text.RegularExpressions;
using BackPainRules.Formatting;
using FsCheck;
using FsCheck.Fluent;
using PropertyAttribute = FsCheck.NUnit.PropertyAttribute;

namespace BackPainRules.Tests.Properties;

/// <summary>
/// The wrapped layout of <c>rules fmt</c> (issue #14) on random rule sets whose conditions, <c>count of</c> lists,
/// action lists, scores, <c>unless</c> conditions and <c>given</c>/<c>expect</c> lists are far wider than the width:
/// no line is wider than 100 characters unless it is one string, name or comment that cannot be broken;
/// formatting twice gives the same text; the text formats the same whatever its line breaks were; and the
/// formatted rule set gives the same results.
/// </summary>
public class FormattingLayoutProperties
{
    private static readonly string[] Bools = Enumerable.Range(0, 12).Select(i => $"sign_{i}_reported_by_the_runner").ToArray();
    private static readonly string[] Numbers = { "pain_score_today", "weeks_of_back_pain", "weekly_distance_km" };
    private static readonly string[] Values = { "not_at_all", "slightly", "moderately", "very_much", "extremely" };

    /// <summary>Whether a line wider than the width holds only something that cannot be broken.</summary>
    public static bool IsUnbreakable(string line)
    {
        string trimmed = line.Trim();
        if (trimmed.StartsWith('#')) return true;
        // At most one keyword or operator, then one string or one name (with its closing punctuation).
        return Regex.IsMatch(trimmed, @"^([a-z]+ |[-+*/] )?(""([^""\\]|\\.)*""|[A-Za-z_][A-Za-z0-9_]*[,)]*)$");
    }

    public static IEnumerable<string> TooWide(string text) =>
        text.Split('\n').Where(l => l.Length > RulesFormatter.Width && !IsUnbreakable(l));

    /// <summary>A random rule set with long items; <paramref name="unnamed"/> adds rules without a name (their id is their line).</summary>
    public static string Generate(Random random, bool unnamed)
    {
        var text = new StringBuilder("# Random rule set with long items\n\n");
        foreach (var b in Bools) text.Append($"fact {b}: bool \"{b.Replace('_', ' ')}\"\n");
        foreach (var n in Numbers) text.Append($"fact {n}: number 0..100\n");
        text.Append($"fact bothersomeness: one of {string.Join(", ", Values)} \"How bothersome the back pain has been over the last two weeks, all in all\"\n");
        text.Append($"fact runs_that_hurt: any of {string.Join(", ", Values.Select(v => v + "_runs"))}\n");
        for (int i = 0; i < 4; i++) text.Append($"fact concluded_{i}: bool\n");
        for (int i = 0; i < 3; i++) text.Append($"score score_{i} = {Expression(random, depth: 2)}\n");
        for (int i = 0; i < 6; i++)
        {
            text.Append($"recommendation advice_number_{i}");
            if (random.Next(2) == 0) text.Append(" \"Some advice for the runner, written out at some length so that it wraps\"");
            text.Append($" priority {new[] { "urgent", "high", "normal", "low" }[random.Next(4)]}");
            if (random.Next(2) == 0) text.Append(" unless ").Append(Condition(random, depth: 2, layer: 4));
            text.Append('\n');
        }
        for (int i = 0; i < 4; i++)
        {
            string condition = Condition(random, depth: 3, layer: i);
            string actions = Actions(random, i);
            // Written over several lines, as a clinician would.
            condition = condition.Replace(" or ", "\n      or ");
            if (unnamed && random.Next(2) == 0) text.Append($"\nif {condition} then {actions}\n");
            else text.Append($"\nrule rule_{i}:\n  if {condition}\n  then {actions}\n");
            if (random.Next(2) == 0) text.Append("  because \"A reason, quoted from the guideline\"\n");
        }
        text.Append("\ntest \"a long test\":\n  given ");
        text.Append(string.Join(", ", Bools.Where(_ => random.Next(3) > 0).Select(b => random.Next(2) == 0 ? b : "not " + b).Append($"{Numbers[0]} = 3")));
        text.Append($"\n  expect not recommend {string.Join(", ", Enumerable.Range(0, 6).Select(i => $"advice_number_{i}"))}");
        text.Append($"\n  expect undetermined rule_0 missing {string.Join(", ", Bools.Take(random.Next(1, 12)))}\n");
        return text.ToString();
    }

    private static string Actions(Random random, int layer)
    {
        // Advice 0 to 2 is only recommended and 3 to 5 only avoided, so that no rule does both.
        var actions = new List<string>();
        for (int a = 0; a < 2; a++)
        {
            if (a == 1 && random.Next(2) == 0) continue;
            var targets = Enumerable.Range(3 * a, 3).Where(_ => random.Next(3) > 0).Select(i => $"advice_number_{i}").DefaultIfEmpty($"advice_number_{3 * a}");
            actions.Add((a == 0 ? "recommend " : "avoid ") + string.Join(", ", targets));
        }
        actions.Add($"conclude concluded_{layer}");
        return string.Join(" and ", actions);
    }

    private static string Condition(Random random, int depth, int layer)
    {
        if (depth == 0 || random.Next(4) == 0) return Atom(random, layer);
        int operands = random.Next(2, 7);
        string op = random.Next(2) == 0 ? " and " : " or ";
        var parts = Enumerable.Range(0, operands).Select(_ =>
        {
            string inner = Condition(random, depth - 1, layer);
            return random.Next(3) switch { 0 => $"({inner})", 1 => $"not ({inner})", _ => inner.Contains(" or ") || inner.Contains(" and ") ? $"({inner})" : inner };
        });
        return string.Join(op, parts);
    }

    private static string Atom(Random random, int layer) => random.Next(8) switch
    {
        0 => Bools[random.Next(Bools.Length)],
        1 => "not " + Bools[random.Next(Bools.Length)],
        2 => $"{Numbers[random.Next(Numbers.Length)]} >= {random.Next(100)}",
        3 => $"bothersomeness in ({string.Join(", ", Values.Where(_ => random.Next(2) == 0).DefaultIfEmpty("slightly"))})",
        4 => $"runs_that_hurt has {Values[random.Next(Values.Length)]}_runs",
        5 => layer > 0 ? $"concluded_{random.Next(layer)}" : "known " + Bools[0],
        6 => $"{Expression(random, depth: 1)} > {random.Next(20)}",
        _ => $"count of ({string.Join(", ", Enumerable.Range(0, random.Next(1, 9)).Select(_ => Atom(random, layer)))}) >= {random.Next(4)}",
    };

    private static string Expression(Random random, int depth)
    {
        if (depth == 0) return random.Next(2) == 0 ? Numbers[random.Next(Numbers.Length)] : random.Next(10).ToString();
        var parts = Enumerable.Range(0, random.Next(1, 5)).Select(_ => random.Next(3) switch
        {
            0 => $"count of ({string.Join(", ", Enumerable.Range(0, random.Next(1, 8)).Select(_ => Bools[random.Next(Bools.Length)]))})",
            1 => $"({Expression(random, depth - 1)})",
            _ => Expression(random, depth - 1),
        });
        return string.Join(new[] { " + ", " - ", " * " }[random.Next(3)], parts);
    }

    /// <summary>The same tokens with every space outside strings and comments replaced by a random run of spaces and line breaks.</summary>
    public static string Scramble(string text, Random random)
    {
        var output = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            if (line.Contains('#') || line.Contains('"') || line.StartsWith("test ")) { output.Append(line).Append('\n'); continue; }
            foreach (var ch in line)
            {
                output.Append(ch == ' ' ? random.Next(4) switch { 0 => "\n", 1 => "\n        ", 2 => "   ", _ => " " } : ch.ToString());
            }
            output.Append('\n');
        }
        return output.ToString();
    }

    [Property(MaxTest = 60)]
    public bool Formatted_long_items_fit_in_the_width_and_format_to_themselves(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var text = Generate(random, unnamed: true);
        var once = RulesFormatter.Format(text, "long.rules");
        if (once is null) throw new InvalidOperationException("the generated rule set does not parse:\n" + text);
        var tooWide = TooWide(once).ToList();
        if (tooWide.Count > 0) throw new InvalidOperationException("lines wider than the width:\n" + string.Join("\n", tooWide));
        return RulesFormatter.Format(once, "long.rules") == once;
    }

    [Property(MaxTest = 60)]
    public bool The_layout_does_not_depend_on_where_the_lines_were_broken(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var text = Generate(random, unnamed: true);
        var once = RulesFormatter.Format(text, "long.rules");
        var scrambled = RulesFormatter.Format(Scramble(text, random), "long.rules");
        return once is not null && scrambled == once;
    }

    [Property(MaxTest = 30)]
    public bool Formatting_long_items_keeps_their_meaning(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var text = Generate(random, unnamed: false);
        var formatted = RulesFormatter.Format(text, "long.rules");
        if (formatted is null) return false;
        var beforeSet = RuleSet.FromText(text, "long.rules");
        var afterSet = RuleSet.FromText(formatted, "long.rules");
        if (beforeSet.Diagnostics.Any(d => d.IsError)) throw new InvalidOperationException(string.Join("\n", beforeSet.Diagnostics));
        if (!afterSet.Diagnostics.Select(d => d.Message).SequenceEqual(beforeSet.Diagnostics.Select(d => d.Message)))
        {
            throw new InvalidOperationException($"diagnostics differ:\n{string.Join("\n", beforeSet.Diagnostics)}\n---\n{string.Join("\n", afterSet.Diagnostics)}");
        }
        var before = beforeSet.Compile();
        var after = afterSet.Compile();
        for (int i = 0; i < 20; i++)
        {
            var json = RandomRuleSets.Json(before, RandomRuleSets.PartialValues(before, random, unknown: 0.1 * (i % 6)));
            string x = before.Evaluate(json).ToJson(), y = after.Evaluate(json).ToJson();
            if (x != y) throw new InvalidOperationException($"results differ for {json}:\n{x}\n{y}\n{text}\n---\n{formatted}");
        }
        return true;
    }

    [Test]
    public void The_generator_makes_items_far_wider_than_the_width()
    {
        var text = Generate(new Random(7), unnamed: true);
        text.Split('\n').Max(l => l.Length).Should().BeGreaterThan(2 * RulesFormatter.Width);
        var formatted = RulesFormatter.Format(text, "long.rules");
        formatted.Should().NotBeNull();
        TooWide(formatted!).Should().BeEmpty();
        formatted!.Split('\n').Length.Should().BeGreaterThan(text.Split('\n').Length);
    }

    [TestCase("  because \"" + "a very long reason indeed, longer than the width of one hundred characters, which cannot be broken" + "\"", true)]
    [TestCase("  # a comment wider than the width is kept as it was written, however wide it is, and never broken up", true)]
    [TestCase("    or some_very_long_fact_name", true)]
    [TestCase("  if a or b", false)]
    [TestCase("  if a or b \"x\"", false)]
    [TestCase("  given a, b", false)]
    public void Only_a_single_string_name_or_comment_counts_as_unbreakable(string line, bool unbreakable) =>
        IsUnbreakable(line).Should().Be(unbreakable);
}
