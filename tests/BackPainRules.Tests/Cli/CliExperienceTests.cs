namespace BackPainRules.Tests.Cli;

/// <summary>Help with examples, version, plain output when redirected, usage errors.</summary>
public class CliExperienceTests
{
    [TestCase("eval")]
    [TestCase("check")]
    [TestCase("test")]
    [TestCase("fmt")]
    [TestCase("schema")]
    [TestCase("graph")]
    [TestCase("questionnaire")]
    [TestCase("serve")]
    public void Every_command_has_help_with_examples(string command)
    {
        var result = RulesProcess.Run(Repo.Root, command, "--help");
        result.ExitCode.Should().Be(0);
        result.Stdout.Should().Contain("Usage:").And.Contain("Examples:").And.Contain($"rules {command}");
    }

    [Test]
    public void Each_help_shows_the_examples_its_command_declares_and_no_other_commands()
    {
        var root = RulesProcess.Run(Repo.Root, "--help");
        root.ExitCode.Should().Be(0);
        root.Stdout.Replace("\r\n", "\n").Should().EndWith(
            "Examples:\n  rules check examples\n  rules eval examples/profiles/pregnant-runner.json\n  rules test examples --coverage\n\n");

        var lsp = RulesProcess.Run(Repo.Root, "lsp", "--help");
        lsp.ExitCode.Should().Be(0);
        lsp.Stdout.Replace("\r\n", "\n").Should().EndWith(
            "Examples:\n  rules lsp    (started by an editor, which speaks LSP on its stdin/stdout)\n\n");

        var fmt = RulesProcess.Run(Repo.Root, "fmt", "--help");
        fmt.ExitCode.Should().Be(0);
        fmt.Stdout.Replace("\r\n", "\n").Should().EndWith("Examples:\n  rules fmt examples\n  rules fmt --check examples\n\n");
    }

    [Test]
    public void Version_prints_the_package_version()
    {
        var result = RulesProcess.Run(Repo.Root, "--version");
        result.ExitCode.Should().Be(0);
        result.Stdout.Trim().Should().MatchRegex(@"^\d+\.\d+\.\d+$");
    }

    [Test]
    public void Redirected_output_has_no_colour_codes()
    {
        var result = RulesProcess.Run(Repo.Root, "eval", "examples/profiles/red-flag-numbness.json");
        result.ExitCode.Should().Be(0);
        result.Stdout.Should().NotContain("\u001b[");
    }

    [Test]
    public void Unknown_flag_exits_2_with_the_usage_on_stderr()
    {
        var result = RulesProcess.Run(Repo.Root, "test", "--bogus");
        result.ExitCode.Should().Be(2);
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().Contain("--bogus").And.Contain("Usage:").And.Contain("rules test");
    }

    [Test]
    public void Explain_shows_the_values_each_rule_read_and_the_chain_behind_conclusions()
    {
        using var folder = new TempFolder();
        folder.Write("r.rules", """
            fact quads: bool
            fact cadence: number
            fact tilt: bool
            recommendation stretch
            rule tight: if quads then conclude tilt because "Tight quads tilt the pelvis"
            rule fix: if tilt and cadence < 170 then recommend stretch
            """);
        folder.Write("p.json", """{"quads": true, "cadence": 160}""");
        var text = RulesProcess.Run(folder.Path, "eval", "--rules", "r.rules", "--explain", "p.json");
        text.ExitCode.Should().Be(0, text.Stderr);
        text.StdoutLines.Should().Contain(new[]
        {
            "    fix",
            "      tilt  (tilt = true, concluded)",
            "      cadence < 170  (cadence = 160)",
            "    tilt <- tight: \"Tight quads tilt the pelvis\"",
        });

        var json = RulesProcess.Run(folder.Path, "eval", "--rules", "r.rules", "--explain", "--format", "json", "p.json");
        json.ExitCode.Should().Be(0);
        var root = System.Text.Json.JsonDocument.Parse(json.Stdout).RootElement;
        root.GetProperty("fired").EnumerateArray().Select(e => e.GetString()).Should().Equal("tight", "fix");
        var explanation = root.GetProperty("explanation");
        explanation.GetProperty("fired")[1].GetProperty("condition").GetProperty("parts")[1].GetProperty("facts")[0]
            .GetProperty("value").GetString().Should().Be("160");
        explanation.GetProperty("concluded")[0].GetProperty("rules")[0].GetProperty("rule").GetString().Should().Be("tight");
    }
}

/// <summary>Colour on a real terminal (a pseudo-terminal made by util-linux `script`), none with NO_COLOR.</summary>
public class TerminalColourTests
{
    private static CliResult RunOnTerminal(string environment) =>
        PseudoTerminal.Run(Repo.Root, environment, "", "check", Path.Combine("tests", "BackPainRules.Tests", "Golden", "diagnostics", "bad_types.rules"));

    [Test]
    public void Diagnostics_are_coloured_on_a_terminal_and_plain_with_NO_COLOR()
    {
        if (!PseudoTerminal.Available) Assert.Ignore("util-linux 'script' is needed to make a pseudo-terminal");
        var coloured = RunOnTerminal("");
        coloured.Stdout.Should().Contain("\u001b[31merror BPR");

        var plain = RunOnTerminal("NO_COLOR=1");
        plain.Stdout.Should().Contain("error BPR").And.NotContain("\u001b[31m");
    }
}
