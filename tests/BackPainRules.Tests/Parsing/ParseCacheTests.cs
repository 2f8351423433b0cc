using BackPainRules.Parsing;
using BackPainRules.Syntax;
using BackPainRules.Text;
using static BackPainRules.Tests.Support.SyntaxHelpers;

namespace BackPainRules.Tests.Parsing;

/// <summary>
/// Incremental parsing (<see cref="ParseCache"/>): after any edit the result is exactly a full parse of the
/// new text, every span and diagnostic included, and items whose text did not change are not parsed again.
/// </summary>
public class ParseCacheTests
{
    private const string Path = "t.rules";

    private const string Base = """
        fact a: bool
        fact n: number 0..10
        recommendation r "Rest"
        rule first: if a then recommend r
        rule second:
          if n > 2 and a
          then recommend r
          because "reason"
        if not a then avoid r
        """;

    // Every node kind of the language, so that moving each of them is checked.
    internal const string Everything = """
        import "vocab.rules"   # a comment
        fact overstride: bool "Foot lands in front"
        fact cadence: number 120..220 "Steps per minute"
        fact delta: number -10..-2
        fact workout: one of easy, tempo, long_run
        fact sore: any of easy_runs, long_runs "Where it hurts"
        recommendation see_physician "See a physician" priority urgent
        recommendation drill "Cadence drill"
        recommendation rest
        rule tilt:
          if overstride or not (tight and known cadence) and true
          then recommend drill, rest and avoid see_physician and conclude tilted
          because "Pelvis tilts"
        if (cadence + 10) / 2 >= -delta * 3 - 1 - 2 and workout is not easy or workout in (tempo, long_run) or sore has not long_runs or false
          then recommend drill
        test "all forms":
          given overstride, not tight, cadence = -150.5, workout is easy, sore has long_runs
          expect not recommend drill, rest
          expect undetermined tilt missing cadence, tight
          expect fires tilt
        score risk = count of (overstride, cadence > 180) * 2 "Risk"
        recommendation core "Core work" priority high unless overstride or known risk
        test "scores and withheld advice":
          expect withheld core
          expect score risk = 2
          expect score risk unknown
        """;

    /// <summary>Parses <paramref name="text"/> through the cache and asserts it is exactly a full parse.</summary>
    private static RulesFileSyntax ParseBoth(ParseCache cache, string text)
    {
        var incremental = cache.Parse(Path, new SourceText(Path, text));
        var full = RulesParser.Parse(new SourceText(Path, text));
        DumpAll(incremental).Should().Be(DumpAll(full), "incremental parsing must give exactly the full parse of:\n{0}", text);
        return incremental;
    }

    private static ParseCache Primed(string text, out RulesFileSyntax first)
    {
        var cache = new ParseCache();
        first = ParseBoth(cache, text);
        return cache;
    }

    private static string Insert(string text, string before, string inserted) => text.Insert(text.IndexOf(before, StringComparison.Ordinal), inserted);

    [Test]
    public void The_same_text_again_gives_the_same_syntax()
    {
        var cache = Primed(Base, out var first);

        cache.Parse(Path, new SourceText(Path, Base)).Should().BeSameAs(first);
    }

    [Test]
    public void Another_path_shown_for_the_same_text_is_parsed_with_that_path()
    {
        var cache = Primed(Base, out _);

        var again = cache.Parse(Path, new SourceText("other.rules", Base));

        again.Source.Path.Should().Be("other.rules");
        DumpAll(again).Should().Be(DumpAll(RulesParser.Parse(Base, "other.rules")));
    }

    [Test]
    public void Lines_inserted_before_every_item_move_them_all()
    {
        var cache = Primed(Base, out var first);

        var edited = ParseBoth(cache, "# new first line\n\n" + Base);

        edited.Items.Should().HaveCount(first.Items.Length);
        for (int i = 0; i < first.Items.Length; i++)
        {
            edited.TextOf(edited.Items[i]).Should().Be(first.TextOf(first.Items[i]));
            edited.Items[i].Span.Start.Should().Be(first.Items[i].Span.Start + "# new first line\n\n".Length);
        }
    }

