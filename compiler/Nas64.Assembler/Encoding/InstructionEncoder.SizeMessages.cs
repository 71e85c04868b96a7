using Iced.Intel;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Encoding;

/// <summary>nasm 2.16's message for a sized memory operand that fits no form (asm/assemble.c, matches and find_match: the
/// highest-ranked failure over all templates wins).
/// </summary>
/// <remarks>Where the operand would fit unsized, a template whose memory operand is unsized (reg32,mem with SM; xmmreg,xmmrm with SO) fails on the size after the operand classes matched, which
/// outranks "invalid combination": with a register beside it the sizes disagree ("mismatch in operand sizes"), with
/// only an immediate beside it (add tword [rax], 1) the immediate's size is what is missing ("operation size not specified").
/// Which instructions have such templates is nasm's table, not Iced's: the sets below were measured with nasm 2.16.01 (every
/// size keyword on reg,mem / mem,reg / mem,imm / mem forms of each listed instruction; SSE1 and AVX templates are sized,
/// so movaps xmm0, qword [rax] stays "invalid combination").
/// </remarks>
public sealed partial class InstructionEncoder
{
    /// <summary>Instructions with a template whose memory operand is unsized beside a register (cmov and set by prefix).</summary>
    private static readonly HashSet<string> UnsizedMemoryTemplates = new(StringComparer.OrdinalIgnoreCase)
    {
        "adc", "add", "and", "cmp", "or", "sbb", "sub", "test", "xor", "mov", "xchg", "imul", "bsf", "bsr", "bt", "btc", "btr",
        "bts", "cmpxchg", "xadd", "shld", "shrd", "lar", "lsl", "bound", "lds", "les", "lfs", "lgs", "lss", "movq", "movntdq",
        "movntpd",
        "addpd", "addsd", "andnpd", "andpd", "divpd", "divsd", "maxpd", "maxsd", "minpd", "minsd",
        "cvtdq2pd", "cvtdq2ps", "cvtpd2dq", "cvtpd2ps", "cvtps2dq", "cvtps2pd", "cvtsd2si", "cvtsd2ss", "cvtsi2sd", "cvtsi2ss",
        "cvtss2sd", "cvttpd2dq", "cvttps2dq", "cvttsd2si",
        "packssdw", "packsswb", "packuswb", "paddb", "paddd", "paddq", "paddsb", "paddusw", "paddw", "pand", "pandn", "pavgb",
        "pavgw", "pcmpeqb", "pcmpeqd", "pcmpeqw", "pcmpgtb", "pcmpgtd", "pinsrb", "pinsrw", "pmaddwd", "pmaxsw", "pmaxub",
        "pminsw", "pminub", "pmulhuw", "pmulhw", "pmullw", "pmuludq", "por", "psadbw", "pshufd", "pshufhw", "pshuflw",
        "psllw", "psraw", "psrld", "psrlq", "psrlw", "psubb", "psubd", "psubq", "psubsb", "psubusw", "psubw", "punpckhbw",
        "punpckhqdq", "punpckhwd", "punpcklbw", "punpcklqdq", "pxor",
    };

