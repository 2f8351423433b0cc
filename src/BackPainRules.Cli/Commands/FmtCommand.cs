using System.CommandLine;
using BackPainRules.Cli.Options;
using BackPainRules.Formatting;
using BackPainRules.Loading;

namespace BackPainRules.Cli.Commands;

/// <summary><c>rules fmt [PATH...] [--check]</c>: rewrite files in the canonical layout.</summary>
internal static class FmtCommand
{
    public static readonly string[] Examples = { "rules fmt examples", "rules fmt --check examples" };

    public static Command Create()
    {
        var paths = PathArguments.Create();
        var check = new Option<bool>("--check") { Description = "Change nothing; list the files that are not formatted and exit 1 if any." };
        var command = new Command("fmt", "Rewrite rule files in the one canonical layout (comments kept).") { paths, check };
        command.SetAction(parse => Run(parse.Paths(paths), parse.GetValue(check)));
        return command.WithExamples(Examples);
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
                foreach (var diagnostic in outcome.Diagnostics) Terminal.Error(diagnostic);
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
