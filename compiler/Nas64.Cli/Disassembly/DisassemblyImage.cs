using Nas64.Objects;

namespace Nas64.Cli.Disassembly;

/// <summary>What a file to disassemble holds, whatever its kind: sections with addresses and bytes,
/// the symbols that name places in them, and (for objects) the relocations.</summary>
public sealed class DisassemblyImage
{
    public required ImageKind Kind { get; init; }
    public required int Bits { get; init; }

    /// <summary>Flat binaries and executables: the address of the lowest section (written as `org`).</summary>
    public ulong Origin { get; init; }

    public List<ImageSection> Sections { get; } = [];

    /// <summary>Symbols an object defines elsewhere or expects from elsewhere (extern, global, common lines).</summary>
    public List<Symbol> Symbols { get; } = [];
}

public enum ImageKind
{
    Object,
    Executable,
    Flat,
}

/// <summary>One section: its bytes at <see cref="Address"/> (0 in objects), its labels by offset and its relocations.</summary>
public sealed class ImageSection(string name, SectionFlags flags, ulong alignment, ulong address, byte[] bytes, ulong size)
{
    public string Name { get; } = name;
    public SectionFlags Flags { get; } = flags;
    public ulong Alignment { get; } = alignment;
    public ulong Address { get; } = address;
    public byte[] Bytes { get; } = bytes;
    public ulong Size { get; } = size;
    public SectionType Type { get; init; } = SectionType.ProgBits;

    /// <summary>The object's own section, when there is one (relocations name it through its section symbol).</summary>
    public Section? Source { get; init; }

    public SortedDictionary<ulong, List<string>> Labels { get; } = [];
    public SortedDictionary<ulong, Relocation> Relocations { get; } = [];

    public bool IsCode => (Flags & SectionFlags.Execute) != 0;
    public bool IsNoBits => (Flags & SectionFlags.NoBits) != 0;

    public void AddLabel(ulong offset, string label)
    {
        if (!Labels.TryGetValue(offset, out var names)) Labels[offset] = names = [];
        if (!names.Contains(label)) names.Add(label);
    }
}
