namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// Instruction syntax beyond plain operands, each compared with nasm: x87 `to`, `wait` as a prefix,
/// NASM's base/index choice, address-size keywords inside and before the brackets, loop/jcxz address
/// sizes, retw/retd/retq, far pointers with o16/o32, standalone prefixes, rip as a symbol name and
/// branches to numbers.
/// </summary>
public sealed class InstructionSyntaxTests
{
    [RequiresToolsFact("nasm")]
    public void X87ToKeyword() => NasmComparison.AssertSameBin("""
        bits 64
        fadd to st1
        fmul to st0
        fsub to st2
        fsubr to st7
        fdiv to st3
        fdivr to st0
        fadd st1, st0
        fmul st0, st0
        fmul st0
        fadd st1
        """);

    [RequiresToolsFact("nasm")]
    public void WaitIsAPrefixBeforeAnInstruction() => NasmComparison.AssertSameBin("""
        bits 32
        wait fninit
        wait fnstsw ax
        wait fnsave [eax]
        fwait
        wait
        wait
        nop
        """);

    [RequiresToolsFact("nasm")]
    public void BaseAndIndexChoice() => NasmComparison.AssertSameBin("""
        bits 64
        mov rax, [rbp*1+rax]
        mov rax, [rax*1+rbp]
        mov rax, [rbp+rax*1]
        mov rax, [r13*1+r12]
        bits 32
        mov eax, [eax*1]
        mov eax, [nosplit eax*1]
        mov eax, [eax*2]
        mov eax, [nosplit eax*2]
        mov eax, [1*eax]
        mov eax, [eax*1+ebx*1]
        mov eax, [ebx*1+eax*1]
        mov eax, [esp*1+eax]
        mov eax, [eax*1+esp]
        mov eax, [ebp*1]
        mov eax, [eax+eax*1]
        vpgatherdq xmm5, [xmm7*1-0x6155a2ce], xmm2
        vpgatherdd xmm5, [xmm7+0x10], xmm2
        """);

    [RequiresToolsFact("nasm")]
    public void AddressSizeKeywords() => NasmComparison.AssertSameBin("""
        bits 64
        mov rax, [a32 0x1000]
        a32 mov eax, [0x1000]
        a32 mov [0x80001000], al
        a32 mov ebx, [0x1000]
        mov ebx, [a32 0x1000]
        mov eax, [0x1000]
        bits 32
        a16 mov ax, [0x1000]
        mov ax, [a16 0x1000]
        a16 mov bx, [0x1000]
        a16 nop
        a32 nop
        a16 movsb
        bits 16
        a32 mov ax, [0x12345]
        a32 nop
        """);

    [RequiresToolsFact("nasm")]
    public void LoopAndJcxzAddressSizes() => NasmComparison.AssertSameBin("""
        bits 16
        loop $
        a32 loop $
        a16 loop $
        loop $, ecx
        loop $, cx
        loopne $, ecx
        jcxz $
        jecxz $
        o32 loop $
        bits 32
        loop $
        a16 loop $
        loop $, cx
        loope $+0x2c, cx
        jcxz $
        jecxz $
        bits 64
        loop $
        a32 loop $
        loop $, ecx
        loop $, rcx
        loope $+0x2c, ecx
        jecxz $
        jrcxz $
        """);

    [RequiresToolsFact("nasm")]
    public void ExplicitImplicitOperands() => NasmComparison.AssertSameBin("""
        bits 64
        invlpga rax, ecx
        invlpga eax, ecx
        invlpga
        vpextrw r13, xmm6, 0xdc
        vpmovmskb r13, xmm1
        vpmovmskb rax, ymm2
        bits 32
        invlpga eax, ecx
        invlpga ax, ecx
        """);

    [RequiresToolsFact("nasm")]
    public void ReturnSizes() => NasmComparison.AssertSameBin("""
        bits 16
        retw
        retd
        retfw
        retfd
        retnd 4
        retd 0x37fc
        retw 4
        bits 32
        retw
        retw 8
        retd 8
        retnw 8
        retnw
        retfw 8
        retfd
        bits 64
        retq
        retnq
        retfq
        o16 ret
        retw 4
        retq 4
        """);

