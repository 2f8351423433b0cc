using BackPainRules.Compilation;
using BackPainRules.Editing;
using BackPainRules.Evaluation;
using BackPainRules.Loading;
using Newtonsoft.Json.Linq;

namespace BackPainRules.Tests.Editing;

/// <summary>The playground's one call gives what the commands give, each part to the byte.</summary>
public class PlaygroundEvaluationTests
{
    private const string Rules = """
        fact red_flag: bool "A red flag is present"
        fact sore: bool "Sore the next morning"
        recommendation see_doctor "See a doctor today" priority urgent
        recommendation core_work "Core work" priority high unless red_flag
        rule refer: if red_flag then recommend see_doctor
        rule core: if sore then recommend core_work
        """;

    private static JObject Run(string text, string profile, IFileSystem? files = null) =>
        JObject.Parse(PlaygroundEvaluation.Evaluate(text, profile, "/served/play.rules", files ?? new FolderFileSystem("/served")));

    [Test]
    public void A_clean_text_gives_its_schema_result_reasoning_and_graph_as_the_commands_do()
    {
        var answer = Run(Rules, """{"sore": true}""");

        var rules = RuleSet.Load(new[] { new RootFile("/served/play.rules", Text: Rules) }, new FolderFileSystem("/served"));
        var compiled = rules.Compile();
        var explanation = compiled.Explain(compiled.ReadProfile("""{"sore": true}""", "playground").Profile!);
        answer["diagnostics"]!.Should().BeEmpty();
        answer["result"]!.ToString(Newtonsoft.Json.Formatting.None).Should().Be(ExplanationFormatter.ToJson(explanation));
        answer["result"]!["withheld"]![0]!["missing"]!.Values<string>().Should().Equal("red_flag");
        answer["reasoning"]!.Value<string>().Should().Be(ExplanationFormatter.ToText(explanation));
        answer["schema"]!["properties"]!["sore"]!["description"]!.Value<string>().Should().Be("Sore the next morning");
        answer["graph"]!.Value<string>().Should().Be(global::BackPainRules.Graph.RuleGraph.ToMermaid(rules.Model));
    }

    [Test]
    public void A_text_with_errors_gives_its_diagnostics_with_positions_and_nothing_else()
    {
        var answer = Run(Rules.Replace("if sore", "if soer"), "{}");

        // The misspelt name is the one error; 'sore' is now unused, which is a warning.
        var error = answer["diagnostics"]!.Should().ContainSingle(d => d["severity"]!.Value<string>() == "error").Subject;
        answer["diagnostics"]!.Where(d => d["severity"]!.Value<string>() == "warning").Select(d => d["code"]!.Value<string>()).Should().Equal("BPR201");
        (error["line"]!.Value<int>(), error["column"]!.Value<int>(), error["code"]!.Value<string>(), error["severity"]!.Value<string>())
            .Should().Be((6, 15, "BPR101", "error"));
        error["message"]!.Value<string>().Should().Contain("did you mean 'sore'");
        foreach (var part in new[] { "schema", "result", "reasoning", "graph" }) answer[part]!.Type.Should().Be(JTokenType.Null, part);
    }

    [Test]
    public void A_bad_profile_gives_its_diagnostics_and_no_result_but_still_the_form()
    {
        var answer = Run(Rules, """{"sore": 3}""");

        answer["profile_diagnostics"]!.Should().ContainSingle().Which["code"]!.Value<string>().Should().StartWith("BPR3");
        answer["result"]!.Type.Should().Be(JTokenType.Null);
        answer["schema"]!.Type.Should().Be(JTokenType.Object);
    }

    [Test]
    public void An_import_outside_the_served_folder_cannot_be_read()
    {
        var folder = Directory.CreateTempSubdirectory("bpr-play-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "vocab.rules"), "fact sore: bool \"Sore\"\n");
            var files = new FolderFileSystem(folder.FullName);
            string path = Path.Combine(folder.FullName, "play.rules");
            var inside = JObject.Parse(PlaygroundEvaluation.Evaluate("import \"vocab.rules\"\nrecommendation rest\nrule r: if sore then recommend rest\n", "{}", path, files));
            inside["diagnostics"]!.Should().BeEmpty();

            var outside = JObject.Parse(PlaygroundEvaluation.Evaluate("import \"/etc/passwd\"\n", "{}", path, files));
            outside["diagnostics"]!.Should().ContainSingle().Which["message"]!.Value<string>().Should().NotContain("root:");
            outside["result"]!.Type.Should().Be(JTokenType.Null);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
