using System.Text.RegularExpressions;

namespace BackPainRules.Cli;

/// <summary>
/// Colour for people, plain text for pipes: ANSI colours only when the stream is a terminal,
/// <c>NO_COLOR</c> is not set (https://no-color.org) and <c>TERM</c> is not <c>dumb</c>. Only whole
/// words are painted, so the text is the same with or without colour.
/// </summary>
internal static partial class Terminal
{
    private const string Reset = "\u001b[0m";
    private const string Red = "\u001b[31m";
    private const string BoldRed = "\u001b[1;31m";
    private const string Yellow = "\u001b[33m";
    private const string Green = "\u001b[32m";
    private const string Bold = "\u001b[1m";

    public static bool StdoutHasColour { get; } = Supports(Console.IsOutputRedirected);

    public static bool StderrHasColour { get; } = Supports(Console.IsErrorRedirected);

    /// <summary>Whether stderr is a terminal a progress bar can be drawn on.</summary>
    public static bool StderrIsTerminal => !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb";

    private static bool Supports(bool redirected) =>
        !redirected
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && Environment.GetEnvironmentVariable("TERM") != "dumb";

    /// <summary>Writes text to stdout, painting diagnostics, test verdicts and report headings.</summary>
    public static void Out(string text)
    {
        Console.Out.Write(StdoutHasColour ? Paint(text) : text);
    }

    /// <summary>Writes one line to stderr, painted the same way.</summary>
    public static void Error(string line)
    {
        Console.Error.WriteLine(StderrHasColour ? Paint(line) : line);
    }

    private static string Paint(string text)
    {
        text = Severity().Replace(text, m => (m.Groups[1].Value == "error" ? Red : Yellow) + m.Value + Reset);
        text = Verdict().Replace(text, m => (m.Value == "PASS" ? Green : BoldRed) + m.Value + Reset);
        text = Urgent().Replace(text, m => BoldRed + m.Value + Reset);
        text = Heading().Replace(text, m => Bold + m.Value + Reset);
        return text;
    }

    [GeneratedRegex(@"(?<=: )(error|warning) BPR\d+(?=:)")]
    private static partial Regex Severity();

    [GeneratedRegex(@"^(PASS|FAIL)(?= )", RegexOptions.Multiline)]
    private static partial Regex Verdict();

    [GeneratedRegex(@"\[urgent\]")]
    private static partial Regex Urgent();

    [GeneratedRegex(@"^(Profile .*|  [A-Z][A-Za-z ()]+:)$", RegexOptions.Multiline)]
    private static partial Regex Heading();
}

/// <summary>
/// A progress bar on stderr for batches that take more than a second, drawn only when stderr is a
/// terminal, so pipes and logs never see it. Progress is the share of input bytes read.
/// </summary>
internal sealed class BatchProgress : IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private readonly long totalBytes;
    private readonly Func<long> bytesRead;
    private readonly Timer? timer;
    private long profiles;
    private bool drawn;

    public BatchProgress(long totalBytes, Func<long> bytesRead)
    {
        this.totalBytes = totalBytes;
        this.bytesRead = bytesRead;
        if (Terminal.StderrIsTerminal) timer = new Timer(_ => Draw(), null, Delay, TimeSpan.FromMilliseconds(250));
    }

    public void Count(int count = 1) => Interlocked.Add(ref profiles, count);

    private void Draw()
    {
        lock (this)
        {
            double share = totalBytes > 0 ? Math.Clamp((double)bytesRead() / totalBytes, 0, 1) : 0;
            int filled = (int)(share * 30);
            Console.Error.Write($"\r[{new string('#', filled)}{new string('-', 30 - filled)}] {share * 100,3:0}%  {Interlocked.Read(ref profiles):N0} profiles");
            drawn = true;
        }
    }

    public void Dispose()
    {
        timer?.Dispose();
        lock (this)
        {
            if (drawn) Console.Error.Write("\r\u001b[2K");
        }
    }
}
