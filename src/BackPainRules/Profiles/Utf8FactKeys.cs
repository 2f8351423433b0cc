using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using BackPainRules.Semantics;

namespace BackPainRules.Profiles;

/// <summary>
/// A rule set's fact names and enum values as UTF-8 bytes, built once per compiled rule set, so a
/// profile's keys and values are matched as the bytes they are read as, with no string per key.
/// </summary>
/// <remarks>
/// Names are found through an open-addressing hash table (at most half full, see <see cref="Hash"/>),
/// each candidate confirmed by comparing the bytes; enum values by comparing with each declared value
/// (at most 64, usually a handful).
/// </remarks>
internal sealed class Utf8FactKeys
{
    private readonly byte[][] names;
    private readonly int[] table;
    private readonly int mask;
    private readonly byte[][][] values;

    public Utf8FactKeys(IReadOnlyList<FactSymbol> facts)
    {
        names = facts.Select(f => Encoding.UTF8.GetBytes(f.Name)).ToArray();
        values = facts.Select(f => f.Values.Select(v => Encoding.UTF8.GetBytes(v)).ToArray()).ToArray();
        int size = 4;
        while (size < facts.Count * 2) size *= 2;
        mask = size - 1;
        table = new int[size];
        Array.Fill(table, -1);
        for (int slot = 0; slot < names.Length; slot++)
        {
            int at = (int)Hash(names[slot]) & mask;
            while (table[at] >= 0) at = (at + 1) & mask;
            table[at] = slot;
        }
    }

    /// <summary>The slot of the fact whose name is <paramref name="utf8"/>, or -1.</summary>
    public int Find(ReadOnlySpan<byte> utf8)
    {
        for (int at = (int)Hash(utf8) & mask; ; at = (at + 1) & mask)
        {
            int slot = table[at];
            if (slot < 0) return -1;
            if (utf8.SequenceEqual(names[slot])) return slot;
        }
    }

    /// <summary>The index of the declared value <paramref name="utf8"/> of the fact in <paramref name="slot"/>, or -1.</summary>
    public int ValueIndex(int slot, ReadOnlySpan<byte> utf8)
    {
        var declared = values[slot];
        for (int i = 0; i < declared.Length; i++)
        {
            if (utf8.SequenceEqual(declared[i])) return i;
        }
        return -1;
    }

    /// <summary>
    /// A hash of the length and the first and last four bytes: constant time however long the name, and
    /// names of one rule set rarely share all three (a collision only costs one more comparison).
    /// </summary>
    private static uint Hash(ReadOnlySpan<byte> utf8)
    {
        uint hash = (uint)utf8.Length * 0x9E3779B1;
        if (utf8.Length >= 4)
        {
            hash ^= BinaryPrimitives.ReadUInt32LittleEndian(utf8);
            hash = BitOperations.RotateLeft(hash * 0x85EBCA6B, 13);
            hash ^= BinaryPrimitives.ReadUInt32LittleEndian(utf8[^4..]);
        }
        else
        {
            foreach (byte b in utf8) hash = (hash ^ b) * 16777619;
        }
        hash ^= hash >> 15;
        hash *= 0x2C1B3C6D;
        return hash ^ (hash >> 12);
    }
}