    [Test]
    public void Lines_inserted_after_the_last_item_keep_every_item_as_it_was()
    {
        var cache = Primed(Base, out var first);

        var edited = ParseBoth(cache, Base + "\n\n# trailing\n");

        edited.Items.Should().Equal(first.Items, ReferenceEquals);
    }

    [Test]
    public void An_edit_inside_one_item_parses_only_that_item_again()
    {
        var cache = Primed(Base, out var first);

        var edited = ParseBoth(cache, Base.Replace("n > 2", "n >= 22"));

        // Items before the edit are the very same objects; the edited one is new; those after it are moved copies.
        edited.Items.Take(4).Should().Equal(first.Items.Take(4), ReferenceEquals);
        edited.Items[4].Should().NotBeSameAs(first.Items[4]);
        edited.Items[5].Span.Start.Should().Be(first.Items[5].Span.Start + "n >= 22".Length - "n > 2".Length);
        edited.TextOf(edited.Items[5]).Should().Be("if not a then avoid r");
    }

    [Test]
    public void A_line_deleted_inside_an_item_and_lines_inserted_between_items()
    {
        var cache = Primed(Base, out _);

        var withoutBecause = ParseBoth(cache, Base.Replace("\n  because \"reason\"", ""));
        var withBlankLines = ParseBoth(cache, Insert(Base.Replace("\n  because \"reason\"", ""), "rule second", "\n\n# between\n"));

        withoutBecause.Items[4].Should().BeOfType<RuleSyntax>().Which.Because.Should().BeNull();
        withBlankLines.Diagnostics.Should().BeEmpty();
    }

    [Test]
    public void Breaking_an_item_reports_it_and_keeps_the_others_then_fixing_it_restores_the_parse()
    {
        var cache = Primed(Base, out var first);

        var broken = ParseBoth(cache, Base.Replace("then recommend r\n  because", "recommend r\n  because"));
        var fixedAgain = ParseBoth(cache, Base);

        broken.Items[4].Should().BeOfType<ErrorSyntax>();
        broken.Diagnostics.Should().ContainSingle().Which.Message.Should().Contain("'then'");
        broken.Items.Take(4).Should().Equal(first.Items.Take(4), ReferenceEquals);
        fixedAgain.Diagnostics.Should().BeEmpty();
        fixedAgain.Items.Should().HaveCount(first.Items.Length);
    }

    [Test]
    public void A_broken_items_message_follows_the_item_after_it()
    {
        // Running off the end of an item names the next item's first word, which is outside the broken item.
        var cache = Primed("if a then\nfact b: bool\n", out var first);

        var edited = ParseBoth(cache, "if a then\nrecommendation b\n");

        first.Diagnostics.Should().ContainSingle().Which.Message.Should().Contain("'fact'");
        edited.Diagnostics.Should().ContainSingle().Which.Message.Should().Contain("'recommendation'");
    }

    [Test]
    public void Deleting_the_word_that_starts_an_item_merges_it_into_the_one_before()
    {
        var cache = Primed(Base, out _);

        var merged = ParseBoth(cache, Base.Replace("recommendation r \"Rest\"", "r \"Rest\""));

        merged.Items.Should().HaveCount(5);
        merged.Items[1].Should().BeOfType<ErrorSyntax>();
    }

    [Test]
    public void Typing_a_word_that_starts_an_item_splits_the_item()
    {
        var cache = Primed(Base, out _);

        var split = ParseBoth(cache, Base.Replace("if n > 2 and a", "if n > 2 and fact a"));
        var joined = ParseBoth(cache, Base);

        split.Items.Should().HaveCount(7);
        joined.Items.Should().HaveCount(6);
        joined.Diagnostics.Should().BeEmpty();
    }