    [RequiresToolsTheory("nasm")]
    [InlineData("bits 16\nretq 4\n")]
    [InlineData("bits 32\nretq 4\n")]
    [InlineData("bits 64\nretd 4\n")]
    public void ReturnSizesNasmRefuses(string source) => NasmComparison.AssertSameErrors(source);

    [RequiresToolsFact("nasm")]
    public void FarPointersAndFarMemory() => NasmComparison.AssertSameBin("""
        bits 16
        jmp 0x10:0x1234
        call 0x10:0x1234
        jmp far [bx]
        call far [bx+2]
        jmp word 0x10:0x1234
        jmp dword 0x10:0x12345678
        o32 jmp 0x10:0x1234
        bits 32
        jmp 0x10:0x1234
        call 0x10:0x12345678
        jmp far [eax]
        call far [eax]
        jmp far dword [eax]
        jmp far word [eax]
        o16 jmp 0x10:0x1234
        bits 64
        jmp far [rax]
        call far [rax]
        jmp far qword [rax]
        jmp far dword [rax]
        """);

    /// <summary>An immediate seg:offset takes no far/near/short and no size but word or dword, in every mode; its fields
    /// warn when their value does not fit.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(16, "jmp far 0x10:0x20")]
    [InlineData(32, "call far 0x10:0x20")]
    [InlineData(64, "jmp far 0x10:0x20")]
    [InlineData(16, "jmp near 0x10:0x20")]
    [InlineData(32, "jmp short 0x10:0x20")]
    [InlineData(16, "jmp far word 0x10:0x20")]
    [InlineData(32, "call far dword 0x10:0x20")]
    [InlineData(16, "jmp byte 0x10:0x20")]
    [InlineData(32, "call qword 0x10:0x20")]
    [InlineData(64, "jmp tword 0x10:0x20")]
    public void FarPointerFormsNasmRefuses(int bits, string line) => NasmComparison.AssertSameErrors($"bits {bits}\n{line}\n");

    [RequiresToolsTheory("nasm")]
    [InlineData(16)]
    [InlineData(32)]
    public void FarPointerFieldOverflow(int bits) => NasmComparison.AssertSameBin($"""
        bits {bits}
        jmp 0x10:0x123456789
        jmp 0x12345:0x20
        jmp -0x12345:-0x123456789
        jmp -0x8000:-0x8000
        jmp word 0x10:0x12345
        o16 jmp 0x10:0x12345
        o32 call 0x10:0x123456789
        jmp strict dword 0x10:0x20
        """);

    [RequiresToolsFact("nasm")]
    public void StandalonePrefixes() => NasmComparison.AssertSameBin("""
        bits 16
        o16
        o32
        a16
        a32
        rep
        bits 32
        o16
        o32
        a16
        a32
        bits 64
        o16
        a32
        """);

    [RequiresToolsFact("nasm")]
    public void RipIsNotARegister()
    {
        NasmComparison.AssertSameErrors("bits 64\nmov rax, [rip+0x10]\nlea rax, [rip]\n", "elf64");
        NasmComparison.AssertSameBin("bits 64\nrip: mov rax, [rip+0x10]\nlea rax, [rel rip]\n");
    }

    [RequiresToolsFact("nasm")]
    public void BranchToANumberInFlatOutput() => NasmComparison.AssertSameBin("""
        bits 16
        org 0x100
        jmp 0x1234
        call 0x1234
        je 0x1234
        jmp short 0x120
        jz short 0x110
        loop 0x104
        jcxz 0x100
        bits 32
        jmp 0x12345678
        call 0x10
        jne 0x20
        loop 0x150
        """);

    [RequiresToolsFact("nasm")]
    public void BranchToANumberInElf64() => NasmComparison.AssertSameElf("""
        bits 64
        jmp 0x1234
        call 0x1234
        je 0x40
        jmp short 0x60
        loop 0x30
        """);

    /// <summary>`default rel` keeps an a32 absolute address out of the moffs form (found by DisasmRoundTripProperty),
    /// with nasm's ea-absolute warning.</summary>
    [RequiresToolsFact("nasm")]
    public void A32AbsoluteAddressUnderDefaultRel() => NasmComparison.AssertSameBin("""
        bits 64
        mov rax, [a32 0x1000]
        default rel
        mov rax, [a32 0x1000]
        mov eax, [a32 0x2000]
        mov [a32 0x1000], al
        mov rax, [abs a32 0x1000]
        default abs
        mov rax, [a32 0x1000]
        """);

