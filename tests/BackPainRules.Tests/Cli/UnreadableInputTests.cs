namespace BackPainRules.Tests.Cli;

/// <summary>Every command given a file that is not there exits 1 with one clear line naming it, and no stack trace.</summary>
public class UnreadableInputTests
{
    [TestCase("check", "nope.rules")]
    [TestCase("test", "nope.rules")]
    [TestCase("fmt", "nope.rules")]
    [TestCase("fmt", "--check", "nope.rules")]
    [TestCase("schema", "--rules", "nope.rules")]
    [TestCase("graph", "--rules", "nope.rules")]
    [TestCase("eval", "--rules", "nope.rules", "p.json")]
    public void A_missing_rules_file_exits_1_naming_it(params string[] args)
    {
        using var folder = new TempFolder();
        folder.Write("p.json", "{}");
        var result = RulesProcess.Run(folder.Path, args);

        result.ExitCode.Should().Be(1);
        result.Stdout.Should().NotContain("\"profile\"");
        (result.Stdout + result.Stderr).Should().Contain("nope.rules:1:1: error BPR300: cannot read file: no such file");
        result.Stderr.Should().NotContain("   at ").And.NotContain("Exception");
    }

    [Test]
    public void A_rules_file_that_is_a_directory_named_like_a_file_is_reported_not_thrown()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "odd.rules"));
        folder.Write("odd.rules/inner.rules", "fact a: bool\nrecommendation r\nif a then recommend r\n");
        var result = RulesProcess.Run(folder.Path, "check", "odd.rules");
        result.ExitCode.Should().Be(0, result.Stdout + result.Stderr);
    }
}
