using BackPainRules.Text;

namespace BackPainRules.Cli;

/// <summary>
/// A report writer for a terminal: each styled span the library marks is wrapped in an ANSI colour and a
/// reset. Only the markup is added, so the words are those of the plain report.
/// </summary>
internal sealed class AnsiReportWriter : ReportWriter
{
    internal const string Reset = "\u001b[0m";

    /// <summary>The escape sequence that starts a span of the style.</summary>
    internal static string Colour(TextStyle style) => style switch
    {
        TextStyle.Heading => "\u001b[1m",        // bold
        TextStyle.Urgent => "\u001b[1;31m",      // bold red
        TextStyle.Error => "\u001b[31m",         // red
        TextStyle.Warning => "\u001b[33m",       // yellow
        TextStyle.Passed => "\u001b[32m",        // green
        TextStyle.Failed => "\u001b[1;31m",      // bold red
        _ => "",
    };

    protected override void AppendStyled(string text, TextStyle style)
    {
        string colour = Colour(style);
        if (colour.Length == 0) Text.Append(text);
        else Text.Append(colour).Append(text).Append(Reset);
    }
}
