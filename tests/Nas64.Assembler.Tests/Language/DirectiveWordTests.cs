namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// Directive words without their arguments, compared with nasm: nasm implements most directives as standard macros that
/// take arguments, so a bare word warns pp-macro-params-multi (org only in -f bin, where it is a macro) and is then a
/// label; the raw [global]/[org] forms and malformed declarations give nasm's directive errors.
/// </summary>
public sealed class DirectiveWordTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData("bin")]
    [InlineData("elf64")]
    [InlineData("elf32")]
    public void BareWordsAreLabels(string format)
    {
        string source = """
            org
            global
            extern
            section
            bits
            cpu
            default
            absolute
            align
            alignb
            common
            static
            struc
            istruc
            float
            sectalign
            required
            at
            warning
            nop
            """;
        if (format == "bin") NasmComparison.AssertSameBin(source);
        else NasmComparison.AssertSameElf(source, format);
    }

    [RequiresToolsTheory("nasm")]
    [InlineData("x: global")]
    [InlineData("x: org")]
    [InlineData("x: warning")]
    [InlineData("incbin")]
    [InlineData("[org]")]
    [InlineData("[global]")]
    [InlineData("[extern]")]
    [InlineData("global :")]
    [InlineData("global 5")]
    [InlineData("global x y")]
    [InlineData("global x :function")]
    [InlineData("global x, 5")]
    [InlineData("extern x y")]
    [InlineData("global +x")]
    [InlineData("global x}")]
    [InlineData("global $5")]
    public void MalformedDirectivesAsNasmReportsThem(string line) => NasmComparison.AssertSameErrors($"{line}\nnop\n");

    /// <summary>use16/32/64, endstruc and iend take no parameters: with some the line is no call of the macro (nasm warns
    /// how many it got) and the parser finds no instruction in it; `[use16]' is no directive.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("use16 x", "bin")]
    [InlineData("use32 x, y", "elf64")]
    [InlineData("USE64 ,", "elf32")]
    [InlineData("x: use16 y", "elf64")]
    [InlineData("[use16]", "bin")]
    [InlineData("[use64 x]", "elf64")]
    [InlineData("use16 1z", "bin")]
    [InlineData("x: use32 \"a", "elf32")]
    [InlineData("struc s\nendstruc\nistruc s\niend x, y", "bin")]
    [InlineData("struc s\nendstruc 1z", "elf64")]
    public void NoParameterMacrosWithParameters(string line, string format) => NasmComparison.AssertSameErrors($"{line}\nnop\n", format);

    /// <summary>-f bin has no special symbol types: common and required with one are refused at once.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("common c 4:8")]
    [InlineData("required r:x")]
    public void SpecialSymbolTypesInFlatOutput(string line) => NasmComparison.AssertSameErrors($"{line}\nnop\n");

    /// <summary>Declarations nasm takes: special names, `:type' right after the name, common's size after a space, and
    /// [sectalign] without a value.</summary>
    [RequiresToolsFact("nasm")]
    public void DeclarationsNasmTakes() => NasmComparison.AssertSameElf("""
        global $a, ..@b, ?c, @d
        global e:function, f:data
        global g ,h
        global {k}, l#m
        common i 4
        common j 8:4
        [sectalign]
        a:
        ..@b:
        ?c:
        @d:
        e:
        f:
        g:
        h:
        k:
        l#m:
        nop
        """);

    /// <summary>`bits 64' in an elf32 object, as nasm allows it (a 32-bit kernel's trampoline into long mode): the code is
    /// 64-bit, its 32-bit fields get i386 relocations, and a 64-bit field its low half relocated with a zext-reloc warning.</summary>
    [RequiresToolsFact("nasm")]
    public void LongModeCodeInElf32() => NasmComparison.AssertSameElf("""
        bits 64
        extern e
        nop
        mov rax, [rbx]
        call e
        mov eax, [e]
        lea rax, [rel e]
        mov rax, e
        dq e
        mov rax, [qword e]
        mov eax, [rbx+e]
        jmp e
        x: mov eax, x
        mov rax, x
        dq x
        bits 32
        mov eax, x
        """, "elf32");

    /// <summary>`absolute' with an address nasm cannot relocate (a section term scaled, negated or left over): nasm keeps
    /// the number alone (absolute 5*$ at offset 2 is 10); one section term with coefficient 1 stays an address.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("5*$")]
    [InlineData("2*$+1")]
    [InlineData("-$")]
    [InlineData("3*x2-x1")]
    [InlineData("-x1+2*x2")]
    [InlineData("2*$-$")]
    [InlineData("x2-x1")]
    public void AbsoluteAddressesNasmTakesAsNumbers(string address)
    {
        string source = $"section .text\nnop\nnop\nx1: nop\nx2:\nabsolute {address}\nx: resb 1\ny: resd 1\nsection .data\ndd x, y\n";
        NasmComparison.AssertSameElf(source);
        NasmComparison.AssertSameBin(source);
    }

    /// <summary>-f bin refuses each reference to an extern with nasm's message, one per line.</summary>
    [RequiresToolsFact("nasm")]
    public void ExternReferencesInFlatOutput() => NasmComparison.AssertSameErrors("""
        bits 64
        extern e
        mov rax, e
        dw e
        push e
        lea rax, [rel e]
        call e
        dq e+4
        """);
}
