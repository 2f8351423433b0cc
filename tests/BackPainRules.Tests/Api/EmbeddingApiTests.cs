using System.Text;
using BackPainRules.Evaluation;
using BackPainRules.Profiles;
using BackPainRules.Syntax;
using Newtonsoft.Json.Linq;

namespace BackPainRules.Tests.Api;

/// <summary>The library as a .NET host uses it: loading, compiling, and every <c>Evaluate</c> overload.</summary>
public class EmbeddingApiTests
{
    private const string RulesText = """
        fact flag: bool
        fact cadence: number 100..240
        fact ratio: number
        fact workout: one of easy, tempo, intervals
        fact pain: any of easy_runs, speed_workouts, long_runs
        fact other: bool
        fact c: bool
        recommendation drill "Cadence drill" priority high
        recommendation rest priority urgent
        recommendation stretch
        rule slow: if flag and cadence < 160 then recommend drill and conclude c
        rule fraction: if ratio * 2 > 1.5 and workout is tempo then recommend stretch
        rule sore: if pain has long_runs and not pain has easy_runs then recommend rest
        rule unknown_other: if other or c then recommend stretch
        """;

    private static readonly string Json =
        "{\"$id\": \"host-1\", \"flag\": true, \"cadence\": 150, \"ratio\": 0.875, \"workout\": \"tempo\", \"pain\": [\"long_runs\", \"speed_workouts\"], \"other\": null}";

    private static IReadOnlyDictionary<string, object?> Dictionary => new Dictionary<string, object?>
    {
        ["$id"] = "host-1",
        ["flag"] = true,
        ["cadence"] = 150,
        ["ratio"] = 0.875,
        ["workout"] = "tempo",
        ["pain"] = new[] { "long_runs", "speed_workouts" },
        ["other"] = null,
    };

    [Test]
    public void Every_evaluate_overload_gives_the_same_result()
    {
        var rules = TestRules.Compile(RulesText, "host.rules");
        var fromString = rules.Evaluate(Json);
        var fromStream = rules.Evaluate(new MemoryStream(Encoding.UTF8.GetBytes(Json)));
        var fromJObject = rules.Evaluate(JObject.Parse(Json));
        var fromDictionary = rules.Evaluate(Dictionary);
        var fromProfile = rules.Evaluate(rules.ReadProfile(Json).Profile!);

        fromString.Profile.Should().Be("host-1");
        fromString.Recommendations.Select(r => r.Id).Should().Equal("rest", "drill", "stretch");
        fromString.Recommendations.Select(r => r.Priority).Should().Equal(Priority.Urgent, Priority.High, Priority.Normal);
        fromString.Recommendations.Single(r => r.Id == "stretch").Rules.Should().Equal("fraction", "unknown_other");
        fromString.Concluded.Should().Equal("c");
        fromString.Fired.Should().Equal("slow", "fraction", "sore", "unknown_other");
        fromString.Undetermined.Should().BeEmpty();
        fromString.Warnings.Should().BeEmpty();

        var expected = fromString.ToJson();
        foreach (var other in new[] { fromStream, fromJObject, fromDictionary, fromProfile })
        {
            other.ToJson().Should().Be(expected);
            other.Should().BeEquivalentTo(fromString, o => o.WithStrictOrdering());
        }
    }

    [Test]
    public void Every_evaluate_overload_treats_null_and_absent_values_as_unknown()
    {
        var rules = TestRules.Compile(RulesText, "host.rules");
        var json = "{\"flag\": true, \"cadence\": null}";
        var dictionary = new Dictionary<string, object?> { ["flag"] = true, ["cadence"] = null };
        var results = new[]
        {
            rules.Evaluate(json),
            rules.Evaluate(new MemoryStream(Encoding.UTF8.GetBytes(json))),
            rules.Evaluate(JObject.Parse(json)),
            rules.Evaluate(dictionary),
        };
        foreach (var result in results)
        {
            result.Profile.Should().Be("profile", "the default name of an unnamed profile");
            TestRules.Missing(result, "slow").Should().Equal("cadence");
            TestRules.Missing(result, "unknown_other").Should().Equal("cadence", "other");
            result.ToJson().Should().Be(results[0].ToJson());
        }
    }

