using Nas64.Assembler.Passes;
using Nas64.TestSupport;
using Xunit;

namespace Nas64.Assembler.Tests.Preprocessor;

/// <summary>Preprocess-only output (<c>-E</c>) against <c>nasm -E</c>: the same lines, ignoring %line markers,
/// blank lines and indentation.</summary>
public sealed class PreprocessOnlyTests
{
    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    private static readonly Dictionary<string, string> Cases = new()
    {
        ["expansion-order"] = """
            %define a(x) x+b
            %define b 2
            %define c(x,y) y x
            a(1) c(p, q) c({r, s}, t)
            %define str(x) %defstr
            %define self self 1
            self
            %xdefine t1 b
            %define b 3
            t1 b
            """,
        ["macro-parameters"] = """
            %macro m 2-4 d3, d4
            p %0 %1 %2 %3 %4 %{2:3} %{-1:1}
            %?
            %%x %%y
            %endmacro
            m a, b
            M a, b
            m a, b, c, e
            %imacro im 1+
            q %1
            %endmacro
            IM x, y, z
            lbl: m a, b
            """,
        ["parameters-joined-to-words"] = """
            %macro w 3
              db x%1, %1%2, %2%1, %3%1, r%1q, %1, %3, [%1+%2*2], (%1-1)
              %%l%1: %%l
            %endmacro
            w 0, ab, 1e5
            w a.b, 7, $x
            w 1.5e, 3, 0x10
            w 2.5e, -, 3
            """,
        ["rotate-and-rep"] = """
            %macro all 1-*
            %rep %0
            item %1
            %rotate 1
            %endrep
            %rotate -1
            last %1
            %endmacro
            all a, b, c
            %assign i 0
            %rep 3
            %rep 2
            x i
            %endrep
            %assign i i+1
            %endrep
            """,
        ["contexts"] = """
            %push one
            %$a
            %push two
            %$a %$$a
            %repl three
            %ifctx three
            yes
            %endif
            %pop
            %pop
            """,
        ["strings-and-tokens"] = """
            %defstr s one  two
            %strcat c s, '!', "'"
            %strlen n c
            %substr u 'hello' 2, 3
            %substr v 'hello' -1
            %deftok t 'mov eax, 1'
            s c n u v
            t
            %define w 'quoted, "with" both'
            %strlen wn w
            wn
            """,
        ["paste-and-indirect"] = """
            %define n 7
            %define x7 seven
            x %+ n
            x%[n]
            %define nm(a, b) a %+ b
            nm(x, 7)
            %assign k 3
            %xdefine v%[k] three
            v3
            """,
        ["conditionals-nested"] = """
            %define on
            %ifdef on
              %if 2 > 1
                a
              %elif 1
                b
              %else
                c
              %endif
            %elifdef off
              d
            %else
              e
            %endif
            %ifnidn x, y
              f
            %endif
            %ifnum -1
              g
            %endif
            %iftoken -1
              h
            %endif
            """,
        ["line-and-file"] = """
            a __LINE__
            %line 100+2 other.asm
            b __?LINE?__
            c __?LINE?__
            """,
        // nasm keeps one %if stack per file: a macro body may close its caller's %if and leave its own open;
        // %exitmacro and %exitrep drop the %ifs opened in the body.
        ["if-stack-across-bodies"] = """
            %if 1
            %macro m 0
              db 1
            %endif
            %endmacro
            m
            db 2
            %macro open 0
            %if 1
            db 3
            %endmacro
            open
            db 4
            %endif
            %rep 2
            %if 0
            %endrep
            db 5
            %endif
            db 6
            %endif
            db 7
            %macro r 1
            %if %1 > 0
            db 8
            %exitmacro
            %endif
            db 9
            %endmacro
            r 1
            db 10
            r 0
            %rep 3
            %if 1
            db 11
            %exitrep
            %endif
            %endrep
            db 12
            """,
        ["clear-and-undef"] = """
            %define a 1
            %macro m 0
            body
            %endmacro
            a
            m
            %clear
            a
            m
            """,
    };

