namespace Nas64.Objects;

/// <summary>
/// Relocation types, numbered as the x86-64 psABI numbers them (R_X86_64_*). The model always speaks
/// x86-64; the ELF32 writer maps each to its i386 counterpart (R_386_*) or reports that it has none.
/// </summary>
public enum RelocationType : uint
{
    None = 0,
    Abs64 = 1,          // S + A
    Pc32 = 2,           // S + A - P
    Got32 = 3,          // G + A
    Plt32 = 4,          // L + A - P
    Copy = 5,
    GlobDat = 6,
    JumpSlot = 7,
    Relative = 8,
    GotPcRel = 9,       // G + GOT + A - P
    Abs32 = 10,         // S + A, zero-extended
    Abs32S = 11,        // S + A, sign-extended
    Abs16 = 12,
    Pc16 = 13,
    Abs8 = 14,
    Pc8 = 15,
    DtpMod64 = 16,
    DtpOff64 = 17,
    TpOff64 = 18,
    TlsGd = 19,
    TlsLd = 20,
    DtpOff32 = 21,
    GotTpOff = 22,
    TpOff32 = 23,
    Pc64 = 24,
    GotOff64 = 25,      // S + A - GOT
    GotPc32 = 26,       // GOT + A - P
    Got64 = 27,
    GotPcRel64 = 28,
    GotPc64 = 29,
    GotPlt64 = 30,
    PltOff64 = 31,
    Size32 = 32,        // Z + A
    Size64 = 33,
    GotPc32TlsDesc = 34,
    TlsDescCall = 35,
    TlsDesc = 36,
    IRelative = 37,
    Relative64 = 38,
    GotPcRelX = 41,
    RexGotPcRelX = 42,
}

/// <summary>A patch of the field at <see cref="Offset"/> in its section: <see cref="Type"/> applied to
/// <see cref="Symbol"/> (a named symbol, or a section symbol from <see cref="ObjectModule.GetSectionSymbol"/>)
/// plus <see cref="Addend"/>. For PC-relative types the addend already counts from the field to the
/// end of the instruction (−4, or less when an immediate follows).</summary>
public readonly record struct Relocation(ulong Offset, RelocationType Type, Symbol Symbol, long Addend)
{
    /// <summary>NASM's <c>wrt ..sym</c>: the ELF writer refers to <see cref="Symbol"/> itself instead of
    /// its section symbol plus the symbol's offset (what NASM does for plain references).</summary>
    public bool KeepSymbol { get; init; }

    /// <summary>The source line that made the relocation (assembler output), for errors of the output writers.</summary>
    public SourceLocation? Source { get; init; }

    /// <summary>Width in bytes of the field the relocation writes.</summary>
    public int FieldSize => Type switch
    {
        RelocationType.Abs64 or RelocationType.Pc64 or RelocationType.GotOff64 or RelocationType.Size64
            or RelocationType.Got64 or RelocationType.GotPcRel64 or RelocationType.GotPc64
            or RelocationType.GotPlt64 or RelocationType.PltOff64 or RelocationType.DtpOff64
            or RelocationType.DtpMod64 or RelocationType.TpOff64 or RelocationType.Relative64 => 8,
        RelocationType.Abs16 or RelocationType.Pc16 => 2,
        RelocationType.Abs8 or RelocationType.Pc8 => 1,
        _ => 4,
    };
}
