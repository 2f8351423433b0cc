using System.Collections.Immutable;
using BackPainRules.Diagnostics;
using BackPainRules.Loading;
using BackPainRules.Semantics;
using static BackPainRules.Tests.Support.SyntaxHelpers;

namespace BackPainRules.Tests.Semantics;

/// <summary>
/// Every diagnostic of the rules language (BPR0xx syntax, BPR1xx meaning, BPR2xx warnings): the smallest
/// text that triggers it, and the nearest correct text, which does not.
/// </summary>
public class CheckerTests
{
    private const string Base = "fact a: bool\nrecommendation r\n";

    private static ImmutableArray<Diagnostic> Check(string text) => RuleSet.FromText(text, "t.rules").Diagnostics;

    /// <summary>The one diagnostic with <paramref name="code"/>, asserted to be the only one with that code.</summary>
    private static Diagnostic Only(ImmutableArray<Diagnostic> diagnostics, string code) =>
        diagnostics.Where(d => d.Code == code).Should().ContainSingle("exactly one {0} in {1}", code, string.Join(" | ", diagnostics)).Subject;

    // ================================================================ one positive and one negative case per code

    /// <summary>
    /// A case: a rule set (text of t.rules, or files in a folder with main.rules as the root), the diagnostic it
    /// must produce, and the nearest correct rule set, which must be free of that code (and of any diagnostic).
    /// </summary>
    public sealed record Case(
        string Code,
        DiagnosticSeverity Severity,
        string Positive,
        string At,
        string MessagePart,
        string Negative,
        Dictionary<string, string>? PositiveFiles = null,
        Dictionary<string, string>? NegativeFiles = null,
        string? PositivePath = null)
    {
        public override string ToString() => Code;
    }

    private static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

    private static string Values(int n) => string.Join(", ", Enumerable.Range(0, n).Select(i => $"v{i}"));

    public static IEnumerable<Case> Cases()
    {
        var E = DiagnosticSeverity.Error;
        var W = DiagnosticSeverity.Warning;

        // ---- BPR0xx: syntax
        yield return new("BPR001", E, Base + "if a then recommend r\n$", "4:1", "unexpected character '$'",
            Base + "if a then recommend r\n# $");
        yield return new("BPR002", E, Base + "if a then recommend r because \"tight", "3:31", "unterminated string",
            Base + "if a then recommend r because \"tight\"");
        yield return new("BPR003", E, Base + "if a then recommend r because \"a\\tb\"", "3:33", "invalid escape '\\t'",
            Base + "if a then recommend r because \"a\\\\tb\"");
        yield return new("BPR004", E, Base + "rule Tilt: if a then recommend r", "3:6", "'Tilt' is not a valid name",
            Base + "rule tilt: if a then recommend r");
        yield return new("BPR005", E, Base + "if a recommend r", "3:6", "expected 'then', found 'recommend'",
            Base + "if a then recommend r");
        yield return new("BPR006", E, Base + "if " + new string('(', 101) + "a" + new string(')', 101) + " then recommend r", "3:104",
            "condition is nested more than 100 levels deep",
            Base + "if " + new string('(', 100) + "a" + new string(')', 100) + " then recommend r");
        yield return new("BPR007", E, "fact n: number\nrecommendation r\nif n > " + new string('9', 400) + " then recommend r", "3:8", "is too large",
            "fact n: number\nrecommendation r\nif n > " + new string('9', 300) + " then recommend r");
        yield return new("BPR008", E, "# " + new string('x', 16 * 1024 * 1024), "1:1", "the limit is 16,777,216, so it was not read",
            "# " + new string('x', 9_000));
        yield return new("BPR009", E, Base + "if a then recommend r # " + new string('x', 10_000), "3:10001", "the limit is 10,000",
            Base + "if a then recommend r # " + new string('x', 9_000));

        // ---- BPR1xx: names and types
        yield return new("BPR101", E, Base + "if a and b then recommend r", "3:10", "fact 'b' is not declared",
            Base + "if a then recommend r");
        yield return new("BPR102", E, "fact w: one of easy, tempo\nrecommendation r\nif w is hard then recommend r", "3:9", "'hard' is not a value of 'w'",
            "fact w: one of easy, tempo\nrecommendation r\nif w is easy then recommend r");
        yield return new("BPR103", E, "fact a: bool\nfact a: bool\nrecommendation r\nif a then recommend r", "2:6", "'a' is already declared at t.rules:1:6",
            "fact a: bool\nfact b: bool\nrecommendation r\nif a and b then recommend r");
        yield return new("BPR104", E, Base + "rule x: if a then recommend r\nrule x: if not a then recommend r", "4:6", "rule id 'x' is already used at t.rules:3:6",
            Base + "rule x: if a then recommend r\nrule y: if not a then recommend r");
        yield return new("BPR105", E, "fact w: one of easy, easy\nrecommendation r\nif w is easy then recommend r", "1:22", "'easy' is listed twice in 'w'",
            "fact w: one of easy, hard\nrecommendation r\nif w is easy then recommend r");
        yield return new("BPR106", E, Base + "if a then recommend a", "3:21", "'a' is a fact, but a recommendation is expected here",
            Base + "if a then recommend r");
        yield return new("BPR107", E, "fact n: number\nrecommendation r\nif n then recommend r", "3:4", "'n' is a number fact, not a condition",
            "fact n: number\nrecommendation r\nif n > 1 then recommend r");
        yield return new("BPR108", E, "fact n: number 10..5\nrecommendation r\nif n > 1 then recommend r", "1:16", "range 10..5 is empty",
            "fact n: number 5..10\nrecommendation r\nif n > 1 then recommend r");
        yield return new("BPR109", E, $"fact w: one of {Values(65)}\nrecommendation r\nif w is v0 then recommend r", "1:9", "'w' has more than 64 values",
            $"fact w: one of {Values(64)}\nrecommendation r\nif w is v0 then recommend r");
        yield return new("BPR110", E, Base + "if a then recommend r\nif a then conclude a", "4:20", "conclusion cycle: a -> a",
            Base + "fact b: bool\nif a then recommend r\nif b then conclude a");
        yield return new("BPR111", E, Base + "if a then recommend r and avoid r", "3:33", "rule 't:3' both recommends and avoids 'r'",
            Base + "recommendation s\nif a then recommend r and avoid s");
        yield return new("BPR112", E, "fact n: number 0..10\nrecommendation r\nrule x: if n > 1 then recommend r\ntest \"t\": given n = 11", "4:21",
            "11 is outside the range 0..10 of 'n'",
            "fact n: number 0..10\nrecommendation r\nrule x: if n > 1 then recommend r\ntest \"t\": given n = 10");

        // ---- BPR12x: imports (files in a folder; main.rules is the root)
        const string vocab = "fact a: bool\nrecommendation r\n";
        const string useIt = "if a then recommend r\n";
        yield return new("BPR120", E, "", "1:1", "imported file 'missing.rules' does not exist", "",
            PositiveFiles: new() { ["main.rules"] = "import \"missing.rules\"\n" + Base + useIt },
            NegativeFiles: new() { ["main.rules"] = "import \"vocab.rules\"\n" + useIt, ["vocab.rules"] = vocab });
        yield return new("BPR121", E, "", "1:1", "import '../vocab.rules' reaches outside the rule set's folder", "",
            PositiveFiles: new() { ["sub/main.rules"] = "import \"../vocab.rules\"\n" + Base + useIt, ["vocab.rules"] = vocab },
            NegativeFiles: new() { ["main.rules"] = "import \"sub/vocab.rules\"\n" + useIt, ["sub/vocab.rules"] = vocab },
            PositivePath: "sub/main.rules");
        yield return new("BPR122", E, "", "1:1", "import cycle: main.rules -> vocab.rules -> main.rules", "",
            PositiveFiles: new() { ["main.rules"] = "import \"vocab.rules\"\n" + useIt, ["vocab.rules"] = "import \"main.rules\"\n" + vocab },
            NegativeFiles: new() { ["main.rules"] = "import \"vocab.rules\"\n" + useIt, ["vocab.rules"] = vocab },
            PositivePath: "vocab.rules");
        // BPR123 (unreadable import) needs a file system that fails to read: see Import_that_cannot_be_read.

        // ---- BPR13x: actions and tests (SPEC §7, §8)
        yield return new("BPR130", E, Base + "if a then recommend r, r", "3:24", "'r' is listed twice in one 'recommend'",
            Base + "recommendation s\nif a then recommend r, s");
        yield return new("BPR131", E, Base + "fact c: bool\nrule from_a: if a then conclude c\nif c then recommend r\ntest \"t\": given a, c", "6:20",
            "'c' is concluded by rule 'from_a', so a test cannot give it; give the facts it is concluded from instead",
            Base + "fact c: bool\nrule from_a: if a then conclude c\nif c then recommend r\ntest \"t\": given a");
        yield return new("BPR132", E, "fact n: number 0..10\nrecommendation r\nrule x: if n > 1 then recommend r\ntest \"t\": given n = 1, n = 2", "4:24",
            "'n' is already given at t.rules:4:17; a test gives each fact once",
            "fact n: number 0..10\nrecommendation r\nrule x: if n > 1 then recommend r\ntest \"t\": given n = 2");

        // ---- BPR2xx: warnings
        yield return new("BPR201", W, "fact a: bool\nfact b: bool\nrecommendation r\nif a then recommend r", "2:6", "fact 'b' is never used by a rule",
            "fact a: bool\nfact b: bool\nrecommendation r\nif a then recommend r and conclude b");
        yield return new("BPR202", W, Base + "recommendation s\nif a then recommend r", "3:16", "recommendation 's' is never recommended or avoided by a rule",
            Base + "recommendation s\nif a then recommend r\nif not a then avoid s");
        yield return new("BPR203", W, Base + "if a and not a then recommend r", "3:4", "this condition can never be true: 'a' and 'not a'",
            Base + "if a or not a then recommend r");
    }

