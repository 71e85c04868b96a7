using System.Runtime.InteropServices;

namespace Nas64.Assembler.Syntax;

/// <summary>
/// The instruction lines parsed so far, by their text, with the syntax each parsed to (see <see cref="Parser.ParseLine"/>).
/// The texts are kept as bytes in chunks of their own, not as the line strings: a large program has tens of thousands of
/// distinct lines, whose strings would otherwise live (and be copied from one generation to the next) to the end of
/// parsing. A line with a character past U+00FF, or a very long one, is not kept (it is parsed each time).
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
    public InstructionSyntax? Find(string line, out int hash)
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
    public void Add(string line, int hash, InstructionSyntax syntax)
    {
        if (line.Length > LongestLine) return;
        foreach (char c in line)
            if (c > 0xFF) return;
        if (_count == _entries.Length) Grow();
        if (_chunks.Count == 0 || _used + line.Length > _chunks[^1].Length)
        {
            // Small at first (a small program's lines), then the largest size.
            _chunks.Add(new byte[_chunks.Count == 0 ? 1024 : ChunkSize]);
            _used = 0;
        }
        int start = (_chunks.Count - 1) * ChunkSize + _used;   // (chunk, place) as one number
        var chunk = _chunks[^1];
        for (int i = 0; i < line.Length; i++) chunk[_used + i] = (byte)line[i];
        _used += line.Length;
        ref int bucket = ref _buckets[hash & (_buckets.Length - 1)];
        _entries[_count] = new Entry { Hash = hash, Next = bucket - 1, Start = start, Length = line.Length, Syntax = syntax };
        bucket = ++_count;
    }

    private bool SameText(int start, string line)
    {
        var text = _chunks[start / ChunkSize].AsSpan(start % ChunkSize, line.Length);
        for (int i = 0; i < text.Length; i++)
            if (text[i] != line[i]) return false;
        return true;
    }

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

    private static int Hash(string line)
    {
        var hash = new HashCode();
        hash.AddBytes(MemoryMarshal.AsBytes(line.AsSpan()));
        return hash.ToHashCode();
    }
}
