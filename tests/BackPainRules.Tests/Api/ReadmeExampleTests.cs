namespace BackPainRules.Tests.Api;

public class ReadmeExampleTests
{
    private static string ExampleCode(string marker = "readme-example")
    {
        var source = File.ReadAllText(Path.Combine(Repo.Root, "tests", "BackPainRules.Tests", "Api", "ReadmeExample.cs"));
        var start = source.IndexOf($"// {marker}-start", StringComparison.Ordinal);
        var end = source.IndexOf($"        // {marker}-end", StringComparison.Ordinal);
        var lines = source[start..end].Split('\n').Skip(1)
            .Select(l => l.TrimEnd('\r'))
            .Select(l => l.StartsWith("        ") ? l[8..] : l.TrimStart())
            // The usings are comments in the test file because they cannot sit inside a method.
            .Select(l => l.StartsWith("// using ") ? l[3..] : l);
        return string.Join("\n", lines).TrimEnd();
    }

    [Test]
    public void Readme_shows_exactly_the_example_that_this_suite_runs()
    {
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md")).Replace("\r\n", "\n");
        readme.Should().Contain("```csharp\n" + ExampleCode() + "\n```");
    }

    [Test]
    public void Readme_example_runs_and_recommends_the_cadence_drill()
    {
        var json = ReadmeExample.Run();
        json.Should().Be("""{"profile":"runner-17","recommendations":[{"id":"cadence_drill","text":"Raise cadence 5-10%","priority":"high","rules":["short_steps"]}],"avoid":[],"withheld":[],"concluded":[],"scores":[],"fired":["short_steps"],"undetermined":[],"warnings":[]}""");
    }

    [Test]
    public void Readme_shows_exactly_the_batch_example_that_this_suite_runs()
    {
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md")).Replace("\r\n", "\n");
        readme.Should().Contain("```csharp\n" + ExampleCode("readme-batch-example") + "\n```");
    }

    [Test]
    public void Readme_batch_example_writes_one_result_line_per_good_runner()
    {
        using var folder = new TempFolder();
        folder.Write("runners.ndjson", "{\"$id\": \"a\", \"cadence\": 152}\n{\"cadence\": \"fast\"}\n{\"$id\": \"b\", \"overstride\": false}\n");
        var rules = RuleSet.FromText("""
            fact overstride: bool
            fact cadence: number 120..220
            recommendation cadence_drill
            rule short_steps: if overstride or cadence < 160 then recommend cadence_drill
            """).Compile();
        string previous = Environment.CurrentDirectory;
        var errors = new StringWriter();
        var stderr = Console.Error;
        try
        {
            Environment.CurrentDirectory = folder.Path;
            Console.SetError(errors);
            ReadmeExample.RunBatch(rules);
        }
        finally
        {
            Console.SetError(stderr);
            Environment.CurrentDirectory = previous;
        }

        File.ReadAllLines(Path.Combine(folder.Path, "results.ndjson")).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("profile").GetString())
            .Should().Equal("a", "b");
        errors.ToString().Should().StartWith("runners.ndjson:2:13: error BPR303");
    }
}
