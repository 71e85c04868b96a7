namespace Nas64.Assembler.Preprocessor;

/// <summary>The macro tables by name number: an identifier lexed through <see cref="_pool"/> carries its text's number
/// (<see cref="PpToken.Name"/>), and these arrays hold what the case-sensitive tables hold for that text, so the
/// expansion scan and the macro-call check ask an array instead of hashing the name. They are kept equal to
/// <see cref="_defines"/> and <see cref="_macros"/> wherever those change (a definition that makes a new object, %undef,
/// %macro, %clear); the case-insensitive tables are still asked by text when they have anything.</summary>
public sealed partial class Preprocessor
{
    // Room for the one-character names (numbered by their code); grown as the pool numbers more.
    private SingleLineMacro?[] _singleByName = new SingleLineMacro?[256];
    private List<MultiLineMacro>?[] _multiByName = new List<MultiLineMacro>?[256];

    /// <summary>The pool numbered a new text: the slots grow to have its number (empty: a name is numbered when it is
    /// defined, so a text numbered later names no macro).</summary>
    private void NameNumbered(string text, int number)
    {
        if (number < _singleByName.Length) return;
        int size = Math.Max(number + 1, _singleByName.Length * 2);
        Array.Resize(ref _singleByName, size);
        Array.Resize(ref _multiByName, size);
    }

    /// <summary>Sets the slot of <paramref name="name"/> (when it has a number) to <see cref="_defines"/>' entry.</summary>
    private void UpdateSingleSlot(string name)
    {
        if (_pool.TryGetNumber(name, out int number)) _singleByName[number] = _defines.GetValueOrDefault(name);
    }

    /// <summary>Refills all slots from the tables (after a %clear).</summary>
    private void ResetNameSlots()
    {
        Array.Clear(_singleByName);
        Array.Clear(_multiByName);
        foreach (var (name, macro) in _defines)
            if (_pool.TryGetNumber(name, out int number)) _singleByName[number] = macro;
        foreach (var (name, list) in _macros)
            if (_pool.TryGetNumber(name, out int number)) _multiByName[number] = list;
    }

    /// <summary><see cref="LookupSingle(string)"/> for a name token.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private SingleLineMacro? LookupSingle(in PpToken name)
    {
        int number = name.Name;
        if (number == 0) return MayBeDefined(name.Text) ? LookupSingle(name.Text) : null;
        var macro = _singleByName[number];
        if (macro is not null || _idefines.Count == 0) return macro;
        return _idefines.TryGetValue(name.Text, out macro) ? macro : null;
    }

    /// <summary><see cref="LookupMulti(string)"/> for a name token.</summary>
    private List<MultiLineMacro>? LookupMulti(in PpToken name)
    {
        int number = name.Name;
        if (number == 0) return LookupMulti(name.Text);
        var list = _multiByName[number];
        if (list is { Count: > 0 }) return list;
        return _imacros.Count > 0 && _imacros.TryGetValue(name.Text, out list) && list.Count > 0 ? list : null;
    }
}
