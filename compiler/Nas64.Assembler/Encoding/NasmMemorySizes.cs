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

    private static int? AddressSize(Operand memory) => NasmAddressSizes.AddressRegisterSize(memory.Base != Register.None ? memory.Base : memory.Index);

    /// <summary>An unsized memory operand where nasm's templates are all sized (push/pop/nop [rax]; bt [rax], 1) and none
    /// is the mode's default: nasm's "operation size not specified", whatever o16/o32/o64 says.</summary>
    private static bool UnsizedRefused(string m, Operand[] ops, int bits) => m switch
    {
        "push" or "pop" or "nop" or "ptwrite" or "jmpe" => ops.Length == 1 && ops[0].IsMemory,
        // Outside 64-bit code nasm has a dword and a qword template for these.
        "vcvtusi2ss" or "vcvtusi2sd" or "vcvtsi2sh" => bits != 64 && ops.Length == 3 && ops[2].IsMemory && ops[2].Broadcast == 0,
        "bt" or "btc" or "btr" or "bts" => ops.Length == 2 && ops[0].IsMemory && ops[1].IsImmediate && ops[1].Size is 0 or 1,
        _ => false,
    };

    /// <summary>The statement nasm encodes for a sized memory operand (prefetch qword [rax] is prefetch [rax]), null
    /// when the size changes nothing; throws nasm's error for a size its template refuses.</summary>
    public static InstructionStatement? Apply(InstructionStatement s, string m, Operand[] ops, int bits)
    {
        if (NasmVectorTemplates.Apply(s, m, ops, bits) is { } vector) return vector;
        switch (m)
        {
            // arpl's source is a 16-bit register to nasm, beside memory too (arpl [eax], ecx is refused).
            case "arpl" when ops.Length == 2 && ops[0].IsMemory && ops[1].IsRegister && ops[1].Register.IsGPR32():
                throw new Passes.EvaluationException("invalid combination of opcode and operands");
            // nasm's two-operand vcvtsi2ss/vcvtsi2sd templates with a 64-bit source are long-mode ones (the EVEX W1 form it
            // takes outside 64-bit code has three operands).
            case "vcvtsi2ss" or "vcvtsi2sd" when bits != 64 && ops.Length == 2 && ops[0].IsRegister && ops[0].Register.IsXMM()
                && (ops[1].IsRegister && ops[1].Register.IsGPR64() || ops[1].IsMemory && ops[1].Size == 8):
                throw new Passes.EvaluationException($"instruction not supported in {bits}-bit mode");
            // nasm writes movdir64b with an address of another size than the register as it is, with a 67 prefix.
            case "movdir64b" when ops.Length == 2 && ops[0].IsRegister && ops[1].IsMemory && AddressSize(ops[1]) is int address
                && address != NasmAddressSizes.AddressRegisterSize(ops[0].Register):
                throw new Passes.EvaluationException("not supported yet: movdir64b with an address of another size than its register (nasm 2.16 writes it with a 67 prefix)");
        }
        // A loop, not Array.FindIndex with a predicate: asked once per syntax of the first pass (g100k: −3 M instructions).
        int memory = -1;
        for (int i = 0; i < ops.Length && memory < 0; i++)
            if (ops[i].IsMemory && ops[i].Size != 0) memory = i;
        if (memory < 0)
        {
            // nasm's size-matched templates of these (add r/m, imm and the like): an immediate's size keyword sizes an
            // unsized memory destination too (add [eax], byte 3 is 80 00 03, add [eax], word 3 is 66 83 00 03).
            if (ops.Length == 2 && ops[0].IsMemory && ops[1].IsImmediate && ops[1].Size is 1 or 2 or 4
                && m is "add" or "or" or "adc" or "sbb" or "and" or "sub" or "xor" or "cmp" or "mov" or "test")
                return NasmRewrites.With(s, m, [ops[0].WithSize(ops[1].Size), ops[1]]);
            if (UnsizedRefused(m, ops, bits)) throw new Passes.EvaluationException("operation size not specified");
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
            // MPX, AMX tile and Cyrix EMMI memory operands take no size keyword.
            case "bndcl" or "bndcu" or "bndcn" or "bndmk" or "bndmov" or "bndldx" or "bndstx" when ops.Length == 2 && ops[1 - memory].IsRegister && ops[1 - memory].Register.IsBND():
            case "tileloadd" or "tileloaddt1" or "tilestored" when ops.Length == 2 && ops[1 - memory].IsRegister && ops[1 - memory].Register.IsTMM():
            case "pdistib" or "pmachriw" when ops.Length == 2 && memory == 1 && ops[0].IsRegister && ops[0].Register.IsMM():
            case "arpl" when size != 2 && ops.Length == 2 && memory == 0 && ops[1].IsRegister && ops[1].Register.IsGPR16():
                throw new Passes.EvaluationException(Mismatch);
            // nasm 2.16 takes a qword source of the EVEX int-to-float conversions outside 64-bit code (EVEX.W1), as no CPU does.
            case "vcvtsi2ss" or "vcvtsi2sd" or "vcvtusi2ss" or "vcvtusi2sd" or "vcvtsi2sh" when bits != 64 && size == 8 && ops.Length == 3 && memory == 2:
                throw new Passes.EvaluationException($"not supported yet: {m} with a qword source outside 64-bit code (nasm 2.16 encodes it with EVEX.W1)");
            // The far-pointer loads and bound have an unsized memory template only: any size keyword is a mismatch, ahead
            // of the mode check (lds eax, dword [rax] in 64-bit code), where a template takes the register.
            case "lds" or "les" or "bound" when memory == 1 && ops.Length == 2 && ops[0].IsRegister && (ops[0].Register.IsGPR16() || ops[0].Register.IsGPR32()):
            case "lfs" or "lgs" or "lss" when memory == 1 && ops.Length == 2 && ops[0].IsRegister
                && (ops[0].Register.IsGPR16() || ops[0].Register.IsGPR32() || ops[0].Register.IsGPR64()):
                throw new Passes.EvaluationException(Mismatch);
        }
        // The SSE2 predicate spellings (cmpeqsd, cmpltpd) have an unsized template: another size is a mismatch, where
        // cmpsd/cmppd with an immediate have sized ones.
        if (memory == 1 && ops.Length == 2 && ops[0].IsRegister && ops[0].Register.IsXMM() && m.Length > 5 && m.StartsWith("cmp", StringComparison.Ordinal)
            && (m.EndsWith("sd", StringComparison.Ordinal) || m.EndsWith("pd", StringComparison.Ordinal)) && size != (m[^2] == 's' ? 8 : 16) && NasmRewrites.IsComparePredicate(m))
            throw new Passes.EvaluationException(Mismatch);
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
