using Nas64.Objects;

namespace Nas64.Linker;

/// <summary>The psABI's names for relocation types, for messages.</summary>
internal static class RelocationNames
{
    public static string Name(RelocationType type) => type switch
    {
        RelocationType.Abs64 => "R_X86_64_64",
        RelocationType.Pc32 => "R_X86_64_PC32",
        RelocationType.Got32 => "R_X86_64_GOT32",
        RelocationType.Plt32 => "R_X86_64_PLT32",
        RelocationType.GotPcRel => "R_X86_64_GOTPCREL",
        RelocationType.Abs32 => "R_X86_64_32",
        RelocationType.Abs32S => "R_X86_64_32S",
        RelocationType.Abs16 => "R_X86_64_16",
        RelocationType.Pc16 => "R_X86_64_PC16",
        RelocationType.Abs8 => "R_X86_64_8",
        RelocationType.Pc8 => "R_X86_64_PC8",
        RelocationType.Pc64 => "R_X86_64_PC64",
        RelocationType.GotOff64 => "R_X86_64_GOTOFF64",
        RelocationType.GotPc32 => "R_X86_64_GOTPC32",
        RelocationType.Got64 => "R_X86_64_GOT64",
        RelocationType.GotPcRel64 => "R_X86_64_GOTPCREL64",
        RelocationType.GotPc64 => "R_X86_64_GOTPC64",
        RelocationType.PltOff64 => "R_X86_64_PLTOFF64",
        RelocationType.Size32 => "R_X86_64_SIZE32",
        RelocationType.Size64 => "R_X86_64_SIZE64",
        RelocationType.GotPcRelX => "R_X86_64_GOTPCRELX",
        RelocationType.RexGotPcRelX => "R_X86_64_REX_GOTPCRELX",
        RelocationType.TpOff32 => "R_X86_64_TPOFF32",
        RelocationType.TpOff64 => "R_X86_64_TPOFF64",
        RelocationType.GotTpOff => "R_X86_64_GOTTPOFF",
        RelocationType.TlsGd => "R_X86_64_TLSGD",
        RelocationType.TlsLd => "R_X86_64_TLSLD",
        RelocationType.DtpOff32 => "R_X86_64_DTPOFF32",
        RelocationType.DtpOff64 => "R_X86_64_DTPOFF64",
        RelocationType.GotPc32TlsDesc => "R_X86_64_GOTPC32_TLSDESC",
        RelocationType.TlsDescCall => "R_X86_64_TLSDESC_CALL",
        RelocationType.TlsDesc => "R_X86_64_TLSDESC",
        _ => $"type {(uint)type}",
    };
}
