using System.Text;

namespace BackPainRules.Server.Http;

/// <summary>
/// Reads UTF-8 lines from a stream, refusing a line longer than a limit before it is held whole, so a client
/// cannot make the server buffer an endless line: the input then ends there, and <see cref="TooLong"/> says why.
/// (Ending rather than throwing lets the lines before it be answered.) Only <see cref="ReadLine"/> is meant to be
/// used (it is all the NDJSON reader calls); LF and CRLF end lines, and a BOM at the start is dropped by the
/// NDJSON reader.
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

    /// <summary>Why the input ended early: the line that was too long, or null.</summary>
    public string? TooLong { get; private set; }

    public override string? ReadLine()
    {
        if (TooLong is not null) return null;
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
            if (line.Length + take > maxLineChars)
            {
                TooLong = $"line {lineNumber} is longer than {maxLineChars} characters";
                return null;
            }
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
