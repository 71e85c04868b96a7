using System.Buffers.Binary;
using Nas64.Objects;

namespace Nas64.Linker.SyscallInventory;

/// <summary>The code of a relocatable object: each executable section at address 0, its PC-relative
/// relocations to the same section applied so that calls between its own functions decode to their targets.</summary>
public static class ObjectImage
{
    public static CodeImage FromModule(string file, ObjectModule module)
    {
        var regions = new List<CodeRegion>();
        var symbols = new List<ImageSymbol>();
        foreach (Section section in module.Sections)
        {
            if (!section.IsExecutable || section.IsNoBits) continue;
            byte[] bytes = section.Data.ToArray();
            foreach (Relocation relocation in section.Relocations)
            {
                // S + A - P, for a target this section holds; calls to other sections or externs stay unresolved.
                if (relocation.Type is not (RelocationType.Pc32 or RelocationType.Plt32) || relocation.Symbol.Section != section) continue;
                if (relocation.Offset + 4 > (ulong)bytes.Length) continue;
                long value = (long)relocation.Symbol.Value + relocation.Addend - (long)relocation.Offset;
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan((int)relocation.Offset), (int)value);
            }
            int region = regions.Count;
            regions.Add(new CodeRegion(section.Name, 0, bytes));
            foreach (Symbol symbol in module.Symbols)
            {
                if (symbol.Section == section && symbol.Type is SymbolType.Function or SymbolType.NoType && symbol.Name.Length > 0)
                    symbols.Add(new ImageSymbol(symbol.Name, region, symbol.Value, symbol.Type == SymbolType.Function || symbol.IsGlobal));
            }
        }
        return new CodeImage(file, module.Bits == 32 ? 32 : 64, regions, symbols, null);
    }
}