    private static ImmutableArray<Diagnostic> Run(string text, Dictionary<string, string>? files, out string path, string? rootPath = null)
    {
        if (files is null)
        {
            path = "t.rules";
            return Check(text);
        }
        using var folder = new TempFolder();
        foreach (var (name, content) in files) folder.Write(name, content);
        var root = Path.Combine(folder.Path, "main.rules");
        if (!files.ContainsKey("main.rules")) root = Path.Combine(folder.Path, files.Keys.First(k => k.EndsWith("main.rules")));
        path = Path.Combine(folder.Path, rootPath ?? Path.GetRelativePath(folder.Path, root));
        return RuleSet.Load(root).Diagnostics;
    }

    [TestCaseSource(nameof(Cases))]
    public void Positive(Case c)
    {
        var diagnostics = Run(c.Positive, c.PositiveFiles, out var path, c.PositivePath);

        var d = Only(diagnostics, c.Code);
        d.Severity.Should().Be(c.Severity);
        d.At().Should().Be(c.At);
        d.Message.Should().Contain(c.MessagePart);
        d.Location.Path.Should().Be(path);
        d.ToString().Should().Be($"{path}:{c.At}: {(c.Severity == DiagnosticSeverity.Error ? "error" : "warning")} {c.Code}: {d.Message}");
    }

    [TestCaseSource(nameof(Cases))]
    public void Negative(Case c)
    {
        var diagnostics = Run(c.Negative, c.NegativeFiles, out _);

        diagnostics.Should().NotContain(d => d.Code == c.Code);
        diagnostics.Should().BeEmpty("the nearest correct text is clean");
    }

    [Test]
    public void Every_rule_set_code_of_the_catalogue_has_a_case()
    {
        var covered = Cases().Select(c => c.Code).Append("BPR123").ToHashSet();
        var catalogue = DiagnosticCatalogue.All.Select(d => d.Code)
            .Where(c => c.StartsWith("BPR0") || c.StartsWith("BPR1") || c.StartsWith("BPR2"));

        covered.Should().BeEquivalentTo(catalogue);
    }

