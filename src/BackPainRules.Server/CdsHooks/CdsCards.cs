using System.Text;
using System.Text.Json;
using BackPainRules.Evaluation;
using BackPainRules.Semantics;
using BackPainRules.Syntax;

namespace BackPainRules.Server.CdsHooks;

/// <summary>One CDS Hooks card: what the EHR shows. <paramref name="Detail"/> is markdown.</summary>
public sealed record CdsCard(string Summary, string Indicator, string? Detail);

/// <summary>
/// The cards an evaluation result implies (CDS Hooks 2.0): one per recommendation (<c>critical</c> for urgent,
/// <c>warning</c> for high, <c>info</c> otherwise), one <c>warning</c> per item to avoid, and, when advice is
/// withheld for want of answers, one card listing the questions still open. Each card's detail gives the rules'
/// <c>because</c> texts.
/// </summary>
public static class CdsCards
{
    /// <summary>CDS Hooks limits a card's summary to under 140 characters.</summary>
    public const int MaxSummary = 139;

    /// <summary>The cards for <paramref name="result"/>, in the result's order: recommendations, items to avoid, then open questions.</summary>
    public static IReadOnlyList<CdsCard> From(EvaluationResult result, RuleSetModel model)
    {
        var cards = new List<CdsCard>();
        foreach (var item in result.Recommendations)
        {
            cards.Add(new CdsCard(Summary(item.Text ?? Readable(item.Id)), Indicator(item.Priority), Reasons(item.Rules, model, "Recommended")));
        }
        foreach (var item in result.Avoid)
        {
            cards.Add(new CdsCard(Summary("Avoid: " + (item.Text ?? Readable(item.Id))), "warning", Reasons(item.Rules, model, "Advised against")));
        }
        if (OpenQuestions(result, model) is { } open) cards.Add(open);
        return cards;
    }

    private static string Indicator(Priority priority) => priority switch
    {
        Priority.Urgent => "critical",
        Priority.High => "warning",
        Priority.Normal or Priority.Low => "info",
    };

    /// <summary>The <c>because</c> texts of the rules behind an item, one bullet each; the rules' ids where they give none.</summary>
    private static string Reasons(IReadOnlyList<string> rules, RuleSetModel model, string verb)
    {
        var detail = new StringBuilder();
        foreach (var id in rules)
        {
            var because = model.FindRule(id)?.Because;
            detail.Append("- ").Append(because is null ? $"{verb} by rule `{id}`" : $"{Markdown(because)} (rule `{id}`)").Append('\n');
        }
        return detail.ToString().TrimEnd('\n');
    }

    /// <summary>
    /// Advice withheld until questions are answered (its <c>unless</c> undecided) is one card naming the
    /// questions; advice withheld because its contraindication holds is not shown (it is not to be given).
    /// </summary>
    private static CdsCard? OpenQuestions(EvaluationResult result, RuleSetModel model)
    {
        var waiting = result.Withheld.Where(w => w.Missing.Count > 0).ToList();
        if (waiting.Count == 0) return null;
        var questions = waiting.SelectMany(w => w.Missing).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var detail = new StringBuilder("Answer these questions to decide it:\n");
        foreach (var fact in questions)
        {
            var description = (model.Lookup(fact) as FactSymbol)?.Description;
            detail.Append("- ").Append(description is null ? $"`{fact}`" : $"{Markdown(description)} (`{fact}`)").Append('\n');
        }
        detail.Append("\nWaiting on them:\n");
        foreach (var item in waiting) detail.Append("- ").Append(Markdown(item.Text ?? Readable(item.Id))).Append('\n');
        string summary = $"{waiting.Count} piece{(waiting.Count == 1 ? "" : "s")} of advice withheld until {questions.Count} question{(questions.Count == 1 ? " is" : "s are")} answered";
        return new CdsCard(Summary(summary), "warning", detail.ToString().TrimEnd('\n'));
    }

    private static string Readable(string id) => id.Replace('_', ' ');

    private static string Summary(string text) => text.Length <= MaxSummary ? text : text[..(MaxSummary - 1)].TrimEnd() + "…";

    /// <summary>Rule text is plain: characters markdown would read as markup are escaped.</summary>
    private static string Markdown(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#') escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    /// <summary>Writes <c>{"cards": [...]}</c>, each card with its <c>source</c>.</summary>
    public static void WriteResponse(Utf8JsonWriter json, IReadOnlyList<CdsCard> cards, string sourceLabel)
    {
        json.WriteStartObject();
        json.WriteStartArray("cards");
        foreach (var card in cards)
        {
            json.WriteStartObject();
            json.WriteString("summary", card.Summary);
            json.WriteString("indicator", card.Indicator);
            if (card.Detail is not null) json.WriteString("detail", card.Detail);
            json.WriteStartObject("source");
            json.WriteString("label", sourceLabel);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
