using System.Text;
using BackPainRules.Compilation;
using BackPainRules.Diagnostics;
using BackPainRules.Profiles;

namespace BackPainRules.Tests.Profiles;

/// <summary>SPEC §5: reading profiles, every kind of bad input with its file, line, column and fact, and batches.</summary>
public class ProfileReaderTests
{
    /// <summary>One fact of every type; the streaming-array tests read against it too.</summary>
    internal const string RulesText = """
        fact flag: bool "A flag"
        fact cadence: number 100..240 "Steps per minute"
        fact free: number
        fact workout: one of easy, tempo
        fact pain: any of easy_runs, long_runs
        recommendation r
        rule t: if flag and cadence > 150 and free > 0 and workout is easy and pain has long_runs then recommend r
        """;

    private static CompiledRuleSet Rules => TestRules.Compile(RulesText, "profile-test.rules");

    /// <summary>Reads <paramref name="json"/> and checks it fails with exactly one error at the given place.</summary>
    private static Diagnostic AssertOneError(string json, string code, int line, int column, string? fact,
        string path = "runner.json", bool strict = false)
    {
        var read = Rules.ReadProfile(json, path, strict);
        read.Profile.Should().BeNull("a profile with errors is not evaluated");
        read.HasErrors.Should().BeTrue();
        var errors = read.Diagnostics.Where(d => d.IsError).ToList();
        errors.Should().ContainSingle($"diagnostics were: {string.Join(" | ", read.Diagnostics)}");
        var error = errors[0];
        error.Code.Should().Be(code, error.ToString());
        error.Severity.Should().Be(DiagnosticSeverity.Error);
        error.Location.Path.Should().Be(path);
        (error.Location.Start.Line, error.Location.Start.Column).Should().Be((line, column), error.ToString());
        error.ToString().Should().StartWith($"{path}:{line}:{column}: error {code}: ");
        if (fact is not null) error.Message.Should().Contain($"'{fact}'", "the message names the fact");
        // ... and carries it, so a host (rules serve) can point at the question without reading the message.
        if (fact is not null) error.Fact.Should().Be(fact);
        return error;
    }

    /// <summary>The 1-based UTF-16 column of the first occurrence of <paramref name="marker"/> in a one-line text.</summary>
    private static int ColumnOf(string text, string marker)
    {
        int index = text.IndexOf(marker, StringComparison.Ordinal);
        index.Should().BeGreaterThanOrEqualTo(0);
        return index + 1;
    }

    // ---- Invalid JSON: position ----

    [TestCase("{\"flag\": tr", 1, 12, TestName = "Invalid JSON: truncated literal, at the end of the data")]
    [TestCase("{\"flag\": tru}", 1, 13, TestName = "Invalid JSON: misspelt literal, at the first wrong character")]
    [TestCase("{\"flag\": true", 1, 14, TestName = "Invalid JSON: object not closed")]
    [TestCase("{\"flag\": true, \"cad", 1, 20, TestName = "Invalid JSON: truncated key, at the end of the data")]
    [TestCase("{\"free\": NaN}", 1, 10, TestName = "Invalid JSON: NaN")]
    [TestCase("{\"free\": Infinity}", 1, 10, TestName = "Invalid JSON: Infinity")]
    [TestCase("{\"flag\": true} x", 1, 16, TestName = "Invalid JSON: trailing garbage")]
    [TestCase("{\"flag\": true}}", 1, 15, TestName = "Invalid JSON: trailing brace")]
    [TestCase("{\"flag\": true} {\"flag\": false}", 1, 16, TestName = "Invalid JSON: a second object")]
    [TestCase("{\"flag\": true,}", 1, 15, TestName = "Invalid JSON: trailing comma")]
    [TestCase("{'flag': true}", 1, 2, TestName = "Invalid JSON: single quotes")]
    [TestCase("{\"flag\": true /* c */}", 1, 15, TestName = "Invalid JSON: comment")]
    public void Invalid_json_is_BPR301_at_the_offending_position(string json, int line, int column)
    {
        AssertOneError(json, "BPR301", line, column, fact: null);
        var thrown = FluentActions.Invoking(() => Rules.Evaluate(json, "runner.json")).Should().Throw<ProfileException>().Which;
        thrown.Diagnostics.Should().ContainSingle(d => d.Code == "BPR301");
        thrown.Message.Should().Contain($"runner.json:{line}:{column}");
    }