    [Test]
    public void Catalogue_severities_match_the_cases()
    {
        foreach (var c in Cases())
        {
            DiagnosticCatalogue.All.Single(d => d.Code == c.Code).Severity.Should().Be(c.Severity, c.Code);
        }
    }

    // ================================================================ listed twice (SPEC §7, §8)

    [TestCase("avoid r, r", 20, "avoid", TestName = "An item listed twice in one avoid")]
    [TestCase("conclude c, c", 23, "conclude", TestName = "A fact listed twice in one conclude")]
    [TestCase("recommend r, s, r", 27, "recommend", TestName = "An item listed twice in one recommend, not side by side")]
    public void A_name_listed_twice_in_one_action_is_BPR130_at_the_second(string action, int column, string keyword)
    {
        var diagnostics = Check(Base + "fact c: bool\nrecommendation s\nif a then " + action + "\nif c then recommend s");
        var d = Only(diagnostics, "BPR130");
        d.At().Should().Be($"5:{column}");
        d.Message.Should().Be($"'{action.Split(' ')[1].TrimEnd(',')}' is listed twice in one '{keyword}'");
    }

    [Test]
    public void The_same_name_in_two_actions_of_one_rule_is_not_listed_twice()
    {
        Check(Base + "if a then recommend r and recommend r").Should().NotContain(d => d.Code == "BPR130");
    }

    [Test]
    public void An_any_of_fact_may_be_given_several_values_but_not_one_value_twice()
    {
        const string rules = "fact p: any of x, y\nrecommendation r\nrule t: if p has x then recommend r\n";
        Check(rules + "test \"ok\": given p has x, p has y").Should().BeEmpty();
        var d = Only(Check(rules + "test \"twice\": given p has x, p has x"), "BPR132");
        d.At().Should().Be("4:30");
        d.Message.Should().Be("'p' is already given at t.rules:4:21; a test gives each fact once");
    }

    [Test]
    public void A_bool_fact_given_both_ways_is_given_twice()
    {
        var d = Only(Check(Base + "rule t: if a then recommend r\ntest \"both\":\n  given a\n  given not a"), "BPR132");
        d.At().Should().Be("6:9");
    }

    // ================================================================ undeclared names (SPEC §8)

    [Test]
    public void Undeclared_fact_with_did_you_mean()
    {
        var d = Only(Check("fact tight_quads: bool\nrecommendation r\nif tight_quad then recommend r"), "BPR101");

        d.At().Should().Be("3:4");
        d.Message.Should().Be("fact 'tight_quad' is not declared; did you mean 'tight_quads'?");
        d.Suggestion.Should().Be("tight_quads");
    }

    [Test]
    public void Undeclared_recommendation_with_did_you_mean()
    {
        var d = Only(Check(Base + "recommendation cadence_drill\nif a then recommend r, cadense_drill"), "BPR101");

        d.At().Should().Be("4:24");
        d.Message.Should().Be("recommendation 'cadense_drill' is not declared; did you mean 'cadence_drill'?");
        d.Suggestion.Should().Be("cadence_drill");
    }

    [Test]
    public void Did_you_mean_for_a_swapped_pair_of_letters()
    {
        var d = Only(Check("fact pregnant: bool\nrecommendation r\nif pregnnat then recommend r"), "BPR101");

        d.Suggestion.Should().Be("pregnant");
    }

    [Test]
    public void Undeclared_enum_value_with_did_you_mean()
    {
        var d = Only(Check("fact w: one of easy, tempo\nrecommendation r\nif w is tempp then recommend r"), "BPR102");

        d.Message.Should().Be("'tempp' is not a value of 'w'; did you mean 'tempo'?");
        d.Suggestion.Should().Be("tempo");
    }

    [Test]
    public void Undeclared_enum_value_far_from_any_lists_the_values()
    {
        var d = Only(Check("fact w: one of easy, tempo\nrecommendation r\nif w in (easy, marathon) then recommend r"), "BPR102");

        d.At().Should().Be("3:16");
        d.Message.Should().Be("'marathon' is not a value of 'w' (values: easy, tempo)");
        d.Suggestion.Should().BeNull();
    }

    [Test]
    public void No_suggestion_for_a_far_name()
    {
        var d = Only(Check("fact tight_quads: bool\nrecommendation r\nif tight_quads or zebra_stripes then recommend r"), "BPR101");

        d.At().Should().Be("3:19");
        d.Message.Should().Be("fact 'zebra_stripes' is not declared");
        d.Suggestion.Should().BeNull();
    }

    [Test]
    public void Every_use_of_an_undeclared_name_is_reported()
    {
        var diagnostics = Check(Base + "if a and b then recommend r\nif b then recommend s\ntest \"t\": given b expect fires q");

        diagnostics.Where(d => d.Code == "BPR101").Select(d => d.At()).Should().Equal("3:10", "4:4", "4:21", "5:17", "5:32");
    }

    [Test]
    public void Names_may_be_used_before_they_are_declared()
    {
        Check("if a then recommend r\nrecommendation r\nfact a: bool").Should().BeEmpty();
    }

    // ================================================================ duplicates

    [TestCase("fact x: bool\nrecommendation x", "2:16")]
    [TestCase("recommendation x\nfact x: bool", "2:6")]
    [TestCase("fact x: bool\nrule x: if x then recommend r\nrecommendation r", "2:6")]
    [TestCase("recommendation x\nrule x: if a then recommend x\nfact a: bool", "2:6")]
    [TestCase("rule x: if a then recommend r\nrecommendation x\nfact a: bool\nrecommendation r", "2:16")]
    public void One_namespace_for_facts_recommendations_and_rules(string text, string at)
    {
        var d = Only(Check(text), "BPR103");

        d.At().Should().Be(at);
        d.Message.Should().StartWith("'x' is already declared at t.rules:1:");
    }

