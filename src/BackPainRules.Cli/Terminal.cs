using BackPainRules.Diagnostics;
using BackPainRules.Text;

namespace BackPainRules.Cli;

/// <summary>
/// Colour for people, plain text for pipes: ANSI colours only when the stream is a terminal,
/// <c>NO_COLOR</c> is not set (https://no-color.org) and <c>TERM</c> is not <c>dumb</c>. The library
/// marks what each span of a report is (<see cref="TextStyle"/>) as it writes it; this picks the writer
/// that shows those marks as colour, or the plain one.
/// </summary>
internal static class Terminal
{
    public static bool StdoutHasColour { get; } = Supports(Console.IsOutputRedirected);

    public static bool StderrHasColour { get; } = Supports(Console.IsErrorRedirected);

    /// <summary>Whether stderr is a terminal a progress bar can be drawn on.</summary>
    public static bool StderrIsTerminal => !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb";

    private static bool Supports(bool redirected) =>
        !redirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb";

    /// <summary>A writer for a report bound for stdout: coloured when stdout shows colour.</summary>
    public static ReportWriter ForStdout() => Writer(StdoutHasColour);

    /// <summary>A writer for text bound for stderr: coloured when stderr shows colour.</summary>
    public static ReportWriter ForStderr() => Writer(StderrHasColour);

    internal static ReportWriter Writer(bool colour) => colour ? new AnsiReportWriter() : new ReportWriter();

    /// <summary>Writes one diagnostic line to stdout, its severity and code coloured.</summary>
    public static void Out(Diagnostic diagnostic)
    {
        var line = ForStdout();
        diagnostic.WriteTo(line);
        Console.Out.WriteLine(line.ToString());
    }

    /// <summary>Writes one diagnostic line to stderr, its severity and code coloured.</summary>
    public static void Error(Diagnostic diagnostic)
    {
        var line = ForStderr();
        diagnostic.WriteTo(line);
        Console.Error.WriteLine(line.ToString());
    }
}