    [Test]
    public void Parentheses_left_open_in_one_item_and_closed_in_another()
    {
        // A "(" whose ")" is in a later item takes its meaning from there; such items are never reused.
        const string text = "if (n then recommend r\nfact x: bool ) + 1\nif (n) > 1 then recommend r\n";
        var cache = Primed(text, out _);

        ParseBoth(cache, text.Replace(") + 1", ") and"));
        ParseBoth(cache, text.Replace("fact x: bool ) + 1", "fact x: bool"));
        ParseBoth(cache, text);
    }

    [Test]
    public void Identical_items_are_each_put_where_they_are()
    {
        const string text = "fact a: bool\nrecommendation r\nif a then recommend r\nif a then recommend r\n";
        var cache = Primed(text, out _);

        const string editedText = "fact a: bool\nrecommendation r\nif a then recommend r\n\n  if a then recommend r\nif a then recommend r\n";
        var edited = ParseBoth(cache, editedText);

        var starts = System.Text.RegularExpressions.Regex.Matches(editedText, "if a").Select(m => m.Index);
        edited.Items.Skip(2).Select(i => i.Span.Start).Should().Equal(starts);
        edited.Items.Skip(2).Should().AllBeOfType<RuleSyntax>();
    }

    [Test]
    public void Every_node_kind_moves_with_its_item()
    {
        var cache = Primed(Everything, out var first);

        var moved = ParseBoth(cache, "\r\n# moved\r\n" + Everything);

        moved.Items.Should().OnlyContain(item => !first.Items.Contains(item, ReferenceEqualityComparer.Instance), "every item moved");
        moved.Items.SelectMany(Descendants).Select(n => n.GetType()).Distinct()
            .Should().BeEquivalentTo(ConcreteSyntaxNodeKinds(), "the test text must contain every kind of node");
    }

    [Test]
    public void An_edit_then_its_undo_gives_the_full_parse_each_time()
    {
        var cache = Primed(Everything, out _);

        ParseBoth(cache, Everything.Replace("cadence = -150.5", "cadence = -150.25"));
        ParseBoth(cache, Everything.Replace("# a comment", "# a longer comment"));
        ParseBoth(cache, Everything.Replace("tempo, long_run)", "tempo, long_run, easy)"));
        ParseBoth(cache, "");
        ParseBoth(cache, Everything);
    }

    [Test]
    public void A_byte_order_mark_and_crlf_lines()
    {
        var cache = Primed("\uFEFF" + Base.Replace("\n", "\r\n"), out _);

        var edited = ParseBoth(cache, "\uFEFF" + ("fact z: bool\n" + Base).Replace("\n", "\r\n"));

        edited.Items.Should().HaveCount(7);
    }

    [Test]
    public void Forgetting_a_file_parses_it_from_scratch()
    {
        var cache = Primed(Base, out var first);

        cache.Forget(Path);
        var again = cache.Parse(Path, new SourceText(Path, Base));

        again.Should().NotBeSameAs(first);
        again.Items.Should().OnlyContain(item => !first.Items.Contains(item, ReferenceEqualityComparer.Instance), "nothing was reused");
        DumpAll(again).Should().Be(DumpAll(first));
    }

    [Test]
    public void Files_are_kept_apart_by_their_key()
    {
        var cache = new ParseCache();
        var a = cache.Parse("a.rules", new SourceText("a.rules", Base));
        var b = cache.Parse("b.rules", new SourceText("b.rules", Everything));

        cache.Parse("a.rules", new SourceText("a.rules", Base)).Should().BeSameAs(a);
        cache.Parse("b.rules", new SourceText("b.rules", Everything)).Should().BeSameAs(b);
    }

    private static IEnumerable<Type> ConcreteSyntaxNodeKinds() =>
        typeof(SyntaxNode).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(SyntaxNode)) && !t.IsAbstract && t.IsPublic && t != typeof(ErrorSyntax));
}