    [TestCase("{\"free\": NaN}", "free", 10, TestName = "Invalid JSON names the fact: NaN")]
    [TestCase("{\"flag\": true, \"free\": Infinity}", "free", 24, TestName = "Invalid JSON names the fact: Infinity")]
    [TestCase("{\"free\": -Infinity}", "free", 11, TestName = "Invalid JSON names the fact: -Infinity")]
    [TestCase("{\"flag\": tru}", "flag", 13, TestName = "Invalid JSON names the fact: misspelt literal")]
    [TestCase("{\"flag\": tr", "flag", 12, TestName = "Invalid JSON names the fact: truncated literal")]
    [TestCase("{\"workout\": \"easy\\q\"}", "workout", 19, TestName = "Invalid JSON names the fact: bad escape in a value")]
    public void Invalid_json_in_a_value_names_the_fact(string json, string fact, int column)
    {
        // SPEC §5: "Bad input is an error with the file, the line and column, and the fact: invalid JSON
        // (NaN and Infinity included)". The key before the bad value is known, so the message should name it.
        AssertOneError(json, "BPR301", 1, column, fact);
    }

    [Test]
    public void An_empty_profile_text_is_invalid_json()
    {
        AssertOneError("", "BPR301", 1, 1, fact: null);
        AssertOneError("   ", "BPR301", 1, 4, fact: null);
    }

    // ---- Lone surrogates ----
    // A "\\ud800" escape with no low surrogate is valid JSON syntax but not valid text, and
    // Utf8JsonReader.GetString() throws on it; the reader must turn that into a diagnostic (SPEC §5: bad
    // input is an error with file, line, column and fact; the other profiles of a batch are still evaluated).

    [TestCase("{\"flag\": \"\\ud800\"}", "BPR303", 10, "flag", TestName = "Lone surrogate: string for a bool fact is BPR303")]
    [TestCase("{\"cadence\": \"\\udc00x\"}", "BPR303", 13, "cadence", TestName = "Lone surrogate: string for a number fact is BPR303")]
    public void A_lone_surrogate_in_a_wrongly_typed_value_is_still_a_type_error(string json, string code, int column, string fact)
    {
        ProfileReadResult? read = null;
        FluentActions.Invoking(() => read = Rules.ReadProfile(json, "runner.json")).Should().NotThrow();
        AssertOneError(json, code, 1, column, fact);
        FluentActions.Invoking(() => Rules.Evaluate(json, "runner.json")).Should().Throw<ProfileException>();
    }

    [TestCase("{\"workout\": \"\\udc00\"}", 13, "workout", TestName = "Lone surrogate: enum value")]
    [TestCase("{\"pain\": [\"\\ud800\"]}", 11, "pain", TestName = "Lone surrogate: any of item")]
    public void A_lone_surrogate_in_an_enum_value_is_an_error_at_the_value(string json, int column, string fact)
    {
        ProfileReadResult? read = null;
        FluentActions.Invoking(() => read = Rules.ReadProfile(json, "runner.json")).Should().NotThrow();
        var error = read!.Diagnostics.Should().ContainSingle().Subject;
        error.Code.Should().BeOneOf("BPR301", "BPR305");
        error.ToString().Should().StartWith($"runner.json:1:{column}: error ");
        error.Message.Should().Contain($"'{fact}'");
    }

