using BackPainRules.Evaluation;

namespace BackPainRules.Tests.Evaluation;

/// <summary>`rules eval --explain` as text: one line a part, only the parts that decided, why a concluded fact is false.</summary>
public class ExplainLayoutTests
{
    private const string Rules = """
        fact quads: bool "Quads feel tight"
        fact hips: bool "Hip flexors feel tight"
        fact cadence: number 100..220
        fact fast: bool
        fact tilt: bool
        recommendation stretch "Stretch the quads"
        recommendation cues "Form cues"
        rule tight:
          if quads
             and hips
          then conclude tilt
        rule fix:
          if (cadence < 170
              and fast)
             or cadence < 150   # very low
          then recommend stretch
          because "Low cadence"
        rule no_tilt: if not tilt then recommend cues
        """;

    private static string[] Explain(string profile)
    {
        var rules = TestRules.Compile(Rules, "layout.rules");
        var read = rules.ReadProfile(profile);
        return ExplanationFormatter.ToText(rules.Explain(read.Profile!)).TrimEnd('\n').Split('\n');
    }

    [Test]
    public void A_fired_rule_shows_only_the_parts_that_made_it_true_each_on_one_line()
    {
        var lines = Explain("""{"$id": "p", "quads": true, "hips": false, "cadence": 140, "fast": false}""");

        int at = Array.IndexOf(lines, "    fix: \"Low cadence\"");
        at.Should().BePositive(string.Join("\n", lines));
        // The 'or' was made true by its second part alone; the false first part is folded away.
        lines[at + 1].Should().Be("      cadence < 150  (cadence = 140)");
        lines[at + 2].Should().StartWith("    no_tilt");
        lines.Should().NotContain(l => l.Contains("fast") && l.Contains("cadence < 170"));
        lines.Should().NotContain(l => l.Contains('#'), "comments in a condition are not part of the reasoning");
    }

    [Test]
    public void A_concluded_fact_read_as_false_is_followed_by_why_it_is_false()
    {
        var lines = Explain("""{"$id": "p", "quads": true, "hips": false, "cadence": 200, "fast": true}""");

        int at = Array.IndexOf(lines, "    no_tilt");
        at.Should().BePositive(string.Join("\n", lines));
        lines.Skip(at + 1).Take(3).Should().Equal(
            "      not tilt  (tilt = false, concluded)",
            "        tilt is false: tight did not fire",
            "          hips is false  (hips = false)");
    }

    [Test]
    public void A_condition_written_over_several_lines_is_shown_in_one_line_parts_without_its_line_breaks()
    {
        var lines = Explain("""{"$id": "p", "quads": true, "hips": true, "cadence": 160, "fast": true}""");

        lines.Should().Contain(new[]
        {
            "    tight",
            "      quads  (quads = true)",
            "      hips  (hips = true)",
            "    fix: \"Low cadence\"",
            "      cadence < 170  (cadence = 160)",
            "      fast  (fast = true)",
            "    tilt <- tight",
        });
        ExplanationFormatter.OneLine("(cadence < 170\n      and fast)\n   or cadence < 150   # very low")
            .Should().Be("(cadence < 170 and fast) or cadence < 150");
    }

    [Test]
    public void Undetermined_rules_are_listed_one_line_each_with_the_facts_that_would_decide_them()
    {
        var lines = Explain("""{"$id": "p"}""");

        int at = Array.IndexOf(lines, "  Undetermined rules (the facts that would decide them):");
        at.Should().BePositive(string.Join("\n", lines));
        lines.Skip(at + 1).Should().Equal(
            "    tight: hips, quads",
            "    fix: cadence, fast",
            "    no_tilt: hips, quads");
        lines[1].Should().Be(ResultFormatter.AskNextHeading);
    }

    [Test]
    public void No_report_shows_a_value_the_profile_gave_as_concluded()
    {
        var rules = TestRules.Compile(Rules, "layout.rules");
        // A profile cannot give a concluded fact: it is refused, so no report can show a given value as concluded.
        var given = rules.ReadProfile("""{"$id": "p", "tilt": true, "quads": false}""");
        given.Profile.Should().BeNull();
        given.Diagnostics.Should().Contain(d => d.IsError && d.Message.Contains("tilt"));
        // Without it, tilt is what the rules decide, and only that is reported as concluded.
        var read = rules.ReadProfile("""{"$id": "p", "quads": false}""");
        var text = ExplanationFormatter.ToText(rules.Explain(read.Profile!));
        text.Should().Contain("(tilt = false, concluded)").And.NotContain("tilt = true");
    }
}
