using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Unicode;
using BackPainRules.Semantics;

namespace BackPainRules.Profiles;

/// <summary>
/// The batch path's reader of one NDJSON line: straight from UTF-8 bytes into a profile's slots, keys and
/// enum values matched as bytes (<see cref="Utf8FactKeys"/>), values checked in the same pass, nothing
/// allocated. It only takes profiles that read cleanly: every key an unescaped declared input fact (or
/// one <c>$id</c> string), every value valid. Anything else, which is where diagnostics come from,
/// it declines, and the caller reads the line with <see cref="ProfileReader"/>, so every diagnostic (code,
/// message, line, column) stays that reader's.
/// </summary>
internal sealed class Utf8ProfileReader
{
    private readonly Utf8FactKeys keys;
    private readonly FactType[] types;
    private readonly bool[] given;
    private readonly double[] low;
    private readonly double[] high;

    public Utf8ProfileReader(ProfileLayout layout)
    {
        var facts = layout.Facts;
        keys = new Utf8FactKeys(facts);
        types = facts.Select(f => f.Type).ToArray();
        // A concluded fact in a profile is an error (SPEC §4/§5): declined here.
        given = facts.Select(f => !f.IsConcluded).ToArray();
        low = facts.Select(f => f.Low is { } l && f.High is not null ? l : double.NegativeInfinity).ToArray();
        high = facts.Select(f => f.High is { } h && f.Low is not null ? h : double.PositiveInfinity).ToArray();
        FactCount = facts.Length;
    }

    public int FactCount { get; }

    /// <summary>A thread's working space: the slots and the keys seen, reused from line to line.</summary>
    public sealed class Scratch
    {
        internal Scratch(int factCount)
        {
            Values = new FactValue[factCount];
            Seen = new int[factCount];
        }

        /// <summary>The slots of the last profile read.</summary>
        public FactValue[] Values { get; }

        internal readonly int[] Seen;
        internal int Stamp;
    }

    public Scratch NewScratch() => new(FactCount);

    /// <summary>
    /// Reads <paramref name="line"/> into <see cref="Scratch.Values"/> when it is a clean profile. <paramref name="id"/>
    /// is then the range of its <c>$id</c>'s bytes in the line, which are its JSON text as SPEC §6 writes it
    /// (unescaped, valid UTF-8), or an empty range at 0 when it has none. False when the line needs the full reader.
    /// </summary>
    /// <remarks>
    /// A scanner of its own rather than <see cref="Utf8JsonReader"/>: a clean profile is one flat object of plain
    /// strings, literals, numbers and arrays of strings, which a few loops read in one pass; the general reader's
    /// state machine cost more than the rest of reading, and its hot paths only reach full speed after the runtime
    /// has recompiled them, a good part of a one-second batch later. It accepts only what is certainly valid JSON
    /// (RFC 8259's grammar for numbers, no escapes, no control characters in strings) and declines everything else,
    /// so a line it takes reads exactly as the general reader reads it, and every other line goes to that reader.
    /// </remarks>
    // Hot in every batch: compiled fully optimised at once (see BatchEvaluator.PrepareInBackground).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryRead(ReadOnlySpan<byte> line, Scratch scratch, out Range id)
    {
        id = default;
        // Invalid UTF-8 is replaced when the full reader decodes the line; leave that to it.
        if (!Utf8.IsValid(line)) return false;
        var values = scratch.Values;
        Array.Clear(values);
        var seen = scratch.Seen;
        int stamp = ++scratch.Stamp;
        if (stamp == int.MaxValue)
        {
            Array.Clear(seen);
            scratch.Stamp = stamp = 1;
        }
        int at = SkipSpace(line, 0);
        if (at == line.Length || line[at] != (byte)'{') return false;
        at = SkipSpace(line, at + 1);
        if (at < line.Length && line[at] == (byte)'}') return SkipSpace(line, at + 1) == line.Length;
        bool hasId = false;
        while (true)
        {
            if (!TryString(line, ref at, out var name)) return false;
            at = SkipSpace(line, at);
            if (at == line.Length || line[at] != (byte)':') return false;
            at = SkipSpace(line, at + 1);
            var key = line[name];
            int slot = keys.Find(key);
            if (slot >= 0)
            {
                if (!given[slot] || seen[slot] == stamp) return false;
                seen[slot] = stamp;
                if (!TryValue(line, ref at, slot, out values[slot])) return false;
            }
            else
            {
                if (hasId || !key.SequenceEqual("$id"u8) || !TryString(line, ref at, out id)) return false;
                hasId = true;
            }
            at = SkipSpace(line, at);
            if (at == line.Length) return false;
            if (line[at] == (byte)'}') return SkipSpace(line, at + 1) == line.Length;
            if (line[at] != (byte)',') return false;
            at = SkipSpace(line, at + 1);
        }
    }

