using System.Globalization;
using System.Text;

namespace BackPainRules.Text;

/// <summary>What a span of a report is to its reader, so a terminal can show it (bold, a colour) without changing its words.</summary>
public enum TextStyle
{
    /// <summary>Ordinary text.</summary>
    Plain,
    /// <summary>A report's title or a section's heading.</summary>
    Heading,
    /// <summary>Advice that cannot wait (an urgent recommendation).</summary>
    Urgent,
    /// <summary>The severity and code of an error.</summary>
    Error,
    /// <summary>The severity and code of a warning.</summary>
    Warning,
    /// <summary>A test that passed.</summary>
    Passed,
    /// <summary>A test that failed.</summary>
    Failed,
}

/// <summary>
/// Where the library writes its reports for people (results, explanations, test runs, diagnostics):
/// plain text, with the spans that matter marked by a <see cref="TextStyle"/>. This writer ignores the
/// styles; a subclass (the command line's colour writer) shows them by overriding
/// <see cref="AppendStyled"/>, and may add only markup, never words, so a report reads the same with or
/// without colour.
/// </summary>
public class ReportWriter
{
    /// <summary>A writer into a new, empty text.</summary>
    public ReportWriter()
        : this(new StringBuilder())
    {
    }

    /// <summary>A writer that appends to <paramref name="text"/>.</summary>
    public ReportWriter(StringBuilder text) => Text = text;

    /// <summary>The text written so far.</summary>
    protected StringBuilder Text { get; }

    /// <summary>Appends plain text.</summary>
    public ReportWriter Append(string? text)
    {
        Text.Append(text);
        return this;
    }

    /// <summary>Appends a plain character.</summary>
    public ReportWriter Append(char character)
    {
        Text.Append(character);
        return this;
    }

    /// <summary>Appends a whole number in invariant digits.</summary>
    public ReportWriter Append(int value)
    {
        Text.Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Appends <paramref name="text"/> as one span of the given style.</summary>
    public ReportWriter Append(string text, TextStyle style)
    {
        if (style == TextStyle.Plain) Text.Append(text);
        else AppendStyled(text, style);
        return this;
    }

    /// <summary>Ends the line.</summary>
    public ReportWriter AppendLine()
    {
        Text.AppendLine();
        return this;
    }

    /// <summary>Appends plain text and ends the line.</summary>
    public ReportWriter AppendLine(string? text)
    {
        Text.AppendLine(text);
        return this;
    }

    /// <summary>Appends <paramref name="text"/> as one span of the given style and ends the line.</summary>
    public ReportWriter AppendLine(string text, TextStyle style) => Append(text, style).AppendLine();

    /// <summary>Appends a span whose style is not <see cref="TextStyle.Plain"/>; here, as plain text.</summary>
    protected virtual void AppendStyled(string text, TextStyle style) => Text.Append(text);

    /// <summary>The text written so far.</summary>
    public override string ToString() => Text.ToString();
}
