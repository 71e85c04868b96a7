namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// How -f elf64/elf32 name what GOT, PLT, TLS and `..sym' references point at, as nasm does: the
/// relocation type for each addressing form, the global symbol (not the section) as target, STT_TLS for
/// labels in TLS sections, and nasm's error when no global symbol is there.
/// </summary>
public sealed class ElfReferenceTests
{
    [RequiresToolsFact("nasm")]
    public void GotTlsAndSymReferencesNameTheGlobalSymbol() => NasmComparison.AssertSameElf("""
        bits 64
        global f, g, t
        extern ext, _GLOBAL_OFFSET_TABLE_
        section .text
        f: ret
        loc: ret
        g: ret
        section .data
        mov rax, [rel f wrt ..got]
        mov rax, [rel ext wrt ..got]
        mov rax, [rbx + f wrt ..got]
        mov rax, [rel t wrt ..gottpoff]
        mov rax, f wrt ..gotoff
        mov rcx, _GLOBAL_OFFSET_TABLE_ wrt ..gotpc
        lea rbx, [rel _GLOBAL_OFFSET_TABLE_ wrt ..gotpc]
        dq _GLOBAL_OFFSET_TABLE_ wrt ..gotpc
        dd _GLOBAL_OFFSET_TABLE_ wrt ..gotpc
        dq loc wrt ..sym
        dq f wrt ..sym
        dq g + 1 wrt ..sym
        dq ext wrt ..got
        section .tbss nobits alloc noexec write tls align=8
        t: resq 1
        lt: resq 1
        """);

    [RequiresToolsTheory("nasm")]
    [InlineData("")]
    [InlineData(":data 8")]
    [InlineData(":function")]
    public void LabelsInTlsSectionsAreTls(string type) => NasmComparison.AssertSameElf($"""
        global tv{type}
        section .tdata progbits alloc noexec write tls align=4
        tv: dd 1
        local_tv: dd 2
        section .tbss nobits alloc noexec write tls align=8
        b: resq 1
        """);

    [RequiresToolsTheory("nasm")]
    [InlineData("mov rax, [rel loc wrt ..got]")]
    [InlineData("mov rax, [rel lt wrt ..gottpoff]")]
    [InlineData("mov rax, [rbx + loc wrt ..got]")]
    [InlineData("mov rax, [rel f + 1 wrt ..got]")]
    public void GotReferenceWithoutAGlobalSymbolIsAnError(string line) => NasmComparison.AssertSameErrors($"""
        bits 64
        global f
        section .text
        f: ret
        loc: ret
        section .data
        {line}
        section .tbss nobits alloc noexec write tls align=8
        lt: resq 1
        """, "elf64");

    /// <summary>Self-relative data (`dd sym - $`): a PC-relative relocation against the symbol, as nasm writes it
    /// (R_X86_64_PC8/16/32/64, R_386_PC32/16/8), for externs and for labels in another section; several items on one
    /// line measure from the line's start ($), each relocation at its own field.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("elf64", "dq ext - $ + 4")]
    [InlineData("elf32", "dd ext - $ + 4")]
    public void SelfRelativeData(string format, string wide) => NasmComparison.AssertSameElf($"""
        extern ext
        section .data
        x: dd 1
        y: dd ext - $, x - $
        section .text
        f: dd ext - $
            {wide}
            dd x - $
            dw x - $ + 2
            db 1
            dd ext - f
            dd ext - $, y - $ - 8, 7
        """, format);

    /// <summary>Short branches to an extern or to a label of another section (`jmp short`, `jz short`, and jecxz, jrcxz,
    /// jcxz, loop*, which have no near form): nasm writes an 8-bit PC-relative relocation (R_X86_64_PC8, R_386_PC8) whose
    /// addend is the target's offset less the field's 1 byte, unchecked for range; a branch without `short' that has a
    /// near form stays near.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("elf64", "64", "jrcxz ext")]
    [InlineData("elf64", "64", "jecxz ext")]
    [InlineData("elf32", "32", "jcxz ext")]
    [InlineData("elf32", "32", "jecxz ext + 300")]
    public void ShortBranchesOutsideTheSection(string format, string bits, string counter) => NasmComparison.AssertSameElf($"""
        bits {bits}
        extern ext
        section .text
        start:
            jmp short ext
            jz short ext
            jnc short ext + 200
            {counter}
            loop ext
            loopnz ext - 200
            loope other + 3
            jmp short other
            jz other
            jmp ext
            nop
        section .other
            nop
        other: nop
        """, format);

