using Iced.Intel;

namespace Nas64.Assembler.Syntax;

/// <summary>NASM register names → Iced registers, built once from Iced's Register enum plus NASM's spellings.</summary>
public static class Registers
{
    private static readonly Dictionary<string, Register> ByName = Build();

    public static bool TryGet(string name, out Register register) => ByName.TryGetValue(name, out register);

    private static Dictionary<string, Register> Build()
    {
        var map = new Dictionary<string, Register>(StringComparer.OrdinalIgnoreCase);
        foreach (var register in Enum.GetValues<Register>())
        {
            if (register == Register.None) continue;
            string name = register.ToString();
            if (name.StartsWith("DontUse", StringComparison.Ordinal)) continue;
            map[name.ToLowerInvariant()] = register;
        }
        // NASM spells the low bytes of r8–r15 r8b (Iced: R8L); both are accepted.
        for (int i = 8; i <= 15; i++) map[$"r{i}b"] = Register.R8L + (i - 8);
        // NASM 2.16 has no rip/eip register: [rip+x] names a symbol `rip'.
        map.Remove("eip");
        map.Remove("rip");
        return map;
    }
}