    /// <summary>Unsized templates beside one class of register ("mnemonic:class"; "mnemonic:" with memory alone), measured
    /// with nasm 2.16.01 by sweeping every size keyword over every memory form of Iced's table in 16-, 32- and 64-bit code
    /// (the MMX, 3DNow! and Cyrix EMMI forms, SSSE3 with an MMX register, the SSE2 shifts, x87 control words...).</summary>
    private static readonly HashSet<string> UnsizedBesideClass = new(StringComparer.Ordinal)
    {
        "arpl:gpr", "call:", "cvtpd2pi:mm", "cvtpi2pd:xmm", "cvtss2si:gpr", "cvttpd2pi:mm", "cvttps2pi:mm", "cvttss2si:gpr",
        "fbld:", "fbstp:", "fldcw:", "fnstcw:", "fnstsw:", "fstcw:", "fstsw:", "ibts:gpr", "invept:gpr", "invvpid:gpr", "jmp:",
        "movnti:gpr", "movntq:mm", "pabsb:mm", "pabsd:mm", "pabsw:mm", "paddsiw:mm", "paddsw:mm", "paddsw:xmm", "paddusb:mm",
        "paddusb:xmm", "palignr:mm", "palignr:xmm", "paveb:mm", "pavgusb:mm", "pcmpgtw:mm", "pcmpgtw:xmm",
        "pf2id:mm", "pf2iw:mm", "pfacc:mm", "pfadd:mm", "pfcmpeq:mm", "pfcmpge:mm", "pfcmpgt:mm", "pfmax:mm", "pfmin:mm",
        "pfmul:mm", "pfnacc:mm", "pfpnacc:mm", "pfrcp:mm", "pfrcpit1:mm", "pfrcpit2:mm", "pfrcpv:mm", "pfrsqit1:mm", "pfrsqrt:mm",
        "pfrsqrtv:mm", "pfsub:mm", "pfsubr:mm", "phaddd:mm", "phaddsw:mm", "phaddw:mm", "phsubd:mm", "phsubsw:mm", "phsubw:mm",
        "pi2fd:mm", "pi2fw:mm", "pmaddubsw:mm", "pmagw:mm", "pmulhriw:mm", "pmulhrsw:mm", "pmulhrwa:mm", "pmvgezb:mm",
        "pmvlzb:mm", "pmvnzb:mm", "pmvzb:mm", "pshufw:mm", "psignb:mm", "psignd:mm", "psignw:mm", "pslld:mm", "pslld:xmm",
        "psllq:mm", "psllq:xmm", "psrad:mm", "psrad:xmm", "psubsiw:mm", "psubsw:mm", "psubsw:xmm", "psubusb:mm", "psubusb:xmm",
        "pswapd:mm", "punpckhdq:mm", "punpckhdq:xmm", "punpckldq:xmm", "punpcklwd:xmm", "umov:gpr", "xbts:gpr",
    };

    private static bool Measured(string m, Register register) =>
        UnsizedBesideClass.Contains(m.ToLowerInvariant() + ":" + (register == Register.None ? "" : register.IsMM() ? "mm"
            : register.IsXMM() ? "xmm" : register.IsGPR() ? "gpr" : "other"));

    /// <summary>Templates unsized beside one kind of register only: movzx/movsx with a 16-bit register, movd with an
    /// XMM register, pshufb with an MMX register (their other templates are sized).</summary>
    private static bool UnsizedBesideRegister(string m, Register register) => m.ToLowerInvariant() switch
    {
        "movzx" or "movsx" => register.IsGPR16(),
        "movd" => register.IsXMM(),
        "pshufb" => register.IsMM(),
        _ => m.StartsWith("cmov", StringComparison.OrdinalIgnoreCase) || UnsizedMemoryTemplates.Contains(m) || Measured(m, register),
    };

    /// <summary>Instructions of one memory operand whose template is unsized (set by prefix).</summary>
    private static readonly HashSet<string> UnsizedMemoryOnly = new(StringComparer.OrdinalIgnoreCase)
    {
        "verr", "verw", "lldt", "lmsw", "ltr", "sldt", "smsw", "str",
    };

    /// <summary>Instructions with an unsized mem,imm template.</summary>
    private static readonly HashSet<string> UnsizedMemoryImmediate = new(StringComparer.OrdinalIgnoreCase)
    {
        "adc", "add", "and", "cmp", "or", "sbb", "sub", "test", "xor", "mov",
    };

    private static string? SizedMemoryError(InstructionForm[] all, InstructionStatement statement, int bits)
    {
        var operands = statement.Operands;
        int memory = -1;
        Register register = Register.None;
        bool immediate = false;
        for (int i = 0; i < operands.Length; i++)
        {
            var op = operands[i];
            if (op.IsMemory)
            {
                if (memory >= 0 || op.Size == 0 || op.Broadcast != 0) return null;
                memory = i;
            }
            else if (op.IsRegister && register == Register.None) register = op.Register;
            else if (op.IsImmediate) immediate = true;
        }
        if (memory < 0) return null;
        string m = statement.Mnemonic;
        string? message = register != Register.None ? (UnsizedBesideRegister(m, register) ? "mismatch in operand sizes" : null)
            : immediate ? (UnsizedMemoryImmediate.Contains(m) ? "operation size not specified" : null)
            : UnsizedMemoryOnly.Contains(m) || m.StartsWith("set", StringComparison.OrdinalIgnoreCase) || Measured(m, Register.None) ? "mismatch in operand sizes" : null;
        if (message is null) return null;
        var unsizedOperands = (Operand[])operands.Clone();
        unsizedOperands[memory] = operands[memory].WithSize(0);
        var unsized = NasmRewrites.With(statement, statement.Mnemonic, unsizedOperands);
        // A template of another mode fails on the size too, before its mode is checked (lds eax, word [rax] in 64-bit code).
        if (!Array.Exists(all, f => OperandsMatch(f, unsized, bits))) return null;
        return message;
    }
}