    [Test]
    public void A_lone_surrogate_in_a_key_or_id_is_not_an_exception()
    {
        foreach (var json in new[] { "{\"\\ud800\": 1, \"flag\": true}", "{\"$id\": \"\\ud800\", \"flag\": true}" })
        {
            ProfileReadResult? read = null;
            FluentActions.Invoking(() => read = Rules.ReadProfile(json, "runner.json")).Should().NotThrow(json);
            foreach (var error in read!.Diagnostics.Where(d => d.IsError))
            {
                error.Location.Path.Should().Be("runner.json");
                error.Location.Start.Should().Be(new BackPainRules.Text.LinePosition(1, json.IndexOf('\\') ));
            }
        }
    }

    [Test]
    public void A_lone_surrogate_on_one_ndjson_line_does_not_stop_the_batch()
    {
        using var folder = new TempFolder();
        var path = folder.Write("club.ndjson", "{\"flag\": true}\n{\"flag\": \"\\ud800\"}\n{\"flag\": false}\n");
        List<ProfileReadResult>? results = null;
        FluentActions.Invoking(() => results = Rules.ReadProfiles(path).ToList()).Should().NotThrow();
        results!.Select(r => r.Name).Should().Equal($"{path}:1", $"{path}:2", $"{path}:3");
        results.Select(r => r.HasErrors).Should().Equal(false, true, false);
        results[1].Diagnostics.Should().ContainSingle().Which.ToString().Should().StartWith($"{path}:2:10: error BPR303: ").And.Contain("'flag'");
    }

    // ---- Duplicate keys ----

    [Test]
    public void A_duplicate_key_is_BPR302_at_the_second_key()
    {
        AssertOneError("{\"flag\": true, \"flag\": false}", "BPR302", 1, 16, "flag");
        AssertOneError("{\"free\": 1, \"flag\": true, \"free\": 1}", "BPR302", 1, 27, "free");
        AssertOneError("{\"flag\": true, \"fl\\u0061g\": false}", "BPR302", 1, 16, "flag");
        AssertOneError("{\"$id\": \"a\", \"$id\": \"b\"}", "BPR302", 1, 14, "$id");
    }

    [Test]
    public void Escaped_keys_are_read_as_the_names_they_spell()
    {
        AssertOneError("{\"fl\\u0061g\": 1}", "BPR303", 1, 15, "flag");
        var read = Rules.ReadProfile("{\"fl\\u0061g\": true}", "runner.json");
        read.Diagnostics.Should().BeEmpty();
        Rules.Evaluate(read.Profile!).Undetermined.Single().Missing.Should().NotContain("flag");
    }

    // ---- Wrong types ----

    [TestCase("{\"flag\": \"yes\"}", "flag", 10, TestName = "Wrong type: string for bool")]
    [TestCase("{\"flag\": 1}", "flag", 10, TestName = "Wrong type: number for bool")]
    [TestCase("{\"cadence\": true}", "cadence", 13, TestName = "Wrong type: bool for number")]
    [TestCase("{\"free\": \"5\"}", "free", 10, TestName = "Wrong type: string for number")]
    [TestCase("{\"free\": [5]}", "free", 10, TestName = "Wrong type: array for number")]
    [TestCase("{\"workout\": 3}", "workout", 13, TestName = "Wrong type: number for one of")]
    [TestCase("{\"workout\": [\"easy\"]}", "workout", 13, TestName = "Wrong type: array for one of")]
    [TestCase("{\"pain\": \"long_runs\"}", "pain", 10, TestName = "Wrong type: string for any of")]
    [TestCase("{\"pain\": {\"long_runs\": true}}", "pain", 10, TestName = "Wrong type: object for any of")]
    [TestCase("{\"pain\": [\"easy_runs\", 2]}", "pain", 24, TestName = "Wrong type: number inside any of")]
    public void A_value_of_the_wrong_type_is_BPR303_at_the_value(string json, string fact, int column)
    {
        AssertOneError(json, "BPR303", 1, column, fact);
    }

