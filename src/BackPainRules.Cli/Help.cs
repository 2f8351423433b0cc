using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace BackPainRules.Cli;

/// <summary>Adds worked examples under the standard help of each command, since people learn a tool from its examples.</summary>
internal sealed class HelpWithExamples : SynchronousCommandLineAction
{
    private static readonly Dictionary<string, string[]> Examples = new(StringComparer.Ordinal)
    {
        ["rules"] = new[]
        {
            "rules check examples",
            "rules eval examples/profiles/pregnant-runner.json",
            "rules test examples --coverage",
        },
        ["eval"] = new[]
        {
            "rules eval examples/profiles/pregnant-runner.json",
            "rules eval --explain examples/profiles/desk-worker-peloton.json",
            "rules eval --format json examples/profiles/club-batch.ndjson",
            "rules eval --rules my.rules --rules vocab.rules runner.json",
            "cat runners.ndjson | rules eval --format json -",
        },
        ["check"] = new[] { "rules check examples", "rules check my.rules vocab.rules" },
        ["test"] = new[] { "rules test examples", "rules test examples --coverage 100", "rules test my.rules --format json" },
        ["fmt"] = new[] { "rules fmt examples", "rules fmt --check examples" },
        ["schema"] = new[] { "rules schema > profile.schema.json", "rules schema --rules my.rules" },
        ["lsp"] = new[] { "rules lsp    (started by an editor, which speaks LSP on its stdin/stdout)" },
        ["graph"] = new[] { "rules graph > rules.mmd", "rules graph --format dot | dot -Tsvg > rules.svg" },
    };

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
        if (Examples.TryGetValue(parseResult.CommandResult.Command.Name, out var examples))
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var example in examples) output.WriteLine("  " + example);
            output.WriteLine();
        }
        return exit;
    }
}
