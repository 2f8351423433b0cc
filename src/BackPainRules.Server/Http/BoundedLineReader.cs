using System.Text;

namespace BackPainRules.Server.Http;

/// <summary>A line of an NDJSON request longer than the server accepts.</summary>
public sealed class LineTooLongException(int lineNumber, int limit)
    : Exception($"line {lineNumber} is longer than {limit} characters")
{
    /// <summary>The 1-based number of the line.</summary>
    public int LineNumber { get; } = lineNumber;
}

/// <summary>
/// Reads UTF-8 lines from a stream, refusing a line longer than a limit before it is held whole, so a client
/// cannot make the server buffer an endless line. Only <see cref="ReadLine"/> is meant to be used (it is all the
/// NDJSON reader calls); LF and CRLF end lines, and a BOM at the start is dropped by the NDJSON reader.
/// </summary>
internal sealed class BoundedLineReader(Stream stream, int maxLineChars) : TextReader
{
    private readonly Decoder decoder = new UTF8Encoding(false, throwOnInvalidBytes: false).GetDecoder();
    private readonly byte[] bytes = new byte[16 * 1024];
    private readonly char[] chars = new char[16 * 1024 + 1];
    private readonly StringBuilder line = new();
    private int charStart;
    private int charEnd;
    private bool ended;
    private int lineNumber;

    public override string? ReadLine()
    {
        line.Clear();
        lineNumber++;
        while (true)
        {
            if (charStart == charEnd && !Fill())
            {
                return line.Length > 0 ? line.ToString() : null;
            }
            var available = chars.AsSpan(charStart, charEnd - charStart);
            int newline = available.IndexOf('\n');
            int take = newline < 0 ? available.Length : newline;
            if (line.Length + take > maxLineChars) throw new LineTooLongException(lineNumber, maxLineChars);
            line.Append(available[..take]);
            charStart += newline < 0 ? take : take + 1;
            if (newline >= 0)
            {
                if (line.Length > 0 && line[^1] == '\r') line.Length--;
                return line.ToString();
            }
        }
    }

    /// <summary>Decodes the next bytes of the stream; false at its end.</summary>
    private bool Fill()
    {
        while (!ended)
        {
            int read = stream.Read(bytes, 0, bytes.Length);
            if (read == 0) ended = true;
            charStart = 0;
            charEnd = decoder.GetChars(bytes, 0, read, chars, 0, flush: ended);
            if (charEnd > 0) return true;
        }
        return false;
    }
}
