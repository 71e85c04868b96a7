using Iced.Intel;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Encoding;

/// <summary>
/// Size keywords on memory operands that nasm 2.16.01's templates take differently from Iced's forms (measured with
/// every size keyword on every memory form nasm accepts unsized): a template memory operand of no size takes none
/// (clflush byte [rax] is "mismatch in operand sizes", where Iced's form is a byte), prefetch and prefetchw take a
/// qword (Iced's byte is refused), and the SSE shuffles with an immediate take their vector unsized only
/// (pshufd xmm1, oword [rax], 1 is refused; cmpsd xmm1, qword [rax], 4 is nasm's invalid combination); four MMX
/// forms take the size of their template, not of what they read (punpcklbw mm0, qword [rax]; psubq mm0, oword [rax]).
/// </summary>
internal static class NasmMemorySizes
{
    private static readonly HashSet<string> UnsizedOnly = new(StringComparer.Ordinal)
    {
        "cldemote", "clflush", "clflushopt", "clwb", "fldenv", "fnsave", "fnstenv", "frstor", "fsave", "fstenv",
        "fxrstor", "fxrstor64", "fxsave", "fxsave64", "invlpg", "lgdt", "lidt", "sgdt", "sidt", "vmclear", "vmptrld",
        "vmptrst", "vmxon", "xrstor", "xrstor64", "xrstors", "xrstors64", "xsave", "xsave64", "xsavec", "xsavec64",
        "xsaveopt", "xsaveopt64", "xsaves", "xsaves64",
    };

    private const string Mismatch = "mismatch in operand sizes";

    /// <summary>nasm 2.16.01's vcmpph template gives its memory operand a word's size: a word is the unsized form (vcmpph k1,
    /// zmm2, word [rax], 3 is 62 F3 6C 48 C2 08 03), other sizes fit no template and no broadcast has the element count
    /// nasm computes from a word.</summary>
    private static InstructionStatement? Vcmpph(InstructionStatement s, string m, Operand[] ops)
    {
        var memory = ops[2];
        if (memory.Broadcast != 0) throw new Passes.EvaluationException("mismatch in the number of broadcasting elements");
        if (memory.Size == 0) return null;
        if (memory.Size != 2) throw new Passes.EvaluationException("invalid combination of opcode and operands");
        return NasmRewrites.With(s, m, [ops[0], ops[1], memory.WithSize(0), ops[3]]);
    }

    /// <summary>An unsized memory operand where nasm's templates are all sized (push/pop/nop [rax]; bt [rax], 1) and none
    /// is the mode's default: nasm's "operation size not specified", whatever o16/o32/o64 says.</summary>
    private static bool UnsizedRefused(string m, Operand[] ops) => m switch
    {
        "push" or "pop" or "nop" or "ptwrite" => ops.Length == 1 && ops[0].IsMemory,
        "bt" or "btc" or "btr" or "bts" => ops.Length == 2 && ops[0].IsMemory && ops[1].IsImmediate && ops[1].Size is 0 or 1,
        _ => false,
    };

