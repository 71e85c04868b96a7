using System.Collections.Concurrent;
using Iced.Intel;

namespace Nas64.Assembler.Encoding;

/// <summary>One encodable form of a mnemonic: an Iced <see cref="Code"/> with its operand kinds.</summary>
public sealed class InstructionForm
{
    internal InstructionForm(Code code)
    {
        Code = code;
        Info = OpCodeFacts.Get(code);
        Operands = new OpCodeOperandKind[Info.OpCount];
        for (int i = 0; i < Operands.Length; i++) Operands[i] = Info.GetOpKind(i);
        // A far pointer's size keyword names its offset, as in NASM's `call dword far [rbx]` (m16:32).
        MemorySize = Info.MemorySize is Iced.Intel.MemorySize.SegPtr16 or Iced.Intel.MemorySize.SegPtr32 or Iced.Intel.MemorySize.SegPtr64
            ? Info.MemorySize.GetSize() - 2 : Info.MemorySize.GetSize();
        BroadcastElementSize = Info.CanBroadcast ? Info.BroadcastMemorySize.GetElementSize() : 0;
    }

    /// <summary>blendvps, pblendvb, sha256rnds2 …: NASM also accepts the implicit xmm0 written as a last operand.</summary>
    public bool TakesImplicitXmm0 => (Info.Flags & FormFlags.TakesImplicitXmm0) != 0;

    public Code Code { get; }
    public FormFacts Info { get; }
    public OpCodeOperandKind[] Operands { get; }

    /// <summary>Bytes the memory operand reads or writes (0 when it has none or the size is not fixed).</summary>
    public int MemorySize { get; }

    /// <summary>Element size of a {1toN} broadcast, 0 when the form cannot broadcast.</summary>
    public int BroadcastElementSize { get; }

    /// <summary>The encoder's indexes of the operands written in source (InstructionEncoder.SyntaxOperands), kept after
    /// first use: it asks for them for each candidate of each instruction. The same array whichever thread fills it.</summary>
    internal int[]? SyntaxOperands { get; set; }

    public override string ToString() => Code.ToOpCode().ToInstructionString();
}

