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
/// written with; a comment inside an item, or beside it when the line would be too wide, moves just above it.</item>
/// <item>Lines are at most <see cref="Width"/> characters unless a single string, name or comment is wider:
/// what fits stays on one line; otherwise an <c>or</c>/<c>and</c> chain breaks before each operator, a
/// <c>count of</c> list puts one condition per line, an arithmetic chain breaks before each operator, actions go
/// one per line (<c>and avoid ...</c>), and name lists (<c>given</c>, <c>expect</c>, <c>in</c>, enum values,
/// action targets) are filled up to the width and continued after a comma. The layout depends only on the
/// syntax tree, never on where the author broke the lines.</item>
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
            // A comment on the item's last line stays beside it, or goes just above the item when the line
            // would then be wider than the width.
            if (nextComment < comments.Length && Line(source, comments[nextComment].Span.Start) == endLine)
            {
                string text = comments[nextComment].Text;
                if (lines[^1].Length + 2 + text.Length <= Width) lines[^1] += "  " + text;
                else lines.Insert(inner.Count, text);
                nextComment++;
            }
            int startLine = Line(source, item.Span.Start) - inner.Count;
            // Whether an item is a block does not depend on whether it had to be wrapped.
            bool isBlock = new Printer(int.MaxValue / 4).Item(item).Count > 1;
            elements.Add(new Element(lines, startLine, endLine, isBlock));
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

    /// <summary>The fixed line width: a line is broken when it would be longer, unless a single string or name is.</summary>
    public const int Width = 100;

    private static List<string> Print(TopLevelSyntax item) => new Printer(Width).Item(item);

    /// <summary>
    /// Lays an item out. Every layout method takes the text already on the line (<c>head</c>), the indent of
    /// continuation lines, and how many characters will follow on the last line (<c>tail</c>); it returns lines,
    /// the first starting with <c>head</c>. Whatever fits in the width stays on one line.
    /// </summary>
    private sealed class Printer(int width)
    {
        private bool Fits(string head, string flat, int tail) => head.Length + flat.Length + tail <= width;

        public List<string> Item(TopLevelSyntax item) => item switch
        {
            ImportSyntax import => new() { $"import {Str(import.Path.Value)}" },
            FactDeclarationSyntax fact => WithDescription(Fact(fact), fact.Description),
            RecommendationDeclarationSyntax recommendation => Recommendation(recommendation),
            ScoreDeclarationSyntax score => WithDescription(Expr(score.Expression, $"score {score.Name.Text} = ", Indent, 0), score.Description),
            RuleSyntax rule => Rule(rule),
            TestSyntax test => Test(test),
            _ => throw new InvalidOperationException($"Cannot format {item.GetType().Name}"),
        };

        private List<string> Fact(FactDeclarationSyntax fact)
        {
            string head = $"fact {fact.Name.Text}: ";
            return fact.Type switch
            {
                EnumTypeSyntax e => Fill(head + (e.IsSet ? "any of " : "one of "), e.Values.Select(v => v.Text).ToList(), Indent + Indent, 0),
                var type => new() { head + Type(type) },
            };
        }

        /// <summary>A description goes after the last line, or on its own continuation line when it does not fit there.</summary>
        private List<string> WithDescription(List<string> lines, StringLiteralSyntax? description)
        {
            if (description is null) return lines;
            string text = Str(description.Value);
            if (lines[^1].Length + 1 + text.Length <= width) lines[^1] += " " + text;
            else lines.Add(Indent + text);
            return lines;
        }

        private List<string> Recommendation(RecommendationDeclarationSyntax recommendation)
        {
            string flat = $"recommendation {recommendation.Name.Text}{Description(recommendation.Description)}" +
                (recommendation.Priority is { } p ? $" priority {Priorities.Keyword(p)}" : "") +
                (recommendation.Unless is { } u ? $" unless {Condition(u)}" : "");
            if (flat.Length <= width) return new() { flat };
            // Too long: the name (and description), then `priority` and `unless` on the next, indented line.
            var lines = WithDescription(new() { $"recommendation {recommendation.Name.Text}" }, recommendation.Description);
            string trailer = Indent + (recommendation.Priority is { } priority ? $"priority {Priorities.Keyword(priority)}" : "");
            if (recommendation.Unless is { } unless)
            {
                lines.AddRange(Cond(unless, trailer + (trailer.Length > Indent.Length ? " " : "") + "unless ", Indent + Indent, 0));
            }
            else if (trailer.Length > Indent.Length) lines.Add(trailer);
            return lines;
        }

        private List<string> Rule(RuleSyntax rule)
        {
            string? because = rule.Because is { } b ? $"{Indent}because {Str(b.Value)}" : null;
            List<string> lines;
            if (rule.Name is { } name)
            {
                lines = new() { $"rule {name.Text}:" };
                lines.AddRange(Cond(rule.Condition, Indent + "if ", Indent + Indent, 0));
                lines.AddRange(Actions(rule.Actions, Indent + "then ", Indent + Indent));
            }
            else
            {
                string flat = $"if {Condition(rule.Condition)} then {string.Join(" and ", rule.Actions.Select(Action))}";
                if (flat.Length <= width) lines = new() { flat };
                else
                {
                    // Too long for one line: the condition, then `then` on its own indented line.
                    lines = Cond(rule.Condition, "if ", Indent + Indent, 0);
                    lines.AddRange(Actions(rule.Actions, Indent + "then ", Indent + Indent));
                }
            }
            if (because is not null) lines.Add(because);
            return lines;
        }

        /// <summary>Actions joined by <c>and</c>; when they do not fit, one action per line, each continued after commas.</summary>
        private List<string> Actions(IReadOnlyList<RuleActionSyntax> actions, string head, string indent)
        {
            string flat = string.Join(" and ", actions.Select(Action));
            if (Fits(head, flat, 0)) return new() { head + flat };
            var lines = new List<string>();
            for (int i = 0; i < actions.Count; i++)
            {
                var action = actions[i];
                string first = (i == 0 ? head : indent + "and ") + Keyword(action.Kind);
                lines.AddRange(Fill(first, action.Targets.Select(t => t.Text).ToList(), indent + Indent, 0));
            }
            return lines;
        }

        private List<string> Test(TestSyntax test)
        {
            var lines = new List<string> { $"test {Str(test.Name.Value)}:" };
            if (test.Given.Length > 0) lines.AddRange(Fill($"{Indent}given ", test.Given.Select(Given).ToList(), Indent + Indent, 0));
            foreach (var expect in test.Expectations)
            {
                if (expect.Kind == ExpectKind.Score)
                {
                    string value = expect.Value is { } v ? "= " + v.Text : "unknown";
                    var scoreLines = Fill($"{Indent}expect score ", expect.Targets.Select(t => t.Text).ToList(), Indent + Indent, 1 + value.Length);
                    scoreLines[^1] += " " + value;
                    lines.AddRange(scoreLines);
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
                string head = $"{Indent}expect {(expect.Negated ? "not " : "")}{kind} ";
                string flat = head + Names(expect.Targets) + (expect.Missing is { } m ? $" missing {Names(m)}" : "");
                if (flat.Length <= width) { lines.Add(flat); continue; }
                lines.AddRange(Fill(head, expect.Targets.Select(t => t.Text).ToList(), Indent + Indent, 0));
                if (expect.Missing is { } missing)
                {
                    lines.AddRange(Fill(Indent + Indent + "missing ", missing.Select(t => t.Text).ToList(), Indent + Indent + Indent, 0));
                }
            }
            return lines;
        }

        /// <summary>
        /// Items joined by <c>", "</c>, as many on a line as fit; a broken line ends with its comma and the next
        /// one starts at <paramref name="indent"/>.
        /// </summary>
        private List<string> Fill(string head, IReadOnlyList<string> items, string indent, int tail)
        {
            var lines = new List<string>();
            var line = new StringBuilder(head);
            bool lineHasItem = false;
            for (int i = 0; i < items.Count; i++)
            {
                bool last = i == items.Count - 1;
                string piece = items[i] + (last ? "" : ",");
                int need = (lineHasItem ? 1 : 0) + piece.Length + (last ? tail : 0);
                if (lineHasItem && line.Length + need > width)
                {
                    lines.Add(line.ToString());
                    line.Clear().Append(indent);
                    lineHasItem = false;
                }
                if (lineHasItem) line.Append(' ');
                line.Append(piece);
                lineHasItem = true;
            }
            lines.Add(line.ToString());
            return lines;
        }

        // ---- Conditions and expressions ----

        /// <summary>
        /// A condition: on one line when it fits; otherwise an <c>or</c>/<c>and</c> chain breaks before each
        /// <c>or</c>/<c>and</c> (continuation lines at <paramref name="indent"/>, the operands' own breaks two
        /// spaces deeper), and a bracket's content, a <c>count of</c> list or an <c>in</c> list breaks inside.
        /// </summary>
        private List<string> Cond(ConditionSyntax condition, string head, string indent, int tail)
        {
            string flat = Condition(condition);
            if (Fits(head, flat, tail)) return new() { head + flat };
            switch (condition)
            {
                case OrConditionSyntax or:
                    return Joined(or.Operands, "or ", head, indent, tail);
                case AndConditionSyntax and:
                    return Joined(and.Operands, "and ", head, indent, tail);
                case NotConditionSyntax not:
                    return Cond(not.Operand, head + "not ", indent, tail);
                case ParenthesizedConditionSyntax paren:
                {
                    var lines = Cond(paren.Inner, head + "(", indent + Indent, tail + 1);
                    lines[^1] += ")";
                    return lines;
                }
                case ComparisonConditionSyntax comparison:
                {
                    string op = " " + Operator(comparison.Operator) + " ";
                    // The left side leaves room for what must follow it on its last line: the right side up to
                    // its first possible break (all of it when it cannot break).
                    int lead = Lead(comparison.Right);
                    int right = lead == Expression(comparison.Right).Length ? lead + tail : lead;
                    var lines = Expr(comparison.Left, head, indent, op.Length + right);
                    string last = lines[^1];
                    lines.RemoveAt(lines.Count - 1);
                    lines.AddRange(Expr(comparison.Right, last + op, indent, tail));
                    return lines;
                }
                case InConditionSyntax @in:
                {
                    var lines = Fill(head + @in.Fact.Text + " in (", @in.Values.Select(v => v.Text).ToList(), indent + Indent, tail + 1);
                    lines[^1] += ")";
                    return lines;
                }
                default:
                    return new() { head + flat };
            }
        }

        /// <summary>How much of an expression comes before the first place <see cref="Expr"/> may break it.</summary>
        private static int Lead(ExpressionSyntax expression)
        {
            int prefix = 0;
            while (true)
            {
                switch (expression)
                {
                    case CountExpressionSyntax:
                        return prefix + "count of (".Length;
                    case BinaryExpressionSyntax binary:
                        expression = binary.Left;
                        continue;
                    case ParenthesizedExpressionSyntax paren:
                        prefix++;
                        expression = paren.Inner;
                        continue;
                    case NegateExpressionSyntax negate:
                        prefix++;
                        expression = negate.Operand;
                        continue;
                    default:
                        return prefix + Expression(expression).Length;
                }
            }
        }

        private List<string> Joined(IReadOnlyList<ConditionSyntax> operands, string keyword, string head, string indent, int tail)
        {
            var lines = new List<string>();
            for (int i = 0; i < operands.Count; i++)
            {
                string first = i == 0 ? head : indent + keyword;
                lines.AddRange(Cond(operands[i], first, indent + Indent, i == operands.Count - 1 ? tail : 0));
            }
            return lines;
        }

        /// <summary>
        /// An expression: on one line when it fits; otherwise an arithmetic chain breaks before each operator, and
        /// a <c>count of</c> list puts one condition per line, closing with <c>)</c> at <paramref name="indent"/>.
        /// </summary>
        private List<string> Expr(ExpressionSyntax expression, string head, string indent, int tail)
        {
            string flat = Expression(expression);
            if (Fits(head, flat, tail)) return new() { head + flat };
            switch (expression)
            {
                case BinaryExpressionSyntax binary:
                {
                    var rights = new Stack<(ArithmeticOperator, ExpressionSyntax)>();
                    ExpressionSyntax first = binary;
                    while (first is BinaryExpressionSyntax link)
                    {
                        rights.Push((link.Operator, link.Right));
                        first = link.Left;
                    }
                    // The first operand's own breaks stay at the chain's indent, so that a `count of` closes
                    // where the operators of the chain start.
                    var lines = Expr(first, head, indent, rights.Count == 0 ? tail : 0);
                    while (rights.Count > 0)
                    {
                        var (op, right) = rights.Pop();
                        lines.AddRange(Expr(right, indent + Operator(op) + " ", indent + Indent, rights.Count == 0 ? tail : 0));
                    }
                    return lines;
                }
                case NegateExpressionSyntax negate:
                    return Expr(negate.Operand, head + "-", indent, tail);
                case ParenthesizedExpressionSyntax paren:
                {
                    var lines = Expr(paren.Inner, head + "(", indent + Indent, tail + 1);
                    lines[^1] += ")";
                    return lines;
                }
                case CountExpressionSyntax count:
                {
                    var lines = new List<string> { head + "count of (" };
                    string inner = indent + Indent;
                    for (int i = 0; i < count.Conditions.Length; i++)
                    {
                        bool last = i == count.Conditions.Length - 1;
                        var item = Cond(count.Conditions[i], inner, inner + Indent, last ? 0 : 1);
                        if (!last) item[^1] += ",";
                        lines.AddRange(item);
                    }
                    lines.Add(indent + ")");
                    return lines;
                }
                default:
                    return new() { head + flat };
            }
        }
    }

    private static string Keyword(ActionKind kind) => kind switch { ActionKind.Recommend => "recommend ", ActionKind.Avoid => "avoid ", _ => "conclude " };

    private static string Action(RuleActionSyntax action) => Keyword(action.Kind) + Names(action.Targets);

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

    /// <summary>A condition on one line.</summary>
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

    /// <summary>An expression on one line.</summary>
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
