namespace BackPainRules.Server.Hosting;

/// <summary>What <c>rules serve</c> was asked to do.</summary>
/// <param name="RulePaths">The <c>--rules</c> paths, merged into one rule set as <c>rules eval</c> merges them; none for the built-in rule set.</param>
/// <param name="Urls">Where to listen (<c>;</c>-separated), e.g. <c>http://127.0.0.1:5080</c>.</param>
/// <param name="Token">The bearer token every request must carry, or null for none.</param>
public sealed record ServeOptions(IReadOnlyList<string> RulePaths, string Urls, string? Token)
{
    /// <summary>Where <c>rules serve</c> listens by default: loopback only, so nothing is exposed until asked.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>The largest request body, except an NDJSON batch, whose lines are limited instead (1 MiB).</summary>
    public long MaxRequestBytes { get; init; } = 1 << 20;

    /// <summary>The longest line of an NDJSON batch, in characters (1 Mi).</summary>
    public int MaxNdjsonLineChars { get; init; } = 1 << 20;

    /// <summary>How long the rule files must stay unchanged before a reload reads them.</summary>
    public TimeSpan ReloadDebounce { get; init; } = TimeSpan.FromMilliseconds(300);
}
