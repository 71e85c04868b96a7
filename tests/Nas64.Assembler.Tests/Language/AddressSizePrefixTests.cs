namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// An a16/a32/a64 prefix against the registers of an effective address, or a 64-bit register in one outside 64-bit code,
/// is nasm 2.16.01's "impossible combination of address sizes" (nas64 used to drop the prefix and assemble, or said
/// "invalid combination"); with registers of its size the prefix stays a 67.
/// Each compared with nasm at test time.
/// </summary>
public sealed class AddressSizePrefixTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData(64, "a32 mov [rax], eax")]
    [InlineData(64, "a32 mov al, [rax]")]
    [InlineData(64, "a32 mov eax, [rbx+rcx]")]
    [InlineData(64, "a32 mov eax, [rax*2]")]
    [InlineData(64, "a32 lea eax, [rax]")]
    [InlineData(64, "mov eax, [a32 rax]")]
    [InlineData(64, "a32 vpgatherdd xmm0, [rax+xmm1*4], xmm2")]
    [InlineData(32, "a16 mov eax, [eax]")]
    [InlineData(32, "a32 mov eax, [bx+si]")]
    [InlineData(32, "a16 mov [ebx+ecx*4], eax")]
    [InlineData(16, "a32 mov eax, [bx+si]")]
    [InlineData(16, "a32 add [bp], al")]
    [InlineData(32, "movzx ax, word [rax+rcx*8]")]
    public void RegistersOfAnotherSize(int bits, string line) => NasmComparison.AssertSameErrors($"bits {bits}\n{line}\n");

    /// <summary>A 64-bit register in an address outside 64-bit code, a 16-bit one in 64-bit code: nasm's "impossible
    /// combination of address sizes", then, when the instruction matches a form at the mode's address size, "invalid
    /// N-bit effective address" (nas64 used to give only the first).</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(32, "haddps xmm6, oword [rcx+9]")]
    [InlineData(32, "cmovs ebp, dword [rbx+0x10]")]
    [InlineData(32, "vpandd xmm1{k5}, xmm2, oword [rdx+rax*8]")]
    [InlineData(32, "xor r12d, dword [rdx]")]
    [InlineData(16, "mov eax, [rax]")]
    [InlineData(32, "movq xmm0, [rax]")]
    [InlineData(32, "mov al, word [rax]")]
    [InlineData(32, "mov cr0, [rax]")]
    [InlineData(32, "push [rax]")]
    [InlineData(64, "mov eax, [bx+si+5]")]
    [InlineData(64, "mov eax, [dword bx+si+5]")]
    [InlineData(16, "a16 mov eax, [rax]")]
    [InlineData(32, "a32 mov eax, [rax]")]
    [InlineData(64, "a32 mov eax, [bx]")]
    // Registers of 64-bit code beside it: nasm refuses them after the effective address.
    [InlineData(32, "mov sil, [rax]")]
    [InlineData(32, "vpaddd xmm1, xmm9, [rax]")]
    [InlineData(32, "o64 mov eax, [rax]")]
    [InlineData(32, "mov rax, [rax]")]
    public void LongAddressOutsideLongMode(int bits, string line) => NasmComparison.AssertSameErrors($"bits {bits}\n{line}\n");

    /// <summary>An absolute address sized qword outside 64-bit code, or word in it: "impossible combination of address sizes",
    /// then, when the instruction matches a form, the ea-dispsize warning (nas64 said "invalid combination of opcode and
    /// operands" or "instruction not supported").</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(32, "mov eax, [qword 5]")]
    [InlineData(16, "mov ax, [qword 5]")]
    [InlineData(32, "mov [qword 5], al")]
    [InlineData(32, "jmp [qword 5]")]
    [InlineData(32, "nop [qword 5]")]
    [InlineData(32, "mov eax, [qword es:label]\nlabel:")]
    [InlineData(64, "mov eax, [word 5]")]
    [InlineData(64, "mov al, [word fs:5]\nmov [word 5], al")]
    [InlineData(64, "a32 mov eax, [word 5]")]
    public void AbsoluteAddressOfAnotherSize(int bits, string line) => NasmComparison.AssertSameErrors($"bits {bits}\n{line}\n");

    /// <summary>A displacement size the address's registers cannot take (only a byte or the address's own: word with 16-bit
    /// registers, dword with 32- and 64-bit ones) is nasm's "invalid N-bit effective address" once a form matched; nas64
    /// used to encode it with the address's own size.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(16, "mov eax, [word ebx+5]")]
    [InlineData(16, "mov eax, [dword bx+si+5]")]
    [InlineData(16, "mov eax, [qword ebx*2+5]")]
    [InlineData(32, "mov eax, [word ebx+5]")]
    [InlineData(32, "lea eax, [word ebx*2+5]")]
    [InlineData(32, "mov eax, [qword ebx+5]")]
    [InlineData(32, "mov eax, [qword rbx+5]")]
    [InlineData(32, "mov eax, [dword bx+si+5]")]
    [InlineData(64, "mov al, [qword rbx]")]
    [InlineData(64, "mov eax, [word rbx*2]")]
    [InlineData(64, "mov eax, [word ebx+5]")]
    [InlineData(64, "vpgatherdd xmm0, [qword rax+xmm1*4], xmm2")]
    // No form matches: the operands' error only.
    [InlineData(32, "mov cr0, [word ebx+5]")]
    [InlineData(32, "mov al, word [word ebx+5]")]
    [InlineData(32, "nop [word ebx+5]")]
    public void DisplacementSizeTheRegistersCannotTake(int bits, string line) => NasmComparison.AssertSameErrors($"bits {bits}\n{line}\n");

    /// <summary>16-bit registers in an address outside 64-bit code: one of bx/bp and one of si/di in either order ([si+bp]
    /// is [bp+si]), unscaled; others are nasm's "invalid N-bit effective address" once a form matched (nas64 said
    /// "invalid combination of opcode and operands", refused [si+bp] and wrote [bx+si*2] as [bx+si]). Registers of two
    /// sizes are "impossible combination of address sizes".</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("r15w")]
    [InlineData("ax")]
    [InlineData("bx+r8w")]
    [InlineData("bx+bp")]
    [InlineData("si+di")]
    [InlineData("bx*2")]
    [InlineData("sp")]
    [InlineData("bx+si*2")]
    [InlineData("ax+bx")]
    [InlineData("di+si")]
    [InlineData("bp+bx")]
    [InlineData("bx+eax")]
    [InlineData("eax+bx")]
    public void Invalid16BitRegisters(string address)
    {
        foreach (int bits in new[] { 16, 32, 64 })
            foreach (string line in new[] { $"mov ax, [{address}]", $"mov cr0, [{address}]", $"mov al, word [{address}]" })
                NasmComparison.AssertSameErrors($"bits {bits}\n{line}\n");
    }

    [RequiresToolsTheory("nasm")]
    [InlineData(16)]
    [InlineData(32)]
    public void Valid16BitRegistersInEitherOrder(int bits) => NasmComparison.AssertSameBin($"""
        bits {bits}
        mov ax, [si+bp]
        mov ax, [di+bx+4]
        mov ax, [si*1+bx]
        mov ax, [bp+di]
        mov ax, [di*1]
        mov ax, [bp]
        """);

    /// <summary>nasm finds address-size errors (and registers of 64-bit code outside it) while sizing in its first pass,
    /// which then stops: an error only its final pass reports (sub rsp, 12 in 16-bit code) is not reported on any line,
    /// before or after.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("mov cr0, [rax]")]
    [InlineData("mov eax, [qword 5]")]
    [InlineData("mov eax, [word ebx+5]")]
    [InlineData("mov ax, [bx+bp]")]
    [InlineData("mov eax, [bx+eax]")]
    [InlineData("a32 mov eax, [bx]")]
    [InlineData("mov ax, [r8d]")]
    [InlineData("mov r8d, eax")]
    [InlineData("o64 mov eax, 1")]
    [InlineData("mov al, bx")]
    [InlineData("mov ss, dword [eax]")]
    public void FirstPassErrorsStopBeforeTheFinalPass(string line)
    {
        NasmComparison.AssertSameErrors($"bits 16\n{line}\nsub rsp, 12\nmov eax, [rax]\n");
        NasmComparison.AssertSameErrors($"bits 32\nsub rsp, 12\n{line}\n");
    }

    /// <summary>The displacement sizes nasm takes with registers.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    public void DisplacementSizesTheRegistersTake(int bits) => NasmComparison.AssertSameBin($"""
        bits {bits}
        mov eax, [byte ebx+5]
        mov eax, [dword ebx+5]
        mov eax, [dword ebx*2+5]
        {(bits == 64 ? "mov eax, [dword rbx+5]\nmov al, [byte rbx]\nmov eax, [dword 5]" : "mov eax, [word bx+si+5]\nmov eax, [byte bx+5]\nmov eax, [dword 5]")}
        """);

    /// <summary>A 64-bit register outside 64-bit code where a long-mode form takes it: "instruction not supported".</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(32, "pop rdi")]
    [InlineData(32, "mov rax, cr3")]
    [InlineData(16, "push rcx")]
    [InlineData(32, "mov dr5, rax")]
    // r8-r15 as 64-bit registers in a legacy instruction: only long-mode forms take them (a final-pass error, so the
    // next line's is reported too); in VEX and EVEX forms nasm's first-pass "invalid operands in non-64-bit mode".
    [InlineData(16, "mov r15, 96\nsub rsp, 12")]
    [InlineData(32, "sub r15, 8\npush r9\nmov r8, cr0")]
    [InlineData(32, "vmovq r10, xmm1\nsub rsp, 12")]
    [InlineData(32, "kmovq r8, k1\nsub rsp, 12")]
    [InlineData(32, "mov r15d, 96\nsub rsp, 12")]
    [InlineData(32, "vmread r8, rax\nvmwrite rax, r9\nsub rsp, 12")]
    [InlineData(32, "andn r8, rax, rbx\nsub rsp, 12")]
    public void LongModeRegisters(int bits, string line) => NasmComparison.AssertSameErrors($"bits {bits}\n{line}\n");

    [RequiresToolsTheory("nasm")]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    public void RegistersOfItsSize(int bits) => NasmComparison.AssertSameBin($"""
        bits {bits}
        a32 mov eax, [eax]
        a32 mov [ebx+ecx*2+8], al
        a32 mov eax, [0x1000]
        {(bits == 64 ? "a64 mov eax, [rax]\na32 lea eax, [eax+edx]" : "a16 mov eax, [bx+si]\na16 add [bp+di+4], cl")}
        """);

    /// <summary>Addresses nasm's process_ea refuses once a form matched ("invalid N-bit effective address", each line in every
    /// mode): esp/rsp as a scaled index or twice, scales no SIB byte has, a vector index where the instruction has no VSIB
    /// form; an instruction with no form for the operand is
    /// "invalid combination"; after an impossible address-size prefix, the refusal comes second.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("mov eax, [esp*2]")]
    [InlineData("mov eax, [esp+esp]")]
    [InlineData("mov eax, [eax+esp*2]")]
    [InlineData("lea eax, [esp*4+8]")]
    [InlineData("mov eax, [esp*3]")]
    [InlineData("mov eax, [rsp*2]")]
    [InlineData("mov eax, [eax*3+ebx]")]
    [InlineData("mov eax, [ebx+eax*16+4]")]
    [InlineData("mov eax, [eax*6]")]
    [InlineData("mov eax, [eax*-1]")]
    [InlineData("mov eax, [eax*2+ebx*2]")]
    [InlineData("vgatherdps xmm1{k1}, [eax+xmm2*3]")]
    [InlineData("mov xmm1, [esp*2]")]
    [InlineData("a16 mov eax, [esp*2]")]
    [InlineData("a32 mov eax, [esp*2]")]
    [InlineData("mov eax, [xmm1*3]")]
    [InlineData("mov eax, [xmm1*2]")]
    [InlineData("lea eax, [xmm1*4+8]")]
    [InlineData("add [ymm2*2], eax")]
    [InlineData("movaps xmm0, [xmm1*2]")]
    public void AddressesNasmRefuses(string line)
    {
        foreach (int bits in new[] { 16, 32, 64 })
            NasmComparison.AssertSameErrors($"bits {bits}\nx:\n{line}\n{line}\n");
    }

    [RequiresToolsTheory("nasm")]
    [InlineData(32)]
    [InlineData(64)]
    public void SplitAndNosplitAddresses(int bits) => NasmComparison.AssertSameBin($"""
        bits {bits}
        mov eax, [esp*1]
        mov eax, [eax+esp]
        mov eax, [eax*3]
        mov eax, [nosplit eax*3]
        mov eax, [nosplit eax*5+4]
        mov eax, [nosplit eax*2]
        mov eax, [nosplit esp*1]
        mov eax, [nosplit eax*1]
        {(bits == 64 ? "mov eax, [nosplit rsp*1+8]\nmov eax, [rsp*1+rax]" : "mov eax, [esp*1+eax]")}
        """);

    /// <summary>A displacement with registers is written from the value's low word (16-bit address) or dword, and an
    /// explicit byte from its low byte, with nasm's number-overflow warnings (each line once, so every count shows).</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(16, "bx", 65535)]
    [InlineData(16, "bx", 65536)]
    [InlineData(16, "bx", -65535)]
    [InlineData(16, "bx", 65791)]
    [InlineData(16, "bp", 65536)]
    [InlineData(16, "bx+si", 70000)]
    [InlineData(16, "byte bx", 128)]
    [InlineData(16, "byte bx", -65536)]
    [InlineData(16, "word bx", 65536)]
    [InlineData(16, "byte ebx", 300)]
    [InlineData(32, "byte ebx", 300)]
    [InlineData(32, "byte ebx", 0x100000000)]
    [InlineData(32, "ebp", 0x100000000)]
    [InlineData(32, "ebx", 0xffffffff)]
    [InlineData(32, "ebp+eax", 0x100000000)]
    [InlineData(64, "byte rbx", 128)]
    [InlineData(64, "r13", 0x100000000)]
    [InlineData(64, "rbx", 0x100000005)]
    public void DisplacementsWrittenFromTheirLowPart(int bits, string registers, long value) =>
        NasmComparison.AssertSameBin($"bits {bits}\nmov ax, [{registers}+{value}]\n");

    /// <summary>An absolute address outside 64-bit code is a word or dword of its address size, with nasm's warning past
    /// it (once in the moffs form, twice as a ModRM displacement); a vector index alone has the mode's address size.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(16, "mov ax, [65536]")]
    [InlineData(16, "mov bx, [-65537]")]
    [InlineData(16, "jmp [0x100000000]")]
    [InlineData(32, "mov ax, [word 70000]")]
    [InlineData(32, "mov eax, [0x100000000]")]
    [InlineData(32, "mov ebx, [0x100000000]")]
    [InlineData(16, "mov ax, [byte 70000]")]
    [InlineData(64, "vgatherdps xmm0, [xmm1*4+0x80000000], xmm2")]
    [InlineData(32, "vgatherdps xmm0, [xmm1*4+0x80000000], xmm2")]
    public void AbsoluteAndVectorAddressOverflow(int bits, string line) => NasmComparison.AssertSameBin($"bits {bits}\n{line}\n");

    /// <summary>A vector index in a 16-bit address ([bx+xmm1], [xmm1] in 16-bit code or after a16) is nasm's "invalid N-bit
    /// effective address" for the mode, for mov as for the gathers (was "invalid combination of opcode and operands").</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(16, "vgatherdps xmm0, [bx+xmm1], xmm2")]
    [InlineData(16, "vpgatherdd xmm0, [si+xmm1], xmm2")]
    [InlineData(16, "vgatherdps xmm0, [xmm1], xmm2")]
    [InlineData(16, "vgatherdps xmm0, [dword xmm1], xmm2")]
    [InlineData(16, "vgatherdps xmm0, [xmm1+4], xmm2")]
    [InlineData(16, "a16 vgatherdps xmm0, [xmm1], xmm2")]
    [InlineData(16, "vpgatherdd xmm0{k1}, [bx+xmm1]")]
    [InlineData(16, "vpscatterdd [bx+xmm1]{k1}, xmm0")]
    [InlineData(16, "mov eax, [bx+xmm1]")]
    [InlineData(16, "lea eax, [bx+xmm1]")]
    [InlineData(32, "vgatherdps xmm0, [bx+xmm1], xmm2")]
    [InlineData(32, "vgatherdps xmm0, [bp+xmm1+4], xmm2")]
    [InlineData(32, "vgatherqps xmm0, [bx+ymm1], xmm2")]
    [InlineData(32, "a16 vgatherdps xmm0, [xmm1], xmm2")]
    [InlineData(32, "vpgatherdd xmm0{k1}, [bx+xmm1]")]
    [InlineData(32, "mov eax, [bx+xmm1]")]
    [InlineData(64, "mov eax, [bx+xmm1]")]
    [InlineData(64, "lea eax, [bx+xmm1]")]
    public void VectorIndexInA16BitAddress(int bits, string line) => NasmComparison.AssertSameErrors($"bits {bits}\n{line}\n");

    /// <summary>a32 sizes a VSIB address without a base: 67 in 16- and 64-bit code (was refused, or written without the
    /// 67), 32-bit code's own [xmm1], and [eax+xmm1*2] in 16-bit code.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(16, "a32 vgatherdps xmm0, [xmm1], xmm2")]
    [InlineData(16, "vgatherdps xmm0, [a32 xmm1*4+0x1000], xmm2")]
    [InlineData(16, "vgatherdps xmm0, [eax+xmm1*2], xmm2")]
    [InlineData(64, "a32 vgatherdps xmm0, [xmm1], xmm2")]
    [InlineData(64, "a32 vgatherdps xmm0, [xmm1+8], xmm2")]
    [InlineData(64, "a32 vpgatherdd xmm0{k1}, [xmm1*4+0x1000]")]
    [InlineData(32, "a32 vgatherdps xmm0, [xmm1], xmm2")]
    [InlineData(32, "vgatherdps xmm0, [xmm1], xmm2")]
    public void VsibAddressSizedByA32(int bits, string line) => NasmComparison.AssertSameBin($"bits {bits}\n{line}\n");

    /// <summary>An address-size prefix the mode lacks, or whose registers disagree: "impossible combination of address sizes",
    /// then what nasm's process_ea makes of the address ("16-bit addressing is not supported in 64-bit mode", "64-bit
    /// addressing is only supported in 64-bit mode", "invalid N-bit effective address"); a64 vgatherdps xmm0, [xmm1], xmm2
    /// in 32-bit code was assembled.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(64, "a16 mov eax, [0x1000]")]
    [InlineData(64, "a16 mov eax, [eax]")]
    [InlineData(64, "a16 mov eax, [rax]")]
    [InlineData(64, "a16 vgatherdps xmm0, [xmm1], xmm2")]
    [InlineData(64, "a16 vgatherdps xmm0, [eax+xmm1], xmm2")]
    [InlineData(64, "a16 vgatherdps xmm0, [rax+xmm1], xmm2")]
    [InlineData(64, "a64 mov eax, [ebx]")]
    [InlineData(64, "a64 vgatherdps xmm0, [ebx+xmm1], xmm2")]
    [InlineData(32, "a64 mov eax, [0x1000]")]
    [InlineData(32, "a64 mov eax, [ebx]")]
    [InlineData(32, "a64 mov eax, [bx]")]
    [InlineData(32, "a64 vgatherdps xmm0, [xmm1], xmm2")]
    [InlineData(32, "a64 vgatherdps xmm0, [ebx+xmm1], xmm2")]
    [InlineData(16, "a64 mov eax, [0x1000]")]
    [InlineData(16, "a64 mov eax, [ebx]")]
    [InlineData(16, "a64 mov eax, [bx]")]
    [InlineData(16, "a64 vgatherdps xmm0, [xmm1], xmm2")]
    [InlineData(16, "a16 vgatherdps xmm0, [eax+xmm1], xmm2")]
    [InlineData(16, "a16 mov eax, [eax]")]
    public void PrefixTheAddressCannotTake(int bits, string line) => NasmComparison.AssertSameErrors($"bits {bits}\n{line}\n");

    /// <summary>nasm writes a32 [rel x] EIP-relative; nas64 says "not supported yet" rather than drop the prefix.</summary>
    [RequiresToolsFact("nasm")]
    public void RipRelativeWithA32IsNotSupported()
    {
        using var dir = new TempDirectory();
        string source = "bits 64\na32 mov eax, [rel $]\n";
        var nasm = NasmComparison.Nasm(dir, source, "bin");
        Assert.Equal("678B05F9FFFFFF", Convert.ToHexString(nasm.Output!));
        var ours = NasmComparison.Ours(dir, source, "bin");
        Assert.False(ours.Succeeded);
        Assert.Contains("not supported yet", string.Join("\n", ours.Messages));
    }
}
