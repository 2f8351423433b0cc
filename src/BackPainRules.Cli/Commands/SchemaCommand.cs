using System.CommandLine;
using BackPainRules.Schema;

namespace BackPainRules.Cli.Commands;

/// <summary><c>rules schema [--rules PATH]...</c>: the JSON Schema of a profile.</summary>
internal static class SchemaCommand
{
    public static Command Create()
    {
        var rules = RulesOption.Create();
        var command = new Command("schema", "Print the JSON Schema (draft 2020-12) of a profile for a rule set.") { rules };
        command.SetAction(parse =>
        {
            var paths = parse.GetValue(rules) ?? Array.Empty<string>();
            if (RulesOption.Load(paths) is not { } ruleSet) return ExitCodes.Problems;
            string title = paths.Length == 0 ? "Profile for the built-in lower-back-pain rules" : $"Profile for {string.Join(", ", paths)}";
            Console.Out.WriteLine(ProfileSchema.Generate(ruleSet.Model, title));
            return ExitCodes.Success;
        });
        return command;
    }
}

/// <summary><c>rules graph [--rules PATH]... [--format mermaid|dot]</c>: the rule set as a picture.</summary>
internal static class GraphCommand
{
    public static Command Create()
    {
        var rules = RulesOption.Create();
        var format = new Option<string>("--format") { Description = "mermaid (default) or dot (Graphviz).", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid", "dot");
        var command = new Command("graph", "Print the rule set as a graph: facts -> rules -> conclusions and recommendations.") { rules, format };
        command.SetAction(parse =>
        {
            if (RulesOption.Load(parse.GetValue(rules) ?? Array.Empty<string>()) is not { } ruleSet) return ExitCodes.Problems;
            Console.Out.Write(parse.GetValue(format) == "dot" ? Graph.RuleGraph.ToDot(ruleSet.Model) : Graph.RuleGraph.ToMermaid(ruleSet.Model));
            return ExitCodes.Success;
        });
        return command;
    }
}

/// <summary>The shared <c>--rules PATH</c> option and loading the rule set it names (or the built-in one).</summary>
internal static class RulesOption
{
    public static Option<string[]> Create() => new("--rules")
    {
        Description = "A .rules file or folder; repeat to merge several into one rule set. Default: the built-in lower-back-pain rule set.",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The rule set, or null after printing why it cannot be used.</summary>
    public static RuleSet? Load(string[] paths)
    {
        if (!PathArguments.AllFoldersHaveRules(paths)) return null;
        var ruleSet = paths.Length == 0 ? RuleSet.BuiltIn : RuleSet.Load(paths);
        foreach (var diagnostic in ruleSet.Diagnostics) Console.Error.WriteLine(diagnostic);
        return ruleSet.HasErrors ? null : ruleSet;
    }
}
