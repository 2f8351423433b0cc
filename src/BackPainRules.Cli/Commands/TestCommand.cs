using System.CommandLine;
using BackPainRules.Testing;

namespace BackPainRules.Cli.Commands;

/// <summary><c>rules test [PATH...] [--coverage [MIN]] [--format text|json]</c></summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "A .rules file or a folder (all .rules files below it). Default: the current folder.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        paths.Validators.Add(PathArguments.RejectUnknownOptions);
        var coverage = new Option<double?>("--coverage")
        {
            Description = "Report, for each rule, whether some test made it fire. With a number (0-100), fail when coverage is below it.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        coverage.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.GetValueOrDefault<double?>() is { } min && (min < 0 || min > 100))
            {
                result.AddError("--coverage takes a percentage between 0 and 100.");
            }
        });
        var format = FormatOption.Create();
        var command = new Command("test", "Run the test blocks of rule files; ends with 'N passed, N failed'.")
        {
            paths, coverage, format,
        };
        command.SetAction(parse => Run(
            parse.GetValue(paths) is { Length: > 0 } given ? given : new[] { "." },
            parse.GetResult(coverage) is not null,
            parse.GetValue(coverage),
            parse.GetValue(format) == "json"));
        return command;
    }

    private static int Run(string[] paths, bool showCoverage, double? minimum, bool json)
    {
        if (!PathArguments.AllFoldersHaveRules(paths)) return ExitCodes.Problems;
        var run = TestSuite.Run(paths);
        foreach (var diagnostic in run.Diagnostics) Terminal.Error(diagnostic.ToString());
        if (json) Console.Out.WriteLine(TestReportFormatter.ToJson(run));
        else Terminal.Out(TestReportFormatter.ToText(run, showCoverage));

        bool belowMinimum = minimum is not null && run.CoveragePercent < minimum.Value;
        if (belowMinimum)
        {
            Console.Error.WriteLine(FormattableString.Invariant($"rules: coverage {run.CoveragePercent:0.#}% is below the required {minimum:0.#}%"));
        }
        return run.HasErrors || run.Failed > 0 || belowMinimum ? ExitCodes.Problems : ExitCodes.Success;
    }
}
