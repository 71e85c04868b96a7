using Nas64.TestSupport;
using Xunit;

namespace Nas64.Assembler.Tests.Preprocessor;

/// <summary>
/// A macro layer in the style of x86inc.asm (dav1d, x264, FFmpeg), written for this test, with 39 functions on top:
/// cglobal with argument, register and xmm counts (callee-saved pushes, vzeroupper only when the upper AVX-512 bank
/// is not used), a stack frame aligned to the vector size, INIT_XMM/INIT_YMM/INIT_ZMM, argument names and SWAP
/// renaming by %xdefine, public const tables in .rodata and cextern tables and calls (relocations), %rep unrolling,
/// context-stack loop labels, smartalign padding between functions, and a .rodata table of function pointers.
/// nas64's object must equal nasm's: .text and .rodata bytes, symbols and relocations.
/// </summary>
public sealed class SimdLibraryTests
{
    private const string Source = """
        ; ---- an x86inc-style layer, written for nas64's tests ------------------------
        %use smartalign
        alignmode p6

        %define program_name nas
        %define mangle(x) program_name %+ _ %+ x
        %define ARCH_X86_64 1

        %macro SECTION_RODATA 0-1 16
            SECTION .rodata align=%1
        %endmacro

        ; const name, data...: a public table in .rodata
        %macro const 1-2+
            %xdefine %1 mangle(%1)
            global %1:data hidden
            %1: %2
        %endmacro

        ; cextern name: a table or function of another object, by its mangled name
        %macro cextern 1
            %xdefine %1 mangle(%1)
            extern %1
        %endmacro

        %assign cpuflags_sse2     (1<<0)
        %assign cpuflags_ssse3    (1<<1) | cpuflags_sse2
        %assign cpuflags_sse4     (1<<2) | cpuflags_ssse3
        %assign cpuflags_avx      (1<<3) | cpuflags_sse4
        %assign cpuflags_avx2     (1<<4) | cpuflags_avx
        %assign cpuflags_avx512   (1<<5) | cpuflags_avx2
        %define cpuflag(x) ((cpuflags & (cpuflags_ %+ x)) == (cpuflags_ %+ x))
        %define notcpuflag(x) (cpuflag(x) == 0)

        ; r0..r14 in the SysV order; the real names are upper case so r9 -> rbx cannot catch R9
        %macro DECLARE_REG 5                ; n, q, d, w, b
            %define r%1q %2
            %define r%1d %3
            %define r%1w %4
            %define r%1b %5
            %define r%1  %2
        %endmacro
        DECLARE_REG 0,  RDI, EDI,  DI,   DIL
        DECLARE_REG 1,  RSI, ESI,  SI,   SIL
        DECLARE_REG 2,  RDX, EDX,  DX,   DL
        DECLARE_REG 3,  RCX, ECX,  CX,   CL
        DECLARE_REG 4,  R8,  R8D,  R8W,  R8B
        DECLARE_REG 5,  R9,  R9D,  R9W,  R9B
        DECLARE_REG 6,  RAX, EAX,  AX,   AL
        DECLARE_REG 7,  R10, R10D, R10W, R10B
        DECLARE_REG 8,  R11, R11D, R11W, R11B
        DECLARE_REG 9,  RBX, EBX,  BX,   BL
        DECLARE_REG 10, RBP, EBP,  BP,   BPL
        DECLARE_REG 11, R12, R12D, R12W, R12B
        DECLARE_REG 12, R13, R13D, R13W, R13B
        DECLARE_REG 13, R14, R14D, R14W, R14B
        DECLARE_REG 14, R15, R15D, R15W, R15B
        %define rstk RAX

        ; DEFINE_ARGS a, b, c: aq/ad/aw/ab name r0.., in order (no bare name, so the next cglobal's names stay words)
        %macro DEFINE_ARGS 0-*
            %assign %%i 0
            %rep %0
                %xdefine %1q r %+ %%i %+ q
                %xdefine %1d r %+ %%i %+ d
                %xdefine %1w r %+ %%i %+ w
                %xdefine %1b r %+ %%i %+ b
                %assign %%i %%i+1
                %rotate 1
            %endrep
            %xdefine arg_count %0
        %endmacro

        %macro PUSH_IF_USED 1-*
            %rep %0
                %if %1 < regs_used
                    push r%1
                    %assign regs_pushed regs_pushed+1
                %endif
                %rotate 1
            %endrep
        %endmacro
        %macro POP_IF_USED 1-*
            %rep %0
                %if %1 < regs_used
                    pop r%1
                %endif
                %rotate 1
            %endrep
        %endmacro

        %macro INIT_CPUFLAGS 0-1
            %ifnempty %1
                %assign cpuflags cpuflags_%1
                %xdefine SUFFIX _ %+ %1
            %else
                %assign cpuflags 0
                %xdefine SUFFIX _c
            %endif
        %endmacro

        ; m0.. and their numbers; the first register of the bank can be moved (AVX-512 uses 16..31)
        %macro INIT_MM_REGS 3                ; type, count, first
            %assign %%i 0
            %rep %2
                %xdefine m%[%%i] %1 %+ %eval(%%i + %3)
                %xdefine xm%[%%i] xmm %+ %eval(%%i + %3)
                %xdefine ym%[%%i] ymm %+ %eval(%%i + %3)
                %xdefine nn%1 %+ %eval(%%i + %3) %%i
                %assign %%i %%i+1
            %endrep
            %xdefine mmtype %1
        %endmacro

        %macro INIT_XMM 0-1
            %assign mmsize 16
            INIT_CPUFLAGS %1
            %if cpuflag(avx)
                %define mova vmovdqa
                %define movu vmovdqu
            %else
                %define mova movdqa
                %define movu movdqu
            %endif
            INIT_MM_REGS xmm, 16, 0
        %endmacro
        %macro INIT_YMM 0-1
            %assign mmsize 32
            INIT_CPUFLAGS %1
            %define mova vmovdqa
            %define movu vmovdqu
            INIT_MM_REGS ymm, 16, 0
        %endmacro
        %macro INIT_ZMM 0-1
            %assign mmsize 64
            INIT_CPUFLAGS %1
            %define mova vmovdqa64
            %define movu vmovdqu64
            INIT_MM_REGS zmm, 32, 0
        %endmacro

        ; SWAP a, b, c...: rename the registers behind m<a>, m<b>... (no instruction)
        %macro SWAP 2-*
            %rep %0-1
                %xdefine %%t m%1
                %xdefine m%1 m%2
                %xdefine m%2 %%t
                %rotate 1
            %endrep
        %endmacro

        ; cglobal name, #args, #regs, #xmm[, stack bytes][, arg names...]
        %macro cglobal 4-*
            %ifctx func
                %pop
            %endif
            %push func
            %xdefine %$name mangle(%1 %+ SUFFIX)
            global %$name:function hidden
            align 16
            %$name:
            %assign regs_used %3
            %assign regs_pushed 0
            %assign xmm_regs_used %4
            %assign vzeroupper_required mmsize > 16 && (ARCH_X86_64 == 0 || xmm_regs_used > 16 || notcpuflag(avx512))
            %if cpuflag(avx512) && mmsize == 64 && xmm_regs_used <= 16
                INIT_MM_REGS zmm, 16, 16      ; the upper bank needs no vzeroupper
            %endif
            PUSH_IF_USED 9, 10, 11, 12, 13, 14
            %assign stack_size 0
            %if %0 > 4
                %rotate 4
                %ifnum %1
                    %assign stack_size %1
                    %rotate 1
                    %if %0 > 5
                        DEFINE_ARGS %{1:-6}
                    %endif
                %else
                    DEFINE_ARGS %{1:-5}
                %endif
            %endif
            %if stack_size
                mov rstk, rsp
                and rsp, ~(%cond(mmsize > 16, mmsize, 16) - 1)
                sub rsp, stack_size + 8
                mov [rsp + stack_size], rstk
            %endif
        %endmacro

        %macro RET 0
            %if stack_size
                mov rsp, [rsp + stack_size]
            %endif
            POP_IF_USED 14, 13, 12, 11, 10, 9
            %if vzeroupper_required
                vzeroupper
            %endif
            ret
        %endmacro

        ; instructions that take three operands under AVX and two under SSE
        %macro AVX3 3-4                      ; sse name, dst, src1, src2
            %if cpuflag(avx)
                v%1 %2, %3, %4
            %else
                %ifnidn %2, %3
                    mova %2, %3
                %endif
                %1 %2, %4
            %endif
        %endmacro
        %macro PADDW 3
            AVX3 paddw, %1, %2, %3
        %endmacro
        %macro PSUBW 3
            AVX3 psubw, %1, %2, %3
        %endmacro
        %macro PAVGB 3
            AVX3 pavgb, %1, %2, %3
        %endmacro
        %macro PMULLW 3
            AVX3 pmullw, %1, %2, %3
        %endmacro
        %macro PMAXSW 3
            AVX3 pmaxsw, %1, %2, %3
        %endmacro
        %macro PMINSW 3
            AVX3 pminsw, %1, %2, %3
        %endmacro
        %macro PXOR 3
            %if cpuflag(avx512)
                vpxorq %1, %2, %3
            %else
                AVX3 pxor, %1, %2, %3
            %endif
        %endmacro

        %macro PADDD 3
            AVX3 paddd, %1, %2, %3
        %endmacro
        %macro PMADDWD 3
            AVX3 pmaddwd, %1, %2, %3
        %endmacro
        %macro PSHUFD 3
            %if cpuflag(avx)
                vpshufd %1, %2, %3
            %else
                pshufd %1, %2, %3
            %endif
        %endmacro
        %macro MOVD 2
            %if cpuflag(avx)
                vmovd %1, %2
            %else
                movd %1, %2
            %endif
        %endmacro

        ; HSUMD a, t: the sum of the dwords of m<a> in the low dword of xm<a> (m<t> is clobbered)
        %macro HSUMD 2
            %if mmsize == 64
                vextracti32x8 ym%2, m%1, 1
                vpaddd ym%1, ym%1, ym%2
            %endif
            %if mmsize >= 32
                %if cpuflag(avx512)
                    vextracti32x4 xm%2, ym%1, 1
                %else
                    vextracti128 xm%2, ym%1, 1
                %endif
                vpaddd xm%1, xm%1, xm%2
            %endif
            PSHUFD xm%2, xm%1, 0x4e
            PADDD xm%1, xm%1, xm%2
            PSHUFD xm%2, xm%1, 0xb1
            PADDD xm%1, xm%1, xm%2
        %endmacro

        ; a counted loop with labels in its own context: LOOP_BEGIN counter, n ... LOOP_END
        %macro LOOP_BEGIN 2
            %push loop
            %xdefine %$counter %1
            mov %1, %2
        %$top:
        %endmacro
        %macro LOOP_END 0
            dec %$counter
            jnz %$top
            %pop
        %endmacro

        ; ---- functions ---------------------------------------------------------------
        cextern pw_min
        cextern pw_max
        cextern log_call

        SECTION_RODATA 64
        const pw_1,     times 32 dw 1
        const pw_scale, times 32 dw 3
        pb_shuffle: db 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14

        SECTION .text

        %macro FUNCS 0
        cglobal add_pixels, 3, 3, 2, dst, src, len
        .loop:
            movu   m0, [dstq]
            movu   m1, [srcq]
            PADDW  m0, m0, m1
            movu   [dstq], m0
            add    dstq, mmsize
            add    srcq, mmsize
            sub    lend, mmsize/2
            jg     .loop
            RET

        cglobal sub_pixels, 3, 3, 2, dst, src, len
            LOOP_BEGIN lend, 4
            %assign %%k 0
            %rep 2
                movu   m%[%%k], [dstq + %%k*mmsize]
                movu   m%[%eval(%%k+1)], [srcq + %%k*mmsize]
                PSUBW  m%[%%k], m%[%%k], m%[%eval(%%k+1)]
                movu   [dstq + %%k*mmsize], m%[%%k]
                %assign %%k %%k+1
            %endrep
            add    dstq, 2*mmsize
            LOOP_END
            RET

        cglobal avg_pixels, 4, 4, 3, dst, a, b, len
            LOOP_BEGIN lend, 2
            movu   m0, [aq]
            movu   m1, [bq]
            PAVGB  m2, m0, m1
            mova   [dstq], m2
            add    aq, mmsize
            add    bq, mmsize
            add    dstq, mmsize
            LOOP_END
            RET

        cglobal scale_pixels, 3, 3, 3, dst, src, len
            movu   m2, [rel pw_scale]
        .loop:
            movu   m0, [srcq + lenq*2 - mmsize]
            PMULLW m1, m0, m2
            movu   [dstq + lenq*2 - mmsize], m1
            sub    lenq, mmsize/2
            jnz    .loop
            RET

        cglobal clip_pixels, 2, 4, 4, dst, len, lo, hi
            lea    loq, [rel pw_min]
            lea    hiq, [rel pw_max]
            movu   m2, [loq]
            movu   m3, [hiq]
        .next:
            movu   m0, [dstq]
            PMAXSW m0, m0, m2
            PMINSW m1, m0, m3
            movu   [dstq], m1
            add    dstq, mmsize
            dec    lend
            jnz    .next
            RET

        cglobal sum_pixels, 2, 3, 3, src, len, acc
            PXOR   m0, m0, m0
        .add:
            movu   m1, [srcq]
            PMADDWD m1, m1, [rel pw_1]
            PADDD  m0, m0, m1
            add    srcq, mmsize
            sub    lend, mmsize/2
            jg     .add
            HSUMD  0, 2
            MOVD   eax, xm0
            RET

        cglobal rotate_regs, 2, 2, 3, dst, src
            movu   m0, [srcq]
            movu   m1, [srcq + mmsize]
            movu   m2, [srcq + 2*mmsize]
            SWAP   0, 1, 2
            movu   [dstq], m0
            movu   [dstq + mmsize], m1
            movu   [dstq + 2*mmsize], m2
            SWAP   2, 1, 0
            RET

        cglobal stack_copy, 2, 2, 2, 3*64, dst, src
            movu   m0, [srcq]
            mova   [rsp], m0
            mova   [rsp + mmsize], m0
            movu   m1, [rsp + mmsize]
            movu   [dstq], m1
            RET

        cglobal many_regs, 3, 12, 2, dst, src, n, t0, t1, t2, t3, t4, t5, t6, t7, t8
            mov    t0d, nd
            lea    t5q, [srcq + t0q*2]
            mov    t6q, dstq
            xor    t7d, t7d
            call   log_call
            movu   m0, [t5q - mmsize]
            movu   [t6q + t7q], m0
            mov    t8q, t0q
            RET
        %endmacro

        INIT_XMM sse2
        FUNCS
        INIT_XMM avx
        FUNCS
        INIT_YMM avx2
        FUNCS
        INIT_ZMM avx512
        FUNCS

        INIT_ZMM avx512
        cglobal mask_add, 3, 3, 20, dst, src, n
            kmovd  k1, nd
            vmovdqu16 m0{k1}{z}, [srcq]
            vpaddw m0{k1}, m0, [rel pw_1]
            vpbroadcastd m17, [rel pw_1]
            vpternlogd m18, m17, m0, 0x96
            vmovdqu64 [dstq + 64*3], m18
            RET

        INIT_XMM ssse3
        cglobal byteswap16, 2, 2, 2, dst, src
            movu   m0, [srcq]
            pshufb m0, [rel pb_shuffle]
            movu   [dstq], m0
            RET

        cglobal get_table, 0, 1, 0
            lea    rax, [rel dispatch]
            RET

        SECTION_RODATA 8
        dispatch:
        %macro TABLE_ROW 1-*
            %rep %0
                dq mangle(add_pixels_ %+ %1), mangle(sum_pixels_ %+ %1)
                %rotate 1
            %endrep
        %endmacro
        TABLE_ROW sse2, avx, avx2, avx512
        dq mangle(mask_add_avx512) + 16
        """;

    [RequiresToolsFact("nasm", "objcopy", "nm", "readelf")]
    public void ThirtyNineFunctionsAcrossSse2AvxAvx2Avx512MatchNasmObject()
    {
        var nasm = NasmComparison.NasmElf(Source);
        var ours = NasmComparison.OursElf(Source);
        NasmComparison.AssertSameBytes(nasm.Text, ours.Text);
        NasmComparison.AssertSameBytes(nasm.ReadOnlyData, ours.ReadOnlyData);
        Assert.Equal(nasm.Symbols, ours.Symbols);
        Assert.Equal(nasm.Relocations, ours.Relocations);
        Assert.True(nasm.Symbols.Count(s => s.Contains(" T nas_", StringComparison.Ordinal)) >= 36);
        Assert.Contains(nasm.Relocations, r => r.Contains("R_X86_64_64", StringComparison.Ordinal));
        Assert.Contains(nasm.Relocations, r => r.Contains("nas_pw_min", StringComparison.Ordinal));
    }
}