    [Test]
    public void Enum_values_belong_to_their_fact()
    {
        Check("fact w: one of easy, hard\nfact v: one of easy, hard\nfact easy: bool\nrecommendation r\nif w is easy and v is hard and easy then recommend r")
            .Should().BeEmpty();
    }

    [Test]
    public void Duplicate_named_rules()
    {
        var diagnostics = Check(Base + "rule x: if a then recommend r\nrule x: if a then avoid r\nrule x: if not a then recommend r");

        diagnostics.Where(d => d.Code == "BPR104").Select(d => (d.At(), d.Message)).Should().Equal(
            ("4:6", "rule id 'x' is already used at t.rules:3:6"),
            ("5:6", "rule id 'x' is already used at t.rules:3:6"));
        diagnostics.Should().NotContain(d => d.Code == "BPR103");
    }

    [Test]
    public void Two_unnamed_rules_on_one_line_share_an_id()
    {
        // SPEC §3: an unnamed rule is FILESTEM:LINE, and two rules with one id are an error.
        var d = Only(Check(Base + "if a then recommend r if not a then avoid r"), "BPR104");

        d.At().Should().Be("3:23");
        d.Message.Should().Be("rule id 't:3' is already used at t.rules:3:1");
    }

    [Test]
    public void Unnamed_rule_ids_are_filestem_and_line_of_their_if()
    {
        var ruleSet = RuleSet.FromText(Base + "\nrule named: if a then recommend r\nif a\n  then recommend r\n\n   if not a then avoid r", "lower-back-pain.rules");

        ruleSet.Diagnostics.Should().BeEmpty();
        ruleSet.Model.Rules.Select(r => r.Id).Should().Equal("named", "lower-back-pain:5", "lower-back-pain:8");
    }

    // ================================================================ type errors

    [TestCase("if n then recommend r", "3:4", "'n' is a number fact, not a condition; compare it, as in 'n > 10'")]
    [TestCase("if a is p then recommend r", "3:4", "'is' needs a 'one of' fact, but 'a' is a bool fact")]
    [TestCase("if n is p then recommend r", "3:4", "'is' needs a 'one of' fact, but 'n' is a number fact")]
    [TestCase("if s is p then recommend r", "3:4", "use 'has' for an 'any of' fact")]
    [TestCase("if w is not p then recommend r", "-", "")]
    [TestCase("if s in (p, q) then recommend r", "3:4", "'in' needs a 'one of' fact")]
    [TestCase("if w has p then recommend r", "3:4", "use 'is' or 'in' for a 'one of' fact")]
    [TestCase("if w has not p then recommend r", "3:4", "use 'is' or 'in' for a 'one of' fact")]
    [TestCase("if a has p then recommend r", "3:4", "but 'a' is a bool fact")]
    [TestCase("if a then conclude n", "3:20", "'n' is a number fact; only bool facts can be concluded")]
    [TestCase("if a then conclude w", "3:20", "only bool facts can be concluded")]
    [TestCase("if n + a > 1 then recommend r", "3:8", "'a' is a bool fact and cannot be used in arithmetic or comparisons")]
    [TestCase("if a > 1 then recommend r", "3:4", "'a' is a bool fact and cannot be used in arithmetic or comparisons")]
    [TestCase("if w * 2 > 1 then recommend r", "3:4", "cannot be used in arithmetic or comparisons")]
    [TestCase("if w then recommend r", "3:4", "not a condition; test its value, as in 'w is p'")]
    [TestCase("if s then recommend r", "3:4", "not a condition; test its values, as in 's has p'")]
    public void Type_errors(string rule, string at, string message)
    {
        // The rule is on line 3 so that positions are easy to read.
        var diagnostics = Check("fact a: bool\nrecommendation r\n" + rule + "\nfact n: number\nfact w: one of p, q\nfact s: any of p, q\n");

        if (at == "-")
        {
            diagnostics.Should().NotContain(d => d.Code == "BPR107");
            return;
        }
        var d = Only(diagnostics, "BPR107");
        d.Severity.Should().Be(DiagnosticSeverity.Error);
        d.At().Should().Be(at);
        d.Message.Should().Contain(message);
    }

    [Test]
    public void Well_typed_rule_over_every_kind_of_fact_is_clean()
    {
        Check("""
            fact a: bool
            fact n: number 0..100
            fact m: number
            fact w: one of p, q
            fact s: any of p, q
            fact c: bool
            recommendation r
            if a and n * 2 + m / 3 >= -1 and w is p and w is not q and w in (p, q) and s has p and s has not q and known m
              then recommend r and conclude c
            """).Should().BeEmpty();
    }

    [Test]
    public void Type_errors_in_tests()
    {
        var diagnostics = Check("""
            fact n: number 0..10
            fact w: one of a, b
            fact x: bool
            recommendation r
            rule k: if x and n > 1 and w is a then recommend r
            test "t": given n is a, w = 3, x has a, not n
              expect conclude n
              expect fires r
              expect recommend x
            """);

        diagnostics.Select(d => (d.Code, d.At())).Should().Equal(
            ("BPR107", "6:17"),
            ("BPR107", "6:25"),
            ("BPR107", "6:32"),
            ("BPR107", "6:41"),
            ("BPR107", "7:19"),
            ("BPR106", "8:16"),
            ("BPR106", "9:20"));
        diagnostics[0].Message.Should().Be("'n is VALUE' does not fit 'n', a number fact; write 'n = NUMBER'");
        diagnostics[4].Message.Should().Be("'n' is a number fact; only bool facts are concluded");
        diagnostics[5].Message.Should().Be("'r' is a recommendation, but a rule is expected here");
    }

    [Test]
    public void Given_value_of_an_undeclared_enum_value_in_a_test()
    {
        var d = Only(Check("fact w: one of easy, tempo\nrecommendation r\nrule k: if w is easy then recommend r\ntest \"t\": given w is tempp"), "BPR102");

        d.At().Should().Be("4:22");
        d.Suggestion.Should().Be("tempo");
    }

