namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// WRT with a right-hand side that is no special `..name' (a label, an extern, an undefined name) and extern
/// declarations with a special in -f bin, compared with nasm 2.16's messages: nasm evaluates both sides of WRT first
/// (an undefined name on either is its error, the left one's first), and refuses `5 wrt label' too.
/// </summary>
public sealed class WrtMessageTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData("x: mov eax, x wrt y")]
    [InlineData("mov eax, x wrt y\nmov ebx, z")]
    [InlineData("dd x wrt y")]
    [InlineData("x: dd x wrt y")]
    [InlineData("x: mov eax, [x wrt y]")]
    [InlineData("mov eax, 5 wrt y")]
    [InlineData("y: mov eax, 5 wrt y")]
    [InlineData("extern y\nmov eax, 5 wrt y")]
    [InlineData("extern x, y\nmov eax, x wrt y")]
    [InlineData("dd 5 wrt y")]
    [InlineData("y: dd 5 wrt y\ndd 1")]
    [InlineData("x: push qword x wrt y")]
    [InlineData("x: dd x wrt ..sym")]
    [InlineData("section .data\nx: dd x wrt ..sym")]
    public void ElfWrtMessagesAsNasm(string source)
    {
        NasmComparison.AssertSameErrors(source + "\n", "elf64");
        NasmComparison.AssertSameErrors(source + "\n", "elf32");
    }

    /// <summary>The bin format has none of ELF's `..got' names: each is an undefined symbol there.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("x: mov eax, x wrt y")]
    [InlineData("dd x wrt y")]
    [InlineData("dd x wrt ..got")]
    [InlineData("x: dd x wrt ..got")]
    [InlineData("x: dd x wrt ..sym")]
    [InlineData("mov eax, 5 wrt y")]
    [InlineData("y: mov eax, 5 wrt y")]
    [InlineData("x: mov eax, [x wrt ..gotpc]")]
    public void BinWrtMessagesAsNasm(string source) => NasmComparison.AssertSameErrors(source + "\n");

    [RequiresToolsTheory("nasm")]
    [InlineData("global g\ng: nop\nx: dd x wrt ..sym")]
    [InlineData("nop\nglobal g\ng: nop\nx: dd x wrt ..sym\ndd g wrt ..sym")]
    [InlineData("extern e\ndd e wrt ..sym")]
    public void WrtSymAsNasm(string source) => NasmComparison.AssertSameElf(source + "\n");

    /// <summary>A declaration with a special in -f bin: an extern's refused on the declaration's line where the symbol is
    /// used, any on the label's where it is defined; nasm stops after that pass (no final-pass errors).</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("extern y:function\nmov eax, y")]
    [InlineData("extern y:function\nextern z:data\nmov eax, z\nmov eax, y")]
    [InlineData("extern y:function\ny: nop")]
    [InlineData("extern y:function\nmov eax, y\nmov ebx, q")]
    [InlineData("y: nop\nglobal y:function\nmov eax, q")]
    [InlineData("global y:function\ny: nop\nmov eax, q")]
    [InlineData("global y:function\ny equ 5\nmov eax, q")]
    public void BinExternSpecialsAsNasm(string source) => NasmComparison.AssertSameErrors(source + "\n");
}
