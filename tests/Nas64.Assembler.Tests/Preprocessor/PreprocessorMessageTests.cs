using Nas64.Assembler.Passes;
using Nas64.TestSupport;
using Xunit;

namespace Nas64.Assembler.Tests.Preprocessor;

/// <summary>Misused directives give nasm 2.16's messages, with its exit status, when assembling and with -E (where
/// nasm has no symbols: its errors for them differ). The expected text is nasm's, taken at run time.</summary>
public sealed class PreprocessorMessageTests
{
    /// <summary>Sources nasm rejects.</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("%error 'abc\n")]
    [InlineData("%if foo\ndb 1\n%else\ndb 2\n%endif\n")]
    [InlineData("%if foo+bar\n%endif\n%assign x $$\n%if $\n%endif\n")]
    [InlineData("%if\n%endif\n%assign x\n")]
    [InlineData("%rep\n%endrep\n")]
    [InlineData("%rep 1/0\ndb 1\n%endrep\n")]
    [InlineData("%rep x\ndb 1\n%endrep\n")]
    [InlineData("%substr x \"abc\"\n%substr y 1\n")]
    [InlineData("%strlen x abc\n%deftok y abc\n")]
    [InlineData("%strcat x 'a', b\n")]
    [InlineData("%rotate\n")]
    [InlineData("%macro m 0\n%rotate\n%endmacro\nm\n")]
    [InlineData("%exitrep\n%exitmacro\n")]
    [InlineData("%include \"nosuch.inc\"\n")]
    [InlineData("%ifdef 1\n%endif\n%ifmacro\n%endif\n%ifenv 1\n%endif\n")]
    [InlineData("%macro m 0\ndb 1\n")]
    [InlineData("%macro m 0\ndb 1")]
    [InlineData("%rep 2\ndb 1\n\n")]
    [InlineData("%macro m 0\n%if foo\n%endif\n%endmacro\nm\n")]
    [InlineData("%idefine\n%ixdefine\n%defalias\n%iassign\n%idefstr\n%undef\n")]
    [InlineData("%use\n%stacksize\n%stacksize foo\n%strlen x 'abc\n%unmacro m\n")]
    [InlineData("%include \"nosuch.inc\"\n%include \"other.inc\"\nfoo bar\n")]
    // A %word that is no directive is text for the assembler, which finds no label or instruction at the start of the line.
    [InlineData("%foo\n%foo bar\nnop\n1 db 2\n(1)\n, nop\n")]
    // Macro parameters and %%names outside a macro call are errors and leave the line (db is then empty).
    [InlineData("db %1\ndb %0\n%%x: db 1\ndb %00\ndb %{1:2}\n%rep 2\ndb %0, 1\n%endrep\n%define q %1\n%1\n%if %+1 + 1\n%endif\n")]
    // nasm's single-line macro templates: a list without parameters is part of the body, a list with some is read twice
    // (its messages come twice); `=` parameters that are no constant expression are errors.
    [InlineData("%define f(a a\ndb f\n%define g(a,\ndb g(1,2), g(1)\n%define h(a b) a\ndb h(3)\n%define p(x,+y,z) x\n%define q(=x) x\ndb q(1 2)\ndb q(foo)\ndb q()\n%define w(x \n")]
    // %clear: without options nasm's standard multi-line macros go too (their words reach the parser raw: an error with
    // arguments or after a label, a label alone); an unknown option is an error, a non-word one trailing garbage.
    [InlineData("%define a 1\n%defalias b a\n%idefine c 3\n%macro m 0\ndb 9\n%endmacro\ndb a, b, c\nm\n%clear\n%ifdef a\ndb 1\n%endif\n%ifdef b\ndb 2\n%endif\n%ifdefalias b\ndb 12\n%endif\n%ifdef c\ndb 13\n%endif\n%ifmacro m\ndb 3\n%endif\n%ifdef __?NASM_MAJOR?__\ndb 4\n%endif\n%ifdef __NASM_MAJOR__\ndb 5\n%endif\n%ifdef __?SECT?__\ndb 8\n%endif\n%define a 7\ndb a, __LINE__, __?LINE?__\n%clear 1\n%clear foo\nsection .data\nx: section .bss\nbits 32\nglobal x\nalign 4\nuse32\n[bits 16]\nx2: use16\nendstruc\n")]
    // A single-line macro call without its closing parenthesis.
    [InlineData("%define f(x) x\ndb f(1\n%define h(a,b) a\n%xdefine q h(1, (2)\n%ifmacro section\ndb 1\n%endif\n")]
    // A %+ that ends a line stays for the assembler.
    [InlineData("%define x 1 %+\ndb x\n%define f(a) a %+\ndb f(2)\ndb 3 %+\n")]
    // Multi-line macro arguments in braces: text after the closing brace, and a brace that never closes (in a %rep and a
    // macro body too, where nasm reports each call).
    [InlineData("%macro m 1-2 0\ndb %1\ndb %2\n%endmacro\nm {1,2} 3, 4\nm {7}}, 8\nm 9, {1\nm {5\n")]
    [InlineData("%macro m 1\ndb %1\n%endmacro\n%macro w 0\nm {1\nm {2} 3\n%endmacro\n%rep 2\nm {1\nw\n%endrep\nw\n")]
    // An unclosed brace leaves no empty last argument behind (no "dropping trailing empty parameter").
    [InlineData("%macro m3 0-3\ndb %0\n%endmacro\nm3 '}',{\nm3 1,{\n")]
    public void ErrorsAreNasms(string source)
    {
        Language.NasmComparison.AssertSameErrors(source);
        AssertSamePreprocessOnlyMessages(source);
    }

