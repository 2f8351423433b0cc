using System.CommandLine;

namespace BackPainRules.Cli.Options;

/// <summary>The shared <c>--rules PATH</c> option of <c>eval</c>, <c>schema</c> and <c>graph</c>, and loading the rule set it names (or the built-in one).</summary>
internal static class RulesOption
{
    public static Option<string[]> Create() => new("--rules")
    {
        Description = "A .rules file or folder; repeat to merge several into one rule set. Default: the built-in lower-back-pain rule set.",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The paths given, or none (the built-in rule set).</summary>
    public static string[] Paths(this ParseResult parse, Option<string[]> rules) => parse.GetValue(rules) ?? Array.Empty<string>();

    /// <summary>The rule set, or null after printing why it cannot be used.</summary>
    public static RuleSet? Load(string[] paths)
    {
        if (!PathArguments.AllFoldersHaveRules(paths)) return null;
        var ruleSet = paths.Length == 0 ? RuleSet.BuiltIn : RuleSet.Load(paths);
        foreach (var diagnostic in ruleSet.Diagnostics) Console.Error.WriteLine(diagnostic);
        return ruleSet.HasErrors ? null : ruleSet;
    }
}
