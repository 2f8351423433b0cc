using System.CommandLine;
using BackPainRules.Cli.Commands;

namespace BackPainRules.Cli;

/// <summary>
/// The <c>rules</c> command. It only parses the command line and prints; every decision about the
/// language is the library's. Exit codes (SPEC §6): 0 success, 1 problems in the input, 2 bad usage.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        // Console.Out flushes on every line; batches print millions of lines, so buffer and flush once at the end.
        StandardOutput = Console.OpenStandardOutput();
        var stdout = new StreamWriter(StandardOutput, new System.Text.UTF8Encoding(false), 1 << 16) { AutoFlush = false };
        Console.SetOut(stdout);
        try
        {
            return Run(args);
        }
        finally
        {
            stdout.Flush();
        }
    }

    /// <summary>The examples under <c>rules --help</c>; each command's own are in its file.</summary>
    public static readonly string[] Examples =
    {
        "rules check examples",
        "rules eval examples/profiles/pregnant-runner.json",
        "rules test examples --coverage",
    };

    /// <summary>
    /// Standard output as bytes, under <see cref="Console.Out"/>: batches write their UTF-8 JSON straight
    /// to it. Flush <see cref="Console.Out"/> before writing here, so the two keep their order.
    /// </summary>
    internal static Stream StandardOutput { get; private set; } = Stream.Null;

    private static int Run(string[] args)
    {
        var root = new RootCommand("Check and evaluate clinical rule files (.rules) against runner profiles.")
        {
            EvalCommand.Create(),
            CheckCommand.Create(),
            TestCommand.Create(),
            FmtCommand.Create(),
            SchemaCommand.Create(),
            GraphCommand.Create(),
            QuestionnaireCommand.Create(),
            ServeCommand.Create(),
            LspCommand.Create(),
        }.WithExamples(Examples);
        HelpWithExamples.Install(root);
        var parse = root.Parse(args);
        // Asking for help is never a usage error, even when the rest of the line is incomplete.
        if (parse.Errors.Count > 0 && parse.Action is not HelpWithExamples)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"rules: {error.Message}");
            Console.Error.WriteLine();
            // The command's own help, on stderr, so the usage is right there; stdout stays empty.
            var command = parse.CommandResult.Command;
            var path = command is RootCommand ? new[] { "--help" } : new[] { command.Name, "--help" };
            root.Parse(path).Invoke(new InvocationConfiguration { Output = Console.Error });
            Console.Error.WriteLine($"Run '{CommandName(parse)} --help' for usage.");
            return ExitCodes.Usage;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            // Bad input never reaches here (it is reported as diagnostics); this is a bug in rules itself.
            Console.Error.WriteLine($"rules: internal error: {e.Message}");
            return ExitCodes.Problems;
        }
    }

    private static string CommandName(ParseResult parse) =>
        parse.CommandResult.Command is RootCommand ? "rules" : $"rules {parse.CommandResult.Command.Name}";
}
