using BackPainRules.Compilation;
using BackPainRules.Evaluation;
using BackPainRules.Profiles;
using BackPainRules.Semantics;
using BackPainRules.Syntax;
using BackPainRules.Testing;
using BackPainRules.Text;

namespace BackPainRules.Tests.Cli;

/// <summary>
/// Colour is markup only: what a terminal shows, escape sequences removed, is byte for byte the plain
/// output, and each colour sits on the text it is meant for.
/// </summary>
public class ColourTests
{
    private const string Urgent = "\u001b[1;31m";
    private const string Bold = "\u001b[1m";
    private const string Red = "\u001b[31m";
    private const string Yellow = "\u001b[33m";
    private const string Green = "\u001b[32m";
    private const string Reset = "\u001b[0m";

    private TempFolder folder = null!;

    [SetUp]
    public void SetUp()
    {
        if (!PseudoTerminal.Available) Assert.Ignore("util-linux 'script' is needed to make a pseudo-terminal");
        folder = new TempFolder();
    }

    [TearDown]
    public void TearDown() => folder?.Dispose();

    /// <summary>Stdout on a terminal (stderr dropped) next to the same command's redirected, plain stdout.</summary>
    private static (string Coloured, string Plain) Stdout(string workingDirectory, params string[] args)
    {
        var coloured = PseudoTerminal.Run(workingDirectory, "", "2>/dev/null", args);
        var plain = RulesProcess.Run(workingDirectory, args);
        coloured.ExitCode.Should().Be(plain.ExitCode, coloured.Stdout + coloured.Stderr);
        plain.Stdout.Should().NotBeEmpty();
        PseudoTerminal.Strip(coloured.Stdout).Should().Be(plain.Stdout);
        return (PseudoTerminal.WithoutModes(coloured.Stdout), plain.Stdout);
    }

    private static string[] Lines(string text) => text.Split('\n');

    [Test]
    public void The_eval_report_reads_the_same_in_colour_with_its_title_headings_and_urgent_advice_coloured()
    {
        var (coloured, plain) = Stdout(Repo.Root, "eval", "examples/profiles/red-flag-numbness.json");

        var lines = Lines(coloured);
        lines.Should().Contain(Bold + "Profile red-flag-numbness" + Reset);
        lines.Should().Contain(Bold + "  Recommended:" + Reset);
        lines.Should().Contain(l => l.StartsWith("    " + Urgent + "[urgent]" + Reset + " seek_emergency_care - "));
        // Every urgent item is marked, and nothing else is.
        CountOf(coloured, Urgent + "[urgent]" + Reset).Should().Be(CountOf(plain, "[urgent]")).And.BeGreaterThan(0);
        CountOf(coloured, Urgent).Should().Be(CountOf(plain, "[urgent]"));
        lines.Should().Contain(l => l.StartsWith("    [high] see_physiotherapist - "));
        lines.Should().Contain(l => l.StartsWith("  Rules fired: "));
    }

    [Test]
    public void Several_profiles_and_an_NDJSON_batch_read_the_same_in_colour()
    {
        var (coloured, plain) = Stdout(Repo.Root, "eval", "examples/profiles/pregnant-runner.json", "examples/profiles/club-batch.ndjson");

        var titles = Lines(plain).Where(l => l.StartsWith("Profile ")).ToArray();
        titles.Should().HaveCountGreaterThan(2);
        Lines(coloured).Where(l => l.Contains("Profile ")).Should().Equal(titles.Select(t => Bold + t + Reset));
    }

    [Test]
    public void The_explain_report_reads_the_same_in_colour_with_its_section_headings_bold()
    {
        var (coloured, _) = Stdout(Repo.Root, "eval", "--explain", "examples/profiles/desk-worker-peloton.json");

        var lines = Lines(coloured);
        lines.Should().Contain(new[]
        {
            Bold + "Profile desk-worker-peloton" + Reset,
            Bold + ResultFormatter.AskNextHeading + Reset,
            Bold + "  Why these rules fired:" + Reset,
            Bold + "  Where the concluded facts come from:" + Reset,
            Bold + "  Undetermined rules (the facts that would decide them):" + Reset,
            "    keep_training: \"Pain up to 5/10 during a run that settles within 24 hours is acceptable (pain-monitoring model, Silbernagel 2007)\"",
        });
    }

