using System.Text.Json;

namespace BackPainRules.Tests.Cli;

/// <summary>`rules eval` as a user runs it: exit codes, formats, batches and every bad-input case of SPEC §5.</summary>
public class EvalCommandTests
{
    private const string Rules = """
        fact overstride: bool "Foot lands in front of the body"
        fact cadence: number 120..220 "Steps per minute"
        fact workout: one of easy, tempo, intervals
        fact sore_after: any of easy_runs, long_runs
        recommendation cadence_drill "Raise cadence" priority high
        recommendation core "Core work"
        rule drill:
          if overstride or cadence < 160
          then recommend cadence_drill
        if workout is intervals or sore_after has long_runs then recommend core
        """;

    private TempFolder folder = null!;

    [SetUp]
    public void SetUp()
    {
        folder = new TempFolder();
        folder.Write("set.rules", Rules);
    }

    [TearDown]
    public void TearDown() => folder.Dispose();

    private CliResult Eval(params string[] args) =>
        RulesProcess.Run(folder.Path, new[] { "eval", "--rules", "set.rules" }.Concat(args).ToArray());

    [Test]
    public void Json_format_prints_one_compact_line_per_profile_in_spec_key_order()
    {
        folder.Write("p.json", """{"$id": "runner-17", "overstride": true, "workout": "easy"}""");
        var result = Eval("--format", "json", "p.json");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Be(
            """{"profile":"runner-17","recommendations":[{"id":"cadence_drill","text":"Raise cadence","priority":"high","rules":["drill"]}],"avoid":[],"withheld":[],"concluded":[],"scores":[],"fired":["drill"],"undetermined":[{"rule":"set:10","missing":["sore_after"]}],"warnings":[]}""" + "\n");
    }

    [Test]
    public void Text_format_is_the_default_and_reads_as_a_report()
    {
        folder.Write("p.json", """{"overstride": true}""");
        var result = Eval("p.json");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Contain("Profile p.json").And.Contain("[high] cadence_drill - Raise cadence  (drill)")
            .And.Contain("\n  Ask next (the most urgent advice it could decide first):\n    [normal] workout\n    [normal] sore_after\n")
            .And.Contain("\n  Undetermined: 1 rule (--explain lists it)\n");
    }

    [Test]
    public void Profile_names_follow_spec_for_files_ndjson_arrays_and_stdin()
    {
        folder.Write("single.json", """{"overstride": false}""");
        folder.Write("batch.ndjson", "{\"overstride\": true}\n\n{\"$id\": \"named\"}\n{}\n");
        folder.Write("array.json", """[{"overstride": true}, {"cadence": 150}]""");

        var files = Eval("--format", "json", "single.json", "batch.ndjson", "array.json");
        files.ExitCode.Should().Be(0, files.Stderr);
        files.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("profile").GetString())
            .Should().Equal("single.json", "batch.ndjson:1", "named", "batch.ndjson:4", "array.json[0]", "array.json[1]");