    // SPEC §5 counts a number too large for a double as invalid JSON, wherever it stands. (It was BPR303 for a number
    // fact, and went unnoticed under metadata or an undeclared key.)
    [TestCase("{\"free\": 1e400}", "free", 10, TestName = "Too large: for a number fact")]
    [TestCase("{\"free\": -1e400}", "free", 10, TestName = "Too large: negative")]
    [TestCase("{\"flag\": 1e400}", "flag", 10, TestName = "Too large: for a bool fact")]
    [TestCase("{\"pain\": [\"easy_runs\", 2e999]}", "pain", 24, TestName = "Too large: inside an any of")]
    [TestCase("{\"$meta\": {\"a\": [1, 1e400]}, \"flag\": true}", "$meta", 21, TestName = "Too large: inside metadata")]
    [TestCase("{\"mystery\": 1e400, \"flag\": true}", "mystery", 13, TestName = "Too large: under an undeclared key")]
    public void A_number_too_large_for_a_double_is_invalid_JSON_at_the_number(string json, string key, int column)
    {
        var error = AssertOneError(json, "BPR301", 1, column, key);
        error.Message.Should().EndWith("is too large for a double");
    }

    // ---- Ranges ----

    [TestCase("{\"cadence\": 1700}", 13, "1700", TestName = "Out of range: above")]
    [TestCase("{\"cadence\": 99.5}", 13, "99.5", TestName = "Out of range: below")]
    [TestCase("{\"cadence\": -120}", 13, "-120", TestName = "Out of range: negative")]
    public void A_number_outside_the_declared_range_is_BPR304(string json, int column, string shown)
    {
        var error = AssertOneError(json, "BPR304", 1, column, "cadence");
        error.Message.Should().Contain(shown).And.Contain("100..240");
    }

    [TestCase("{\"cadence\": 100}")]
    [TestCase("{\"cadence\": 240}")]
    [TestCase("{\"cadence\": 1.5e2}")]
    [TestCase("{\"free\": -1e6}")]
    public void Numbers_inside_the_range_or_on_its_bounds_are_accepted(string json)
    {
        var read = Rules.ReadProfile(json, "runner.json");
        read.Diagnostics.Should().BeEmpty();
        read.Profile.Should().NotBeNull();
    }

    // ---- Enum values ----

    [TestCase("{\"workout\": \"sprint\"}", "workout", "sprint", TestName = "Undeclared value: one of")]
    [TestCase("{\"workout\": \"Easy\"}", "workout", "Easy", TestName = "Undeclared value: one of, wrong case")]
    [TestCase("{\"pain\": [\"easy_runs\", \"sprints\"]}", "pain", "sprints", TestName = "Undeclared value: any of item")]
    [TestCase("{\"pain\": [\"nope\"]}", "pain", "nope", TestName = "Undeclared value: first any of item")]
    public void An_undeclared_enum_value_is_BPR305_at_the_value(string json, string fact, string value)
    {
        var error = AssertOneError(json, "BPR305", 1, ColumnOf(json, $"\"{value}\""), fact);
        error.Message.Should().Contain(value);
    }

    // ---- Undeclared keys ----