    /// <summary>nasm 2.16 swaps the two sources of vreducesh; with a memory source it writes a register form
    /// of neither operand, which nas64 refuses to imitate.</summary>
    [RequiresToolsFact("nasm")]
    public void VreduceshAsNasmWritesIt()
    {
        NasmComparison.AssertSameBin("""
            bits 64
            vreducesh xmm31{k1}{z}, xmm18, xmm1, 0xae
            vreducesh xmm24{k3}, xmm9, xmm17, {sae}, 0xb2
            bits 32
            vreducesh xmm1, xmm2, xmm3, 5
            """);
        using var dir = new TempDirectory();
        var ours = NasmComparison.Ours(dir, "bits 64\nvreducesh xmm2{k5}, xmm0, [rbx], 0x3b\n", "bin");
        Assert.False(ours.Succeeded);
        Assert.Contains(ours.Messages, m => m.Contains("test.asm:2: error: not supported yet: vreducesh", StringComparison.Ordinal));
    }

    /// <summary>nasm 2.16 writes vmgexit as F2 0F 01 C1, enqcmd with a REX.W (67 in 32-bit code), vgetmantph with
    /// opcode 25 and vcvtneps2bf16 with its destination in EVEX.vvvv too: nas64 says
    /// "not supported yet" instead of writing different bytes.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(64, "vmgexit", "F20F01C1")]
    [InlineData(64, "enqcmd rax, [rbx]", "F2480F38F803")]
    [InlineData(32, "enqcmds eax, [ebx]", "67F30F38F803")]
    [InlineData(64, "vgetmantph xmm1, xmm2, 3", "62F37C0825CA03")]
    [InlineData(32, "vgetmantph ymm1, [eax], 3", "62F37C28250803")]
    [InlineData(64, "vcvtneps2bf16 xmm1, xmm4", "62F2760872CC")]
    [InlineData(64, "vcvtneps2bf16 xmm1, oword [rax]", "62F276087208")]
    [InlineData(64, "vrcpph xmm1, xmm2", "62F675084CCA")]
    [InlineData(64, "ptwrite dword [rbx]", "0FAE23")]
    [InlineData(64, "vcvtsh2si eax, [rbx+8]", "62F57E082D4302")]
    // The FP16 narrowing conversions with a ymm or zmm destination of the source's size: the bytes of the form whose
    // destination is one size smaller (vcvtps2ph with two operands is vcvtps2phx).
    [InlineData(64, "vcvtps2ph ymm1, ymm2", "62F57D281DCA")]
    [InlineData(64, "vcvtps2ph zmm1, [rax]", "62F57D481D08")]
    [InlineData(64, "vcvtpd2ph ymm1, [rax]{1to4}", "62F5FD385A08")]
    [InlineData(32, "vcvtqq2ph zmm1, zmm2, {rn-sae}", "62F5FC185BCA")]
    [InlineData(64, "vcvtuqq2ph ymm1, yword [rax]", "62F5FF287A08")]
    [InlineData(64, "vcvtdq2ph ymm1, [rax]", "62F57C285B08")]
    [InlineData(32, "vcvtudq2ph zmm1, zmm2", "62F57F487ACA")]
    // vrsqrtph/vrsqrtsh with an immediate: nasm writes an imm8 after the instruction, which has none.
    [InlineData(64, "vrsqrtph xmm1, xmm2, 1", "62F67D084ECA01")]
    [InlineData(32, "vrsqrtsh xmm1, xmm2, xmm3, 1", "62F66D084FCB01")]
    [InlineData(16, "ud1", "0FB9")]
    [InlineData(32, "ud2b", "0FB9")]
    // o64 where nasm's bytes are not what the CPU reads: a 4-byte immediate after 48 B8, a word immediate under REX.W.
    [InlineData(64, "o64 mov eax, 1", "48B801000000")]
    [InlineData(64, "o64 cmp ax, 0x1234", "483D3412")]
    public void NasmMisencodingsAreNotSupportedYet(int bits, string line, string nasmBytes)
    {
        using var dir = new TempDirectory();
        string source = $"bits {bits}\n{line}\n";
        var nasm = NasmComparison.Nasm(dir, source, "bin");
        Assert.Equal(nasmBytes, Convert.ToHexString(nasm.Output!));
        var ours = NasmComparison.Ours(dir, source, "bin");
        Assert.False(ours.Succeeded);
        Assert.Contains(ours.Messages, m => m.Contains("test.asm:2: error: not supported yet: ", StringComparison.Ordinal));
    }

