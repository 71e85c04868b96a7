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
        MemorySize = Info.MemorySize.GetSize();
        BroadcastElementSize = Info.CanBroadcast ? Info.BroadcastMemorySize.GetElementSize() : 0;
    }

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
    private static readonly (string Canonical, string[] Synonyms)[] Conditions =
    [
        ("o", []), ("no", []), ("b", ["c", "nae"]), ("ae", ["nb", "nc"]), ("e", ["z"]), ("ne", ["nz"]),
        ("be", ["na"]), ("a", ["nbe"]), ("s", []), ("ns", []), ("p", ["pe"]), ("np", ["po"]),
        ("l", ["nge"]), ("ge", ["nl"]), ("le", ["ng"]), ("g", ["nle"]),
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
            if (info.Mnemonic == Mnemonic.Sal) continue;   // NASM's sal is shl (/4), not the /6 alias
            string name = info.Mnemonic.ToString().ToLowerInvariant();
            if (!lists.TryGetValue(name, out var list)) lists[name] = list = [];
            list.Add(new InstructionForm(code));
        }

        AddConditionSynonyms(lists);
        Alias(lists, "sal", "shl");
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

    private static void Alias(Dictionary<string, List<InstructionForm>> lists, string alias, string target)
    {
        if (lists.TryGetValue(target, out var list) && !lists.ContainsKey(alias)) lists[alias] = list;
    }

    private static void AddConditionSynonyms(Dictionary<string, List<InstructionForm>> lists)
    {
        foreach (string stem in new[] { "j", "cmov", "set" })
            foreach (var (canonical, synonyms) in Conditions)
                foreach (string synonym in synonyms)
                    Alias(lists, stem + synonym, stem + canonical);
    }
}
