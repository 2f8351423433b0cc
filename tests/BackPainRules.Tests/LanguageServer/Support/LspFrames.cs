using System.Text;
using Newtonsoft.Json.Linq;

namespace BackPainRules.Tests.LanguageServer.Support;

/// <summary>
/// Reads LSP's base protocol from raw bytes: each message is a header block (<c>Content-Length: N</c>,
/// optionally <c>Content-Type</c>, each line ended by CRLF, then an empty line) followed by exactly N bytes
/// of UTF-8 JSON. Anything else is a violation and throws, so a test can prove a stream carries protocol only.
/// </summary>
public static class LspFrames
{
    public static IReadOnlyList<JObject> Parse(byte[] data)
    {
        var messages = new List<JObject>();
        int position = 0;
        while (position < data.Length)
        {
            int headerEnd = IndexOf(data, "\r\n\r\n"u8.ToArray(), position);
            if (headerEnd < 0)
            {
                throw new FormatException($"bytes at offset {position} are not an LSP header: {Preview(data, position)}");
            }
            string header = Encoding.ASCII.GetString(data, position, headerEnd - position);
            int? length = null;
            foreach (var line in header.Split("\r\n"))
            {
                int colon = line.IndexOf(':');
                if (colon <= 0) throw new FormatException($"malformed header line '{line}' at offset {position}");
                string name = line[..colon].Trim();
                string value = line[(colon + 1)..].Trim();
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) length = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                else if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) throw new FormatException($"unknown header '{name}' at offset {position}");
            }
            if (length is null) throw new FormatException($"header without Content-Length at offset {position}: '{header}'");
            int bodyStart = headerEnd + 4;
            if (bodyStart + length.Value > data.Length) throw new FormatException($"truncated message body at offset {bodyStart}");
            string json = Encoding.UTF8.GetString(data, bodyStart, length.Value);
            var message = JObject.Parse(json);
            if ((string?)message["jsonrpc"] != "2.0") throw new FormatException($"message without jsonrpc 2.0: {json}");
            messages.Add(message);
            position = bodyStart + length.Value;
        }
        return messages;
    }

    private static int IndexOf(byte[] data, byte[] pattern, int start)
    {
        for (int i = start; i <= data.Length - pattern.Length; i++)
        {
            if (data.AsSpan(i, pattern.Length).SequenceEqual(pattern)) return i;
        }
        return -1;
    }

    private static string Preview(byte[] data, int position) =>
        Encoding.UTF8.GetString(data, position, Math.Min(80, data.Length - position));
}

/// <summary>A read-only view of a stream that keeps a copy of every byte read through it.</summary>
internal sealed class RecordingStream : Stream
{
    private readonly Stream inner;
    private readonly MemoryStream copy = new();

    public RecordingStream(Stream inner) => this.inner = inner;

    public byte[] Recorded
    {
        get
        {
            lock (copy) return copy.ToArray();
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = inner.Read(buffer, offset, count);
        Record(buffer.AsSpan(offset, n));
        return n;
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        int n = await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false);
        Record(buffer.AsSpan(offset, n));
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Record(buffer.Span[..n]);
        return n;
    }

    private void Record(ReadOnlySpan<byte> bytes)
    {
        lock (copy) copy.Write(bytes);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
