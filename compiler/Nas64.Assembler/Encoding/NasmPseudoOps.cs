namespace Nas64.Assembler.Encoding;

/// <summary>
/// NASM's predicate spellings of vpcmp (vpcmpltud is vpcmpud with 1) and pclmulqdq (pclmulhqlqdq is pclmulqdq
/// with 1): the mnemonic names the last immediate. Measured against nasm 2.16, which knows exactly these names
/// (not vpcmpfalse…/vpcmptrue…/vpcmpnge…, and vpcmpeq/vpcmpgt with a signed type are real instructions).
/// </summary>
internal static class NasmPseudoOps
{
    private static readonly (string Name, int Predicate)[] IntegerPredicates =
        [("eq", 0), ("lt", 1), ("le", 2), ("neq", 4), ("nlt", 5), ("nle", 6), ("ge", 5), ("gt", 6), ("ngt", 2)];

    private static readonly string[] IntegerTypes = ["b", "w", "d", "q", "ub", "uw", "ud", "uq"];

    private static readonly (string Name, int Selector)[] ClmulHalves = [("lqlq", 0x00), ("hqlq", 0x01), ("lqhq", 0x10), ("hqhq", 0x11)];

    private static readonly Dictionary<string, (string Mnemonic, int Predicate)> ByName = Build();

    private static Dictionary<string, (string, int)> Build()
    {
        var names = new Dictionary<string, (string, int)>(StringComparer.OrdinalIgnoreCase);
        foreach (string type in IntegerTypes)
            foreach (var (name, predicate) in IntegerPredicates)
            {
                // vpcmpeqd and vpcmpgtd are instructions of their own (66 0F 76, 66 0F 66).
                if (type.Length == 1 && name is "eq" or "gt") continue;
                names["vpcmp" + name + type] = ("vpcmp" + type, predicate);
            }
        foreach (var (name, selector) in ClmulHalves)
        {
            names["pclmul" + name + "dq"] = ("pclmulqdq", selector);
            names["vpclmul" + name + "dq"] = ("vpclmulqdq", selector);
        }
        System.Diagnostics.Debug.Assert(names.Keys.All(name => name.Length >= MinimumLength && name[0] is 'v' or 'p'));
        return names;
    }

    /// <summary>The mnemonic and predicate immediate a spelling stands for, or null.</summary>
    public static (string Mnemonic, int Predicate)? Find(string mnemonic) =>
        // Every spelling starts with v or p and has 8 letters at least (vpcmpltb): the other mnemonics, asked once per
        // line of the first pass, skip the case-blind lookup (g100k: −7 M instructions).
        mnemonic.Length >= MinimumLength && (mnemonic[0] | 0x20) is 'v' or 'p' && ByName.TryGetValue(mnemonic, out var target) ? target : null;

    private const int MinimumLength = 8;

    /// <summary>Every spelling and the mnemonic it stands for, for the mnemonic table.</summary>
    public static IEnumerable<(string Pseudo, string Target)> Mnemonics()
    {
        foreach (var (pseudo, (target, _)) in ByName) yield return (pseudo, target);
    }
}
