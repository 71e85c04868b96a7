namespace Nas64.Assembler.Preprocessor;

/// <summary>The macro packages of <c>%use</c>: NASM's altreg, smartalign, ifunc and fp, and nas64's linux.</summary>
internal static class StandardMacros
{
    public static string? Package(string name) => name.ToLowerInvariant() switch
    {
        "altreg" => AltReg,
        "smartalign" => SmartAlign,
        "fp" => FloatingPoint,
        "ifunc" => IntegerFunctions,
        "linux" => LinuxPackage.Text,
        _ => null,
    };

    private const string AltReg = """
        %idefine r0 rax
        %idefine r1 rcx
        %idefine r2 rdx
        %idefine r3 rbx
        %idefine r4 rsp
        %idefine r5 rbp
        %idefine r6 rsi
        %idefine r7 rdi
        %idefine r0d eax
        %idefine r1d ecx
        %idefine r2d edx
        %idefine r3d ebx
        %idefine r4d esp
        %idefine r5d ebp
        %idefine r6d esi
        %idefine r7d edi
        %idefine r0w ax
        %idefine r1w cx
        %idefine r2w dx
        %idefine r3w bx
        %idefine r4w sp
        %idefine r5w bp
        %idefine r6w si
        %idefine r7w di
        %idefine r0b al
        %idefine r1b cl
        %idefine r2b dl
        %idefine r3b bl
        %idefine r4b spl
        %idefine r5b bpl
        %idefine r6b sil
        %idefine r7b dil
        %idefine r0l al
        %idefine r1l cl
        %idefine r2l dl
        %idefine r3l bl
        %idefine r4l spl
        %idefine r5l bpl
        %idefine r6l sil
        %idefine r7l dil
        %idefine r0h ah
        %idefine r1h ch
        %idefine r2h dh
        %idefine r3h bh
        %idefine r8l r8b
        %idefine r9l r9b
        %idefine r10l r10b
        %idefine r11l r11b
        %idefine r12l r12b
        %idefine r13l r13b
        %idefine r14l r14b
        %idefine r15l r15b
        """;

