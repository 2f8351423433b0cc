using System.CommandLine;
using BackPainRules.Cli.Options;
using BackPainRules.Server;
using BackPainRules.Server.Hosting;

namespace BackPainRules.Cli.Commands;

/// <summary><c>rules serve [--rules PATH]... [--urls URL] [--token-file F]</c>: the rule set as an HTTP service.</summary>
internal static class ServeCommand
{
    public static readonly string[] Examples =
    {
        "rules serve",
        "rules serve --rules examples/startback --urls http://127.0.0.1:8080",
        "rules serve --rules /rules --urls http://0.0.0.0:5080 --token-file /run/secrets/rules-token",
    };

    public static Command Create()
    {
        var rules = RulesOption.Create();
        var urls = new Option<string>("--urls")
        {
            Description = $"Where to listen, ';'-separated. Default: {ServeOptions.DefaultUrls} (this machine only).",
            DefaultValueFactory = _ => ServeOptions.DefaultUrls,
        };
        var tokenFile = new Option<string?>("--token-file")
        {
            Description = "A file holding a token; every request must then send 'Authorization: Bearer <token>'.",
        };
        var command = new Command("serve", "Serve the rule set over HTTP: a JSON/NDJSON API, CDS Hooks 2.0, reloading when the rule files change.")
        {
            rules, urls, tokenFile,
        };
        command.SetAction(parse => Run(parse.Paths(rules), parse.GetValue(urls)!, parse.GetValue(tokenFile)));
        return command.WithExamples(Examples);
    }

    private static int Run(string[] paths, string urls, string? tokenFile)
    {
        if (RulesOption.Load(paths) is not { } ruleSet) return ExitCodes.Problems;
        string? token = null;
        if (tokenFile is not null)
        {
            token = Server.Http.TokenFile.Read(tokenFile, out var problem);
            if (token is null)
            {
                Console.Error.WriteLine($"rules: {problem}");
                return ExitCodes.Problems;
            }
        }
        // Nothing is written to stdout while serving; flush what loading printed so it is not held until exit.
        Console.Out.Flush();
        return ServeHost.RunAsync(new ServeOptions(paths, urls, token), ruleSet).GetAwaiter().GetResult() == 0
            ? ExitCodes.Success
            : ExitCodes.Problems;
    }
}