    [Test]
    public void A_fact_used_with_the_wrong_type_is_not_also_reported_as_unused()
    {
        // The type error is the problem; "fact 'n' is never used by a rule" is false: a rule uses it.
        var diagnostics = Check("fact n: number\nrecommendation r\nif n then recommend r");

        diagnostics.Select(d => d.Code).Should().Equal("BPR107");
    }

    [Test]
    public void Too_large_number_in_a_range_gives_no_made_up_range_error()
    {
        // The overflowing bound becomes 0 and the checker then reports "range 1..0 is empty", a range nobody wrote.
        var diagnostics = Check("fact n: number 1.." + new string('9', 400) + "\nrecommendation r\nif n > 1 then recommend r");

        diagnostics.Select(d => d.Code).Should().Equal("BPR007");
    }

    // ================================================================ conclusion cycles (SPEC §4)

    [Test]
    public void Direct_cycle()
    {
        var d = Only(Check(Base + "if a then recommend r\nif a then conclude a"), "BPR110");

        d.At().Should().Be("4:20");
        d.Message.Should().Be("conclusion cycle: a -> a");
    }

    [Test]
    public void Cycle_through_known()
    {
        var d = Only(Check(Base + "fact b: bool\nif known a then recommend r and conclude a"), "BPR110");

        d.At().Should().Be("4:42");
        d.Message.Should().Be("conclusion cycle: a -> a");
    }

    [Test]
    public void Cycle_through_two_facts_and_known()
    {
        var d = Only(Check("fact c: bool\nfact d: bool\nrecommendation r\nif d then conclude c\nif known c then conclude d\nif c then recommend r"), "BPR110");

        d.Message.Should().Be("conclusion cycle: c -> d -> c");
        d.At().Should().Be("5:26");
    }

    [Test]
    public void Cycle_through_three_facts()
    {
        var diagnostics = Check("""
            fact a: bool
            fact b: bool
            fact c: bool
            fact d: bool
            recommendation r
            rule ra: if c then conclude a
            rule rb: if a then conclude b
            rule rc: if b and d then conclude c and recommend r
            """);

        var d = Only(diagnostics, "BPR110");
        d.Message.Should().Be("conclusion cycle: a -> c -> b -> a");
        d.At().Should().Be("7:29");
        diagnostics.Should().ContainSingle();
    }

    [Test]
    public void A_chain_of_conclusions_is_no_cycle()
    {
        Check("""
            fact a: bool
            fact b: bool
            fact c: bool
            fact d: bool
            recommendation r
            if d then conclude c
            if c and known d then conclude b
            if b or c then conclude a
            if a and b then recommend r
            """).Should().BeEmpty();
    }

    [Test]
    public void A_rule_reading_a_fact_it_does_not_conclude_is_no_cycle()
    {
        // 'a' is read by the rule that concludes 'b', and 'b' by a rule that only recommends.
        Check(Base + "fact b: bool\nif a then conclude b\nif b and a then recommend r").Should().BeEmpty();
    }

    // ================================================================ imports (SPEC §1)

    [Test]
    public void Imported_declarations_are_usable()
    {
        using var folder = new TempFolder();
        folder.Write("vocab.rules", "fact tight_quads: bool \"Tight quads\"\nrecommendation stretch\n");
        var main = folder.Write("main.rules", "import \"vocab.rules\"\nif tight_quads then recommend stretch\n");

        var ruleSet = RuleSet.Load(main);

        ruleSet.Diagnostics.Should().BeEmpty();
        ruleSet.Model.Facts.Single().Description.Should().Be("Tight quads");
    }

    [Test]
    public void Imports_are_relative_to_the_importing_file()
    {
        using var folder = new TempFolder();
        folder.Write("lib/facts.rules", "fact a: bool\n");
        folder.Write("lib/recs.rules", "import \"facts.rules\"\nrecommendation r\n");
        var main = folder.Write("main.rules", "import \"lib/recs.rules\"\nif a then recommend r\n");

        RuleSet.Load(main).Diagnostics.Should().BeEmpty();
    }

    [Test]
    public void Missing_import_is_an_error_at_the_import_line()
    {
        using var folder = new TempFolder();
        var main = folder.Write("main.rules", Base + "if a then recommend r\n\n  import \"nothere.rules\"\n");

        var d = RuleSet.Load(main).Diagnostics.Should().ContainSingle().Subject;

        d.Code.Should().Be("BPR120");
        d.At().Should().Be("5:3");
        d.Message.Should().Be("imported file 'nothere.rules' does not exist");
    }

    [TestCase("../outside.rules")]
    [TestCase("sub/../../outside.rules")]
    public void Import_escaping_the_folder_is_an_error(string import)
    {
        using var folder = new TempFolder();
        folder.Write("outside.rules", "fact b: bool\n");
        var main = folder.Write("set/main.rules", $"{Base}import \"{import}\"\nif a then recommend r\n");

        var d = RuleSet.Load(main).Diagnostics.Should().ContainSingle().Subject;

        d.Code.Should().Be("BPR121");
        d.At().Should().Be("3:1");
        d.Message.Should().Contain($"'{import}'").And.Contain("outside");
    }

    [Test]
    public void Import_with_an_absolute_path_is_an_error_even_inside_the_folder()
    {
        using var folder = new TempFolder();
        var vocab = folder.Write("vocab.rules", Base);
        var main = folder.Write("main.rules", $"import \"{vocab.Replace("\\", "\\\\")}\"\nif a then recommend r\n");

        var diagnostics = RuleSet.Load(main).Diagnostics;

        var d = Only(diagnostics, "BPR121");
        d.At().Should().Be("1:1");
        diagnostics.Should().Contain(x => x.Code == "BPR101", "the absolute import brought nothing in");
    }