    // The alignmode switch of NASM's smartalign: it defines the NOP tables that `align' then uses
    // (the preprocessor hands them to the assembler with the line, see Preprocessor.TrySmartAlign).
    // The tables are nasm 2.16's, including k7 setting the 64-bit group size in its 16-bit table.
    private const string SmartAlign = """
        %imacro alignmode 1-2.nolist
            %ifidni %1, nop
                %define __?ALIGN_JMP_THRESHOLD?__ 16
                %define __?ALIGN_16BIT_1B?__ 0x90
                %define __?ALIGN_16BIT_GROUP?__ 1
                %define __?ALIGN_32BIT_1B?__ 0x90
                %define __?ALIGN_32BIT_GROUP?__ 1
                %define __?ALIGN_64BIT_1B?__ 0x90
                %define __?ALIGN_64BIT_GROUP?__ 1
            %elifidni %1, generic
                %define __?ALIGN_JMP_THRESHOLD?__ 8
                %define __?ALIGN_16BIT_1B?__ 0x90
                %define __?ALIGN_16BIT_2B?__ 0x89,0xf6
                %define __?ALIGN_16BIT_3B?__ 0x8d,0x74,0x00
                %define __?ALIGN_16BIT_4B?__ 0x8d,0xb4,0x00,0x00
                %define __?ALIGN_16BIT_5B?__ 0x8d,0xb4,0x00,0x00,0x90
                %define __?ALIGN_16BIT_6B?__ 0x8d,0xb4,0x00,0x00,0x89,0xff
                %define __?ALIGN_16BIT_7B?__ 0x8d,0xb4,0x00,0x00,0x8d,0x7d,0x00
                %define __?ALIGN_16BIT_8B?__ 0x8d,0xb4,0x00,0x00,0x8d,0xbd,0x00,0x00
                %define __?ALIGN_16BIT_GROUP?__ 8
                %define __?ALIGN_32BIT_1B?__ 0x90
                %define __?ALIGN_32BIT_2B?__ 0x89,0xf6
                %define __?ALIGN_32BIT_3B?__ 0x8d,0x76,0x00
                %define __?ALIGN_32BIT_4B?__ 0x8d,0x74,0x26,0x00
                %define __?ALIGN_32BIT_5B?__ 0x90,0x8d,0x74,0x26,0x00
                %define __?ALIGN_32BIT_6B?__ 0x8d,0xb6,0x00,0x00,0x00,0x00
                %define __?ALIGN_32BIT_7B?__ 0x8d,0xb4,0x26,0x00,0x00,0x00,0x00
                %define __?ALIGN_32BIT_GROUP?__ 7
                %define __?ALIGN_64BIT_1B?__ 0x90
                %define __?ALIGN_64BIT_2B?__ 0x66,0x90
                %define __?ALIGN_64BIT_3B?__ 0x66,0x66,0x90
                %define __?ALIGN_64BIT_4B?__ 0x66,0x66,0x66,0x90
                %define __?ALIGN_64BIT_GROUP?__ 4
            %elifidni %1, k8
                %define __?ALIGN_JMP_THRESHOLD?__ 16
                %define __?ALIGN_16BIT_1B?__ 0x90
                %define __?ALIGN_16BIT_2B?__ 0x66,0x90
                %define __?ALIGN_16BIT_3B?__ 0x66,0x66,0x90
                %define __?ALIGN_16BIT_4B?__ 0x66,0x66,0x66,0x90
                %define __?ALIGN_16BIT_GROUP?__ 4
                %define __?ALIGN_32BIT_1B?__ 0x90
                %define __?ALIGN_32BIT_2B?__ 0x66,0x90
                %define __?ALIGN_32BIT_3B?__ 0x66,0x66,0x90
                %define __?ALIGN_32BIT_4B?__ 0x66,0x66,0x66,0x90
                %define __?ALIGN_32BIT_GROUP?__ 4
                %define __?ALIGN_64BIT_1B?__ 0x90
                %define __?ALIGN_64BIT_2B?__ 0x66,0x90
                %define __?ALIGN_64BIT_3B?__ 0x66,0x66,0x90
                %define __?ALIGN_64BIT_4B?__ 0x66,0x66,0x66,0x90
                %define __?ALIGN_64BIT_GROUP?__ 4
            %elifidni %1, k7
                %define __?ALIGN_JMP_THRESHOLD?__ 16
                %define __?ALIGN_16BIT_1B?__ 0x90
                %define __?ALIGN_16BIT_2B?__ 0x66,0x90
                %define __?ALIGN_16BIT_3B?__ 0x66,0x66,0x90
                %define __?ALIGN_16BIT_4B?__ 0x66,0x66,0x66,0x90
                %define __?ALIGN_64BIT_GROUP?__ 4
                %define __?ALIGN_32BIT_1B?__ 0x90
                %define __?ALIGN_32BIT_2B?__ 0x8b,0xc0
                %define __?ALIGN_32BIT_3B?__ 0x8d,0x04,0x20
                %define __?ALIGN_32BIT_4B?__ 0x8d,0x44,0x20,0x00
                %define __?ALIGN_32BIT_5B?__ 0x8d,0x44,0x20,0x00,0x90
                %define __?ALIGN_32BIT_6B?__ 0x8d,0x80,0x00,0x00,0x00,0x00
                %define __?ALIGN_32BIT_7B?__ 0x8d,0x04,0x05,0x00,0x00,0x00,0x00
                %define __?ALIGN_32BIT_GROUP?__ 7
                %define __?ALIGN_64BIT_1B?__ 0x90
                %define __?ALIGN_64BIT_2B?__ 0x66,0x90
                %define __?ALIGN_64BIT_3B?__ 0x66,0x66,0x90
                %define __?ALIGN_64BIT_4B?__ 0x66,0x66,0x66,0x90
                %define __?ALIGN_64BIT_GROUP?__ 4
            %elifidni %1, p6
                %define __?ALIGN_JMP_THRESHOLD?__ 16
                %define __?ALIGN_16BIT_1B?__ 0x90
                %define __?ALIGN_16BIT_2B?__ 0x66,0x90
                %define __?ALIGN_16BIT_3B?__ 0x0f,0x1f,0x00
                %define __?ALIGN_16BIT_4B?__ 0x0f,0x1f,0x40,0x00
                %define __?ALIGN_16BIT_GROUP?__ 4
                %define __?ALIGN_32BIT_1B?__ 0x90
                %define __?ALIGN_32BIT_2B?__ 0x66,0x90
                %define __?ALIGN_32BIT_3B?__ 0x0f,0x1f,0x00
                %define __?ALIGN_32BIT_4B?__ 0x0f,0x1f,0x40,0x00
                %define __?ALIGN_32BIT_5B?__ 0x0f,0x1f,0x44,0x00,0x00
                %define __?ALIGN_32BIT_6B?__ 0x66,0x0f,0x1f,0x44,0x00,0x00
                %define __?ALIGN_32BIT_7B?__ 0x0f,0x1f,0x80,0x00,0x00,0x00,0x00
                %define __?ALIGN_32BIT_8B?__ 0x0f,0x1f,0x84,0x00,0x00,0x00,0x00,0x00
                %define __?ALIGN_32BIT_GROUP?__ 8
                %define __?ALIGN_64BIT_1B?__ 0x90
                %define __?ALIGN_64BIT_2B?__ 0x66,0x90
                %define __?ALIGN_64BIT_3B?__ 0x0f,0x1f,0x00
                %define __?ALIGN_64BIT_4B?__ 0x0f,0x1f,0x40,0x00
                %define __?ALIGN_64BIT_5B?__ 0x0f,0x1f,0x44,0x00,0x00
                %define __?ALIGN_64BIT_6B?__ 0x66,0x0f,0x1f,0x44,0x00,0x00
                %define __?ALIGN_64BIT_7B?__ 0x0f,0x1f,0x80,0x00,0x00,0x00,0x00
                %define __?ALIGN_64BIT_8B?__ 0x0f,0x1f,0x84,0x00,0x00,0x00,0x00,0x00
                %define __?ALIGN_64BIT_GROUP?__ 8
            %else
                %error unknown alignment mode: %1
            %endif
            %ifidni %2, nojmp
                %xdefine __?ALIGN_JMP_THRESHOLD?__ -1
            %elifnempty %2
                %xdefine __?ALIGN_JMP_THRESHOLD?__ %2
            %endif
            %xdefine __?ALIGNMODE?__ %1,__?ALIGN_JMP_THRESHOLD?__
            %xdefine __ALIGNMODE__ __?ALIGNMODE?__
        %endmacro
        alignmode generic
        """;

