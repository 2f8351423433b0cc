using System.Net.Sockets;
using System.Text;

namespace BackPainRules.Tests.Support;

/// <summary>
/// An NDJSON batch POSTed to <c>/v1/evaluate</c> over a plain socket with chunked encoding, its answer read while it
/// is sent, as a streaming client (curl) does: HttpClient's HTTP/1.1 sends the whole body before it reads, so a
/// batch larger than the connection's buffers, or one sent in pieces over time, would stall it.
/// </summary>
public sealed class StreamingBatch : IDisposable
{
    private readonly TcpClient tcp = new();
    private readonly NetworkStream stream;
    private readonly Task<(string Status, Dictionary<string, string> Headers, List<string> Lines, int Count)> reading;

    /// <param name="keepLines">Whether to keep the answer lines (a very long batch only counts them).</param>
    public StreamingBatch(ServerProcess server, bool keepLines = true, string path = "/v1/evaluate")
    {
        tcp.Connect(server.BaseAddress.Host, server.BaseAddress.Port);
        stream = tcp.GetStream();
        stream.Write(Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: {server.BaseAddress.Authority}\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"));
        reading = Task.Run(() => Read(keepLines));
    }

    /// <summary>Sends lines (each ended by LF) as one chunk.</summary>
    public void Send(IEnumerable<string> lines)
    {
        var bytes = Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
        if (bytes.Length == 0) return;
        stream.Write(Encoding.ASCII.GetBytes($"{bytes.Length:x}\r\n"));
        stream.Write(bytes);
        stream.Write("\r\n"u8);
    }

    /// <summary>Ends the batch and gives the status line, the headers, the answer lines (if kept) and their number.</summary>
    public (string Status, Dictionary<string, string> Headers, List<string> Lines, int Count) Finish()
    {
        stream.Write("0\r\n\r\n"u8);
        if (!reading.Wait(TimeSpan.FromSeconds(120))) throw new TimeoutException("the batch was not answered within 120 s");
        return reading.Result;
    }

    private (string, Dictionary<string, string>, List<string>, int) Read(bool keepLines)
    {
        var input = new BufferedStream(stream, 64 * 1024);
        string status = AsciiLine(input);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (AsciiLine(input) is { Length: > 0 } header)
        {
            int colon = header.IndexOf(':');
            headers[header[..colon]] = header[(colon + 1)..].Trim();
        }
        var lines = new List<string>();
        int count = 0;
        var pending = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (Convert.ToInt32(AsciiLine(input).Split(';')[0], 16) is var size and > 0)
        {
            while (size > 0)
            {
                int read = input.Read(buffer, 0, Math.Min(size, buffer.Length));
                if (read == 0) throw new EndOfStreamException();
                size -= read;
                var span = buffer.AsSpan(0, read);
                count += span.Count((byte)'\n');
                if (!keepLines) continue;
                pending.Write(span);
            }
            AsciiLine(input);
            if (keepLines) TakeLines(pending, lines);
        }
        return (status, headers, lines, count);
    }

    private static void TakeLines(MemoryStream pending, List<string> lines)
    {
        var text = Encoding.UTF8.GetString(pending.GetBuffer(), 0, (int)pending.Length);
        int end = text.LastIndexOf('\n');
        if (end < 0) return;
        lines.AddRange(text[..end].Split('\n'));
        var rest = Encoding.UTF8.GetBytes(text[(end + 1)..]);
        pending.SetLength(0);
        pending.Write(rest);
    }

    private static string AsciiLine(Stream input)
    {
        var line = new StringBuilder();
        int b;
        while ((b = input.ReadByte()) >= 0 && b != '\n') line.Append((char)b);
        return line.ToString().TrimEnd('\r');
    }

    public void Dispose()
    {
        stream.Dispose();
        tcp.Dispose();
    }
}
