using Nas64.TestSupport;
using Xunit;

namespace Nas64.Assembler.Tests.Preprocessor;

/// <summary>
/// A small library in the style of x86inc.asm (dav1d, x264, FFmpeg): register names by %define, argument
/// names by %xdefine and %rotate, INIT_XMM/INIT_YMM/INIT_ZMM switching register width and instruction
/// choice, cglobal prologues with context-stack state, cextern, %[…] and %+ building names; the same
/// functions instantiated for SSE2, SSSE3, AVX, AVX2 and AVX-512. The object must equal nasm's.
/// </summary>
public sealed class X86IncLibraryTests
{
    private const string Source = """
        ; ---- x86inc-style layer ---------------------------------------------------
        %define private_prefix nas
        %define public_prefix  nas64
        %macro SECTION_RODATA 0-1 16
            SECTION .rodata align=%1
        %endmacro
        %define mangle(x) private_prefix %+ _ %+ x

        %assign cpuflags_sse2    (1<<0)
        %assign cpuflags_ssse3   (1<<1) | cpuflags_sse2
        %assign cpuflags_avx     (1<<2) | cpuflags_ssse3
        %assign cpuflags_avx2    (1<<3) | cpuflags_avx
        %assign cpuflags_avx512  (1<<4) | cpuflags_avx2
        %define cpuflag(x) ((cpuflags & (cpuflags_ %+ x)) == (cpuflags_ %+ x))

        %macro DECLARE_REG 5             ; n, q, d, w, b
            %define r%1q %2
            %define r%1d %3
            %define r%1w %4
            %define r%1b %5
            %define r%1  %2
        %endmacro
        DECLARE_REG 0, rdi, edi, di,  dil
        DECLARE_REG 1, rsi, esi, si,  sil
        DECLARE_REG 2, rdx, edx, dx,  dl
        DECLARE_REG 3, rcx, ecx, cx,  cl
        DECLARE_REG 4, r8,  r8d, r8w, r8b
        DECLARE_REG 5, r9,  r9d, r9w, r9b
        DECLARE_REG 6, rax, eax, ax,  al
        DECLARE_REG 7, r10, r10d, r10w, r10b

        %macro DEFINE_ARGS 0-*           ; names for r0.. in order: nameq, named, name
            %assign %%i 0
            %rep %0
                %xdefine %1q r %+ %%i %+ q
                %xdefine %1d r %+ %%i %+ d
                %xdefine %1 r %+ %%i %+ q
                %assign %%i %%i+1
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

        %macro INIT_MM_REGS 2            ; register prefix, count
            %assign %%i 0
            %rep %2
                %xdefine m%[%%i] %1 %+ %%i
                %xdefine nn%1 %+ %%i %%i
                %assign %%i %%i+1
            %endrep
        %endmacro

        %macro INIT_XMM 0-1
            %assign mmsize 16
            %define mova movdqa
            %define movu movdqu
            %if %0 && 1
                INIT_CPUFLAGS %1
                %if cpuflag(avx)
                    %define mova vmovdqa
                    %define movu vmovdqu
                %endif
            %endif
            INIT_MM_REGS xmm, 16
        %endmacro
        %macro INIT_YMM 0-1
            %assign mmsize 32
            %define mova vmovdqa
            %define movu vmovdqu
            INIT_CPUFLAGS %1
            INIT_MM_REGS ymm, 16
        %endmacro
        %macro INIT_ZMM 0-1
            %assign mmsize 64
            %define mova vmovdqa64
            %define movu vmovdqu64
            INIT_CPUFLAGS %1
            INIT_MM_REGS zmm, 32
        %endmacro

        %macro SWAP 2
            %xdefine %%t m%1
            %xdefine m%1 m%2
            %xdefine m%2 %%t
        %endmacro

        %macro cglobal 1-3 0, 0          ; name, args, stack
            %push cglobal
            %xdefine %$fname mangle(%1 %+ SUFFIX)
            global %$fname:function hidden
            align 16
            %$fname:
            %assign %$stack %3
            %if %$stack
                sub rsp, %$stack
            %endif
        %endmacro

        %macro RET 0
            %if %$stack
                add rsp, %$stack
            %endif
            %if mmsize >= 32
                vzeroupper
            %endif
            ret
            %pop
        %endmacro

        %macro cextern 1
            %xdefine %1 mangle(%1)
            extern %1
        %endmacro

        %macro PADDW 3
            %if cpuflag(avx)
                vpaddw %1, %2, %3
            %else
                %ifnidn %1, %2
                    mova %1, %2
                %endif
                paddw %1, %3
            %endif
        %endmacro

        %macro LOOP_N 1                  ; counter: a counted loop with context labels
            %push loop
            mov %1, 4
        %$top:
            %assign %$saved mmsize
            PADDW m0, m0, m1
            dec %1
            jnz %$top
            %pop
        %endmacro
        ; ---- functions ------------------------------------------------------------
        cextern helper

        SECTION_RODATA 64
        pw_1: times 32 dw 1
        pd_table: dq pw_1, pw_1 + 16

        SECTION .text

        %macro ADD_FUNCS 0
        cglobal add_w, 3
            DEFINE_ARGS dst, src, len
            movu m0, [srcq]
            movu m1, [rel pw_1]
            PADDW m0, m0, m1
            movu [dstq], m0
            RET

        cglobal add_loop, 2, 32
            DEFINE_ARGS dst, cnt
            mova m1, [rel pw_1]
            LOOP_N cntd
            SWAP 0, 1
            movu [dstq], m0
            call helper
            RET
        %endmacro

        INIT_XMM sse2
        ADD_FUNCS
        INIT_XMM ssse3
        ADD_FUNCS
        INIT_XMM avx
        ADD_FUNCS
        INIT_YMM avx2
        ADD_FUNCS
        INIT_ZMM avx512
        ADD_FUNCS

        cglobal mask_add, 3
            DEFINE_ARGS dst, src, n
            kmovd k1, nd
            vmovdqu16 m0{k1}{z}, [srcq]
            vpaddw m0{k1}, m0, [rel pw_1]
            vpbroadcastd m2, [rel pw_1]
            vpaddd m3, m2, [srcq + 128]
            vpternlogd m4, m3, m2, 0x96
            vmovdqu64 [dstq + 64*3], m0
            lea rax, [rel pd_table]
            mov rax, [rax + 8]
            RET

        %assign k 0
        %rep 3
        INIT_XMM sse2
        cglobal dummy %+ k, 1
        %assign k k+1
            pxor m%[k], m3
            RET
        %endrep
        """;

    [RequiresToolsFact("nasm", "objcopy", "nm", "readelf")]
    public void FunctionsAcrossSse2Avx2Avx512MatchNasmObject()
    {
        var nasm = NasmComparison.NasmElf(Source);
        var ours = NasmComparison.OursElf(Source);
        NasmComparison.AssertSameBytes(nasm.Text, ours.Text);
        NasmComparison.AssertSameBytes(nasm.ReadOnlyData, ours.ReadOnlyData);
        Assert.Equal(nasm.Symbols, ours.Symbols);
        Assert.Equal(nasm.Relocations, ours.Relocations);
        Assert.Contains(nasm.Symbols, s => s.EndsWith(" T nas_add_loop_avx512", StringComparison.Ordinal));
    }
}