    [Test]
    public void Check_reads_the_same_in_colour_with_each_severity_and_code_coloured()
    {
        var (coloured, plain) = Stdout(Repo.Root, "check", Path.Combine("tests", "BackPainRules.Tests", "Golden", "diagnostics"));

        var plainLines = Lines(plain).Where(l => l.Length > 0).ToArray();
        var colouredLines = Lines(coloured).Where(l => l.Contains("BPR")).ToArray();
        colouredLines.Should().HaveCount(plainLines.Length);
        plainLines.Should().Contain(l => l.Contains(": error BPR")).And.Contain(l => l.Contains(": warning BPR"));
        for (int i = 0; i < plainLines.Length; i++)
        {
            // FILE:LINE:COL: error BPR101: message  ->  only "error BPR101" is coloured.
            var parts = System.Text.RegularExpressions.Regex.Match(plainLines[i], @"^(.*?: )((error|warning) BPR\d+)(: .*)$");
            parts.Success.Should().BeTrue(plainLines[i]);
            string colour = parts.Groups[3].Value == "error" ? Red : Yellow;
            colouredLines[i].Should().EndWith(parts.Groups[1].Value + colour + parts.Groups[2].Value + Reset + parts.Groups[4].Value);
        }
    }

    [Test]
    public void The_test_report_reads_the_same_in_colour_with_each_verdict_coloured()
    {
        folder.Write("r.rules", """
            fact overstride: bool
            fact cadence: number 100..240
            recommendation drill "Cadence drill" priority urgent
            rule short_steps:
              if overstride and cadence < 160
              then recommend drill
              because "Short steps land under the body"

            test "overstrider gets the drill":
              given overstride, cadence = 150
              expect recommend drill

            test "fast stepper":
              given overstride, cadence = 170
              expect recommend drill
            """);
        var (coloured, plain) = Stdout(folder.Path, "test", "r.rules", "--coverage");

        plain.Should().Contain("FAIL r.rules:13 fast stepper");
        var lines = Lines(coloured);
        lines.Should().Contain(new[]
        {
            Green + "PASS" + Reset + " r.rules:9 overstrider gets the drill",
            Urgent + "FAIL" + Reset + " r.rules:13 fast stepper",
            "1 passed, 1 failed",
        });
        lines.Should().Contain(l => l.StartsWith("Coverage: 1 of 1 rules"));
    }

    [Test]
    public void Bad_profiles_on_stderr_read_the_same_in_colour_with_the_severity_and_code_coloured()
    {
        folder.Write("batch.ndjson", "{\"$id\": \"ok\"}\n{\"cadence\": 250}\n");
        var coloured = PseudoTerminal.Run(folder.Path, "", ">/dev/null", "eval", "batch.ndjson");
        var plain = RulesProcess.Run(folder.Path, "eval", "batch.ndjson");

        coloured.ExitCode.Should().Be(1).And.Be(plain.ExitCode);
        plain.Stderr.Should().StartWith("batch.ndjson:2:13: error BPR304: ");
        PseudoTerminal.Strip(coloured.Stdout).Should().Be(plain.Stderr);
        coloured.Stdout.Should().Contain("batch.ndjson:2:13: " + Red + "error BPR304" + Reset + ": fact 'cadence'");
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}

/// <summary>
/// The library marks the spans of its reports as it writes them: the titles, the headings, urgent
/// items, verdicts and diagnostics' severities, over every example profile, and the text with the marks
/// is the plain report.
/// </summary>
public class ReportStyleTests
{
    /// <summary>Records each styled span; the text stays the plain text.</summary>
    private sealed class RecordingWriter : ReportWriter
    {
        public List<(TextStyle Style, string Text)> Spans { get; } = new();

        protected override void AppendStyled(string text, TextStyle style)
        {
            Spans.Add((style, text));
            base.AppendStyled(text, style);
        }
    }

    private static readonly CompiledRuleSet BuiltIn = RuleSet.BuiltIn.Compile();

