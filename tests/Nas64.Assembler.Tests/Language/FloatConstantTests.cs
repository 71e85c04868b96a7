using System.Numerics;
using System.Text;

namespace Nas64.Assembler.Tests.Language;

/// <summary>
/// Floating-point constants against nasm, bit for bit: random and edge decimal/hex/octal/binary strings (exact ties
/// and their neighbours, subnormals, the overflow boundaries, more than 52 digits) for every float width of data
/// and every __?floatN?__() function, under each `float' rounding mode, with nasm's warnings (float-denorm and
/// float-underflow switched on). A new seed each run; NAS64_FLOAT_SEED replays one.
/// </summary>
public sealed class FloatConstantTests
{
    private static readonly (string Data, int Bytes, int Precision, int ExpMax)[] DataFormats =
    [
        ("db", 1, 4, 8), ("dw", 2, 11, 16), ("dd", 4, 24, 128), ("dq", 8, 53, 1024), ("dt", 10, 64, 16384), ("do", 16, 113, 16384),
    ];

    private static readonly (string Function, string Data, int Precision, int ExpMax)[] Functions =
    [
        ("__?float8?__", "db", 4, 8), ("__?float16?__", "dw", 11, 16), ("__?bfloat16?__", "dw", 8, 128), ("__?float32?__", "dd", 24, 128),
        ("__?float64?__", "dq", 53, 1024), ("__?float80m?__", "dq", 64, 16384), ("__?float80e?__", "dw", 64, 16384),
        ("__?float128l?__", "dq", 113, 16384), ("__?float128h?__", "dq", 113, 16384),
    ];

    [RequiresToolsFact("nasm")]
    public void RandomConstantsEncodeAsNasmDoes()
    {
        int seed = int.TryParse(Environment.GetEnvironmentVariable("NAS64_FLOAT_SEED"), out int fixedSeed) ? fixedSeed : Random.Shared.Next();
        var random = new Random(seed);
        var source = new StringBuilder("[warning +float-denorm]\n[warning +float-underflow]\n");
        string[] modes = ["near", "up", "down", "zero", "daz", "nodaz"];
        for (int line = 0; line < 3000; line++)
        {
            if (random.Next(40) == 0) source.Append("float ").Append(modes[random.Next(modes.Length)]).Append('\n');
            bool function = random.Next(3) == 0;
            int precision, expMax;
            string prefix;
            if (function)
            {
                var f = Functions[random.Next(Functions.Length)];
                (precision, expMax) = (f.Precision, f.ExpMax);
                prefix = $"{f.Data} {f.Function}(";
            }
            else
            {
                var f = DataFormats[random.Next(DataFormats.Length)];
                (precision, expMax) = (f.Precision, f.ExpMax);
                prefix = f.Data + " ";
            }
            string sign = random.Next(4) switch { 0 => "-", 1 => "+", _ => "" };
            string text = Constant(random, precision, expMax);
            source.Append(prefix).Append(sign).Append(text).Append(function ? ")\n" : "\n");
        }
        Compare(source.ToString(), $"seed {seed} (NAS64_FLOAT_SEED={seed} replays it)");
    }

    [RequiresToolsFact("nasm")]
    public void BoundariesOfEveryFormat()
    {
        var source = new StringBuilder("[warning +float-denorm]\n[warning +float-underflow]\n");
        foreach (var (data, _, precision, expMax) in DataFormats)
            foreach (string text in Boundaries(precision, expMax)) source.Append(data).Append(' ').Append(text).Append('\n');
        foreach (var (function, data, precision, expMax) in Functions)
            foreach (string text in Boundaries(precision, expMax)) source.Append(data).Append(' ').Append(function).Append('(').Append(text).Append(")\n");
        Compare(source.ToString(), "boundaries");
    }

    [RequiresToolsFact("nasm")]
    public void SpellingsAndPackedBcd() => NasmComparison.AssertSameBin("""
        dd 1.5, 1., 0., -0.0, +2.5, 1e+, 1.5e, 1_0.5, 1e1_0, 0x1.8p3, 0X1.8P+3, 0h1.8, $1.8p3, 0x.8, 0x.
        dd 0b1.1, 0y1.1p2, 0o1.4, 0q1.4p-1, 0t1.5, 0d1.5, 0x1_0.8p1_0, 1.5e-0_3
        dq 1.2345678901234567890123456789012345678901234567890123456789
        dt 1234p, -12_34p, 0p1234, 1234567890123456789012p, 0p
        dq __?float80m?__(1234p)
        dw __?float80e?__(-99p)
        dd 1e5h, 0e0h
        dd __?float32?__(-__?qnan?__), __?float32?__(__?infinity?__), __?float32?__(+__?snan?__)
        dw -__?infinity?__, __?qnan?__
        dt __?snan?__
        dd __?float32?__(1.5) + 1
        """);

