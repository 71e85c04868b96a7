using System.Text;
using Iced.Intel;

namespace Nas64.Assembler.Tests.Encoding;

/// <summary>
/// Random valid instructions, a new seed each run: Iced decodes random bytes (plain, 0F/0F 38/0F 3A maps,
/// VEX and EVEX), its NasmFormatter prints them, nasm decides which texts are valid, and nas64 must give
/// nasm's bytes for every text nasm accepts. Set NAS64_ENCODING_SEED to replay a failing seed.
/// </summary>
public sealed class RandomInstructionTests
{
    private const int DefaultCount = 3000;

    // NAS64_ENCODING_COUNT sets a larger sample for a soak run.
    private static int Count => int.TryParse(Environment.GetEnvironmentVariable("NAS64_ENCODING_COUNT"), out int n) && n > 0 ? n : DefaultCount;

    [RequiresToolsTheory("nasm")]
    [InlineData(64)]
    [InlineData(32)]
    [InlineData(16)]
    public void RandomInstructionsEncodeAsNasmDoes(int bits)
    {
        int seed = int.TryParse(Environment.GetEnvironmentVariable("NAS64_ENCODING_SEED"), out int fixedSeed) ? fixedSeed : Random.Shared.Next();
        var lines = Generate(new Random(seed), bits, Count);
        if (bits == 16) lines.RemoveAll(line => line.StartsWith("wrssd ", StringComparison.Ordinal) || line.StartsWith("wrussd ", StringComparison.Ordinal));   // nasm writes adcx's bytes, a second 66 (refused)
        var nasm = SlotAssembly.Nasm(lines, bits);
        var ours = SlotAssembly.Ours(lines, bits);

        int valid = 0, matching = 0;
        var mismatches = new List<string>();
        var oursOnly = new List<string>();
        for (int i = 0; i < lines.Count; i++)
        {
            if (nasm[i].Rejected)
            {
                if (!ours[i].Rejected) oursOnly.Add("# only we accept: " + KnownMismatches.Format(bits, lines[i], nasm[i], ours[i]));
                continue;
            }
            valid++;
            if (!ours[i].Rejected && nasm[i].Bytes.AsSpan().SequenceEqual(ours[i].Bytes)) matching++;
            else mismatches.Add(KnownMismatches.Format(bits, lines[i], nasm[i], ours[i]));
        }

        string dump = Path.Combine(Path.GetTempPath(), $"nas64-random-mismatches-{bits}.txt");
        File.WriteAllLines(dump, [$"# seed {seed}: {lines.Count} texts, nasm accepts {valid}, {matching} match, {oursOnly.Count} accepted only by us", .. mismatches, .. oursOnly]);
        var message = new StringBuilder();
        message.Append($"seed {seed} (NAS64_ENCODING_SEED={seed} replays it), {bits}-bit: {lines.Count} texts, nasm accepts {valid}, ")
            .Append($"{matching} match, {mismatches.Count} differ, {oursOnly.Count} accepted only by us; all in {dump}\n");
        foreach (string m in mismatches.Take(60)) message.Append("  ").Append(m).Append('\n');
        Assert.True(valid >= Count / 4, message.ToString());
        Assert.True(mismatches.Count == 0, message.ToString());
    }

    /// <summary>Distinct NASM texts of random instructions, each decoded at the address of its slot so
    /// branch targets print as the addresses they reach.</summary>
    private static List<string> Generate(Random random, int bits, int count)
    {
        var formatter = new NasmFormatter(new RelativeBranchTargets());
        formatter.Options.HexPrefix = "0x";
        formatter.Options.HexSuffix = null;
        formatter.Options.UppercaseHex = false;
        formatter.Options.SpaceAfterOperandSeparator = true;
        var output = new StringOutput();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lines = new List<string>(count);
        byte[] bytes = new byte[16];
        while (lines.Count < count)
        {
            Fill(random, bytes, bits);
            var decoder = Iced.Intel.Decoder.Create(bits, new ByteArrayCodeReader(bytes));
            decoder.IP = (ulong)(lines.Count * SlotAssembly.SlotSize);
            decoder.Decode(out var instruction);
            if (instruction.IsInvalid) continue;
            formatter.Format(instruction, output);
            string text = output.ToStringAndReset();
            if (IsNasmMisencoding(text)) continue;
            if (seen.Add(text)) lines.Add(text);
        }
        return lines;
    }

