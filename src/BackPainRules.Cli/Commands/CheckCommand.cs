using System.CommandLine;
using BackPainRules.Semantics;

namespace BackPainRules.Cli.Commands;

/// <summary><c>rules check [PATH...]</c>: every diagnostic as <c>FILE:LINE:COL: error|warning CODE: message</c>.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "A .rules file or a folder (all .rules files below it). Default: the current folder.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        paths.Validators.Add(PathArguments.RejectUnknownOptions);
        var command = new Command("check", "Check rule files and print every diagnostic, sorted by file, line and column.") { paths };
        command.SetAction(parse => Run(parse.GetValue(paths) is { Length: > 0 } given ? given : new[] { "." }));
        return command;
    }

    private static int Run(string[] paths)
    {
        if (!PathArguments.AllFoldersHaveRules(paths)) return ExitCodes.Problems;
        var diagnostics = Checker.Check(paths);
        foreach (var diagnostic in diagnostics) Terminal.Out(diagnostic + Environment.NewLine);
        int errors = diagnostics.Count(d => d.IsError);
        int warnings = diagnostics.Length - errors;
        if (diagnostics.Length > 0) Console.Error.WriteLine($"{errors} error(s), {warnings} warning(s)");
        return errors > 0 ? ExitCodes.Problems : ExitCodes.Success;
    }
}
