using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using BackPainRules.Diagnostics;
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
    /// <summary>
    /// Starts compiling the batch path's hot code on a background thread: a process about to evaluate a batch calls
    /// it before it loads the rule set, so that code is ready when the first profile arrives, compiled on a core that
    /// would otherwise wait for the rules to load.
    /// </summary>
    /// <remarks>
    /// The hot methods are marked <see cref="MethodImplOptions.AggressiveOptimization"/>: a batch process lives about
    /// a second, and with the runtime's default tiering its busiest code would spend a good part of it in unoptimised
    /// or precompiled (ReadyToRun) form while the call counts that promote it build up. Marked, each is compiled once,
    /// fully optimised, on its first call; this moves those first compilations off the critical path. Only code the
    /// batch path alone runs is marked (reading bytes, writing JSON): the evaluator's nodes, which the embedding API
    /// shares, keep the runtime's tiering, whose dynamic PGO serves a long-running host better.
    /// </remarks>
    public static void PrepareInBackground() => ThreadPool.UnsafeQueueUserWorkItem(_ =>
    {
        try
        {
            PrepareHotMethods();
        }
        catch (Exception)
        {
            // Only a head start: a method not compiled here is compiled on its first call, as it would be anyway.
            // Nothing may escape a thread-pool item, which would end the process.
        }
    }, null);

    /// <summary>JIT-compiles every non-generic method of this library marked <see cref="MethodImplOptions.AggressiveOptimization"/>; returns them.</summary>
    internal static List<MethodInfo> PrepareHotMethods()
    {
        const BindingFlags declared = BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        var prepared = new List<MethodInfo>();
        foreach (var type in typeof(BatchEvaluator).Assembly.GetTypes())
        {
            if (type.ContainsGenericParameters) continue;
            foreach (var method in type.GetMethods(declared))
            {
                if ((method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) == 0 || method.IsAbstract || method.ContainsGenericParameters) continue;
                RuntimeHelpers.PrepareMethod(method.MethodHandle);
                prepared.Add(method);
            }
        }
        return prepared;
    }

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
        return Pipeline<List<(string Line, int Number)>>(
            (lines, stop) => ReadChunks(reader, chunkSize, lines, stop),
            (chunk, lines) => chunk.Render(rules, lines, path, strict, explain));
    }

    /// <summary>
    /// The three stages of a batch, overlapped: a reading task fills <typeparamref name="TInput"/>s, a rendering
    /// task renders each into a <see cref="BatchChunk"/> (on every core), and the caller's enumeration writes
    /// them. One item waits in each channel, so reading runs one chunk ahead of evaluating, and evaluating one
    /// ahead of the caller; chunks are reused once the enumeration moves on.
    /// </summary>
    private static IEnumerable<BatchChunk> Pipeline<TInput>(
        Func<ChannelWriter<TInput>, CancellationToken, Task> read, Action<BatchChunk, TInput> render)
    {
        var inputs = Channel.CreateBounded<TInput>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var rendered = Channel.CreateBounded<BatchChunk>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var freeChunks = new ConcurrentBag<BatchChunk>();
        using var stop = new CancellationTokenSource();
        // Taken now: the reading stage may outlive this enumeration (see finally), and with it the source.
        var stopToken = stop.Token;

        _ = Task.Run(() => read(inputs.Writer, stopToken));
        var rendering = Task.Run(async () =>
        {
            try
            {
                await foreach (var input in inputs.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
                {
                    if (!freeChunks.TryTake(out var chunk)) chunk = new BatchChunk();
                    render(chunk, input);
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
            // enumeration. Reading may be blocked in the source (stdin) and cannot be interrupted; it stops by
            // itself at its next chunk.
            stop.Cancel();
            rendering.Wait();
        }
    }

    /// <summary>The bytes of NDJSON read at a time by the byte path: about 2,000 to 3,000 profiles, enough for every core.</summary>
    public const int DefaultChunkBytes = 1 << 20;

    /// <summary>
    /// <see cref="EvaluateNdjsonAsJson(CompiledRuleSet, TextReader, string, bool, bool, int)"/> over the UTF-8 bytes of
    /// <paramref name="stream"/>, the same output byte for byte, faster: lines are found in the bytes (no string per line),
    /// a clean profile is read straight into the evaluator's slots (no string per key) and its result written straight
    /// into the output buffer (no result objects). A line with anything to report (a bad value, an undeclared key, an
    /// escape, invalid UTF-8) is read by the reader of every other path, so its diagnostics are the same.
    /// </summary>
    /// <param name="rules">The rule set.</param>
    /// <param name="stream">The NDJSON, read to its end; a UTF-8 byte order mark is skipped, a UTF-16 or UTF-32 one decoded as a text reader would.</param>
    /// <param name="path">The name in profile names and diagnostics (<c>FILE:LINE</c>).</param>
    /// <param name="strict">Whether undeclared keys are errors.</param>
    /// <param name="explain">Explanations instead of results (read and written by the general path).</param>
    /// <param name="chunkBytes">How many bytes are read at a time (a longer line gets a larger chunk).</param>
    public static IEnumerable<BatchChunk> EvaluateNdjsonAsJson(
        CompiledRuleSet rules, Stream stream, string path, bool strict, bool explain = false, int chunkBytes = DefaultChunkBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 1);
        // A text reader decodes UTF-16 and UTF-32 by their byte order marks: leave such a stream to it.
        var start = new byte[4];
        int peeked = 0;
        for (int n; peeked < start.Length && (n = stream.Read(start, peeked, start.Length - peeked)) > 0;) peeked += n;
        var head = start.AsSpan(0, peeked);
        if (head.StartsWith(new byte[] { 0xFE, 0xFF }) || head.StartsWith(new byte[] { 0xFF, 0xFE }) || head.StartsWith(new byte[] { 0, 0, 0xFE, 0xFF }))
        {
            var text = new StreamReader(new PrefixedStream(start[..peeked], stream), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return EvaluateNdjsonAsJson(rules, text, path, strict, explain);
        }
        int skip = head.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }) ? 3 : 0;
        return EvaluateBytes(rules, stream, start[skip..peeked], path, strict, explain, chunkBytes);
    }

    private static IEnumerable<BatchChunk> EvaluateBytes(
        CompiledRuleSet rules, Stream stream, byte[] head, string path, bool strict, bool explain, int chunkBytes)
    {
        // A block goes back to the reader once it is rendered: its bytes are read into again.
        var freeBlocks = new ConcurrentBag<NdjsonBlock>();
        var names = new BatchNames(path);
        return Pipeline<NdjsonBlock>(
            (blocks, stop) => ReadBlocks(stream, head, chunkBytes, blocks, freeBlocks, stop),
            (chunk, block) =>
            {
                chunk.Render(rules, block, names, path, strict, explain);
                freeBlocks.Add(block);
            });
    }

    /// <summary>
    /// Cuts the stream into blocks of whole lines, found with a vectorised search for line ends. Lines end as a text
    /// reader ends them (<c>\n</c>, <c>\r\n</c> or a lone <c>\r</c>) and are numbered the same; blank lines (ASCII white
    /// space only) are counted and dropped; the first line loses a second byte order mark, as the text path's does.
    /// </summary>
    private static async Task ReadBlocks(Stream stream, byte[] head, int chunkBytes, ChannelWriter<NdjsonBlock> blocks,
        ConcurrentBag<NdjsonBlock> freeBlocks, CancellationToken stop)
    {
        try
        {
            var carry = head;
            int carryLength = head.Length;
            int lineNumber = 0;
            bool end = false;
            while (!end)
            {
                if (!freeBlocks.TryTake(out var block)) block = new NdjsonBlock();
                block.Lines.Clear();
                if (block.Data.Length < Math.Max(chunkBytes, carryLength + 1)) block.Data = new byte[Math.Max(chunkBytes, 2 * (carryLength + 1))];
                Array.Copy(carry, block.Data, carryLength);
                int filled = carryLength;
                int pos = 0;
                while (true)
                {
                    while (filled < block.Data.Length)
                    {
                        int n = await stream.ReadAsync(block.Data.AsMemory(filled), stop).ConfigureAwait(false);
                        if (n == 0)
                        {
                            end = true;
                            break;
                        }
                        filled += n;
                    }
                    pos = SplitLines(block, pos, filled, end, ref lineNumber);
                    if (pos > 0 || end) break;
                    // One line longer than the block: make room for more of it.
                    Array.Resize(ref block.Data, block.Data.Length * 2);
                }
                carryLength = filled - pos;
                if (carry.Length < carryLength) carry = new byte[Math.Max(carryLength, 2 * carry.Length)];
                Array.Copy(block.Data, pos, carry, 0, carryLength);
                if (block.Lines.Count > 0) await blocks.WriteAsync(block, stop).ConfigureAwait(false);
            }
            blocks.Complete();
        }
        catch (Exception e)
        {
            blocks.Complete(e);
        }
    }

    /// <summary>Adds the whole lines of <c>block.Data[pos..filled)</c> to the block; returns where the unfinished rest starts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SplitLines(NdjsonBlock block, int pos, int filled, bool end, ref int lineNumber)
    {
        var data = block.Data;
        while (pos < filled)
        {
            int at = data.AsSpan(pos, filled - pos).IndexOfAny((byte)'\n', (byte)'\r');
            int next;
            if (at < 0)
            {
                if (!end) return pos;
                at = filled - pos;
                next = filled;
            }
            else if (data[pos + at] == (byte)'\r')
            {
                // A \r at the end of what has been read may be the first half of \r\n.
                if (pos + at + 1 == filled && !end) return pos;
                next = pos + at + 1 < filled && data[pos + at + 1] == (byte)'\n' ? pos + at + 2 : pos + at + 1;
            }
            else
            {
                next = pos + at + 1;
            }
            lineNumber++;
            int start = pos, length = at;
            if (lineNumber == 1 && data.AsSpan(start, length).StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
            {
                start += 3;
                length -= 3;
            }
            if (!IsBlank(data.AsSpan(start, length))) block.Lines.Add(new NdjsonLine(start, length, lineNumber));
            pos = next;
        }
        return pos;
    }

    /// <summary>Whether a line is ASCII white space only. A line with other white space goes on, and the text path drops it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
        {
            if (b >= 0x80 || !char.IsWhiteSpace((char)b)) return false;
        }
        return true;
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

    // The byte path's per-slice working space, made on first use.
    private Utf8ProfileReader.Scratch?[]? readScratch;
    private Utf8JsonBuffer?[]? nameBuffers;

    internal void Render(CompiledRuleSet rules, NdjsonBlock block, BatchNames names, string path, bool strict, bool explain)
    {
        var lines = block.Lines;
        ProfileCount = lines.Count;
        readScratch ??= new Utf8ProfileReader.Scratch?[slices.Length];
        nameBuffers ??= new Utf8JsonBuffer?[slices.Length];
        var reader = rules.Layout.Utf8Reader;
        int sliceLength = (lines.Count + slices.Length - 1) / slices.Length;
        Parallel.For(0, slices.Length, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (s) =>
        {
            var json = slices[s];
            var bad = sliceProblems[s];
            json.Clear();
            bad.Clear();
            var scratch = readScratch[s] ??= reader.NewScratch();
            var name = nameBuffers[s] ??= new Utf8JsonBuffer(256);
            int end = Math.Min(lines.Count, (s + 1) * sliceLength);
            for (int i = s * sliceLength; i < end; i++)
            {
                var at = lines[i];
                var line = block.Data.AsSpan(at.Start, at.Length);
                if (!explain && reader.TryRead(line, scratch, out var id))
                {
                    name.Clear();
                    if (id.Start.Value > 0)
                    {
                        name.Raw((byte)'"');
                        name.Raw(line[id]);
                        name.Raw((byte)'"');
                    }
                    else
                    {
                        names.Line(name, at.Number);
                    }
                    rules.Engine.WriteJson(scratch.Values, name.Written.Span, ImmutableArray<Diagnostic>.Empty, json);
                    json.Raw((byte)'\n');
                    continue;
                }
                // Anything to report, or white space a text reader also drops: the general path, from the line's text.
                string text = Encoding.UTF8.GetString(line);
                if (string.IsNullOrWhiteSpace(text)) continue;
                var read = ProfileReader.ReadNdjsonLine(rules.Layout, text, at.Number, path, strict);
                if (read.Profile is not { } profile)
                {
                    bad.Add(read);
                    continue;
                }
                if (explain)
                {
                    json.Text(ExplanationFormatter.ToJson(rules.Explain(profile)));
                }
                else
                {
                    name.Clear();
                    name.String(profile.Name);
                    rules.Engine.WriteJson(profile.Values, name.Written.Span, profile.Warnings, json);
                }
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

/// <summary>Where a line of a block of NDJSON bytes is, and its 1-based number in the file.</summary>
internal readonly record struct NdjsonLine(int Start, int Length, int Number);

/// <summary>A block of NDJSON bytes holding whole lines, reused from block to block.</summary>
internal sealed class NdjsonBlock
{
    public byte[] Data = Array.Empty<byte>();

    /// <summary>The lines to read, blank ones already dropped.</summary>
    public readonly List<NdjsonLine> Lines = new();
}

/// <summary>The profile names of one batch, <c>FILE:LINE</c>, written as JSON strings without making them.</summary>
internal sealed class BatchNames
{
    private readonly byte[] prefix;

    public BatchNames(string path)
    {
        var json = new Utf8JsonBuffer(path.Length + 8);
        json.String(path + ":");
        // The string's closing quote goes after the line number.
        prefix = json.Written[..^1].ToArray();
    }

    /// <summary>Writes the JSON string of the name of line <paramref name="number"/>: what <c>String($"{path}:{number}")</c> writes.</summary>
    public void Line(Utf8JsonBuffer json, int number)
    {
        json.Raw(prefix);
        json.Integer(number);
        json.Raw((byte)'"');
    }
}

/// <summary>A few bytes already read from a stream, then the rest of it.</summary>
internal sealed class PrefixedStream(byte[] prefix, Stream rest) : Stream
{
    private int position;

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (position < prefix.Length)
        {
            int n = Math.Min(count, prefix.Length - position);
            Array.Copy(prefix, position, buffer, offset, n);
            position += n;
            return n;
        }
        return rest.Read(buffer, offset, count);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
