using System.Text.Json;

namespace BackPainRules.Tests.Cli;

/// <summary>`rules test`: verdicts, reasons for failures, coverage and thresholds, JSON, exit codes.</summary>
public class TestCommandTests
{
    private const string RuleSet = """
        fact overstride: bool
        fact cadence: number 100..240
        recommendation drill "Cadence drill"
        recommendation rest "Rest"
        rule short_steps:
          if overstride and cadence < 160
          then recommend drill
          because "Short steps land under the body"
        rule tired:
          if cadence < 110
          then recommend rest
        """;

    private TempFolder folder = null!;

    [SetUp]
    public void SetUp() => folder = new TempFolder();

    [TearDown]
    public void TearDown() => folder.Dispose();

    [Test]
    public void Passing_tests_exit_0_and_end_with_the_count_line()
    {
        folder.Write("r.rules", RuleSet + """

            test "overstrider gets the drill":
              given overstride, cadence = 150
              expect recommend drill
              expect not recommend rest
              expect fires short_steps
            test "unknown cadence leaves the drill undetermined":
              given overstride
              expect undetermined short_steps missing cadence
            """);
        var result = RulesProcess.Run(folder.Path, "test", "r.rules");

        result.ExitCode.Should().Be(0, result.Stdout + result.Stderr);
        result.StdoutLines.Should().Equal(
            "PASS r.rules:12 overstrider gets the drill",
            "PASS r.rules:17 unknown cadence leaves the drill undetermined",
            "2 passed, 0 failed");
    }

    [Test]
    public void A_failing_test_shows_the_expectation_what_happened_and_which_part_of_the_condition_was_false()
    {
        folder.Write("r.rules", RuleSet + """

            test "fast stepper":
              given overstride, cadence = 170
              expect recommend drill
            """);
        var result = RulesProcess.Run(folder.Path, "test", "r.rules");

        result.ExitCode.Should().Be(1);
        result.StdoutLines.Should().Equal(
            "FAIL r.rules:12 fast stepper",
            "     r.rules:14:3: expect recommend drill",
            "       'drill' was not recommended; recommended: none",
            "       short_steps did not fire: its condition is false",
            "         overstride and cadence < 160  -> false",
            "           overstride  -> true  (overstride = true)",
            "           cadence < 160  -> false  (cadence = 170)",
            "         because \"Short steps land under the body\"",
            "0 passed, 1 failed");
    }

    [Test]
    public void Coverage_lists_each_rule_and_a_threshold_fails_below_it()
    {
        folder.Write("r.rules", RuleSet + """

            test "drill":
              given overstride, cadence = 150
              expect recommend drill
            """);
        var report = RulesProcess.Run(folder.Path, "test", "r.rules", "--coverage");
        report.ExitCode.Should().Be(0);
        report.StdoutLines.Should().Contain(new[]
        {
            "Coverage: 1 of 2 rules fired in some test (50%)",
            "  covered     r.rules:5:6 short_steps",
            "  NOT COVERED r.rules:9:6 tired",
        });

        var below = RulesProcess.Run(folder.Path, "test", "r.rules", "--coverage", "80");
        below.ExitCode.Should().Be(1);
        below.Stderr.Should().Contain("coverage 50% is below the required 80%");

        RulesProcess.Run(folder.Path, "test", "r.rules", "--coverage", "50").ExitCode.Should().Be(0);
        RulesProcess.Run(folder.Path, "test", "r.rules", "--coverage", "150").ExitCode.Should().Be(2);
    }

    [Test]
    public void Json_format_gives_tests_failures_and_coverage_for_machines()
    {
        folder.Write("r.rules", RuleSet + """

            test "fast stepper":
              given overstride, cadence = 170
              expect recommend drill
            """);
        var result = RulesProcess.Run(folder.Path, "test", "r.rules", "--format", "json");

        result.ExitCode.Should().Be(1);
        var root = JsonDocument.Parse(result.Stdout).RootElement;
        root.GetProperty("passed").GetInt32().Should().Be(0);
        root.GetProperty("failed").GetInt32().Should().Be(1);
        var test = root.GetProperty("tests")[0];
        test.GetProperty("name").GetString().Should().Be("fast stepper");
        test.GetProperty("line").GetInt32().Should().Be(12);
        test.GetProperty("failures")[0].GetProperty("message").GetString().Should().Be("'drill' was not recommended; recommended: none");
        root.GetProperty("coverage").GetProperty("percent").GetDouble().Should().Be(0);
    }

    [Test]
    public void A_file_with_errors_reports_them_and_fails()
    {
        folder.Write("bad.rules", "fact a: bool\ntest \"t\":\n  given b\n");
        var result = RulesProcess.Run(folder.Path, "test", "bad.rules");
        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("bad.rules:3:9: error BPR101: fact 'b' is not declared");
        result.StdoutLines.Last().Should().Be("0 passed, 0 failed");
    }

    [Test]
    public void Tests_run_once_each_in_their_own_file_with_what_it_imports()
    {
        folder.Write("set/rules.rules", RuleSet + "\ntest \"in rules\":\n  given cadence = 105\n  expect recommend rest\n");
        folder.Write("set/more.rules", "import \"rules.rules\"\ntest \"in more\":\n  given overstride, cadence = 105\n  expect recommend drill, rest\n");
        var result = RulesProcess.Run(folder.Path, "test", "set");
        result.ExitCode.Should().Be(0, result.Stdout);
        result.StdoutLines.Should().Equal("PASS set/more.rules:2 in more", "PASS set/rules.rules:12 in rules", "2 passed, 0 failed");
    }

    [Test]
    public void The_built_in_rule_set_passes_its_own_tests_with_full_coverage()
    {
        var result = RulesProcess.Run(Repo.Root, "test", "examples", "--coverage", "100");
        result.ExitCode.Should().Be(0, result.Stdout + result.Stderr);
        result.StdoutLines.Last().Should().MatchRegex(@"^\d+ passed, 0 failed$");
    }
}
