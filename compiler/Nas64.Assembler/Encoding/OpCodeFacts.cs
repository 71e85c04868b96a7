using System.Text;
using Iced.Intel;

namespace Nas64.Assembler.Encoding;

/// <summary>
/// What the assembler needs to know of one Iced <see cref="Code"/>: the subset of <see cref="OpCodeInfo"/>
/// the form table and the encoder read.
/// </summary>
/// <remarks>
/// Iced builds every <see cref="OpCodeInfo"/> (with two formatted strings each) the first time any one is
/// asked for, which cost about half of a small program's assembly time. The facts are therefore derived from
/// Iced once, when the table is regenerated, and compiled in as data (<c>OpCodeFacts.g.cs</c>); a test
/// checks the compiled-in table against Iced, so an Iced upgrade cannot leave it stale.
/// </remarks>
public readonly record struct FormFacts(
    Mnemonic Mnemonic,
    FormFlags Flags,
    EncodingKind Encoding,
    int OperandSize,
    MemorySize MemorySize,
    MemorySize BroadcastMemorySize,
    OpCodeOperandKind Op0,
    OpCodeOperandKind Op1,
    OpCodeOperandKind Op2,
    OpCodeOperandKind Op3,
    OpCodeOperandKind Op4,
    int OpCount,
    int AddressSize)
{
    public bool IsInstruction => (Flags & FormFlags.IsInstruction) != 0;
    public bool Mode16 => (Flags & FormFlags.Mode16) != 0;
    public bool Mode32 => (Flags & FormFlags.Mode32) != 0;
    public bool Mode64 => (Flags & FormFlags.Mode64) != 0;
    public bool DefaultOpSize64 => (Flags & FormFlags.DefaultOpSize64) != 0;
    public bool ForceOpSize64 => (Flags & FormFlags.ForceOpSize64) != 0;
    public bool CanUseOpMaskRegister => (Flags & FormFlags.CanUseOpMaskRegister) != 0;
    public bool CanUseZeroingMasking => (Flags & FormFlags.CanUseZeroingMasking) != 0;
    public bool CanBroadcast => (Flags & FormFlags.CanBroadcast) != 0;
    public bool CanUseRoundingControl => (Flags & FormFlags.CanUseRoundingControl) != 0;
    public bool CanSuppressAllExceptions => (Flags & FormFlags.CanSuppressAllExceptions) != 0;
    public bool RequireOpMaskRegister => (Flags & FormFlags.RequireOpMaskRegister) != 0;

    public OpCodeOperandKind GetOpKind(int operand) => operand switch
    {
        0 => Op0,
        1 => Op1,
        2 => Op2,
        3 => Op3,
        4 => Op4,
        _ => throw new ArgumentOutOfRangeException(nameof(operand)),
    };
}

[Flags]
public enum FormFlags : ushort
{
    None = 0,
    IsInstruction = 1 << 0,
    /// <summary>A Knights Corner encoding (a VEX tzcnt, kand…), not an x86-64 instruction NASM knows.</summary>
    KnightsCorner = 1 << 1,
    /// <summary>A second encoding Iced decodes but NASM never writes (see <see cref="OpCodeFacts.IsAlternateEncoding"/>).</summary>
    AlternateEncoding = 1 << 2,
    Mode16 = 1 << 3,
    Mode32 = 1 << 4,
    Mode64 = 1 << 5,
    DefaultOpSize64 = 1 << 6,
    ForceOpSize64 = 1 << 7,
    CanUseOpMaskRegister = 1 << 8,
    CanUseZeroingMasking = 1 << 9,
    CanBroadcast = 1 << 10,
    CanUseRoundingControl = 1 << 11,
    CanSuppressAllExceptions = 1 << 12,
    RequireOpMaskRegister = 1 << 13,
    /// <summary>blendvps, pblendvb, sha256rnds2 …: NASM also accepts the implicit xmm0 written as a last operand.</summary>
    TakesImplicitXmm0 = 1 << 14,
}

public static partial class OpCodeFacts
{
    /// <summary>Bytes per code in the compiled-in table.</summary>
    private const int RecordSize = 16;

    /// <summary>The compiled-in facts of <paramref name="code"/>.</summary>
    public static FormFacts Get(Code code)
    {
        var r = Table.Slice((int)code * RecordSize, RecordSize);
        return new FormFacts(
            Mnemonic: (Mnemonic)(r[0] | r[1] << 8),
            Flags: (FormFlags)(r[2] | r[3] << 8),
            Encoding: (EncodingKind)r[4],
            OperandSize: r[5],
            MemorySize: (MemorySize)r[6],
            BroadcastMemorySize: (MemorySize)r[7],
            Op0: (OpCodeOperandKind)r[8],
            Op1: (OpCodeOperandKind)r[9],
            Op2: (OpCodeOperandKind)r[10],
            Op3: (OpCodeOperandKind)r[11],
            Op4: (OpCodeOperandKind)r[12],
            OpCount: r[13],
            AddressSize: r[14]);
    }

    /// <summary>NASM's (lower-case) spelling of an Iced mnemonic.</summary>
    public static string MnemonicName(Mnemonic mnemonic) => MnemonicNames[(int)mnemonic];

