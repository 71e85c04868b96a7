namespace Nas64.Assembler.Tests.Language;

/// <summary>Bad input: nasm's messages at nasm's file:line, and every error of the file reported.</summary>
public sealed class BadInputTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData("db 1 +")]
    [InlineData("foo bar baz")]
    [InlineData("mov eax, [ebx")]
    [InlineData("mov eax, (1")]
    [InlineData("dd 1.5.5")]
    [InlineData("db 1 ? 2")]
    [InlineData("db 12q3")]
    [InlineData("dd 1 / (2 - 2)")]
    [InlineData("dd 5 % 0")]
    [InlineData("bits 8")]
    [InlineData("align 3")]
    [InlineData("dd __?float32?__(x)")]
    [InlineData("x: y:")]
    [InlineData("section .t align=3")]
    [InlineData("dy 1.0")]
    [InlineData("dt 1")]
    [InlineData("do 0x1234")]
    [InlineData("dz 5")]
    [InlineData("..start: nop")]
    [InlineData("dd 1.5 + 1")]
    [InlineData("mov eax, 1.5")]
    [InlineData("org 0x100\norg 0x200")]
    // A brace group that starts a line: nasm's scanner judges the decorator first, then its parser wants a name.
    [InlineData("{Name}:\n{z} add eax, ebx\n{k1}\n{1to4}\n{rn-sae}\n{ vex }\n{foo\n{1to3}\n{k0}\n{a.b}\n{}\n{a-b}\n{dfv=}\n{a}b\n{vex1}")]
    public void SyntaxAndValueErrors(string line)
    {
        NasmComparison.AssertSameErrors("db 0\n" + line + "\ndb 1\n", "bin");
        NasmComparison.AssertSameErrors("db 0\n" + line + "\ndb 1\n", "elf64");
    }

    [RequiresToolsFact("nasm")]
    public void EveryUndefinedSymbolIsReportedAtItsLine() => NasmComparison.AssertSameErrors("""
        mov eax, undefined1
        db 1
        dd undefined2 + 1
        jmp undefined3
        ok: db 2
        mov ebx, [undefined4 + ok]
        dw ok - undefined1
        """);

    [RequiresToolsFact("nasm")]
    public void RedefinitionNamesBothLines() => NasmComparison.AssertSameErrors("""
        a: db 1
        b: db 2
        a: db 3
        """);

    [RequiresToolsFact("nasm")]
    public void UnknownSectionAttributesWarn()
    {
        NasmComparison.AssertSameBin("section .t merge\ndb 1\nsection .u start=0x10 foo\ndb 2\n");
        NasmComparison.AssertSameElf("section .t start=5\ndb 1\nsection .u foo=1\ndb 2\n");
    }

    [RequiresToolsFact("nasm")]
    public void CommonInAFlatBinary() => NasmComparison.AssertSameErrors("nop\ncommon c 4\nnop\n");

    [RequiresToolsFact("nasm")]
    public void MissingIncbinFile() => NasmComparison.AssertSameErrors("""
        db 1
        incbin "no-such-file.bin"
        db 2
        """);

    /// <summary>WRT and SEG misuse, with nasm 2.16's messages in each format: a number after WRT (a segment, which ELF
    /// and bin cannot express), a label or extern after it (not a segment base), an unknown `..name' (an undefined
    /// symbol), WRT on constant data, SEG of a plain number.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("extern x\nmov eax, x wrt 5\n", "elf64")]
    [InlineData("extern x\nmov eax, x wrt 5\n", "elf32")]
    [InlineData("extern x\nsection .text\nfoo:\nmov eax, x wrt foo\n", "elf64")]
    [InlineData("extern x\nsection .text\nfoo:\nmov eax, x wrt foo\n", "bin")]
    [InlineData("extern x\nmov eax, x wrt ..foo\n", "elf32")]
    [InlineData("foo: dd foo wrt ..foo\n", "bin")]
    [InlineData("extern x\ndd 1 wrt x\n", "elf64")]
    [InlineData("extern x\ndd 1 wrt x\n", "bin")]
    [InlineData("dd 1 wrt 5\n", "bin")]
    [InlineData("mov eax, seg 5\n", "elf64")]
    [InlineData("mov eax, seg 5\n", "elf32")]
    [InlineData("mov eax, seg 5\n", "bin")]
    public void WrtAndSegMisuseLikeNasm(string source, string format) => NasmComparison.AssertSameErrors(source, format);

    /// <summary>WRT a number on constant data: ELF ignores it, as nasm does (bin refuses it, above).</summary>
    [RequiresToolsFact("nasm")]
    public void WrtNumberOnConstantDataInElf()
    {
        NasmComparison.AssertSameElf("dd 1 wrt 5\n");
        NasmComparison.AssertSameElf("dd 1 wrt 5\n", "elf32");
    }
}
