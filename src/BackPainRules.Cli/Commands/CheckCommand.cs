using System.CommandLine;
using BackPainRules.Cli.Options;
using BackPainRules.Semantics;

namespace BackPainRules.Cli.Commands;

/// <summary><c>rules check [PATH...]</c>: every diagnostic as <c>FILE:LINE:COL: error|warning CODE: message</c>.</summary>
internal static class CheckCommand
{
    public static readonly string[] Examples = { "rules check examples", "rules check my.rules vocab.rules" };

    public static Command Create()
    {
        var paths = PathArguments.Create();
        var command = new Command("check", "Check rule files and print every diagnostic, sorted by file, line and column.") { paths };
        command.SetAction(parse => Run(parse.Paths(paths)));
        return command.WithExamples(Examples);
    }

    private static int Run(string[] paths)
    {
        if (!PathArguments.AllFoldersHaveRules(paths)) return ExitCodes.Problems;
        var diagnostics = Checker.Check(paths);
        foreach (var diagnostic in diagnostics) Terminal.Out(diagnostic);
        int errors = diagnostics.Count(d => d.IsError);
        int warnings = diagnostics.Length - errors;
        if (diagnostics.Length > 0) Console.Error.WriteLine($"{errors} error(s), {warnings} warning(s)");
        return errors > 0 ? ExitCodes.Problems : ExitCodes.Success;
    }
}