    /// <summary>Sources nasm accepts with warnings (or silently, where nas64 used to report something).</summary>
    [RequiresToolsTheory("nasm")]
    [InlineData("%warning \"abc\n")]
    [InlineData("%if 1 2\ndb 1\n%endif\n%assign x 3 4\n%rep 1 2\ndb x\n%endrep\n")]
    [InlineData("%if 0\n%elif bar\ndb 1\n%else\ndb 2\n%endif\n%if 0\n%elif 1/0\n%endif\n%if 0\n%elif 1 2\ndb 3\n%endif\n%if 0\n%elif\ndb 4\n%else\ndb 5\n%endif\n")]
    [InlineData("%if 1\n%else junk\n%endif junk\n%if 0\n%else junk\n%endif junk\n%if 0\n%if 1\n%else junk\n%endif junk\n%endif\n")]
    [InlineData("%if 1\n%else\n%elif 1\n%endif\n%if 0\n%else\n%else\ndb 1\n%else junk\ndb 2\n%endif\n")]
    [InlineData("%rep -1\ndb 1\n%endrep\n")]
    [InlineData("%substr x \"abcdef\" 2,\ndb x\n%deftok y \"a\" \"b\"\n%strlen z \"ab\" \"c\"\ndb z\n")]
    // nasm's legacy rule for an empty last argument: a default takes its place, a greedy macro loses the comma, another
    // macro loses the argument (%0 shrinks), and a call matching no macro is tried without it.
    [InlineData("%macro m 1-3 7, 8\ndb %0, %1, %2, %3\n%endmacro\n%macro g 1+\ndb %0\ndb %1\n%endmacro\n%macro z 3\ndb %0\n%endmacro\n%macro two 2\ndb %1, %0\n%endmacro\n%macro one 1\ndb %0, %1\n%endmacro\nm 1\nm 1,\nm 1,2,\ng 1,2,3\ng 1,2,\nz 1,2,,\ntwo 3,\none 5,\n")]
    // The same rule for nasm's standard macros (greedy or 1-*: the comma goes).
    [InlineData("section .data,\nglobal x,\nx: db 1\nalign 4,\ncpu 686,\ny2: section .bss ,  \nresb 4\nalignb 8 ,\nsection .text\nnop\nalign 8, db 0x90,\n")]
    [InlineData("%macro m 1-2 a, b\n%endmacro\n%macro m 0\n%endmacro\n%macro m 0-1\n%endmacro\n%imacro n 0\n%endmacro\n%macro N 0\n%endmacro\n")]
    // Parameter flags (= evaluates, & and && quote, + takes the rest and may be left out) and nasm's warning for a call
    // no definition takes, held back for an expansion round that %+ pasting follows.
    [InlineData("%define f(=a,&b) a, b\n%define g(&&s) s\n%define h(a,+b) a+b+0\n%define e(=x) x\n%define u(x,y) x y\n%define t() 7\ndb f(1+2, x y), g('z'), g(w), e(3*4), e(1<<2), t(), t(1)\ndb h(1), h(1,2,3)\n%xdefine z1 u(1) u(1,2,3) u() u(,)\n%xdefine z2 u(1)%+ab\n%xdefine z3 u %+ (1,2)\n")]
    // %[ and %{ that run to the end of the line (not in a skipped branch; an open %{1 is parameter 1), and a string left
    // open inside %[…].
    [InlineData("db %[4 ; x\ndb %[\"]\"\ndb %[%[5]\n%if 0\ndb %[2\n%endif\n%macro m 0\ndb %[3\n%endmacro\n%macro m2 1\ndb %{1\n%endmacro\nm2 7\nm\n%define q %[\"a\n")]
    // nasm's other legacy rule: only whitespace after a macro's name (`foobar %1' with %1 empty, `foobar E' with E empty)
    // calls a one-parameter macro with no parameters (%0 is 0) when no macro takes none.
    [InlineData("%macro foobar 1\ndb 1\n%endmacro\n%macro two 2\ndb %0\n%endmacro\n%macro g 1+\ndb %0\n%endmacro\n%macro opt 0-1 5\ndb %1\n%endmacro\n%define E\nfoobar\nfoobar  \ntwo 1,  \ntwo 1, E\nopt\nopt  \nopt E\ng\ng   \n%macro outer 0-1\nfoobar %1\ntwo 1, %1\nopt %1\ng %1\n%endmacro\nouter\nouter {}\nouter { }\nouter E\n%macro inner 1\ndb 2\n%endmacro\n%macro inner 0\ndb 3\n%endmacro\n%macro o2 0-1\ninner %1\ninner   %1  \n%endmacro\no2\no2 {}\nfoobar E\n%macro show 1-2 4\ndb %0, 9, %2\n%endmacro\n%macro o3 0-1\nshow %1\n%endmacro\no3\nshow E\n")]
    // %ifdef follows an alias to what it names.
    [InlineData("%defalias b a\n%ifdef b\ndb 1\n%endif\n%define a 2\n%ifdef b\ndb b\n%endif\n%ifdefalias b\ndb 3\n%endif\n")]
    // %pragma lines nas64 takes nothing from (nasm ignores the unknown ones too).
    [InlineData("%define bar 5\n%pragma foo bar  x\n%pragma preproc sane_empty_expansion true\n%pragma\n%pragma 1 2\n%pragma asm   gprefix _\nnop\n")]
    public void WarningsAreNasms(string source)
    {
        Language.NasmComparison.AssertSameBin(source);
        AssertSamePreprocessOnlyMessages(source);
    }

    /// <summary>`nasm -E` and nas64's -E give the same messages and both fail or both succeed.</summary>
    private static void AssertSamePreprocessOnlyMessages(string source)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File(Language.NasmComparison.FileName), source);
        var nasm = ExternalTool.Run("nasm", ["-E", Language.NasmComparison.FileName, "-o", dir.File("nasm.i")], dir.Path);
        var policy = new WarningPolicy();
        policy.Freeze();
        var diagnostics = new DiagnosticBag { Warnings = policy };
        Assembler.Preprocessor.Preprocessor.PreprocessToText(Language.NasmComparison.FileName, source,
            new AssemblerOptions { Format = OutputFormat.Bin, IncludePaths = [dir.Path + "/"] }, diagnostics);
        Assert.Equal(nasm.StandardError.TrimEnd('\n'), string.Join('\n', diagnostics.Items.Select(d => d.ToString())));
        Assert.Equal(nasm.ExitCode != 0, diagnostics.HasErrors);
    }
}