    [Test]
    public void Import_escape_does_not_depend_on_whether_a_file_or_its_folder_is_checked()
    {
        // SPEC §1/§6: 'rules check' takes each file as its own root, and an import must stay inside the
        // folder of the file the rule set was loaded from. For root sub/s.rules that is sub/, so
        // '../other/o.rules' escapes, whether the file is named directly or found below a folder.
        using var folder = new TempFolder();
        folder.Write("other/o.rules", "fact o: bool\nrecommendation r\n");
        var s = folder.Write("sub/s.rules", "import \"../other/o.rules\"\nif o then recommend r\n");

        var viaFile = Checker.Check(new[] { s });
        var viaFolder = Checker.Check(new[] { folder.Path });

        viaFile.Should().Contain(d => d.Code == "BPR121" && d.Location.Path == s && d.At() == "1:1");
        viaFolder.Should().Contain(d => d.Code == "BPR121" && d.Location.Path == s && d.At() == "1:1");
    }

    [Test]
    public void Import_going_down_and_back_up_inside_the_folder_is_fine()
    {
        using var folder = new TempFolder();
        folder.Write("vocab.rules", Base);
        folder.Write("sub/x.rules", "");
        var main = folder.Write("main.rules", "import \"sub/../vocab.rules\"\nif a then recommend r\n");

        RuleSet.Load(main).Diagnostics.Should().BeEmpty();
    }

    [Test]
    public void Import_cycle_is_reported_at_the_import_that_closes_it()
    {
        using var folder = new TempFolder();
        folder.Write("b.rules", "# b\nimport \"a.rules\"\nfact b: bool\n");
        var a = folder.Write("a.rules", "import \"b.rules\"\n" + Base + "if a and b then recommend r\n");

        var ruleSet = RuleSet.Load(a);

        var d = ruleSet.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be("BPR122");
        d.Location.Path.Should().EndWith("b.rules");
        d.At().Should().Be("2:1");
        d.Message.Should().Be("import cycle: a.rules -> b.rules -> a.rules");
        ruleSet.Model.Facts.Select(f => f.Name).Should().Equal("b", "a");
    }

    [Test]
    public void Self_import_is_a_cycle()
    {
        using var folder = new TempFolder();
        var a = folder.Write("a.rules", Base + "if a then recommend r\nimport \"a.rules\"\n");

        var d = RuleSet.Load(a).Diagnostics.Should().ContainSingle().Subject;

        d.Code.Should().Be("BPR122");
        d.At().Should().Be("4:1");
        d.Message.Should().Be("import cycle: a.rules -> a.rules");
    }

    [Test]
    public void A_file_imported_twice_is_loaded_once()
    {
        using var folder = new TempFolder();
        folder.Write("common.rules", "fact a: bool\nrecommendation r\n");
        folder.Write("left.rules", "import \"common.rules\"\nfact b: bool\n");
        folder.Write("right.rules", "import \"common.rules\"\nimport \"left.rules\"\nfact c: bool\n");
        var main = folder.Write("main.rules", "import \"left.rules\"\nimport \"right.rules\"\nimport \"common.rules\"\nif a and b and c then recommend r\n");

        var ruleSet = RuleSet.Load(main);

        ruleSet.Diagnostics.Should().BeEmpty();
        ruleSet.Model.Facts.Select(f => f.Name).Should().Equal("a", "b", "c");
        ruleSet.Model.Sources.Files.Should().HaveCount(4);
    }

    [Test]
    public void Imported_contents_stand_where_the_first_import_stands()
    {
        using var folder = new TempFolder();
        folder.Write("middle.rules", "fact m: bool\nrecommendation r\nif m then recommend r\n");
        var main = folder.Write("main.rules", "fact first: bool\nif first then recommend r\nimport \"middle.rules\"\nfact last: bool\nif last then recommend r\nimport \"middle.rules\"\n");

        var ruleSet = RuleSet.Load(main);

        ruleSet.Diagnostics.Should().BeEmpty();
        ruleSet.Model.Facts.Select(f => f.Name).Should().Equal("first", "m", "last");
        ruleSet.Model.Rules.Select(r => r.Id).Should().Equal("main:2", "middle:3", "main:5");
    }

    [Test]
    public void Roots_are_merged_in_the_order_given()
    {
        using var folder = new TempFolder();
        var b = folder.Write("b.rules", "fact b: bool\nif b then recommend r\n");
        var a = folder.Write("a.rules", "fact a: bool\nrecommendation r\nif a then recommend r\n");

        var ruleSet = RuleSet.Load(b, a);

        ruleSet.Diagnostics.Should().BeEmpty();
        ruleSet.Model.Facts.Select(f => f.Name).Should().Equal("b", "a");
        ruleSet.Model.Rules.Select(r => r.Id).Should().Equal("b:2", "a:3");
    }

    [Test]
    public void Unnamed_rules_of_two_files_with_one_stem_and_line_collide()
    {
        using var folder = new TempFolder();
        folder.Write("lib/main.rules", "if a then avoid r\n");
        var main = folder.Write("main.rules", "if a then recommend r\nimport \"lib/main.rules\"\n" + Base);

        var d = Only(RuleSet.Load(main).Diagnostics, "BPR104");

        d.Location.Path.Should().EndWith("lib/main.rules");
        d.At().Should().Be("1:1");
        d.Message.Should().StartWith("rule id 'main:1' is already used at ");
    }

    [Test]
    public void Import_that_cannot_be_read()
    {
        var fs = new FailingFileSystem(new Dictionary<string, string>
        {
            ["/virtual/main.rules"] = "import \"locked.rules\"\n" + Base + "if a then recommend r\n",
            ["/virtual/locked.rules"] = null!,
        });

        var diagnostics = RuleSet.Load(new[] { new RootFile("/virtual/main.rules") }, fs).Diagnostics;

        var d = diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be("BPR123");
        d.Severity.Should().Be(DiagnosticSeverity.Error);
        d.At().Should().Be("1:1");
        d.Message.Should().Be("cannot read imported file '/virtual/locked.rules': access denied");
    }

