using System.CommandLine;
using System.CommandLine.Parsing;

namespace BackPainRules.Cli.Options;

/// <summary>The shared <c>PATH...</c> argument of <c>check</c>, <c>test</c> and <c>fmt</c>, and the checks every command's paths get.</summary>
internal static class PathArguments
{
    /// <summary>Zero or more <c>.rules</c> files or folders; <see cref="Paths"/> gives the current folder when none is named.</summary>
    public static Argument<string[]> Create()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "A .rules file or a folder (all .rules files below it). Default: the current folder.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        paths.Validators.Add(RejectUnknownOptions);
        return paths;
    }

    /// <summary>The paths given, or the current folder.</summary>
    public static string[] Paths(this ParseResult parse, Argument<string[]> paths) =>
        parse.GetValue(paths) is { Length: > 0 } given ? given : new[] { "." };

    /// <summary>A folder that holds no rule file is almost certainly the wrong folder; say so rather than check nothing.</summary>
    public static bool AllFoldersHaveRules(IEnumerable<string> paths)
    {
        foreach (var folder in paths.Where(p => Directory.Exists(p) && !Directory.EnumerateFiles(p, "*.rules", SearchOption.AllDirectories).Any()))
        {
            Console.Error.WriteLine($"rules: no .rules files in '{folder}'");
            return false;
        }
        return true;
    }

    /// <summary>
    /// A token like <c>--bogus</c> would otherwise be taken for a file name; it is a mistyped option
    /// (bad usage, exit 2). A lone <c>-</c> is stdin.
    /// </summary>
    public static void RejectUnknownOptions(ArgumentResult result)
    {
        foreach (var token in result.Tokens)
        {
            if (token.Value.Length > 1 && token.Value[0] == '-') result.AddError($"Unrecognized option '{token.Value}'.");
        }
    }
}
