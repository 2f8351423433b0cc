using BackPainRules.Formatting;

namespace BackPainRules.Tests.Formatting;

/// <summary>Formatting never changes meaning: the same profiles give the same results before and after.</summary>
public class FormatterMeaningTests
{
    private static IEnumerable<string> RuleFiles() =>
        Directory.EnumerateFiles(Repo.Examples, "*.rules")
            .Concat(Directory.EnumerateFiles(Path.Combine(Repo.Root, "tests", "BackPainRules.Tests", "Golden"), "*.rules", SearchOption.AllDirectories))
            .Select(p => Path.GetRelativePath(Repo.Root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(RuleFiles))]
    public void Formatting_is_idempotent(string file)
    {
        var once = RulesFormatter.Format(File.ReadAllText(Path.Combine(Repo.Root, file)), file);
        if (once is null)
        {
            Path.GetFileName(file).Should().StartWith("bad_", "only files meant to be broken may fail to format");
            return;
        }
        RulesFormatter.Format(once, file).Should().Be(once);
    }

    [Test]
    public void The_built_in_rule_set_gives_the_same_results_after_formatting_a_scrambled_copy()
    {
        // Scramble the layout (every line pushed right, spaces doubled, blank lines added), format it back,
        // and compare evaluations of every example profile with the original.
        var original = File.ReadAllText(Path.Combine(Repo.Examples, "lower-back-pain.rules"));
        var scrambled = string.Join("\n\n", original.Split('\n').Select(l => l.Length == 0 || l.TrimStart().StartsWith('#') || l.Contains('"') ? l : "   " + l.Replace(" ", "  ")));
        var formatted = RulesFormatter.Format(scrambled, "lower-back-pain.rules");
        formatted.Should().NotBeNull();

        var before = RuleSet.FromText(original, "lower-back-pain.rules").Compile();
        var after = RuleSet.FromText(formatted!, "lower-back-pain.rules").Compile();
        foreach (var profile in Directory.EnumerateFiles(Path.Combine(Repo.Examples, "profiles"), "*.json").Where(p => !p.EndsWith(".expected.json")))
        {
            var text = File.ReadAllText(profile);
            after.Evaluate(text).ToJson().Should().Be(before.Evaluate(text).ToJson(), profile);
        }
    }

    [Test]
    public void Unnamed_rules_keep_their_meaning_and_only_their_line_numbers_change()
    {
        const string messy = "fact a: bool\nfact n: number\nrecommendation x\nrecommendation y\n\n\n\nif a and(n>2 or not a) then recommend x\n   if n<1 then recommend y and avoid x\n";
        var formatted = RulesFormatter.Format(messy, "m.rules")!;
        formatted.Should().NotBe(messy);
        var before = RuleSet.FromText(messy, "m.rules").Compile();
        var after = RuleSet.FromText(formatted, "m.rules").Compile();
        foreach (var profile in new[] { "{}", "{\"a\": true, \"n\": 3}", "{\"a\": false, \"n\": 0}", "{\"n\": 0.5}" })
        {
            var x = before.Evaluate(profile);
            var y = after.Evaluate(profile);
            y.Recommendations.Select(r => r.Id).Should().Equal(x.Recommendations.Select(r => r.Id));
            y.Avoid.Select(r => r.Id).Should().Equal(x.Avoid.Select(r => r.Id));
            y.Fired.Count.Should().Be(x.Fired.Count);
            y.Undetermined.Select(u => string.Join(",", u.Missing)).Should().Equal(x.Undetermined.Select(u => string.Join(",", u.Missing)));
        }
    }

    [Test]
    public void Formatted_examples_have_no_line_wider_than_the_width_but_an_unbreakable_string()
    {
        foreach (var file in Directory.EnumerateFiles(Repo.Examples, "*.rules", SearchOption.AllDirectories))
        {
            var formatted = RulesFormatter.Format(File.ReadAllText(file), Path.GetFileName(file));
            formatted.Should().NotBeNull(file);
            Properties.FormattingLayoutProperties.TooWide(formatted!).Should().BeEmpty(file);
            formatted.Should().Be(File.ReadAllText(file).Replace("\r\n", "\n"), $"{file} is kept in the layout (rules fmt examples)");
        }
    }

    [Test]
    public void A_long_condition_written_over_several_lines_in_the_readable_layout_is_the_canonical_layout()
    {
        // Issue #14: fmt used to join this into one 300-character line, so `fmt --check` failed on it.
        const string text = """
            fact bladder_bowel_changes: bool
            fact saddle_numbness: bool
            fact sexual_dysfunction: bool
            fact both_legs_numb_or_weak: bool
            fact leg_weakness_worsening: bool
            fact pregnant: bool
            fact vaginal_bleeding: bool
            fact fluid_leaking: bool
            recommendation seek_emergency_care priority urgent
            recommendation running_until_cleared priority high
            recommendation contact_maternity_unit_now priority urgent
            recommendation reassure_stay_active priority high
            fact red_flag: bool
            fact emergency_referral: bool

            rule cauda_equina_signs:
              if bladder_bowel_changes
                or saddle_numbness
                or sexual_dysfunction
                or both_legs_numb_or_weak
                or pregnant and (vaginal_bleeding or fluid_leaking)
                or leg_weakness_worsening
              then recommend seek_emergency_care, contact_maternity_unit_now
                and avoid running_until_cleared, reassure_stay_active
                and conclude red_flag, emergency_referral

            """;
        RulesFormatter.Format(text, "issue14.rules").Should().Be(text);
        var joined = string.Join(" ", text.Split('\n').Select(l => l.Trim())).Replace(": if", ":\n  if") + "\n";
        joined.Split('\n').Max(l => l.Length).Should().BeGreaterThan(300);
        RulesFormatter.Format(joined, "issue14.rules").Should().Be(text,
            "a condition written on one long line is wrapped into the same layout");
    }

    [Test]
    public void A_comment_written_inside_a_multi_line_condition_moves_just_above_the_item_and_is_kept()
    {
        const string text = "fact a: bool\nfact b: bool\nrecommendation x\n\nrule r:\n  if a  # first\n    # second\n    or b\n  then recommend x  # last\n";
        RulesFormatter.Format(text, "c.rules").Should().Be("fact a: bool\nfact b: bool\nrecommendation x\n\n# first\n# second\nrule r:\n  if a or b\n  then recommend x  # last\n");
    }

    [Test]
    public void A_comment_beside_an_item_goes_above_it_when_the_line_would_be_too_wide()
    {
        string longName = "a_fact_with_a_name_long_enough_to_fill_most_of_the_line_by_itself_and_more";
        string text = $"fact {longName}: bool  # a comment that would push the line over the width\n";
        var formatted = RulesFormatter.Format(text, "c.rules")!;
        formatted.Should().Be($"# a comment that would push the line over the width\nfact {longName}: bool\n");
        RulesFormatter.Format(formatted, "c.rules").Should().Be(formatted);
    }
}
