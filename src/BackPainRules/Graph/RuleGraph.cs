using System.Text;
using BackPainRules.Semantics;

namespace BackPainRules.Graph;

/// <summary>
/// The rule set as a picture: facts and scores feed rules, facts and scores feed the scores computed
/// from them, rules conclude facts and recommend (or avoid) recommendations, and the facts and scores
/// of a recommendation's <c>unless</c> hold it back (a dashed "unless" edge). Mermaid for Markdown
/// viewers, DOT for Graphviz.
/// </summary>
public static class RuleGraph
{
    /// <summary>A Mermaid flowchart, left to right.</summary>
    public static string ToMermaid(RuleSetModel model)
    {
        var text = new StringBuilder("flowchart LR\n");
        foreach (var fact in model.Facts)
        {
            string shape = fact.IsConcluded ? $"{{{{\"{Escape(fact.Name)}\"}}}}" : $"([\"{Escape(fact.Name)}\"])";
            text.Append("  f_").Append(fact.Name).Append(shape).Append('\n');
        }
        foreach (var recommendation in model.Recommendations)
        {
            text.Append("  r_").Append(recommendation.Name).Append("[[\"").Append(Escape(recommendation.Name)).Append("\"]]\n");
        }
        foreach (var score in model.Scores)
        {
            text.Append("  s_").Append(score.Name).Append("[/\"").Append(Escape(score.Name)).Append("\"/]\n");
            foreach (var input in Inputs(score.Expression)) text.Append("  ").Append(input).Append(" --> s_").Append(score.Name).Append('\n');
        }
        for (int i = 0; i < model.Rules.Length; i++)
        {
            var rule = model.Rules[i];
            text.Append("  rule").Append(i).Append("[\"").Append(Escape(rule.Id)).Append("\"]\n");
            foreach (var input in Inputs(rule.Condition)) text.Append("  ").Append(input).Append(" --> rule").Append(i).Append('\n');
            foreach (var fact in rule.Concludes) text.Append("  rule").Append(i).Append(" --> f_").Append(fact.Name).Append('\n');
            foreach (var item in rule.Recommends) text.Append("  rule").Append(i).Append(" --> r_").Append(item.Name).Append('\n');
            foreach (var item in rule.Avoids) text.Append("  rule").Append(i).Append(" -. avoid .-> r_").Append(item.Name).Append('\n');
        }
        foreach (var recommendation in model.Recommendations)
        {
            if (recommendation.Unless is not { } unless) continue;
            foreach (var input in Inputs(unless)) text.Append("  ").Append(input).Append(" -. unless .-> r_").Append(recommendation.Name).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A Graphviz digraph, left to right.</summary>
    public static string ToDot(RuleSetModel model)
    {
        var text = new StringBuilder("digraph rules {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n");
        foreach (var fact in model.Facts)
        {
            text.Append("  \"f_").Append(fact.Name).Append("\" [label=\"").Append(Escape(fact.Name)).Append("\", shape=")
                .Append(fact.IsConcluded ? "hexagon, style=filled, fillcolor=\"#fff3c4\"" : "ellipse").Append("];\n");
        }
        foreach (var recommendation in model.Recommendations)
        {
            text.Append("  \"r_").Append(recommendation.Name).Append("\" [label=\"").Append(Escape(recommendation.Name))
                .Append("\", shape=box, style=filled, fillcolor=\"")
                .Append(recommendation.Priority == Syntax.Priority.Urgent ? "#ffc9c9" : "#d3f9d8").Append("\"];\n");
        }
        foreach (var score in model.Scores)
        {
            text.Append("  \"s_").Append(score.Name).Append("\" [label=\"").Append(Escape(score.Name))
                .Append("\", shape=parallelogram, style=filled, fillcolor=\"#d0ebff\"];\n");
            foreach (var input in Inputs(score.Expression)) text.Append("  \"").Append(input).Append("\" -> \"s_").Append(score.Name).Append("\";\n");
        }
        for (int i = 0; i < model.Rules.Length; i++)
        {
            var rule = model.Rules[i];
            text.Append("  \"rule").Append(i).Append("\" [label=\"").Append(Escape(rule.Id)).Append("\", shape=note];\n");
            foreach (var input in Inputs(rule.Condition)) text.Append("  \"").Append(input).Append("\" -> \"rule").Append(i).Append("\";\n");
            foreach (var fact in rule.Concludes) text.Append("  \"rule").Append(i).Append("\" -> \"f_").Append(fact.Name).Append("\";\n");
            foreach (var item in rule.Recommends) text.Append("  \"rule").Append(i).Append("\" -> \"r_").Append(item.Name).Append("\";\n");
            foreach (var item in rule.Avoids)
            {
                text.Append("  \"rule").Append(i).Append("\" -> \"r_").Append(item.Name).Append("\" [style=dashed, color=red, label=\"avoid\"];\n");
            }
        }
        foreach (var recommendation in model.Recommendations)
        {
            if (recommendation.Unless is not { } unless) continue;
            foreach (var input in Inputs(unless))
            {
                text.Append("  \"").Append(input).Append("\" -> \"r_").Append(recommendation.Name).Append("\" [style=dashed, color=orange, label=\"unless\"];\n");
            }
        }
        return text.Append("}\n").ToString();
    }

    /// <summary>The node ids of the facts, then the scores, that a condition reads itself, each once.</summary>
    private static IEnumerable<string> Inputs(BoundCondition condition) =>
        BoundTree.FactsRead(condition).Distinct().Select(f => "f_" + f.Name)
            .Concat(BoundTree.ScoresRead(condition).Distinct().Select(s => "s_" + s.Name));

    /// <summary>The node ids of the facts, then the scores, that an expression reads itself, each once.</summary>
    private static IEnumerable<string> Inputs(BoundExpression expression) =>
        BoundTree.FactsRead(expression).Distinct().Select(f => "f_" + f.Name)
            .Concat(BoundTree.ScoresRead(expression).Distinct().Select(s => "s_" + s.Name));

    private static string Escape(string text) => text.Replace("\"", "'");
}
