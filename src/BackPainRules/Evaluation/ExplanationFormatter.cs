using System.Globalization;
using System.Text;
using BackPainRules.Text;

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
    /// <remarks>
    /// Compact on purpose: each condition is shown only by the parts that decided it (for a fired rule,
    /// the parts that made it true), one part a line in one-line form, and a concluded fact read as
    /// false is followed by why it is false. The full traces are in the JSON.
    /// </remarks>
    public static void WriteText(EvaluationExplanation explanation, ReportWriter text)
    {
        ResultFormatter.WriteText(explanation.Result, explanation.AskNext, text);
        var notConcluded = explanation.NotConcluded.ToDictionary(f => f.Fact, f => f.Rules);
        if (explanation.Fired.Count > 0)
        {
            text.AppendLine("  Why these rules fired:", TextStyle.Heading);
            foreach (var rule in explanation.Fired) AppendDecisive(text, rule, "    ", notConcluded);
        }
        if (explanation.Concluded.Count > 0)
        {
            text.AppendLine("  Where the concluded facts come from:", TextStyle.Heading);
            foreach (var chain in explanation.Concluded) AppendChain(text, chain, "    ");
        }
        if (explanation.Undetermined.Count > 0)
        {
            text.AppendLine("  Undetermined rules (the facts that would decide them):", TextStyle.Heading);
            // As in Ask next: a rule decided only by questions that cannot change the advice now (it gives
            // only advice already given or blocked by an `unless` that holds) is counted, not listed.
            var idleQuestions = explanation.AskNext.Where(q => q.Priority is null).Select(q => q.Fact).ToHashSet(StringComparer.Ordinal);
            bool fold = idleQuestions.Count < explanation.AskNext.Count;
            int idleRules = 0;
            foreach (var rule in explanation.Undetermined)
            {
                if (fold && rule.Missing.Count > 0 && rule.Missing.All(idleQuestions.Contains))
                {
                    idleRules++;
                    continue;
                }
                text.Append("    ").Append(rule.Rule).Append(": ")
                    .AppendLine(rule.Missing.Count == 0 ? "(no single fact; a division by zero)" : string.Join(", ", rule.Missing));
            }
            if (idleRules > 0)
            {
                text.Append("    and ").Append(idleRules.ToString(CultureInfo.InvariantCulture))
                    .AppendLine(idleRules == 1 ? " more rule that cannot change the advice now (--format json lists it)"
                        : " more rules that cannot change the advice now (--format json lists them)");
            }
        }
        if (explanation.Withheld.Count > 0)
        {
            text.AppendLine("  Why advice is withheld:", TextStyle.Heading);
            // Items held back for the same reason are listed together, the reason once.
            foreach (var group in explanation.Withheld.GroupBy(item => (item.Unless.Text, Missing: string.Join(", ", item.Missing))))
            {
                var items = group.Select(item => item.Recommendation).ToList();
                string who = string.Join(", ", items);
                text.Append("    ").Append(who).Append(' ').AppendLine(group.Key.Missing.Length == 0
                    ? (items.Count == 1 ? "is contraindicated: its 'unless' is true" : "are contraindicated: their 'unless' is true")
                    : (items.Count == 1 ? "waits until its 'unless' is ruled out" : "wait until their 'unless' is ruled out")
                        + $": it needs {group.Key.Missing}");
                if (group.Key.Missing.Length == 0) AppendParts(text, group.First().Unless, "      ", notConcluded, new HashSet<string>());
            }
        }
        if (explanation.Scores.Count > 0)
        {
            text.AppendLine("  How the scores were counted:", TextStyle.Heading);
            foreach (var score in explanation.Scores)
            {
                text.Append("    ").Append(ResultFormatter.ScoreText(score.Score)).Append("  from ").AppendLine(OneLine(score.Expression));
                if (score.Missing.Count > 0) text.Append("      it needs ").AppendLine(string.Join(", ", score.Missing));
                foreach (var counted in score.Counted.Where(c => c.Truth == Truth.True))
                {
                    text.Append("      counted: ");
                    AppendLeaf(text, counted);
                }
            }
        }
    }

    /// <summary>A rule, its <c>because</c>, and the parts of its condition that decided it.</summary>
    private static void AppendDecisive(ReportWriter text, RuleExplanation rule, string indent,
        IReadOnlyDictionary<string, IReadOnlyList<RuleExplanation>> notConcluded)
    {
        text.Append(indent).Append(rule.Rule);
        if (rule.Because is { } because) text.Append(": \"").Append(because).Append('"');
        text.AppendLine();
        AppendParts(text, rule.Condition, indent + "  ", notConcluded, new HashSet<string>());
    }

    /// <summary>
    /// The parts of a condition that decided its truth, one a line: every part of a true 'and' or a
    /// false 'or', else only the parts with the condition's own truth. A concluded fact read as false is
    /// followed, once, by the rules that could have concluded it and what made each false.
    /// </summary>
    private static void AppendParts(ReportWriter text, ConditionTrace trace, string indent,
        IReadOnlyDictionary<string, IReadOnlyList<RuleExplanation>> notConcluded, HashSet<string> seen)
    {
        foreach (var leaf in Decisive(trace))
        {
            // A bare 'true' condition reads nothing: the rule always fires.
            if (leaf.Parts.Count == 0 && leaf.Facts.Count == 0 && leaf.Text.Trim() == "true") continue;
            text.Append(indent);
            AppendLeaf(text, leaf);
            foreach (var reading in Leaves(leaf).SelectMany(l => l.Facts))
            {
                if (reading.Source != "concluded" || reading.Value != "false" || !seen.Add(reading.Fact)) continue;
                if (!notConcluded.TryGetValue(reading.Fact, out var rules)) continue;
                foreach (var rule in rules)
                {
                    text.Append(indent).Append("  ").Append(reading.Fact).Append(" is false: ").Append(rule.Rule).AppendLine(" did not fire");
                    AppendParts(text, rule.Condition, indent + "    ", notConcluded, seen);
                }
            }
        }
    }

    private static IEnumerable<ConditionTrace> Decisive(ConditionTrace trace)
    {
        // 'not (...)' and atoms are shown whole.
        if (trace.Parts.Count < 2) return [trace];
        bool isAnd = IsAnd(trace);
        bool all = isAnd ? trace.Truth == Truth.True : trace.Truth == Truth.False;
        return trace.Parts.Where(p => all || p.Truth == trace.Truth).SelectMany(Decisive);
    }

    // A composite's kind, from how its text joins its first two parts.
    private static bool IsAnd(ConditionTrace trace)
    {
        var truths = trace.Parts.Select(p => p.Truth).ToList();
        // The truth of the whole tells 'and' from 'or' unless the parts agree; then the text does.
        if (truths.Distinct().Count() > 1)
        {
            if (trace.Truth == Truth.True) return false;
            if (trace.Truth == Truth.False) return true;
            return truths.Contains(Truth.True);
        }
        int end = trace.Text.IndexOf(trace.Parts[0].Text, StringComparison.Ordinal) + trace.Parts[0].Text.Length;
        int next = trace.Text.IndexOf(trace.Parts[1].Text, end, StringComparison.Ordinal);
        string between = end >= 0 && next >= end ? trace.Text[end..next] : "";
        return System.Text.RegularExpressions.Regex.IsMatch(between, @"\band\b");
    }

    private static IEnumerable<ConditionTrace> Leaves(ConditionTrace trace) =>
        trace.Parts.Count == 0 ? [trace] : trace.Parts.SelectMany(Leaves);

    private static void AppendLeaf(ReportWriter text, ConditionTrace leaf)
    {
        text.Append(OneLine(leaf.Text));
        if (leaf.Truth != Truth.True) text.Append(" is ").Append(Name(leaf.Truth));
        var facts = Leaves(leaf).SelectMany(l => l.Facts).DistinctBy(f => f.Fact).ToList();
        if (facts.Count > 0) text.Append("  (").Append(string.Join(", ", facts.Select(Reading))).Append(')');
        text.AppendLine();
    }

    /// <summary>
    /// A condition written over several lines (as <c>rules fmt</c> wraps long ones), as one line: comments
    /// dropped, each run of spaces and line ends one space, none just inside brackets, and a trailing comma
    /// before a closing bracket dropped, so <c>count of (\n a,\n b,\n)</c> reads <c>count of (a, b)</c>.
    /// </summary>
    public static string OneLine(string condition)
    {
        var lines = condition.Split('\n').Select(line => line.IndexOf('#') is int hash and >= 0 && !line.Contains('"') ? line[..hash] : line);
        string joined = System.Text.RegularExpressions.Regex.Replace(string.Join(" ", lines), @"\s+", " ").Trim();
        return System.Text.RegularExpressions.Regex.Replace(joined, @"\( | ?,? \)|,\)", match => match.Value.StartsWith('(') ? "(" : ")");
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
        text.Append(indent).Append(OneLine(trace.Text)).Append("  -> ").Append(Name(trace.Truth));
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

    private static string Name(Truth truth) => truth switch { Truth.True => "true", Truth.False => "false", Truth.Unknown => "unknown" };

    /// <summary>The result's JSON line (SPEC §6) with one more key, <c>explanation</c>, holding the reasoning as data.</summary>
    public static string ToJson(EvaluationExplanation explanation)
    {
        string result = ResultFormatter.ToJson(explanation.Result);
        var json = new JsonWriter();
        json.StartObject();
        json.Property("ask_next");
        json.StartArray();
        foreach (var question in explanation.AskNext)
        {
            json.StartObject();
            json.Property("fact", question.Fact);
            json.Property("question", question.Question);
            json.Property("priority", question.Priority is { } priority ? ResultFormatter.PriorityName(priority) : null);
            json.Property("decides", question.Decides);
            json.Property("withheld", question.Withheld);
            json.EndObject();
        }
        json.EndArray();
        json.Property("fired");
        WriteRules(json, explanation.Fired);
        json.Property("undetermined");
        WriteRules(json, explanation.Undetermined);
        json.Property("concluded");
        json.StartArray();
        foreach (var chain in explanation.Concluded) WriteChain(json, chain);
        json.EndArray();
        json.Property("withheld");
        json.StartArray();
        foreach (var item in explanation.Withheld)
        {
            json.StartObject();
            json.Property("recommendation", item.Recommendation);
            json.Property("missing", item.Missing);
            json.Property("unless");
            WriteTrace(json, item.Unless);
            json.EndObject();
        }
        json.EndArray();
        json.Property("scores");
        json.StartArray();
        foreach (var score in explanation.Scores)
        {
            json.StartObject();
            json.Property("score", score.Score.Id);
            json.Property("expression", score.Expression);
            json.Property("missing", score.Missing);
            json.Property("counted");
            json.StartArray();
            foreach (var counted in score.Counted) WriteTrace(json, counted);
            json.EndArray();
            json.EndObject();
        }
        json.EndArray();
        json.EndObject();
        return result[..^1] + ",\"explanation\":" + json + "}";
    }

    private static void WriteRules(JsonWriter json, IReadOnlyList<RuleExplanation> rules)
    {
        json.StartArray();
        foreach (var rule in rules)
        {
            json.StartObject();
            json.Property("rule", rule.Rule);
            json.Property("truth", Name(rule.Truth));
            json.Property("because", rule.Because);
            json.Property("missing", rule.Missing);
            json.Property("condition");
            WriteTrace(json, rule.Condition);
            json.EndObject();
        }
        json.EndArray();
    }

    private static void WriteTrace(JsonWriter json, ConditionTrace trace)
    {
        json.StartObject();
        json.Property("text", trace.Text);
        json.Property("truth", Name(trace.Truth));
        json.Property("facts");
        json.StartArray();
        foreach (var fact in trace.Facts)
        {
            json.StartObject();
            json.Property("fact", fact.Fact);
            json.Property("value", fact.Value);
            json.Property("source", fact.Source);
            json.EndObject();
        }
        json.EndArray();
        json.Property("parts");
        json.StartArray();
        foreach (var part in trace.Parts) WriteTrace(json, part);
        json.EndArray();
        json.EndObject();
    }

    private static void WriteChain(JsonWriter json, ConclusionChain chain)
    {
        json.StartObject();
        json.Property("fact", chain.Fact);
        json.Property("rules");
        json.StartArray();
        foreach (var step in chain.Rules)
        {
            json.StartObject();
            json.Property("rule", step.Rule);
            json.Property("because", step.Because);
            json.Property("from");
            json.StartArray();
            foreach (var from in step.From) WriteChain(json, from);
            json.EndArray();
            json.EndObject();
        }
        json.EndArray();
        json.EndObject();
    }
}