    [Test]
    public void Import_that_can_be_read_through_the_same_file_system()
    {
        var fs = new FailingFileSystem(new Dictionary<string, string>
        {
            ["/virtual/main.rules"] = "import \"vocab.rules\"\nif a then recommend r\n",
            ["/virtual/vocab.rules"] = Base,
        });

        RuleSet.Load(new[] { new RootFile("/virtual/main.rules") }, fs).Diagnostics.Should().BeEmpty();
    }

    /// <summary>An in-memory file system; a file mapped to null exists but cannot be read.</summary>
    private sealed class FailingFileSystem(Dictionary<string, string> files) : IFileSystem
    {
        public bool FileExists(string fullPath) => files.ContainsKey(fullPath);

        public string ReadAllText(string fullPath) =>
            files.TryGetValue(fullPath, out var text)
                ? text ?? throw new UnauthorizedAccessException("access denied")
                : throw new FileNotFoundException(fullPath);
    }

    // ================================================================ nesting, recommend-and-avoid

    [Test]
    public void Nesting_too_deep_through_the_rule_set()
    {
        // 101 levels of 'not (' are too deep however 'not' and '(' are counted; 50 are fine either way.
        var deep = RuleSet.FromText(Base + "if " + Repeat("not (", 101) + "a" + new string(')', 101) + " then recommend r", "t.rules");
        var fine = RuleSet.FromText(Base + "if " + Repeat("not (", 50) + "a" + new string(')', 50) + " then recommend r", "t.rules");

        var d = Only(deep.Diagnostics, "BPR006");
        d.Location.Start.Line.Should().Be(3);
        d.Severity.Should().Be(DiagnosticSeverity.Error);
        deep.HasErrors.Should().BeTrue();
        fine.Diagnostics.Should().BeEmpty();
    }

    [Test]
    public void Rule_that_recommends_and_avoids_across_action_lists()
    {
        var d = Only(Check(Base + "recommendation s\nrule both: if a then avoid s and recommend r, s"), "BPR111");

        d.At().Should().Be("4:47");
        d.Message.Should().Be("rule 'both' both recommends and avoids 's'");
    }

    [Test]
    public void Two_rules_recommending_and_avoiding_one_item_is_no_error()
    {
        Check(Base + "if a then recommend r\nif not a then avoid r").Should().BeEmpty();
    }

    // ================================================================ warnings

    [Test]
    public void Unused_fact_and_recommendation_are_warnings_and_do_not_stop_the_rule_set()
    {
        var ruleSet = RuleSet.FromText(Base + "fact spare: number\nrecommendation extra \"x\" priority low\nif a then recommend r", "t.rules");

        ruleSet.Diagnostics.Select(d => (d.Code, d.Severity, d.At(), d.Message)).Should().Equal(
            ("BPR201", DiagnosticSeverity.Warning, "3:6", "fact 'spare' is never used by a rule"),
            ("BPR202", DiagnosticSeverity.Warning, "4:16", "recommendation 'extra' is never recommended or avoided by a rule"));
        ruleSet.HasErrors.Should().BeFalse();
    }

    [Test]
    public void Conclude_counts_as_a_use()
    {
        Check(Base + "fact tilted: bool\nif a then recommend r and conclude tilted").Should().BeEmpty();
    }

    [Test]
    public void Avoid_counts_as_a_use_and_known_reads_a_fact()
    {
        Check("fact n: number\nrecommendation r\nif known n then avoid r").Should().BeEmpty();
    }

    [TestCase("x and not x", "3:4", "'x' and 'not x'")]
    [TestCase("false", "3:4", "'false' is never true")]
    [TestCase("not true", "3:4", "'false' is never true")]
    [TestCase("w is a and w is b", "3:4", "'w' cannot take a value that meets every test of it")]
    [TestCase("w in (a, b) and w is c", "3:4", "'w' cannot take a value that meets every test of it")]
    [TestCase("n > 5 and n < 3", "3:4", "no value of 'n' meets every comparison")]
    [TestCase("5 < n and n < 5", "3:4", "no value of 'n' meets every comparison")]
    [TestCase("m > 300", "3:4", "no value of 'm' meets every comparison (declared range 0..200)")]
    [TestCase("m < 0", "3:4", "(declared range 0..200)")]
    [TestCase("k > 2", "3:4", "no value of 'k' meets every comparison (declared range -5..-1)")]
    [TestCase("not (n <= 5) and n < 3", "3:4", "no value of 'n' meets every comparison")]
    [TestCase("not (x or not x)", "3:4", "'x' and 'not x'")]
    [TestCase("s has p and s has not p", "3:4", "'s has p' and 's has not p'")]
    [TestCase("known n and not known n", "3:4", "'known n' and 'not known n'")]
    [TestCase("n > 2 * 3 and n < 5", "3:4", "no value of 'n' meets every comparison")]
    [TestCase("y or (x and not x)", "3:10", "'x' and 'not x'")]
    [TestCase("x and not x or y", "3:4", "'x' and 'not x'")]
    [TestCase("m = 300", "3:4", "(declared range 0..200)")]
    [TestCase("n > 5 and not (n > 3)", "3:4", "no value of 'n' meets every comparison")]
    [TestCase("w is not a and w is not b and w is not c", "3:4", "'w' cannot take a value that meets every test of it")]
    [TestCase("not (w is a or w is b or w is c)", "3:4", "'w' cannot take a value that meets every test of it")]
    [TestCase("(x and not x) or false", "3:4", "'x' and 'not x'; 'false' is never true")]
    [TestCase("y and (n > 5 or (n < 3 and n > 4))", "3:21", "no value of 'n' meets every comparison")]
    [TestCase("(n > 5 and y or x and not x) and n < 3", "3:20", "'x' and 'not x'")]
    public void Never_true_conditions(string condition, string at, string reason)
    {
        var d = Only(Check(NeverTrueHeader(condition)), "BPR203");

        d.Severity.Should().Be(DiagnosticSeverity.Warning);
        d.At().Should().Be(at);
        d.Message.Should().StartWith("this condition can never be true: ").And.Contain(reason);
    }

