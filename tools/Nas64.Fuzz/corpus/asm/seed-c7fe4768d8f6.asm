; ---- macro layer -------------------------------------------------------
%define PREFIX bench
%define mangle(x) PREFIX %+ _ %+ x
%assign cpuflags_sse2  (1 << 0)
%assign cpuflags_ssse3 (1 << 1) | cpuflags_sse2
%assign cpuflags_avx   (1 << 2) | cpuflags_ssse3
%assign cpuflags_avx2  (1 << 3) | cpuflags_avx

%macro CAT_XDEFINE 3          ; name, suffix, value: defines name%2 as value
    %xdefine %1%2 %3
%endmacro

%macro DECLARE_REG 3          ; index, 64-bit name, 32-bit name
    %xdefine r%1q %2
    %xdefine r%1d %3
    %xdefine r%1  %2
%endmacro
DECLARE_REG 0, rdi, edi
DECLARE_REG 1, rsi, esi
DECLARE_REG 2, rdx, edx
DECLARE_REG 3, rcx, ecx
DECLARE_REG 4, r8,  r8d
DECLARE_REG 5, r9,  r9d
DECLARE_REG 6, rax, eax
DECLARE_REG 7, r10, r10d
DECLARE_REG 8, r11, r11d

%macro INIT_CPU 2             ; width(xmm|ymm), flags
    %assign cpuflags cpuflags_%2
    %ifidn %1, ymm
        %assign mmsize 32
        %assign mmnum 0
        %rep 16
            CAT_XDEFINE m, mmnum, ymm %+ mmnum
            %assign mmnum mmnum + 1
        %endrep
    %else
        %assign mmsize 16
        %assign mmnum 0
        %rep 16
            CAT_XDEFINE m, mmnum, xmm %+ mmnum
            %assign mmnum mmnum + 1
        %endrep
    %endif
    %xdefine SUFFIX _%2
%endmacro

%macro SWAP 2                 ; rename two vector registers
    %xdefine %%tmp m%1
    %xdefine m%1 m%2
    %xdefine m%2 %%tmp
%endmacro

%macro cglobal 2-3 0          ; name, number of args, stack bytes
    %push func
    %xdefine %$name mangle(%1 %+ SUFFIX)
    global %$name:function
    align 16
    %$name:
    %assign %$stack %3
    %if %$stack > 0
        sub rsp, %$stack
    %endif
    %assign %$args %2
%endmacro

%macro RET 0
    %if %$stack > 0
        add rsp, %$stack
    %endif
    %if mmsize == 32
        vzeroupper
    %endif
    ret
    %pop
%endmacro

%macro mova 2
    %if cpuflags & (1 << 2)
        vmovdqa %1, %2
    %else
        movdqa %1, %2
    %endif
%endmacro

%macro PADD 3                 ; dst, a, b  (2- or 3-operand depending on the ISA)
    %if cpuflags & (1 << 2)
        vpaddw %1, %2, %3
    %else
        %ifnidn %1, %2
            movdqa %1, %2
        %endif
        paddw %1, %3
    %endif
%endmacro

%macro PMUL 3
    %if cpuflags & (1 << 2)
        vpmullw %1, %2, %3
    %else
        %ifnidn %1, %2
            movdqa %1, %2
        %endif
        pmullw %1, %3
    %endif
%endmacro

%macro TRANSPOSE_STEP 4       ; a, b, tmp, unroll
    %assign %%i 0
    %rep %4
        PADD m%3, m%1, m%2
        PMUL m%1, m%3, m%2
        SWAP %1, %2
        %assign %%i %%i + 1
    %endrep
%endmacro

%macro LOOP_BLOCK 3           ; counter reg, stride, body unroll
    %push loop
    mov %1, %2
%$top:
    TRANSPOSE_STEP 0, 1, 2, %3
    mova [r0q + %1 * 2], m0
    sub %1, 8
    jg %$top
    %pop
%endmacro

section .rodata
align 32
bench_consts: times 64 dw 0x1234

section .text
