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

    // nas64's `align` already pads code with nasm's long NOPs, so smartalign only needs its mode switch.
    private const string SmartAlign = """
        %imacro alignmode 1-2.nolist
        %endmacro
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
        """;

    // ilog2 via a comparison chain: exact for powers of two; the w/f/c variants round as nasm's do.
    private const string IntegerFunctions = """
        %define ilog2(x) (((x) >= 1<<32) * 32 + ((((x) >> (((x) >= 1<<32) * 32)) >= 1<<16) * 16) + __?ilog2_lo?__((x) >> (((x) >= 1<<32) * 32 + ((((x) >> (((x) >= 1<<32) * 32)) >= 1<<16) * 16))))
        %define __?ilog2_lo?__(y) (((y) >= 1<<8) * 8 + ((((y) >> (((y) >= 1<<8) * 8)) >= 1<<4) * 4) + __?ilog2_lo4?__((y) >> (((y) >= 1<<8) * 8 + ((((y) >> (((y) >= 1<<8) * 8)) >= 1<<4) * 4))))
        %define __?ilog2_lo4?__(z) (((z) >= 2) + ((z) >= 4) + ((z) >= 8))
        %define ilog2e(x) ilog2(x)
        %define ilog2w(x) ilog2(x)
        %define ilog2f(x) ilog2(x)
        %define ilog2fw(x) ilog2(x)
        %define ilog2c(x) (ilog2(x) + (((x) & ((x) - 1)) != 0))
        %define ilog2cw(x) ilog2c(x)
        """;
}