    [Test]
    public void A_dictionary_accepts_the_usual_dotnet_value_types()
    {
        var rules = TestRules.Compile(RulesText, "host.rules");
        var expected = rules.Evaluate("{\"flag\": true, \"cadence\": 150, \"ratio\": 1, \"workout\": \"tempo\", \"pain\": [\"long_runs\"]}").ToJson();
        var variants = new[]
        {
            new Dictionary<string, object?> { ["flag"] = true, ["cadence"] = 150L, ["ratio"] = 1.0, ["workout"] = "tempo", ["pain"] = new List<string> { "long_runs" } },
            new Dictionary<string, object?> { ["flag"] = true, ["cadence"] = 150.0, ["ratio"] = 1m, ["workout"] = "tempo", ["pain"] = new[] { "long_runs" } },
            new Dictionary<string, object?> { ["flag"] = true, ["cadence"] = (short)150, ["ratio"] = 1f, ["workout"] = "tempo", ["pain"] = new[] { "long_runs" }.AsEnumerable() },
        };
        foreach (var dictionary in variants)
        {
            rules.Evaluate(dictionary).ToJson().Should().Be(expected);
        }
    }

    [Test]
    public void Evaluate_from_a_stream_leaves_it_open_and_accepts_a_BOM()
    {
        var rules = TestRules.Compile(RulesText, "host.rules");
        var bytes = new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(Json)).ToArray();
        using var stream = new MemoryStream(bytes);
        rules.Evaluate(stream).ToJson().Should().Be(rules.Evaluate(Json).ToJson());
        stream.CanRead.Should().BeTrue("the caller owns the stream");
    }

    [Test]
    public void A_bad_profile_throws_ProfileException_with_file_line_and_column()
    {
        var rules = TestRules.Compile(RulesText, "host.rules");
        var json = "{\n  \"flag\": true,\n  \"cadence\": 1700\n}";

        var fromString = FluentActions.Invoking(() => rules.Evaluate(json, "runner.json")).Should().Throw<ProfileException>().Which;
        fromString.Message.Should().Contain("runner.json:3:14").And.Contain("BPR304").And.Contain("'cadence'");
        fromString.Diagnostics.Should().ContainSingle().Which.Code.Should().Be("BPR304");

        var fromStream = FluentActions.Invoking(() => rules.Evaluate(new MemoryStream(Encoding.UTF8.GetBytes(json)), "runner.json"))
            .Should().Throw<ProfileException>().Which;
        fromStream.Message.Should().Contain("runner.json:3:14");

        var fromJObject = FluentActions.Invoking(() => rules.Evaluate(new JObject { ["cadence"] = 1700 }, "host-object"))
            .Should().Throw<ProfileException>().Which;
        fromJObject.Message.Should().MatchRegex(@"host-object:1:\d+: error BPR304").And.Contain("'cadence'");

        var fromDictionary = FluentActions.Invoking(() => rules.Evaluate(new Dictionary<string, object?> { ["workout"] = "sprint" }, "host-dict"))
            .Should().Throw<ProfileException>().Which;
        fromDictionary.Message.Should().MatchRegex(@"host-dict:1:\d+: error BPR305").And.Contain("'workout'");
        fromDictionary.Diagnostics.Should().ContainSingle().Which.Code.Should().Be("BPR305");
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity)]
    public void A_non_finite_double_in_a_dictionary_throws_ProfileException(double value)
    {
        var rules = TestRules.Compile(RulesText, "host.rules");
        var thrown = FluentActions.Invoking(() => rules.Evaluate(new Dictionary<string, object?> { ["ratio"] = value }, "host-dict"))
            .Should().Throw<ProfileException>().Which;
        thrown.Diagnostics.Should().ContainSingle().Which.IsError.Should().BeTrue();
        thrown.Message.Should().MatchRegex(@"^host-dict:1:\d+: error BPR30\d: ");
    }

    [Test]
    public void Invalid_json_throws_ProfileException_with_the_position()
    {
        var rules = TestRules.Compile(RulesText, "host.rules");
        var thrown = FluentActions.Invoking(() => rules.Evaluate("{\"flag\": true,\n \"ratio\": NaN}", "p.json"))
            .Should().Throw<ProfileException>().Which;
        thrown.Message.Should().Contain("p.json:2:11").And.Contain("BPR301");
    }

    [Test]
    public void A_profile_read_by_another_rule_set_is_not_silently_misread()
    {
        // SPEC is silent on the API; a .NET developer would expect Evaluate(Profile) either to refuse a profile
        // read against a different rule set (ArgumentException) or to match its values by fact name. Matching by
        // slot alone would read 'flag' as 'other' (or throw IndexOutOfRangeException).
        var a = TestRules.Compile("fact flag: bool\nfact other: bool\nrecommendation r\nrule t: if flag or other then recommend r\n", "a.rules");
        var b = TestRules.Compile("fact other: bool\nfact flag: bool\nrecommendation r\nrule t: if flag then recommend r\nrule u: if other then recommend r\n", "b.rules");
        var c = TestRules.Compile("fact flag: bool\nfact x: number\nfact y: number\nrecommendation r\nrule t: if flag and x > y then recommend r\n", "c.rules");
        var profile = a.ReadProfile("{\"flag\": true}").Profile!;
        foreach (var other in new[] { b, c })
        {
            string? json = null;
            Exception? error = null;
            try { json = other.Evaluate(profile).ToJson(); }
            catch (Exception e) { error = e; }
            if (error is not null) error.Should().BeAssignableTo<ArgumentException>();
            else json.Should().Be(other.Evaluate("{\"flag\": true}").ToJson());
        }
    }

    [Test]
    public void Warnings_alone_do_not_throw()
    {
        var rules = TestRules.Compile(RulesText, "host.rules");
        var result = rules.Evaluate(new Dictionary<string, object?> { ["flag"] = true, ["not_a_fact"] = 3 });
        result.Warnings.Should().ContainSingle().Which.Code.Should().Be("BPR306");
    }

    [Test]
    public void FromText_with_bad_text_returns_diagnostics_and_does_not_throw()
    {
        var texts = new[]
        {
            "fact : bool\nif then recommend\n",
            "rule r: if undeclared_fact then recommend nothing\n",
            "fact a: bool\nfact a: number\n",
            "\"unterminated\nfact b: bool (((",
            "if " + new string('(', 200) + "a" + new string(')', 200) + " then recommend x\nfact a: bool\nrecommendation x\n",
            "",
        };
        foreach (var text in texts)
        {
            RuleSet? ruleSet = null;
            FluentActions.Invoking(() => ruleSet = RuleSet.FromText(text, "bad.rules")).Should().NotThrow();
            if (text.Length == 0)
            {
                ruleSet!.HasErrors.Should().BeFalse("an empty rule set is valid");
                continue;
            }
            ruleSet!.HasErrors.Should().BeTrue(text);
            ruleSet.Diagnostics.Should().Contain(d => d.IsError && d.Location.Path == "bad.rules");
            ruleSet.Diagnostics.Should().OnlyContain(d => d.Code.StartsWith("BPR"));
        }
    }

    [Test]
    public void A_very_long_arithmetic_chain_is_not_a_crash()
    {
        // SPEC §1: "never a crash". A flat sum of 20 000 terms parses as a left-deep tree; binding it once
        // recursed per term and overflowed the stack. It is bound as a flat chain now, so the file checks
        // clean. It runs in a child process (the real 'rules check') because a stack overflow cannot be caught.
        using var folder = new TempFolder();
        var sum = string.Join(" +\n", Enumerable.Repeat("x", 20_000)) /* one term a line: lines have a length limit */;
        var path = folder.Write("long.rules", $"fact x: number\nrecommendation r\nrule t: if {sum} > 1 then recommend r\n");
        var result = RulesProcess.Run(folder.Path, "check", path);
        result.Stderr.Should().NotContain("Stack overflow");
        result.ExitCode.Should().Be(0, result.Stdout.Length > 500 ? result.Stdout[..500] : result.Stdout);
    }

    [Test]
    public void A_long_arithmetic_chain_of_2000_terms_compiles_and_evaluates()
    {
        var sum = string.Join(" + ", Enumerable.Repeat("x", 2_000));
        var rules = TestRules.Compile($"fact x: number\nrecommendation r\nrule t: if {sum} > 1999 then recommend r\n");
        rules.Evaluate("{\"x\": 1}").Fired.Should().Equal("t");
        rules.Evaluate("{\"x\": 0.5}").Fired.Should().BeEmpty();
        rules.Evaluate("{}").Undetermined.Single().Missing.Should().Equal("x");
    }

    [Test]
    public void Compile_on_a_rule_set_with_errors_throws_InvalidOperationException()
    {
        var ruleSet = RuleSet.FromText("rule r: if nope then recommend nothing\n", "bad.rules");
        ruleSet.HasErrors.Should().BeTrue();
        FluentActions.Invoking(() => ruleSet.Compile()).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => ruleSet.Compile()).Should().Throw<InvalidOperationException>("it keeps refusing");
    }

    [Test]
    public void Compile_returns_the_same_instance_each_time()
    {
        var ruleSet = RuleSet.FromText(RulesText, "host.rules");
        ruleSet.Compile().Should().BeSameAs(ruleSet.Compile());
    }

    [Test]
    public void A_rule_set_with_only_warnings_compiles()
    {
        var ruleSet = RuleSet.FromText("fact unused: bool\nfact a: bool\nrecommendation x\nrule r: if a then recommend x\n", "warn.rules");
        ruleSet.Diagnostics.Should().NotBeEmpty().And.OnlyContain(d => !d.IsError);
        ruleSet.HasErrors.Should().BeFalse();
        ruleSet.Compile().Evaluate("{\"a\": true}").Fired.Should().Equal("r");
    }

    // ---- The built-in rule set ----

    [Test]
    public void Built_in_rule_set_has_no_diagnostics_and_matches_the_example_file()
    {
        RuleSet.BuiltIn.Diagnostics.Should().BeEmpty();
        RuleSet.BuiltIn.HasErrors.Should().BeFalse();
        var fromFile = RuleSet.Load(Path.Combine(Repo.Examples, "lower-back-pain.rules"));
        fromFile.Diagnostics.Should().BeEmpty();
        fromFile.Model.Rules.Select(r => r.Id).Should().Equal(RuleSet.BuiltIn.Model.Rules.Select(r => r.Id));
    }

    /// <summary>Every red-flag question of the built-in set answered "no", with pain getting better and 3 weeks old.</summary>
    internal const string ScreenedJson =
        "\"bladder_bowel_changes\": false, \"saddle_numbness\": false, \"sexual_dysfunction\": false, \"both_legs_numb_or_weak\": false, " +
        "\"leg_weakness_worsening\": false, \"pregnant\": false, \"pain_after_fall\": false, \"osteoporosis_or_steroids\": false, " +
        "\"low_energy_or_missed_periods\": false, \"young_with_extension_pain\": false, \"history_of_cancer\": false, " +
        "\"weight_loss_unexplained\": false, \"night_pain\": false, \"thoracic_pain\": false, \"fever\": false, \"infection_risk\": false, " +
        "\"weeks_of_pain\": 3, \"pain_trend\": \"better\"";

    [Test]
    public void Built_in_rule_set_sends_saddle_numbness_to_emergency_care_first()
    {
        var result = RuleSet.BuiltIn.Compile().Evaluate("{\"saddle_numbness\": true}");
        result.Recommendations.Should().NotBeEmpty();
        var first = result.Recommendations[0];
        first.Id.Should().Be("seek_emergency_care");
        first.Priority.Should().Be(Priority.Urgent);
        first.Text.Should().Be("Go to an emergency department today: these signs can mean the nerves at the base of the spine are being squeezed, and hours matter");
        first.Rules.Should().Equal("cauda_equina_signs");
        result.Avoid.Select(a => a.Id).Should().Equal("running_until_cleared", "static_stretch_before_run");
        result.Recommendations.Select(r => r.Id).Should().NotContain("continue_training");
    }

    [TestCase("bladder_bowel_changes", "cauda_equina_signs", "seek_emergency_care")]
    [TestCase("saddle_numbness", "cauda_equina_signs", "seek_emergency_care")]
    [TestCase("sexual_dysfunction", "cauda_equina_signs", "seek_emergency_care")]
    [TestCase("both_legs_numb_or_weak", "cauda_equina_signs", "seek_emergency_care")]
    [TestCase("leg_weakness_worsening", "cauda_equina_signs", "seek_emergency_care")]
    [TestCase("pain_after_fall", "fracture_signs", "see_physician_today")]
    [TestCase("osteoporosis_or_steroids", "fracture_signs", "see_physician_today")]
    [TestCase("low_energy_or_missed_periods", "bone_stress_signs", "see_physician_today")]
    [TestCase("young_with_extension_pain", "bone_stress_signs", "see_physician_today")]
    [TestCase("history_of_cancer", "cancer_signs", "see_physician_today")]
    [TestCase("weight_loss_unexplained", "cancer_signs", "see_physician_today")]
    [TestCase("night_pain", "cancer_signs", "see_physician_today")]
    [TestCase("thoracic_pain", "cancer_signs", "see_physician_today")]
    [TestCase("fever", "infection_signs", "see_physician_today")]
    [TestCase("infection_risk", "infection_signs", "see_physician_today")]
    public void Each_built_in_red_flag_alone_gives_an_urgent_referral(string fact, string rule, string referral)
    {
        RuleSet.BuiltIn.Compile().FindFact(fact).Should().NotBeNull();
        foreach (var json in new[] { $"{{\"{fact}\": true}}", $"{{\"{fact}\": true, \"pain_score\": 0, \"pain_settles_within_24h\": true}}" })
        {
            var result = RuleSet.BuiltIn.Compile().Evaluate(json);
            // Urgent referral first, and nothing but referral.
            result.Recommendations.Should().NotBeEmpty();
            result.Recommendations[0].Priority.Should().Be(Priority.Urgent);
            result.Recommendations.Should().ContainEquivalentOf(new
            {
                Id = referral,
                Priority = Priority.Urgent,
                Rules = new[] { rule },
            });
            result.Recommendations.Should().ContainSingle();
            result.Fired.Should().Contain(rule);
            result.Concluded.Should().Contain("red_flag");
            result.Avoid.Select(a => a.Id).Should().Contain("running_until_cleared");
            result.Withheld.Select(w => w.Id).Should().Contain("dynamic_warmup");
        }
    }

    [Test]
    public void Built_in_inflammatory_score_is_also_a_red_flag_with_a_routine_referral()
    {
        var result = RuleSet.BuiltIn.Compile().Evaluate(
            "{\"age_at_onset\": 30, \"weeks_of_pain\": 20, \"morning_stiffness_minutes\": 45, \"wakes_second_half_of_night\": true}");
        result.Recommendations[0].Id.Should().Be("see_physician");
        result.Recommendations[0].Priority.Should().Be(Priority.High);
        result.Recommendations[0].Rules.Should().Equal("inflammatory_signs");
        result.Concluded.Should().Contain("red_flag").And.Contain("routine_referral");
    }

    [Test]
    public void Built_in_healthy_runner_keeps_training_without_a_physician()
    {
        var result = RuleSet.BuiltIn.Compile().Evaluate(
            "{" + ScreenedJson + ", \"pain_score\": 0, \"pain_settles_within_24h\": true, \"returning_from_back_strain\": false}");
        result.Recommendations.Select(r => r.Id).Should().Contain("continue_training").And.NotContain("see_physician").And.NotContain("see_physician_today");
        result.Concluded.Should().NotContain("red_flag");
        result.Withheld.Should().BeEmpty();
    }

    [Test]
    public void Built_in_static_stretching_is_always_avoided()
    {
        RuleSet.BuiltIn.Compile().Evaluate("{}").Avoid.Should().ContainSingle()
            .Which.Should().BeEquivalentTo(new { Id = "static_stretch_before_run", Rules = new[] { "no_static_stretch_before_run" } });
    }
}
