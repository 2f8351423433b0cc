using System.Globalization;
using System.Text;
using BackPainRules.Evaluation;
using BackPainRules.Text;
using Newtonsoft.Json;

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
        var json = new StringWriter();
        using (var writer = new JsonTextWriter(json) { Formatting = Newtonsoft.Json.Formatting.None })
        {
            writer.WriteStartObject();
            writer.WritePropertyName("tests");
            writer.WriteStartArray();
            foreach (var outcome in run.Outcomes)
            {
                writer.WriteStartObject();
                writer.WritePropertyName("name");
                writer.WriteValue(outcome.Name);
                WriteLocation(writer, outcome.Location);
                writer.WritePropertyName("passed");
                writer.WriteValue(outcome.Passed);
                writer.WritePropertyName("failures");
                writer.WriteStartArray();
                foreach (var failure in outcome.Failures)
                {
                    writer.WriteStartObject();
                    writer.WritePropertyName("expectation");
                    writer.WriteValue(failure.Expectation);
                    WriteLocation(writer, failure.Location);
                    writer.WritePropertyName("message");
                    writer.WriteValue(failure.Message);
                    writer.WritePropertyName("rules");
                    writer.WriteStartArray();
                    foreach (var rule in failure.Rules)
                    {
                        var why = new StringBuilder();
                        ExplanationFormatter.AppendRule(why, rule, "");
                        writer.WriteValue(why.ToString().TrimEnd());
                    }
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WritePropertyName("coverage");
            writer.WriteStartObject();
            writer.WritePropertyName("percent");
            writer.WriteValue(Math.Round(run.CoveragePercent, 1));
            writer.WritePropertyName("rules");
            writer.WriteStartArray();
            foreach (var rule in run.Coverage)
            {
                writer.WriteStartObject();
                writer.WritePropertyName("rule");
                writer.WriteValue(rule.Rule);
                WriteLocation(writer, rule.Location);
                writer.WritePropertyName("covered");
                writer.WriteValue(rule.Covered);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WritePropertyName("passed");
            writer.WriteValue(run.Passed);
            writer.WritePropertyName("failed");
            writer.WriteValue(run.Failed);
            writer.WriteEndObject();
        }
        return json.ToString();
    }

    private static void WriteLocation(JsonTextWriter writer, Diagnostics.SourceLocation location)
    {
        writer.WritePropertyName("file");
        writer.WriteValue(location.Path);
        writer.WritePropertyName("line");
        writer.WriteValue(location.Start.Line);
        writer.WritePropertyName("column");
        writer.WriteValue(location.Start.Column);
    }

    private static string Percent(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
