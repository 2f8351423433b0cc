using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackPainRules.Diagnostics;

namespace BackPainRules.Tests.Catalogue;

/// <summary>
/// The catalogue is closed: every diagnostic is made by one of its factories, one per kind of problem, each
/// with its stable code; no factory takes a ready-made message; no code is written anywhere else in src/.
/// </summary>
public class DiagnosticCatalogueTests
{
    private const string Sentinel = "\u0001";

    private static readonly SourceLocation At = SourceLocation.At("t.rules", 3, 7);

    /// <summary>The factories: every non-private static method of the catalogue that makes a diagnostic.</summary>
    private static IReadOnlyList<MethodInfo> Factories() =>
        typeof(DiagnosticCatalogue).GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(m => !m.IsPrivate && (m.ReturnType == typeof(Diagnostic) || m.ReturnType == typeof(CodedMessage)))
            .ToList();

    /// <summary>An argument for a factory's parameter; <paramref name="variant"/> 0 or 1 picks one of two different ones.</summary>
    private static object? Sample(ParameterInfo p, int variant)
    {
        var t = p.ParameterType;
        if (t == typeof(SourceLocation)) return At;
        if (t == typeof(string)) return variant == 0 ? Sentinel : Sentinel + Sentinel;
        if (t == typeof(int)) return variant == 0 ? 2 : 3;
        if (t == typeof(double)) return variant == 0 ? 1.5 : -7.0;
        if (t == typeof(char)) return variant == 0 ? 'q' : '\t';
        if (t == typeof(IEnumerable<string>) || t == typeof(IReadOnlyList<string>)) return variant == 0 ? new[] { Sentinel } : new[] { Sentinel, Sentinel, Sentinel };
        if (t == typeof(FactKind)) return variant == 0 ? FactKind.Number : FactKind.AnyOf;
        if (t == typeof(FoundJson)) return variant == 0 ? new FoundJson(JsonTokenType.Null, null) : new FoundJson(JsonTokenType.String, Sentinel);
        if (t == typeof(NeverTrueReason)) return variant == 0 ? NeverTrueReason.FalseLiteral : NeverTrueReason.FactAndNotFact(Sentinel);
        if (t == typeof(Exception)) return variant == 0 ? new FileNotFoundException() : new IOException(Sentinel);
        Assert.Fail($"{p.Member.Name}: no sample for a parameter of type {t.Name}; add one here if the type is a typed argument, not a message");
        return null;
    }

    private static (string Code, DiagnosticSeverity? Severity, string Message) Invoke(MethodInfo factory, int variant)
    {
        object? made = factory.Invoke(null, factory.GetParameters().Select(p => Sample(p, variant)).ToArray());
        return made switch
        {
            Diagnostic d => (d.Code, d.Severity, d.Message),
            CodedMessage m => (m.Code, null, m.Message),
            _ => throw new AssertionException($"{factory.Name} made {made}"),
        };
    }

    public static IEnumerable<TestCaseData> FactoryCases() => Factories().Select(f => new TestCaseData(f).SetArgDisplayNames(f.Name));

    [TestCaseSource(nameof(FactoryCases))]
    public void Each_factory_makes_one_code_of_the_catalogue_with_its_severity(MethodInfo factory)
    {
        var first = Invoke(factory, 0);
        var second = Invoke(factory, 1);
        second.Code.Should().Be(first.Code, "a factory makes one kind of problem, whatever its arguments");
        var descriptor = DiagnosticCatalogue.All.Where(d => d.Code == first.Code).Should().ContainSingle().Subject;
        if (first.Severity is { } severity) severity.Should().Be(descriptor.Severity);
        if (second.Severity is { } severity2) severity2.Should().Be(descriptor.Severity);
    }

    [TestCaseSource(nameof(FactoryCases))]
    public void No_factory_takes_a_ready_made_message(MethodInfo factory)
    {
        factory.GetParameters().Where(p => p.ParameterType == typeof(string)).Select(p => p.Name)
            .Should().NotContain(new[] { "message", "reason", "hint", "expected" },
            "the catalogue writes the message; callers pass names, types and values");
        // Whatever the arguments, the catalogue adds words of its own: the message is never just an argument.
        foreach (int variant in new[] { 0, 1 })
        {
            var made = Invoke(factory, variant);
            made.Message.Replace(Sentinel, "").Trim().Should().NotBeEmpty();
        }
    }

