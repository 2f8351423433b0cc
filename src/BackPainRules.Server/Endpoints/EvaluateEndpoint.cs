using System.Text;
using BackPainRules.Compilation;
using BackPainRules.Evaluation;
using BackPainRules.Server.Hosting;
using BackPainRules.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace BackPainRules.Server.Endpoints;

/// <summary>
/// <c>POST /v1/evaluate</c>: a JSON profile in, the SPEC §6 result out, the same bytes <c>rules eval --format
/// json</c> prints; or NDJSON in (<c>Content-Type: application/x-ndjson</c>), NDJSON out, streamed in input
/// order, a bad line answered in its place with its diagnostics.
/// </summary>
/// <remarks>
/// Query: <c>name</c> names a profile without <c>$id</c> in the result (default <c>request</c>; NDJSON lines are
/// <c>NAME:LINE</c>), as the file path does for <c>rules eval</c>; <c>strict=true</c> is <c>--strict</c>;
/// <c>explain=true</c> is <c>--explain</c>.
/// </remarks>
internal static class EvaluateEndpoint
{
    public const string NdjsonType = "application/x-ndjson";

    // Items are evaluated in runs of this many, in parallel, then written; small runs keep the first answers coming soon.
    private const int BatchRun = 256;

    public static async Task Handle(HttpContext context, ServeOptions options)
    {
        var snapshot = context.RuleSet();
        string name = context.Request.Query["name"].FirstOrDefault() is { Length: > 0 } given ? given : "request";
        bool strict = IsTrue(context.Request.Query["strict"]);
        bool explain = IsTrue(context.Request.Query["explain"]);
        string mediaType = MediaType(context.Request.ContentType);

        if (mediaType == NdjsonType)
        {
            await Batch(context, snapshot.Compiled, name, strict, explain, options);
            return;
        }
        if (mediaType is not ("application/json" or ""))
        {
            await Responses.Error(context, StatusCodes.Status415UnsupportedMediaType, $"send a profile as application/json, or a batch as {NdjsonType}");
            return;
        }
        if (await RequestBody.ReadText(context, options.MaxRequestBytes) is not { } json) return;

        var read = snapshot.Compiled.ReadProfile(json, name, strict);
        if (read.Profile is not { } profile)
        {
            await Responses.Bytes(context, StatusCodes.Status400BadRequest, DiagnosticsJson.ProfileProblems(read.Name, read.Diagnostics));
            return;
        }
        await Responses.Bytes(context, StatusCodes.Status200OK, Encoding.UTF8.GetBytes(Render(snapshot.Compiled, profile, explain) + "\n"));
    }

    private static string Render(CompiledRuleSet rules, Profiles.Profile profile, bool explain) =>
        explain ? ExplanationFormatter.ToJson(rules.Explain(profile)) : rules.Evaluate(profile).ToJson();

    /// <summary>
    /// The library's NDJSON batch evaluator reads its input synchronously; it runs on a pool thread of its own with
    /// synchronous I/O allowed for this request only, reading the body as it arrives and writing each run of
    /// answers as soon as it is evaluated, so memory stays constant however long the batch.
    /// </summary>
    private static async Task Batch(HttpContext context, CompiledRuleSet rules, string name, bool strict, bool explain, ServeOptions options)
    {
        // A batch may be any length: its lines are limited instead of its body.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = null;
        context.Features.Get<IHttpBodyControlFeature>()!.AllowSynchronousIO = true;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = NdjsonType;

        await Task.Run(() =>
        {
            var output = new BufferedStream(context.Response.Body, 64 * 1024);
            var lineFeed = "\n"u8.ToArray();
            using var reader = new BoundedLineReader(context.Request.Body, options.MaxNdjsonLineChars);
            try
            {
                int written = 0;
                try
                {
                    foreach (var item in BatchEvaluator.EvaluateNdjson(rules, reader, name, strict, profile => Render(rules, profile, explain), BatchRun))
                    {
                        output.Write(item.Output is { } line
                            ? Encoding.UTF8.GetBytes(line)
                            : DiagnosticsJson.ProfileProblems(item.Read.Name, item.Read.Diagnostics));
                        output.Write(lineFeed);
                        if (++written % BatchRun == 0) output.Flush();
                    }
                }
                catch (BadHttpRequestException e)
                {
                    output.Write(DiagnosticsJson.Error($"the request body could not be read: {e.Message}"));
                    output.Write(lineFeed);
                }
                if (reader.TooLong is { } reason)
                {
                    // The answers so far stand; the last line says why the rest was not read.
                    output.Write(DiagnosticsJson.Error($"{reason}; the batch stops here"));
                    output.Write(lineFeed);
                }
                output.Flush();
            }
            catch (Exception e) when ((e is IOException or OperationCanceledException) && context.RequestAborted.IsCancellationRequested)
            {
                // The client went away mid-batch: nobody is left to answer, and it is no fault of the server's.
            }
        });
    }

    private static bool IsTrue(Microsoft.Extensions.Primitives.StringValues value) =>
        value.FirstOrDefault() is { } text && (text == "" || text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1");

    /// <summary>The media type of a Content-Type header, lower case, without parameters (<c>; charset=utf-8</c>).</summary>
    public static string MediaType(string? contentType) =>
        contentType is null ? "" : contentType.Split(';')[0].Trim().ToLowerInvariant();
}