    /// <summary>-f bin resolves a short branch to another section itself, truncating the distance to a byte without a
    /// word (as nasm does), and refuses one to an extern.</summary>
    [RequiresToolsFact("nasm")]
    public void ShortBranchesToOtherSectionsInBin() => NasmComparison.AssertSameBin("""
        section .text
            jmp short other
            loop other
            jmp short far1
        section .other
        other: nop
        section .far vstart=0x1000
        far1: nop
        """);

    [RequiresToolsTheory("nasm")]
    [InlineData("jmp short ext")]
    [InlineData("jecxz ext")]
    [InlineData("loop ext")]
    public void ShortBranchToExternInBinIsAnError(string line) => NasmComparison.AssertSameErrors($"""
        extern ext
        {line}
        """);

    /// <summary>32-bit PIC: the GOT address relative to $$ (`wrt ..gotpc`, R_386_GOTPC whose addend counts from the
    /// field), and ..got, ..gotoff, ..plt, ..sym in code and data.</summary>
    [RequiresToolsFact("nasm")]
    public void Elf32PicReferences() => NasmComparison.AssertSameElf("""
        bits 32
        extern foo, bar, _GLOBAL_OFFSET_TABLE_
        global main
        section .text
        main:
            call .get
        .get:
            pop ebx
            add ebx, _GLOBAL_OFFSET_TABLE_+$$-.get wrt ..gotpc
            add ebx, _GLOBAL_OFFSET_TABLE_+$$-$ wrt ..gotpc
            mov eax, [ebx+foo wrt ..got]
            lea eax, [ebx+main wrt ..gotoff]
            call bar wrt ..plt
            mov eax, [ebx+loc wrt ..gotoff]
            push dword [ebx+main+4 wrt ..gotoff]
        section .data
        loc: dd 1
            dd foo wrt ..got
            dd main wrt ..gotoff
            dd foo wrt ..sym
            dd main wrt ..sym
            dd _GLOBAL_OFFSET_TABLE_+$$-$ wrt ..gotpc
        """, "elf32");

    /// <summary>A displacement against a symbol in 64-bit code: R_X86_64_32S with 64-bit addressing, R_X86_64_32 where the
    /// address is 32-bit (a32, or 32-bit base or index registers: the 67 prefix zero-extends it), as nasm writes them.</summary>
    [RequiresToolsFact("nasm")]
    public void DisplacementRelocationFollowsTheAddressSize() => NasmComparison.AssertSameElf("""
        bits 64
        extern ext
        mov eax, [ext]
        mov eax, [rax+ext]
        mov eax, [abs ext+4]
        a64 mov eax, [ext]
        mov eax, [eax+ext]
        mov eax, [ebx*2+ext+8]
        a32 mov eax, [ext]
        a32 mov eax, [abs ext]
        mov eax, [r8d+ext]
        mov al, [esp+ext]
        lea eax, [eax+ext]
        jmp [eax+ext]
        mov dword [eax+ext], 5
        vpgatherdd xmm0, [eax+xmm1*4+ext], xmm2
        vpgatherdd xmm0, [rax+xmm1*4+ext], xmm2
        """);

    /// <summary>A symbol as a qword store's immediate: a memory destination has only the sign-extended dword field
    /// (48 C7 /0, R_X86_64_32S in ELF, the address in bin), which nas64 refused as "invalid combination"; a register
    /// takes the 64-bit field (48 B8) and push its own dword.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("elf64", "")]
    [InlineData("bin", "org 0x1000")]
    [InlineData("bin", "")]
    public void SymbolStoredAsAQwordImmediate(string format, string org)
    {
        string source = $"""
            bits 64
            {org}
            {(format == "bin" ? "" : "extern ext")}
            label: mov qword [rax], label
            mov qword [rbx+8], fwd + 4
            mov rax, label
            push label
            mov qword [rax], strict dword label
            {(format == "bin" ? "" : "mov qword [rax], ext")}
            fwd: dq 0
            """;
        if (format == "bin") NasmComparison.AssertSameBin(source);
        else NasmComparison.AssertSameElf(source, format);
    }
}
