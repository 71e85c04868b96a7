using Iced.Intel;

namespace Nas64.Assembler.Encoding;

/// <summary>One encodable form of a mnemonic: an Iced <see cref="Code"/> with its operand kinds.</summary>
public sealed class InstructionForm
{
    internal InstructionForm(Code code)
    {
        Code = code;
        Info = code.ToOpCode();
        Operands = new OpCodeOperandKind[Info.OpCount];
        for (int i = 0; i < Operands.Length; i++) Operands[i] = Info.GetOpKind(i);
        // A far pointer's size keyword names its offset, as in NASM's `call dword far [rbx]` (m16:32).
        MemorySize = Info.MemorySize is Iced.Intel.MemorySize.SegPtr16 or Iced.Intel.MemorySize.SegPtr32 or Iced.Intel.MemorySize.SegPtr64
            ? Info.MemorySize.GetSize() - 2 : Info.MemorySize.GetSize();
        BroadcastElementSize = Info.CanBroadcast ? Info.BroadcastMemorySize.GetElementSize() : 0;
        TakesImplicitXmm0 = Info.ToInstructionString().EndsWith("<XMM0>", StringComparison.Ordinal);
    }

    /// <summary>blendvps, pblendvb, sha256rnds2 …: NASM also accepts the implicit xmm0 written as a last operand.</summary>
    public bool TakesImplicitXmm0 { get; }

    public Code Code { get; }
    public OpCodeInfo Info { get; }
    public OpCodeOperandKind[] Operands { get; }

    /// <summary>Bytes the memory operand reads or writes (0 when it has none or the size is not fixed).</summary>
    public int MemorySize { get; }

    /// <summary>Element size of a {1toN} broadcast, 0 when the form cannot broadcast.</summary>
    public int BroadcastElementSize { get; }

    public override string ToString() => Info.ToInstructionString();
}

/// <summary>
/// The NASM mnemonic → encodable forms table, derived once from Iced's own opcode tables
/// (<see cref="OpCodeInfo"/>), so every instruction Iced can encode is reachable by construction.
/// NASM's spellings that Iced lacks (condition-code synonyms, sal, …) are added as aliases.
/// </summary>
public static class InstructionTable
{
    // Iced names each condition once (je, jne, jb, …); NASM accepts every synonym (jz, jnz, jc, jnae, …).
    // (cmp…xadd spells them b/nb/z/nz/be/nbe/l/nl/le/nle, so any spelling of a group may be Iced's).
    private static readonly string[][] Conditions =
    [
        ["o"], ["no"], ["b", "c", "nae"], ["ae", "nb", "nc"], ["e", "z"], ["ne", "nz"],
        ["be", "na"], ["a", "nbe"], ["s"], ["ns"], ["p", "pe"], ["np", "po"],
        ["l", "nge"], ["ge", "nl"], ["le", "ng"], ["g", "nle"],
    ];

    // Forms Iced encodes whose NASM spelling nasm 2.16 refuses (bswap ax, movzx ax, bx, movsxd eax, ecx).
    private static readonly HashSet<Code> RejectedByNasm =
    [
        Code.Bswap_r16, Code.Movsx_r16_rm16, Code.Movzx_r16_rm16, Code.Movsxd_r16_rm16, Code.Movsxd_r32_rm32, Code.Fstpnce_sti,
    ];

    private static readonly Dictionary<string, InstructionForm[]> FormsByMnemonic = Build();

    public static bool IsMnemonic(string name) => FormsByMnemonic.ContainsKey(name);

    public static InstructionForm[]? Find(string mnemonic) => FormsByMnemonic.GetValueOrDefault(mnemonic);

    public static IEnumerable<string> Mnemonics => FormsByMnemonic.Keys;

    private static Dictionary<string, InstructionForm[]> Build()
    {
        var lists = new Dictionary<string, List<InstructionForm>>(StringComparer.OrdinalIgnoreCase);
        foreach (var code in Enum.GetValues<Code>())
        {
            if (code == Code.INVALID) continue;
            var info = code.ToOpCode();
            if (!info.IsInstruction || info.Encoding == EncodingKind.MVEX) continue;
            // Knights Corner's VEX forms (a VEX tzcnt, kand…) are not x86-64 instructions NASM knows.
            if ((info.DecoderOption & DecoderOptions.KNC) != 0) continue;
            if (info.Mnemonic == Mnemonic.Sal) continue;   // NASM's sal is shl (/4), not the /6 alias
            if (IsAlternateEncoding(code) || RejectedByNasm.Contains(code)) continue;
            string name = info.Mnemonic.ToString().ToLowerInvariant();
            if (!lists.TryGetValue(name, out var list)) lists[name] = list = [];
            list.Add(new InstructionForm(code));
        }

        AddConditionSynonyms(lists);
        // Iced's pushf/popf/pusha/popa/iret are the 16-bit forms; NASM's plain names take the mode's
        // default operand size, and pushfw & co. name the 16-bit forms.
        foreach (string stem in new[] { "pushf", "popf", "pusha", "popa", "iret" })
        {
            var sized = new List<InstructionForm>();
            foreach (string suffix in new[] { "", "d", "q" })
                if (lists.TryGetValue(stem + suffix, out var forms)) sized.AddRange(forms);
            if (lists.TryGetValue(stem, out var word)) lists[stem + "w"] = word;
            lists[stem] = sized;
        }
        // retfw/retfd/retfq name retf's operand sizes.
        foreach (var (name, size) in new[] { ("retfw", 16), ("retfd", 32), ("retfq", 64) })
            lists[name] = lists["retf"].FindAll(f => f.Info.OperandSize == size);
        // retw/retd/retq (and retnw…) name ret's (retw in 32-bit code is 66 C3).
        foreach (var (name, size) in new[] { ("retw", 16), ("retd", 32), ("retq", 64) })
        {
            lists[name] = lists["ret"].FindAll(f => f.Info.OperandSize == size);
            lists["retn" + name[3..]] = lists[name];
        }
        // NASM accepts movsx r64, r/m32 as movsxd.
        lists["movsx"].Add(new InstructionForm(Code.Movsxd_r64_rm32));
        Alias(lists, "sal", "shl");
        foreach (var (pseudo, target) in NasmRewrites.PseudoMnemonics()) Alias(lists, pseudo, target);
        Alias(lists, "fwait", "wait");
        Alias(lists, "retn", "ret");
        Alias(lists, "xlat", "xlatb");
        Alias(lists, "icebp", "int1");
        Alias(lists, "loopz", "loope");
        Alias(lists, "loopnz", "loopne");
        Alias(lists, "int01", "int1");
        Alias(lists, "int03", "int3");

        var result = new Dictionary<string, InstructionForm[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, list) in lists) result[name] = [.. list];
        return result;
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

    private static void Alias(Dictionary<string, List<InstructionForm>> lists, string alias, string target)
    {
        if (lists.TryGetValue(target, out var list) && !lists.ContainsKey(alias)) lists[alias] = list;
    }

    private static void AddConditionSynonyms(Dictionary<string, List<InstructionForm>> lists)
    {
        foreach (var (stem, suffix) in new[] { ("j", ""), ("cmov", ""), ("set", ""), ("cmp", "xadd") })
            foreach (string[] group in Conditions)
            {
                string? iced = null;
                foreach (string cc in group) if (lists.ContainsKey(stem + cc + suffix)) { iced = stem + cc + suffix; break; }
                if (iced is null) continue;
                foreach (string cc in group) Alias(lists, stem + cc + suffix, iced);
            }
    }
}