    [RequiresToolsFact("nasm")]
    public void FloatDirectiveCarriesIntoLaterPasses() => NasmComparison.AssertSameBin("""
        jmp x
        dd 1.000000060535967350006103515625
        float up
        dd 1.000000060535967350006103515625
        times 200 nop
        x:
        float down
        dd -1.000000060535967350006103515625
        """);

    [RequiresToolsTheory("nasm")]
    [InlineData("dd 1.5e5x")]
    [InlineData("dd 1.2.3")]
    [InlineData("dd 0x1.5q")]
    [InlineData("dd 0x1.5p3x")]
    [InlineData("dd 0x1.2.3")]
    [InlineData("dd 12345678901234567890p")]
    [InlineData("dt 12a4p")]
    [InlineData("db 0b1.1e1")]
    [InlineData("dd 1.5h")]
    [InlineData("dd 1p5")]
    [InlineData("dd 1e39\ndd 1.5x")]
    [InlineData("dy 1.5")]
    [InlineData("dd __?float32?__(1)")]
    [InlineData("dd __?float32?__((1.5))")]
    [InlineData("dd __?float32?__(--1.5)")]
    [InlineData("dd __?float32?__(1.5")]
    [InlineData("dd __?float32?__ 1.5")]
    [InlineData("dd __?float32?__(1.5 + 1)")]
    [InlineData("dd __?float32?__(1.5h)")]
    [InlineData("dd __?float32?__(1.5e5x)")]
    [InlineData("dd __?float32?__(__?float32?__(1.5))")]
    [InlineData("dd __?float32?__(0x)")]
    [InlineData("float foo")]
    [InlineData("float up down")]
    [InlineData("dd 1.5 * 2")]
    [InlineData("mov eax, 1.5")]
    public void BadConstantsAreRefusedAsNasmDoes(string line) => NasmComparison.AssertSameErrors("db 0\n" + line + "\ndb 1\n");

    /// <summary>Assembles with both and names the first lines whose bytes differ; the messages must be the same.</summary>
    private static void Compare(string source, string what)
    {
        using var dir = new TempDirectory();
        var nasm = NasmComparison.Nasm(dir, source, "bin");
        var ours = NasmComparison.Ours(dir, source, "bin");
        // The source stays behind for a look when the outcomes differ.
        string kept = Path.Combine(Path.GetTempPath(), "nas64-float-constants.asm");
        File.WriteAllText(kept, source);
        what += $" ({kept})";
        Assert.True(nasm.Succeeded, what + ": nasm rejected the source:\n" + string.Join("\n", nasm.Messages.Take(20)));
        Assert.True(ours.Succeeded, what + ": nas64 rejected what nasm accepts:\n" + string.Join("\n", ours.Messages.Take(20)));
        if (!nasm.Output!.AsSpan().SequenceEqual(ours.Output))
        {
            var report = new StringBuilder(what).Append(": bytes differ\n");
            int offset = 0, shown = 0;
            foreach (string line in source.Split('\n'))
            {
                int size = SizeOf(line);
                if (size > 0 && offset + size <= nasm.Output!.Length && offset + size <= ours.Output!.Length
                    && !nasm.Output.AsSpan(offset, size).SequenceEqual(ours.Output.AsSpan(offset, size)) && shown++ < 30)
                    report.Append($"  {line}: nasm {Convert.ToHexString(nasm.Output, offset, size)}, nas64 {Convert.ToHexString(ours.Output, offset, size)}\n");
                offset += size;
            }
            Assert.Fail(report.ToString());
        }
        Assert.Equal(string.Join("\n", nasm.Messages), string.Join("\n", ours.Messages));
    }

    private static int SizeOf(string line) => line.Length < 2 ? 0 : line[..2] switch
    {
        "db" => 1, "dw" => 2, "dd" => 4, "dq" => 8, "dt" => 10, "do" => 16, _ => 0,
    };

