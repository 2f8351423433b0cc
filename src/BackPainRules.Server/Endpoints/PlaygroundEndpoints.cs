using System.Text;
using System.Text.Json;
using BackPainRules.Editing;
using BackPainRules.LanguageServer;
using BackPainRules.Loading;
using BackPainRules.Server.Hosting;
using BackPainRules.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace BackPainRules.Server.Endpoints;

/// <summary>
/// The playground at <c>/</c>: the page (built from src/BackPainRules.Playground into the server's output),
/// the language server over a WebSocket (<c>/playground/lsp</c>, the same server code as <c>rules lsp</c>),
/// and three small calls: the rule files it may open, one file's text, and one evaluation of a rule text
/// against the form's answers (<see cref="PlaygroundEvaluation"/>). Rule texts from the page read files
/// only in the served folder (<see cref="FolderFileSystem"/>).
/// </summary>
internal static class PlaygroundEndpoints
{
    /// <summary>The built-in rule set's entry in the file list.</summary>
    public const string BuiltInPath = "builtin:" + RuleSet.BuiltInFileName;

    /// <summary>Where the build copies the page (see BackPainRules.Server.csproj).</summary>
    public static string AssetsFolder => Path.Combine(AppContext.BaseDirectory, "playground");

    public static void Map(WebApplication app, ServeOptions options, ILogger log)
    {
        var served = ServedFolder.Of(options.RulePaths);
        var evaluation = new PlaygroundEvaluation(served.DocumentPath, served.Files);
        app.UseWebSockets();
        if (File.Exists(Path.Combine(AssetsFolder, "index.html")))
        {
            var assets = new PhysicalFileProvider(AssetsFolder);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = assets });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = assets });
        }
        else
        {
            app.MapGet("/", () => Results.Content(
                "<!DOCTYPE html><title>Rules playground</title><p>The playground is not built: run <code>npm ci &amp;&amp; npm run build</code> in src/BackPainRules.Playground, then build again.</p>",
                "text/html; charset=utf-8")).ExcludeFromDescription();
        }

        app.MapGet("/playground/api/files", (HttpContext context) => Files(context, served))
            .WithSummary("Playground: the rule files the page may open (the built-in set and the served folder's files)");
        app.MapGet("/playground/api/file", (HttpContext context, string path) => ReadFile(context, served, path))
            .WithSummary("Playground: one rule file's text");
        app.MapPost("/playground/api/evaluate", (HttpContext context) => Evaluate(context, evaluation))
            .WithSummary("Playground: a rule text and a profile in, diagnostics, schema, explained result and graph out");
        app.Map("/playground/lsp", (HttpContext context) => LanguageServer(context, served, log)).ExcludeFromDescription();
    }

    private static Task Files(HttpContext context, ServedFolder served)
    {
        var files = new List<object> { new { path = BuiltInPath, name = "built-in: " + RuleSet.BuiltInFileName, builtIn = true } };
        files.AddRange(served.RuleFiles().Select(f => new { path = f, name = Path.GetRelativePath(served.Root, f), builtIn = false }));
        return Json(context, new { folder = served.Root, document = served.DocumentPath, files });
    }

    private static Task ReadFile(HttpContext context, ServedFolder served, string path)
    {
        string? text = path == BuiltInPath ? RuleSet.BuiltInText : served.RuleFiles().Contains(path) ? File.ReadAllText(path) : null;
        return text is null
            ? Responses.Error(context, StatusCodes.Status404NotFound, "not a rule file of this server; GET /playground/api/files lists them")
            : Responses.Bytes(context, StatusCodes.Status200OK, Encoding.UTF8.GetBytes(text), "text/plain; charset=utf-8");
    }

    private static async Task Evaluate(HttpContext context, PlaygroundEvaluation evaluation)
    {
        JsonDocument request;
        try
        {
            request = await JsonDocument.ParseAsync(context.Request.Body, new JsonDocumentOptions { MaxDepth = 64 }, context.RequestAborted);
        }
        catch (JsonException e)
        {
            await Responses.Error(context, StatusCodes.Status400BadRequest, "send {\"text\": RULES, \"profile\": {...}}: " + e.Message);
            return;
        }
        catch (BadHttpRequestException e)
        {
            // Mostly the page aborting an evaluation that a newer change overtook (the body ends early); else too large.
            if (!context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted) await Responses.Error(context, e.StatusCode, e.Message);
            return;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        using (request)
        {
            var root = request.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
            {
                await Responses.Error(context, StatusCodes.Status400BadRequest, "send {\"text\": RULES, \"profile\": {...}}");
                return;
            }
            string profile = root.TryGetProperty("profile", out var given) && given.ValueKind == JsonValueKind.Object ? given.GetRawText() : "{}";
            string answer = evaluation.Evaluate(text.GetString()!, profile);
            await Responses.Bytes(context, StatusCodes.Status200OK, Encoding.UTF8.GetBytes(answer), "application/json");
        }
    }

    private static async Task LanguageServer(HttpContext context, ServedFolder served, ILogger log)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Responses.Error(context, StatusCodes.Status400BadRequest, "the playground's language server speaks over a WebSocket");
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var writer = new LogWriter(log);
        await LanguageServerHost.RunAsync(socket, writer, served.Files);
    }

    private static Task Json(HttpContext context, object value) =>
        Responses.Bytes(context, StatusCodes.Status200OK, JsonSerializer.SerializeToUtf8Bytes(value), "application/json");

    /// <summary>The language server's log lines into the service's log.</summary>
    private sealed class LogWriter(ILogger log) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void WriteLine(string? value)
        {
            if (!string.IsNullOrEmpty(value)) log.LogInformation("playground lsp: {Message}", value);
        }
    }
}

/// <summary>
/// The folder the playground's rule texts live in: the folder of the first <c>--rules</c> path. The page's
/// own text is a file there that does not exist on disk (<see cref="DocumentPath"/>), so it imports its
/// neighbours as a file of the folder would. Without <c>--rules</c> (the built-in set), it reads no file at all.
/// </summary>
internal sealed record ServedFolder(string Root, IFileSystem Files, bool HasFiles)
{
    public string DocumentPath => Path.Combine(Root, "playground.rules");

    public static ServedFolder Of(IReadOnlyList<string> rulePaths)
    {
        if (rulePaths.Count == 0)
        {
            // A folder that is not there: nothing in it exists, so a text can import nothing.
            string none = Path.Combine(Path.GetTempPath(), "backpainrules-playground-no-files");
            return new ServedFolder(none, new FolderFileSystem(none), HasFiles: false);
        }
        string first = Path.GetFullPath(rulePaths[0]);
        string root = Directory.Exists(first) ? first : Path.GetDirectoryName(first)!;
        return new ServedFolder(root, new FolderFileSystem(root), HasFiles: true);
    }

    /// <summary>The <c>.rules</c> files below the folder, sorted, read afresh each time (files come and go).</summary>
    public IReadOnlyList<string> RuleFiles()
    {
        if (!HasFiles || !Directory.Exists(Root)) return Array.Empty<string>();
        return Directory.EnumerateFiles(Root, "*.rules", SearchOption.AllDirectories)
            .Select(Path.GetFullPath)
            .Where(f => ((FolderFileSystem)Files).Contains(f))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
