using System.CommandLine;
using BackPainRules.Formatting;
using BackPainRules.Loading;

namespace BackPainRules.Cli.Commands;

/// <summary><c>rules fmt [PATH...] [--check]</c>: rewrite files in the canonical layout.</summary>
internal static class FmtCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "A .rules file or a folder (all .rules files below it). Default: the current folder.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        paths.Validators.Add(PathArguments.RejectUnknownOptions);
        var check = new Option<bool>("--check") { Description = "Change nothing; list the files that are not formatted and exit 1 if any." };
        var command = new Command("fmt", "Rewrite rule files in the one canonical layout (comments kept).") { paths, check };
        command.SetAction(parse => Run(parse.GetValue(paths) is { Length: > 0 } given ? given : new[] { "." }, parse.GetValue(check)));
        return command;
    }

    private static int Run(string[] paths, bool checkOnly)
    {
        if (!PathArguments.AllFoldersHaveRules(paths)) return ExitCodes.Problems;
        bool problems = false;
        foreach (var file in paths.SelectMany(RuleSetLoader.ExpandPath))
        {
            var outcome = FileFormatter.Format(file.Path);
            if (outcome.Formatted is null)
            {
                // SPEC §6: a file with syntax errors is left untouched and reported.
                foreach (var diagnostic in outcome.Diagnostics) Terminal.Error(diagnostic.ToString());
                if (outcome.Original is not null) Console.Error.WriteLine($"{file.Path}: not formatted: fix the errors first");
                problems = true;
                continue;
            }
            if (!outcome.Changed) continue;
            Console.Out.WriteLine(file.Path);
            if (checkOnly) problems = true;
            else File.WriteAllText(file.Path, outcome.Formatted);
        }
        return problems ? ExitCodes.Problems : ExitCodes.Success;
    }
}