    /// <summary>Texts nasm 2.16 assembles to bytes of another instruction, which nas64 refuses ("not supported yet"):
    /// vreducesh with a memory source (a register form of neither operand; the register form, whose sources nasm
    /// swaps, is compared like any other), vmgexit (F2 0F 01 C1), enqcmd/enqcmds (REX.W, or 67 in 32-bit code),
    /// vgetmantph (opcode 25), vcvtneps2bf16 (the destination also in EVEX.vvvv) and the packed FP16 vfmadd/vfmsub
    /// (the opcodes of vfnmadd/vfnmsub).</summary>
    private static bool IsNasmMisencoding(string text) =>
        (text.StartsWith("vreducesh ", StringComparison.Ordinal) && text.Contains('['))
        || ((text.StartsWith("vfmadd", StringComparison.Ordinal) || text.StartsWith("vfmsub", StringComparison.Ordinal)) && text.Contains("ph ", StringComparison.Ordinal)
            && !text.Contains("addsub", StringComparison.Ordinal) && !text.Contains("subadd", StringComparison.Ordinal) && !text.StartsWith("vfmaddc", StringComparison.Ordinal))
        || text == "vmgexit" || text.StartsWith("enqcmd", StringComparison.Ordinal)
        || text.StartsWith("vgetmantph ", StringComparison.Ordinal) || text.StartsWith("vcvtneps2bf16 ", StringComparison.Ordinal);

    /// <summary>Prints near branch targets as `$+n`: a numeric target is an absolute address, which
    /// depends on where the output is loaded rather than on the encoder.</summary>
    private sealed class RelativeBranchTargets : ISymbolResolver
    {
        public bool TryGetSymbol(in Instruction instruction, int operand, int instructionOperand, ulong address, int addressSize, out SymbolResult symbol)
        {
            var kind = instruction.GetOpKind(instructionOperand);
            if (kind is OpKind.NearBranch16 or OpKind.NearBranch32 or OpKind.NearBranch64)
            {
                long delta = (long)(address - instruction.IP);
                if (addressSize < 8) delta = addressSize == 2 ? (long)(address - instruction.IP) & 0xffff : (int)(address - instruction.IP);
                symbol = new SymbolResult(address, delta < 0 ? $"$-0x{-delta:x}" : $"$+0x{delta:x}");
                return true;
            }
            symbol = default;
            return false;
        }
    }

    // Random bytes alone are mostly one-byte opcodes; starting some with an escape or a VEX/EVEX prefix
    // reaches the SSE, AVX and AVX-512 maps too.
    private static void Fill(Random random, byte[] bytes, int bits)
    {
        random.NextBytes(bytes);
        switch (random.Next(8))
        {
            case 0: bytes[0] = 0x0f; break;
            case 1: bytes[0] = 0x0f; bytes[1] = 0x38; break;
            case 2: bytes[0] = 0x0f; bytes[1] = 0x3a; break;
            case 3: bytes[0] = 0xc5; if (bits != 64) bytes[1] |= 0xc0; break;
            case 4: bytes[0] = 0xc4; bytes[1] = (byte)((bytes[1] & 0xe0 | (bits != 64 ? 0xc0 : 0)) | (1 + random.Next(3))); break;
            case 5: bytes[0] = 0x62; bytes[1] = (byte)(bytes[1] & 0xf0 | (bits != 64 ? 0xf0 : 0) | (1 + random.Next(3))); bytes[2] |= 0x04; break;
            case 6: bytes[0] = (byte)(0x66 + random.Next(2) * (0xf2 - 0x66)); bytes[1] = 0x0f; break;
        }
    }
}
