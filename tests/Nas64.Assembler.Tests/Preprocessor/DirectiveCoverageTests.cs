using Nas64.Assembler.Passes;
using Nas64.TestSupport;
using Xunit;

namespace Nas64.Assembler.Tests.Preprocessor;

/// <summary>The directives of the scope that need files or a look at what nasm leaves undefined:
/// %pathsearch, %depend, %line, %pragma, %iftoken/%ifempty/%ifenv edge cases, %defalias chains and
/// %ifdefalias, the version macros; bytes from nasm.</summary>
public sealed class DirectiveCoverageTests
{
    private static readonly Dictionary<string, string> Files = new() { ["inc/part.inc"] = "db 0x77\n" };

    private const string Source = """
        %pathsearch p "part.inc"
        %strlen plen p
        db plen > 0
        %pathsearch q "nosuch.inc"
        db q
        %depend "part.inc"
        %include p
        %line 50+2 other.asm
        db __?LINE?__
        db __?LINE?__
        %defstr f __?FILE?__
        db f
        %line 7
        db __?LINE?__
        %pragma preproc sane_empty_expansion
        %pragma nasm whatever
        %pragma unknownns foo
        %pragma
        %iftoken "a b"
        db 1
        %endif
        %iftoken -1
        db 2
        %endif
        %ifempty
        db 3
        %endif
        %define E
        %ifempty E
        db 4
        %endif
        %ifenv %!HOME
        db 5
        %endif
        %ifenv "PATH"
        db 6
        %endif
        %defalias a1 a2
        %defalias a2 a3
        %define a3 9
        db a1
        %ifdefalias a1
        db 10
        %endif
        %ifdefalias a3
        db 11
        %endif
        %undefalias a1
        %ifdef a1
        db 12
        %endif
        %idefalias AB a3
        db ab
        db __?NASM_SUBMINOR?__, __?NASM_PATCHLEVEL?__, __NASM_VERSION_ID__ >> 16
        %ifdef __?NASM_SNAPSHOT?__
        db 14
        %endif
        %if __?NASM_VERSION_ID?__ >= 0x02100000
        db 15
        %endif
        %ifidn __?OUTPUT_FORMAT?__, bin
        db 16
        %endif
        %ifdef __?DEBUG_FORMAT?__
        db 17
        %endif
        db __?PASS?__
        """;

    [RequiresToolsFact("nasm")]
    public void PathsearchLinePragmaAliasesAndVersionMacros()
    {
        var nasm = NasmComparison.NasmBin(Source, ["-Iinc/"], Files);
        var ours = NasmComparison.OursBin(Source, new AssemblerOptions { IncludePaths = ["inc/"] }, Files);
        NasmComparison.AssertSameBytes(nasm, ours);
    }

    /// <summary>nas64 announces itself with __?NAS64?__ (and __NAS64__); nasm does not, so the same source tells them apart.</summary>
    [RequiresToolsFact("nasm")]
    public void Nas64MacroIsDefinedOnlyByNas64()
    {
        const string source = """
            %ifdef __?NAS64?__
            db 1
            %else
            db 0
            %endif
            %ifdef __NAS64__
            db 1
            %else
            db 0
            %endif
            db __?NASM_MAJOR?__, __?NASM_MINOR?__
            """;
        Assert.Equal([0, 0, 2, 16], NasmComparison.NasmBin(source));
        Assert.Equal([1, 1, 2, 16], NasmComparison.OursBin(source));
    }

    /// <summary>istruc's ..@N.strucstart label takes its number from nasm's one counter, which macro calls,
    /// %%labels, contexts and smartalign's align advance before it.</summary>
    [RequiresToolsFact("nasm", "objcopy", "nm", "readelf")]
    public void IstrucLabelIsNumberedAfterTheMacroCallsBeforeIt()
    {
        const string source = """
            struc pt
            .x: resd 1
            .y: resd 1
            endstruc
            section .data
            %macro m 0
            %%a: db 1
            %endmacro
            m
            %push ctx
            %$b: db 2
            %pop
            m
            %use smartalign
            align 8
            inst: istruc pt
            at pt.x, dd 1
            at pt.y, dd 2
            iend
            """;
        var nasm = NasmComparison.NasmElf(source);
        var ours = NasmComparison.OursElf(source);
        Assert.Equal(nasm.Symbols, ours.Symbols);
        Assert.Contains(nasm.Symbols, s => s.EndsWith(".strucstart", StringComparison.Ordinal));
    }
}
