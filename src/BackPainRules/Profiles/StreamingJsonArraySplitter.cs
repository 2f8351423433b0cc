using System.Text;

namespace BackPainRules.Profiles;

/// <summary>
/// Cuts a top-level JSON array into its items as the text arrives, tracking only strings, escapes and
/// bracket depth (the whole-text splitter the tests hold it to follows the same rules), so an array of
/// any size is read holding one item at a time. A document that is not an array is one profile and is read whole.
/// </summary>
/// <remarks>
/// The text comes from a <see cref="TextReader"/> and is re-encoded as UTF-8, as the whole-text reader
/// does with <c>Encoding.UTF8.GetBytes</c>: undecodable input has already become U+FFFD, so the item
/// bytes, their offsets and the errors the JSON reader finds in them are the same as for the whole text.
/// </remarks>
/// <summary>What is wrong with a JSON array of profiles, outside its items; the reader reports it as invalid JSON.</summary>
internal enum JsonArrayProblem
{
    /// <summary>Something other than whitespace after the closing <c>]</c>.</summary>
    ContentAfterArray,
    /// <summary>The text ends before the closing <c>]</c>.</summary>
    NotClosed,
}

internal sealed class StreamingJsonArraySplitter
{
    /// <summary>The buffer an array starts with; it grows only for an item (or a single object) larger than it.</summary>
    public const int DefaultBufferSize = 64 * 1024;

    /// <summary>What a <see cref="Part"/> is.</summary>
    public enum PartKind
    {
        /// <summary>The document is not an array: all of it, to read as one profile.</summary>
        WholeDocument,

        /// <summary>One item of the array (possibly empty, as between two commas).</summary>
        Item,

        /// <summary>A problem with the array itself, after its last item.</summary>
        Problem,
    }

    /// <summary>
    /// A piece of the document. <see cref="Buffer"/> is shared and is valid only until the next part is
    /// asked for. <see cref="Line"/> (0-based) and <see cref="Column"/> (UTF-16 units before it on its
    /// line) place <see cref="Start"/> in the whole document, or place the problem.
    /// </summary>
    public readonly record struct Part(PartKind Kind, byte[] Buffer, int Start, int Length, long Line, long Column, JsonArrayProblem? Problem);

    private readonly TextReader reader;
    private readonly char[] chars;
    private readonly int minimumFree;
    // Encoding.UTF8's encoder replaces an unpaired surrogate with U+FFFD, as Encoding.UTF8.GetBytes does.
    private readonly Encoder encoder = Encoding.UTF8.GetEncoder();
    private byte[] buffer;
    private bool started;
    private bool seenText;
    private bool endOfText;

    // Indices into the buffer. Bytes before `kept` are no longer needed and may be dropped on the next fill.
    private int kept;
    private int end;
    private int scan;
    private int itemFirst = -1;
    private int itemEnd;

    // The position of buffer[scan] in the whole document: line, and UTF-16 units before it on the line.
    private long line;
    private long column;

    /// <summary>Splits the text <paramref name="reader"/> gives; <paramref name="initialBufferSize"/> is small only in tests, to cut the text at every place.</summary>
    public StreamingJsonArraySplitter(TextReader reader, int initialBufferSize = DefaultBufferSize)
    {
        this.reader = reader;
        int chunk = Math.Clamp(initialBufferSize / 8, 1, 4096);
        chars = new char[chunk];
        // Room for a chunk of chars as UTF-8, plus a surrogate the encoder may still hold.
        minimumFree = Encoding.UTF8.GetMaxByteCount(chunk);
        buffer = new byte[Math.Max(initialBufferSize, minimumFree)];
    }

