using System.Globalization;
using System.Text;
using BackPainRules.Evaluation;
using BackPainRules.Text;

namespace BackPainRules.Testing;

/// <summary>Writes a test run as <c>rules test</c> prints it, and as JSON for the editor's test view.</summary>
public static class TestReportFormatter
{
    /// <summary>One line per test (with the reasons for each failure), optionally the coverage, and the final <c>N passed, N failed</c>.</summary>
    public static string ToText(TestSuiteRun run, bool showCoverage)
    {
        var text = new ReportWriter();
        WriteText(run, showCoverage, text);
        return text.ToString();
    }

    /// <summary>Writes the report of <see cref="ToText(TestSuiteRun, bool)"/>, each verdict styled.</summary>
    public static void WriteText(TestSuiteRun run, bool showCoverage, ReportWriter text)
    {
        foreach (var outcome in run.Outcomes)
        {
            text.Append(outcome.Passed ? "PASS" : "FAIL", outcome.Passed ? TextStyle.Passed : TextStyle.Failed).Append(' ')
                .Append(outcome.Location.Path).Append(':').Append(outcome.Location.Start.Line)
                .Append(' ').AppendLine(outcome.Name);
            foreach (var failure in outcome.Failures)
            {
                text.Append("     ").Append(failure.Location.ToString()).Append(": ").AppendLine(failure.Expectation);
                text.Append("       ").AppendLine(failure.Message);
                foreach (var rule in failure.Rules) ExplanationFormatter.AppendRule(text, rule, "       ");
            }
        }
        if (showCoverage)
        {
            int covered = run.Coverage.Count(c => c.Covered);
            text.Append("Coverage: ").Append(covered).Append(" of ").Append(run.Coverage.Count)
                .Append(" rules fired in some test (").Append(Percent(run.CoveragePercent)).AppendLine("%)");
            foreach (var rule in run.Coverage)
            {
                text.Append(rule.Covered ? "  covered     " : "  NOT COVERED ").Append(rule.Location.ToString()).Append(' ').AppendLine(rule.Rule);
            }
        }
        text.Append(run.Passed).Append(" passed, ").Append(run.Failed).AppendLine(" failed");
    }

    /// <summary>The run as one JSON document: tests with failures, coverage, and the counts.</summary>
    public static string ToJson(TestSuiteRun run)
    {
        var json = new JsonWriter();
        json.StartObject();
        json.Property("tests");
        json.StartArray();
        foreach (var outcome in run.Outcomes)
        {
            json.StartObject();
            json.Property("name", outcome.Name);
            WriteLocation(json, outcome.Location);
            json.Property("passed");
            json.Bool(outcome.Passed);
            json.Property("failures");
            json.StartArray();
            foreach (var failure in outcome.Failures)
            {
                json.StartObject();
                json.Property("expectation", failure.Expectation);
                WriteLocation(json, failure.Location);
                json.Property("message", failure.Message);
                json.Property("rules", failure.Rules.Select(rule =>
                {
                    var why = new StringBuilder();
                    ExplanationFormatter.AppendRule(why, rule, "");
                    return why.ToString().TrimEnd();
                }));
                json.EndObject();
            }
            json.EndArray();
            json.EndObject();
        }
        json.EndArray();
        json.Property("coverage");
        json.StartObject();
        json.Property("percent");
        json.Number(Math.Round(run.CoveragePercent, 1));
        json.Property("rules");
        json.StartArray();
        foreach (var rule in run.Coverage)
        {
            json.StartObject();
            json.Property("rule", rule.Rule);
            WriteLocation(json, rule.Location);
            json.Property("covered");
            json.Bool(rule.Covered);
            json.EndObject();
        }
        json.EndArray();
        json.EndObject();
        json.Property("passed");
        json.Number(run.Passed);
        json.Property("failed");
        json.Number(run.Failed);
        json.EndObject();
        return json.ToString();
    }

    private static void WriteLocation(JsonWriter json, Diagnostics.SourceLocation location)
    {
        json.Property("file", location.Path);
        json.Property("line");
        json.Number(location.Start.Line);
        json.Property("column");
        json.Number(location.Start.Column);
    }

    private static string Percent(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
