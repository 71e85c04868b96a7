using System.Text;

namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// The first pass of a program of 20,000 statements or more shares its encoding with a second thread, which encodes the
/// distinct instructions of the program's later part ahead of the pass (Assembler.PreEncoder). Programs of that size
/// whose later part has many distinct instructions, in several modes, between lines the thread must leave to the pass
/// (symbols, $, absolute addresses, `default rel'), give nasm's bytes and nasm's object.
/// </summary>
public sealed class PreEncodeTests
{
    private static readonly string[] Gpr64 = ["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"];
    private static readonly string[] Gpr32 = ["eax", "ebx", "ecx", "edx", "esi", "edi", "ebp"];
    private static readonly string[] Gpr16 = ["ax", "bx", "cx", "dx", "si", "di", "bp"];
    private static readonly long[] Immediates = [0, 1, -1, 127, 128, -128, -129, 255, 256, 0x7fff, 0x8000, 0x7fffffff, -0x80000000];
    private static readonly string[] Binary = ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp", "mov", "test"];

    /// <summary>About 24,000 lines: 64-bit code, then a stretch of 32-bit and of 16-bit code, then 64-bit code under `default
    /// rel', with labels, branches, `equ' and `$' operands, absolute addresses, data and repeated lines throughout.</summary>
    private static string LargeProgram(int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("bits 64\nk equ 12345\n");
        string Pick(string[] items) => items[random.Next(items.Length)];
        long Imm() => random.Next(3) == 0 ? Immediates[random.Next(Immediates.Length)] : random.Next(-70000, 70000);
        for (int block = 0; block < 2000; block++)
        {
            int bits = block switch { >= 1200 and < 1400 => 32, >= 1400 and < 1500 => 16, _ => 64 };
            if (block == 1200) text.Append("bits 32\n");
            if (block == 1400) text.Append("bits 16\n");
            if (block == 1500) text.Append("bits 64\ndefault rel\n");
            string[] gpr = bits == 64 ? Gpr64 : bits == 32 ? Gpr32 : Gpr16;
            string address = bits == 16 ? "[bx+si+{0}]" : bits == 32 ? "[ebx+ecx*4+{0}]" : "[rbx+r12*8+{0}]";
            text.Append("l").Append(block).Append(":\n");
            for (int line = 0; line < 10; line++)
            {
                switch (random.Next(10))
                {
                    case 0:
                        text.Append("    ").Append(Pick(Binary)).Append(' ').Append(Pick(gpr)).Append(", ").Append(Imm()).Append('\n');
                        break;
                    case 1:
                        text.Append("    ").Append(Pick(Binary)).Append(' ').Append(string.Format(address, Imm())).Append(", ").Append(Pick(gpr)).Append('\n');
                        break;
                    case 2:
                        text.Append("    lea ").Append(Pick(gpr)).Append(", ").Append(string.Format(address, Imm())).Append('\n');
                        break;
                    case 3:
                        text.Append("    imul ").Append(Pick(gpr)).Append(", ").Append(Pick(gpr)).Append(", ").Append(Imm()).Append('\n');
                        break;
                    case 4:
                        text.Append("    shl ").Append(Pick(gpr)).Append(", ").Append(random.Next(1, 9)).Append('\n');
                        break;
                    case 5:
                        text.Append("    j").Append(random.Next(2) == 0 ? "nz" : "mp").Append(" l").Append(Math.Clamp(block + random.Next(-3, 4), 0, 1999)).Append('\n');
                        break;
                    case 6:
                        // Lines only the pass can lay out: a symbol, $ and an absolute address.
                        text.Append(random.Next(3) switch
                        {
                            0 => "    add " + Pick(gpr) + ", k + " + Imm() + "\n",
                            1 => "    mov " + Pick(gpr) + ", $ - l" + block + "\n",
                            _ => "    mov " + Pick(gpr) + ", [" + random.Next(0x10000) + "]\n",
                        });
                        break;
                    case 7:
                        text.Append(bits == 16 ? "    pxor xmm1, xmm2\n" : "    vpaddd ymm" + random.Next(8) + ", ymm1, " + string.Format(address, random.Next(4096)) + "\n");
                        break;
                    case 8:
                        // Repeated lines (shared by the parser), and a repetition.
                        text.Append(random.Next(2) == 0 ? "    push " + (bits == 64 ? "rbp" : bits == 32 ? "ebp" : "bp") + "\n" : "    times 2 nop\n");
                        break;
                    default:
                        text.Append("    db ").Append(random.Next(256)).Append(", ").Append(random.Next(256)).Append('\n');
                        break;
                }
            }
        }
        return text.ToString();
    }

    [RequiresToolsFact("nasm")]
    public void LargeProgramInSeveralModesIsNasmsBin() => WithSeed(seed => NasmComparison.AssertSameBin(LargeProgram(seed)));

    [RequiresToolsFact("nasm")]
    public void LargeProgramInSeveralModesIsNasmsElf() => WithSeed(seed => NasmComparison.AssertSameElf(LargeProgram(seed)));

    /// <summary>A new program each run; a failure names its seed.</summary>
    private static void WithSeed(Action<int> test)
    {
        int seed = Random.Shared.Next();
        try
        {
            test(seed);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException { Message: var m } || !m.StartsWith("seed", StringComparison.Ordinal))
        {
            throw new Xunit.Sdk.XunitException($"seed {seed}: {e.Message}");
        }
    }
}
