using static Nas64.Objects.Elf.ElfConstants;

namespace Nas64.Objects.Elf;

/// <summary>
/// The model numbers relocations as x86-64 does; an ELF32 (i386) object needs the R_386_* counterpart.
/// Each pair means the same computation on a 32-bit field (GotOff64 is "S + A - GOT", i386's GOTOFF;
/// GotTpOff is the initial-exec GOT entry, NASM's <c>wrt ..tlsie</c>).
/// </summary>
public static class Elf32RelocationMap
{
    /// <summary>The R_386_* type for <paramref name="type"/>, or false when i386 has none.</summary>
    public static bool TryMap(RelocationType type, out uint i386Type)
    {
        i386Type = type switch
        {
            RelocationType.Abs32 => R386_32,
            RelocationType.Pc32 => R386_Pc32,
            RelocationType.Abs16 => R386_16,
            RelocationType.Pc16 => R386_Pc16,
            RelocationType.Abs8 => R386_8,
            RelocationType.Pc8 => R386_Pc8,
            RelocationType.Plt32 => R386_Plt32,
            RelocationType.Got32 => R386_Got32,
            RelocationType.GotOff64 => R386_GotOff,
            RelocationType.GotPc32 => R386_GotPc,
            RelocationType.GotTpOff => R386_TlsIe,
            RelocationType.TpOff32 => R386_TlsLe,
            RelocationType.TlsGd => R386_TlsGd,
            RelocationType.TlsLd => R386_TlsLdm,
            RelocationType.DtpOff32 => R386_TlsLdo32,
            _ => 0,
        };
        return i386Type != 0;
    }

    /// <summary>Width of the field an i386 relocation patches: 4 except the 16- and 8-bit types
    /// (GotOff64 patches 4 bytes here, not the 8 of <see cref="Relocation.FieldSize"/>).</summary>
    public static int FieldSize(uint i386Type) => i386Type switch
    {
        R386_16 or R386_Pc16 => 2,
        R386_8 or R386_Pc8 => 1,
        _ => 4,
    };
}
