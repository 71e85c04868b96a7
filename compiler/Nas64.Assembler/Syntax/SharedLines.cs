using System.Runtime.InteropServices;

namespace Nas64.Assembler.Syntax;

/// <summary>
/// The instruction lines parsed so far, by their text, with the syntax each parsed to (see <see cref="Parser.ParseLine"/>).
/// The texts are kept as bytes in chunks of their own, not as the line strings: a large program has tens of thousands of
/// distinct lines, whose strings would otherwise live (and be copied from one generation to the next) to the end of
/// parsing. A line with a character past U+007F, or a very long one, is not kept (it is parsed each time).
/// </summary>
internal sealed class SharedLines
{
    private const int ChunkSize = 64 * 1024;   // the largest chunk, below the large object heap's threshold
    private const int LongestLine = 4096;

    private struct Entry
    {
        public int Hash, Next, Start, Length;
        public InstructionSyntax Syntax;
    }

    private int[] _buckets;   // entry index + 1, 0 for none
    private Entry[] _entries;
    private int _count;
    private readonly List<byte[]> _chunks = [];
    private int _used;   // in the last chunk

    /// <param name="capacity">How many lines to make room for at once.</param>
    public SharedLines(int capacity = 16)
    {
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity, 16));
        _buckets = new int[size];
        _entries = new Entry[size];
    }

    /// <summary>The syntax <paramref name="line"/> parsed to before, or null; <paramref name="hash"/> is for <see cref="Add"/>.</summary>
    public InstructionSyntax? Find(ReadOnlySpan<char> line, out int hash)
    {
        hash = Hash(line);
        if (line.Length > LongestLine) return null;
        for (int i = _buckets[hash & (_buckets.Length - 1)] - 1; i >= 0; i = _entries[i].Next)
        {
            ref var entry = ref _entries[i];
            if (entry.Hash == hash && entry.Length == line.Length && SameText(entry.Start, line)) return entry.Syntax;
        }
        return null;
    }

    /// <summary>Keeps <paramref name="syntax"/> as what <paramref name="line"/> (of hash <paramref name="hash"/>, not yet kept) parses to.</summary>
    public void Add(ReadOnlySpan<char> line, int hash, InstructionSyntax syntax)
    {
        if (line.Length > LongestLine) return;
        if (!System.Text.Ascii.IsValid(line)) return;
        if (_count == _entries.Length) Grow();
        if (_chunks.Count == 0 || _used + line.Length > _chunks[^1].Length)
        {
            // Small at first (a small program's lines), then the largest size.
            _chunks.Add(new byte[_chunks.Count == 0 ? 1024 : ChunkSize]);
            _used = 0;
        }
        int start = (_chunks.Count - 1) * ChunkSize + _used;   // (chunk, place) as one number
        var chunk = _chunks[^1];
        System.Text.Ascii.FromUtf16(line, chunk.AsSpan(_used, line.Length), out _);
        _used += line.Length;
        ref int bucket = ref _buckets[hash & (_buckets.Length - 1)];
        _entries[_count] = new Entry { Hash = hash, Next = bucket - 1, Start = start, Length = line.Length, Syntax = syntax };
        bucket = ++_count;
    }

    private bool SameText(int start, ReadOnlySpan<char> line) =>
        System.Text.Ascii.Equals(_chunks[start / ChunkSize].AsSpan(start % ChunkSize, line.Length), line);

    private void Grow()
    {
        var entries = new Entry[_entries.Length * 2];
        Array.Copy(_entries, entries, _count);
        var buckets = new int[entries.Length];
        for (int i = 0; i < _count; i++)
        {
            ref int bucket = ref buckets[entries[i].Hash & (buckets.Length - 1)];
            entries[i].Next = bucket - 1;
            bucket = i + 1;
        }
        _entries = entries;
        _buckets = buckets;
    }

    // Lines are short: four characters a step, each step multiplied in, then the high bits folded into the low ones
    // (the buckets take the low bits). Cheaper than HashCode.AddBytes, which showed in profiles of macro-heavy sources.
    private static int Hash(ReadOnlySpan<char> line)
    {
        var words = MemoryMarshal.Cast<char, ulong>(line);
        ulong hash = (ulong)line.Length * 0x9E3779B97F4A7C15UL;
        foreach (ulong word in words) hash = System.Numerics.BitOperations.RotateLeft((hash ^ word) * 0xC2B2AE3D27D4EB4FUL, 29);
        for (int i = words.Length * 4; i < line.Length; i++) hash = System.Numerics.BitOperations.RotateLeft((hash ^ line[i]) * 0x165667B19E3779F9UL, 29);
        hash = (hash ^ hash >> 32) * 0x27D4EB2F165667C5UL;
        return (int)(hash ^ hash >> 29);
    }
}