    /// <summary>Obsolete instructions by nasm's names: loadall is the 386's (0F 07), loadall286 the 286's, fsetpm has no
    /// wait prefix, rdshr/wrshr are 32-bit (66 in 16-bit code), ud2a is ud2, smi is int1, cmpxchg486 is 0F A6/A7 (and
    /// cmpxchg stays 0F B0/B1); with nasm's obsolete-removed warnings.</summary>
    [RequiresToolsFact("nasm")]
    public void ObsoleteInstructionsByNasmsNames() => NasmComparison.AssertSameBin("""
        bits 16
        loadall
        loadall286
        fsetpm
        rdshr [es:bx]
        wrshr eax
        ud2a
        bits 32
        loadall
        loadall286
        fsetpm
        rdshr eax
        wrshr [ebx]
        ud2a
        smi
        cmpxchg486 [ebx], dl
        cmpxchg486 bx, ax
        cmpxchg [ebx], dl
        cmpxchg bx, ax
        """);

    /// <summary>Names Iced encodes that nasm 2.16 does not know are labels wherever nasm reads a label: alone on a line
    /// (label-orphan warning), before a colon or an instruction, and after a label ("parser: instruction expected").</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    public void MnemonicsNasmTakesForLabels(int bits)
    {
        NasmComparison.AssertSameBin($"""
            bits {bits}
            fnsetpm
            frstpm
            fstdw
            altinst
            mcommit
            rdpru
            tlbsync
            invlpgb
            tdcall
            xstore_alt
            vmaxph
            vfnmadd132ph
            sysretq
            pbndkb:
            ccs_hash:
            nop
            """);
        NasmComparison.AssertSameBin($"bits {bits}\nvmaxph nop\ntlbsync equ 5\ndb tlbsync\nfstdw: mov ax, 1\n");
        NasmComparison.AssertSameErrors($"bits {bits}\nx: mcommit\nx2: vmaxph\n");
    }