    private const string FloatingPoint = """
        %define float8(x) __?float8?__(x)
        %define float16(x) __?float16?__(x)
        %define bfloat16(x) __?bfloat16?__(x)
        %define float32(x) __?float32?__(x)
        %define float64(x) __?float64?__(x)
        %define float80m(x) __?float80m?__(x)
        %define float80e(x) __?float80e?__(x)
        %define float128l(x) __?float128l?__(x)
        %define float128h(x) __?float128h?__(x)
        %idefine Inf __?Infinity?__
        %idefine NaN __?QNaN?__
        %idefine QNaN __?QNaN?__
        %idefine SNaN __?SNaN?__
        %imacro bf16 1-*.nolist
            %rep %0
                dw __?bfloat16?__(%1)
                %rotate 1
            %endrep
        %endmacro
        """;

    // The functions are the assembler's __?ilog2e/w/f/c?__ operators, as in nasm's ifunc.
    private const string IntegerFunctions = """
        %define ilog2(x) (__?ilog2e?__(x))
        %define ilog2e(x) (__?ilog2e?__(x))
        %define ilog2w(x) (__?ilog2w?__(x))
        %define ilog2fw(x) (__?ilog2w?__(x))
        %define ilog2f(x) (__?ilog2f?__(x))
        %define ilog2cw(x) (__?ilog2w?__(x) * 0 + __?ilog2c?__(x))
        %define ilog2c(x) (__?ilog2c?__(x))
        """;
}
