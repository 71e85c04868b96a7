namespace Nas64.Assembler.Preprocessor;

/// <summary>
/// The parameters of a macro call (their tokens, where each ends, and the rotation), kept once for all the calls
/// that have them: a body line remembers the set its substitution was made with (<see cref="SubstitutionMemo"/>), and
/// a later call is known to have the same parameters when its set is the same object, without comparing its tokens
/// line by line. The sets are immutable once in the table; a probe set looks up a call's parameters in place.
/// </summary>
internal sealed class ArgumentSet
{
    public PpToken[] Tokens = [];
    public int Used;

    /// <summary>Parameter k (0-based) ends at <c>Ends[EndsAt + k]</c>; it starts where the one before ends (the first at 0).</summary>
    public int[] Ends = [];
    public int EndsAt;
    public int Count;
    public int Rotate;
    public int Hash;

    /// <summary>Points this (probe) set at a call's parameters as they stand, and hashes them.</summary>
    public void Probe(PpToken[] tokens, int used, int[] ends, int endsAt, int count, int rotate)
    {
        Tokens = tokens;
        Used = used;
        Ends = ends;
        EndsAt = endsAt;
        Count = count;
        Rotate = rotate;
        // Cheap on purpose: the lengths and end characters of the tokens; equal sets are then compared in full.
        int hash = HashCode.Combine(used, count, rotate) * 31 + TokenMemo<ArgumentSet>.Hash(tokens.AsSpan(0, used));
        for (int k = 0; k < count; k++) hash = hash * 17 + ends[endsAt + k];
        Hash = hash;
    }

    /// <summary>An immutable copy of this probe, to keep in the table.</summary>
    public ArgumentSet Copy() => new()
    {
        Tokens = Tokens.AsSpan(0, Used).ToArray(),
        Used = Used,
        Ends = Ends.AsSpan(EndsAt, Count).ToArray(),
        Count = Count,
        Rotate = Rotate,
        Hash = Hash,
    };
}

/// <summary>Compares argument sets by their contents (texts are pooled, so compared by reference first).</summary>
internal sealed class ArgumentSetComparer : IEqualityComparer<ArgumentSet>
{
    public static readonly ArgumentSetComparer Instance = new();

    public bool Equals(ArgumentSet? a, ArgumentSet? b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a is null || b is null) return false;
        if (a.Hash != b.Hash || a.Count != b.Count || a.Rotate != b.Rotate || a.Used != b.Used) return false;
        if (!a.Ends.AsSpan(a.EndsAt, a.Count).SequenceEqual(b.Ends.AsSpan(b.EndsAt, b.Count))) return false;
        for (int k = 0; k < a.Used; k++)
        {
            var x = a.Tokens[k];
            var y = b.Tokens[k];
            if (x.Kind != y.Kind || !(ReferenceEquals(x.Text, y.Text) || x.Text == y.Text)) return false;
        }
        return true;
    }

    public int GetHashCode(ArgumentSet set) => set.Hash;
}
