using System.Text;
using BackPainRules.Semantics;
using BackPainRules.Syntax;
using BackPainRules.Text;

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
        var json = ThreadBuffer ??= new Utf8JsonBuffer();
        json.Clear();
        WriteJson(result, json);
        return Encoding.UTF8.GetString(json.Written.Span);
    }

    // One buffer per thread, reused: a result's JSON is written into it and then copied out once.
    [ThreadStatic] private static Utf8JsonBuffer? ThreadBuffer;

    /// <summary>Writes the compact JSON line for a result, as UTF-8, without a line end.</summary>
    internal static void WriteJson(EvaluationResult result, Utf8JsonBuffer json)
    {
        json.Raw("{\"profile\":"u8);
        json.String(result.Profile);
        json.Raw(",\"recommendations\":"u8);
        Items(json, result.Recommendations);
        json.Raw(",\"avoid\":"u8);
        Items(json, result.Avoid);
        json.Raw(",\"withheld\":["u8);
        for (int i = 0; i < result.Withheld.Count; i++)
        {
            var item = result.Withheld[i];
            if (i > 0) json.Raw((byte)',');
            Item(json, item.Id, item.Text, item.Priority, item.Rules);
            json.Raw(",\"missing\":"u8);
            Strings(json, item.Missing);
            json.Raw((byte)'}');
        }
        json.Raw("],\"concluded\":"u8);
        Strings(json, result.Concluded);
        json.Raw(",\"scores\":["u8);
        for (int i = 0; i < result.Scores.Count; i++)
        {
            var score = result.Scores[i];
            if (i > 0) json.Raw((byte)',');
            json.Raw("{\"id\":"u8);
            json.String(score.Id);
            json.Raw(",\"value\":"u8);
            NumberOrNull(json, score.Value);
            json.Raw(",\"min\":"u8);
            NumberOrNull(json, score.Min);
            json.Raw(",\"max\":"u8);
            NumberOrNull(json, score.Max);
            json.Raw((byte)'}');
        }
        json.Raw((byte)']');
        json.Raw(",\"fired\":"u8);
        Strings(json, result.Fired);
        json.Raw(",\"undetermined\":["u8);
        for (int i = 0; i < result.Undetermined.Count; i++)
        {
            if (i > 0) json.Raw((byte)',');
            json.Raw("{\"rule\":"u8);
            json.String(result.Undetermined[i].Rule);
            json.Raw(",\"missing\":"u8);
            Strings(json, result.Undetermined[i].Missing);
            json.Raw((byte)'}');
        }
        json.Raw("],\"warnings\":["u8);
        for (int i = 0; i < result.Warnings.Count; i++)
        {
            if (i > 0) json.Raw((byte)',');
            json.Raw("{\"code\":"u8);
            json.String(result.Warnings[i].Code);
            json.Raw(",\"message\":"u8);
            json.String(result.Warnings[i].Message);
            json.Raw((byte)'}');
        }
        json.Raw("]}"u8);
    }

    /// <summary>The lower-case name of a priority, as in the language and the JSON output.</summary>
    public static string PriorityName(Priority priority) => Priorities.Keyword(priority);

    private static void Items(Utf8JsonBuffer json, IReadOnlyList<RecommendationResult> items)
    {
        json.Raw((byte)'[');
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0) json.Raw((byte)',');
            Item(json, items[i].Id, items[i].Text, items[i].Priority, items[i].Rules);
            json.Raw((byte)'}');
        }
        json.Raw((byte)']');
    }

    /// <summary>An item's object up to its rules, left open for the caller to add keys and close.</summary>
    private static void Item(Utf8JsonBuffer json, string id, string? text, Priority priority, IReadOnlyList<string> rules)
    {
        json.Raw("{\"id\":"u8);
        json.String(id);
        json.Raw(",\"text\":"u8);
        json.String(text);
        json.Raw(",\"priority\":"u8);
        json.String(PriorityName(priority));
        json.Raw(",\"rules\":"u8);
        Strings(json, rules);
    }

    private static void NumberOrNull(Utf8JsonBuffer json, double? value)
    {
        if (value is { } number) json.Number(number);
        else json.Raw("null"u8);
    }

    private static void Strings(Utf8JsonBuffer json, IReadOnlyList<string> values)
    {
        json.Raw((byte)'[');
        for (int i = 0; i < values.Count; i++)
        {
            if (i > 0) json.Raw((byte)',');
            json.String(values[i]);
        }
        json.Raw((byte)']');
    }

    /// <summary>A plain-text report for a clinician: what to do, what to avoid, and what is still unknown.</summary>
    /// <remarks>Without the rule set, the report cannot word the questions to ask next, so it only counts the undetermined rules; <see cref="ToText(EvaluationResult, IReadOnlyList{AskNextQuestion})"/> asks them.</remarks>
    public static string ToText(EvaluationResult result)
    {
        var text = new ReportWriter();
        WriteText(result, text);
        return text.ToString();
    }

    /// <summary>
    /// The report of <see cref="ToText(EvaluationResult)"/>, opening with the questions to ask next
    /// (from <c>CompiledRuleSet.AskNext</c>).
    /// </summary>
    public static string ToText(EvaluationResult result, IReadOnlyList<AskNextQuestion> askNext)
    {
        var text = new ReportWriter();
        WriteText(result, askNext, text);
        return text.ToString();
    }

    /// <summary>Writes the report of <see cref="ToText(EvaluationResult)"/>, its title, headings and urgent items styled.</summary>
    public static void WriteText(EvaluationResult result, ReportWriter text) => WriteText(result, null, text);

    /// <summary>Writes the report with the given questions to ask next (none when null), its title, headings and urgent items styled.</summary>
    public static void WriteText(EvaluationResult result, IReadOnlyList<AskNextQuestion>? askNext, ReportWriter text)
    {
        text.AppendLine("Profile " + result.Profile, TextStyle.Heading);
        if (askNext is { Count: > 0 }) AskNextSection(text, askNext);
        Section(text, "Recommended", result.Recommendations);
        Section(text, "Avoid", result.Avoid);
        if (result.Withheld.Count > 0)
        {
            text.AppendLine("  Withheld (given only once the contraindication is ruled out):", TextStyle.Heading);
            foreach (var item in result.Withheld)
            {
                ItemLine(text, item.Id, item.Text, item.Priority, item.Rules);
                text.Append("      ").AppendLine(item.Missing.Count == 0
                    ? "contraindicated: its 'unless' holds"
                    : askNext is { Count: > 0 } && item.Missing.Count > ShortList
                        ? $"waiting for {item.Missing.Count} answers asked above"
                        : "waiting for: " + string.Join(", ", item.Missing));
            }
        }
        if (result.Concluded.Count > 0) text.Append("  Concluded: ").AppendLine(string.Join(", ", result.Concluded));
        if (result.Scores.Count > 0) text.Append("  Scores: ").AppendLine(string.Join(", ", result.Scores.Select(ScoreText)));
        text.Append("  Rules fired: ").AppendLine(result.Fired.Count == 0 ? "none" : string.Join(", ", result.Fired));
        if (result.Undetermined.Count > 0)
        {
            text.Append("  Undetermined: ").Append(result.Undetermined.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .AppendLine(result.Undetermined.Count == 1 ? " rule (--explain lists it)" : " rules (--explain lists them)");
        }
        foreach (var warning in result.Warnings)
        {
            text.Append("  warning ").Append(warning.Code).Append(": ").AppendLine(warning.Message);
        }
    }

    // A withheld item waiting for more answers than this, when the report asks them, says how many instead of naming them.
    private const int ShortList = 4;

    /// <summary>The heading of the questions to ask next.</summary>
    public const string AskNextHeading = "  Ask next (the most urgent advice it could decide first):";

    private static void AskNextSection(ReportWriter text, IReadOnlyList<AskNextQuestion> questions)
    {
        text.AppendLine(AskNextHeading, TextStyle.Heading);
        // A question no answer of which can change the advice now (everything it decides is given, or
        // blocked by an `unless` that holds) is not worth a clinician's time: it is counted, not asked.
        // When no question can change the advice, they are all listed, as there is nothing else to ask.
        int idle = questions.Count(q => q.Priority is null);
        bool fold = idle < questions.Count;
        foreach (var question in questions)
        {
            if (fold && question.Priority is null) continue;
            text.Append("    ");
            if (question.Priority is { } priority)
            {
                text.Append("[" + PriorityName(priority) + "]", priority == Priority.Urgent ? TextStyle.Urgent : TextStyle.Plain).Append(' ');
            }
            text.Append(question.Question);
            if (question.Question != question.Fact) text.Append("  (").Append(question.Fact).Append(')');
            text.AppendLine();
        }
        if (fold && idle > 0)
        {
            text.Append("    and ").Append(idle.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .AppendLine(idle == 1 ? " more question that cannot change the advice now (--format json --explain lists it)"
                    : " more questions that cannot change the advice now (--format json --explain lists them)");
        }
    }

    private static void Section(ReportWriter text, string title, IReadOnlyList<RecommendationResult> items)
    {
        if (items.Count == 0)
        {
            text.Append("  ").Append(title).AppendLine(": none");
            return;
        }
        text.AppendLine("  " + title + ":", TextStyle.Heading);
        foreach (var item in items) ItemLine(text, item.Id, item.Text, item.Priority, item.Rules);
    }

    private static void ItemLine(ReportWriter text, string id, string? description, Priority priority, IReadOnlyList<string> rules)
    {
        text.Append("    ")
            .Append("[" + PriorityName(priority) + "]", priority == Priority.Urgent ? TextStyle.Urgent : TextStyle.Plain)
            .Append(' ').Append(id);
        if (description is { } d) text.Append(" - ").Append(d);
        text.Append("  (").Append(string.Join(", ", rules)).AppendLine(")");
    }

    /// <summary>A score as a clinician reads it: <c>bmi = 23.4</c>, <c>startback_total = 3..5</c>, <c>ratio: no value</c>.</summary>
    public static string ScoreText(ScoreResult score) =>
        score.IsOpen ? $"{score.Id}: unknown" : $"{score.Id} = {score.ValueText}";
}
