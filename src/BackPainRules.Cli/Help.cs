using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace BackPainRules.Cli;

/// <summary>
/// Adds worked examples under the standard help of each command, since people learn a tool from its
/// examples. Each command declares its own (<c>Examples</c> beside its definition, attached with
/// <see cref="HelpExamples.WithExamples"/>); this only prints them.
/// </summary>
internal sealed class HelpWithExamples : SynchronousCommandLineAction
{
    private readonly HelpAction standard;

    private HelpWithExamples(HelpAction standard) => this.standard = standard;

    public static void Install(RootCommand root)
    {
        foreach (var option in root.Options.OfType<HelpOption>())
        {
            if (option.Action is HelpAction standard) option.Action = new HelpWithExamples(standard);
        }
    }

    public override int Invoke(ParseResult parseResult)
    {
        int exit = standard.Invoke(parseResult);
        var examples = HelpExamples.Of(parseResult.CommandResult.Command);
        if (examples.Count > 0)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var example in examples) output.WriteLine("  " + example);
            output.WriteLine();
        }
        return exit;
    }
}

/// <summary>The examples each command declares, kept with the command for <see cref="HelpWithExamples"/>.</summary>
internal static class HelpExamples
{
    private static readonly ConditionalWeakTable<Command, IReadOnlyList<string>> Table = new();

    /// <summary>Gives <paramref name="command"/> the examples its help shows, one command line each.</summary>
    public static TCommand WithExamples<TCommand>(this TCommand command, IReadOnlyList<string> examples)
        where TCommand : Command
    {
        Table.AddOrUpdate(command, examples);
        return command;
    }

    /// <summary>The examples of a command; none if it declared none.</summary>
    public static IReadOnlyList<string> Of(Command command) => Table.TryGetValue(command, out var examples) ? examples : [];
}
