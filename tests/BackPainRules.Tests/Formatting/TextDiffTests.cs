using System.Text;
using BackPainRules.Formatting;
using BackPainRules.Text;

namespace BackPainRules.Tests.Formatting;

/// <summary>
/// The formatter's edits: applying them to the old text gives exactly the new text, they are in order and
/// do not overlap, they never cut a "\r\n" or a surrogate pair, and a change on one line is one edit on that line.
/// </summary>
public class TextDiffTests
{
    private static IEnumerable<string> RuleFiles() =>
        Directory.EnumerateFiles(Repo.Examples, "*.rules")
            .Concat(Directory.EnumerateFiles(Path.Combine(Repo.Root, "tests", "BackPainRules.Tests", "Golden"), "*.rules", SearchOption.AllDirectories))
            .Select(p => Path.GetRelativePath(Repo.Root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    /// <summary>Applies the replacements by hand, from the end, independently of <see cref="TextDiff.Apply"/>.</summary>
    private static string ApplyFromTheEnd(string text, IReadOnlyList<TextReplacement> replacements)
    {
        foreach (var r in replacements.Reverse()) text = text[..r.Span.Start] + r.NewText + text[r.Span.End..];
        return text;
    }

    /// <summary>Checks every property of the diff from <paramref name="before"/> to <paramref name="after"/> and returns it.</summary>
    private static IReadOnlyList<TextReplacement> CheckedDiff(string before, string after)
    {
        var replacements = TextDiff.Replacements(before, after);
        ApplyFromTheEnd(before, replacements).Should().Be(after);
        TextDiff.Apply(before, replacements).Should().Be(after);
        int previousEnd = 0;
        foreach (var r in replacements)
        {
            r.Span.Start.Should().BeGreaterThanOrEqualTo(previousEnd, "in order and not overlapping");
            r.Span.End.Should().BeLessThanOrEqualTo(before.Length);
            (r.Span.Length > 0 || r.NewText.Length > 0).Should().BeTrue("no empty replacement");
            before.Substring(r.Span.Start, r.Span.Length).Should().NotBe(r.NewText, "a replacement changes something");
            foreach (int edge in new[] { r.Span.Start, r.Span.End })
            {
                bool splitsLineEnd = edge > 0 && edge < before.Length && before[edge - 1] == '\r' && before[edge] == '\n';
                bool splitsPair = edge > 0 && edge < before.Length && char.IsHighSurrogate(before[edge - 1]) && char.IsLowSurrogate(before[edge]);
                splitsLineEnd.Should().BeFalse($"an edit at {edge} would cut a CRLF in two");
                splitsPair.Should().BeFalse($"an edit at {edge} would cut a surrogate pair in two");
            }
            previousEnd = r.Span.End;
        }
        return replacements;
    }

    [TestCaseSource(nameof(RuleFiles))]
    public void Formatting_each_example_and_golden_file_and_back_again(string file)
    {
        string original = File.ReadAllText(Path.Combine(Repo.Root, file));
        string scrambled = string.Join("\n\n", original.Split('\n').Select(l => l.Length == 0 || l.TrimStart().StartsWith('#') || l.Contains('"') ? l : "   " + l.Replace(" ", "  ")));
        foreach (var text in new[] { original, original.Replace("\n", "\r\n"), scrambled })
        {
            if (RulesFormatter.Format(text, file) is not { } formatted) continue;
            CheckedDiff(text, formatted);
            CheckedDiff(formatted, text);
        }
        CheckedDiff(original, scrambled);
    }

    [Test]
    public void Random_edits_of_the_example_rule_set_in_both_directions()
    {
        string original = File.ReadAllText(Path.Combine(Repo.Examples, "lower-back-pain.rules"));
        string[] pieces = { "\n", "\r\n", "\r", " ", "  ", "rule x:\n  if a\n", "é", "😀", "\"", "# note\n", "fact n: number\n", "" };
        var random = new Random(20261206);
        for (int round = 0; round < 200; round++)
        {
            string text = original;
            if (round % 3 == 1) text = text.Replace("\n", "\r\n");
            int edits = random.Next(1, 12);
            for (int e = 0; e < edits; e++)
            {
                int start = random.Next(text.Length + 1);
                int length = Math.Min(text.Length - start, random.Next(4) == 0 ? random.Next(400) : random.Next(6));
                // Keep the text itself well formed: no cut surrogate pairs from the edit.
                if (start > 0 && start < text.Length && char.IsLowSurrogate(text[start])) start--;
                if (start + length < text.Length && char.IsLowSurrogate(text[start + length])) length++;
                text = text[..start] + pieces[random.Next(pieces.Length)] + text[(start + length)..];
            }
            CheckedDiff(original, text);
            CheckedDiff(text, original);
        }
    }

    [Test]
    public void Random_short_texts_over_a_small_alphabet()
    {
        // Few distinct lines and characters: many equal lines to choose between, many line-end combinations.
        string[] lines = { "a", "b", "", "a b", "\r", "😀" };
        string[] ends = { "\n", "\r\n", "\r" };
        var random = new Random(7);
        string Make()
        {
            var builder = new StringBuilder();
            int count = random.Next(0, 9);
            for (int i = 0; i < count; i++) builder.Append(lines[random.Next(lines.Length)]).Append(random.Next(4) == 0 ? "" : ends[random.Next(ends.Length)]);
            return builder.ToString();
        }
        for (int round = 0; round < 3000; round++) CheckedDiff(Make(), Make());
    }

    [Test]
    public void Equal_texts_need_no_replacement() =>
        TextDiff.Replacements("fact a: bool\r\n", "fact a: bool\r\n").Should().BeEmpty();

    [Test]
    public void A_change_on_one_line_is_one_replacement_on_that_line()
    {
        string formatted = RulesFormatter.Format(File.ReadAllText(Path.Combine(Repo.Examples, "lower-back-pain.rules")))!;
        int line = formatted.IndexOf("\nrule ", formatted.Length / 2, StringComparison.Ordinal) + 1;
        int lineEnd = formatted.IndexOf('\n', line);
        string messy = formatted[..line] + formatted[line..lineEnd].Replace("rule ", "rule    ").Replace(":", " :") + formatted[lineEnd..];

        var replacements = CheckedDiff(messy, formatted);

        var replacement = replacements.Should().ContainSingle().Subject;
        replacement.Span.Start.Should().BeGreaterThanOrEqualTo(line);
        replacement.Span.End.Should().BeLessThanOrEqualTo(messy.IndexOf('\n', line), "the edit stays on the changed line");
        replacement.Span.Length.Should().BeLessThan(messy.IndexOf('\n', line) - line);
    }

    [Test]
    public void A_CRLF_line_end_is_replaced_whole()
    {
        var replacements = CheckedDiff("fact a: bool\r\nfact b: bool\r\n", "fact a: bool\nfact b: bool\n");

        replacements.Should().Equal(new TextReplacement(new TextSpan(12, 2), "\n"), new TextReplacement(new TextSpan(26, 2), "\n"));
    }

    [Test]
    public void An_inserted_line_is_one_insertion()
    {
        var replacements = CheckedDiff("fact a: bool\nfact c: bool\n", "fact a: bool\nfact b: bool\nfact c: bool\n");

        replacements.Should().ContainSingle().Which.Span.Length.Should().Be(0);
    }

    [Test]
    public void Texts_too_different_for_the_line_matching_still_give_the_right_text()
    {
        // More than the line matching's budget of line edits: the middle becomes one replacement.
        string before = string.Concat(Enumerable.Range(0, 2000).Select(i => $"fact a{i}: bool\n"));
        string after = "# head\n" + string.Concat(Enumerable.Range(0, 2000).Select(i => $"fact b{i}: bool\n")) + "# tail\n";

        var replacements = CheckedDiff(before, after);

        replacements.Should().ContainSingle();
    }
}