        var stdin = RulesProcess.RunWithInput(folder.Path, "{\"overstride\": true}\n{\"cadence\": 130}\n",
            "eval", "--rules", "set.rules", "--format", "json", "-");
        stdin.ExitCode.Should().Be(0, stdin.Stderr);
        stdin.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("profile").GetString())
            .Should().Equal("-:1", "-:2");
    }

    // SPEC §6 through the byte-level batch path: only '"', '\' and control characters escaped, everything
    // else (non-ASCII letters, characters outside the BMP) written as it is, in UTF-8, and the same bytes as a
    // single profile file gives.
    [Test]
    public void A_json_batch_escapes_exactly_as_spec_says_and_matches_a_single_profile()
    {
        // The id as JSON text: a quote, a backslash and two control characters escaped, the rest as it is.
        // Read and written back, SPEC §6 gives exactly this text again.
        const string idJson = @"a\""b\\c\u0001\u001f é 😀";
        folder.Write("batch.ndjson", $"{{\"$id\": \"{idJson}\", \"overstride\": true}}\n");
        folder.Write("one.json", $"{{\"$id\": \"{idJson}\", \"overstride\": true}}");

        var batch = Eval("--format", "json", "batch.ndjson");
        var single = Eval("--format", "json", "one.json");

        batch.ExitCode.Should().Be(0, batch.Stderr);
        batch.StdoutLines.Should().ContainSingle().Which.Should()
            .StartWith($"{{\"profile\":\"{idJson}\",\"recommendations\":[{{\"id\":\"cadence_drill\"");
        batch.Stdout.Should().Be(single.Stdout);
    }

    [Test]
    public void Without_rules_the_built_in_lower_back_pain_rule_set_is_used()
    {
        folder.Write("p.json", """{"$id": "r", "saddle_numbness": true}""");
        var result = RulesProcess.Run(folder.Path, "eval", "--format", "json", "p.json");

        result.ExitCode.Should().Be(0, result.Stderr);
        var first = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("recommendations")[0];
        first.GetProperty("id").GetString().Should().Be("seek_emergency_care");
        first.GetProperty("priority").GetString().Should().Be("urgent");
    }

    // SPEC §5: every bad input is one line on stderr with file, line, column and fact; nothing on stdout
    // for that profile; the rest of the batch still runs; exit 1.
    [TestCase("{\"overstride\": \"yes\"}", "BPR303", 1, 16, "overstride", TestName = "Wrong type")]
    [TestCase("{\"cadence\": 250}", "BPR304", 1, 13, "cadence", TestName = "Out of range")]
    [TestCase("{\"workout\": \"sprint\"}", "BPR305", 1, 13, "workout", TestName = "Undeclared enum value")]
    [TestCase("{\"sore_after\": [\"easy_runs\", \"hills\"]}", "BPR305", 1, 30, "sore_after", TestName = "Undeclared any-of value")]
    [TestCase("{\"cadence\": 150, \"cadence\": 160}", "BPR302", 1, 18, "cadence", TestName = "Duplicate key")]
    [TestCase("{\"cadence\": NaN}", "BPR301", 1, 13, null, TestName = "NaN")]
    [TestCase("{\"cadence\": Infinity}", "BPR301", 1, 13, null, TestName = "Infinity")]
    [TestCase("{\"cadence\": 150", "BPR301", 1, 16, null, TestName = "Truncated JSON")]
    public void Bad_line_in_a_batch_is_reported_with_position_and_the_rest_still_runs(string badLine, string code, int line, int column, string? fact)
    {
        folder.Write("batch.ndjson", "{\"overstride\": true}\n" + badLine + "\n{\"cadence\": 130}\n");
        var result = Eval("--format", "json", "batch.ndjson");

        result.ExitCode.Should().Be(1);
        result.StdoutLines.Should().HaveCount(2);
        result.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("profile").GetString())
            .Should().Equal("batch.ndjson:1", "batch.ndjson:3");
        result.StderrLines.Should().ContainSingle().Which.Should().StartWith($"batch.ndjson:{line + 1}:{column}: error {code}: ");
        if (fact is not null) result.Stderr.Should().Contain($"'{fact}'");
        result.Stderr.Should().NotContain("   at ", "no stack trace for bad input");
    }

    [Test]
    public void Undeclared_key_is_a_warning_in_the_result_and_an_error_with_strict()
    {
        folder.Write("p.json", "{\"overstride\": true,\n \"cadense\": 150}");
        var lenient = Eval("--format", "json", "p.json");
        lenient.ExitCode.Should().Be(0);
        var warning = JsonDocument.Parse(lenient.Stdout).RootElement.GetProperty("warnings")[0];
        warning.GetProperty("code").GetString().Should().Be("BPR306");
        warning.GetProperty("message").GetString().Should().Contain("'cadense'").And.Contain("did you mean 'cadence'");

        var strict = Eval("--format", "json", "--strict", "p.json");
        strict.ExitCode.Should().Be(1);
        strict.Stdout.Should().BeEmpty();
        strict.StderrLines.Should().ContainSingle().Which.Should().StartWith("p.json:2:2: error BPR307: ");
    }

    [Test]
    public void Missing_profile_file_exits_1_with_a_clear_message()
    {
        var result = Eval("nowhere.json");
        result.ExitCode.Should().Be(1);
        result.StderrLines.Should().ContainSingle().Which.Should().Be("nowhere.json:1:1: error BPR300: cannot read file: no such file");
    }

    [Test]
    public void Rule_set_with_errors_exits_1_and_prints_its_diagnostics()
    {
        folder.Write("broken.rules", "fact a: bool\nif a and b then recommend x\n");
        folder.Write("p.json", "{}");
        var result = RulesProcess.Run(folder.Path, "eval", "--rules", "broken.rules", "p.json");

        result.ExitCode.Should().Be(1);
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().Contain("broken.rules:2:10: error BPR101: fact 'b' is not declared");
    }

    [Test]
    public void Several_rules_paths_merge_into_one_rule_set()
    {
        folder.Write("a/vocab.rules", "fact tired: bool\nrecommendation rest \"Rest\"\n");
        folder.Write("b/rule.rules", "if tired then recommend rest\n");
        folder.Write("p.json", """{"tired": true}""");
        var result = RulesProcess.Run(folder.Path, "eval", "--rules", "a/vocab.rules", "--rules", "b/rule.rules", "--format", "json", "p.json");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Contain("\"fired\":[\"rule:1\"]");
    }

    [TestCase("eval", TestName = "eval without a profile")]
    [TestCase("eval", "--format", "xml", "p.json", TestName = "unknown format")]
    [TestCase("eval", "--bogus", "p.json", TestName = "unknown flag")]
    [TestCase("frobnicate", TestName = "unknown command")]
    public void Bad_usage_exits_2(params string[] args)
    {
        var result = RulesProcess.Run(folder.Path, args);
        result.ExitCode.Should().Be(2);
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().Contain("--help");
    }

    [Test]
    public void Help_exits_0()
    {
        var result = RulesProcess.Run(folder.Path, "eval", "--help");
        result.ExitCode.Should().Be(0);
        result.Stdout.Should().Contain("--rules").And.Contain("--format").And.Contain("--strict");
    }
}

public class ParallelBatchTests
{
    [Test]
    public void A_large_ndjson_batch_is_evaluated_in_parallel_with_output_in_input_order()
    {
        using var folder = new TempFolder();
        var lines = Enumerable.Range(1, 10_000).Select(i => i == 5_000 ? "{\"cadence\": \"fast\"}" : $"{{\"$id\": \"r{i}\", \"cadence\": {100 + i % 140}}}");
        folder.Write("batch.ndjson", string.Join("\n", lines) + "\n");
        var result = RulesProcess.Run(folder.Path, "eval", "--format", "json", "batch.ndjson");

        result.ExitCode.Should().Be(1);
        result.StderrLines.Should().ContainSingle().Which.Should().StartWith("batch.ndjson:5000:13: error BPR303: ");
        var names = result.StdoutLines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("profile").GetString()).ToList();
        names.Should().HaveCount(9_999);
        names.Should().Equal(Enumerable.Range(1, 10_000).Where(i => i != 5_000).Select(i => $"r{i}"));
    }
}
