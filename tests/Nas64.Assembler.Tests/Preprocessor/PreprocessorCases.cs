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
        // \x without hex digits is an x (nasm's string functions decode backquoted escapes).
        ["string-escapes"] = """
            %substr c `a\xg` 2
            db c
            %strcat d `\x`, `y`, `\x41\x4`, `\101\7`
            db d
            %strlen n `\x\x41`
            db n
            %defstr e `\xz`
            db e
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
        ["defalias"] = """
            %define foo 3
            %defalias bar foo
            db bar
            %define foo 4
            db bar
            %undefalias bar
            %ifdef bar
            db 0xff
            %endif
            """,
        ["macro-name-operators"] = """
            %imacro MyMac 0
            db %?, %??
            %endmacro
            %define MyMac_ 1
            %idefine FOO(x) x
            %macro show 0
              %defstr s1 %?
              %defstr s2 %??
              db s1, s2
            %endmacro
            %imacro Show2 0
              %defstr s1 %?
              %defstr s2 %??
              db s1, s2
            %endmacro
            show
            SHOW2
            %idefine Bar %?
            %idefine Baz %??
            %defstr x1 BAR
            %defstr x2 baz
            db x1, x2
            """,
        ["nolist-label-negative-ranges"] = """
            %macro quiet 1.nolist
            db %1
            %endmacro
            quiet 5
            %macro lab 0-1 9
            %00: db %1
            dq %00
            %endmacro
            x lab
            y: lab 4
            %macro neg 1-*
            db %{-2:-1}, %{3:2}, %0
            %endmacro
            neg 1,2,3
            """,
        ["conditional-families-2-line-clear"] = """
            %ifusable altreg
            db 1
            %endif
            %push abc
            %ifctx abc
            db 2
            %endif
            %ifnctx xyz
            db 3
            %endif
            %pop
            %pragma preproc sane_empty_expansion true
            %line 100 foo.asm
            db __?LINE?__
            %defstr f __?FILE?__
            db f
            %clear
            %ifdef __?NASM_MAJOR?__
            db 4
            %endif
            %iftoken abc
            db 5
            %endif
            %ifnempty x
            db 6
            %endif
            %ifidn 'ab', "ab"
            db 7
            %endif
            %ifnum -5
            db 8
            %endif
            %ifstr 'a' 'b'
            db 9
            %endif
            %define X 1
            %ifdef X
            %elifndef Y
            db 0xff
            %else
            db 0xfe
            %endif
            %ifndef ZZ
            db 10
            %elifdef X
            db 0xff
            %endif
            """,
        ["string-functions"] = """
            %define s 'hello'
            %strlen n s
            db n
            %substr c s 1
            db c
            %substr d 'abcdef' 2,-2
            db d
            %substr e 'abcdef' -3, 2
            db e
            db %strlen('xyz'), %strcat('a', 'b'), %substr('hello', 2, 3)
            %define t %strcat(s, ' there')
            db t
            db %str(a b, c)
            %deftok k 'nop'
            k
            %xdefine q %eval(3*4)
            db q
            %defstr ss 'quoted' x
            db ss
            """,
        ["nested-rep-exitrep"] = """
            %assign i 0
            %rep 3
            %assign j 0
            %rep 2
            db i*10+j
            %assign j j+1
            %if j == 1
            %exitrep
            %endif
            %endrep
            %assign i i+1
            %endrep
            db 0xcc
            """,
        ["struc-istruc-align"] = """
            struc point
            .x: resd 1
            .y: resd 1
            .name: resb 5
            endstruc
            istruc point
            at point.x, dd 1
            at point.y, dd 2
            at point.name, db 'abc'
            iend
            db point_size
            align 8
            db 1
            alignb 4
            mov eax, [rbx + point.y]
            """,
        ["use-ifunc"] = """
            %use ifunc
            db ilog2(64), ilog2e(64), ilog2w(63), ilog2f(63), ilog2c(63)
            """,
        ["preprocessor-functions"] = """
            db %eval(3*4), %eval(1+1, 2*3)
            db %abs(-7), %count(a, b, c), %count()
            db %sel(2, 5, 6, 7), %cond(1, 8, 9), %cond(0, 8, 9) %cond(0, 8)
            db %str(a b, c), %str()
            db %strcat('a', "b"), %strlen('xyz'), %strlen(%str(abc))
            db %substr('hello', 2, 3), %substr('hello', 2)
            %tok('nop')
            db %isdef(foo), %isnum(5), %isidn(a, a)
            %define twelve %eval(12)
            db twelve
            """,
        ["macro-named-after-instruction"] = """
            %macro paddw 2-3
            %if %0 == 3
                movdqa %1, %2
                paddw %1, %3
            %else
                paddw %1, %2
            %endif
            %endmacro
            %imacro RET 0
                xor eax, eax
                ret
            %endmacro
            paddw xmm0, xmm1, xmm2
            paddw xmm3, xmm4
            RET
            %rmacro count 1
            %if %1 > 0
                db %1
                count %1-1
            %endif
            %endmacro
            count 3
            """,
        ["cc-inversion-braces-negative-ranges"] = """
            %macro last 1-*
            db %{-1:1}, %0
            %endmacro
            last 1, 2, 3
            last 7
            %macro cc 1
            j%-1 $
            j%+1 $
            j%{-1} short $
            cmov%{-1} eax, ebx
            set%{+1} al
            %endmacro
            cc nz
            cc ae
            cc pe
            """,
        ["stacksize-models"] = """
            bits 32
            %push f
            %stacksize flat
            %assign %$localsize 0
            %arg a:dword, b:word, c:byte
            %local x:dword, y:byte
            mov eax, [a]
            mov bx, [b]
            mov cl, [c]
            mov [x], eax
            mov [y], cl
            db %$localsize
            %pop
            bits 16
            %push g
            %stacksize small
            %assign %$localsize 0
            %arg p:word, q:dword
            %local r:word
            mov ax, [p]
            mov eax, [q]
            mov [r], ax
            db %$localsize
            %pop
            %push h
            %stacksize large
            %assign %$localsize 0
            %arg p:word, q:word
            %local r:dword, s:qword
            mov ax, [p]
            mov ax, [q]
            mov [r], eax
            db %$localsize
            %pop
            """,
    };
}
