using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using BackPainRules.Semantics;

namespace BackPainRules.Profiles;

/// <summary>
/// A rule set's fact names and enum values as UTF-8 bytes, built once per compiled rule set, so a
/// profile's keys and values are matched as the bytes they are read as, with no string per key.
/// </summary>
/// <remarks>
/// Names are found through an open-addressing hash table (at most half full). Each name is also kept
/// as up to three 8-byte words (its first, second and last eight bytes, zero-padded when shorter), so a
/// key is hashed and confirmed with a few word compares rather than a byte loop: fact names are mostly
/// under 25 bytes, where the three words cover every byte. Longer names compare their middle bytes too.
/// Enum values are compared with each declared value (at most 64, usually a handful).
/// </remarks>
internal sealed class Utf8FactKeys
{
    private readonly byte[][] names;
    private readonly NameWords[] words;
    private readonly int[] table;
    private readonly int mask;
    private readonly byte[][][] values;

    /// <summary>A name's length and words, compared before any byte of the middle.</summary>
    private readonly record struct NameWords(int Length, ulong First, ulong Second, ulong Last);

    public Utf8FactKeys(IReadOnlyList<FactSymbol> facts)
    {
        names = facts.Select(f => Encoding.UTF8.GetBytes(f.Name)).ToArray();
        words = names.Select(name => Words(name)).ToArray();
        values = facts.Select(f => f.Values.Select(v => Encoding.UTF8.GetBytes(v)).ToArray()).ToArray();
        int size = 4;
        while (size < facts.Count * 2) size *= 2;
        mask = size - 1;
        table = new int[size];
        Array.Fill(table, -1);
        for (int slot = 0; slot < names.Length; slot++)
        {
            int at = Hash(words[slot]) & mask;
            while (table[at] >= 0) at = (at + 1) & mask;
            table[at] = slot;
        }
    }

    /// <summary>The slot of the fact whose name is <paramref name="utf8"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Find(ReadOnlySpan<byte> utf8)
    {
        var key = Words(utf8);
        for (int at = Hash(key) & mask; ; at = (at + 1) & mask)
        {
            int slot = table[at];
            if (slot < 0) return -1;
            if (words[slot] != key) continue;
            // The three words hold every byte of a name up to 24 bytes long.
            if (utf8.Length <= 24 || utf8[16..^8].SequenceEqual(names[slot].AsSpan(16, utf8.Length - 24))) return slot;
        }
    }

    /// <summary>The index of the declared value <paramref name="utf8"/> of the fact in <paramref name="slot"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int ValueIndex(int slot, ReadOnlySpan<byte> utf8)
    {
        var declared = values[slot];
        for (int i = 0; i < declared.Length; i++)
        {
            if (utf8.SequenceEqual(declared[i])) return i;
        }
        return -1;
    }

    /// <summary>The first eight bytes, the next eight and the last eight (each zero-padded when there are fewer).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static NameWords Words(ReadOnlySpan<byte> utf8)
    {
        int length = utf8.Length;
        if (length >= 16)
        {
            return new NameWords(length, BinaryPrimitives.ReadUInt64LittleEndian(utf8),
                BinaryPrimitives.ReadUInt64LittleEndian(utf8[8..]), BinaryPrimitives.ReadUInt64LittleEndian(utf8[(length - 8)..]));
        }
        if (length >= 8)
        {
            return new NameWords(length, BinaryPrimitives.ReadUInt64LittleEndian(utf8), 0, BinaryPrimitives.ReadUInt64LittleEndian(utf8[(length - 8)..]));
        }
        ulong first = 0;
        for (int i = 0; i < length; i++) first |= (ulong)utf8[i] << (8 * i);
        return new NameWords(length, first, 0, 0);
    }

    /// <summary>A multiplicative mix of the words: names of one rule set rarely share all of them (a collision only costs a compare).</summary>
    private static int Hash(NameWords key)
    {
        ulong hash = (key.First * 0x9E3779B97F4A7C15UL) ^ (key.Last * 0xC2B2AE3D27D4EB4FUL) ^ (key.Second * 0x165667B19E3779F9UL) ^ (ulong)key.Length;
        return (int)((hash ^ (hash >> 29)) * 0x94D049BB133111EBUL >> 33);
    }
}
