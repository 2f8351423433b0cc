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
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false, MaxDepth = 64 };

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
        bool hasId = false;
        var reader = new Utf8JsonReader(line, isFinalBlock: true, new JsonReaderState(Options));
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject) break;
                if (reader.ValueIsEscaped) return false;
                var key = reader.ValueSpan;
                int slot = keys.Find(key);
                if (!reader.Read()) return false;
                if (slot < 0)
                {
                    if (hasId || !key.SequenceEqual("$id"u8) || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped) return false;
                    int start = (int)reader.TokenStartIndex + 1;
                    id = start..(start + reader.ValueSpan.Length);
                    hasId = true;
                    continue;
                }
                if (!given[slot] || seen[slot] == stamp) return false;
                seen[slot] = stamp;
                if (!TryValue(ref reader, slot, out values[slot])) return false;
            }
            // Anything after the object is an error.
            return reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0 && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryValue(ref Utf8JsonReader reader, int slot, out FactValue value)
    {
        value = FactValue.Unknown;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.True or JsonTokenType.False when types[slot] == FactType.Bool:
                value = FactValue.Of(reader.TokenType == JsonTokenType.True);
                return true;
            case JsonTokenType.Number when types[slot] == FactType.Number:
                if (!reader.TryGetDouble(out double number) || !double.IsFinite(number) || number < low[slot] || number > high[slot]) return false;
                value = FactValue.Of(number);
                return true;
            case JsonTokenType.String when types[slot] == FactType.OneOf:
                if (reader.ValueIsEscaped) return false;
                int index = keys.ValueIndex(slot, reader.ValueSpan);
                if (index < 0) return false;
                value = FactValue.OfValues(1UL << index);
                return true;
            case JsonTokenType.StartArray when types[slot] == FactType.AnyOf:
                ulong set = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped) return false;
                    int item = keys.ValueIndex(slot, reader.ValueSpan);
                    if (item < 0) return false;
                    set |= 1UL << item;
                }
                value = FactValue.OfValues(set);
                return true;
            default:
                return false;
        }
    }
}