    private static IEnumerable<string> ExampleProfiles() =>
        Directory.EnumerateFiles(Path.Combine(Repo.Examples, "profiles"))
            .Where(p => !p.EndsWith(".expected.json", StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .OrderBy(p => p, StringComparer.Ordinal)!;

    private static IEnumerable<Profile> Read(string file)
    {
        var reads = BuiltIn.ReadProfiles(Path.Combine(Repo.Examples, "profiles", file)).ToList();
        reads.Should().NotBeEmpty().And.OnlyContain(r => r.Profile != null);
        return reads.Select(r => r.Profile!);
    }

    private static IEnumerable<(TextStyle, string)> ExpectedSpans(EvaluationResult result, IReadOnlyList<AskNextQuestion> askNext)
    {
        yield return (TextStyle.Heading, "Profile " + result.Profile);
        if (askNext.Count > 0) yield return (TextStyle.Heading, ResultFormatter.AskNextHeading);
        foreach (var question in askNext.Where(q => q.Priority == Priority.Urgent)) yield return (TextStyle.Urgent, "[urgent]");
        if (result.Recommendations.Count > 0) yield return (TextStyle.Heading, "  Recommended:");
        foreach (var item in result.Recommendations.Where(i => i.Priority == Priority.Urgent)) yield return (TextStyle.Urgent, "[urgent]");
        if (result.Avoid.Count > 0) yield return (TextStyle.Heading, "  Avoid:");
        foreach (var item in result.Avoid.Where(i => i.Priority == Priority.Urgent)) yield return (TextStyle.Urgent, "[urgent]");
        if (result.Withheld.Count > 0) yield return (TextStyle.Heading, "  Withheld (given only once the contraindication is ruled out):");
        foreach (var item in result.Withheld.Where(i => i.Priority == Priority.Urgent)) yield return (TextStyle.Urgent, "[urgent]");
    }

    [TestCaseSource(nameof(ExampleProfiles))]
    public void The_eval_report_marks_its_title_headings_and_urgent_items(string file)
    {
        foreach (var profile in Read(file))
        {
            var result = BuiltIn.Evaluate(profile);
            var writer = new RecordingWriter();
            var ask = BuiltIn.AskNext(profile);
            ResultFormatter.WriteText(result, ask, writer);

            writer.ToString().Should().Be(ResultFormatter.ToText(result, ask));
            writer.Spans.Should().Equal(ExpectedSpans(result, ask));

            // Without the rule set there are no questions to word, and so no question is styled.
            var plain = new RecordingWriter();
            ResultFormatter.WriteText(result, plain);
            plain.ToString().Should().Be(result.ToText());
            plain.Spans.Should().Equal(ExpectedSpans(result, Array.Empty<AskNextQuestion>()));
        }
    }

    [TestCaseSource(nameof(ExampleProfiles))]
    public void The_explain_report_marks_its_section_headings_too(string file)
    {
        foreach (var profile in Read(file))
        {
            var explanation = BuiltIn.Explain(profile);
            var writer = new RecordingWriter();
            ExplanationFormatter.WriteText(explanation, writer);

            writer.ToString().Should().Be(ExplanationFormatter.ToText(explanation));
            var expected = ExpectedSpans(explanation.Result, explanation.AskNext).ToList();
            if (explanation.Fired.Count > 0) expected.Add((TextStyle.Heading, "  Why these rules fired:"));
            if (explanation.Concluded.Count > 0) expected.Add((TextStyle.Heading, "  Where the concluded facts come from:"));
            if (explanation.Undetermined.Count > 0) expected.Add((TextStyle.Heading, "  Undetermined rules (the facts that would decide them):"));
            if (explanation.Withheld.Count > 0) expected.Add((TextStyle.Heading, "  Why advice is withheld:"));
            if (explanation.Scores.Count > 0) expected.Add((TextStyle.Heading, "  How the scores were counted:"));
            writer.Spans.Should().Equal(expected);
        }
    }

    [Test]
    public void The_test_report_marks_each_verdict_and_nothing_else()
    {
        var run = TestSuite.Run(new[] { Repo.Examples });
        run.Outcomes.Should().NotBeEmpty();
        var writer = new RecordingWriter();
        TestReportFormatter.WriteText(run, showCoverage: true, writer);

        writer.ToString().Should().Be(TestReportFormatter.ToText(run, showCoverage: true));
        writer.Spans.Should().Equal(run.Outcomes.Select(o => o.Passed ? (TextStyle.Passed, "PASS") : (TextStyle.Failed, "FAIL")));
    }

    [Test]
    public void A_diagnostic_marks_its_severity_and_code()
    {
        var diagnostics = Checker.Check(new[] { Path.Combine(Repo.Root, "tests", "BackPainRules.Tests", "Golden", "diagnostics") });
        diagnostics.Should().Contain(d => d.IsError).And.Contain(d => !d.IsError);
        foreach (var diagnostic in diagnostics)
        {
            var writer = new RecordingWriter();
            diagnostic.WriteTo(writer);

            writer.ToString().Should().Be($"{diagnostic.Location}: {(diagnostic.IsError ? "error" : "warning")} {diagnostic.Code}: {diagnostic.Message}");
            diagnostic.ToString().Should().Be(writer.ToString());
            writer.Spans.Should().Equal(diagnostic.IsError
                ? (TextStyle.Error, "error " + diagnostic.Code)
                : (TextStyle.Warning, "warning " + diagnostic.Code));
        }
    }
}
