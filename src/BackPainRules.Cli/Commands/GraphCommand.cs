using System.CommandLine;
using BackPainRules.Cli.Options;
using BackPainRules.Graph;

namespace BackPainRules.Cli.Commands;

/// <summary><c>rules graph [--rules PATH]... [--format mermaid|dot]</c>: the rule set as a picture.</summary>
internal static class GraphCommand
{
    public static readonly string[] Examples = { "rules graph > rules.mmd", "rules graph --format dot | dot -Tsvg > rules.svg" };

    public static Command Create()
    {
        var rules = RulesOption.Create();
        var format = new Option<string>("--format") { Description = "mermaid (default) or dot (Graphviz).", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid", "dot");
        var command = new Command("graph", "Print the rule set as a graph: facts -> rules -> conclusions and recommendations.") { rules, format };
        command.SetAction(parse =>
        {
            if (RulesOption.Load(parse.Paths(rules)) is not { } ruleSet) return ExitCodes.Problems;
            Console.Out.Write(parse.GetValue(format) == "dot" ? RuleGraph.ToDot(ruleSet.Model) : RuleGraph.ToMermaid(ruleSet.Model));
            return ExitCodes.Success;
        });
        return command.WithExamples(Examples);
    }
}
