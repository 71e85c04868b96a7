namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// Self-relative expressions in instruction operands (`mov eax, ext - $`, `call [ext - $]`): nasm writes a PC-relative
/// relocation against the symbol (R_X86_64_PC8/16/32/64, R_386_PC8/16/32) whose addend is the field's distance from $
/// plus the constant, in immediates and in displacements alike; as a branch target it is an error.
/// </summary>
public sealed class SelfRelativeOperandTests
{
    [RequiresToolsFact("nasm")]
    public void ImmediatesAndDisplacementsIn64BitCode() => NasmComparison.AssertSameElf("""
        bits 64
        extern ext
        section .data
        d: dd 0
        section .text
        f:
        call [ext - $]
        mov eax, ext - $
        mov eax, ext - $ + 4
        push ext - $
        lea rax, [rbx + ext - $]
        mov ax, ext - $
        mov al, ext - $
        mov rax, ext - $
        mov eax, [ext - $]
        mov eax, d - $
        mov dword [rax], ext - $
        add eax, ext - $ - 8
        section .data
        mov ecx, ext - $
        """);

    [RequiresToolsFact("nasm")]
    public void ImmediatesAndDisplacementsIn32BitCode() => NasmComparison.AssertSameElf("""
        bits 32
        extern ext
        section .data
        d: dd 0
        section .text
        call [ext - $]
        mov eax, ext - $ + 4
        push ext - $
        lea eax, [ebx + ext - $]
        mov ax, ext - $
        mov al, ext - $
        mov eax, d - $
        add eax, ext - $
        """, "elf32");

    /// <summary>With `rel` (written or by `default rel`) nasm warns ea-absolute and writes the absolute disp32 form, PC32 in it.</summary>
    [RequiresToolsFact("nasm")]
    public void WithRelItIsAbsolute() => NasmComparison.AssertSameElf("""
        bits 64
        extern ext
        section .text
        mov eax, [rel ext - $ + 8]
        lea rax, [rel ext - $]
        mov rax, [rel ext - $]
        call [rel ext - $]
        mov eax, [abs ext - $]
        default rel
        mov eax, [ext - $]
        mov al, [ext - $ + 1]
        push qword [ext - $]
        """);

    [RequiresToolsFact("nasm")]
    public void AsABranchTargetItIsAnError() => NasmComparison.AssertSameErrors("""
        bits 64
        extern ext
        section .text
        jmp ext - $
        """, "elf64");
}
