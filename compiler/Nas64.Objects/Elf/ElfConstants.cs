namespace Nas64.Objects.Elf;

/// <summary>ELF constants used by the readers and writers (names as in elf.h).</summary>
public static class ElfConstants
{
    public const byte ElfClass32 = 1;
    public const byte ElfClass64 = 2;
    public const byte ElfData2Lsb = 1;
    public const byte EvCurrent = 1;
    public const byte ElfOsAbiSysV = 0;

    public const ushort EtRel = 1;
    public const ushort EtExec = 2;
    public const ushort EtDyn = 3;

    public const ushort Em386 = 3;
    public const ushort EmX86_64 = 62;

    public const uint ShtNull = 0;
    public const uint ShtProgBits = 1;
    public const uint ShtSymTab = 2;
    public const uint ShtStrTab = 3;
    public const uint ShtRela = 4;
    public const uint ShtHash = 5;
    public const uint ShtDynamic = 6;
    public const uint ShtNote = 7;
    public const uint ShtNoBits = 8;
    public const uint ShtRel = 9;
    public const uint ShtDynSym = 11;
    public const uint ShtInitArray = 14;
    public const uint ShtFiniArray = 15;
    public const uint ShtPreinitArray = 16;
    public const uint ShtGroup = 17;
    public const uint ShtSymTabShndx = 18;
    public const uint ShtX86_64Unwind = 0x70000001;

    public const ulong ShfWrite = 0x1;
    public const ulong ShfAlloc = 0x2;
    public const ulong ShfExecInstr = 0x4;
    public const ulong ShfMerge = 0x10;
    public const ulong ShfStrings = 0x20;
    public const ulong ShfInfoLink = 0x40;
    public const ulong ShfGroup = 0x200;
    public const ulong ShfTls = 0x400;

    public const ushort ShnUndef = 0;
    public const ushort ShnLoReserve = 0xff00;
    public const ushort ShnAbs = 0xfff1;
    public const ushort ShnCommon = 0xfff2;
    public const ushort ShnXIndex = 0xffff;

    public const byte StbLocal = 0;
    public const byte StbGlobal = 1;
    public const byte StbWeak = 2;

    public const byte SttNoType = 0;
    public const byte SttObject = 1;
    public const byte SttFunc = 2;
    public const byte SttSection = 3;
    public const byte SttFile = 4;
    public const byte SttCommon = 5;
    public const byte SttTls = 6;

    public const byte StvDefault = 0;
    public const byte StvInternal = 1;
    public const byte StvHidden = 2;
    public const byte StvProtected = 3;

    public const uint PtNull = 0;
    public const uint PtLoad = 1;
    public const uint PtNote = 4;
    public const uint PtPhdr = 6;
    public const uint PtTls = 7;
    public const uint PtGnuStack = 0x6474e551;
    public const uint PtGnuRelro = 0x6474e552;

    public const uint PfX = 1;
    public const uint PfW = 2;
    public const uint PfR = 4;

    public const int Elf64HeaderSize = 64;
    public const int Elf64ProgramHeaderSize = 56;
    public const int Elf64SectionHeaderSize = 64;
    public const int Elf64SymbolSize = 24;
    public const int Elf64RelaSize = 24;
    public const int Elf32HeaderSize = 52;
    public const int Elf32ProgramHeaderSize = 32;
    public const int Elf32SectionHeaderSize = 40;
    public const int Elf32SymbolSize = 16;
    public const int Elf32RelSize = 8;

    // i386 relocation types (R_386_*), which the ELF32 writer maps the model's x86-64 numbering onto.
    public const uint R386_32 = 1;
    public const uint R386_Pc32 = 2;
    public const uint R386_Got32 = 3;
    public const uint R386_Plt32 = 4;
    public const uint R386_GotOff = 9;
    public const uint R386_GotPc = 10;
    public const uint R386_TlsTpOff = 14;
    public const uint R386_TlsIe = 15;
    public const uint R386_TlsGotIe = 16;
    public const uint R386_TlsLe = 17;
    public const uint R386_TlsGd = 18;
    public const uint R386_TlsLdm = 19;
    public const uint R386_16 = 20;
    public const uint R386_Pc16 = 21;
    public const uint R386_8 = 22;
    public const uint R386_Pc8 = 23;
    public const uint R386_TlsLdo32 = 32;
}
