using BackPainRules.Compilation;

namespace BackPainRules.Tests.Evaluation;

/// <summary>SPEC §4: Kleene logic, comparisons, division by zero, <c>known</c>, enum tests and arithmetic.</summary>
public class ThreeValuedLogicTests
{
    private const string BoolFacts = """
        fact a: bool
        fact b: bool
        recommendation r
        """;

    /// <summary>
    /// Every JSON profile that gives <paramref name="a"/> and <paramref name="b"/> the values named
    /// ("true", "false" or "unknown"); an unknown value is written both as <c>null</c> and as an absent key.
    /// </summary>
    private static IEnumerable<string> Profiles(string a, string? b = null)
    {
        foreach (var pa in Entries("a", a))
        {
            foreach (var pb in b is null ? new[] { (string?)null } : Entries("b", b))
            {
                var entries = new[] { pa, pb }.Where(e => e is not null);
                yield return "{" + string.Join(", ", entries) + "}";
            }
        }

        static IEnumerable<string?> Entries(string name, string value) => value switch
        {
            "true" => new[] { $"\"{name}\": true" },
            "false" => new[] { $"\"{name}\": false" },
            "unknown" => new[] { $"\"{name}\": null", null },
            _ => throw new ArgumentException(value),
        };
    }

    private static void AssertOutcome(CompiledRuleSet rules, IEnumerable<string> profiles, string expected)
    {
        foreach (var profile in profiles)
        {
            var result = rules.Evaluate(profile);
            TestRules.Outcome(result, "t").Should().Be(expected, $"profile {profile}");
        }
    }

    [TestCase("true", "true", "true")]
    [TestCase("true", "false", "false")]
    [TestCase("true", "unknown", "unknown")]
    [TestCase("false", "true", "false")]
    [TestCase("false", "false", "false")]
    [TestCase("false", "unknown", "false")]
    [TestCase("unknown", "true", "unknown")]
    [TestCase("unknown", "false", "false")]
    [TestCase("unknown", "unknown", "unknown")]
    public void And_follows_Kleene(string a, string b, string expected)
    {
        var rules = TestRules.Compile(BoolFacts + "\nrule t: if a and b then recommend r\n");
        AssertOutcome(rules, Profiles(a, b), expected);
    }

    [TestCase("true", "true", "true")]
    [TestCase("true", "false", "true")]
    [TestCase("true", "unknown", "true")]
    [TestCase("false", "true", "true")]
    [TestCase("false", "false", "false")]
    [TestCase("false", "unknown", "unknown")]
    [TestCase("unknown", "true", "true")]
    [TestCase("unknown", "false", "unknown")]
    [TestCase("unknown", "unknown", "unknown")]
    public void Or_follows_Kleene(string a, string b, string expected)
    {
        var rules = TestRules.Compile(BoolFacts + "\nrule t: if a or b then recommend r\n");
        AssertOutcome(rules, Profiles(a, b), expected);
    }

    [TestCase("true", "false")]
    [TestCase("false", "true")]
    [TestCase("unknown", "unknown")]
    public void Not_follows_Kleene(string a, string expected)
    {
        var rules = TestRules.Compile(BoolFacts + "\nrule t: if not a then recommend r\nrule u: if b then recommend r\n");
        AssertOutcome(rules, Profiles(a), expected);
    }

    [Test]
    public void Null_and_absent_are_both_unknown_and_list_the_fact_as_missing()
    {
        var rules = TestRules.Compile(BoolFacts + "\nrule t: if a then recommend r\nrule u: if b then recommend r\n");
        foreach (var profile in new[] { "{\"a\": null}", "{}" })
        {
            var result = rules.Evaluate(profile);
            TestRules.Missing(result, "t").Should().Equal("a");
            result.Fired.Should().BeEmpty();
        }
    }

