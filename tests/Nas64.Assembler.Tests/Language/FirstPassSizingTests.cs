namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// Where a branch has two self-consistent sizes, the one nasm settles on depends on the sizes its first pass gave
/// the lines that refer to something not defined yet. Each case ends short or near only through that history.
/// </summary>
public sealed class FirstPassSizingTests
{
    /// <summary>A branch to a label not defined yet is short in the first pass (jmp_match is optimistic): each of
    /// these stays short though near would be self-consistent too, except `jl c` which cannot reach.</summary>
    [RequiresToolsFact("nasm")]
    public void ForwardBranchJustWithinShortRange() => NasmComparison.AssertSameBin("""
        bits 64
        jnz a
        times 124 nop
        a: jmp b
        times 127 nop
        b: jl c
        times 128 nop
        c: call d
        jnz d
        times 60 nop
        align 64
        d: nop
        """);

    /// <summary>An immediate not defined yet has the shortest form in the first pass (the parser gives it every
    /// "fits" flag): imm8, the shift-by-1 opcode, mov r32 for mov r64. With the long forms in that pass, each jnz
    /// would see its target out of range and stay near.</summary>
    [RequiresToolsFact("nasm")]
    public void ForwardImmediateIsShortInTheFirstPass() => NasmComparison.AssertSameBin("""
        bits 64
        jnz a
        add rbx, one
        times 123 nop
        a: jnz b
        mov rax, one
        times 121 nop
        b: jnz c
        push one
        times 124 nop
        c: jnz d
        imul eax, ebx, one
        times 123 nop
        d: jnz e
        shl eax, one
        times 125 nop
        e: jnz f
        add rbx, strict one
        times 118 nop
        f: nop
        one equ 1
        """);

    /// <summary>[rel d] before d is defined has no segment in nasm's first pass, so it is sized as an absolute
    /// [d] (SIB, one byte more); the second pass sees the jnz's target 4 bytes further and makes it near, which
    /// then holds (short would fit as well).</summary>
    [RequiresToolsFact("nasm")]
    public void ForwardRipRelativeAddressIsAbsoluteInTheFirstPass() => NasmComparison.AssertSameBin("""
        bits 64
        default rel
        jnz a
        mov eax, [d]
        mov eax, [rel d]
        add [d], ecx
        cmp eax, [rel d + 4]
        times 100 nop
        a: ret
        d: dd 0, 0
        """);

    /// <summary>`strict` keeps a branch near unless it says `short`; push dword is push's sign-extended imm8 or imm32.</summary>
    [RequiresToolsFact("nasm")]
    public void StrictBranchAndPushDword() => NasmComparison.AssertSameBin("""
        bits 64
        b: nop
        jmp strict b
        jz strict b
        jz strict short b
        loop strict b
        jmp strict c
        jz strict c
        push dword 1
        push dword -1
        push dword 0x80
        push word 1
        push strict dword 1
        c: nop
        """);
}
