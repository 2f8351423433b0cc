using System.Text;
using BackPainRules.Syntax;
using BackPainRules.Text;

namespace BackPainRules.Formatting;

/// <summary>
/// The one canonical layout of a rule file, used by <c>rules fmt</c> and the language server. Like
/// <c>gofmt</c> it has no options. It only re-spaces what the parser read, so it cannot change the
/// meaning (the binder sees the same tree), and formatting twice gives the same text.
/// <list type="bullet">
/// <item>One item per line; a named rule or a test is a block (<c>rule x:</c>, then <c>if</c>,
/// <c>then</c> and <c>because</c> indented by two spaces), set off by blank lines.</item>
/// <item>Single spaces between words and operators, none inside parentheses, <c>", "</c> between list items.</item>
/// <item>Blank lines between items are kept (at most one); comments stay above or beside the item they were
/// written with; a comment inside an item moves just above it.</item>
/// <item>LF line ends, no byte-order mark, one line end at the end of the file.</item>
/// </list>
/// </summary>
public static class RulesFormatter
{
    private const string Indent = "  ";

    /// <summary>The file in canonical layout, or null when it has syntax errors (such a file is left as it is).</summary>
    public static string? Format(RulesFileSyntax file)
    {
        if (file.HasErrors) return null;
        var source = file.Source;
        var elements = new List<Element>();
        int nextComment = 0;
        var comments = file.Comments;

        foreach (var item in file.Items)
        {
            var lines = new List<string>();
            var inner = new List<string>();
            // Comments before the item, and comments inside its span, go above it.
            while (nextComment < comments.Length && comments[nextComment].Span.Start < item.Span.End)
            {
                var comment = comments[nextComment];
                int line = Line(source, comment.Span.Start);
                if (comment.Span.Start < item.Span.Start)
                {
                    elements.Add(new Element(new List<string> { comment.Text }, line, line, IsBlock: false));
                }
                else
                {
                    inner.Add(comment.Text);
                }
                nextComment++;
            }
            lines.AddRange(inner);
            var itemLines = Print(item);
            lines.AddRange(itemLines);
            int endLine = Line(source, item.Span.End);
            // A comment on the item's last line stays beside it.
            if (nextComment < comments.Length && Line(source, comments[nextComment].Span.Start) == endLine)
            {
                lines[^1] += "  " + comments[nextComment].Text;
                nextComment++;
            }
            int startLine = Line(source, item.Span.Start) - inner.Count;
            elements.Add(new Element(lines, startLine, endLine, IsBlock: itemLines.Count > 1));
        }
        for (; nextComment < comments.Length; nextComment++)
        {
            int line = Line(source, comments[nextComment].Span.Start);
            elements.Add(new Element(new List<string> { comments[nextComment].Text }, line, line, IsBlock: false));
        }

        var output = new StringBuilder();
        Element? previous = null;
        foreach (var element in elements)
        {
            if (previous is not null && NeedsBlankLine(previous, element)) output.Append('\n');
            foreach (var line in element.Lines) output.Append(line.TrimEnd()).Append('\n');
            previous = element;
        }
        return output.ToString();
    }

    /// <summary>Formats text; null when it has syntax errors.</summary>
    public static string? Format(string text, string path = "rules.rules") => Format(Parsing.RulesParser.Parse(text, path));

    private sealed record Element(List<string> Lines, int StartLine, int EndLine, bool IsBlock);

    private static bool NeedsBlankLine(Element previous, Element next)
    {
        bool hadBlank = next.StartLine - previous.EndLine > 1;
        // A comment directly above a block belongs to it; otherwise blocks stand apart.
        bool commentAboveBlock = !previous.IsBlock && previous.Lines.Count == 1 && previous.Lines[0].StartsWith('#') && !hadBlank;
        return hadBlank || ((previous.IsBlock || next.IsBlock) && !commentAboveBlock);
    }

    private static int Line(SourceText source, int offset) => source.GetPosition(offset).Line;

    // ---- Items ----

    private static List<string> Print(TopLevelSyntax item) => item switch
    {
        ImportSyntax import => new() { $"import {Str(import.Path.Value)}" },
        FactDeclarationSyntax fact => new() { $"fact {fact.Name.Text}: {Type(fact.Type)}{Description(fact.Description)}" },
        RecommendationDeclarationSyntax recommendation => new()
        {
            $"recommendation {recommendation.Name.Text}{Description(recommendation.Description)}" +
            (recommendation.Priority is { } p ? $" priority {Priorities.Keyword(p)}" : "") +
            (recommendation.Unless is { } unless ? $" unless {Condition(unless)}" : ""),
        },
        ScoreDeclarationSyntax score => new() { $"score {score.Name.Text} = {Expression(score.Expression)}{Description(score.Description)}" },
        RuleSyntax rule => Rule(rule),
        TestSyntax test => Test(test),
        _ => throw new InvalidOperationException($"Cannot format {item.GetType().Name}"),
    };

    private static List<string> Rule(RuleSyntax rule)
    {
        string condition = Condition(rule.Condition);
        string actions = string.Join(" and ", rule.Actions.Select(Action));
        string? because = rule.Because is { } b ? $"{Indent}because {Str(b.Value)}" : null;
        if (rule.Name is { } name)
        {
            var lines = new List<string> { $"rule {name.Text}:", $"{Indent}if {condition}", $"{Indent}then {actions}" };
            if (because is not null) lines.Add(because);
            return lines;
        }
        var unnamed = new List<string> { $"if {condition} then {actions}" };
        if (because is not null) unnamed.Add(because);
        return unnamed;
    }