    /// <summary>The statement nasm encodes for a sized memory operand (prefetch qword [rax] is prefetch [rax]), null
    /// when the size changes nothing; throws nasm's error for a size its template refuses.</summary>
    public static InstructionStatement? Apply(InstructionStatement s, string m, Operand[] ops, int bits)
    {
        if (m == "vcmpph" && ops.Length == 4 && ops[2].IsMemory) return Vcmpph(s, m, ops);
        int memory = Array.FindIndex(ops, op => op.IsMemory && op.Size != 0);
        if (memory < 0)
        {
            if (UnsizedRefused(m, ops)) throw new Passes.EvaluationException("operation size not specified");
            return null;
        }
        int size = ops[memory].Size;
        if (ops.Length == 1 && UnsizedOnly.Contains(m)) throw new Passes.EvaluationException(Mismatch);
        switch (m)
        {
            case "prefetch" or "prefetchw" when ops.Length == 1:
                if (size != 8) throw new Passes.EvaluationException(Mismatch);
                return NasmRewrites.With(s, m, [ops[0].WithSize(0)]);
            case "pshufd" or "pshufhw" or "pshuflw" or "palignr" when size == 16 && memory == 1 && ops.Length == 3 && ops[0].IsRegister && ops[0].Register.IsXMM():
            case "pshufw" when size == 8 && memory == 1 && ops.Length == 3:
                throw new Passes.EvaluationException(Mismatch);
            // MMX forms whose nasm template gives the memory operand another size than the instruction reads: the low
            // unpacks read a dword but their template is a qword; psubq and pmuludq read a qword but theirs is an oword.
            case "punpcklbw" or "punpcklwd" or "punpckldq" when memory == 1 && ops.Length == 2 && ops[0].IsRegister && ops[0].Register.IsMM():
                if (size != 8) throw new Passes.EvaluationException(Mismatch);
                return NasmRewrites.With(s, m, [ops[0], ops[1].WithSize(0)]);
            case "psubq" or "pmuludq" when memory == 1 && ops.Length == 2 && ops[0].IsRegister && ops[0].Register.IsMM():
                if (size != 16) throw new Passes.EvaluationException(Mismatch);
                return NasmRewrites.With(s, m, [ops[0], ops[1].WithSize(0)]);
            case "cmpsd" when size == 8 && ops.Length == 3 && ops[0].IsRegister && ops[0].Register.IsXMM():
                throw new Passes.EvaluationException("invalid combination of opcode and operands");
            // ...and its template's xmmrm128 takes an oword (cmpsd xmm1, oword [rax], 4 is cmpsd xmm1, [rax], 4).
            case "cmpsd" when size == 16 && memory == 1 && ops.Length == 3 && ops[0].IsRegister && ops[0].Register.IsXMM():
                return NasmRewrites.With(s, m, [ops[0], ops[1].WithSize(0), ops[2]]);
            // mov between a segment register and a qword is nasm's REX.W form in 64-bit code (mov fs, qword [rax] is 48 8E 20)
            // and a 64-bit-only template elsewhere.
            case "mov" when size == 8 && ops.Length == 2 && ops[1 - memory].IsRegister && ops[1 - memory].Register.IsSegmentRegister():
                if (bits != 64) throw new Passes.EvaluationException($"instruction not supported in {bits}-bit mode");
                return new InstructionStatement(m, memory == 0 ? [ops[0].WithSize(0), ops[1]] : [ops[0], ops[1].WithSize(0)])
                {
                    Location = s.Location, Prefixes = s.Prefixes | PrefixFlags.O64, SegmentPrefix = s.SegmentPrefix,
                };
            // nasm's pblendvb template with the xmm0 written out has no size (pblendvb xmm1, oword [rax], xmm0 is refused).
            case "pblendvb" when ops.Length == 3 && memory == 1:
                throw new Passes.EvaluationException(Mismatch);
            // The far-pointer loads and bound have an unsized memory template only: any size keyword is a mismatch, ahead
            // of the mode check (lds eax, dword [rax] in 64-bit code), where a template takes the register.
            case "lds" or "les" or "bound" when memory == 1 && ops.Length == 2 && ops[0].IsRegister && (ops[0].Register.IsGPR16() || ops[0].Register.IsGPR32()):
            case "lfs" or "lgs" or "lss" when memory == 1 && ops.Length == 2 && ops[0].IsRegister
                && (ops[0].Register.IsGPR16() || ops[0].Register.IsGPR32() || ops[0].Register.IsGPR64()):
                throw new Passes.EvaluationException(Mismatch);
        }
        // The VEX vcmpss template (and its predicate spellings) is a qword one in nasm 2.16.01: vcmpss xmm1, xmm2,
        // qword [rax], 1 assembles as the unsized form, a dword is refused (the EVEX form with a mask register takes a dword).
        if (memory == 2 && ops.Length >= 3 && ops[0].IsRegister && ops[0].Register.IsXMM() && NasmRewrites.IsVcmpss(m))
        {
            if (size == 4) throw new Passes.EvaluationException("invalid combination of opcode and operands");
            if (size == 8) return NasmRewrites.Compare(s, m, [ops[0], ops[1], ops[2].WithSize(0), .. ops[3..]]);
        }
        return null;
    }
}
