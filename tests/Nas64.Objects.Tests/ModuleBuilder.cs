using System.Globalization;
using System.Text;
using Nas64.Objects;
using Nas64.Objects.Elf;

namespace Nas64.Objects.Tests;

/// <summary>
/// Builds an <see cref="ObjectModule"/> by hand, the way the assembler would for a small NASM source:
/// bytes and labels into the current section, symbols numbered in NASM's definition order.
/// </summary>
internal sealed class ModuleBuilder(string sourceName, int bits)
{
    private int _definitions;

    public ObjectModule Module { get; } = new(sourceName, bits) { NoteGnuStack = false };

    public Section Current { get; private set; } = null!;

    /// <summary>Switches to (creating if new) a section, like NASM's <c>section</c> directive.</summary>
    public ModuleBuilder Section(string name, SectionFlags flags = SectionFlags.Alloc, ulong align = 1, FlatPlacement? flat = null)
    {
        Current = Module.FindSection(name) ?? Module.AddSection(new Section(name, flags, align) { Flat = flat });
        return this;
    }

    public ModuleBuilder Hex(string hex)
    {
        hex = hex.Replace(" ", "", StringComparison.Ordinal);
        for (int i = 0; i < hex.Length; i += 2)
            Current.Data.WriteByte(byte.Parse(hex.AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        return this;
    }

    public ModuleBuilder Ascii(string text)
    {
        Current.Data.Write(Encoding.ASCII.GetBytes(text));
        return this;
    }

    /// <summary>Reserves space in a NOBITS section (resb).</summary>
    public ModuleBuilder Reserve(ulong count)
    {
        Current.Size += count;
        return this;
    }

    private Symbol Define(string name)
    {
        var symbol = Module.GetOrAddSymbol(name);
        symbol.DefinitionOrder = ++_definitions;
        return symbol;
    }

    /// <summary>A label at the current offset of the current section.</summary>
    public ModuleBuilder Label(string name, SymbolType type = SymbolType.NoType)
    {
        var symbol = Define(name);
        symbol.Section = Current;
        symbol.Value = Current.Size;
        if (type != SymbolType.NoType) symbol.Type = type;
        return this;
    }

    /// <summary><c>global name[:type size] [visibility]</c>, before or after the definition.</summary>
    public ModuleBuilder Global(string name, SymbolType type = SymbolType.NoType, ulong size = 0,
        SymbolVisibility visibility = SymbolVisibility.Default, bool weak = false)
    {
        var symbol = Module.GetOrAddSymbol(name);
        symbol.Binding = weak ? SymbolBinding.Weak : SymbolBinding.Global;
        if (type != SymbolType.NoType) symbol.Type = type;
        symbol.Size = size;
        symbol.Visibility = visibility;
        return this;
    }

    public ModuleBuilder Extern(string name, bool weak = false)
    {
        var symbol = Define(name);
        symbol.Binding = weak ? SymbolBinding.Weak : SymbolBinding.Global;
        return this;
    }

    public ModuleBuilder Common(string name, ulong size, ulong alignment)
    {
        var symbol = Define(name);
        symbol.Binding = SymbolBinding.Global;
        symbol.IsCommon = true;
        symbol.Size = size;
        symbol.Value = alignment;
        return this;
    }

    /// <summary><c>name equ value</c>.</summary>
    public ModuleBuilder Equ(string name, ulong value)
    {
        var symbol = Define(name);
        symbol.IsAbsolute = true;
        symbol.Value = value;
        return this;
    }

    /// <summary>A field referring to <paramref name="name"/>: zero bytes here, a relocation for the writer.</summary>
    public ModuleBuilder Ref(RelocationType type, string name, long addend = 0, bool keepSymbol = false) =>
        Ref(type, Module.GetOrAddSymbol(name), addend, keepSymbol);

    public ModuleBuilder Ref(RelocationType type, Symbol symbol, long addend = 0, bool keepSymbol = false)
    {
        var relocation = new Relocation(Current.Size, type, symbol, addend) { KeepSymbol = keepSymbol };
        Current.Relocations.Add(relocation);
        Current.Data.Append(Module.Bits == 32 && Elf32RelocationMap.TryMap(type, out uint i386)
            ? Elf32RelocationMap.FieldSize(i386)
            : relocation.FieldSize);
        return this;
    }
}