    /// <summary>The facts of <paramref name="code"/> read from Iced's <see cref="OpCodeInfo"/> (slow: for the table's generation and its test).</summary>
    public static FormFacts Derive(Code code)
    {
        var info = code.ToOpCode();
        var flags = FormFlags.None;
        if (info.IsInstruction) flags |= FormFlags.IsInstruction;
        if ((info.DecoderOption & DecoderOptions.KNC) != 0) flags |= FormFlags.KnightsCorner;
        if (IsAlternateEncoding(code)) flags |= FormFlags.AlternateEncoding;
        if (info.Mode16) flags |= FormFlags.Mode16;
        if (info.Mode32) flags |= FormFlags.Mode32;
        if (info.Mode64) flags |= FormFlags.Mode64;
        if (info.DefaultOpSize64) flags |= FormFlags.DefaultOpSize64;
        if (info.ForceOpSize64) flags |= FormFlags.ForceOpSize64;
        if (info.CanUseOpMaskRegister) flags |= FormFlags.CanUseOpMaskRegister;
        if (info.CanUseZeroingMasking) flags |= FormFlags.CanUseZeroingMasking;
        if (info.CanBroadcast) flags |= FormFlags.CanBroadcast;
        if (info.CanUseRoundingControl) flags |= FormFlags.CanUseRoundingControl;
        if (info.CanSuppressAllExceptions) flags |= FormFlags.CanSuppressAllExceptions;
        if (info.RequireOpMaskRegister) flags |= FormFlags.RequireOpMaskRegister;
        if (info.IsInstruction && info.ToInstructionString().EndsWith("<XMM0>", StringComparison.Ordinal)) flags |= FormFlags.TakesImplicitXmm0;
        var kinds = new OpCodeOperandKind[5];
        for (int i = 0; i < info.OpCount; i++) kinds[i] = info.GetOpKind(i);
        return new FormFacts(info.Mnemonic, flags, info.Encoding, info.OperandSize, info.MemorySize,
            info.CanBroadcast ? info.BroadcastMemorySize : MemorySize.Unknown,
            kinds[0], kinds[1], kinds[2], kinds[3], kinds[4], info.OpCount, info.AddressSize);
    }

    /// <summary>The C# text of <c>OpCodeFacts.g.cs</c>, derived from the Iced this build references.</summary>
    public static string GenerateSource()
    {
        var text = new StringBuilder();
        text.Append("// <auto-generated/>\n");
        text.Append("// Derived from Iced ").Append(typeof(Code).Assembly.GetName().Version).Append("'s OpCodeInfo by OpCodeFacts.GenerateSource.\n");
        text.Append("// Regenerate with NAS64_UPDATE_GOLDEN=1 dotnet test --filter OpCodeFactsTests (tests/Nas64.Assembler.Tests).\n");
        text.Append("namespace Nas64.Assembler.Encoding;\n\npublic static partial class OpCodeFacts\n{\n");
        var codes = Enum.GetValues<Code>();
        var mnemonics = Enum.GetValues<Mnemonic>();
        text.Append("    /// <summary>Number of Iced <see cref=\"Iced.Intel.Code\"/> values the table covers.</summary>\n");
        text.Append("    public const int CodeCount = ").Append(codes.Length).Append(";\n\n");
        text.Append("    private static ReadOnlySpan<byte> Table =>\n    [\n");
        Span<byte> record = stackalloc byte[RecordSize];
        for (int i = 0; i < codes.Length; i++)
        {
            var code = (Code)i;
            Encode(Derive(code), record);
            text.Append("        ");
            foreach (byte b in record) text.Append("0x").Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)).Append(", ");
            text.Length--;
            text.Append(" // ").Append(code).Append('\n');
        }
        text.Append("    ];\n\n    private static readonly string[] MnemonicNames =\n    [\n");
        for (int i = 0; i < mnemonics.Length; i++)
            text.Append("        \"").Append(((Mnemonic)i).ToString().ToLowerInvariant()).Append("\",\n");
        text.Append("    ];\n}\n");
        return text.ToString();
    }

    private static void Encode(FormFacts facts, Span<byte> record)
    {
        record.Clear();
        record[0] = (byte)(int)facts.Mnemonic;
        record[1] = (byte)((int)facts.Mnemonic >> 8);
        record[2] = (byte)(int)facts.Flags;
        record[3] = (byte)((int)facts.Flags >> 8);
        record[4] = checked((byte)facts.Encoding);
        record[5] = checked((byte)facts.OperandSize);
        record[6] = checked((byte)facts.MemorySize);
        record[7] = checked((byte)facts.BroadcastMemorySize);
        record[8] = checked((byte)facts.Op0);
        record[9] = checked((byte)facts.Op1);
        record[10] = checked((byte)facts.Op2);
        record[11] = checked((byte)facts.Op3);
        record[12] = checked((byte)facts.Op4);
        record[13] = checked((byte)facts.OpCount);
        record[14] = checked((byte)facts.AddressSize);
    }

    /// <summary>Second encodings Iced decodes (the 486 A-step cmpxchg, 82 /r, test F6 /1, x87 aliases such as
    /// DC D0+i, fence variants, reserved nops): NASM never writes them, so they must not win a tie.</summary>
    private static bool IsAlternateEncoding(Code code)
    {
        string name = code.ToString();
        if (name.Contains("486", StringComparison.Ordinal) || name.StartsWith("Reservednop", StringComparison.Ordinal)) return true;
        if (name.EndsWith("_82", StringComparison.Ordinal) || name.EndsWith("F6r1", StringComparison.Ordinal) || name.EndsWith("F7r1", StringComparison.Ordinal)) return true;
        if (name.StartsWith("Lfence_", StringComparison.Ordinal) || name.StartsWith("Mfence_", StringComparison.Ordinal) || name.StartsWith("Sfence_", StringComparison.Ordinal)) return true;
        return name[0] == 'F' && name.Length > 5 && name[^5] == '_' && name[^4] is 'D' && IsHex(name[^3]) && IsHex(name[^2]) && IsHex(name[^1]);
    }

    private static bool IsHex(char c) => c is >= '0' and <= '9' or >= 'A' and <= 'F';
}
