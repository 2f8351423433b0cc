using BackPainRules.Compilation;

namespace BackPainRules.Profiles;

/// <summary>What one profile of a batch gave: its rendered output, or the diagnostics that kept it from being evaluated.</summary>
/// <param name="Read">The profile as read (with its diagnostics; null profile when it had errors).</param>
/// <param name="Output">The rendered result, or null when the profile had errors.</param>
public sealed record BatchItem(ProfileReadResult Read, string? Output);

/// <summary>
/// Evaluates an NDJSON batch on every core and gives the results back in input order. Lines are read
/// in chunks, so memory stays constant however long the batch; each chunk's lines are parsed,
/// evaluated and rendered in parallel.
/// </summary>
public static class BatchEvaluator
{
    /// <summary>Whether a file holds NDJSON (one profile a line) by its name: <c>.ndjson</c> or <c>.jsonl</c>.</summary>
    public static bool IsNdjsonPath(string path) =>
        path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);

    /// <summary>Evaluates each line of <paramref name="reader"/>, rendering each good profile with <paramref name="render"/>.</summary>
    public static IEnumerable<BatchItem> EvaluateNdjson(
        CompiledRuleSet rules, TextReader reader, string path, bool strict, Func<Profile, string> render, int chunkSize = 4096)
    {
        var chunk = new List<(string Line, int Number)>(chunkSize);
        var items = new BatchItem[chunkSize];
        foreach (var line in ProfileReader.NdjsonLines(reader))
        {
            chunk.Add(line);
            if (chunk.Count < chunkSize) continue;
            foreach (var item in Evaluate(rules, chunk, items, path, strict, render)) yield return item;
            chunk.Clear();
        }
        foreach (var item in Evaluate(rules, chunk, items, path, strict, render)) yield return item;
    }

    private static IEnumerable<BatchItem> Evaluate(
        CompiledRuleSet rules, List<(string Line, int Number)> chunk, BatchItem[] items, string path, bool strict, Func<Profile, string> render)
    {
        Parallel.For(0, chunk.Count, i =>
        {
            var read = ProfileReader.ReadNdjsonLine(rules, chunk[i].Line, chunk[i].Number, path, strict);
            items[i] = new BatchItem(read, read.Profile is null ? null : render(read.Profile));
        });
        for (int i = 0; i < chunk.Count; i++)
        {
            yield return items[i];
            items[i] = null!;
        }
    }
}
