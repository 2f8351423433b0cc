using System.Text.Json;

namespace BackPainRules.Tests.Cli;

public class SchemaAndGraphCommandTests
{
    [Test]
    public void Schema_describes_every_fact_with_type_range_values_and_description()
    {
        using var folder = new TempFolder();
        folder.Write("r.rules", """
            fact overstride: bool "Foot lands in front"
            fact cadence: number 120..220 "Steps per minute"
            fact workout: one of easy, tempo
            fact sore: any of easy_runs, long_runs
            fact tilt: bool
            recommendation drill
            if overstride and cadence < 160 and workout is easy and sore has long_runs then recommend drill and conclude tilt
            """);
        var result = RulesProcess.Run(folder.Path, "schema", "--rules", "r.rules");
        result.ExitCode.Should().Be(0, result.Stderr);

        var schema = JsonDocument.Parse(result.Stdout).RootElement;
        schema.GetProperty("$schema").GetString().Should().Be("https://json-schema.org/draft/2020-12/schema");
        schema.GetProperty("additionalProperties").GetBoolean().Should().BeFalse();
        schema.GetProperty("patternProperties").TryGetProperty("^\\$", out _).Should().BeTrue();
        var properties = schema.GetProperty("properties");
        properties.GetProperty("overstride").GetProperty("description").GetString().Should().Be("Foot lands in front");
        properties.GetProperty("cadence").GetProperty("minimum").GetDouble().Should().Be(120);
        properties.GetProperty("cadence").GetProperty("maximum").GetDouble().Should().Be(220);
        properties.GetProperty("workout").GetProperty("enum").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? null : e.GetString())
            .Should().Equal("easy", "tempo", null);
        properties.GetProperty("sore").GetProperty("items").GetProperty("enum").EnumerateArray().Select(e => e.GetString())
            .Should().Equal("easy_runs", "long_runs");
        // SPEC §6: exactly the input facts. This used to list the concluded fact 'tilt' as one a profile may give; now it may not.
        properties.EnumerateObject().Select(p => p.Name).Should().Equal("$id", "overstride", "cadence", "workout", "sore");
        properties.GetProperty("overstride").GetProperty("type").EnumerateArray().Select(e => e.GetString()).Should().Equal("boolean", "null");
        properties.GetProperty("cadence").GetProperty("type").EnumerateArray().Select(e => e.GetString()).Should().Equal("number", "null");
        properties.GetProperty("sore").GetProperty("type").EnumerateArray().Select(e => e.GetString()).Should().Equal("array", "null");
    }

    [Test]
    public void Schema_of_the_built_in_rule_set_leaves_out_every_concluded_fact()
    {
        var result = RulesProcess.Run(Repo.Root, "schema");
        result.ExitCode.Should().Be(0, result.Stderr);
        var names = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        var model = RuleSet.BuiltIn.Model;
        names.Should().Equal(new[] { "$id" }.Concat(model.Facts.Where(f => !f.IsConcluded).Select(f => f.Name)));
        names.Should().NotContain(new[] { "red_flag", "anterior_pelvic_tilt" });
    }

    [Test]
    public void Schema_of_the_built_in_rule_set_is_the_default()
    {
        var result = RulesProcess.Run(Repo.Root, "schema");
        result.ExitCode.Should().Be(0);
        JsonDocument.Parse(result.Stdout).RootElement.GetProperty("properties").TryGetProperty("leg_numbness", out _).Should().BeTrue();
    }

    [Test]
    public void Graph_shows_facts_rules_conclusions_and_marks_avoid_edges()
    {
        using var folder = new TempFolder();
        folder.Write("r.rules", """
            fact a: bool
            fact b: bool
            recommendation x
            recommendation y
            rule r: if a then conclude b and recommend x and avoid y
            rule s: if b then recommend x
            """);
        var mermaid = RulesProcess.Run(folder.Path, "graph", "--rules", "r.rules");
        mermaid.ExitCode.Should().Be(0, mermaid.Stderr);
        mermaid.StdoutLines.Should().Contain(new[]
        {
            "flowchart LR", "  f_a --> rule0", "  rule0 --> f_b", "  rule0 --> r_x", "  rule0 -. avoid .-> r_y", "  f_b --> rule1",
        });

        var dot = RulesProcess.Run(folder.Path, "graph", "--rules", "r.rules", "--format", "dot");
        dot.ExitCode.Should().Be(0);
        dot.Stdout.Should().StartWith("digraph rules {").And.Contain("\"rule0\" -> \"r_y\" [style=dashed, color=red, label=\"avoid\"];");
    }

    [Test]
    public void Graph_draws_scores_and_unless_edges_in_both_formats()
    {
        using var folder = new TempFolder();
        folder.Write("r.rules", """
            fact fever: bool
            fact night_pain: bool
            recommendation rest unless fever
            score flags = count of (fever, night_pain)
            rule r: if flags >= 1 then recommend rest
            """);
        var mermaid = RulesProcess.Run(folder.Path, "graph", "--rules", "r.rules");
        mermaid.ExitCode.Should().Be(0, mermaid.Stderr);
        mermaid.StdoutLines.Should().Contain(new[]
        {
            "  s_flags[/\"flags\"/]", "  f_fever --> s_flags", "  f_night_pain --> s_flags", "  s_flags --> rule0", "  f_fever -. unless .-> r_rest",
        });

        var dot = RulesProcess.Run(folder.Path, "graph", "--rules", "r.rules", "--format", "dot");
        dot.ExitCode.Should().Be(0, dot.Stderr);
        dot.Stdout.Should().Contain("\"s_flags\" -> \"rule0\";").And.Contain("\"f_fever\" -> \"r_rest\" [style=dashed, color=orange, label=\"unless\"];");
    }

    [Test]
    public void Rule_set_with_errors_exits_1_for_schema_and_graph()
    {
        using var folder = new TempFolder();
        folder.Write("r.rules", "if a then recommend x\n");
        RulesProcess.Run(folder.Path, "schema", "--rules", "r.rules").ExitCode.Should().Be(1);
        RulesProcess.Run(folder.Path, "graph", "--rules", "r.rules").ExitCode.Should().Be(1);
    }
}

public class ReadmeGraphTests
{
    [Test]
    public void The_graph_in_docs_is_the_one_rules_graph_draws_for_the_built_in_rule_set()
    {
        // docs/lower-back-pain-graph.svg is rendered from this file with Graphviz; regenerate both if this fails:
        //   rules graph --format dot > docs/lower-back-pain.dot && dot -Tsvg docs/lower-back-pain.dot -o docs/lower-back-pain-graph.svg
        var result = RulesProcess.Run(Repo.Root, "graph", "--format", "dot");
        result.ExitCode.Should().Be(0);
        result.Stdout.Should().Be(File.ReadAllText(Path.Combine(Repo.Root, "docs", "lower-back-pain.dot")));
        File.Exists(Path.Combine(Repo.Root, "docs", "lower-back-pain-graph.svg")).Should().BeTrue();
    }
}
