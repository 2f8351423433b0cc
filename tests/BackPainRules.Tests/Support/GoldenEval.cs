namespace BackPainRules.Tests.Support;

/// <summary>
/// An example profile's `rules eval --format json` output against its golden <c>.expected.json</c> beside it,
/// through the real CLI. <c>BPR_UPDATE_GOLDEN=1</c> rewrites the golden file instead.
/// </summary>
public static class GoldenEval
{
    public static void AssertMatches(string profile, params string[] ruleArguments)
    {
        var expectedPath = Path.Combine(Repo.Root, Path.ChangeExtension(profile, null) + ".expected.json");
        var result = RulesProcess.Run(Repo.Root, ["eval", .. ruleArguments, "--format", "json", profile]);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stderr.Should().BeEmpty();
        if (Environment.GetEnvironmentVariable("BPR_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(expectedPath, result.Stdout);
            Assert.Inconclusive($"rewrote {expectedPath}");
        }
        File.Exists(expectedPath).Should().BeTrue($"{profile} needs its expected output beside it");
        result.Stdout.Should().Be(File.ReadAllText(expectedPath));
    }
}
