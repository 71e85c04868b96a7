namespace Nas64.Assembler.Preprocessor;

/// <summary>
/// Results computed from the text of a token sequence alone, remembered by the sequence: two sequences with the same
/// kinds and the same text numbers (<see cref="TokenTexts"/>: token texts are pooled) have the same text, so a result of one
/// is the other's. A table of pairs of entries: a new sequence takes the first entry of the slot of its hash (the one there moves
/// to the second), and one that was not pooled (equal text, another number) is only a miss.
/// </summary>
internal sealed class TokenMemo<T>
{
    private readonly int _size;
    private Entry[]? _entries;   // made on first use: most sources never paste, and small ones evaluate few expressions

    private struct Entry
    {
        public PpToken[]? Key;
        public int Count;
        public int Hash;
        public T Value;
    }

    /// <param name="size">The number of slots, a power of two.</param>
    public TokenMemo(int size) => _size = size;

    /// <summary>A hash of the kinds and text numbers (equal sequences are those with the same text numbers or objects:
    /// a text pooled once has one number).</summary>
    public static int Hash(ReadOnlySpan<PpToken> tokens)
    {
        int hash = tokens.Length;
        foreach (ref readonly var t in tokens) hash = hash * 31 + Hash(t);
        return hash;
    }

    /// <summary>One token's part of <see cref="Hash(ReadOnlySpan{PpToken})"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static int Hash(in PpToken t) => t.TextNumber ^ ((int)t.Kind << 24);

    /// <summary>The slot of a hash: its bits mixed first (the hash's low bits alone tell apart little).</summary>
    private int Slot(int hash)
    {
        uint h = (uint)hash;
        h ^= h >> 16;
        h *= 0x7feb352d;
        h ^= h >> 15;
        return (int)(h & (uint)(_size - 1));
    }

    public bool TryGet(ReadOnlySpan<PpToken> tokens, int hash, out T value)
    {
        if (_entries is null)
        {
            value = default!;
            return false;
        }
        // Two entries a slot: with one, two sequences of a slot took it from each other on every round (gen_macro's
        // 16 lines of a %rep of CAT_XDEFINE m, N, xmm %+ N: 9,000 more misses of the paste memo than without a pair).
        int slot = Slot(hash) & ~1;
        ref var entry = ref _entries[slot];
        if (!Matches(entry, tokens, hash))
        {
            entry = ref _entries[slot + 1];
            if (!Matches(entry, tokens, hash))
            {
                value = default!;
                return false;
            }
        }
        value = entry.Value;
        return true;
    }

    private static bool Matches(in Entry entry, ReadOnlySpan<PpToken> tokens, int hash)
    {
        if (entry.Key is not { } key || entry.Hash != hash || entry.Count != tokens.Length) return false;
        int k = 0;
        while (k < tokens.Length && key[k].TextNumber == tokens[k].TextNumber && key[k].Kind == tokens[k].Kind) k++;
        return k == tokens.Length;
    }

    /// <summary>Remembers <paramref name="value"/> for <paramref name="tokens"/> (not remembered yet): it takes its slot's
    /// first entry, whose sequence moves to the second in place of the older one.</summary>
    public void Set(ReadOnlySpan<PpToken> tokens, int hash, T value)
    {
        _entries ??= new Entry[_size];
        int slot = Slot(hash) & ~1;
        (_entries[slot], _entries[slot + 1]) = (_entries[slot + 1], _entries[slot]);
        ref var entry = ref _entries[slot];
        if (entry.Key is null || entry.Key.Length < tokens.Length) entry.Key = new PpToken[Math.Max(tokens.Length, 8)];
        tokens.CopyTo(entry.Key);
        entry.Count = tokens.Length;
        entry.Hash = hash;
        entry.Value = value;
    }
}
