namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// o16/o32 contradicting the size the registers give (o16 mov eax, 1): nasm encodes the instruction for its registers
/// with the prefix's operand-size byte (66 added or left out) and warns "invalid operand size prefix" [prefix-opsize].
/// </summary>
public sealed class OperandSizePrefixTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    public void PrefixContradictingTheRegistersKeepsTheirEncoding(int bits) => NasmComparison.AssertSameBin($"""
        bits {bits}
        o16 mov eax, 1
        o32 add ax, bx
        o16 add eax, ebx
        o32 push ax
        o16 inc eax
        o16 mov eax, [ebx]
        rep o16 movsd
        o32 stosw
        o16 lodsd
        o16 mov eax, [es:ebx+4]
        lock o32 add [ebx], ax
        o32 mov ax, label
        label:
        o16 mov ecx, label
        """);

    /// <summary>pop cs (0F, with nasm's obsolete-removed warning) in every mode, and in 64-bit code o32/o64 on the
    /// fs/gs pushes and pops (the plain form, REX.W).</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    public void SegmentPushesAndPops(int bits) => NasmComparison.AssertSameBin($"""
        bits {bits}
        pop cs
        o16 pop cs
        {(bits == 64 ? "o32 push fs\no64 push fs\no32 pop gs\no64 pop fs\no16 push gs" : "o32 pop cs\npush fs\no16 pop gs")}
        """);

    /// <summary>o64 in 64-bit code is a REX.W on what follows: 16/32-bit registers and memory become the 64-bit
    /// operation with nasm's prefix-opsize warning, and forms without REX.W get one (byte operations, pushf, ret, int).</summary>
    [RequiresToolsFact("nasm")]
    public void O64WithNarrowOperands() => NasmComparison.AssertSameBin("""
        bits 64
        o64 mov eax, ebx
        o64 mov ax, bx
        o64 add eax, 1
        o64 add eax, 0x12345678
        o64 push ax
        o64 inc eax
        o64 xchg eax, ebx
        o64 mov [rax], eax
        o64 mov eax, [rax]
        o64 lea eax, [rax]
        o64 mov dword [rax], 1
        o64 add r8d, r9d
        o64 imul eax, ebx, 5
        o64 shl eax, 3
        o64 movzx eax, bl
        o64 lock add [rax], eax
        o64 add eax, [rbx+rcx*4+8]
        o64 not ax
        o64 test eax, 5
        o64 cmp ax, 0x12
        o64 mov al, bl
        o64 add byte [rax], 1
        o64 add word [rax], 1
        o64 jmp [rax]
        o64 movsd
        o64 rep movsd
        o64 movsw
        o64 cwd
        o64 cdq
        o64 cbw
        o64 pushf
        o64 ret
        o64 ret 4
        o64 iret
        o64 int 3
        o64 enter 1, 2
        o64 nop
        o64 mov rax, rbx
        o64 push rax
        o64 push qword [rax]
        o64 vaddps xmm1, xmm2, xmm3
        """);

    /// <summary>o64 on a relative branch is a REX.W before its opcode (after 67), counted in the branch's reach: short and
    /// near jumps, calls, loops, xbegin, with rep/bnd, to labels and to externs; jrcxz keeps its plain bytes.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("bin")]
    [InlineData("elf64")]
    public void O64OnRelativeBranches(string format)
    {
        string source = """
            bits 64
            back:
            o64 jecxz back
            o64 jrcxz back
            o64 loope back
            o64 a32 loopnz back
            o64 jz near back
            o64 jnz short back
            rep o64 jmp back
            o64 call back
            o64 xbegin back
            bnd o64 jmp near back
            o64 jmp edge
            times 120 nop
            edge:
            o64 jmp back
            o64 jc ahead
            times 124 nop
            ahead:
            """;
        if (format == "bin") NasmComparison.AssertSameBin(source);
        else NasmComparison.AssertSameElf(source + "\nextern ext\no64 jmp ext\no64 call ext\no64 jz ext\n");
    }

    /// <summary>o64 putting a 48 before a memory form without REX (byte operations) moves the instruction's end, which a
    /// RIP-relative displacement counts from; absolute addresses keep their SIB form.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("bin")]
    [InlineData("elf64")]
    public void O64BeforeRipRelativeAndAbsoluteAddresses(string format)
    {
        string source = """
            bits 64
            o64 mov al, [rel x]
            o64 mov al, [0x1234]
            o64 add byte [x], 1
            o64 mov [rel x], al
            o64 inc byte [rel x]
            o64 jmp [rel x]
            o64 movzx eax, byte [rel x]
            o64 mov eax, [rel $]
            o64 mov al, [rel $+0x100]
            default rel
            o64 add byte [x], 200
            o64 add dword [x], 300
            o64 mov al, [fs:x]
            x: dd 0
            """;
        if (format == "bin") NasmComparison.AssertSameBin(source);
        else NasmComparison.AssertSameElf(source + "\nextern ext\no64 mov al, [rel ext]\no64 inc byte [ext]\no64 mov al, [rel ext wrt ..got]\n");
    }
}
