namespace BackPainRules.Tests.Api;

public class ReadmeExampleTests
{
    private static string ExampleCode()
    {
        var source = File.ReadAllText(Path.Combine(Repo.Root, "tests", "BackPainRules.Tests", "Api", "ReadmeExample.cs"));
        var start = source.IndexOf("// readme-example-start", StringComparison.Ordinal);
        var end = source.IndexOf("        // readme-example-end", StringComparison.Ordinal);
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
        json.Should().Be("""{"profile":"runner-17","recommendations":[{"id":"cadence_drill","text":"Raise cadence 5-10%","priority":"high","rules":["short_steps"]}],"avoid":[],"concluded":[],"fired":["short_steps"],"undetermined":[],"warnings":[]}""");
    }
}