    /// <summary>
    /// The items of the array, then at most one problem with the array; or, when the document is not an
    /// array, the whole document as one part. Items come out as soon as their end has been read.
    /// </summary>
    public IEnumerable<Part> Parts()
    {
        if (started) throw new InvalidOperationException("The parts of a document are read once.");
        started = true;

        // Leading whitespace is kept (kept stays 0) in case the document turns out not to be an array.
        while (More() && IsWhitespace(buffer[scan])) Step();
        if (scan == end || buffer[scan] != (byte)'[')
        {
            while (Fill())
            {
            }
            yield return new Part(PartKind.WholeDocument, buffer, 0, end, 0, 0, null);
            yield break;
        }
        Step();
        kept = scan;

        int depth = 0;
        bool sawContent = false;
        bool inString = false;
        bool escaped = false;
        long itemLine = 0;
        long itemColumn = 0;
        while (More())
        {
            byte b = buffer[scan];
            if (inString)
            {
                // A backslash takes the next byte with it, whatever it is.
                if (escaped) escaped = false;
                else if (b == (byte)'\\') escaped = true;
                else if (b == (byte)'"') inString = false;
            }
            else
            {
                switch (b)
                {
                    case (byte)'"':
                        inString = true;
                        sawContent = true;
                        break;
                    case (byte)'{' or (byte)'[':
                        depth++;
                        sawContent = true;
                        break;
                    case (byte)'}' or (byte)']' when depth > 0:
                        depth--;
                        break;
                    case (byte)']':
                        if (sawContent) yield return Item(itemLine, itemColumn);
                        Step();
                        kept = scan;
                        while (More())
                        {
                            if (!IsWhitespace(buffer[scan]))
                            {
                                yield return new Part(PartKind.Problem, buffer, scan, 0, line, column, JsonArrayProblem.ContentAfterArray);
                                yield break;
                            }
                            Step();
                            kept = scan;
                        }
                        yield break;
                    case (byte)',' when depth == 0:
                        yield return Item(itemLine, itemColumn);
                        Step();
                        kept = scan;
                        itemFirst = -1;
                        sawContent = false;
                        continue;
                    default:
                        if (!IsWhitespace(b)) sawContent = true;
                        break;
                }
            }

            // An item is trimmed of whitespace at both ends, byte by byte, whether in a string or not .
            if (!IsWhitespace(b))
            {
                if (itemFirst < 0)
                {
                    itemFirst = scan;
                    itemLine = line;
                    itemColumn = column;
                }
                itemEnd = scan + 1;
                Step();
            }
            else
            {
                Step();
                // Whitespace before an item is not needed: a long run of it costs no memory.
                if (itemFirst < 0) kept = scan;
            }
        }

        // No closing bracket: the last item runs to the end, where its reader reports what is missing.
        if (sawContent) yield return Item(itemLine, itemColumn);
        else yield return new Part(PartKind.Problem, buffer, scan, 0, line, column, JsonArrayProblem.NotClosed);
    }

    /// <summary>The current item; one with no content is empty and placed at its delimiter.</summary>
    private Part Item(long itemLine, long itemColumn) => itemFirst < 0
        ? new Part(PartKind.Item, buffer, scan, 0, line, column, null)
        : new Part(PartKind.Item, buffer, itemFirst, itemEnd - itemFirst, itemLine, itemColumn, null);

    /// <summary>Moves past buffer[scan], keeping the line and the UTF-16 column (the bytes are valid UTF-8: a 4-byte sequence is two units).</summary>
    private void Step()
    {
        byte b = buffer[scan++];
        if (b == (byte)'\n')
        {
            line++;
            column = 0;
        }
        else if ((b & 0xC0) != 0x80)
        {
            column += b >= 0xF0 ? 2 : 1;
        }
    }

    /// <summary>True when buffer[scan] is a byte of the text, reading more if needed; false at the end.</summary>
    private bool More() => scan < end || Fill();

    /// <summary>Appends at least one more byte of the text to the buffer; false at the end of the text.</summary>
    private bool Fill()
    {
        while (!endOfText)
        {
            if (buffer.Length - end < minimumFree) MakeRoom();
            int read = reader.Read(chars, 0, Math.Min(chars.Length, (buffer.Length - end) / 3 - 1));
            int first = 0;
            if (read > 0 && !seenText)
            {
                seenText = true;
                // The whole-text reader drops one U+FEFF at the start (a BOM the StreamReader did not take).
                if (chars[0] == '\uFEFF') first = 1;
            }
            endOfText = read == 0;
            int written = encoder.GetBytes(chars, first, read - first, buffer, end, flush: endOfText);
            end += written;
            if (written > 0) return true;
        }
        return false;
    }

    /// <summary>Drops the bytes no longer needed, and grows the buffer if that is not enough.</summary>
    private void MakeRoom()
    {
        if (kept > 0)
        {
            buffer.AsSpan(kept, end - kept).CopyTo(buffer);
            end -= kept;
            scan -= kept;
            if (itemFirst >= 0) itemFirst -= kept;
            itemEnd -= kept;
            kept = 0;
        }
        if (buffer.Length - end < minimumFree)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, end + minimumFree));
        }
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
