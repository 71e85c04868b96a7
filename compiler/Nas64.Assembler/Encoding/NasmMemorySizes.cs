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

    /// <summary>The statement nasm encodes for a sized memory operand (prefetch qword [rax] is prefetch [rax]), null
    /// when the size changes nothing; throws nasm's error for a size its template refuses.</summary>
    public static InstructionStatement? Apply(InstructionStatement s, string m, Operand[] ops)
    {
        int memory = Array.FindIndex(ops, op => op.IsMemory && op.Size != 0);
        if (memory < 0) return null;
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
        }
        return null;
    }
}
