using BackPainRules.Parsing;
using BackPainRules.Tests.Compilation;
using BackPainRules.Tests.Parsing;
using BackPainRules.Text;
using FsCheck;
using PropertyAttribute = FsCheck.NUnit.PropertyAttribute;

namespace BackPainRules.Tests.Properties;

/// <summary>
/// Differential property of incremental parsing: however a rule file is edited, a sequence of parses through
/// one <see cref="ParseCache"/> gives, after every edit, exactly what a parse from scratch gives (every node,
/// span, comment and diagnostic, compared through <see cref="SyntaxHelpers.DumpAll"/>).
/// </summary>
public class IncrementalParsingProperties
{
    private const string Path = "edited.rules";
    private const int EditsPerFile = 12;

    private static readonly string[] Examples = Directory.GetFiles(Repo.Examples, "*.rules").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray();

    [Property(MaxTest = 150)]
    public bool Incremental_parses_of_random_edits_equal_full_parses(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        string text = (seed.Get % 4) switch
        {
            0 => Examples[0],
            1 => Examples[^1],
            2 => ParseCacheTests.Everything,
            _ => DifferentialTests.RandomRuleSet(random, rules: 40),
        };
        var history = new List<string> { text };
        var cache = new ParseCache();
        SameAsFullParse(cache, text);
        for (int i = 0; i < EditsPerFile; i++)
        {
            text = Edit(random, text, history);
            history.Add(text);
            SameAsFullParse(cache, text);
        }
        return true;
    }

    [Test]
    public void Random_edits_reuse_most_items()
    {
        // Not a correctness property but a check that the cache does its job: indenting a line of a clean
        // 40-rule file parses no item again; the items before the edit are the very same objects.
        var random = new Random(7);
        string text = DifferentialTests.RandomRuleSet(random, rules: 40);
        var cache = new ParseCache();
        var previous = cache.Parse(Path, new SourceText(Path, text));
        for (int i = 0; i < 20; i++)
        {
            int at = LineStart(text, random.Next(text.Length / 2, text.Length));
            text = text[..at] + " " + text[at..];
            var next = cache.Parse(Path, new SourceText(Path, text));
            next.Diagnostics.Should().BeEmpty();
            int before = previous.Items.Count(item => item.Span.End < at);
            next.Items.Take(before).Should().Equal(previous.Items.Take(before), ReferenceEquals);
            previous = next;
        }
    }

    private static void SameAsFullParse(ParseCache cache, string text)
    {
        var incremental = cache.Parse(Path, new SourceText(Path, text));
        var full = RulesParser.Parse(new SourceText(Path, text));
        SyntaxHelpers.DumpAll(incremental).Should().Be(SyntaxHelpers.DumpAll(full), "incremental parsing must equal a full parse of:\n{0}", text);
    }

    /// <summary>One random edit, of the kinds typing, deleting, pasting and undoing make.</summary>
    private static string Edit(Random random, string text, List<string> history)
    {
        int Position() => random.Next(3) == 0 ? LineStart(text, random.Next(text.Length + 1)) : random.Next(text.Length + 1);
        string Fragments() => string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => PropertyTests.Fragments[random.Next(PropertyTests.Fragments.Length)]));

        switch (random.Next(8))
        {
            case 0:
                return text.Insert(Position(), Fragments());
            case 1:
            {
                int start = Position();
                return text.Remove(start, Math.Min(random.Next(1, 30), text.Length - start));
            }
            case 2:
            {
                int start = Position();
                return text.Remove(start, Math.Min(random.Next(1, 10), text.Length - start)).Insert(start, Fragments());
            }
            case 3:
            {
                // Paste a copy of some lines elsewhere: whole items duplicated, or split across others.
                int start = LineStart(text, random.Next(text.Length + 1));
                int end = Math.Min(text.Length, start + random.Next(1, 200));
                return text.Insert(Position(), text[start..end]);
            }
            case 4:
            {
                // Delete a whole line.
                int start = LineStart(text, random.Next(text.Length + 1));
                int end = text.IndexOf('\n', start);
                return text.Remove(start, (end < 0 ? text.Length : end + 1) - start);
            }
            case 5:
                return text.Insert(Position(), random.Next(2) == 0 ? "\n" : "\r\n");
            case 6:
                // Undo to an earlier text.
                return history[random.Next(history.Count)];
            default:
                // Type one character, as an editor sends most changes.
                return text.Insert(Position(), "abn (1)+-:,\"#"[random.Next(13)].ToString());
        }
    }

    private static int LineStart(string text, int offset)
    {
        int newline = offset == 0 ? -1 : text.LastIndexOf('\n', offset - 1);
        return newline + 1;
    }
}
