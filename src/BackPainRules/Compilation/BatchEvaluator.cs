using System.Collections.Concurrent;
using System.Threading.Channels;
using BackPainRules.Evaluation;
using BackPainRules.Profiles;
using BackPainRules.Text;

namespace BackPainRules.Compilation;

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
    public static bool IsNdjsonPath(string path) => ProfileReader.IsNdjsonPath(path);

    /// <summary>Evaluates each line of <paramref name="reader"/>, rendering each good profile with <paramref name="render"/>.</summary>
    public static IEnumerable<BatchItem> EvaluateNdjson(
        CompiledRuleSet rules, TextReader reader, string path, bool strict, Func<Profile, string> render, int chunkSize = 4096)
    {
        var items = new BatchItem[chunkSize];
        foreach (var chunk in NdjsonChunks(reader, chunkSize))
        {
            foreach (var item in Evaluate(rules, chunk, items, path, strict, render)) yield return item;
        }
    }

    /// <summary>The non-blank lines of an NDJSON text with their numbers, in runs of up to <paramref name="chunkSize"/>, each run a new list.</summary>
    private static IEnumerable<List<(string Line, int Number)>> NdjsonChunks(TextReader reader, int chunkSize)
    {
        var chunk = new List<(string Line, int Number)>(chunkSize);
        foreach (var line in ProfileReader.NdjsonLines(reader))
        {
            chunk.Add(line);
            if (chunk.Count < chunkSize) continue;
            yield return chunk;
            chunk = new List<(string Line, int Number)>(chunkSize);
        }
        if (chunk.Count > 0) yield return chunk;
    }

    private static IEnumerable<BatchItem> Evaluate(
        CompiledRuleSet rules, List<(string Line, int Number)> chunk, BatchItem[] items, string path, bool strict, Func<Profile, string> render)
    {
        Parallel.For(0, chunk.Count, i =>
        {
            var read = ProfileReader.ReadNdjsonLine(rules.Layout, chunk[i].Line, chunk[i].Number, path, strict);
            items[i] = new BatchItem(read, read.Profile is null ? null : render(read.Profile));
        });
        for (int i = 0; i < chunk.Count; i++)
        {
            yield return items[i];
            items[i] = null!;
        }
    }

    /// <summary>
    /// Evaluates each line of <paramref name="reader"/> and renders the results as SPEC §6 JSON lines
    /// (<c>rules eval --format json</c>), or as explanations with <paramref name="explain"/>: the fast
    /// path for large batches. Reading, evaluating and the caller's writing overlap: while the caller
    /// writes one chunk, the next is evaluated on every core and the one after is read.
    /// </summary>
    /// <remarks>
    /// A chunk's buffers are reused once the enumeration moves on, so write or copy
    /// <see cref="BatchChunk.Output"/> before asking for the next chunk. Memory stays constant: at most
    /// three chunks are rendered at any time.
    /// </remarks>
    public static IEnumerable<BatchChunk> EvaluateNdjsonAsJson(
        CompiledRuleSet rules, TextReader reader, string path, bool strict, bool explain = false, int chunkSize = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        // One chunk waits in each channel, so reading runs one chunk ahead of evaluating, and evaluating one ahead of the caller.
        var read = Channel.CreateBounded<List<(string Line, int Number)>>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var rendered = Channel.CreateBounded<BatchChunk>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var freeChunks = new ConcurrentBag<BatchChunk>();
        using var stop = new CancellationTokenSource();
        // Taken now: the reading stage may outlive this enumeration (see finally), and with it the source.
        var stopToken = stop.Token;

        _ = Task.Run(() => ReadChunks(reader, chunkSize, read.Writer, stopToken));
        var rendering = Task.Run(async () =>
        {
            try
            {
                await foreach (var lines in read.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
                {
                    if (!freeChunks.TryTake(out var chunk)) chunk = new BatchChunk();
                    chunk.Render(rules, lines, path, strict, explain);
                    await rendered.Writer.WriteAsync(chunk, stop.Token).ConfigureAwait(false);
                }
                rendered.Writer.Complete();
            }
            catch (Exception e)
            {
                rendered.Writer.Complete(e);
            }
        });

        try
        {
            while (rendered.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (rendered.Reader.TryRead(out var chunk))
                {
                    yield return chunk;
                    freeChunks.Add(chunk);
                }
            }
        }
        finally
        {
            // Also when the caller stops early: stop evaluating and wait for it, so no worker outlives the
            // enumeration. Reading may be blocked in the reader (stdin) and cannot be interrupted; it stops by
            // itself at its next chunk.
            stop.Cancel();
            rendering.Wait();
        }
    }

    private static async Task ReadChunks(TextReader reader, int chunkSize, ChannelWriter<List<(string Line, int Number)>> chunks, CancellationToken stop)
    {
        try
        {
            foreach (var chunk in NdjsonChunks(reader, chunkSize)) await chunks.WriteAsync(chunk, stop).ConfigureAwait(false);
            chunks.Complete();
        }
        catch (Exception e)
        {
            chunks.Complete(e);
        }
    }
}

