using System.Buffers.Binary;
using Nas64.Objects;
using Nas64.Objects.Elf;

namespace Nas64.EndToEnd.Tests.Disassembly;

/// <summary>Compares an original object (from nasm or gcc) with the one nas64 assembled from its disassembly.</summary>
public static class ObjectComparison
{
    /// <summary>A relocation as a linker sees it: where, what kind, and the target (a defined symbol counts as its section plus value).</summary>
    public static (ulong Offset, RelocationType Type, string Target, long Addend) Normalize(Relocation relocation) =>
        relocation.Symbol.Section is { } section
            ? (relocation.Offset, relocation.Type, section.Name, (long)relocation.Symbol.Value + relocation.Addend)
            : (relocation.Offset, relocation.Type, relocation.Symbol.Name, relocation.Addend);

    /// <summary>ELF64 through the project's reader; ELF32 (which the linker does not take) through disasm's own.</summary>
    public static ObjectModule Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        return bytes[4] == ElfConstants.ElfClass32 ? Nas64.Cli.Disassembly.Elf32ObjectReader.Read(path, bytes) : ElfReader.Read(path, bytes);
    }

    /// <summary>
    /// Same bytes and relocations in <paramref name="sectionName"/>. A PC-relative relocation from gcc against a
    /// symbol of the same section (a call to a global function of the file) is one no NASM source can keep:
    /// it must come back resolved, the field holding S + A - P.
    /// </summary>
    public static void AssertSameSection(ObjectModule expected, ObjectModule actual, string sectionName)
    {
        Section want = expected.FindSection(sectionName) ?? throw new InvalidOperationException($"no {sectionName} in the original");
        Section? got = actual.FindSection(sectionName);
        Assert.True(got is not null, $"{sectionName} missing after reassembly");
        byte[] wantBytes = want.Data.ToArray();
        byte[] gotBytes = got!.Data.ToArray();
        Assert.Equal(want.Size, got.Size);
        var wantRelocations = new List<(ulong, RelocationType, string, long)>();
        foreach (var relocation in want.Relocations)
        {
            if (relocation.Symbol.Section == want && relocation.Type is RelocationType.Pc32 or RelocationType.Plt32
                && !got.Relocations.Exists(r => r.Offset == relocation.Offset))
            {
                long resolved = (long)relocation.Symbol.Value + relocation.Addend - (long)relocation.Offset;
                Assert.Equal(resolved, BinaryPrimitives.ReadInt32LittleEndian(gotBytes.AsSpan((int)relocation.Offset)));
                BinaryPrimitives.WriteInt32LittleEndian(wantBytes.AsSpan((int)relocation.Offset), (int)resolved);
                continue;
            }
            wantRelocations.Add(Normalize(relocation));
        }
        Assert.Equal(Convert.ToHexString(wantBytes), Convert.ToHexString(gotBytes));
        var gotRelocations = got.Relocations.ConvertAll(r => Normalize(r));
        wantRelocations.Sort();
        gotRelocations.Sort();
        Assert.Equal(wantRelocations, gotRelocations);
    }
}
