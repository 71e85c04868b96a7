namespace Nas64.Assembler.Preprocessor;

/// <summary>The macro tables by name number: an identifier lexed through <see cref="_pool"/> carries its text's number
/// (<see cref="PpToken.Name"/>), and these arrays hold what the case-sensitive tables hold for that text, so the
/// expansion scan and the macro-call check ask an array instead of hashing the name. They are kept equal to
/// <see cref="_defines"/> and <see cref="_macros"/> wherever those change (a definition that makes a new object, %undef,
/// %macro, %clear); the case-insensitive tables are still asked by text when they have anything.</summary>
public sealed partial class Preprocessor
{
    // Room for the one-character names (numbered by their code). The arrays grow only as far as the highest number
    // that names a macro: every lexed identifier has a number, and a large program's labels would otherwise size them.
    private SingleLineMacro?[] _singleByName = new SingleLineMacro?[256];
    private List<MultiLineMacro>?[] _multiByName = new List<MultiLineMacro>?[256];

    /// <summary>The slot of <paramref name="number"/> in <paramref name="slots"/>, grown to have it.</summary>
    private static ref T? SlotFor<T>(ref T?[] slots, int number) where T : class
    {
        if (number >= slots.Length) Array.Resize(ref slots, Math.Max(number + 1, slots.Length * 2));
        return ref slots[number];
    }

    /// <summary>The single-line macro slot of <paramref name="number"/> (null past the array: no macro has that name).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private SingleLineMacro? SingleSlot(int number) => (uint)number < (uint)_singleByName.Length ? _singleByName[number] : null;

    /// <summary>Sets the slot of <paramref name="name"/> (when it has a number) to <see cref="_defines"/>' entry.</summary>
    private void UpdateSingleSlot(string name)
    {
        if (_pool.TryGetNumber(name, out int number)) SlotFor(ref _singleByName, number) = _defines.GetValueOrDefault(name);
    }

    /// <summary>Refills all slots from the tables (after a %clear).</summary>
    private void ResetNameSlots()
    {
        Array.Clear(_singleByName);
        Array.Clear(_multiByName);
        foreach (var (name, macro) in _defines)
            if (_pool.TryGetNumber(name, out int number)) SlotFor(ref _singleByName, number) = macro;
        foreach (var (name, list) in _macros)
            if (_pool.TryGetNumber(name, out int number)) SlotFor(ref _multiByName, number) = list;
    }

    /// <summary><see cref="LookupSingle(string)"/> for a name token.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private SingleLineMacro? LookupSingle(in PpToken name)
    {
        int number = name.Name;
        if (number == 0) return MayBeDefined(name.Text) ? LookupSingle(name.Text) : null;
        var macro = SingleSlot(number);
        if (macro is not null || _idefines.Count == 0) return macro;
        return _idefines.TryGetValue(name.Text, out macro) ? macro : null;
    }

    /// <summary><see cref="LookupMulti(string)"/> for a name token.</summary>
    private List<MultiLineMacro>? LookupMulti(in PpToken name)
    {
        int number = name.Name;
        if (number == 0) return LookupMulti(name.Text);
        var list = (uint)number < (uint)_multiByName.Length ? _multiByName[number] : null;
        if (list is { Count: > 0 }) return list;
        return _imacros.Count > 0 && _imacros.TryGetValue(name.Text, out list) && list.Count > 0 ? list : null;
    }
}