    private static string Action(RuleActionSyntax action) =>
        (action.Kind switch { ActionKind.Recommend => "recommend ", ActionKind.Avoid => "avoid ", _ => "conclude " }) + Names(action.Targets);

    private static List<string> Test(TestSyntax test)
    {
        var lines = new List<string> { $"test {Str(test.Name.Value)}:" };
        if (test.Given.Length > 0) lines.Add($"{Indent}given {string.Join(", ", test.Given.Select(Given))}");
        foreach (var expect in test.Expectations)
        {
            if (expect.Kind == ExpectKind.Score)
            {
                lines.Add($"{Indent}expect score {Names(expect.Targets)} {(expect.Value is { } value ? "= " + value.Text : "unknown")}");
                continue;
            }
            string kind = expect.Kind switch
            {
                ExpectKind.Recommend => "recommend",
                ExpectKind.Avoid => "avoid",
                ExpectKind.Conclude => "conclude",
                ExpectKind.Fires => "fires",
                ExpectKind.Undetermined => "undetermined",
                ExpectKind.Withheld => "withheld",
                ExpectKind.Score => "score",
            };
            string missing = expect.Missing is { } m ? $" missing {Names(m)}" : "";
            lines.Add($"{Indent}expect {(expect.Negated ? "not " : "")}{kind} {Names(expect.Targets)}{missing}");
        }
        return lines;
    }

    private static string Given(GivenSyntax given) => given.Kind switch
    {
        GivenKind.True => given.Fact.Text,
        GivenKind.False => $"not {given.Fact.Text}",
        GivenKind.Number => $"{given.Fact.Text} = {given.Number!.Text}",
        GivenKind.Is => $"{given.Fact.Text} is {given.Value!.Text}",
        _ => $"{given.Fact.Text} has {given.Value!.Text}",
    };

    private static string Type(FactTypeSyntax type) => type switch
    {
        BoolTypeSyntax => "bool",
        NumberTypeSyntax { Range: { } range } => $"number {range.Low.Text}..{range.High.Text}",
        NumberTypeSyntax => "number",
        EnumTypeSyntax { IsSet: false } e => $"one of {Names(e.Values)}",
        EnumTypeSyntax e => $"any of {Names(e.Values)}",
        _ => throw new InvalidOperationException($"Cannot format {type.GetType().Name}"),
    };

    private static string Description(StringLiteralSyntax? description) => description is null ? "" : " " + Str(description.Value);

    private static string Names(IEnumerable<NameSyntax> names) => string.Join(", ", names.Select(n => n.Text));

    /// <summary>A string literal with the only two escapes the language has.</summary>
    private static string Str(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    // ---- Conditions and expressions ----

    private static string Condition(ConditionSyntax condition) => condition switch
    {
        OrConditionSyntax disjunction => string.Join(" or ", disjunction.Operands.Select(Condition)),
        AndConditionSyntax conjunction => string.Join(" and ", conjunction.Operands.Select(Condition)),
        NotConditionSyntax negation => "not " + Condition(negation.Operand),
        ParenthesizedConditionSyntax paren => "(" + Condition(paren.Inner) + ")",
        LiteralConditionSyntax literal => literal.Value ? "true" : "false",
        FactConditionSyntax fact => fact.Fact.Text,
        KnownConditionSyntax known => "known " + known.Fact.Text,
        ComparisonConditionSyntax comparison => $"{Expression(comparison.Left)} {Operator(comparison.Operator)} {Expression(comparison.Right)}",
        IsConditionSyntax @is => $"{@is.Fact.Text} is {(@is.Negated ? "not " : "")}{@is.Value.Text}",
        InConditionSyntax @in => $"{@in.Fact.Text} in ({Names(@in.Values)})",
        HasConditionSyntax has => $"{has.Fact.Text} has {(has.Negated ? "not " : "")}{has.Value.Text}",
        _ => throw new InvalidOperationException($"Cannot format {condition.GetType().Name}"),
    };

    private static string Expression(ExpressionSyntax expression) => expression switch
    {
        NumberExpressionSyntax number => number.Literal.Text,
        FactExpressionSyntax fact => fact.Fact.Text,
        NegateExpressionSyntax negate => "-" + Expression(negate.Operand),
        BinaryExpressionSyntax binary => Chain(binary),
        ParenthesizedExpressionSyntax paren => "(" + Expression(paren.Inner) + ")",
        CountExpressionSyntax count => "count of (" + string.Join(", ", count.Conditions.Select(Condition)) + ")",
        _ => throw new InvalidOperationException($"Cannot format {expression.GetType().Name}"),
    };

    /// <summary>A left-deep chain (<c>a + b + c ...</c>) printed with a loop, however long it is.</summary>
    private static string Chain(BinaryExpressionSyntax binary)
    {
        var rights = new Stack<(ArithmeticOperator, ExpressionSyntax)>();
        ExpressionSyntax first = binary;
        while (first is BinaryExpressionSyntax link)
        {
            rights.Push((link.Operator, link.Right));
            first = link.Left;
        }
        var text = new StringBuilder(Expression(first));
        while (rights.Count > 0)
        {
            var (op, right) = rights.Pop();
            text.Append(' ').Append(Operator(op)).Append(' ').Append(Expression(right));
        }
        return text.ToString();
    }

    private static string Operator(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "!=",
    };

    private static string Operator(ArithmeticOperator op) => op switch
    {
        ArithmeticOperator.Add => "+",
        ArithmeticOperator.Subtract => "-",
        ArithmeticOperator.Multiply => "*",
        ArithmeticOperator.Divide => "/",
    };
}
