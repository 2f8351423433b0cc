namespace BackPainRules.Tests.Cli;

/// <summary>
/// The example profiles and their expected outputs are golden files: `rules eval --format json` on each
/// must reproduce its `*.expected.json` byte for byte. A change to them is reviewed like code.
/// Set BPR_UPDATE_GOLDEN=1 to rewrite them after an intended change, then read the diff.
/// </summary>
public class ExampleProfilesTests
{
    public static IEnumerable<string> Profiles() =>
        Directory.EnumerateFiles(Path.Combine(Repo.Examples, "profiles"))
            .Where(p => (p.EndsWith(".json") && !p.EndsWith(".expected.json")) || p.EndsWith(".ndjson"))
            .Select(p => Path.GetRelativePath(Repo.Root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    [Test]
    public void There_are_at_least_six_example_runners()
    {
        Profiles().Count().Should().BeGreaterThanOrEqualTo(6);
    }

    [TestCaseSource(nameof(Profiles))]
    public void Eval_output_matches_the_expected_file(string profile) => GoldenEval.AssertMatches(profile);

    [Test]
    public void Library_and_cli_agree_on_every_example()
    {
        var compiled = RuleSet.BuiltIn.Compile();
        foreach (var profile in Profiles())
        {
            var expected = File.ReadAllText(Path.Combine(Repo.Root, Path.ChangeExtension(profile, null) + ".expected.json"));
            var lines = compiled.ReadProfiles(Path.Combine(Repo.Root, profile))
                .Select(read => compiled.Evaluate(read.Profile!).ToJson());
            string.Concat(lines.Select(l => l + "\n")).Should().Be(expected.Replace("\r\n", "\n"), profile);
        }
    }
}
