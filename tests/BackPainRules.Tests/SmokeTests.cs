namespace BackPainRules.Tests;

public class SmokeTests
{
    [Test]
    public void Built_in_rule_set_checks_clean()
    {
        RuleSet.BuiltIn.Diagnostics.Should().BeEmpty();
    }

    [Test]
    public void Cli_checks_the_examples_folder_clean()
    {
        var result = RulesProcess.Run(Repo.Root, "check", "examples");
        result.ExitCode.Should().Be(0, result.Stdout + result.Stderr);
        result.Stdout.Should().BeEmpty();
    }
}
