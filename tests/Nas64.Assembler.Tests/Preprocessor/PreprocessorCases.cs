namespace Nas64.Assembler.Tests.Preprocessor;

/// <summary>Small programs, one per preprocessor feature; the expected bytes come from nasm.</summary>
internal static class PreprocessorCases
{
    public static readonly Dictionary<string, string> All = new()
    {
        ["define"] = """
            %define A 5
            %define B A+1
            %define A 7
            db A, B
            %undef A
            %ifdef A
            db 0xff
            %endif
            """,
        ["define-parameters"] = """
            %define add3(a,b,c) a+b+c
            %define sq(x) ((x)*(x))
            %define pick(a) a
            %define pick(a,b) b
            db add3(1,2,3), sq(2+1), pick(4), pick(4,5)
            %define nest(x) sq(x)+1
            db nest(3)
            """,
        ["xdefine-vs-define"] = """
            %define v 1
            %define lazy v
            %xdefine eager v
            %define v 2
            db lazy, eager
            """,
        ["idefine"] = """
            %idefine Foo 3
            db foo, FOO, Foo
            %ixdefine Bar Foo+1
            db bar
            """,
        ["self-reference"] = """
            %define foo foo
            %define y z
            %define z y
            %define f(x) x+f
            %define a b+c
            %define b c*2
            %define c 5
            foo: db 1
            z: db 2
            dd foo, z
            f: db f(3)
            db a
            """,
        ["assign"] = """
            %assign i 1
            %assign i i*3+1
            %iassign J i << 2
            db i, j
            %assign neg -5
            db neg
            """,
        ["paste"] = """
            %define PREFIX lbl
            %define mangle(x) PREFIX %+ _ %+ x
            mangle(one): db 1
            dd mangle(one)
            %define num 3
            %define r3 9
            db r %+ num
            """,
        ["indirect"] = """
            %define n 2
            %define val2 0x42
            db val%[n]
            %define which %[n]
            %define n 5
            db which
            """,
        ["strings"] = """
            %defstr s  hello   world
            db s
            %strcat t 'ab', "cd", `e\n`
            db t
            %strlen len 'abcdef'
            db len
            %substr sub 'xyzzy' 2, 3
            db sub
            %substr last 'xyzzy' 4, -1
            db last
            %deftok tok 'db 7'
            tok
            """,
        ["macro-basic"] = """
            %macro twice 1
                db %1
                db %1
            %endmacro
            twice 3
            twice 4+1
            """,
        ["macro-ranges-defaults"] = """
            %macro m 1-3 5, 6
                db %0, %1, %2, %3
            %endmacro
            m 1
            m 1, 2
            m 1, 2, 3
            """,
        ["macro-greedy"] = """
            %macro data 2+
                db %1
                db %2
            %endmacro
            data 1, 2, 3, 4
            %macro all 1-*
                db %0
                %rep %0
                    db %1
                    %rotate 1
                %endrep
            %endmacro
            all 9, 8, 7
            """,
        ["macro-overload"] = """
            %macro op 1
                db 1, %1
            %endmacro
            %macro op 2
                db 2, %1, %2
            %endmacro
            op 5
            op 5, 6
            """,
        ["macro-params-ranges"] = """
            %macro r 1-*
                db %{1:3}
                db %{3:1}
                db %{-1:-2}
                db %{2}
            %endmacro
            r 1, 2, 3, 4
            """,
        ["macro-local-labels"] = """
            %macro spin 0
            %%top:
                dec ecx
                jnz %%top
            %endmacro
            spin
            spin
            """,
        ["macro-label-before-call"] = """
            %macro nop2 0
                nop
                nop
            %endmacro
            %macro lab 0
            %00: db 1
            %endmacro
            here: nop2
            there: lab
                jmp here
                jmp there
            """,
        ["macro-braces-and-brace-params"] = """
            %macro m 2
                db %1
                db %2
            %endmacro
            m {1, 2}, 3
            %macro pasted 1
                mov eax, e%{1}x
            %endmacro
            pasted b
            """,
        ["macro-cc-inversion"] = """
            %macro jnot 2
                j%-1 %2
            %endmacro
            target:
            jnot e, target
            jnot nz, target
            """,
        ["exitmacro-unmacro"] = """
            %macro m 1
                db 1
                %if %1
                    %exitmacro
                %endif
                db 2
            %endmacro
            m 0
            m 1
            %unmacro m 1
            %ifmacro m
                db 0xff
            %endif
            """,
        ["macro-defines-macro"] = """
            %macro DECLARE_REG 3
                %xdefine r%1q %2
                %xdefine r%1d %3
            %endmacro
            DECLARE_REG 0, rdi, edi
            DECLARE_REG 1, rsi, esi
            mov r0q, r1q
            mov r1d, r0d
            %macro CAT 3
                %xdefine %1%2 %3
            %endmacro
            %assign k 4
            CAT m, k, xmm %+ k
            movdqa m4, xmm1
            """,
        ["conditionals"] = """
            %assign x 3
            %if x == 1
                db 1
            %elif x == 3
                db 3
            %else
                db 0
            %endif
            %ifn x > 5
                db 5
            %endif
            %if 0
              %if 1
                db 0xee
              %else
                db 0xef
              %endif
            %elif 0
                db 0xfe
            %else
                db 0x10
            %endif
            """,
        ["conditional-families"] = """
            %define d1
            %macro mm 1
            %endmacro
            %ifdef d1
                db 1
            %endif
            %ifndef d2
                db 2
            %endif
            %ifmacro mm
                db 3
            %endif
            %ifmacro mm 2
                db 0xff
            %endif
            %ifidn a b, a  b
                db 4
            %endif
            %ifidni ABC, abc
                db 5
            %endif
            %ifidn ABC, abc
                db 0xff
            %endif
            %ifid foo
                db 6
            %endif
            %ifnum 12
                db 7
            %endif
            %ifstr 'x'
                db 8
            %endif
            %iftoken 1+2
                db 0xff
            %else
                db 9
            %endif
            %ifempty
                db 10
            %endif
            %ifenv PATH
                db 11
            %endif
            %ifnenv NAS64_SURELY_NOT_SET
                db 12
            %endif
            """,
        ["rep"] = """
            %assign i 0
            %rep 5
                db i
                %assign i i+1
            %endrep
            %rep 3
                %rep 2
                    db 0xaa
                %endrep
                db 0xbb
            %endrep
            %assign j 0
            %rep 100
                %if j == 4
                    %exitrep
                %endif
                dw j
                %assign j j+1
            %endrep
            """,
        ["context-stack"] = """
            %macro IF 1
                %push if
                j%-1 %$ifnot
            %endmacro
            %macro ELSE 0
                %repl else
                jmp %$ifend
            %$ifnot:
            %endmacro
            %macro ENDIF 0
                %ifctx else
            %$ifend:
                %else
            %$ifnot:
                %endif
                %pop
            %endmacro
            cmp eax, ebx
            IF e
                inc eax
            ELSE
                dec eax
            ENDIF
            IF ne
                nop
            ENDIF
            """,
        ["context-outer"] = """
            %push outer
            %define %$v 1
            %push inner
            %define %$v 2
            db %$v, %$$v
            %pop
            %pop
            """,
        ["standard-macros"] = """
            db __?NASM_MAJOR?__, __?NASM_MINOR?__, __NASM_MAJOR__
            dd __?NASM_VERSION_ID?__
            db __?NASM_VER?__
            db __?BITS?__
            bits 32
            db __BITS__
            db __?LINE?__, __LINE__
            %ifidn __?OUTPUT_FORMAT?__, bin
                db 1
            %endif
            """,
        ["local-arg"] = """
            %push proc
            %stacksize flat64
            %assign %$localsize 0
            %arg a:qword, b:dword
            %local x:dword, y:qword
                mov rax, [a]
                mov ecx, [b]
                mov [x], eax
                mov [y], rcx
                sub rsp, %$localsize
            %pop
            """,
        ["continuation-and-comments"] = """
            %define long 1 + \
                2 + 3 ; comment
            db long
            """,
        ["use-altreg-fp"] = """
            %use altreg
            %use fp
            mov r0, r7
            mov r1d, r2d
            mov r8l, r3b
            dd float32(1.5)
            """,
        ["error-in-skipped-branch"] = """
            %if 0
                %error not reached
                this is not an instruction
            %endif
            db 1
            """,
    };
}