    [Test]
    public void Literals_true_and_false_are_known()
    {
        var rules = TestRules.Compile(BoolFacts + """

            rule t: if true then recommend r
            rule f: if false and a then recommend r
            rule u: if false or b then recommend r
            """);
        var result = rules.Evaluate("{}");
        TestRules.Outcome(result, "t").Should().Be("true");
        TestRules.Outcome(result, "f").Should().Be("false");
        TestRules.Outcome(result, "u").Should().Be("unknown");
        TestRules.Missing(result, "u").Should().Equal("b");
    }

    // ---- Comparisons ----

    private const string NumberFacts = """
        fact x: number
        fact y: number
        recommendation r
        """;

    [TestCase("<", 1, 2, "true")]
    [TestCase("<", 2, 2, "false")]
    [TestCase("<=", 2, 2, "true")]
    [TestCase("<=", 3, 2, "false")]
    [TestCase(">", 3, 2, "true")]
    [TestCase(">", 2, 2, "false")]
    [TestCase(">=", 2, 2, "true")]
    [TestCase(">=", 1, 2, "false")]
    [TestCase("=", 2.5, 2.5, "true")]
    [TestCase("=", 2, 2.5, "false")]
    [TestCase("!=", 2, 2.5, "true")]
    [TestCase("!=", 2, 2, "false")]
    public void Comparisons_of_known_numbers(string op, double x, double y, string expected)
    {
        var rules = TestRules.Compile(NumberFacts + $"\nrule t: if x {op} y then recommend r\n");
        var json = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{{\"x\": {x}, \"y\": {y}}}");
        TestRules.Outcome(rules.Evaluate(json), "t").Should().Be(expected);
    }

    [TestCase("<")]
    [TestCase("<=")]
    [TestCase(">")]
    [TestCase(">=")]
    [TestCase("=")]
    [TestCase("!=")]
    public void A_comparison_with_an_unknown_operand_is_unknown(string op)
    {
        var rules = TestRules.Compile(NumberFacts + $"\nrule t: if x {op} y then recommend r\nrule n: if not (x {op} y) then recommend r\n");
        foreach (var profile in new[] { "{\"x\": 1}", "{\"y\": 1}", "{\"x\": null, \"y\": 1}", "{}" })
        {
            var result = rules.Evaluate(profile);
            TestRules.Outcome(result, "t").Should().Be("unknown", profile);
            TestRules.Outcome(result, "n").Should().Be("unknown", profile);
        }
    }

    [Test]
    public void A_comparison_with_a_literal_and_an_unknown_fact_is_unknown()
    {
        var rules = TestRules.Compile(NumberFacts + "\nrule t: if x > 0 then recommend r\nrule u: if y < 1 then recommend r\n");
        var result = rules.Evaluate("{\"y\": 0}");
        TestRules.Outcome(result, "t").Should().Be("unknown");
        TestRules.Missing(result, "t").Should().Equal("x");
        TestRules.Outcome(result, "u").Should().Be("true");
    }

    // ---- Division by zero ----

    [Test]
    public void Division_by_zero_is_unknown_and_adds_no_missing_fact()
    {
        var rules = TestRules.Compile(NumberFacts + "\nrule t: if x / y > 1 then recommend r\nrule n: if not (x / y > 1) then recommend r\n");
        var result = rules.Evaluate("{\"x\": 5, \"y\": 0}");
        result.Fired.Should().BeEmpty();
        result.Undetermined.Should().HaveCount(2);
        TestRules.Missing(result, "t").Should().BeEmpty();
        TestRules.Missing(result, "n").Should().BeEmpty();
        result.ToJson().Should().Contain("{\"rule\":\"t\",\"missing\":[]}");
    }

    [Test]
    public void Division_by_a_zero_literal_is_unknown_with_nothing_missing()
    {
        var rules = TestRules.Compile(NumberFacts + "\nrule t: if x / 0 = 1 or y > 1 then recommend r\n");
        var result = rules.Evaluate("{\"x\": 5, \"y\": 0}");
        TestRules.Outcome(result, "t").Should().Be("unknown");
        TestRules.Missing(result, "t").Should().BeEmpty();
    }

    [Test]
    public void Division_by_zero_next_to_an_unknown_fact_lists_only_that_fact()
    {
        var rules = TestRules.Compile(BoolFacts + "\n" + NumberFacts.Replace("recommendation r", "") + "\nrule t: if x / y > 1 or a then recommend r\n");
        var result = rules.Evaluate("{\"x\": 5, \"y\": 0}");
        TestRules.Missing(result, "t").Should().Equal("a");
        result = rules.Evaluate("{\"x\": 5, \"y\": 0, \"a\": true}");
        TestRules.Outcome(result, "t").Should().Be("true", "true or unknown is true");
        result = rules.Evaluate("{\"x\": 5, \"y\": 0, \"a\": false}");
        TestRules.Outcome(result, "t").Should().Be("unknown");
        TestRules.Missing(result, "t").Should().BeEmpty();
    }

    [Test]
    public void Division_by_a_non_zero_number_is_known()
    {
        var rules = TestRules.Compile(NumberFacts + "\nrule t: if x / y = 2.5 then recommend r\n");
        TestRules.Outcome(rules.Evaluate("{\"x\": 5, \"y\": 2}"), "t").Should().Be("true");
        TestRules.Outcome(rules.Evaluate("{\"x\": 5, \"y\": -2}"), "t").Should().Be("false");
    }

    // ---- known ----

    [TestCase("{\"a\": true}", "true")]
    [TestCase("{\"a\": false}", "true")]
    [TestCase("{\"a\": null}", "false")]
    [TestCase("{}", "false")]
    public void Known_of_a_given_bool_fact_is_never_unknown(string profile, string expected)
    {
        var rules = TestRules.Compile(BoolFacts + "\nrule t: if known a then recommend r\nrule n: if not known a then recommend r\nrule u: if b then recommend r\n");
        var result = rules.Evaluate(profile);
        TestRules.Outcome(result, "t").Should().Be(expected);
        TestRules.Outcome(result, "n").Should().Be(expected == "true" ? "false" : "true");
    }

    [TestCase("{\"x\": 0}", "true")]
    [TestCase("{\"x\": -3.5}", "true")]
    [TestCase("{\"x\": null}", "false")]
    [TestCase("{}", "false")]
    public void Known_of_a_number_fact_is_never_unknown(string profile, string expected)
    {
        var rules = TestRules.Compile(NumberFacts + "\nrule t: if known x then recommend r\nrule u: if y > 0 then recommend r\n");
        TestRules.Outcome(rules.Evaluate(profile), "t").Should().Be(expected);
    }

    [TestCase("{\"w\": \"easy\", \"p\": []}", "true", "true")]
    [TestCase("{\"w\": null, \"p\": null}", "false", "false")]
    [TestCase("{}", "false", "false")]
    public void Known_of_enum_facts_is_never_unknown(string profile, string expectedW, string expectedP)
    {
        var rules = TestRules.Compile("""
            fact w: one of easy, tempo
            fact p: any of e, s
            recommendation r
            rule tw: if known w then recommend r
            rule tp: if known p then recommend r
            """);
        var result = rules.Evaluate(profile);
        TestRules.Outcome(result, "tw").Should().Be(expectedW);
        TestRules.Outcome(result, "tp").Should().Be(expectedP);
    }

    [TestCase("{\"a\": true}", "true", TestName = "Known of a concluded fact derived true is true")]
    [TestCase("{\"a\": false}", "true", TestName = "Known of a concluded fact derived false is true")]
    [TestCase("{}", "false", TestName = "Known of a concluded fact left unknown is false")]
    public void Known_of_a_concluded_fact_reads_its_derived_value(string profile, string expected)
    {
        var rules = TestRules.Compile("""
            fact a: bool
            fact c: bool
            recommendation r
            rule derive: if a then conclude c
            rule t: if known c then recommend r
            """);
        var result = rules.Evaluate(profile);
        TestRules.Outcome(result, "t").Should().Be(expected);
    }

    // ---- is, is not, in, has, has not ----

    private const string EnumFacts = """
        fact w: one of easy, tempo, intervals
        fact p: any of e, s, l
        recommendation r
        """;

    [TestCase("w is tempo", "\"tempo\"", "true")]
    [TestCase("w is tempo", "\"easy\"", "false")]
    [TestCase("w is tempo", "null", "unknown")]
    [TestCase("w is not tempo", "\"tempo\"", "false")]
    [TestCase("w is not tempo", "\"easy\"", "true")]
    [TestCase("w is not tempo", "null", "unknown")]
    [TestCase("w in (tempo, intervals)", "\"intervals\"", "true")]
    [TestCase("w in (tempo, intervals)", "\"tempo\"", "true")]
    [TestCase("w in (tempo, intervals)", "\"easy\"", "false")]
    [TestCase("w in (tempo, intervals)", "null", "unknown")]
    [TestCase("not w in (tempo, intervals)", "\"easy\"", "true")]
    [TestCase("not w in (tempo, intervals)", "null", "unknown")]
    public void One_of_tests(string condition, string value, string expected)
    {
        var rules = TestRules.Compile(EnumFacts + $"\nrule t: if {condition} then recommend r\nrule u: if p has e then recommend r\n");
        TestRules.Outcome(rules.Evaluate($"{{\"w\": {value}}}"), "t").Should().Be(expected);
        if (value == "null")
        {
            var result = rules.Evaluate("{}");
            TestRules.Outcome(result, "t").Should().Be(expected, "an absent value is unknown too");
            TestRules.Missing(result, "t").Should().Equal("w");
        }
    }

    [TestCase("p has s", "[\"s\", \"l\"]", "true")]
    [TestCase("p has s", "[\"s\"]", "true")]
    [TestCase("p has s", "[\"e\"]", "false")]
    [TestCase("p has s", "[]", "false")]
    [TestCase("p has s", "null", "unknown")]
    [TestCase("p has not s", "[\"s\"]", "false")]
    [TestCase("p has not s", "[\"e\", \"l\"]", "true")]
    [TestCase("p has not s", "[]", "true")]
    [TestCase("p has not s", "null", "unknown")]
    public void Any_of_tests(string condition, string value, string expected)
    {
        var rules = TestRules.Compile(EnumFacts + $"\nrule t: if {condition} then recommend r\nrule u: if w is easy then recommend r\n");
        TestRules.Outcome(rules.Evaluate($"{{\"p\": {value}}}"), "t").Should().Be(expected);
        if (value == "null")
        {
            var result = rules.Evaluate("{}");
            TestRules.Outcome(result, "t").Should().Be(expected, "an absent value is unknown too");
            TestRules.Missing(result, "t").Should().Equal("p");
        }
    }

    // ---- Arithmetic ----

    [TestCase(120, 100, "true")]
    [TestCase(111, 100, "true")]
    [TestCase(110, 100, "false")]
    [TestCase(105, 100, "false")]
    public void Weekly_increase_over_ten_percent(double weekly, double lastWeek, string expected)
    {
        var rules = TestRules.Compile("""
            fact weekly_km: number 0..300
            fact last_week_km: number 0..300
            recommendation slow_down
            rule too_fast: if weekly_km > last_week_km * 1.1 then recommend slow_down
            """);
        var json = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{{\"weekly_km\": {weekly}, \"last_week_km\": {lastWeek}}}");
        TestRules.Outcome(rules.Evaluate(json), "too_fast").Should().Be(expected);
    }

    [TestCase("weekly_km >= last_week_km * 1.1", 110, 100, TestName = "Decimal arithmetic: exactly ten percent more is >= 1.1 times")]
    [TestCase("weekly_km = last_week_km * 1.1", 110, 100, TestName = "Decimal arithmetic: 100 * 1.1 = 110")]
    [TestCase("weekly_km + last_week_km = 0.3", 0.1, 0.2, TestName = "Decimal arithmetic: 0.1 + 0.2 = 0.3")]
    public void Decimal_arithmetic_gives_the_results_a_clinician_expects(string condition, double weekly, double lastWeek)
    {
        // SPEC §1 reads numbers as decimal literals and §3 gives 'weekly_km > last_week_km * 1.1' as the
        // model comparison; where the SPEC is silent it asks for what a clinician would expect. Binary
        // floating point makes 100 * 1.1 = 110.00000000000001, so "110 km is at least 10% more than 100 km" is false.
        var rules = TestRules.Compile($"""
            fact weekly_km: number 0..300
            fact last_week_km: number 0..300
            recommendation slow_down
            rule too_fast: if {condition} then recommend slow_down
            """);
        var json = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{{\"weekly_km\": {weekly}, \"last_week_km\": {lastWeek}}}");
        TestRules.Outcome(rules.Evaluate(json), "too_fast").Should().Be("true");
    }

    [Test]
    public void Weekly_increase_with_an_unknown_last_week_is_unknown()
    {
        var rules = TestRules.Compile("""
            fact weekly_km: number 0..300
            fact last_week_km: number 0..300
            recommendation slow_down
            rule too_fast: if weekly_km > last_week_km * 1.1 then recommend slow_down
            """);
        var result = rules.Evaluate("{\"weekly_km\": 50}");
        TestRules.Outcome(result, "too_fast").Should().Be("unknown");
        TestRules.Missing(result, "too_fast").Should().Equal("last_week_km");
    }

    [TestCase(2, 4, "true")]
    [TestCase(3, 3, "true")]
    [TestCase(2, 3, "false")]
    [TestCase(-1, 6, "false")]
    public void Average_of_two_facts(double x, double y, string expected)
    {
        var rules = TestRules.Compile(NumberFacts + "\nrule t: if (x + y) / 2 >= 3 then recommend r\n");
        var json = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{{\"x\": {x}, \"y\": {y}}}");
        TestRules.Outcome(rules.Evaluate(json), "t").Should().Be(expected);
    }

    [TestCase("-x < -5", 6, "true")]
    [TestCase("-x < -5", 4, "false")]
    [TestCase("-(x - 10) = 3", 7, "true")]
    [TestCase("-(x - 10) = 3", 13, "false")]
    [TestCase("- -x = 4", 4, "true")]
    [TestCase("x * -2 = -8", 4, "true")]
    [TestCase("-x * 2 = -8", 4, "true")]
    public void Unary_minus(string condition, double x, string expected)
    {
        var rules = TestRules.Compile(NumberFacts + $"\nrule t: if {condition} then recommend r\nrule u: if y > 0 then recommend r\n");
        var json = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{{\"x\": {x}}}");
        TestRules.Outcome(rules.Evaluate(json), "t").Should().Be(expected);
    }

    [Test]
    public void Unary_minus_of_an_unknown_fact_is_unknown()
    {
        var rules = TestRules.Compile(NumberFacts + "\nrule t: if -x < 0 then recommend r\nrule u: if y > 0 then recommend r\n");
        var result = rules.Evaluate("{}");
        TestRules.Outcome(result, "t").Should().Be("unknown");
        TestRules.Missing(result, "t").Should().Equal("x");
    }

    [TestCase("x + y * 2 = 7", 1, 3, "true", TestName = "Multiplication binds tighter than addition")]
    [TestCase("x - y - 1 = 0", 5, 4, "true", TestName = "Subtraction is left associative")]
    [TestCase("x / y / 2 = 1", 8, 4, "true", TestName = "Division is left associative")]
    [TestCase("(x + 1) * y = 8", 3, 2, "true", TestName = "A parenthesised expression before an operator is arithmetic")]
    [TestCase("(x + 1) > y", 3, 4, "false", TestName = "A parenthesised expression before a comparison is arithmetic")]
    [TestCase("12.5 < x", 12.75, 1, "true", TestName = "Decimal literals are read invariantly")]
    public void Arithmetic(string condition, double x, double y, string expected)
    {
        var rules = TestRules.Compile(NumberFacts + $"\nrule t: if {condition} then recommend r\n");
        var json = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{{\"x\": {x}, \"y\": {y}}}");
        TestRules.Outcome(rules.Evaluate(json), "t").Should().Be(expected);
    }
}
