using System.CommandLine;
using BackPainRules.LanguageServer;

namespace BackPainRules.Cli.Commands;

/// <summary><c>rules lsp</c>: the language server on stdin/stdout.</summary>
internal static class LspCommand
{
    public static readonly string[] Examples = { "rules lsp    (started by an editor, which speaks LSP on its stdin/stdout)" };

    public static Command Create()
    {
        var command = new Command("lsp", "Run the language server (Language Server Protocol) on stdin and stdout.");
        command.SetAction(_ =>
            LanguageServerHost.RunAsync(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error).GetAwaiter().GetResult());
        return command.WithExamples(Examples);
    }
}