    /// <summary>A value of the fact in <paramref name="slot"/>, of its type and in its range, starting at <paramref name="at"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryValue(ReadOnlySpan<byte> line, ref int at, int slot, out FactValue value)
    {
        value = FactValue.Unknown;
        if (at == line.Length) return false;
        var rest = line[at..];
        switch (rest[0])
        {
            case (byte)'n' when rest.StartsWith("null"u8):
                at += 4;
                return true;
            case (byte)'t' when types[slot] == FactType.Bool && rest.StartsWith("true"u8):
                value = FactValue.Of(true);
                at += 4;
                return true;
            case (byte)'f' when types[slot] == FactType.Bool && rest.StartsWith("false"u8):
                value = FactValue.Of(false);
                at += 5;
                return true;
            case (byte)'"' when types[slot] == FactType.OneOf:
            {
                if (!TryString(line, ref at, out var text)) return false;
                int index = keys.ValueIndex(slot, line[text]);
                if (index < 0) return false;
                value = FactValue.OfValues(1UL << index);
                return true;
            }
            case (byte)'[' when types[slot] == FactType.AnyOf:
            {
                ulong set = 0;
                at = SkipSpace(line, at + 1);
                if (at < line.Length && line[at] == (byte)']')
                {
                    at++;
                    value = FactValue.OfValues(0);
                    return true;
                }
                while (true)
                {
                    if (!TryString(line, ref at, out var text)) return false;
                    int item = keys.ValueIndex(slot, line[text]);
                    if (item < 0) return false;
                    set |= 1UL << item;
                    at = SkipSpace(line, at);
                    if (at == line.Length) return false;
                    if (line[at] == (byte)']')
                    {
                        at++;
                        value = FactValue.OfValues(set);
                        return true;
                    }
                    if (line[at] != (byte)',') return false;
                    at = SkipSpace(line, at + 1);
                }
            }
            case (byte)'-' or (>= (byte)'0' and <= (byte)'9') when types[slot] == FactType.Number:
            {
                int length = NumberLength(rest);
                // The same parse as Utf8JsonReader.TryGetDouble, on text already checked to be a JSON number.
                if (length == 0 || !Utf8Parser.TryParse(rest[..length], out double number, out int consumed) || consumed != length) return false;
                if (!double.IsFinite(number) || number < low[slot] || number > high[slot]) return false;
                value = FactValue.Of(number);
                at += length;
                return true;
            }
            default:
                return false;
        }
    }

    /// <summary>A string without escapes or control characters at <paramref name="at"/>: the range of its content, <paramref name="at"/> moved past it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryString(ReadOnlySpan<byte> line, ref int at, out Range content)
    {
        content = default;
        if (at == line.Length || line[at] != (byte)'"') return false;
        for (int end = at + 1; end < line.Length; end++)
        {
            byte b = line[end];
            if (b == (byte)'"')
            {
                content = (at + 1)..end;
                at = end + 1;
                return true;
            }
            if (b == (byte)'\\' || b < 0x20) return false;
        }
        return false;
    }

    /// <summary>How long the JSON number at the start of <paramref name="text"/> is (RFC 8259 §6), or 0 when there is none.</summary>
    private static int NumberLength(ReadOnlySpan<byte> text)
    {
        int at = 0;
        if (text[at] == (byte)'-') at++;
        if (at == text.Length) return 0;
        if (text[at] == (byte)'0') at++;
        else if (!IsDigit(text, at)) return 0;
        else while (IsDigit(text, at)) at++;
        if (at < text.Length && text[at] == (byte)'.')
        {
            if (!IsDigit(text, ++at)) return 0;
            while (IsDigit(text, at)) at++;
        }
        if (at < text.Length && (text[at] | 0x20) == (byte)'e')
        {
            at++;
            if (at < text.Length && text[at] is (byte)'+' or (byte)'-') at++;
            if (!IsDigit(text, at)) return 0;
            while (IsDigit(text, at)) at++;
        }
        return at;
    }

    private static bool IsDigit(ReadOnlySpan<byte> text, int at) => at < text.Length && (uint)(text[at] - '0') <= 9;

    /// <summary>Past JSON's white space (space, tab, line feed, carriage return).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipSpace(ReadOnlySpan<byte> line, int at)
    {
        while (at < line.Length && line[at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') at++;
        return at;
    }
}
