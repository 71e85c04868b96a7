namespace Nas64.Linker.SyscallInventory;

/// <summary>Bytes of one executable section (or segment) and the address its first byte runs at.</summary>
public sealed record CodeRegion(string Name, ulong Address, byte[] Bytes);

/// <summary>A named address in a region, for `symbol+offset`; IsEntry when code we do not see may jump to it (a function, an object's global).</summary>
public readonly record struct ImageSymbol(string Name, int Region, ulong Address, bool IsEntry);

/// <summary>What the inventory needs of an ELF file: its code, its symbols, its entry and its bitness.</summary>
public sealed record CodeImage(string FileName, int Bits, IReadOnlyList<CodeRegion> Regions, IReadOnlyList<ImageSymbol> Symbols, ulong? Entry);