    /// <summary>With operands, where nasm 2.16 can only say "instruction expected", such a name is the instruction Iced
    /// encodes (nas64 assembles every instruction Iced knows): the bytes GNU as writes for it.</summary>
    [RequiresToolsFact("as", "objcopy")]
    public void InstructionsNasmDoesNotKnowAreEncodedAsGnuAsEncodesThem()
    {
        string[] lines =
        [
            "vmaxph xmm1, xmm2, xmm3", "vminsh xmm1, xmm2, xmm3", "vmaxph zmm1{k1}{z}, zmm2, [rax+64]", "vfnmadd132ph zmm1, zmm2, [rax]",
            "vfnmsub231sh xmm1, xmm2, xmm3", "vrndscaleph ymm1, ymm2, 3", "vfmulcph zmm1, zmm2, zmm3", "vmaxph zmm3, zmm30, [r9+rcx*4+0x1000]",
        ];
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("gas.s"), ".intel_syntax noprefix\n" + string.Join("\n", lines) + "\n");
        ExternalTool.RunCheckedIn(dir.Path, "as", "-o", "gas.o", "gas.s");
        ExternalTool.RunCheckedIn(dir.Path, "objcopy", "-O", "binary", "-j", ".text", "gas.o", "gas.bin");
        var ours = NasmComparison.Ours(dir, "bits 64\n" + string.Join("\n", lines) + "\n", "bin");
        Assert.Empty(ours.Messages);
        Assert.Equal(NasmComparison.Hex(File.ReadAllBytes(dir.File("gas.bin"))), NasmComparison.Hex(ours.Output!));
    }

    /// <summary>nasm's size-generic mask instructions: the byte form unless a memory operand or a 64-bit register sizes
    /// them (kand k1, k2, k3 is kandb, kmov k1, rax kmovq, kunpck kunpckbw).</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    public void SizeGenericMaskInstructions(int bits)
    {
        var source = new System.Text.StringBuilder($"""
            bits {bits}
            kand k1, k2, k3
            kandn k1, k2, k3
            kadd k1, k2, k3
            kor k1, k2, k3
            kxor k1, k2, k3
            kxnor k1, k2, k3
            knot k1, k2
            kortest k1, k2
            ktest k1, k2
            kshiftl k1, k2, 3
            kshiftr k1, k2, 3
            kunpck k1, k2, k3
            kmov k1, k2
            kmov k1, eax
            kmov eax, k1
            kmov k1, byte [{(bits == 16 ? "bx" : "eax")}]
            kmov k1, word [{(bits == 16 ? "bx" : "eax")}]
            kmov k1, dword [{(bits == 16 ? "bx" : "eax")}]
            kmov k1, qword [{(bits == 16 ? "bx" : "eax")}]
            kmov qword [{(bits == 16 ? "bx" : "eax")}], k1

            """);
        if (bits == 64) source.Append("kmov k1, rax\nkmov rax, k1\n");
        NasmComparison.AssertSameBin(source.ToString());
    }

    /// <summary>sldt with a 64-bit register is nasm's 32-bit form (no REX.W), str and smsw keep REX.W.</summary>
    [RequiresToolsFact("nasm")]
    public void StoreSystemRegistersTo64BitRegisters() =>
        NasmComparison.AssertSameBin("bits 64\nsldt rbx\nsldt r9\nsldt ebx\nstr rbx\nsmsw rbx\nsmsw r9\nstr ebx\n");

    /// <summary>Operandless instructions nasm writes outside their mode (salc … cpu_read, loadall and bb0_reset with
    /// their obsolete-removed warning in 64-bit code, rmpadjust in 16- and 32-bit code) and the ones it refuses there.</summary>
    [RequiresToolsFact("nasm")]
    public void OperandlessInstructionsInOtherModes()
    {
        NasmComparison.AssertSameBin("""
            bits 64
            salc
            smint
            dmint
            rdm
            cpu_write
            cpu_read
            loadall
            bb0_reset
            bb1_reset
            bits 32
            rmpadjust
            bits 16
            rmpadjust
            """);
        NasmComparison.AssertSameErrors("bits 32\nrdpkru\nwrpkru\nwrmsrns\nskinit\nskinit eax\nbits 16\nrdpkru\nskinit\n");
    }

    /// <summary>o16/o32 on push with a sizeless immediate: nasm pushes the mode's size and writes a bare 66, warning
    /// outside 64-bit code.</summary>
    [RequiresToolsFact("nasm")]
    public void OperandSizePrefixOnPushImmediate() => NasmComparison.AssertSameBin("""
        bits 64
        o16 push 0xffc9
        o32 push 0x1234
        o16 push 5
        bits 32
        o16 push 5
        o16 push 0xff80
        o32 push 0xff80
        bits 16
        o32 push 5
        o16 push 5
        """);

    /// <summary>Absolute addresses under `default rel` and `rel` ([qword x] leaves the moffs form unless fs/gs), with
    /// nasm's ea-absolute, ea-dispsize and prefix-seg warnings, in nasm's order and count.</summary>
    [RequiresToolsFact("nasm")]
    public void AbsoluteAddressesUnderDefaultRel() => NasmComparison.AssertSameBin("""
        bits 64
        default rel
        mov eax, [qword 0x1000]
        mov rax, [qword 0x1122334455667788]
        mov al, [qword 0x10]
        add eax, [qword 0x1000]
        mov [qword 0x1000], ax
        x: mov eax, [qword x]
        mov eax, [0x1000]
        mov eax, [abs qword 0x1000]
        mov eax, [fs:qword 0x10]
        mov eax, [ds:0x1000]
        mov eax, [rel ds:byte 0x10]
        mov eax, [es:rax]
        cs mov eax, [rax]
        es movsb
        lea rax, [0x10]
        mov eax, [$$]
        mov eax, [a32 byte 0x10]
        mov eax, [byte 0x10]
        default abs
        mov eax, [qword 0x1000]
        mov eax, [qword x]
        mov eax, [rel qword 0x1000]
        mov eax, [rel byte 0x10]
        mov eax, [byte 0x10]
        bits 32
        mov eax, [byte 0x10]
        mov eax, [word 0x10]
        bits 16
        mov ax, [byte 0x10]
        """);

    /// <summary>A displacement with registers keeps its low dword ([rax+0x100000000] is 8B 00), and nasm's
    /// number-overflow warnings on it (a 32-bit address checks either sign, a 64-bit one a signed dword).</summary>
    [RequiresToolsFact("nasm")]
    public void DisplacementOverflow() => NasmComparison.AssertSameBin("""
        bits 32
        mov eax, [eax+0xffffffff]
        mov eax, [eax+0x100000000]
        mov eax, [eax+0x80000000]
        mov eax, [eax+0x180000000]
        mov eax, [eax-0x80000001]
        mov eax, [eax+0x1000]
        mov eax, [eax+0xfffffff0]
        mov eax, [eax+ebx*4+0xffffff00]
        mov eax, [ebp+0x100]
        mov eax, [eax+0x1ffffffff]
        mov eax, [eax-0x1ffffffff]
        mov eax, [eax+0x100000005]
        bits 64
        add eax, [ebx+0x1ffffffff]
        mov eax, [rax+0xffffffff]
        mov eax, [rax+0xfffffff0]
        mov eax, [rax+rbx*2-0x100]
        mov eax, [rax+0x180000000]
        mov eax, [rax+0x100000100]
        mov eax, [eax+0xffffffff]
        """);

    /// <summary>nasm's number-overflow warnings on immediates and displacements ("byte data", "dword value", "signed
    /// dword immediate" …), next to the data ones, in 64-bit code.</summary>
    [RequiresToolsFact("nasm")]
    public void ImmediateOverflowWarnings64() => NasmComparison.AssertSameBin("""
        bits 64
        mov al, 300
        mov al, -129
        mov al, 255
        mov al, -128
        mov al, 256
        mov ax, 70000
        mov ax, -32769
        mov ax, 65535
        mov eax, 0x1ffffffff
        mov eax, -0x80000001
        mov eax, 0xffffffff
        add eax, 0x1ffffffff
        add rax, 0x80000000
        add rax, 0xffffffff
        add rax, 0x1ffffffff
        mov rax, 0x1ffffffffffff
        push 0x80000000
        push 0x1ffffffff
        mov byte [rax], 300
        mov word [rax], 70000
        mov dword [rax], 0x1ffffffff
        mov qword [rax], 0x80000000
        add al, 300
        and ax, 0x1ffff
        shl eax, 300
        int 300
        enter 70000, 300
        ret 70000
        in al, 300
        mov [abs 0x1000], eax
        mov eax, [0x1000]
        mov eax, [abs 0x80000000]
        mov eax, [0x100000000]
        imul eax, ebx, 0x1ffffffff
        test al, 300
        db 300
        dw 70000
        dd 0x1ffffffff
        db -129
        dw -32769
        """);

    /// <summary>The same in 32- and 16-bit code, where a sign-extended imm8 takes values of either sign.</summary>
    [RequiresToolsFact("nasm")]
    public void ImmediateOverflowWarnings32And16() => NasmComparison.AssertSameBin("""
        bits 32
        mov al, 300
        add eax, 0x1ffffffff
        push 0x1ffffffff
        push 0x100000005
        push word 70000
        and ax, 0x1ffff
        add ax, 0x10000
        imul eax, ebx, 0x1ffffffff
        imul eax, 0x1ffffffff
        vpshufd xmm1, xmm2, 300
        pshufd xmm1, xmm2, -300
        bt eax, 300
        mov eax, -0x100000001
        cmp byte [eax], 256
        test eax, 0x100000000
        xor ecx, -0x100000000
        mov ecx, 0x100000000
        add eax, 0x180000000
        adc dx, 0x12345
        bits 16
        mov ax, 70000
        add ax, 0x1ffff
        push 0x1ffff
        """);

    [RequiresToolsFact("nasm")]
    public void BranchToANumberInElf32() => NasmComparison.AssertSameElf("""
        bits 32
        nop
        jmp 0x1234
        call 0x1234
        je 0x40
        jmp short 0x60
        """, "elf32");
}
