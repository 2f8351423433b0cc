namespace BackPainRules.Tests.Regressions;

/// <summary>
/// Inputs the fuzzer (tests/BackPainRules.Fuzz) found crashing, kept as they were found. Each must now give
/// diagnostics, through the library and the real CLI, and never an exception.
/// </summary>
public class FuzzRegressionTests
{
    public static IEnumerable<string> Inputs() =>
        Directory.EnumerateFiles(Path.Combine(Repo.Root, "tests", "BackPainRules.Tests", "Regressions", "fuzz"))
            .Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [TestCaseSource(nameof(Inputs))]
    public void A_crashing_input_found_by_fuzzing_gives_diagnostics(string file)
    {
        var path = Path.Combine(Repo.Root, "tests", "BackPainRules.Tests", "Regressions", "fuzz", file);
        var text = File.ReadAllText(path);

        var ruleSet = RuleSet.FromText(text, file);
        ruleSet.HasErrors.Should().BeTrue();
        BackPainRules.Formatting.RulesFormatter.Format(text, file);

        var result = RulesProcess.Run(Path.GetDirectoryName(path)!, "check", file);
        result.ExitCode.Should().Be(1);
        result.Stderr.Should().NotContain("internal error").And.NotContain("   at ");
    }

    [Test]
    public void An_import_path_with_a_NUL_character_is_an_import_error_at_its_line()
    {
        var ruleSet = RuleSet.FromText("import \"a\0b.rules\"\n", "main.rules");
        ruleSet.Diagnostics.Should().ContainSingle(d => d.Code == "BPR120")
            .Which.ToString().Should().Be("main.rules:1:1: error BPR120: imported file 'a\\u0000b.rules' does not exist");
    }
}
