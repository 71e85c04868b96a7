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

    /// <summary>Points this (probe) set at a call's parameters as they stand, and hashes them; <paramref name="tokenHash"/> is
    /// the tokens' part, made as they were added.</summary>
    public void Probe(PpToken[] tokens, int used, int[] ends, int endsAt, int count, int rotate, int tokenHash)
    {
        Tokens = tokens;
        Used = used;
        Ends = ends;
        EndsAt = endsAt;
        Count = count;
        Rotate = rotate;
        // Cheap on purpose: the lengths and end characters of the tokens; equal sets are then compared in full.
        int hash = HashCode.Combine(used, count, rotate) * 31 + tokenHash;
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

/// <summary>The argument sets kept once, found by their hash: open addressing over the sets themselves, compared without
/// an equality comparer (a HashSet spent about a hundred instructions per lookup calling one through an interface).</summary>
internal sealed class ArgumentSetTable
{
    /// <summary>Past this many sets a new one is not kept: its call gets a set of its own, the same as no other call's.</summary>
    private const int Limit = 1 << 16;

    private ArgumentSet?[] _slots = new ArgumentSet?[64];
    private int _count;

    /// <summary>The kept set with the contents of <paramref name="probe"/>, or null.</summary>
    public ArgumentSet? Find(ArgumentSet probe)
    {
        int mask = _slots.Length - 1;
        for (int i = Slot(probe.Hash, mask); ; i = (i + 1) & mask)
        {
            var set = _slots[i];
            if (set is null) return null;
            if (set.Hash == probe.Hash && SameContents(set, probe)) return set;
        }
    }

    /// <summary>Keeps <paramref name="set"/> (not in the table yet) while there is room.</summary>
    public void Add(ArgumentSet set)
    {
        if (_count >= Limit) return;
        if (++_count * 2 > _slots.Length) Grow();
        Place(_slots, set);
    }

    private void Grow()
    {
        var slots = new ArgumentSet?[_slots.Length * 2];
        foreach (var set in _slots)
            if (set is not null) Place(slots, set);
        _slots = slots;
    }

    private static void Place(ArgumentSet?[] slots, ArgumentSet set)
    {
        int mask = slots.Length - 1;
        int i = Slot(set.Hash, mask);
        while (slots[i] is not null) i = (i + 1) & mask;
        slots[i] = set;
    }

    /// <summary>The hash's bits mixed first (<see cref="ArgumentSet.Probe"/>'s cheap hash alone tells apart little in its low bits).</summary>
    private static int Slot(int hash, int mask)
    {
        uint h = (uint)hash;
        h ^= h >> 16;
        h *= 0x7feb352d;
        h ^= h >> 15;
        return (int)(h & (uint)mask);
    }

    /// <summary>Equal parameters (texts are pooled, so compared by reference first).</summary>
    private static bool SameContents(ArgumentSet a, ArgumentSet b)
    {
        if (a.Count != b.Count || a.Rotate != b.Rotate || a.Used != b.Used) return false;
        if (!a.Ends.AsSpan(a.EndsAt, a.Count).SequenceEqual(b.Ends.AsSpan(b.EndsAt, b.Count))) return false;
        var x = a.Tokens.AsSpan(0, a.Used);
        var y = b.Tokens.AsSpan(0, x.Length);
        for (int k = 0; k < x.Length; k++)
            if (x[k].Kind != y[k].Kind || !(x[k].TextNumber == y[k].TextNumber || x[k].Text == y[k].Text)) return false;
        return true;
    }
}
