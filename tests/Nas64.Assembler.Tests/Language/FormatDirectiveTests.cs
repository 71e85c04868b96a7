using Nas64.Assembler.Passes;
using Nas64.Objects;

namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// Directives whose effect depends on the output format, compared with nasm 2.16: sectalign before any section in ELF
/// (nasm's ELF output has no section for it yet), the ELF-only osabi, the bin-only org and map in other formats.
/// </summary>
public sealed class FormatDirectiveTests
{
    /// <summary>nasm's ELF output makes the default .text for a `section .text' or a label (from then on in every pass)
    /// and for code only when writing it: a sectalign or align before that raises nothing.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("sectalign 16\nsection .a\ndb 1")]
    [InlineData("sectalign 32\nnop")]
    [InlineData("nop\nsectalign 32")]
    [InlineData("sectalign 32\nsection .text\nnop")]
    [InlineData("x:\nsectalign 32\nnop")]
    [InlineData("sectalign 32\nnop\nx:")]
    [InlineData("sectalign 32\nsection .data\nnop")]
    [InlineData("sectalign 32\nx: equ 5\nnop")]
    [InlineData("align 64\nnop")]
    [InlineData("alignb 64\nnop")]
    [InlineData("sectalign 32\nabsolute 0\nresb 1\nsection .text\nnop")]
    public void SectalignBeforeAnySection(string source)
    {
        NasmComparison.AssertSameElf(source + "\n", "elf64");
        NasmComparison.AssertSameElf(source + "\n", "elf32");
    }

    /// <summary>osabi sets EI_OSABI and EI_ABIVERSION (the last directive wins, a version resets to 0 without a comma);
    /// nasm's readnum reads each number.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("osabi 3")]
    [InlineData("[osabi 3, 0]")]
    [InlineData("osabi 3,7")]
    [InlineData("osabi 0x10, 2")]
    [InlineData("osabi 3 , 4 ; comment")]
    [InlineData("osabi 3h")]
    [InlineData("osabi 1+2")]
    [InlineData("osabi 3 x")]
    [InlineData("osabi 3,4,5")]
    [InlineData("osabi 10b, 0q7")]
    [InlineData("osabi $10")]
    [InlineData("osabi 1_0")]
    [InlineData("osabi 0x")]
    [InlineData("osabi 3.0")]
    [InlineData("OSABI 6")]
    [InlineData("[OSABI 6]")]
    [InlineData("x: osabi 2")]
    [InlineData("osabi 3,4\nosabi 5")]
    [InlineData("osabi 3,")]
    [InlineData("osabi")]
    public void OsabiAsNasmWritesIt(string line)
    {
        string source = line.Replace("\\n", "\n") + "\nnop\n";
        foreach (string format in new[] { "elf64", "elf32" })
        {
            using var dir = new TempDirectory();
            var nasm = NasmComparison.Nasm(dir, source, format);
            var ours = NasmComparison.Ours(dir, source, format);
            Assert.True(nasm.Succeeded, string.Join("\n", nasm.Messages));
            Assert.True(ours.Succeeded, string.Join("\n", ours.Messages));
            Assert.Equal(Convert.ToHexString(nasm.Output!, 7, 2), Convert.ToHexString(ours.Output!, 7, 2));
            Assert.Equal(ElfDescription.Describe(nasm.Output!), ElfDescription.Describe(ours.Output!));
            Assert.Equal(string.Join("\n", nasm.Messages), string.Join("\n", ours.Messages));
        }
    }

    [RequiresToolsTheory("nasm")]
    [InlineData("osabi 256")]
    [InlineData("osabi -1")]
    [InlineData("[osabi]")]
    [InlineData("osabi x")]
    [InlineData("osabi '3'")]
    [InlineData("osabi +3")]
    [InlineData("osabi ,5")]
    [InlineData("osabi 3,x")]
    [InlineData("osabi 3,256")]
    [InlineData("osabi 3,-1")]
    [InlineData("osabi 99999999999999999999")]
    [InlineData("osabi 3,99999999999999999999")]
    [InlineData("osabi: nop")]
    public void OsabiErrorsAsNasm(string line)
    {
        NasmComparison.AssertSameErrors(line + "\nnop\n", "elf64");
        NasmComparison.AssertSameErrors(line + "\nnop\n", "elf32");
    }