    [TestCase("n > 5 and n < 6")]
    [TestCase("n >= 5 and n <= 5")]
    [TestCase("x or not x")]
    [TestCase("w is a or w is b")]
    [TestCase("w is not a and w is b")]
    [TestCase("m >= 200")]
    [TestCase("m <= 0")]
    [TestCase("k < -4")]
    [TestCase("n > 5 or n < 3")]
    [TestCase("not (n > 5 and n < 3)")]
    [TestCase("s has p and s has q")]
    [TestCase("known n and not known m")]
    [TestCase("x and not y")]
    [TestCase("n > m and n < 3")]
    [TestCase("not (x and not x)")]
    [TestCase("m != 300")]
    [TestCase("w is not a and w is not b")]
    public void Satisfiable_conditions_are_not_warned(string condition)
    {
        Check(NeverTrueHeader(condition)).Should().NotContain(d => d.Code == "BPR203");
    }

    [Test]
    public void What_one_condition_says_is_not_carried_over_to_the_next()
    {
        // The literals of each conjunction are collected in reused sets; each must start empty.
        var diagnostics = Check("fact n: number\nfact x: bool\nrecommendation r\n" +
            "if n > 5 and x and (n > 6 or x) then recommend r\nif n < 3 and not x then avoid r\nif (x and not x) or (x and not x) then avoid r\n");

        diagnostics.Should().ContainSingle(d => d.Code == "BPR203")
            .Which.Message.Should().Be("this condition can never be true: 'x' and 'not x'");
    }

    private static string NeverTrueHeader(string condition) =>
        "fact x: bool\nrecommendation r\n" +
        $"if {condition} then recommend r\n" +
        "fact y: bool\nfact w: one of a, b, c\nfact n: number\nfact m: number 0..200\nfact k: number -5..-1\nfact s: any of p, q\n" +
        "if y or x or w is a or n > 0 or m > 0 or k > -3 or s has p or known n then avoid r\n";

    [Test]
    public void Never_true_is_only_a_warning()
    {
        var ruleSet = RuleSet.FromText(Base + "if a and not a then recommend r", "t.rules");

        ruleSet.HasErrors.Should().BeFalse();
        ruleSet.Diagnostics.Should().ContainSingle().Which.Severity.Should().Be(DiagnosticSeverity.Warning);
    }

    // ================================================================ Checker over several files

    [Test]
    public void Vocabulary_used_only_by_the_importer_is_not_unused()
    {
        using var folder = new TempFolder();
        var vocab = folder.Write("vocab.rules", "fact a: bool\nfact b: bool\nrecommendation r\n");
        var main = folder.Write("main.rules", "import \"vocab.rules\"\nif a and b then recommend r\n");

        Checker.Check(new[] { vocab, main }).Should().BeEmpty();
        Checker.Check(new[] { main, vocab }).Should().BeEmpty();
        Checker.Check(new[] { folder.Path }).Should().BeEmpty();
    }

    [Test]
    public void Vocabulary_declaration_unused_everywhere_is_reported_once()
    {
        using var folder = new TempFolder();
        var vocab = folder.Write("vocab.rules", "fact a: bool\nfact spare: bool\nrecommendation r\n");
        var main = folder.Write("main.rules", "import \"vocab.rules\"\nif a then recommend r\n");

        var d = Checker.Check(new[] { vocab, main }).Should().ContainSingle().Subject;

        d.Code.Should().Be("BPR201");
        d.Location.Path.Should().Be(vocab);
        d.At().Should().Be("2:6");
    }

    [Test]
    public void A_file_named_with_a_leading_dot_slash_is_the_file_its_importer_imports()
    {
        // 'rules check main.rules ./lib/vocab.rules': lib/vocab.rules is one file, imported by main.rules and
        // named as a root. Its error must be printed once, and its declarations are used by main.rules.
        using var folder = new TempFolder();
        folder.Write("lib/vocab.rules", "fact a: bool\nfact a: bool\nrecommendation r\n");
        folder.Write("main.rules", "import \"lib/vocab.rules\"\nif a then recommend r\n");

        var result = RulesProcess.Run(folder.Path, "check", "main.rules", "./lib/vocab.rules");

        result.ExitCode.Should().Be(1, result.Stderr);
        result.StdoutLines.Should().Equal("lib/vocab.rules:2:6: error BPR103: 'a' is already declared at lib/vocab.rules:1:6");
    }

    [Test]
    public void A_shared_file_named_plainly_is_reported_once()
    {
        using var folder = new TempFolder();
        folder.Write("lib/vocab.rules", "fact a: bool\nfact a: bool\nrecommendation r\n");
        folder.Write("main.rules", "import \"lib/vocab.rules\"\nif a then recommend r\n");

        var result = RulesProcess.Run(folder.Path, "check", "main.rules", "lib/vocab.rules");

        result.ExitCode.Should().Be(1, result.Stderr);
        result.StdoutLines.Should().Equal("lib/vocab.rules:2:6: error BPR103: 'a' is already declared at lib/vocab.rules:1:6");
    }

    [Test]
    public void Checker_reports_each_error_of_a_shared_file_once_sorted_by_file_line_column()
    {
        using var folder = new TempFolder();
        var vocab = folder.Write("vocab.rules", "fact a: bool\nfact a: bool\nrecommendation r\n");
        var main = folder.Write("main.rules", "import \"vocab.rules\"\nif a and zz then recommend r\n");

        var diagnostics = Checker.Check(new[] { vocab, main });

        diagnostics.Select(d => (Path.GetFileName(d.Location.Path), d.Code, d.At())).Should().Equal(
            ("main.rules", "BPR101", "2:10"),
            ("vocab.rules", "BPR103", "2:6"));
    }
}