/// <summary>
/// The NASM mnemonic → encodable forms table, derived once from Iced's own opcode tables
/// (<see cref="OpCodeInfo"/>, compiled in as <see cref="OpCodeFacts"/>), so every instruction Iced can encode is
/// reachable by construction.
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

    // Mnemonic → codes is built at start-up from the compiled-in facts (cheap); the InstructionForm objects of a
    // mnemonic are made the first time it is looked up, one per code, so a small program pays for what it uses.
    // Instructions Iced encodes under names nasm 2.16 does not know (filled by Build, so declared before it).
    private static readonly Dictionary<string, List<Code>> CodesBeyondNasm = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Dictionary<string, List<Code>> CodesByMnemonic = Build();
    private static readonly InstructionForm?[] FormByCode = new InstructionForm?[OpCodeFacts.CodeCount];
    private static readonly ConcurrentDictionary<string, InstructionForm[]> FormsByMnemonic = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>An instruction name to nasm 2.16.</summary>
    public static bool IsMnemonic(string name) => CodesByMnemonic.ContainsKey(name);

    /// <summary>An instruction Iced encodes that nasm 2.16 does not know (vmaxph, tlbsync, vsha512rnds2 …): a label to
    /// nasm wherever a label fits, and the instruction where nasm could only report an error.</summary>
    public static bool IsBeyondNasm(string name) => CodesBeyondNasm.ContainsKey(name);

    public static InstructionForm[]? Find(string mnemonic) =>
        FormsByMnemonic.TryGetValue(mnemonic, out var forms) ? forms : FindFirst(mnemonic);

    /// <summary>A mnemonic's forms the first time they are asked for (apart from <see cref="Find"/>, whose every call would
    /// otherwise allocate the lambda's closure).</summary>
    private static InstructionForm[]? FindFirst(string mnemonic) =>
        CodesByMnemonic.TryGetValue(mnemonic, out var codes) || CodesBeyondNasm.TryGetValue(mnemonic, out codes)
            ? FormsByMnemonic.GetOrAdd(mnemonic, _ => codes.ConvertAll(Form).ToArray())
        : null;

    public static IEnumerable<string> Mnemonics => CodesByMnemonic.Keys;

    private static InstructionForm Form(Code code)
    {
        ref var form = ref FormByCode[(int)code];
        if (form is null) Interlocked.CompareExchange(ref form, new InstructionForm(code), null);
        return form;
    }

    private static Dictionary<string, List<Code>> Build()
    {
        var lists = new Dictionary<string, List<Code>>(StringComparer.OrdinalIgnoreCase);
        for (int i = 1; i < OpCodeFacts.CodeCount; i++)
        {
            var code = (Code)i;
            var info = OpCodeFacts.Get(code);
            if (!info.IsInstruction || info.Encoding == EncodingKind.MVEX) continue;
            // Knights Corner's VEX forms (a VEX tzcnt, kand…) are not x86-64 instructions NASM knows.
            if ((info.Flags & FormFlags.KnightsCorner) != 0) continue;
            if (info.Mnemonic == Mnemonic.Sal) continue;   // NASM's sal is shl (/4), not the /6 alias
            if ((info.Flags & FormFlags.AlternateEncoding) != 0 || RejectedByNasm.Contains(code) || NasmGprWidths.IsRejected(code)) continue;
            string name = OpCodeFacts.MnemonicName(info.Mnemonic);
            if (!lists.TryGetValue(name, out var list)) lists[name] = list = [];
            list.Add(code);
        }

        AddConditionSynonyms(lists);
        // Iced's pushf/popf/pusha/popa/iret are the 16-bit forms; NASM's plain names take the mode's
        // default operand size, and pushfw & co. name the 16-bit forms.
        foreach (string stem in new[] { "pushf", "popf", "pusha", "popa", "iret" })
        {
            var sized = new List<Code>();
            foreach (string suffix in new[] { "", "d", "q" })
                if (lists.TryGetValue(stem + suffix, out var forms)) sized.AddRange(forms);
            if (lists.TryGetValue(stem, out var word)) lists[stem + "w"] = word;
            lists[stem] = sized;
        }
        // retfw/retfd/retfq name retf's operand sizes.
        foreach (var (name, size) in new[] { ("retfw", 16), ("retfd", 32), ("retfq", 64) })
            lists[name] = lists["retf"].FindAll(c => OpCodeFacts.Get(c).OperandSize == size);
        // retw/retd/retq (and retnw…) name ret's (retw in 32-bit code is 66 C3).
        foreach (var (name, size) in new[] { ("retw", 16), ("retd", 32), ("retq", 64) })
        {
            lists[name] = lists["ret"].FindAll(c => OpCodeFacts.Get(c).OperandSize == size);
            lists["retn" + name[3..]] = lists[name];
        }
        // NASM accepts movsx r64, r/m32 as movsxd.
        lists["movsx"].Add(Code.Movsxd_r64_rm32);
        // nasm's movd also moves a 64-bit register or qword to and from an MMX register (movd rax, mm1 is 48 0F 7E C8).
        lists["movd"].AddRange([Code.Movq_rm64_mm, Code.Movq_mm_rm64]);
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
        // nasm's loadall is the 386's (0F 07) and loadall286 the 286's (0F 05); Iced names both loadall.
        if (lists.TryGetValue("loadall", out var loadall))
        {
            lists["loadall"] = loadall.FindAll(c => c == Code.Loadall386);
            lists["loadall286"] = loadall.FindAll(c => c == Code.Loadall286);
        }
        // nasm's fsetpm is the 287's DB E4 without a wait (Iced's fsetpm is 9B DB E4, its fnsetpm DB E4).
        if (lists.TryGetValue("fnsetpm", out var fnsetpm)) lists["fsetpm"] = fnsetpm;
        // The 486's first cmpxchg (0F A6/A7) is nasm's cmpxchg486; Iced calls it cmpxchg. smi is nasm's name of int1.
        Code[] cmpxchg486 = [Code.Cmpxchg486_rm8_r8, Code.Cmpxchg486_rm16_r16, Code.Cmpxchg486_rm32_r32];
        lists["cmpxchg"].RemoveAll(c => Array.IndexOf(cmpxchg486, c) >= 0);
        lists["cmpxchg486"] = [.. cmpxchg486];
        Alias(lists, "smi", "int1");
        // ud2a is nasm's other name of ud2; ud1 and ud2b without operands are refused by NasmRewrites.
        Alias(lists, "ud2a", "ud2");
        lists["ud2b"] = lists["ud1"];
        // nasm calls the 3DNow! pmulhrw (0F 0F /r B7) pmulhrwa and Cyrix's (0F 59) pmulhrwc; plain pmulhrw is neither.
        if (lists.Remove("pmulhrw", out var pmulhrw))
        {
            lists["pmulhrwa"] = pmulhrw.FindAll(c => c == Code.D3NOW_Pmulhrw_mm_mmm64);
            lists["pmulhrwc"] = pmulhrw.FindAll(c => c != Code.D3NOW_Pmulhrw_mm_mmm64);
        }
        NasmMnemonicSet.Apply(lists, CodesBeyondNasm);
        return lists;
    }

    private static void Alias(Dictionary<string, List<Code>> lists, string alias, string target)
    {
        if (lists.TryGetValue(target, out var list) && !lists.ContainsKey(alias)) lists[alias] = list;
    }

    private static void AddConditionSynonyms(Dictionary<string, List<Code>> lists)
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