    [RequiresToolsTheory("nasm")]
    [MemberData(nameof(CaseNames))]
    public void SameLinesAsNasm(string name)
    {
        var (nasm, ours) = PreprocessWithBoth(Cases[name] + "\n");
        Assert.Equal(Normalize(nasm), Normalize(ours));
    }

    public static TheoryData<string> ExactCaseNames => [.. ExactCases.Keys];

    /// <summary>Sources whose -E text is nasm's byte for byte: its %line markers and empty lines, and its
    /// expansions of the directives its standard macro set defines.</summary>
    private static readonly Dictionary<string, string> ExactCases = new()
    {
        ["standard-directives"] = """
            SECTION   .text
            GLOBAL  x ,  y
            extern a , b
            required c,d
            default   rel
            bits 64
            use32
            USE64
            align 8, db 0
            align 16
            alignb 4
            alignb 4, resb 1
            cpu x64
            float daz
            sectalign 8
            org 0
            static z
            absolute 0
            segment .bss
            x: times 3 nop ; c
              section    .data   ; comment
            """,
        ["empty-lines-and-markers"] = """

            ; leading comment
            nop

            ; c

            nop ; x
            %define a 1

            %macro m 1
              db %1

              db %1+1
            %endmacro
            m 1
            %rep 2
             dw 1
             dw 2
            %endrep
            m 2
            %macro n 0.nolist
             db 5
             align 4
            %endmacro
            n
            nop
            %if 0
            skipped
            %endif


            nop
            """,
        ["struc-and-istruc"] = """
            section .data
            struc point
              .x:   resd 1
              .y:   resd 1
            endstruc
            struc hdr, 4
            .len resw 1
            endstruc
            p1: istruc point
              at point.x,   dd 1
              at point.y, dd 2
            iend
            p2: istruc point
            iend
            """,
        // A line's %%names in calls with the same arguments (nas64 reuses the substitution with the call's own names), next
        // to a %%name joined to a parameter, an argument holding ..@ text, the label (%00) and %rep; one-token %defines.
        ["local-names-in-repeated-calls"] = """
            %define one 1
            %define reg eax
            %define alias reg
            %macro swap 2
              %xdefine %%tmp %1
              %xdefine %%t%2 %%tmp
              mov %%tmp, %2 ; %%t%2
              %%here: jmp %%here
            %endmacro
            %macro lab 1
              %00 %%x: db %1
            %endmacro
            swap a, b
            swap a, b
            swap ..@5.tmp, b
            swap a, b
            %rep 2
              swap alias, one
              lbl%[one]: lab one
            %endrep
            db one, reg, alias
            """,
        // Macros named by ..@ names (a %%name's %xdefine, a %define, a %macro), which nas64 looks up by text: named in the
        // source itself, tested, undefined.
        ["local-label-macros"] = """
            %macro swap 1
              %xdefine %%tmp %1
            %endmacro
            swap 5
            swap 6
            db ..@0.tmp, ..@1.tmp, ..@2.tmp
            %ifdef ..@1.tmp
            db 1
            %endif
            %undef ..@0.tmp
            db ..@0.tmp
            %define ..@9.x 7
            db ..@9.x
            %macro ..@m 0
            db 3
            %endmacro
            ..@m
            """,
        // %define and %xdefine with one-token bodies (nas64 takes the token, or the inert token its plain macro stands for,
        // without the expansion scan): numbers, strings, punctuation, undefined names, a parameterized macro's name, a
        // self-referencing macro, a macro of a macro, a case-insensitive one, a redefinition in terms of itself.
        ["one-token-defines"] = """
            %define a 1
            %define b a
            %idefine C 'str'
            %define f(p) p
            %define self self
            %xdefine x1 a
            %xdefine x2 b
            %xdefine x3 c
            %xdefine x4 ,
            %xdefine x5 undefined
            %xdefine x6 f
            %xdefine x7 self
            %xdefine x8   a
            %define  x9 b
            %xdefine a a
            db x1, x2, x3 x4 x5, x6, x7, x8, x9, a
            """,
        // %assign's small values are shared bodies: a later %define of the same name must not refill them.
        ["assign-then-define"] = """
            %define x a b
            %assign x 1
            %define x c d
            %assign y 1
            db y
            x
            """,
        // nasm's increment stays 0 after lines that repeat a place (a %rep body, a macro's %rep) until a line follows
        // the one before: the lines after such a block get "+0" markers, and an empty line brings back "+1".
        ["increment-after-rep"] = """
            %macro all 1-*
            %rep %0
            item %1
            %rotate 1
            %endrep
            last %1
            %endmacro
            all a, b, c
            nop
            %assign i 0
            %rep 3
            %rep 2
            x i
            %endrep
            %assign i i+1
            %endrep
            y

            z
            %rep 2
             db 1
             db 2
            %endrep

            w
            """,
        // nasm's incbin macro: `%? %depend(%pathsearch(%1)),%2`, %2 defaulting to 0.
        ["incbin"] = """
            incbin "blob.bin"
            INCBIN 'blob.bin' ,  4 ,   3
            incbin "it's.bin", 10
            incbin `blob.bin`
            """,
        // A label before a macro call is a line of its own: the text before the macro's name and a colon if it has none.
        ["labels-before-macro-calls"] = """
            %macro two 0
                nop
                nop
            %endmacro
            here: two
            here2:two
            here3 two
               here4:    two
            .l: two
            x: section .data
            y: align 4
            z: global z
            w incbin "a.bin"
            """,
        // __?SECT?__ follows the section, segment and absolute macros, not the bracketed directives; endstruc restores it.
        ["sect-macro"] = """
            section .data   align=4
            db __?SECT?__
            [section .bss]
            db __SECT__
            absolute 0x10
            struc s
            .a resb 1
            endstruc
            segment .x
            db __?SECT?__
            """,
        ["braced-arguments"] = """
            global {a}, { b }, {c,d}
            extern {x:function}
            section {.text}
            """,
        // nasm's standard macros alias the legacy names of the special tokens case-insensitively (__FLOAT32__ is
        // __?float32?__); -E runs no assembler, so __?BITS?__ is 0 and __?PASS?__ 3.
        ["token-aliases-and-pass"] = """
            dd __float32__(1.5), __FLOAT32__(2.5), __?FLOAT32?__(1.0), __?float32?__(1.0)
            dq __Infinity__, __QNaN__, __snan__, __nan__, __float80e__(1)
            dw __utf16__("a"), __UTF32LE__("b"), __?utf16?__("c")
            dd __ilog2e__(8), __bfloat16__
            bits 32
            db __?BITS?__, __BITS__, __?PASS?__, __PASS__
            """,
        // nasm drops an empty last argument of a standard macro call (with a warning).
        ["trailing-empty-arguments"] = """
            section .data,
            global x,
            extern y,
            x: db 1
            align 4,
            cpu 686,
            y2: section .bss ,
            alignb 8 ,
            section .text
            align 8, db 0x90,
            """,
        // Parameter flags (! keeps braces and spaces); an empty expansion between spaces leaves one space.
        ["smacro-parameter-flags"] = """
            %define f(=a,&b,!c) a b c
            %define g(&&s) s
            %define h(a,+b) [a|b]
            %define k() 5
            %define e
            %define s(x) x
            db f(1+2, x y, {q}), g('z'), g(w), h(1), h(1,2,3), k(), k
            db 1, e e 2, s( 3 ), s(e)  4
            """,
        // %clear without options: the macros that are no aliases go (nasm's own too: its legacy names stay, as aliases of
        // what is gone, and %ifdef finds them undefined), with every multi-line macro (standard ones are written raw).
        ["clear-legacy"] = """
            %define a 1
            %defalias b a
            %macro m 0
            db 9
            %endmacro
            db a, b, __LINE__
            m
            section .data
            db 7
            %clear
            %ifdef a
            db 1
            %endif
            %ifdef b
            db 2
            %endif
            %ifdefalias b
            db 12
            %endif
            %ifmacro m
            db 3
            %endif
            %ifdef __?NASM_MAJOR?__
            db 4
            %endif
            %ifdef __NASM_MAJOR__
            db 5
            %endif
            %define a 7
            db a, b, __LINE__, __?LINE?__
            m
            section .text
            align 4
            x: bits 16
            """,
        // nasm -E runs smartalign's align macro as pass 3: the plain align's lines.
        ["smartalign"] = """
            %use smartalign
            bits 64
            nop
            align 16
            nop
            align 8, db 0
            alignmode k8
            align 32
            """,
        // %pragma: any namespace but preproc becomes an expanded [pragma …] line.
        ["pragma"] = """
            %define bar 5
            %pragma foo bar  x
            %pragma preproc sane_empty_expansion true
            %pragma
            %pragma 1 2
            %pragma asm   gprefix _
            nop
            """,
        // A %+ with nothing after it stays (nasm's assembler then finds an expression error); one before it pastes nothing.
        ["trailing-paste"] = """
            %define x 1 %+
            %define f(a) a %+
            %define y x %+ 2
            db x
            db f(3)
            db y
            db 4 %+
            %+
            db 5 %+ 6
            """,
        // A %+ followed by anything drops every %+ and blank after the token before it: `db 1 %+ %+' is db 1.
        ["paste-runs"] = """
            db 1 %+ %+
            db 5 %+ %+ 6
            %define E
            db 7 %+ E %+ 8
            db 9 %+E%+
            %+ db 4
            mov eax, 1 %+ 2
            """,
        // Macros without parameters given some are not called: the lines stay as they are (nasm warns).
        ["no-parameter-macros-with-parameters"] = """
            struc s
            endstruc 2
            endstruc
            use16 x
            x: use32 y, z
            istruc s
            iend 1
            iend
            """,
        // A brace groups an argument only at its start, but every brace counts where an argument's text ends (`1{,}2'
        // is one argument's text and the start of two); a call with three arguments matches nothing and stays.
        ["macro-argument-braces"] = """
            %macro m 2
            db %1
            db %2
            %endmacro
            m 1{,}2
            m { 5 } , 6
            m a{b}, {c}
            m { {3} }, 4
            m }2, 3
            m 1{, 2
            m 1{2}3, 4
            m 1{,}2, 5
            %macro n 1-3 {7,8}, 9
            db %2
            db %3
            %endmacro
            n 1
            n 1, {2}
            """,
        // A greedy parameter in braces is the group alone; one that only starts later keeps the rest of the line.
        ["greedy-brace-parameters"] = """
            %macro g 1+
            db %1
            %endmacro
            %macro h 2+
            db %1
            db %2
            %endmacro
            g {1}, 2
            g {1,2}, 3
            g a, {1}
            h 5, {6}, 7
            h 5, 6, {7}
            """,
        ["whitespace-runs"] = """
            a    equ 1
            mov   eax,	  1
            x:   resb 1
              .y:   nop   ; comment
            %define s 'two   spaces'
              db   s,   "a  b"
            """,
    };

    [RequiresToolsTheory("nasm")]
    [MemberData(nameof(ExactCaseNames))]
    public void SameTextAsNasm(string name)
    {
        var (nasm, ours) = PreprocessWithBoth(ExactCases[name] + "\n");
        Assert.Equal(nasm, ours);
    }

    /// <summary>`nasm -E` and nas64's -E text of <paramref name="source"/>; neither may report an error.</summary>
    private static (string Nasm, string Ours) PreprocessWithBoth(string source)
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("t.asm"), source);
        var nasm = ExternalTool.Run("nasm", ["-E", "t.asm"], temp.Path);
        Assert.True(nasm.ExitCode == 0, nasm.StandardError);
        var diagnostics = new DiagnosticBag();
        string ours = Assembler.Preprocessor.Preprocessor.PreprocessToText("t.asm", source, new AssemblerOptions { Format = OutputFormat.Bin }, diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join('\n', diagnostics.Items));
        return (nasm.StandardOutput, ours);
    }

    private static List<string> Normalize(string text) =>
        [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("%line", StringComparison.Ordinal))];
}
