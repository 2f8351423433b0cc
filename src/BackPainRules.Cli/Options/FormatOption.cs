using System.CommandLine;

namespace BackPainRules.Cli.Options;

/// <summary>The shared <c>--format text|json</c> option of <c>eval</c> and <c>test</c>.</summary>
internal static class FormatOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--format")
        {
            Description = "Output format: text for people, json for machines.",
            DefaultValueFactory = _ => "text",
        };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }

    /// <summary>Whether the command line asked for JSON.</summary>
    public static bool IsJson(this ParseResult parse, Option<string> format) => parse.GetValue(format) == "json";
}
