using System.CommandLine;
using BackPainRules.Cli.Options;
using BackPainRules.Schema;

namespace BackPainRules.Cli.Commands;

/// <summary><c>rules schema [--rules PATH]...</c>: the JSON Schema of a profile.</summary>
internal static class SchemaCommand
{
    public static readonly string[] Examples = { "rules schema > profile.schema.json", "rules schema --rules my.rules" };

    public static Command Create()
    {
        var rules = RulesOption.Create();
        var command = new Command("schema", "Print the JSON Schema (draft 2020-12) of a profile for a rule set.") { rules };
        command.SetAction(parse =>
        {
            var paths = parse.Paths(rules);
            if (RulesOption.Load(paths) is not { } ruleSet) return ExitCodes.Problems;
            string title = paths.Length == 0 ? "Profile for the built-in lower-back-pain rules" : $"Profile for {string.Join(", ", paths)}";
            Console.Out.WriteLine(ProfileSchema.Generate(ruleSet.Model, title));
            return ExitCodes.Success;
        });
        return command.WithExamples(Examples);
    }
}