    [Test]
    public void Every_code_has_a_factory_and_the_factories_know_no_other_code()
    {
        var made = Factories().Select(f => Invoke(f, 0).Code).ToHashSet();
        made.Should().BeEquivalentTo(DiagnosticCatalogue.All.Select(d => d.Code));
    }

    [Test]
    public void Codes_are_unique_in_code_order_and_the_same_as_the_readme_codes_table()
    {
        var codes = DiagnosticCatalogue.All.Select(d => d.Code).ToList();
        codes.Should().OnlyHaveUniqueItems().And.BeInAscendingOrder(StringComparer.Ordinal);
        codes.Should().OnlyContain(c => Regex.IsMatch(c, @"^BPR\d{3}$"));

        var readme = File.ReadAllLines(Path.Combine(Repo.Root, "README.md"));
        var rows = readme
            .Select(line => Regex.Match(line, @"^\| (BPR\d{3}) \| (error|warning|retired) \| (.+) \|$"))
            .Where(m => m.Success)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value))
            .ToList();
        // A retired code keeps its row (so it is never reused), marked "retired", with its old severity and title in the text.
        var live = DiagnosticCatalogue.All.Select(d => (d.Code, d.Severity.ToString().ToLowerInvariant(), d.Title));
        var retired = DiagnosticCatalogue.Retired.Select(d => (d.Code, "retired", $"{d.Title} (was a {d.Severity.ToString().ToLowerInvariant()})"));
        rows.Should().BeEquivalentTo(
            live.Concat(retired).OrderBy(r => r.Code, StringComparer.Ordinal),
            o => o.WithStrictOrdering(), "the README's codes table lists every code once, in order, and no other");
        readme.Count(line => line.StartsWith("| BPR", StringComparison.Ordinal)).Should().Be(rows.Count, "every row of the codes table has the form above");
    }

    [Test]
    public void No_file_in_src_outside_the_catalogue_writes_a_code_or_makes_a_diagnostic()
    {
        var src = Path.Combine(Repo.Root, "src");
        var catalogue = Path.Combine(src, "BackPainRules", "Diagnostics") + Path.DirectorySeparatorChar;
        var offences = new List<string>();
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(src, file);
            if (file.StartsWith(catalogue, StringComparison.Ordinal)) continue;
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")) continue;
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                if (Regex.IsMatch(lines[i], @"BPR\d{3}|new\s+Diagnostic\s*\(|new\s+EvaluationWarning\s*\(\s*""|new\s+CodedMessage\s*\("))
                {
                    offences.Add($"{relative}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }
        offences.Should().BeEmpty("codes and messages are written only in src/BackPainRules/Diagnostics");
    }

    [Test]
    public void Diagnostic_has_no_public_constructor()
    {
        typeof(Diagnostic).GetConstructors(BindingFlags.Public | BindingFlags.Instance).Should().BeEmpty();
        typeof(Diagnostic).GetProperties().Where(p => p.SetMethod is { IsPublic: true }).Should().BeEmpty("a diagnostic's text cannot be rewritten with 'with'");
    }

    // ---------------------------------------------------------------- the texts, as they were before the catalogue was closed

    public static IEnumerable<TestCaseData> Texts()
    {
        TestCaseData Case(string name, Func<Diagnostic> make, string code, string text) =>
            new TestCaseData(make, code, text).SetArgDisplayNames(name);

        // Issue #14: messages that lead to the fix (their texts as introduced, pinned like the older ones).
        yield return Case("SingleQuotedString", () => DiagnosticCatalogue.SingleQuotedString(At, "Walk daily"), "BPR001",
            "strings are written in double quotes: write \"Walk daily\"");
        yield return Case("MisspeltKeyword", () => DiagnosticCatalogue.MisspeltKeyword(At, new[] { "'then'" }, "'than'", "then"), "BPR005",
            "expected 'then', found 'than'; did you mean 'then'?");
        yield return Case("BoolComparedWithLiteral", () => DiagnosticCatalogue.BoolComparedWithLiteral(At, "leg_pain", "true"), "BPR005",
            "a bool fact is not compared with 'true': write 'leg_pain' for true or 'not leg_pain' for false");
        yield return Case("CountWithoutOf", () => DiagnosticCatalogue.CountWithoutOf(At), "BPR005",
            "'count' needs 'of' before its list: write 'count of (CONDITION, CONDITION, ...)'");
        yield return Case("ActionsJoinedWithComma", () => DiagnosticCatalogue.ActionsJoinedWithComma(At, "conclude"), "BPR005",
            "actions are joined with 'and', not ',': write '... and conclude ...'");
        yield return Case("ValueJoinedWithOr", () => DiagnosticCatalogue.ValueJoinedWithOr(At, "extremely", "bothersomeness", new[] { "very_much", "extremely" }),
            "BPR101", "'extremely' is not a fact but a value of 'bothersomeness', and 'or' joins whole conditions: write 'bothersomeness in (very_much, extremely)'");
        yield return Case("ValueUsedAsFact", () => DiagnosticCatalogue.ValueUsedAsFact(At, "numbness", "symptoms", FactKind.AnyOf), "BPR101",
            "'numbness' is not a fact but a value of 'symptoms': test it with 'symptoms has numbness'");
        yield return Case("EnumComparison, order", () => DiagnosticCatalogue.EnumComparison(At, "bothersomeness", FactKind.OneOf, ">=", "very_much",
                new[] { "very_much", "extremely" }), "BPR107",
            "'bothersomeness' is a 'one of' fact and its values have no order, so they cannot be compared with '>='; list the values that count: 'bothersomeness in (very_much, extremely)'");
        yield return Case("EnumComparison, not a value", () => DiagnosticCatalogue.EnumComparison(At, "bothersomeness", FactKind.OneOf, "<", "big", null),
            "BPR107", "'bothersomeness' is a 'one of' fact and its values have no order, so they cannot be compared with '<'; 'big' is not one of its values");

        yield return Case("MisspeltItemKeyword", () => DiagnosticCatalogue.MisspeltItemKeyword(At, "'fcat'", "fact"), "BPR005",
            "'fcat' does not start an item: did you mean 'fact'?");
        yield return Case("ScoreExpectedWithWord", () => DiagnosticCatalogue.ScoreExpectedWithWord(At, "total", "high"), "BPR005",
            "a score is a number: write 'expect score total = NUMBER' (or 'unknown'); to check 'high', expect what the rules give for it, such as 'expect conclude FACT' or 'expect recommend ID'");
        yield return Case("ScoreExpectedWithComparison", () => DiagnosticCatalogue.ScoreExpectedWithComparison(At, "total", ">="), "BPR005",
            "'expect score' checks one value, not '>=': write 'expect score total = NUMBER' or 'expect score total unknown'; to check a threshold, expect what the rules decide from it");
        yield return Case("ThenMissing", () => DiagnosticCatalogue.ThenMissing(At, "recommend"), "BPR005",
            "expected 'then', found 'recommend': the condition ends with 'then' before the actions");
        yield return Case("DoubleEquals", () => DiagnosticCatalogue.DoubleEquals(At), "BPR005",
            "equality is one '=' in rules: write '=' for a number (or 'is' for a value of a 'one of' fact)");
        yield return Case("NumberWithUnit", () => DiagnosticCatalogue.NumberWithUnit(At, "50", "km"), "BPR005",
            "numbers have no units: write '50' without 'km' (say the unit in the fact's description)");
        yield return Case("GivenJoinedWithAnd", () => DiagnosticCatalogue.GivenJoinedWithAnd(At), "BPR005",
            "a test lists its facts and names with ',', not 'and': write 'given leg_pain, night_pain'");
        yield return Case("GivenValueWithEquals", () => DiagnosticCatalogue.GivenValueWithEquals(At, "bothersomeness", "extremely"), "BPR005",
            "'=' gives a number; a value of a 'one of' fact is given with 'is': write 'bothersomeness is extremely'");
        yield return Case("ActionTargetsJoinedWithAnd", () => DiagnosticCatalogue.ActionTargetsJoinedWithAnd(At, "physio"), "BPR005",
            "'and' joins actions, so an action ('recommend', 'avoid' or 'conclude') must follow it; to list 'physio' in the same action, write ', physio'");
        yield return Case("UnlessOnRule", () => DiagnosticCatalogue.UnlessOnRule(At), "BPR005",
            "'unless' is not part of a rule: add 'and not CONDITION' to the rule's condition, or put 'unless CONDITION' on the recommendation's declaration");

        // BPR005
        yield return Case("ItemExpected", () => DiagnosticCatalogue.ItemExpected(At, "'oops'"), "BPR005",
            "expected a declaration ('fact', 'recommendation'), a rule ('rule' or 'if'), a 'test' or an 'import', found 'oops'");
        yield return Case("SyntaxError, no label", () => DiagnosticCatalogue.SyntaxError(At, Array.Empty<string>(), "'then'"), "BPR005",
            "expected an expression, found 'then'");
        yield return Case("SyntaxError, one label", () => DiagnosticCatalogue.SyntaxError(At, new[] { "a name" }, null), "BPR005",
            "expected a name, found the end of the file");
        yield return Case("SyntaxError, three labels", () => DiagnosticCatalogue.SyntaxError(At, new[] { "'a'", "'b'", "'c'" }, "a string"), "BPR005",
            "expected 'a', 'b' or 'c', found a string");
        // BPR004
        yield return Case("InvalidName", () => DiagnosticCatalogue.InvalidName(At, "Tilt", "tilt"), "BPR004",
            "'Tilt' is not a valid name: names are lower-case letters, digits and '_', starting with a letter; did you mean 'tilt'?");

        // BPR107
        yield return Case("ConcludeOfNonBoolFact", () => DiagnosticCatalogue.ConcludeOfNonBoolFact(At, "n", FactKind.Number), "BPR107",
            "'n' is a number fact; only bool facts can be concluded");
        yield return Case("ExpectConcludeOfNonBoolFact", () => DiagnosticCatalogue.ExpectConcludeOfNonBoolFact(At, "o", FactKind.OneOf), "BPR107",
            "'o' is a 'one of' fact; only bool facts are concluded");
        yield return Case("FactUsedAsCondition, number", () => DiagnosticCatalogue.FactUsedAsCondition(At, "n", FactKind.Number, null), "BPR107",
            "'n' is a number fact, not a condition; compare it, as in 'n > 10'");
        yield return Case("FactUsedAsCondition, one of", () => DiagnosticCatalogue.FactUsedAsCondition(At, "o", FactKind.OneOf, "x"), "BPR107",
            "'o' is a 'one of' fact, not a condition; test its value, as in 'o is x'");
        yield return Case("FactUsedAsCondition, any of without values", () => DiagnosticCatalogue.FactUsedAsCondition(At, "a", FactKind.AnyOf, null), "BPR107",
            "'a' is an 'any of' fact, not a condition; test its values, as in 'a has VALUE'");
        yield return Case("KeywordNeedsOtherFactType, any of", () => DiagnosticCatalogue.KeywordNeedsOtherFactType(At, "in", "a", FactKind.OneOf, FactKind.AnyOf), "BPR107",
            "'in' needs a 'one of' fact, but 'a' is an 'any of' fact; use 'has' for an 'any of' fact");
        yield return Case("KeywordNeedsOtherFactType, one of", () => DiagnosticCatalogue.KeywordNeedsOtherFactType(At, "has not", "o", FactKind.AnyOf, FactKind.OneOf), "BPR107",
            "'has not' needs an 'any of' fact, but 'o' is a 'one of' fact; use 'is' or 'in' for a 'one of' fact");
        yield return Case("KeywordNeedsOtherFactType, bool", () => DiagnosticCatalogue.KeywordNeedsOtherFactType(At, "is", "b", FactKind.OneOf, FactKind.Bool), "BPR107",
            "'is' needs a 'one of' fact, but 'b' is a bool fact");
        yield return Case("FactInArithmetic", () => DiagnosticCatalogue.FactInArithmetic(At, "b", FactKind.Bool), "BPR107",
            "'b' is a bool fact and cannot be used in arithmetic or comparisons");
        yield return Case("GivenDoesNotFit", () => DiagnosticCatalogue.GivenDoesNotFit(At, "b", FactKind.Number, FactKind.Bool), "BPR107",
            "'b = NUMBER' does not fit 'b', a bool fact; write 'b' or 'not b'");
        yield return Case("GivenDoesNotFit, enums", () => DiagnosticCatalogue.GivenDoesNotFit(At, "a", FactKind.OneOf, FactKind.AnyOf), "BPR107",
            "'a is VALUE' does not fit 'a', an 'any of' fact; write 'a has VALUE'");

        // BPR123, BPR300
        yield return Case("ImportUnreadable", () => DiagnosticCatalogue.ImportUnreadable(At, "v.rules", new FileNotFoundException("gone")), "BPR123",
            "cannot read imported file 'v.rules': no such file");
        yield return Case("UnreadableFile, missing folder", () => DiagnosticCatalogue.UnreadableFile(At, new DirectoryNotFoundException("gone")), "BPR300",
            "cannot read file: no such file");
        yield return Case("UnreadableFile, other", () => DiagnosticCatalogue.UnreadableFile(At, new IOException("the disk is busy")), "BPR300",
            "cannot read file: the disk is busy");

        // BPR203
        yield return Case("NeverTrue, false", () => DiagnosticCatalogue.NeverTrue(At, NeverTrueReason.FalseLiteral), "BPR203",
            "this condition can never be true: 'false' is never true");
        yield return Case("NeverTrue, known", () => DiagnosticCatalogue.NeverTrue(At, NeverTrueReason.KnownAndNotKnown("b")), "BPR203",
            "this condition can never be true: 'known b' and 'not known b'");
        yield return Case("NeverTrue, has", () => DiagnosticCatalogue.NeverTrue(At, NeverTrueReason.HasAndHasNot("a", "p")), "BPR203",
            "this condition can never be true: 'a has p' and 'a has not p'");
        yield return Case("NeverTrue, every branch", () => DiagnosticCatalogue.NeverTrue(At, NeverTrueReason.EveryBranch(new[]
            {
                NeverTrueReason.FactAndNotFact("b"), NeverTrueReason.NoValueMeetsEveryComparison("n", "0..10"),
                NeverTrueReason.FactAndNotFact("b"), NeverTrueReason.NoValueMeetsEveryComparison("m", null), NeverTrueReason.NoValueMeetsEveryTest("o"),
            })), "BPR203",
            "this condition can never be true: 'b' and 'not b'; no value of 'n' meets every comparison (declared range 0..10); " +
            "no value of 'm' meets every comparison; 'o' cannot take a value that meets every test of it");

        // BPR301
        yield return Case("JsonReaderError", () => DiagnosticCatalogue.JsonReaderError(At, null,
            "'x' is invalid after a single JSON value. Expected end of data. LineNumber: 0 | BytePositionInLine: 12."), "BPR301",
            "invalid JSON: 'x' is invalid after a single JSON value. Expected end of data");
        yield return Case("JsonReaderError, in a fact", () => DiagnosticCatalogue.JsonReaderError(At, "n", "'}' is an invalid start of a value."), "BPR301",
            "invalid JSON: fact 'n': '}' is an invalid start of a value");
        yield return Case("JsonTooDeep", () => DiagnosticCatalogue.JsonTooDeep(At, "n", 64), "BPR301",
            "invalid JSON: fact 'n': the JSON is nested more than 64 levels deep");
        yield return Case("EmptyProfile", () => DiagnosticCatalogue.EmptyProfile(At), "BPR301", "invalid JSON: the profile is empty");
        yield return Case("ContentAfterProfile", () => DiagnosticCatalogue.ContentAfterProfile(At), "BPR301", "invalid JSON: unexpected content after the profile");
        yield return Case("ContentAfterArray", () => DiagnosticCatalogue.ContentAfterArray(At), "BPR301", "invalid JSON: unexpected content after the array");
        yield return Case("ArrayNotClosed", () => DiagnosticCatalogue.ArrayNotClosed(At), "BPR301", "invalid JSON: the array is not closed with ']'");
        yield return Case("KeyNotText", () => DiagnosticCatalogue.KeyNotText(At), "BPR301",
            "invalid JSON: a key is not valid text (an unpaired surrogate escape)");
        yield return Case("StringNotText", () => DiagnosticCatalogue.StringNotText(At, "o"), "BPR301",
            "invalid JSON: fact 'o': the string is not valid text (an unpaired surrogate escape)");

        // BPR303, BPR308
        yield return Case("IdNotAString", () => DiagnosticCatalogue.IdNotAString(At, new FoundJson(JsonTokenType.Number, "5")), "BPR303",
            "fact '$id': expected a string, found the number 5");
        yield return Case("NotABool", () => DiagnosticCatalogue.NotABool(At, "b", new FoundJson(JsonTokenType.StartObject, null)), "BPR303",
            "fact 'b': expected true, false or null, found an object");
        yield return Case("NotANumber", () => DiagnosticCatalogue.NotANumber(At, "n", new FoundJson(JsonTokenType.String, new string('1', 50))), "BPR303",
            $"fact 'n': expected a number or null, found the string \"{new string('1', 40)}…\"");
        yield return Case("NumberBeyondDouble", () => DiagnosticCatalogue.NumberBeyondDouble(At, "n", new FoundJson(JsonTokenType.Number, "1e400")), "BPR301",
            "invalid JSON: fact 'n': the number 1e400 is too large for a double");
        yield return Case("NotAValueOf", () => DiagnosticCatalogue.NotAValueOf(At, "o", new[] { "x", "y" }, new FoundJson(JsonTokenType.True, null)), "BPR303",
            "fact 'o': expected one of \"x\", \"y\" or null, found true");
        yield return Case("NotAnArray", () => DiagnosticCatalogue.NotAnArray(At, "a", new FoundJson(JsonTokenType.False, null)), "BPR303",
            "fact 'a': expected an array of values or null, found false");
        yield return Case("NotAStringInArray", () => DiagnosticCatalogue.NotAStringInArray(At, "a", new FoundJson(JsonTokenType.StartArray, null)), "BPR303",
            "fact 'a': expected a string value in the array, found an array");
        yield return Case("NotAnObject", () => DiagnosticCatalogue.NotAnObject(At, new FoundJson(JsonTokenType.Null, null)), "BPR308",
            "a profile must be a JSON object, found null");

        // BPR306, BPR307
        yield return Case("UndeclaredKey", () => DiagnosticCatalogue.UndeclaredKey(At, "bb", "b"), "BPR306",
            "'bb' is not a fact of this rule set; did you mean 'b'?; ignored");
        yield return Case("UndeclaredKey, no suggestion", () => DiagnosticCatalogue.UndeclaredKey(At, "zz", null), "BPR306",
            "'zz' is not a fact of this rule set; ignored");
        yield return Case("UndeclaredKeyStrict", () => DiagnosticCatalogue.UndeclaredKeyStrict(At, "bb", "b"), "BPR307",
            "'bb' is not a fact of this rule set; did you mean 'b'?");
        yield return Case("UndeclaredKeyStrict, no suggestion", () => DiagnosticCatalogue.UndeclaredKeyStrict(At, "zz", null), "BPR307",
            "'zz' is not a fact of this rule set");
    }

    [TestCaseSource(nameof(Texts))]
    public void A_factory_writes_the_text_it_always_wrote(Func<Diagnostic> make, string code, string text)
    {
        var diagnostic = make();
        diagnostic.Code.Should().Be(code);
        diagnostic.Message.Should().Be(text);
        diagnostic.Location.Should().Be(At);
    }

    [Test]
    public void Evaluation_warnings_write_the_text_they_always_wrote()
    {
        DiagnosticCatalogue.RecommendedAndAvoided("rest", new[] { "r1", "r3" }, new[] { "r2" }).Should().Be(new CodedMessage("BPR401",
            "'rest' is recommended by 'r1', 'r3' and avoided by 'r2'; it is listed only under avoid"));
    }

    [Test]
    public void A_retired_code_is_made_by_no_factory_and_never_given_to_another_problem()
    {
        DiagnosticCatalogue.Retired.Should().ContainSingle(d => d.Code == "BPR402", "a profile can no longer contradict a rule (SPEC §4)");
        var made = Factories().Select(f => Invoke(f, 0).Code).ToHashSet();
        made.Should().NotIntersectWith(DiagnosticCatalogue.Retired.Select(d => d.Code));
        DiagnosticCatalogue.All.Select(d => d.Code).Should().NotIntersectWith(DiagnosticCatalogue.Retired.Select(d => d.Code));
    }

    [Test]
    public void The_invalid_name_diagnostic_carries_the_lower_case_suggestion_from_the_lexer()
    {
        var diagnostics = RuleSet.FromText("fact Tilt: bool\nfact Über: bool\n", "t.rules").Diagnostics.Where(d => d.Code == "BPR004").ToList();
        diagnostics.Should().HaveCount(2);
        diagnostics[0].Suggestion.Should().Be("tilt");
        diagnostics[1].Suggestion.Should().BeNull("'über' is not a valid name either");
    }
}
