using System.CommandLine;
using BackPainRules.Cli.Options;
using BackPainRules.Testing;

namespace BackPainRules.Cli.Commands;

/// <summary><c>rules test [PATH...] [--coverage [MIN]] [--format text|json]</c></summary>
internal static class TestCommand
{
    public static readonly string[] Examples = { "rules test examples", "rules test examples --coverage 100", "rules test my.rules --format json" };

    public static Command Create()
    {
        var paths = PathArguments.Create();
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
            parse.Paths(paths),
            parse.GetResult(coverage) is not null,
            parse.GetValue(coverage),
            parse.IsJson(format)));
        return command.WithExamples(Examples);
    }

    private static int Run(string[] paths, bool showCoverage, double? minimum, bool json)
    {
        if (!PathArguments.AllFoldersHaveRules(paths)) return ExitCodes.Problems;
        var run = TestSuite.Run(paths);
        foreach (var diagnostic in run.Diagnostics) Terminal.Error(diagnostic);
        if (json)
        {
            Console.Out.WriteLine(TestReportFormatter.ToJson(run));
        }
        else
        {
            var report = Terminal.ForStdout();
            TestReportFormatter.WriteText(run, showCoverage, report);
            Console.Out.Write(report.ToString());
        }

        bool belowMinimum = minimum is not null && run.CoveragePercent < minimum.Value;
        if (belowMinimum)
        {
            Console.Error.WriteLine(FormattableString.Invariant($"rules: coverage {run.CoveragePercent:0.#}% is below the required {minimum:0.#}%"));
        }
        return run.HasErrors || run.Failed > 0 || belowMinimum ? ExitCodes.Problems : ExitCodes.Success;
    }
}
