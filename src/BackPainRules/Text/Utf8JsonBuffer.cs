using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace BackPainRules.Text;

/// <summary>
/// A growable buffer of UTF-8 bytes that JSON is written into, reused from result to result. Results
/// are written as bytes, not as a string that is then encoded, because batches print gigabytes of
/// them: one copy per character instead of three.
/// </summary>
internal sealed class Utf8JsonBuffer
{
    // The characters SPEC §6 escapes: '"', '\\' and the control characters.
    private static readonly SearchValues<char> NeedsEscape = SearchValues.Create(
        "\"\\" + new string(Enumerable.Range(0, 32).Select(c => (char)c).ToArray()));

    private byte[] bytes;

    public Utf8JsonBuffer(int capacity = 4096) => bytes = new byte[capacity];

    /// <summary>How many bytes have been written.</summary>
    public int Length { get; private set; }

    /// <summary>The bytes written so far; valid until the next write or <see cref="Clear"/>.</summary>
    public ReadOnlyMemory<byte> Written => bytes.AsMemory(0, Length);

    public void Clear() => Length = 0;

    /// <summary>Bytes written as they are: ASCII punctuation and keys.</summary>
    /// <remarks>
    /// Inlined, because the batch path writes each result in a few dozen small pieces, most of them
    /// <c>u8</c> literals: inlined, a literal's copy is a few moves of known length instead of a call.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Raw(ReadOnlySpan<byte> utf8)
    {
        if (bytes.Length - Length < utf8.Length) Grow(utf8.Length);
        utf8.CopyTo(bytes.AsSpan(Length));
        Length += utf8.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Raw(byte utf8)
    {
        if (Length == bytes.Length) Grow(1);
        bytes[Length++] = utf8;
    }

    /// <summary>Text encoded as UTF-8, unquoted and unescaped (e.g. a JSON document made elsewhere).</summary>
    public void Text(ReadOnlySpan<char> text) => Length += Encoding.UTF8.GetBytes(text, Room(Encoding.UTF8.GetMaxByteCount(text.Length)));

    /// <summary>A JSON string, escaped as SPEC §6 says; null is written as <c>null</c>.</summary>
    public void String(string? value)
    {
        if (value is null)
        {
            Raw("null"u8);
            return;
        }
        Raw((byte)'"');
        var rest = value.AsSpan();
        // Most names and texts need no escape at all: encode them whole, and escape only where needed.
        for (int at = rest.IndexOfAny(NeedsEscape); at >= 0; at = rest.IndexOfAny(NeedsEscape))
        {
            Text(rest[..at]);
            char c = rest[at];
            switch (c)
            {
                case '"': Raw("\\\""u8); break;
                case '\\': Raw("\\\\"u8); break;
                case '\n': Raw("\\n"u8); break;
                case '\r': Raw("\\r"u8); break;
                case '\t': Raw("\\t"u8); break;
                case '\b': Raw("\\b"u8); break;
                case '\f': Raw("\\f"u8); break;
                default:
                    Raw("\\u"u8);
                    Text(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
            }
            rest = rest[(at + 1)..];
        }
        Text(rest);
        Raw((byte)'"');
    }

    /// <summary>A number in the shortest form that reads back to the same double (SPEC §6): <c>5</c>, <c>0.1</c>, <c>0.00001</c>.</summary>
    // Hot in every batch: compiled fully optimised at once (see BatchEvaluator.PrepareInBackground).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Number(double value)
    {
        if (value == 0)
        {
            Raw((byte)'0');
            return;
        }
        // A whole number below 1e15 is its digits, as "R" writes it (scores, counts): no need for the shortest-digits search.
        if (Math.Abs(value) < 1e15 && value == Math.Truncate(value))
        {
            ((long)value).TryFormat(Room(20), out int digits, default, CultureInfo.InvariantCulture);
            Length += digits;
            return;
        }
        // "R" straight into the buffer; only a number it writes with an exponent needs NumberText's rewriting.
        var room = Room(32);
        if (value.TryFormat(room, out int written, "R", CultureInfo.InvariantCulture) && room[..written].IndexOf((byte)'E') < 0)
        {
            Length += written;
            return;
        }
        Text(NumberText.Shortest(value));
    }

    /// <summary>An integer in decimal, as <see cref="Number"/> writes a whole number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Integer(int value)
    {
        value.TryFormat(Room(11), out int written, default, CultureInfo.InvariantCulture);
        Length += written;
    }

    /// <summary>Space for at least <paramref name="size"/> more bytes, growing the buffer if needed.</summary>
    private Span<byte> Room(int size)
    {
        if (bytes.Length - Length < size) Grow(size);
        return bytes.AsSpan(Length);
    }

    // Out of line, so the inlined writes above stay small.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int size) => Array.Resize(ref bytes, Math.Max(bytes.Length * 2, Length + size));
}