/// <summary>A run of consecutive profiles of a batch, evaluated and rendered as UTF-8 JSON lines.</summary>
public sealed class BatchChunk
{
    // A chunk is rendered in slices, one buffer each, by as many workers as there are cores; the slices are consecutive, so their buffers in turn keep input order.
    private readonly Utf8JsonBuffer[] slices;
    private readonly List<ProfileReadResult>[] sliceProblems;
    private readonly ReadOnlyMemory<byte>[] output;
    private readonly List<ProfileReadResult> problems = new();

    internal BatchChunk()
    {
        int count = Math.Max(1, Environment.ProcessorCount * 4);
        slices = Enumerable.Range(0, count).Select(_ => new Utf8JsonBuffer(64 * 1024)).ToArray();
        sliceProblems = Enumerable.Range(0, count).Select(_ => new List<ProfileReadResult>()).ToArray();
        output = new ReadOnlyMemory<byte>[count];
    }

    /// <summary>The JSON lines of the chunk's good profiles, each ending in a line feed, in input order, in consecutive pieces.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Output => output;

    /// <summary>The profiles that could not be read, with their diagnostics, in input order.</summary>
    public IReadOnlyList<ProfileReadResult> Problems => problems;

    /// <summary>How many profiles the chunk held, good or not.</summary>
    public int ProfileCount { get; private set; }

    /// <summary>Writes <see cref="Output"/> to <paramref name="stream"/>.</summary>
    public void WriteTo(Stream stream)
    {
        foreach (var piece in output) stream.Write(piece.Span);
    }

    internal void Render(CompiledRuleSet rules, List<(string Line, int Number)> lines, string path, bool strict, bool explain)
    {
        ProfileCount = lines.Count;
        int sliceLength = (lines.Count + slices.Length - 1) / slices.Length;
        Parallel.For(0, slices.Length, s =>
        {
            var json = slices[s];
            var bad = sliceProblems[s];
            json.Clear();
            bad.Clear();
            int end = Math.Min(lines.Count, (s + 1) * sliceLength);
            for (int i = s * sliceLength; i < end; i++)
            {
                var read = ProfileReader.ReadNdjsonLine(rules.Layout, lines[i].Line, lines[i].Number, path, strict);
                if (read.Profile is not { } profile)
                {
                    bad.Add(read);
                    continue;
                }
                if (explain) json.Text(ExplanationFormatter.ToJson(rules.Explain(profile)));
                else ResultFormatter.WriteJson(rules.Evaluate(profile), json);
                json.Raw((byte)'\n');
            }
        });
        problems.Clear();
        for (int s = 0; s < slices.Length; s++)
        {
            output[s] = slices[s].Written;
            problems.AddRange(sliceProblems[s]);
        }
    }
}