    [Test]
    public void An_undeclared_key_is_a_BPR306_warning_carried_into_the_result()
    {
        var json = "{\"flag\": true, \"mystery\": 1}";
        var read = Rules.ReadProfile(json, "runner.json");
        read.Profile.Should().NotBeNull("a warning does not stop evaluation");
        var warning = read.Diagnostics.Should().ContainSingle().Subject;
        warning.Code.Should().Be("BPR306");
        warning.Severity.Should().Be(DiagnosticSeverity.Warning);
        warning.Location.Path.Should().Be("runner.json");
        (warning.Location.Start.Line, warning.Location.Start.Column).Should().Be((1, 16));
        warning.Message.Should().Contain("'mystery'");

        var result = Rules.Evaluate(read.Profile!);
        result.Warnings.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Code = "BPR306", warning.Message });
        Rules.Evaluate(json).Warnings.Should().ContainSingle().Which.Code.Should().Be("BPR306");
    }

    [Test]
    public void An_undeclared_key_close_to_a_fact_suggests_it()
    {
        var read = Rules.ReadProfile("{\"cadense\": 170}", "runner.json");
        read.Diagnostics.Should().ContainSingle().Which.Message.Should().Contain("'cadense'").And.Contain("'cadence'");
    }

    [Test]
    public void An_undeclared_key_is_a_BPR307_error_with_strict()
    {
        AssertOneError("{\"flag\": true, \"mystery\": 1}", "BPR307", 1, 16, "mystery", strict: true);
    }

    // ---- Not an object ----

    [TestCase("5", 1, TestName = "Not an object: a number")]
    [TestCase("[{\"flag\": true}]", 1, TestName = "Not an object: an array read as one profile")]
    [TestCase("  \"flag\"", 3, TestName = "Not an object: a string")]
    [TestCase("null", 1, TestName = "Not an object: null")]
    public void A_profile_that_is_not_an_object_is_BPR308(string json, int column)
    {
        AssertOneError(json, "BPR308", 1, column, fact: null);
    }

    // ---- Metadata, null, BOM ----

    [Test]
    public void Dollar_id_names_the_profile_and_other_dollar_keys_are_ignored()
    {
        var json = "{\"$comment\": \"x\", \"$id\": \"runner-17\", \"$meta\": {\"a\": [1, {\"b\": null}]}, \"$v\": 3, \"flag\": true}";
        foreach (var strict in new[] { false, true })
        {
            var read = Rules.ReadProfile(json, "runner.json", strict);
            read.Diagnostics.Should().BeEmpty();
            read.Name.Should().Be("runner-17");
            read.Profile!.Name.Should().Be("runner-17");
            Rules.Evaluate(read.Profile).Profile.Should().Be("runner-17");
        }
        Rules.Evaluate(json, "runner.json").ToJson().Should().StartWith("{\"profile\":\"runner-17\",");
    }

    [Test]
    public void Without_dollar_id_the_profile_is_named_by_its_path()
    {
        var read = Rules.ReadProfile("{\"flag\": true}", "people/runner.json");
        read.Name.Should().Be("people/runner.json");
        Rules.Evaluate(read.Profile!).Profile.Should().Be("people/runner.json");
    }

    [Test]
    public void Null_is_unknown_for_every_type()
    {
        var read = Rules.ReadProfile("{\"flag\": null, \"cadence\": null, \"free\": null, \"workout\": null, \"pain\": null}", "runner.json");
        read.Diagnostics.Should().BeEmpty();
        var result = Rules.Evaluate(read.Profile!);
        TestRules.Missing(result, "t").Should().Equal("cadence", "flag", "free", "pain", "workout");
    }

    [Test]
    public void Valid_values_of_every_type_are_read()
    {
        var result = Rules.Evaluate("{\"flag\": true, \"cadence\": 170.5, \"free\": 0.25, \"workout\": \"easy\", \"pain\": [\"long_runs\", \"easy_runs\"]}");
        result.Fired.Should().Equal("t");
        result = Rules.Evaluate("{\"flag\": true, \"cadence\": 170.5, \"free\": 0.25, \"workout\": \"easy\", \"pain\": []}");
        result.Fired.Should().BeEmpty();
        result.Undetermined.Should().BeEmpty();
    }

    [Test]
    public void A_byte_order_mark_is_accepted_and_not_counted_as_a_column()
    {
        var read = Rules.ReadProfile("\uFEFF{\"flag\": true}", "runner.json");
        read.Diagnostics.Should().BeEmpty();
        read.Profile.Should().NotBeNull();
        AssertOneError("\uFEFF{\"flag\": 1}", "BPR303", 1, 10, "flag");
    }

    [Test]
    public void A_byte_order_mark_in_a_file_is_accepted()
    {
        using var folder = new TempFolder();
        var bom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        var json = Path.Combine(folder.Path, "one.json");
        File.WriteAllText(json, "{\"flag\": true}", bom);
        var ndjson = Path.Combine(folder.Path, "many.ndjson");
        File.WriteAllText(ndjson, "{\"flag\": true}\n{\"flag\": false}\n", bom);
        File.ReadAllBytes(json).Take(3).Should().Equal(0xEF, 0xBB, 0xBF);

        var one = Rules.ReadProfiles(json).ToList();
        one.Should().ContainSingle().Which.Diagnostics.Should().BeEmpty();
        var many = Rules.ReadProfiles(ndjson).ToList();
        many.Select(r => r.HasErrors).Should().Equal(false, false);
    }

    // ---- Positions ----

    [TestCase("\n", TestName = "Multi-line positions with LF")]
    [TestCase("\r\n", TestName = "Multi-line positions with CRLF")]
    public void Multi_line_json_positions_are_correct(string eol)
    {
        string Lines(params string[] lines) => string.Join(eol, lines);
        AssertOneError(Lines("{", "  \"flag\": true,", "  \"cadence\": \"fast\"", "}"), "BPR303", 3, 14, "cadence");
        AssertOneError(Lines("{", "  \"flag\": true,", "", "    \"free\": NaN", "}"), "BPR301", 4, 13, fact: null);
        AssertOneError(Lines("{", "  \"flag\": true,", "  \"workout\": \"easy\",", "  \"flag\": false", "}"), "BPR302", 4, 3, "flag");
        AssertOneError(Lines("{", "  \"pain\": [", "    \"easy_runs\",", "    \"sprints\"", "  ]", "}"), "BPR305", 4, 5, "pain");
        AssertOneError(Lines("{", "  \"flag\": true", "}", "x"), "BPR301", 4, 1, fact: null);
        AssertOneError(Lines("{", "\t\"cadence\": 99", "}"), "BPR304", 2, 13, "cadence");
    }

    [Test]
    public void Non_ASCII_text_before_an_error_counts_UTF16_columns()
    {
        // 'ë' and 'é' are one UTF-16 unit (two UTF-8 bytes); '日' is one unit (three bytes); '🏃' is two units (four bytes).
        var wrongType = "{\"$id\": \"Zoë 🏃 日本\", \"flag\": 1}";
        AssertOneError(wrongType, "BPR303", 1, ColumnOf(wrongType, "1}"), "flag");
        AssertOneError(wrongType, "BPR303", 1, 30, "flag");

        var invalid = "{\"$id\": \"é🏃日本\", \"free\": NaN}";
        AssertOneError(invalid, "BPR301", 1, ColumnOf(invalid, "NaN"), fact: null);

        var secondLine = "{\"$id\": \"🏃🏃\",\n \"flag\": true, \"$note\": \"ü\", \"workout\": \"sprint\"}";
        AssertOneError(secondLine, "BPR305", 2, secondLine.Split('\n')[1].IndexOf("\"sprint\"", StringComparison.Ordinal) + 1, "workout");

        var key = "{\"$id\": \"日本\", \"nöpe\": 1, \"flag\": 2}";
        AssertOneError(key, "BPR303", 1, ColumnOf(key, "2}"), "flag");
        var warning = Rules.ReadProfile(key.Replace("2}", "true}"), "runner.json").Diagnostics.Should().ContainSingle().Subject;
        warning.Location.Start.Column.Should().Be(ColumnOf(key, "\"nöpe\""));
    }

    // ---- Batches ----

    [Test]
    public void An_ndjson_file_with_a_bad_line_still_evaluates_the_other_lines()
    {
        using var folder = new TempFolder();
        var path = folder.Write("club.ndjson", "{\"flag\": true}\n{\"flag\": \"yes\"}\n{\"flag\": false}\n{\"$id\": \"named\", \"free\": NaN}\n{\"$id\": \"last\", \"free\": 1}\n");
        var results = Rules.ReadProfiles(path).ToList();
        // A profile whose "$id" was read before the error is named by it, whatever the error.
        results.Select(r => r.Name).Should().Equal($"{path}:1", $"{path}:2", $"{path}:3", "named", "last");
        results.Select(r => r.HasErrors).Should().Equal(false, true, false, true, false);

        var bad = results[1].Diagnostics.Should().ContainSingle().Subject;
        bad.Code.Should().Be("BPR303");
        bad.Location.Path.Should().Be(path);
        (bad.Location.Start.Line, bad.Location.Start.Column).Should().Be((2, 10));
        bad.Message.Should().Contain("'flag'");

        var invalid = results[3].Diagnostics.Should().ContainSingle().Subject;
        invalid.Code.Should().Be("BPR301");
        invalid.ToString().Should().StartWith($"{path}:4:{ColumnOf("{\"$id\": \"named\", \"free\": NaN}", "NaN")}: error BPR301");

        var evaluated = results.Where(r => !r.HasErrors).Select(r => Rules.Evaluate(r.Profile!)).ToList();
        evaluated.Select(r => r.Profile).Should().Equal($"{path}:1", $"{path}:3", "last");
        TestRules.Missing(evaluated[0], "t").Should().Equal("cadence", "free", "pain", "workout");
    }

    [TestCase("club.ndjson", "\n")]
    [TestCase("club.jsonl", "\r\n")]
    public void Blank_lines_are_skipped_and_lines_keep_their_numbers(string file, string eol)
    {
        using var folder = new TempFolder();
        var path = folder.Write(file, string.Join(eol, "{\"flag\": true}", "", "   ", "{\"flag\": false}", "", "{\"flag\": 3}", ""));
        var results = Rules.ReadProfiles(path).ToList();
        results.Select(r => r.Name).Should().Equal($"{path}:1", $"{path}:4", $"{path}:6");
        results[2].Diagnostics.Should().ContainSingle().Which.Location.Start.Should().Be(new BackPainRules.Text.LinePosition(6, 10));
    }

    [Test]
    public void Ndjson_from_a_reader_is_named_by_the_given_name_and_line()
    {
        var results = Rules.ReadNdjson(new StringReader("{\"flag\": true}\n\n{\"flag\": 1}\n"), "-").ToList();
        results.Select(r => r.Name).Should().Equal("-:1", "-:3");
        results[1].Diagnostics.Should().ContainSingle().Which.ToString().Should().StartWith("-:3:10: error BPR303");
    }

    [Test]
    public void A_strict_batch_rejects_only_the_lines_with_undeclared_keys()
    {
        using var folder = new TempFolder();
        var path = folder.Write("club.ndjson", "{\"flag\": true}\n{\"flag\": true, \"mystery\": 1}\n");
        var lenient = Rules.ReadProfiles(path).ToList();
        lenient.Select(r => r.HasErrors).Should().Equal(false, false);
        Rules.Evaluate(lenient[1].Profile!).Warnings.Should().ContainSingle().Which.Code.Should().Be("BPR306");

        var strict = Rules.ReadProfiles(path, strict: true).ToList();
        strict.Select(r => r.HasErrors).Should().Equal(false, true);
        strict[1].Diagnostics.Should().ContainSingle().Which.ToString().Should().StartWith($"{path}:2:16: error BPR307");
    }

    [Test]
    public void A_json_array_names_items_by_index_and_a_bad_item_does_not_stop_the_others()
    {
        using var folder = new TempFolder();
        var text = string.Join("\n",
            "[",
            "  {\"flag\": true},",
            "  {\"flag\": \"x\"},",
            "  5,",
            "  {\"pain\": [\"nope\", \"long_runs\"], \"flag\": true},",
            "  {\"flag\": true, \"flag\": {\"x\": [1, {\"y\": 2}]}, \"free\": 1},",
            "  {\"$id\": \"last\", \"flag\": false}",
            "]");
        var path = folder.Write("club.json", text);
        var results = Rules.ReadProfiles(path).ToList();
        results.Select(r => r.Name).Should().Equal($"{path}[0]", $"{path}[1]", $"{path}[2]", $"{path}[3]", $"{path}[4]", "last");
        results.Select(r => r.HasErrors).Should().Equal(false, true, true, true, true, false);

        void Expect(int item, string code, int line, int column)
        {
            var d = results[item].Diagnostics.Should().ContainSingle().Subject;
            d.Code.Should().Be(code);
            d.Location.Path.Should().Be(path);
            (d.Location.Start.Line, d.Location.Start.Column).Should().Be((line, column), d.ToString());
        }
        Expect(1, "BPR303", 3, 12);
        Expect(2, "BPR308", 4, 3);
        Expect(3, "BPR305", 5, 13);
        Expect(4, "BPR302", 6, 18);

        Rules.Evaluate(results[0].Profile!).Profile.Should().Be($"{path}[0]");
        Rules.Evaluate(results[5].Profile!).Profile.Should().Be("last");
    }

    [Test]
    public void Invalid_json_in_one_array_item_does_not_stop_the_other_items()
    {
        // SPEC §5: invalid JSON (NaN included) is a bad profile, and "Nothing is evaluated from a profile with
        // errors; the other profiles of a batch still are." One bad item must not lose the good items before
        // and after it.
        using var folder = new TempFolder();
        var path = folder.Write("club.json", "[\n  {\"flag\": true},\n  {\"free\": NaN},\n  {\"flag\": false}\n]\n");
        var results = Rules.ReadProfiles(path).ToList();
        results.Select(r => r.Name).Should().Equal($"{path}[0]", $"{path}[1]", $"{path}[2]");
        results.Select(r => r.HasErrors).Should().Equal(false, true, false);
        // Line 3 is `  {"free": NaN},`: the N is in column 12.
        results[1].Diagnostics.Should().ContainSingle().Which.ToString().Should().StartWith($"{path}:3:12: error BPR301: ");
    }

    [Test]
    public void An_empty_json_array_has_no_profiles()
    {
        using var folder = new TempFolder();
        Rules.ReadProfiles(folder.Write("none.json", "[ ]")).Should().BeEmpty();
    }

    [Test]
    public void A_single_object_file_is_named_by_its_path()
    {
        using var folder = new TempFolder();
        var path = folder.Write("runner.json", "{\n  \"flag\": true\n}\n");
        var result = Rules.ReadProfiles(path).Should().ContainSingle().Subject;
        result.Name.Should().Be(path);
        result.Diagnostics.Should().BeEmpty();
        Rules.Evaluate(result.Profile!).Profile.Should().Be(path);
    }

    [Test]
    public void A_bad_single_object_file_reports_the_file_line_and_column()
    {
        using var folder = new TempFolder();
        var path = folder.Write("runner.json", "{\n  \"flag\": true,\n  \"cadence\": 1700\n}\n");
        var result = Rules.ReadProfiles(path).Should().ContainSingle().Subject;
        result.Name.Should().Be(path);
        result.Diagnostics.Should().ContainSingle().Which.ToString().Should().StartWith($"{path}:3:14: error BPR304: ").And.Contain("'cadence'");
    }

    [Test]
    public void A_missing_file_is_BPR300_with_the_path()
    {
        using var folder = new TempFolder();
        foreach (var name in new[] { "missing.json", "missing.ndjson", Path.Combine("no-folder", "x.json") })
        {
            var path = Path.Combine(folder.Path, name);
            var result = Rules.ReadProfiles(path).Should().ContainSingle().Subject;
            result.HasErrors.Should().BeTrue();
            var d = result.Diagnostics.Should().ContainSingle().Subject;
            d.Code.Should().Be("BPR300");
            d.IsError.Should().BeTrue();
            d.Location.Path.Should().Be(path);
            d.ToString().Should().StartWith($"{path}:1:1: error BPR300: ");
        }
    }

    [Test]
    public void A_folder_given_as_a_profile_file_is_BPR300_with_the_path()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "sub.json");
        Directory.CreateDirectory(path);
        var d = Rules.ReadProfiles(path).Should().ContainSingle().Subject.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be("BPR300");
        d.Location.Path.Should().Be(path);
    }
}