    /// <summary>A random constant: an exact binary tie or a neighbour of one (decimal or hex), a decimal of many
    /// digits, a tiny or huge exponent, or a random hex/octal/binary fraction.</summary>
    private static string Constant(Random random, int precision, int expMax)
    {
        int minExponent = 2 - expMax - precision;      // the smallest denormal's exponent, about
        switch (random.Next(8))
        {
            case 0:
            case 1:
                {
                    // (2k+1)/2 units in the last place: exactly halfway, in the normal or denormal range.
                    int exponent = random.Next(minExponent - 3, expMax + 2);
                    var odd = RandomBits(random, precision + 1) | BigInteger.One;
                    var text = Decimal(odd, exponent - precision);
                    return random.Next(3) switch { 0 => text, 1 => Nudge(random, text), _ => Hex(odd, exponent - precision) };
                }
            case 2:
                {
                    // Near the largest value and the binade above it (nasm's all-ones exponent without a warning).
                    var top = (BigInteger.One << (precision + 1)) - 1 - random.Next(4);
                    var text = Decimal(top, expMax - precision + random.Next(-1, 2));
                    return random.Next(2) == 0 ? Nudge(random, text) : text;
                }
            case 3:
                {
                    var digits = new StringBuilder();
                    int count = random.Next(1, 70);
                    for (int i = 0; i < count; i++) digits.Append((char)('0' + random.Next(10)));
                    int point = random.Next(1, count + 1);   // .5 would be a label
                    digits.Insert(point, '.');
                    if (random.Next(3) == 0) digits.Insert(random.Next(1, digits.Length), '_');
                    int e = random.Next(4) == 0 ? random.Next(-6000, 6000) : random.Next(-(int)(expMax * 0.31) - precision / 3 - 5, (int)(expMax * 0.31) + 3);
                    return random.Next(5) == 0 ? digits.ToString() : $"{digits}e{e}";
                }
            case 4:
                {
                    // Random hex, octal or binary fraction with a p exponent.
                    (string prefix, int bits) = random.Next(4) switch { 0 => ("0o", 3), 1 => ("0b", 1), 2 => ("$", 4), _ => ("0x", 4) };
                    int count = random.Next(1, 80 / bits);
                    var digits = new StringBuilder();
                    for (int i = 0; i < count; i++) digits.Append("0123456789abcdef"[random.Next(1 << bits)]);
                    if (prefix == "$" && !char.IsAsciiDigit(digits[0])) digits.Insert(0, '0');
                    digits.Insert(random.Next(1, digits.Length + 1), '.');
                    return $"{prefix}{digits}p{random.Next(minExponent - 10, expMax + 10)}";
                }
            case 5:
                return $"{random.Next(1, 10)}.{random.Next(1000)}e{random.Next(-(int)(expMax * 0.31) - precision / 3 - 5, (int)(expMax * 0.31) + 3)}";
            case 6:
                {
                    // A denormal, or a value about half the smallest denormal.
                    var value = RandomBits(random, random.Next(1, precision + 3)) | BigInteger.One;
                    return random.Next(2) == 0 ? Hex(value, minExponent - random.Next(0, 3)) : Decimal(value, minExponent - random.Next(0, 3));
                }
            default:
                return $"{random.Next(100000)}.{random.Next(100000)}";
        }
    }

    private static IEnumerable<string> Boundaries(int precision, int expMax)
    {
        int minNormal = 2 - expMax;
        var max = (BigInteger.One << precision) - 1;
        yield return Decimal(max, expMax - precision);                                  // largest finite
        yield return Decimal((max << 1) | 1, expMax - precision - 1);                   // halfway to the next binade
        yield return Decimal(BigInteger.One, expMax);                                   // 2^expMax: the binade past it
        yield return Decimal(max, expMax + 1 - precision);                              // the top of that binade
        yield return Decimal(BigInteger.One, expMax + 1);                               // beyond it
        yield return Hex(max, expMax + 1 - precision);
        yield return Hex(BigInteger.One, expMax);
        yield return Decimal(BigInteger.One, minNormal - 1);                            // smallest normal
        yield return Decimal(max >> 1, minNormal - precision);                          // largest denormal
        yield return Decimal(BigInteger.One, minNormal - precision);                    // smallest denormal
        yield return Decimal(BigInteger.One, minNormal - precision - 1);                // half of it
        yield return Decimal(3, minNormal - precision - 2);                             // three quarters of it
        yield return Decimal(BigInteger.One, minNormal - precision - 2);                // a quarter
        yield return Hex(BigInteger.One, minNormal - precision - 1);
        yield return Decimal((max << 1) | 1, minNormal - precision - 2);                // rounds up to the smallest normal
        yield return "1e-6000";
        yield return "1e6000";
        yield return "0x1p-30000";
        yield return "0x1p30000";
    }

    private static BigInteger RandomBits(Random random, int bits)
    {
        var bytes = new byte[(bits + 7) / 8 + 1];
        random.NextBytes(bytes);
        bytes[^1] = 0;
        var value = new BigInteger(bytes);
        value &= (BigInteger.One << bits) - 1;
        return value | (BigInteger.One << (bits - 1));
    }

    /// <summary>The exact decimal of m × 2^e.</summary>
    private static string Decimal(BigInteger m, int e)
    {
        if (e >= 0) return (m << e).ToString() + ".0";
        var digits = (m * BigInteger.Pow(5, -e)).ToString().PadLeft(-e + 1, '0');
        return digits[..^(-e)] + "." + digits[^(-e)..];
    }

    private static string Hex(BigInteger m, int e) => $"0x{m:x}p{e}";

    /// <summary>The decimal a hair above or below: a digit appended, or the last digit lowered.</summary>
    private static string Nudge(Random random, string text)
    {
        if (random.Next(2) == 0) return text + new string('0', random.Next(0, 30)) + "1";
        if (text.EndsWith(".0", StringComparison.Ordinal))
            return (BigInteger.Parse(text[..^2]) - 1) + "." + new string('9', random.Next(1, 30));
        return text[..^1] + (char)(text[^1] - 1) + new string('9', random.Next(1, 30));
    }
}
