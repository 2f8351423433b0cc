using System.Diagnostics;
using System.Text.RegularExpressions;

namespace BackPainRules.Tests.Cli;

/// <summary>
/// Runs the real <c>rules</c> with one of its output streams on a pseudo-terminal (made by util-linux
/// <c>script</c>), so it colours what it writes there as it would for a person.
/// </summary>
internal static class PseudoTerminal
{
    public static bool Available => File.Exists("/usr/bin/script");

    /// <summary>
    /// Runs <c>rules ARGS</c> in <paramref name="workingDirectory"/> after the shell words in
    /// <paramref name="environment"/> (such as <c>NO_COLOR=1</c>). With <paramref name="redirect"/>
    /// (such as <c>2&gt;/dev/null</c>) one stream leaves the terminal; whatever reaches the terminal is
    /// the result's <see cref="CliResult.Stdout"/>, as the terminal got it (lines end in CRLF there).
    /// </summary>
    public static CliResult Run(string workingDirectory, string environment, string redirect, params string[] args)
    {
        var rulesDll = Path.Combine(AppContext.BaseDirectory, "rules.dll");
        var start = new ProcessStartInfo("script")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var command = $"{environment} dotnet {Quote(rulesDll)} {string.Join(' ', args.Select(Quote))} {redirect}";
        foreach (var arg in new[] { "-qec", command, "/dev/null" }) start.ArgumentList.Add(arg);
        start.Environment.Remove("NO_COLOR");
        start.Environment["TERM"] = "xterm";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"rules {string.Join(' ', args)} on a terminal did not finish within 60 s");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The text a terminal shows: escape sequences (colours, keypad mode) removed and CRLF back to LF.</summary>
    public static string Strip(string terminalOutput) => Escapes().Replace(terminalOutput, "").Replace("\r\n", "\n");

    /// <summary>The output with the terminal's mode switches (keypad mode, which .NET sends on start) removed and CRLF back to LF; colours stay.</summary>
    public static string WithoutModes(string terminalOutput) => Modes().Replace(terminalOutput, "").Replace("\r\n", "\n");

    private static Regex Modes() => new(@"\u001b\[\?[0-9;]*[A-Za-z]|\u001b[=>]");

    private static Regex Escapes() => new(@"\u001b\[[0-9;?]*[A-Za-z]|\u001b[=>]");

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";
}
