namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// A global or static declaration with a special (x:function) in -f bin: nasm 2.16.01 refuses it on the line where the
/// symbol is defined, before or after the declaration, and takes it for a symbol never defined; compared with nasm.
/// </summary>
public sealed class BinSpecialSymbolTests
{
    [RequiresToolsTheory("nasm")]
    [InlineData("global x:function\nx: ret\nstatic z:data\nz: dd 1\n")]
    [InlineData("x: ret\nglobal x:function\n")]
    [InlineData("global x:function\nx equ 5\n")]
    [InlineData("global x:function hidden\nx: ret\n")]
    [InlineData("global x:data 4\nx: dd 0\n")]
    public void RefusedWhereDefined(string source) => NasmComparison.AssertSameErrors(source);

    /// <summary>nasm refuses special symbols and common variables in its second pass, which never comes after a first pass
    /// with errors (an address-size or parser error): only those are reported.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("bits 16\nglobal x:function\nx: ret\nmov eax, [rax]\n")]
    [InlineData("bits 16\nmov eax, [rax]\nglobal x:function\nx: ret\n")]
    [InlineData("global x:function\nx: ret\nfoo bar\n")]
    [InlineData("x: ret\nglobal x:function\nmov eax, [rax]\n")]
    [InlineData("extern y:function\ncall y\nfoo bar\n")]
    [InlineData("global x:function\nx: ret\nmov eax, undefined1\n")]
    [InlineData("common c 4\nfoo bar\n")]
    [InlineData("bits 16\ncommon c 4:8\nmov eax, [rax]\n")]
    [InlineData("global x:function\nx: ret\ncommon c 4\n")]
    [InlineData("common c 4:8\nglobal x:function\nx: ret\n")]
    public void NotReportedAfterAFirstPassWithErrors(string source) => NasmComparison.AssertSameErrors(source);

    [RequiresToolsFact("nasm")]
    public void TakenWithoutDefinitionOrSpecial() => NasmComparison.AssertSameBin("global x:function\nglobal y\nstatic z\ny: ret\nz: ret\n");
}
