using System.Text.Json;
using BackPainRules.Server.CdsHooks;
using BackPainRules.Server.Endpoints;
using BackPainRules.Server.Hosting;
using BackPainRules.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace BackPainRules.Server;

/// <summary>
/// <c>rules serve</c>: the rule set behind HTTP (Kestrel, minimal APIs). A shell over the library: every answer
/// about rules comes from <see cref="RuleSet"/> and <see cref="Compilation.CompiledRuleSet"/>; this only routes,
/// limits, authenticates and reloads. Logs go to stderr.
/// </summary>
public static class ServeHost
{
    /// <summary>Serves <paramref name="initial"/> (loaded clean from <see cref="ServeOptions.RulePaths"/>) until stopped (Ctrl+C, SIGTERM, or <paramref name="stop"/>). 0 on a clean stop, 1 when it cannot listen.</summary>
    public static async Task<int> RunAsync(ServeOptions options, RuleSet initial, CancellationToken stop = default)
    {
        var app = Build(options, initial);
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("rules.serve");
        try
        {
            await app.RunAsync(stop.CanBeCanceled ? stop : default);
            return 0;
        }
        catch (IOException e)
        {
            // Address in use, or no permission to bind: the user's to fix, so one line, no stack trace.
            log.LogError("cannot listen on {Urls}: {Reason}", options.Urls, e.Message);
            return 1;
        }
    }

    /// <summary>The application, with its endpoints mapped, not yet started.</summary>
    public static WebApplication Build(ServeOptions options, RuleSet initial)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = Array.Empty<string>(),
            // Never Development: that would answer a failure with a page showing the stack trace.
            EnvironmentName = Environments.Production,
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.UseUtcTimestamp = true;
        });
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // The host logs a failure to start with its stack trace; RunAsync reports it as one line instead.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "rules serve";
            document.Info.Description = "A clinical rule set as a service: evaluate profiles (JSON or NDJSON), read the schema and the rule set, and CDS Hooks 2.0.";
            return Task.CompletedTask;
        }));

        builder.Services.AddSingleton(options);
        // A singleton the container disposes at shutdown, which stops the file watching.
        builder.Services.AddSingleton(services => new LiveRuleSet(
            options.RulePaths, initial, services.GetRequiredService<ILoggerFactory>().CreateLogger("rules.serve"), options.ReloadDebounce));

        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("rules.serve");
        var live = app.Services.GetRequiredService<LiveRuleSet>();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            live.Watch();
            log.LogInformation("serving {Name} rules, version {Version}, on {Urls}", live.Current.Identity.Name, live.Current.Version, options.Urls);
        });

        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = Unexpected(log) });
        app.Use(RequestRuleSet.Pin(live));
        if (options.Token is { } token)
        {
            var bearer = new BearerToken(token);
            app.Use((context, next) => bearer.Admits(context.Request)
                ? next(context)
                : Unauthorized(context));
        }
        app.UseStatusCodePages(async status =>
        {
            var response = status.HttpContext.Response;
            if (response.HasStarted || response.ContentLength > 0) return;
            await Responses.Error(status.HttpContext, response.StatusCode, response.StatusCode switch
            {
                StatusCodes.Status404NotFound => "no such endpoint; the OpenAPI document is at /openapi/v1.json",
                StatusCodes.Status405MethodNotAllowed => "this endpoint does not take that method",
                StatusCodes.Status415UnsupportedMediaType => $"send a profile as application/json, or a batch as {EvaluateEndpoint.NdjsonType}",
                _ => $"HTTP {response.StatusCode}",
            });
        });

        PlaygroundEndpoints.Map(app, options, log);
        Map(app);
        return app;
    }

    private static void Map(WebApplication app)
    {
        app.MapPost("/v1/evaluate", (HttpContext context, ServeOptions served) => EvaluateEndpoint.Handle(context, served))
            .WithSummary("Evaluate one profile (application/json) or a batch (application/x-ndjson)")
            .WithDescription("One JSON profile gives the SPEC §6 result, the bytes `rules eval --format json` prints. NDJSON gives NDJSON, one line per input line in input order; a bad line is answered in place with {\"profile\",\"diagnostics\"}. Query: name, strict, explain.")
            .Accepts<JsonElement>("application/json", EvaluateEndpoint.NdjsonType)
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status200OK, contentType: EvaluateEndpoint.NdjsonType)
            .Produces(StatusCodes.Status400BadRequest, contentType: "application/json")
            .Produces(StatusCodes.Status413PayloadTooLarge, contentType: "application/json")
            .Produces(StatusCodes.Status415UnsupportedMediaType, contentType: "application/json");
        app.MapGet("/v1/schema", (HttpContext context, ServeOptions served) => RuleSetEndpoints.Schema(context, served))
            .WithSummary("The JSON Schema of a profile, as `rules schema` prints it")
            .Produces(StatusCodes.Status200OK, contentType: "application/schema+json");
        app.MapGet("/v1/ruleset", (HttpContext context, ServeOptions _) => RuleSetEndpoints.Describe(context))
            .WithSummary("The rule set served: name, version (content hash), files, counts")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        app.MapGet("/v1/questionnaire", (HttpContext context, ServeOptions _) => RuleSetEndpoints.Questionnaire(context))
            .WithSummary("The FHIR R4 Questionnaire of the input facts, as `rules questionnaire` prints it")
            .Produces(StatusCodes.Status200OK, contentType: "application/fhir+json");
        app.MapGet("/healthz", (HttpContext context, LiveRuleSet served) => RuleSetEndpoints.Health(context, served))
            .WithSummary("200 while serving; status 'stale' with the diagnostics when changed rule files were refused")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        app.MapGet("/cds-services", (HttpContext context, ServeOptions _) => CdsHooksEndpoints.Discovery(context))
            .WithSummary("CDS Hooks 2.0 discovery: one patient-view service for the rule set")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        app.MapPost("/cds-services/{id}", (HttpContext context, string id, ServeOptions served) => CdsHooksEndpoints.Call(context, id, served))
            .WithSummary("CDS Hooks 2.0 call: the prefetched QuestionnaireResponse's answers evaluated, answered with cards")
            .Accepts<JsonElement>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status400BadRequest, contentType: "application/json")
            .Produces(StatusCodes.Status404NotFound, contentType: "application/json")
            .Produces(StatusCodes.Status412PreconditionFailed, contentType: "application/json");
        app.MapOpenApi("/openapi/{documentName}.json");
    }

    private static Task Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Responses.Error(context, StatusCodes.Status401Unauthorized, "this server needs 'Authorization: Bearer <token>'");
    }

    /// <summary>A bug in the server or the library: logged with its exception, answered 500 with no detail.</summary>
    private static RequestDelegate Unexpected(ILogger log) => context =>
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        log.LogError(error, "request {Method} {Path} failed", context.Request.Method, context.Request.Path);
        return Responses.Error(context, StatusCodes.Status500InternalServerError, "internal error; the server log has the details");
    };
}
