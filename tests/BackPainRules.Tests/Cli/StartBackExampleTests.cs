namespace BackPainRules.Tests.Cli;

/// <summary>
/// The worked questionnaire example, examples/startback (the Keele STarT Back Screening Tool): its own
/// `test` blocks pass with every rule covered, and `rules eval --rules examples/startback/startback.rules
/// --format json` on each of its profiles reproduces the `*.expected.json` beside it byte for byte.
/// It is a rule set of its own, apart from the built-in lower-back-pain set (examples/*.rules and
/// examples/profiles). Set BPR_UPDATE_GOLDEN=1 to rewrite the golden files after an intended change.
/// </summary>
public class StartBackExampleTests
{
    private const string RulesFile = "examples/startback/startback.rules";

    public static IEnumerable<string> Profiles() =>
        Directory.EnumerateFiles(Path.Combine(Repo.Examples, "startback", "profiles"), "*.json")
            .Where(p => !p.EndsWith(".expected.json"))
            .Select(p => Path.GetRelativePath(Repo.Root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    [Test]
    public void The_questionnaire_passes_its_own_tests_with_full_coverage()
    {
        var result = RulesProcess.Run(Repo.Root, "test", RulesFile, "--coverage", "100");

        result.ExitCode.Should().Be(0, result.Stdout + result.Stderr);
        result.StdoutLines.Should().Contain("Coverage: 4 of 4 rules fired in some test (100%)");
        result.StdoutLines.Should().NotContain(line => line.StartsWith("FAIL"));
        result.StdoutLines.Last().Should().MatchRegex(@"^\d+ passed, 0 failed$");
        int passed = int.Parse(result.StdoutLines.Last().Split(' ')[0]);
        passed.Should().BeGreaterThanOrEqualTo(14);
    }

    [Test]
    public void The_questionnaire_is_clean_and_formatted()
    {
        var check = RulesProcess.Run(Repo.Root, "check", RulesFile);
        check.ExitCode.Should().Be(0, check.Stdout + check.Stderr);
        check.Stdout.Should().BeEmpty("the example has no errors and no warnings");

        var fmt = RulesProcess.Run(Repo.Root, "fmt", "--check", RulesFile);
        fmt.ExitCode.Should().Be(0, fmt.Stdout + fmt.Stderr);
    }

    [Test]
    public void The_whole_examples_folder_still_loads_as_one_rule_set()
    {
        // `rules schema --rules examples` (used by the VS Code extension's tests) merges every file below
        // examples/ into one rule set, so the questionnaire must not redeclare a name of the built-in set.
        var result = RulesProcess.Run(Repo.Root, "schema", "--rules", "examples");
        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stderr.Should().NotContain("error");
        result.Stdout.Should().Contain("\"bothersomeness\"").And.Contain("\"pain_score\"");
    }

    [Test]
    public void There_are_fully_and_partly_answered_profiles()
    {
        var profiles = Profiles().ToList();
        profiles.Should().HaveCountGreaterThanOrEqualTo(6);
        var expected = profiles.Select(p => File.ReadAllText(Path.Combine(Repo.Root, Path.ChangeExtension(p, null) + ".expected.json"))).ToList();
        expected.Should().Contain(json => json.Contains("\"value\":null"), "some profile leaves a score open");
        expected.Should().Contain(json => json.Contains("\"undetermined\":[{"), "some profile leaves the risk group open");
        expected.Should().Contain(json => json.Contains("\"withheld\":[{"), "some profile has advice withheld");
        foreach (var group in new[] { "low_risk", "medium_risk", "high_risk" })
            expected.Should().Contain(json => json.Contains($"\"concluded\":[\"{group}\""), $"some profile is in the {group} group");
    }

    [TestCaseSource(nameof(Profiles))]
    public void Eval_output_matches_the_expected_file(string profile) => GoldenEval.AssertMatches(profile, "--rules", RulesFile);

    [Test]
    public void Library_and_cli_agree_on_every_profile()
    {
        var ruleSet = RuleSet.Load(Path.Combine(Repo.Root, RulesFile));
        ruleSet.Diagnostics.Should().BeEmpty();
        var compiled = ruleSet.Compile();
        foreach (var profile in Profiles())
        {
            var expected = File.ReadAllText(Path.Combine(Repo.Root, Path.ChangeExtension(profile, null) + ".expected.json"));
            var lines = compiled.ReadProfiles(Path.Combine(Repo.Root, profile))
                .Select(read => compiled.Evaluate(read.Profile!).ToJson());
            string.Concat(lines.Select(l => l + "\n")).Should().Be(expected.Replace("\r\n", "\n"), profile);
        }
    }
}
