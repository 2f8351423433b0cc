using System.Text;
using System.Text.Json;

namespace BackPainRules.Tests.Cli;

/// <summary>
/// Details SPEC §4–§8 pins (issue #12), each checked through the real <c>rules</c> process: concluded facts
/// decided by their rules alone, ordinal order, the exact JSON bytes, blank NDJSON lines, <c>$id</c>, numbers
/// too large for a double, rule files with errors running no tests, and <c>--version</c>.
/// </summary>
public class SpecDetailsTests
{
    private TempFolder folder = null!;

    [SetUp]
    public void SetUp() => folder = new TempFolder();

    [TearDown]
    public void TearDown() => folder.Dispose();

    private static readonly string RedFlagRules =
        "'cauda_equina_signs', 'pregnancy_warning_signs', 'fracture_signs', 'bone_stress_signs', 'cancer_signs', 'infection_signs', 'inflammatory_signs', 'worsening_pain', 'no_better_after_weeks'";

    // ---- §4/§5: a profile cannot give a concluded fact ----

    [Test]
    public void A_profile_giving_red_flag_is_an_error_naming_its_rules_and_the_rest_of_the_batch_runs()
    {
        folder.Write("batch.ndjson", string.Join("\n",
            "{\"$id\": \"a\", \"fever\": true}",
            "{\"red_flag\": false, \"fever\": true}",
            "{\"$id\": \"c\", \"red_flag\": null}",
            "{\"leg_numbness\": false}",
            ""));
        var result = RulesProcess.Run(folder.Path, "eval", "--format", "json", "batch.ndjson");

        result.ExitCode.Should().Be(1);
        result.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("profile").GetString())
            .Should().Equal("a", "batch.ndjson:4");
        result.StderrLines.Should().Equal(
            $"batch.ndjson:2:2: error BPR309: fact 'red_flag' is concluded by rules {RedFlagRules}, so a profile cannot give it; give the facts it is concluded from instead",
            $"batch.ndjson:3:14: error BPR309: fact 'red_flag' is concluded by rules {RedFlagRules}, so a profile cannot give it; give the facts it is concluded from instead");
    }

    [Test]
    public void Red_flag_comes_from_the_red_flag_questions_alone()
    {
        folder.Write("p.json", """{"$id": "p", "fever": true}""");
        var result = RulesProcess.Run(folder.Path, "eval", "--format", "json", "p.json");
        result.ExitCode.Should().Be(0, result.Stderr);
        var root = JsonDocument.Parse(result.Stdout).RootElement;
        root.GetProperty("concluded").EnumerateArray().Select(e => e.GetString()).Should().Contain("red_flag");
        root.GetProperty("warnings").GetArrayLength().Should().Be(0);
    }

    [Test]
    public void A_test_giving_a_concluded_fact_is_a_check_error_and_runs_no_test()
    {
        folder.Write("t.rules", """
            fact x: bool
            fact c: bool
            recommendation r
            rule from_x: if x then conclude c
            rule uses_c: if c then recommend r
            test "gives c":
              given c
              expect recommend r
            """);
        var check = RulesProcess.Run(folder.Path, "check", "t.rules");
        check.ExitCode.Should().Be(1);
        check.StdoutLines.Should().Equal(
            "t.rules:7:9: error BPR131: 'c' is concluded by rule 'from_x', so a test cannot give it; give the facts it is concluded from instead");

        var test = RulesProcess.Run(folder.Path, "test", "t.rules");
        test.ExitCode.Should().Be(1);
        test.Stderr.Should().Contain("t.rules:7:9: error BPR131: ");
        test.StdoutLines.Should().Equal("0 passed, 0 failed");
    }

    // ---- §7: a rule file with errors runs no tests ----

    [Test]
    public void A_rule_file_with_errors_runs_none_of_its_tests_while_the_other_files_run_theirs()
    {
        const string good = """
            fact x: bool
            recommendation r
            rule give_r: if x then recommend r
            test "x gives r":
              given x
              expect recommend r
            """;
        folder.Write("set/good.rules", good);
        // The same file with one error outside its test: its test would pass, but it must not run.
        folder.Write("set/bad.rules", good.Replace("if x then recommend r", "if x then recommend r, r"));
        var result = RulesProcess.Run(folder.Path, "test", "set");

        result.ExitCode.Should().Be(1);
        result.StdoutLines.Should().Equal("PASS set/good.rules:4 x gives r", "1 passed, 0 failed");
        result.StderrLines.Should().Contain("set/bad.rules:3:37: error BPR130: 'r' is listed twice in one 'recommend'");
    }

    [Test]
    public void A_rule_file_with_errors_has_all_its_diagnostics_printed_as_check_prints_them()
    {
        folder.Write("t.rules", """
            fact x: bool
            fact unused: bool
            recommendation r
            rule give_r: if x then recommend r, r
            test "x gives r":
              given x
              expect recommend r
            """);
        var check = RulesProcess.Run(folder.Path, "check", "t.rules");
        check.StdoutLines.Should().HaveCount(2, "an error and a warning");

        var result = RulesProcess.Run(folder.Path, "test", "t.rules");
        result.ExitCode.Should().Be(1);
        result.StdoutLines.Should().Equal("0 passed, 0 failed");
        result.StderrLines.Should().Equal(check.StdoutLines);
    }

    [Test]
    public void A_test_giving_a_fact_twice_is_an_error_and_runs_no_test()
    {
        folder.Write("t.rules", """
            fact x: bool
            recommendation r
            rule give_r: if x then recommend r
            test "twice":
              given x, not x
              expect recommend r
            """);
        var result = RulesProcess.Run(folder.Path, "test", "t.rules");
        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("t.rules:5:12: error BPR132: 'x' is already given at t.rules:5:9; a test gives each fact once");
        result.StdoutLines.Should().Equal("0 passed, 0 failed");
    }

    // ---- §6: ordinal order ----

    [Test]
    public void Concluded_and_missing_are_sorted_in_ordinal_order()
    {
        folder.Write("o.rules", """
            fact go: bool
            fact pain_a: bool
            fact pain1: bool
            fact painb: bool
            fact pain: bool
            fact c_a: bool
            fact c1: bool
            fact cb: bool
            fact c: bool
            recommendation r
            rule make: if go then conclude cb, c_a, c1, c
            rule need: if painb and pain_a and pain1 and pain then recommend r
            """);
        folder.Write("p.json", """{"$id": "p", "go": true}""");
        var result = RulesProcess.Run(folder.Path, "eval", "--rules", "o.rules", "--format", "json", "p.json");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Contain("\"concluded\":[\"c\",\"c1\",\"c_a\",\"cb\"]");
        result.Stdout.Should().Contain("\"undetermined\":[{\"rule\":\"need\",\"missing\":[\"pain\",\"pain1\",\"pain_a\",\"painb\"]}]");
    }

    // ---- §6: the exact bytes ----

    [Test]
    public void Json_output_is_exactly_the_spec_bytes_escapes_included()
    {
        folder.Write("e.rules", "fact go: bool\nrecommendation r \"Ré – “quoted” \\\"x\\\" \\\\ y\"\nrule need: if go then recommend r\n");
        // The $id holds every kind of character SPEC §6 names: escaped ones and ones written as they are.
        folder.Write("p.json", "{\"$id\": \"q\\\"b\\\\s\\/\\b\\f\\n\\r\\t\\u0001\\u001F\\u007f\\u2028é😀\", \"go\": true}");
        var (exitCode, stdout) = RulesProcess.RunBytes(folder.Path, "eval", "--rules", "e.rules", "--format", "json", "p.json");

        exitCode.Should().Be(0);
        string expected = "{\"profile\":\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\\u001f\u007f\u2028é😀\","
            + "\"recommendations\":[{\"id\":\"r\",\"text\":\"Ré – “quoted” \\\"x\\\" \\\\ y\",\"priority\":\"normal\",\"rules\":[\"need\"]}],"
            + "\"avoid\":[],\"withheld\":[],\"concluded\":[],\"scores\":[],\"fired\":[\"need\"],\"undetermined\":[],\"warnings\":[]}\n";
        stdout.Should().Equal(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(expected),
            "UTF-8 without a BOM, no whitespace outside strings, one LF; only '\"', '\\\\' and U+0000-U+001F escaped, in lower-case hex");
    }

    // ---- §5: blank NDJSON lines, $id, numbers too large ----

    [TestCase("\n", TestName = "Blank NDJSON lines are skipped but counted (LF)")]
    [TestCase("\r\n", TestName = "Blank NDJSON lines are skipped but counted (CRLF)")]
    public void Blank_ndjson_lines_are_skipped_but_counted(string eol)
    {
        string text = string.Join(eol, "{\"go\": true}", "", "  \t ", "{\"go\": false}", "", "{\"go\": 3}", "");
        folder.Write("g.rules", "fact go: bool\nrecommendation r\nrule need: if go then recommend r\n");
        folder.Write("batch.ndjson", text);
        var file = RulesProcess.Run(folder.Path, "eval", "--rules", "g.rules", "--format", "json", "batch.ndjson");
        var stdin = RulesProcess.RunWithInput(folder.Path, text, "eval", "--rules", "g.rules", "--format", "json", "-");

        file.ExitCode.Should().Be(1);
        file.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("profile").GetString())
            .Should().Equal("batch.ndjson:1", "batch.ndjson:4");
        file.StderrLines.Should().ContainSingle().Which.Should().StartWith("batch.ndjson:6:8: error BPR303: ");
        stdin.ExitCode.Should().Be(1);
        stdin.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("profile").GetString())
            .Should().Equal("-:1", "-:4");
        stdin.StderrLines.Should().ContainSingle().Which.Should().StartWith("-:6:8: error BPR303: ");
    }

    [TestCase("17", "the number 17")]
    [TestCase("null", "null")]
    [TestCase("true", "true")]
    [TestCase("[\"a\"]", "an array")]
    [TestCase("{\"a\": 1}", "an object")]
    public void An_id_that_is_not_a_string_is_an_error(string id, string shown)
    {
        folder.Write("p.json", $"{{\"go\": true, \"$id\": {id}}}");
        folder.Write("g.rules", "fact go: bool\nrecommendation r\nrule need: if go then recommend r\n");
        var result = RulesProcess.Run(folder.Path, "eval", "--rules", "g.rules", "--format", "json", "p.json");

        result.ExitCode.Should().Be(1);
        result.Stdout.Should().BeEmpty();
        result.StderrLines.Should().Equal($"p.json:1:21: error BPR303: fact '$id': expected a string, found {shown}");
    }

    [TestCase("{\"go\": true, \"n\": 1e400}", 19, "n", TestName = "A number fact of 1e400 is an error at the number")]
    [TestCase("{\"go\": true, \"$note\": [1, -1E+400]}", 27, "$note", TestName = "Metadata holding -1E+400 is an error at the number")]
    public void A_number_too_large_for_a_double_is_an_error_with_its_position_and_key(string json, int column, string key)
    {
        folder.Write("p.json", json);
        folder.Write("g.rules", "fact go: bool\nfact n: number\nrecommendation r\nrule need: if go and n > 1 then recommend r\n");
        var result = RulesProcess.Run(folder.Path, "eval", "--rules", "g.rules", "--format", "json", "p.json");

        result.ExitCode.Should().Be(1);
        result.Stdout.Should().BeEmpty();
        result.StderrLines.Should().ContainSingle().Which.Should().Be(
            $"p.json:1:{column}: error BPR301: invalid JSON: fact '{key}': the number {json.Substring(column - 1).TrimEnd('}', ']')} is too large for a double");
    }

    // ---- §6: --version ----

    [Test]
    public void Version_prints_the_version_the_packages_carry()
    {
        var result = RulesProcess.Run(folder.Path, "--version");
        result.ExitCode.Should().Be(0);
        var version = typeof(RuleSet).Assembly.GetName().Version!;
        result.Stdout.Should().Be($"{version.Major}.{version.Minor}.{version.Build}\n");
    }
}
