using System.Text;
using BackPainRules.Text;
using Newtonsoft.Json;

namespace BackPainRules.Evaluation;

/// <summary>Writes explanations: as text a clinician can follow, and as JSON for the editor's evaluation panel.</summary>
public static class ExplanationFormatter
{
    /// <summary>The result's report followed by the reasoning: why each rule fired, what would decide each undetermined rule, and where each concluded fact came from.</summary>
    public static string ToText(EvaluationExplanation explanation)
    {
        var text = new ReportWriter();
        WriteText(explanation, text);
        return text.ToString();
    }

    /// <summary>Writes the report of <see cref="ToText(EvaluationExplanation)"/>, its title and headings styled.</summary>
    public static void WriteText(EvaluationExplanation explanation, ReportWriter text)
    {
        ResultFormatter.WriteText(explanation.Result, text);
        if (explanation.Fired.Count > 0)
        {
            text.AppendLine("  Why these rules fired:", TextStyle.Heading);
            foreach (var rule in explanation.Fired) AppendRule(text, rule, "    ");
        }
        if (explanation.Undetermined.Count > 0)
        {
            text.AppendLine("  What would decide the undetermined rules:", TextStyle.Heading);
            foreach (var rule in explanation.Undetermined) AppendRule(text, rule, "    ");
        }
        if (explanation.Concluded.Count > 0)
        {
            text.AppendLine("  Where the concluded facts come from:", TextStyle.Heading);
            foreach (var chain in explanation.Concluded) AppendChain(text, chain, "    ");
        }
    }

    /// <summary>A rule with its condition traced, as in <c>rules eval --explain</c> and failing tests.</summary>
    public static void AppendRule(StringBuilder text, RuleExplanation rule, string indent) => AppendRule(new ReportWriter(text), rule, indent);

    /// <summary>A rule with its condition traced, as in <c>rules eval --explain</c> and failing tests.</summary>
    public static void AppendRule(ReportWriter text, RuleExplanation rule, string indent)
    {
        string outcome = rule.Truth switch
        {
            Truth.True => "fired",
            Truth.False => "did not fire: its condition is false",
            _ => "is undetermined" + (rule.Missing.Count > 0 ? $": it needs {string.Join(", ", rule.Missing)}" : ""),
        };
        text.Append(indent).Append(rule.Rule).Append(' ').AppendLine(outcome);
        AppendTrace(text, rule.Condition, indent + "  ");
        if (rule.Because is { } because) text.Append(indent).Append("  because \"").Append(because).AppendLine("\"");
    }

    private static void AppendTrace(ReportWriter text, ConditionTrace trace, string indent)
    {
        text.Append(indent).Append(trace.Text).Append("  -> ").Append(Name(trace.Truth));
        if (trace.Facts.Count > 0)
        {
            text.Append("  (").Append(string.Join(", ", trace.Facts.Select(Reading))).Append(')');
        }
        text.AppendLine();
        // One level per composite part; a long "and"/"or" shows each operand on its own line.
        foreach (var part in trace.Parts) AppendTrace(text, part, indent + "  ");
    }

    private static string Reading(FactReading reading) => reading.Source switch
    {
        "unknown" => $"{reading.Fact} is unknown",
        "concluded" => $"{reading.Fact} = {reading.Value}, concluded",
        _ => $"{reading.Fact} = {reading.Value}",
    };

    private static void AppendChain(ReportWriter text, ConclusionChain chain, string indent)
    {
        foreach (var step in chain.Rules)
        {
            text.Append(indent).Append(chain.Fact).Append(" <- ").Append(step.Rule);
            if (step.Because is { } because) text.Append(": \"").Append(because).Append('"');
            text.AppendLine();
            foreach (var from in step.From) AppendChain(text, from, indent + "  ");
        }
    }

    private static string Name(Truth truth) => truth switch { Truth.True => "true", Truth.False => "false", _ => "unknown" };

    /// <summary>The result's JSON line (SPEC §6) with one more key, <c>explanation</c>, holding the reasoning as data.</summary>
    public static string ToJson(EvaluationExplanation explanation)
    {
        string result = ResultFormatter.ToJson(explanation.Result);
        var json = new StringWriter();
        using (var writer = new JsonTextWriter(json) { Formatting = Newtonsoft.Json.Formatting.None })
        {
            writer.WriteStartObject();
            writer.WritePropertyName("fired");
            WriteRules(writer, explanation.Fired);
            writer.WritePropertyName("undetermined");
            WriteRules(writer, explanation.Undetermined);
            writer.WritePropertyName("concluded");
            writer.WriteStartArray();
            foreach (var chain in explanation.Concluded) WriteChain(writer, chain);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return result[..^1] + ",\"explanation\":" + json + "}";
    }

    private static void WriteRules(JsonTextWriter writer, IReadOnlyList<RuleExplanation> rules)
    {
        writer.WriteStartArray();
        foreach (var rule in rules)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("rule");
            writer.WriteValue(rule.Rule);
            writer.WritePropertyName("truth");
            writer.WriteValue(Name(rule.Truth));
            writer.WritePropertyName("because");
            writer.WriteValue(rule.Because);
            writer.WritePropertyName("missing");
            writer.WriteStartArray();
            foreach (var fact in rule.Missing) writer.WriteValue(fact);
            writer.WriteEndArray();
            writer.WritePropertyName("condition");
            WriteTrace(writer, rule.Condition);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteTrace(JsonTextWriter writer, ConditionTrace trace)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("text");
        writer.WriteValue(trace.Text);
        writer.WritePropertyName("truth");
        writer.WriteValue(Name(trace.Truth));
        writer.WritePropertyName("facts");
        writer.WriteStartArray();
        foreach (var fact in trace.Facts)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("fact");
            writer.WriteValue(fact.Fact);
            writer.WritePropertyName("value");
            writer.WriteValue(fact.Value);
            writer.WritePropertyName("source");
            writer.WriteValue(fact.Source);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WritePropertyName("parts");
        writer.WriteStartArray();
        foreach (var part in trace.Parts) WriteTrace(writer, part);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteChain(JsonTextWriter writer, ConclusionChain chain)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("fact");
        writer.WriteValue(chain.Fact);
        writer.WritePropertyName("rules");
        writer.WriteStartArray();
        foreach (var step in chain.Rules)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("rule");
            writer.WriteValue(step.Rule);
            writer.WritePropertyName("because");
            writer.WriteValue(step.Because);
            writer.WritePropertyName("from");
            writer.WriteStartArray();
            foreach (var from in step.From) WriteChain(writer, from);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
