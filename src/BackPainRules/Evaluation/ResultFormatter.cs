using System.Globalization;
using System.Text;
using BackPainRules.Syntax;

namespace BackPainRules.Evaluation;

/// <summary>
/// Writes results. JSON follows SPEC §6 to the byte: one compact line, keys in the documented order,
/// only <c>"</c>, <c>\</c> and control characters escaped, so the same inputs give the same bytes.
/// </summary>
public static class ResultFormatter
{
    /// <summary>The compact JSON line for a result.</summary>
    public static string ToJson(EvaluationResult result)
    {
        var json = new StringBuilder(2048);
        json.Append("{\"profile\":");
        String(json, result.Profile);
        json.Append(",\"recommendations\":");
        Items(json, result.Recommendations);
        json.Append(",\"avoid\":");
        Items(json, result.Avoid);
        json.Append(",\"concluded\":");
        Strings(json, result.Concluded);
        json.Append(",\"fired\":");
        Strings(json, result.Fired);
        json.Append(",\"undetermined\":[");
        for (int i = 0; i < result.Undetermined.Count; i++)
        {
            if (i > 0) json.Append(',');
            json.Append("{\"rule\":");
            String(json, result.Undetermined[i].Rule);
            json.Append(",\"missing\":");
            Strings(json, result.Undetermined[i].Missing);
            json.Append('}');
        }
        json.Append("],\"warnings\":[");
        for (int i = 0; i < result.Warnings.Count; i++)
        {
            if (i > 0) json.Append(',');
            json.Append("{\"code\":");
            String(json, result.Warnings[i].Code);
            json.Append(",\"message\":");
            String(json, result.Warnings[i].Message);
            json.Append('}');
        }
        json.Append("]}");
        return json.ToString();
    }

    /// <summary>The lower-case name of a priority, as in the language and the JSON output.</summary>
    public static string PriorityName(Priority priority) => priority switch
    {
        Priority.Urgent => "urgent",
        Priority.High => "high",
        Priority.Normal => "normal",
        _ => "low",
    };

    private static void Items(StringBuilder json, IReadOnlyList<RecommendationResult> items)
    {
        json.Append('[');
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0) json.Append(',');
            json.Append("{\"id\":");
            String(json, items[i].Id);
            json.Append(",\"text\":");
            if (items[i].Text is { } text) String(json, text);
            else json.Append("null");
            json.Append(",\"priority\":");
            String(json, PriorityName(items[i].Priority));
            json.Append(",\"rules\":");
            Strings(json, items[i].Rules);
            json.Append('}');
        }
        json.Append(']');
    }

    private static void Strings(StringBuilder json, IReadOnlyList<string> values)
    {
        json.Append('[');
        for (int i = 0; i < values.Count; i++)
        {
            if (i > 0) json.Append(',');
            String(json, values[i]);
        }
        json.Append(']');
    }

    // The characters SPEC §6 escapes: '"', '\\' and the control characters.
    private static readonly System.Buffers.SearchValues<char> NeedsEscape = System.Buffers.SearchValues.Create(
        "\"\\" + new string(Enumerable.Range(0, 32).Select(c => (char)c).ToArray()));

    private static void String(StringBuilder json, string value)
    {
        json.Append('"');
        var rest = value.AsSpan();
        // Most names and texts need no escape at all: copy them whole, and escape only where needed.
        for (int at = rest.IndexOfAny(NeedsEscape); at >= 0; at = rest.IndexOfAny(NeedsEscape))
        {
            json.Append(rest[..at]);
            char c = rest[at];
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                default: json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
            }
            rest = rest[(at + 1)..];
        }
        json.Append(rest).Append('"');
    }

    /// <summary>A plain-text report for a clinician: what to do, what to avoid, and what is still unknown.</summary>
    public static string ToText(EvaluationResult result)
    {
        var text = new StringBuilder();
        text.Append("Profile ").AppendLine(result.Profile);
        Section(text, "Recommended", result.Recommendations);
        Section(text, "Avoid", result.Avoid);
        if (result.Concluded.Count > 0) text.Append("  Concluded: ").AppendLine(string.Join(", ", result.Concluded));
        text.Append("  Rules fired: ").AppendLine(result.Fired.Count == 0 ? "none" : string.Join(", ", result.Fired));
        if (result.Undetermined.Count > 0)
        {
            text.AppendLine("  Undetermined (facts that would decide them):");
            foreach (var rule in result.Undetermined)
            {
                text.Append("    ").Append(rule.Rule).Append(": ")
                    .AppendLine(rule.Missing.Count == 0 ? "(no single fact; a division by zero)" : string.Join(", ", rule.Missing));
            }
        }
        foreach (var warning in result.Warnings)
        {
            text.Append("  warning ").Append(warning.Code).Append(": ").AppendLine(warning.Message);
        }
        return text.ToString();
    }

    private static void Section(StringBuilder text, string title, IReadOnlyList<RecommendationResult> items)
    {
        if (items.Count == 0)
        {
            text.Append("  ").Append(title).AppendLine(": none");
            return;
        }
        text.Append("  ").Append(title).AppendLine(":");
        foreach (var item in items)
        {
            text.Append("    [").Append(PriorityName(item.Priority)).Append("] ").Append(item.Id);
            if (item.Text is { } description) text.Append(" - ").Append(description);
            text.Append("  (").Append(string.Join(", ", item.Rules)).AppendLine(")");
        }
    }
}