    /// <summary>The other format's directives: the bin format has no osabi (macro or directive), the ELF formats no org;
    /// [map] is a directive of bin only and a macro of none.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("osabi 3", "bin")]
    [InlineData("[osabi 3]", "bin")]
    [InlineData("x: osabi 3", "bin")]
    [InlineData("times 2 osabi 3", "elf64")]
    [InlineData("org 5", "elf64")]
    [InlineData("[org 5]", "elf64")]
    [InlineData("[org 5]", "elf32")]
    [InlineData("x: org 5", "elf64")]
    [InlineData("[map all]", "elf64")]
    [InlineData("map all", "bin")]
    [InlineData("map all", "elf64")]
    public void OtherFormatsDirectivesAsNasmReportsThem(string line, string format) =>
        NasmComparison.AssertSameErrors(line + "\nnop\n", format);

    /// <summary>Words of another format's directives are labels.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("org:\nnop", "elf64")]
    [InlineData("org", "elf64")]
    [InlineData("map", "bin")]
    [InlineData("map: nop", "bin")]
    [InlineData("osabi: nop", "bin")]
    [InlineData("osabi", "bin")]
    public void OtherFormatsDirectiveWordsAreLabels(string source, string format)
    {
        source = source.Replace("\\n", "\n") + "\n";
        if (format == "bin") NasmComparison.AssertSameBin(source);
        else NasmComparison.AssertSameElf(source, format);
    }

    /// <summary>An org value that does not parse is the expression's error, then the bin format's.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("org )")]
    [InlineData("org (")]
    [InlineData("org:")]
    [InlineData("[org )]")]
    public void OrgValueThatDoesNotParse(string line) => NasmComparison.AssertSameErrors(line + "\nnop\n");

    /// <summary>-E writes the ELF formats' osabi macro as nasm does ([%? %1]) and leaves org alone there.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("osabi 3 , 4\nOSABI 6\nx: osabi 5\norg 5\nORG 6", "elf64")]
    [InlineData("osabi 3\norg 5", "bin")]
    public void PreprocessedTextAsNasm(string source, string format)
    {
        source = source.Replace("\\n", "\n") + "\n";
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.asm"), source);
        var nasm = ExternalTool.Run("nasm", ["-E", "-f", format, "t.asm"], dir.Path);
        Assert.True(nasm.ExitCode == 0, nasm.StandardError);
        var diagnostics = new DiagnosticBag();
        string ours = Nas64.Assembler.Preprocessor.Preprocessor.PreprocessToText("t.asm", source,
            new AssemblerOptions { Format = format == "bin" ? OutputFormat.Bin : OutputFormat.Elf64 }, diagnostics);
        Assert.Equal(nasm.StandardOutput, ours);
    }

    /// <summary>nasm's bin_sectalign marks the alignment given whatever its value: `sectalign 1' (or `align 1') leaves the
    /// section at 1 instead of the default 4.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("db 1\nsection .a\nsectalign 1\ndb 2")]
    [InlineData("db 1\nsection .a\nalign 1\ndb 2\nsection .b\nalign 2\ndb 3")]
    [InlineData("db 1\nsection .a start=0x20\ndb 2\nsection .a start=0x20\ndb 3")]
    public void FlatSectionAlignmentAsNasm(string source) => NasmComparison.AssertSameBin(source.Replace("\\n", "\n") + "\n");

    /// <summary>nasm applies bin section attributes again where a later directive names the section (start= then moves
    /// it); nas64 keeps the first declaration's and says so rather than write other bytes.</summary>
    [RequiresToolsFact("nasm")]
    public void FlatAttributesChangedOnRedeclarationAreNotSupportedYet()
    {
        const string source = "db 1\nsection .a\ndb 2\nsection .a start=0x20\ndb 3\n";
        using var dir = new TempDirectory();
        Assert.True(NasmComparison.Nasm(dir, source, "bin").Succeeded);
        var ours = NasmComparison.Ours(dir, source, "bin");
        Assert.False(ours.Succeeded);
        Assert.Equal("test.asm:4: error: not supported yet: attributes of section `.a' declared again with other values in -f bin", Assert.Single(ours.Messages));
    }
}
