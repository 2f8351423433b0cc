using BackPainRules.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace BackPainRules.Server.Http;

/// <summary>
/// The rule set a request is answered with: taken once, when the request starts, and named in the
/// <c>X-RuleSet-Version</c> header before anything else is written, so the header and the body always speak of
/// the same rules, even when a reload lands while the request runs.
/// </summary>
internal static class RequestRuleSet
{
    public const string VersionHeader = "X-RuleSet-Version";

    private static readonly object Key = new();

    /// <summary>Middleware: pins <see cref="LiveRuleSet.Current"/> to the request.</summary>
    public static Func<HttpContext, RequestDelegate, Task> Pin(LiveRuleSet live) => (context, next) =>
    {
        var snapshot = live.Current;
        context.Items[Key] = snapshot;
        context.Response.Headers[VersionHeader] = snapshot.Version;
        return next(context);
    };

    /// <summary>The rule set pinned to this request.</summary>
    public static RuleSetSnapshot RuleSet(this HttpContext context) => (RuleSetSnapshot)context.Items[Key]!;
}
