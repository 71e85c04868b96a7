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
    public void MalformedDirectivesAsNasmReportsThem(string line) => NasmComparison.AssertSameErrors($"{line}\nnop\n");

    /// <summary>Declarations nasm takes: special names, `:type' right after the name, common's size after a space, and
    /// [sectalign] without a value.</summary>
    [RequiresToolsFact("nasm")]
    public void DeclarationsNasmTakes() => NasmComparison.AssertSameElf("""
        global $a, ..@b, ?c, @d
        global e:function, f:data
        global g ,h
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
        nop
        """);
}
