using System.Collections;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using BackPainRules.Diagnostics;
using BackPainRules.Parsing;
using BackPainRules.Syntax;
using BackPainRules.Text;

namespace BackPainRules.Tests.Support;

/// <summary>Small helpers for parser and checker tests: parse text, pick nodes, print trees compactly.</summary>
public static class SyntaxHelpers
{
    /// <summary>Parses text as a file named <c>t.rules</c>.</summary>
    public static RulesFileSyntax Parse(string text, string path = "t.rules") => RulesParser.Parse(text, path);

    /// <summary>Parses text and asserts that it has no diagnostics at all.</summary>
    public static RulesFileSyntax ParseClean(string text)
    {
        var file = Parse(text);
        file.Diagnostics.Should().BeEmpty("'{0}' is valid", text);
        return file;
    }

    /// <summary>The only item of a file, asserted to be of type <typeparamref name="T"/>.</summary>
    public static T SingleItem<T>(this RulesFileSyntax file) where T : TopLevelSyntax =>
        file.Items.Should().ContainSingle().Which.Should().BeOfType<T>().Subject;

    /// <summary>The condition of <c>if CONDITION then recommend r</c>, which must parse cleanly.</summary>
    public static ConditionSyntax Condition(string condition) =>
        ParseClean($"if {condition} then recommend r").SingleItem<RuleSyntax>().Condition;

    /// <summary>The source text a span covers.</summary>
    public static string TextOf(this RulesFileSyntax file, TextSpan span) => file.Source.Text.Substring(span.Start, span.Length);

    /// <summary>The source text a node covers.</summary>
    public static string TextOf(this RulesFileSyntax file, SyntaxNode node) => file.TextOf(node.Span);

    /// <summary>Line and column of a diagnostic as "L:C".</summary>
    public static string At(this Diagnostic d) => $"{d.Location.Start.Line}:{d.Location.Start.Column}";

    /// <summary>
    /// A compact, unambiguous picture of a condition tree, e.g. <c>Or[a, And[b, Not(c)]]</c>.
    /// Parentheses in the source show as <c>Paren(...)</c> (conditions) or <c>P(...)</c> (expressions).
    /// </summary>
    public static string Dump(ConditionSyntax condition) => condition switch
    {
        OrConditionSyntax or => $"Or[{string.Join(", ", or.Operands.Select(Dump))}]",
        AndConditionSyntax and => $"And[{string.Join(", ", and.Operands.Select(Dump))}]",
        NotConditionSyntax not => $"Not({Dump(not.Operand)})",
        ParenthesizedConditionSyntax paren => $"Paren({Dump(paren.Inner)})",
        LiteralConditionSyntax literal => literal.Value ? "true" : "false",
        FactConditionSyntax fact => fact.Fact.Text,
        KnownConditionSyntax known => $"Known({known.Fact.Text})",
        ComparisonConditionSyntax c => $"Cmp({Dump(c.Left)} {Symbol(c.Operator)} {Dump(c.Right)})",
        IsConditionSyntax @is => $"{(@is.Negated ? "IsNot" : "Is")}({@is.Fact.Text}, {@is.Value.Text})",
        InConditionSyntax @in => $"In({@in.Fact.Text}, [{string.Join(", ", @in.Values.Select(v => v.Text))}])",
        HasConditionSyntax has => $"{(has.Negated ? "HasNot" : "Has")}({has.Fact.Text}, {has.Value.Text})",
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition.GetType().Name),
    };

    /// <summary>A compact picture of an expression tree, e.g. <c>Add(a, Mul(b, c))</c>.</summary>
    public static string Dump(ExpressionSyntax expression) => expression switch
    {
        NumberExpressionSyntax n => n.Literal.Value.ToString(CultureInfo.InvariantCulture),
        FactExpressionSyntax f => f.Fact.Text,
        NegateExpressionSyntax neg => $"Neg({Dump(neg.Operand)})",
        ParenthesizedExpressionSyntax p => $"P({Dump(p.Inner)})",
        BinaryExpressionSyntax b => $"{b.Operator switch
        {
            ArithmeticOperator.Add => "Add",
            ArithmeticOperator.Subtract => "Sub",
            ArithmeticOperator.Multiply => "Mul",
            _ => "Div",
        }}({Dump(b.Left)}, {Dump(b.Right)})",
        _ => throw new ArgumentOutOfRangeException(nameof(expression), expression.GetType().Name),
    };

    private static string Symbol(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        ComparisonOperator.Equal => "=",
        _ => "!=",
    };

    /// <summary>The names of a list, as text.</summary>
    public static string[] Texts(this ImmutableArray<NameSyntax> names) => names.Select(n => n.Text).ToArray();

    /// <summary>Every node below (and including) a node, depth first, through the public record properties.</summary>
    public static IEnumerable<SyntaxNode> Descendants(SyntaxNode node)
    {
        yield return node;
        foreach (var property in node.GetType().GetProperties())
        {
            if (property.Name == nameof(SyntaxNode.Span)) continue;
            object? value = property.GetValue(node);
            switch (value)
            {
                case SyntaxNode child:
                    foreach (var d in Descendants(child)) yield return d;
                    break;
                case System.Collections.IEnumerable list and not string:
                    foreach (var element in list)
                    {
                        if (element is SyntaxNode c)
                        {
                            foreach (var d in Descendants(c)) yield return d;
                        }
                    }
                    break;
            }
        }
    }

    /// <summary>
    /// Everything a parse produced, as text: the source's path and text, every node with every property
    /// (spans included) found by reflection, so a node kind or property added later is compared too, every
    /// comment and every diagnostic with its span and positions. Two parses are the same exactly when their
    /// pictures are.
    /// </summary>
    public static string DumpAll(RulesFileSyntax file)
    {
        var text = new StringBuilder();
        text.Append("path ").Append(file.Source.Path).Append('\n');
        text.Append("text ").Append(file.Source.Text.Length).Append(' ').Append(file.Source.Text.GetHashCode()).Append('\n');
        foreach (var item in file.Items)
        {
            DumpValue(item, text);
            text.Append('\n');
        }
        foreach (var comment in file.Comments) text.Append("comment ").Append(comment.Span).Append(' ').Append(comment.Text).Append('\n');
        foreach (var d in file.Diagnostics)
        {
            text.Append($"diagnostic {d.Code} {d.Severity} {d.Location.Path} {d.Location.Span} {d.Location.Start}-{d.Location.End} {d.Message} {d.Suggestion}\n");
        }
        return text.ToString();
    }

    private static void DumpValue(object? value, StringBuilder text)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case string s:
                text.Append('"').Append(s).Append('"');
                break;
            case double d:
                text.Append(d.ToString("R", CultureInfo.InvariantCulture));
                break;
            case SyntaxNode node:
                text.Append(node.GetType().Name).Append('{');
                foreach (var property in node.GetType().GetProperties())
                {
                    text.Append(property.Name).Append('=');
                    DumpValue(property.GetValue(node), text);
                    text.Append(' ');
                }
                text.Append('}');
                break;
            case IEnumerable list:
                text.Append('[');
                foreach (var element in list)
                {
                    DumpValue(element, text);
                    text.Append(", ");
                }
                text.Append(']');
                break;
            default:
                text.Append(value);
                break;
        }
    }
}
