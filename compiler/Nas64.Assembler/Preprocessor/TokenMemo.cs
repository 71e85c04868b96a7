using System.Runtime.CompilerServices;

namespace Nas64.Assembler.Preprocessor;

/// <summary>
/// Results computed from the text of a token sequence alone, remembered by the sequence: two sequences with the same
/// kinds and the same text objects (token texts are pooled) have the same text, so a result of one is the other's.
/// A direct-mapped table: a new sequence takes the slot of its hash, and one that was not pooled (equal text, another
/// object) is only a miss.
/// </summary>
internal sealed class TokenMemo<T>
{
    private readonly Entry[] _entries;

    private struct Entry
    {
        public PpToken[]? Key;
        public int Count;
        public int Hash;
        public T Value;
    }

    /// <param name="size">The number of slots, a power of two.</param>
    public TokenMemo(int size) => _entries = new Entry[size];

    public static int Hash(ReadOnlySpan<PpToken> tokens)
    {
        int hash = tokens.Length;
        foreach (var t in tokens) hash = (hash * 31 + RuntimeHelpers.GetHashCode(t.Text)) * 7 + (int)t.Kind;
        return hash;
    }

    public bool TryGet(ReadOnlySpan<PpToken> tokens, int hash, out T value)
    {
        ref var entry = ref _entries[hash & (_entries.Length - 1)];
        if (entry.Key is { } key && entry.Hash == hash && entry.Count == tokens.Length)
        {
            int k = 0;
            while (k < tokens.Length && ReferenceEquals(key[k].Text, tokens[k].Text) && key[k].Kind == tokens[k].Kind) k++;
            if (k == tokens.Length)
            {
                value = entry.Value;
                return true;
            }
        }
        value = default!;
        return false;
    }

    public void Set(ReadOnlySpan<PpToken> tokens, int hash, T value)
    {
        ref var entry = ref _entries[hash & (_entries.Length - 1)];
        if (entry.Key is null || entry.Key.Length < tokens.Length) entry.Key = new PpToken[Math.Max(tokens.Length, 8)];
        tokens.CopyTo(entry.Key);
        entry.Count = tokens.Length;
        entry.Hash = hash;
        entry.Value = value;
    }
}
