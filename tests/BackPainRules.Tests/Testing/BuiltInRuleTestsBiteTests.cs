using BackPainRules.Testing;

namespace BackPainRules.Tests.Testing;

/// <summary>The built-in rule set's own tests bite: take away any one rule and some test fails.</summary>
public class BuiltInRuleTestsBiteTests
{
    [Test]
    public void Removing_any_single_rule_makes_a_test_of_the_examples_fail()
    {
        var rulesText = File.ReadAllText(Path.Combine(Repo.Examples, "lower-back-pain.rules"));
        var testsText = File.ReadAllText(Path.Combine(Repo.Examples, "lower-back-pain-tests.rules"));
        var model = RuleSet.FromText(rulesText, "lower-back-pain.rules").Model;
        model.Rules.Should().HaveCountGreaterThan(20);

        var undetected = new List<string>();
        foreach (var rule in model.Rules)
        {
            // Blank the rule out, keeping line breaks so every other rule keeps its line.
            var span = rule.Syntax.Span;
            var blanked = rulesText[..span.Start] + new string(rulesText.Substring(span.Start, span.Length).Select(c => c == '\n' ? '\n' : ' ').ToArray()) + rulesText[span.End..];
            using var folder = new TempFolder();
            folder.Write("lower-back-pain.rules", blanked);
            folder.Write("lower-back-pain-tests.rules", testsText);

            var run = TestSuite.Run(new[] { folder.Path });
            if (!run.HasErrors && run.Failed == 0) undetected.Add(rule.Id);
        }
        undetected.Should().BeEmpty("every rule's removal should make at least one test fail");
    }

    [Test]
    public void The_examples_tests_all_pass_and_cover_every_rule()
    {
        var run = TestSuite.Run(new[] { Repo.Examples });
        run.HasErrors.Should().BeFalse();
        run.Failed.Should().Be(0, string.Join("\n", run.Outcomes.Where(o => !o.Passed).Select(o => o.Name)));
        run.Passed.Should().BeGreaterThan(40);
        run.CoveragePercent.Should().Be(100);
    }
}
