using System.Numerics;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Passes;

/// <summary>The <c>float</c> directive's rounding control.</summary>
public enum FloatRounding
{
    Nearest,
    Down,
    Up,
    Zero,
}

/// <summary>What the <c>float</c> directive has set: rounding and denormals-as-zero (nasm keeps both from one pass into the next).</summary>
public readonly record struct FloatMode(FloatRounding Rounding, bool DenormalsAreZero)
{
    public static FloatMode Default => new(FloatRounding.Nearest, false);

    /// <summary>The mode after <c>float word</c>; null for a word nasm does not know.</summary>
    public FloatMode? Apply(string word) => word.ToLowerInvariant() switch
    {
        "daz" => this with { DenormalsAreZero = true },
        "nodaz" => this with { DenormalsAreZero = false },
        "near" => this with { Rounding = FloatRounding.Nearest },
        "down" => this with { Rounding = FloatRounding.Down },
        "up" => this with { Rounding = FloatRounding.Up },
        "zero" => this with { Rounding = FloatRounding.Zero },
        "default" => Default,
        _ => null,
    };
}

/// <summary>A message about one floating-point constant. nasm prints warnings, and the errors marked
/// <see cref="FinalPassOnly"/>, only in its last pass; the other errors already in the first.</summary>
public readonly record struct FloatMessage(bool IsError, bool FinalPassOnly, string Text);

/// <summary>
/// NASM's floating-point constants (1.5, 1e10, 0x1.8p3, 0b1.1, 0t1.5, $1.8p3, 1234p packed BCD) as the bytes nasm 2.16
/// gives them, quirks included: the significand is computed in 192-bit arithmetic that truncates (at most 52 decimal
/// digits are read, powers of ten are built by truncating multiplication), so a decimal tie can come out below the
/// tie and round down; values in the binade above the largest finite one get the all-ones exponent without a warning;
/// a rounding toward infinity that only has bits below the rounding bit does not round; and a denormal that rounds
/// to zero from exactly half the smallest step is "denormal", not "underflow".
/// </summary>
public static class FloatEncoder
{
    private readonly record struct Format(int Bytes, int MantissaBits, bool ExplicitInteger, int ExponentBits);

    private static readonly Format Float8 = new(1, 3, false, 4);
    private static readonly Format Float16 = new(2, 10, false, 5);
    private static readonly Format BFloat16 = new(2, 7, false, 8);
    private static readonly Format Float32 = new(4, 23, false, 8);
    private static readonly Format Float64 = new(8, 52, false, 11);
    private static readonly Format Float80 = new(10, 63, true, 15);
    private static readonly Format Float128 = new(16, 112, false, 15);

    private static Format FormatFor(int bytes) => bytes switch
    {
        1 => Float8,
        2 => Float16,
        4 => Float32,
        8 => Float64,
        10 => Float80,
        16 => Float128,
        _ => throw new EvaluationException($"no {bytes * 8}-bit floating-point format supported"),
    };

    /// <summary>The bytes of the constant <paramref name="text"/> (a sign in front is allowed) as data of
    /// <paramref name="bytes"/> bytes; warnings and errors go to <paramref name="report"/>.</summary>
    public static byte[] Encode(string text, int bytes, FloatMode mode, Action<FloatMessage> report)
    {
        var format = FormatFor(bytes);
        bool minus = false;
        if (text.StartsWith('-')) { minus = true; text = text[1..]; }
        else if (text.StartsWith('+')) text = text[1..];
        return Encode(text, minus, format, mode, report);
    }

    /// <summary>The special constants: <c>infinity</c>, <c>qnan</c>, <c>snan</c> at a given width.</summary>
    public static byte[] Special(string name, bool negative, int bytes) => Bytes(Special(name, FormatFor(bytes)), negative, FormatFor(bytes));

    /// <summary>__?float32?__(x) and friends: the bits (at most 64 of them) as an integer.</summary>
    public static long EvaluateFunction(FloatFunctionExpression f, FloatMode mode, Action<FloatMessage> report)
    {
        if (f.Argument is null)
            throw new EvaluationException($"`__?{f.Function}?__' is only allowed as a data value");
        bool minus = false;
        var argument = f.Argument;
        if (argument is UnaryExpression { Operator: UnaryOperator.Negate or UnaryOperator.Plus } sign && sign.Operand is FloatExpression or FloatFunctionExpression { Argument: null })
        {
            minus = sign.Operator == UnaryOperator.Negate;
            argument = sign.Operand;
        }
        var (format, offset) = f.Function switch
        {
            "float8" => (Float8, 0),
            "float16" => (Float16, 0),
            "bfloat16" => (BFloat16, 0),
            "float32" => (Float32, 0),
            "float64" => (Float64, 0),
            "float80m" => (Float80, 0),
            "float80e" => (Float80, 8),
            "float128l" => (Float128, 0),
            "float128h" => (Float128, 8),
            _ => throw new EvaluationException($"unknown float function {f.Function}"),
        };
        byte[] b = argument switch
        {
            FloatExpression fe => Encode(fe.Text, minus, format, mode, report),
            FloatFunctionExpression { Argument: null } s => Bytes(Special(s.Function, format), minus, format),
            _ => throw new EvaluationException("expecting floating-point number"),
        };
        long value = 0;
        for (int i = Math.Min(b.Length, offset + 8) - 1; i >= offset; i--) value = (value << 8) | b[i];
        return value;
    }

    // ---- the significand: a 192-bit fraction m / 2^192 in [1/2, 1) (or zero), times 2^exponent ----

    private const int Width = 192;

    private static byte[] Encode(string text, bool minus, Format f, FloatMode mode, Action<FloatMessage> report)
    {
        if (text.Length > 0 && text[^1] is 'p' or 'P') return PackedBcd(text.AsSpan(0, text.Length - 1), minus, f, report);
        Limbs m;
        int exponent;
        bool ok;
        if (text.Length >= 2 && text[0] == '0')
        {
            switch (text[1])
            {
                case 'x' or 'X' or 'h' or 'H': ok = ReadBinary(text.AsSpan(2), 4, out m, out exponent, report); break;
                case 'o' or 'O' or 'q' or 'Q': ok = ReadBinary(text.AsSpan(2), 3, out m, out exponent, report); break;
                case 'b' or 'B' or 'y' or 'Y': ok = ReadBinary(text.AsSpan(2), 1, out m, out exponent, report); break;
                case 'd' or 'D' or 't' or 'T': ok = ReadDecimal(text.AsSpan(2), out m, out exponent, report); break;
                case 'p' or 'P': return PackedBcd(text.AsSpan(2), minus, f, report);
                default: ok = ReadDecimal(text, out m, out exponent, report); break;
            }
        }
        else if (text.StartsWith('$')) ok = ReadBinary(text.AsSpan(1), 4, out m, out exponent, report);
        else ok = ReadDecimal(text, out m, out exponent, report);

        // The leading one of an m in [1/2, 1) counts as 2^0 from here on.
        int expMax = 1 << (f.ExponentBits - 1);
        int bits = f.Bytes * 8;
        int onePosition = f.ExponentBits + (f.ExplicitInteger ? 1 : 0);
        if (!ok) return Bytes(Special("qnan", f), minus, f);
        if (IsZero(m)) return Bytes(default, minus, f);
        exponent--;
        if (exponent > expMax)
        {
            report(new FloatMessage(false, true, "overflow in floating-point constant [-w+float-overflow]"));
            return Bytes(Special("infinity", f), minus, f);
        }
        if (exponent >= 2 - expMax)
        {
            // Normal; exponent == expMax is one binade past the largest finite value and gets the all-ones exponent.
            int biased = exponent + expMax - 1;
            m = ShiftRight(m, onePosition);
            Round(ref m, bits, minus, mode.Rounding);
            if (TestBit(m, Width - onePosition))
            {
                m = ShiftRight(m, 1);
                biased++;
                if (biased >= 2 * expMax - 1)
                {
                    report(new FloatMessage(false, true, "overflow in floating-point constant [-w+float-overflow]"));
                    return Bytes(Special("infinity", f), minus, f);
                }
            }
            if (!f.ExplicitInteger) ClearBit(ref m, Width - 1 - onePosition);
            Or(ref m, ShiftLeft(Small((ulong)biased), Width - 1 - f.ExponentBits));
            return Bytes(m, minus, f);
        }
        // Denormal, or so small it rounds to zero.
        int shift = -(exponent + expMax - 2 - f.ExponentBits) + (f.ExplicitInteger ? 1 : 0);
        m = ShiftRight(m, shift);
        Round(ref m, bits, minus, mode.Rounding);
        if (TestBit(m, Width - 1 - onePosition))
        {
            // Rounded up into the smallest normal.
            if (!f.ExplicitInteger) ClearBit(ref m, Width - 1 - onePosition);
            SetBit(ref m, Width - 1 - f.ExponentBits);
            return Bytes(m, minus, f);
        }
        if (mode.DenormalsAreZero || IsZero(m))
        {
            report(new FloatMessage(false, true, "underflow in floating-point constant [-w+float-underflow]"));
            return Bytes(default, minus, f);
        }
        report(new FloatMessage(false, true, "denormal floating-point constant [-w+float-denorm]"));
        return Bytes(m, minus, f);
    }

    /// <summary>Rounds to <paramref name="bits"/> bits from the top. Like nasm, rounding down keeps the rounding bit
    /// (only the output drops it) and rounding up adds one at the rounding bit, which only carries into the kept bits
    /// when that bit was set.</summary>
    private static void Round(ref Limbs m, int bits, bool minus, FloatRounding rounding)
    {
        int roundBit = Width - 1 - bits;
        bool any = AnyBelow(m, roundBit), half = TestBit(m, roundBit);
        bool up;
        if (rounding == FloatRounding.Nearest)
            up = half && (any || TestBit(m, roundBit + 1));
        else if (rounding == FloatRounding.Zero || rounding == (minus ? FloatRounding.Up : FloatRounding.Down))
            up = false;
        else
            up = half || any;
        ClearBelow(ref m, roundBit);
        if (up) AddBit(ref m, roundBit);
    }

    private static Limbs Special(string name, Format f)
    {
        int onePosition = f.ExponentBits + (f.ExplicitInteger ? 1 : 0);
        var m = ShiftLeft(Small((1UL << f.ExponentBits) - 1), Width - 1 - f.ExponentBits);
        if (f.ExplicitInteger) SetBit(ref m, Width - 1 - onePosition);
        if (name == "qnan") SetBit(ref m, Width - 2 - onePosition);
        else if (name == "snan") SetBit(ref m, Width - 1 - onePosition - f.MantissaBits);
        return m;
    }

    /// <summary>The top bytes of <paramref name="m"/>, with the sign, little-endian.</summary>
    private static byte[] Bytes(Limbs m, bool minus, Format f)
    {
        if (minus) SetBit(ref m, Width - 1);
        Span<byte> all = stackalloc byte[Width / 8];
        for (int k = 0; k < Limbs.Count; k++) System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(all[(8 * k)..], m[k]);
        return all[(all.Length - f.Bytes)..].ToArray();
    }

    // ---- reading the text ----

    private const int MaxDecimalDigits = 52;

    /// <summary>A decimal significand with an optional e exponent: only the first 52 significant digits count (the
    /// rest are dropped, not rounded), and the power of ten is applied with nasm's truncating arithmetic.</summary>
    private static bool ReadDecimal(ReadOnlySpan<char> s, out Limbs m, out int exponent, Action<FloatMessage> report)
    {
        m = default;
        exponent = 0;
        Limbs digits = default;
        int count = 0, tenPower = 0;
        bool point = false, started = false, warned = false;
        int i = 0;
        for (; i < s.Length && s[i] is not ('e' or 'E'); i++)
        {
            char c = s[i];
            if (c == '.')
            {
                if (point)
                {
                    report(new FloatMessage(true, false, "too many periods in floating-point constant"));
                    return false;
                }
                point = true;
            }
            else if (char.IsAsciiDigit(c))
            {
                if (c == '0' && !started)
                {
                    if (point) tenPower--;
                    continue;
                }
                started = true;
                if (count < MaxDecimalDigits)
                {
                    MultiplyAdd(ref digits, 10, (ulong)(c - '0'));
                    count++;
                }
                else if (!warned)
                {
                    report(new FloatMessage(false, true, $"floating-point constant significand contains more than {MaxDecimalDigits} digits [-w+float-toolong]"));
                    warned = true;
                }
                if (!point) tenPower++;
            }
            else if (c != '_')
            {
                report(new FloatMessage(true, true, $"invalid character in floating-point constant significand: '{c}'"));
                return false;
            }
        }
        if (i < s.Length)
        {
            if (!ReadExponent(s[(i + 1)..], 5000, out int e, report)) return false;
            tenPower += e;
        }
        if (count == 0) return true;

        // value = 0.DIGITS × 10^tenPower = (digits / 10^count) × 2^tenPower × 5^tenPower; the fraction is digits × 2^zeros
        // (in [1/2, 1) of 10^count) over 10^count, to 192 bits.
        Limbs denominator = default;
        denominator[0] = 1;
        for (int k = 0; k < count; k++) MultiplyAdd(ref denominator, 10, 0);
        int zeros = BitLength(denominator) - BitLength(digits);
        var shifted = ShiftLeft(digits, zeros);
        if (Compare(shifted, denominator) >= 0)
        {
            zeros--;
            shifted = ShiftLeft(digits, zeros);
        }
        m = Divide(shifted, denominator);
        exponent = tenPower - zeros;

        // × 5^tenPower by squaring, every product truncated to 192 bits: 5 = 0.101b × 2^3, 1/5 = 0.1100…1101b × 2^-2.
        Limbs factor = default;
        int factorExponent;
        if (tenPower < 0)
        {
            factor[0] = 0xCCCC_CCCC_CCCC_CCCD;
            factor[1] = factor[2] = 0xCCCC_CCCC_CCCC_CCCC;
            factorExponent = -2;
        }
        else
        {
            factor[2] = 5UL << 61;
            factorExponent = 3;
        }
        for (int power = Math.Abs(tenPower); power != 0; power >>= 1)
        {
            if ((power & 1) != 0) exponent += factorExponent + Multiply(ref m, factor);
            factorExponent = factorExponent * 2 + Multiply(ref factor, factor);
        }
        return true;
    }

    /// <summary>A number below 2^192 in 64-bit limbs, least significant first: the significand and every step of its
    /// arithmetic (52 decimal digits are below 2^173), without a big-number allocation per step.</summary>
    [System.Runtime.CompilerServices.InlineArray(Count)]
    private struct Limbs
    {
        public const int Count = Width / 64;
        private ulong _limb;
    }

    /// <summary>n := n × <paramref name="factor"/> + <paramref name="add"/> (no carry out of the top limb here).</summary>
    private static void MultiplyAdd(ref Limbs n, ulong factor, ulong add)
    {
        ulong carry = add;
        for (int k = 0; k < Limbs.Count; k++)
        {
            var t = (UInt128)n[k] * factor + carry;
            n[k] = (ulong)t;
            carry = (ulong)(t >> 64);
        }
    }

    private static int BitLength(in Limbs n)
    {
        for (int k = Limbs.Count - 1; k >= 0; k--)
            if (n[k] != 0) return 64 * k + 64 - BitOperations.LeadingZeroCount(n[k]);
        return 0;
    }

    /// <summary>n × 2^<paramref name="count"/> (0 to 191; the result fits).</summary>
    private static Limbs ShiftLeft(in Limbs n, int count)
    {
        Limbs result = default;
        int whole = count / 64, part = count % 64;
        for (int k = Limbs.Count - 1; k >= whole; k--)
        {
            ulong high = n[k - whole] << part;
            ulong low = part != 0 && k - whole - 1 >= 0 ? n[k - whole - 1] >> (64 - part) : 0;
            result[k] = high | low;
        }
        return result;
    }

    private static int Compare(in Limbs a, in Limbs b)
    {
        for (int k = Limbs.Count - 1; k >= 0; k--)
            if (a[k] != b[k]) return a[k] < b[k] ? -1 : 1;
        return 0;
    }

    /// <summary>⌊<paramref name="numerator"/> × 2^192 / <paramref name="denominator"/>⌋ for a numerator in [d/2, d) and
    /// d below 2^191: in [2^191, 2^192). A one-limb d (up to 19 digits) divides a limb at a time, a larger one a bit at a time.</summary>
    private static Limbs Divide(Limbs numerator, in Limbs denominator)
    {
        Limbs quotient = default;
        if (denominator[1] == 0 && denominator[2] == 0)
        {
            ulong d = denominator[0], r = numerator[0];
            for (int k = Limbs.Count - 1; k >= 0; k--)
            {
                var t = (UInt128)r << 64;
                quotient[k] = (ulong)(t / d);
                r = (ulong)(t % d);
            }
            return quotient;
        }
        var remainder = numerator;
        for (int bit = Width - 1; bit >= 0; bit--)
        {
            remainder[2] = remainder[2] << 1 | remainder[1] >> 63;
            remainder[1] = remainder[1] << 1 | remainder[0] >> 63;
            remainder[0] <<= 1;
            if (Compare(remainder, denominator) < 0) continue;
            ulong borrow = 0;
            for (int k = 0; k < Limbs.Count; k++)
            {
                ulong d = denominator[k], r = remainder[k];
                remainder[k] = r - d - borrow;
                borrow = r < d || (r == d && borrow != 0) ? 1UL : 0;
            }
            quotient[bit / 64] |= 1UL << (bit % 64);
        }
        return quotient;
    }

    /// <summary>a := the top 192 bits of a × b (both fractions in [1/2, 1)), renormalised; the exponent change.</summary>
    private static int Multiply(ref Limbs a, in Limbs b)
    {
        Span<ulong> product = stackalloc ulong[2 * Limbs.Count];
        product.Clear();
        for (int i = 0; i < Limbs.Count; i++)
        {
            ulong carry = 0;
            for (int j = 0; j < Limbs.Count; j++)
            {
                var t = (UInt128)a[i] * b[j] + product[i + j] + carry;
                product[i + j] = (ulong)t;
                carry = (ulong)(t >> 64);
            }
            product[i + Limbs.Count] = carry;
        }
        if ((product[^1] >> 63) != 0)
        {
            for (int k = 0; k < Limbs.Count; k++) a[k] = product[Limbs.Count + k];
            return 0;
        }
        // Bits 191 to 382 of the product.
        for (int k = 0; k < Limbs.Count; k++) a[k] = (product[Limbs.Count + k - 1] >> 63) | (product[Limbs.Count + k] << 1);
        return -1;
    }

    private static Limbs Small(ulong value)
    {
        Limbs n = default;
        n[0] = value;
        return n;
    }

    private static bool IsZero(in Limbs n) => (n[0] | n[1] | n[2]) == 0;

    private static bool TestBit(in Limbs n, int bit) => (n[bit / 64] >> (bit % 64) & 1) != 0;

    private static void SetBit(ref Limbs n, int bit) => n[bit / 64] |= 1UL << (bit % 64);

    private static void ClearBit(ref Limbs n, int bit) => n[bit / 64] &= ~(1UL << (bit % 64));

    private static void Or(ref Limbs n, in Limbs other)
    {
        for (int k = 0; k < Limbs.Count; k++) n[k] |= other[k];
    }

    /// <summary>Whether any bit below <paramref name="bit"/> is set.</summary>
    private static bool AnyBelow(in Limbs n, int bit)
    {
        for (int k = 0; k < bit / 64; k++)
            if (n[k] != 0) return true;
        return bit % 64 != 0 && (n[bit / 64] & ((1UL << (bit % 64)) - 1)) != 0;
    }

    private static void ClearBelow(ref Limbs n, int bit)
    {
        for (int k = 0; k < bit / 64; k++) n[k] = 0;
        if (bit % 64 != 0) n[bit / 64] &= ~((1UL << (bit % 64)) - 1);
    }

    /// <summary>n := (n + 2^<paramref name="bit"/>) mod 2^192.</summary>
    private static void AddBit(ref Limbs n, int bit)
    {
        ulong carry = 1UL << (bit % 64);
        for (int k = bit / 64; k < Limbs.Count && carry != 0; k++)
        {
            ulong sum = n[k] + carry;
            carry = sum < carry ? 1UL : 0;
            n[k] = sum;
        }
    }

    /// <summary>n / 2^<paramref name="count"/> (any count from 0 on).</summary>
    private static Limbs ShiftRight(in Limbs n, int count)
    {
        Limbs result = default;
        if (count >= Width) return result;
        int whole = count / 64, part = count % 64;
        for (int k = 0; k + whole < Limbs.Count; k++)
        {
            ulong low = n[k + whole] >> part;
            ulong high = part != 0 && k + whole + 1 < Limbs.Count ? n[k + whole + 1] << (64 - part) : 0;
            result[k] = low | high;
        }
        return result;
    }

    /// <summary>Hex, octal or binary digits with an optional p exponent (a power of two): exact up to 192 significant
    /// bits, the rest dropped.</summary>
    private static bool ReadBinary(ReadOnlySpan<char> s, int digitBits, out Limbs m, out int exponent, Action<FloatMessage> report)
    {
        m = default;
        exponent = 0;
        int placed = 0, twoPower = 0;   // placed: the significant bits so far, from the top of m
        bool point = false, seenDigit = false;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            int v = HexValue(c);
            if (c == '.')
            {
                if (point)
                {
                    report(new FloatMessage(true, false, "too many periods in floating-point constant"));
                    return false;
                }
                point = true;
            }
            else if (v >= 0 && v < 1 << digitBits)
            {
                if (!seenDigit && v != 0)
                {
                    seenDigit = true;
                    int length = BitOperations.Log2((uint)v) + 1;
                    twoPower += length - digitBits;
                    Place(ref m, ref placed, v, length);
                }
                else if (seenDigit) Place(ref m, ref placed, v, digitBits);
                if (seenDigit)
                {
                    if (!point) twoPower += digitBits;
                }
                else if (point) twoPower -= digitBits;
            }
            else if (c is 'p' or 'P')
            {
                if (!ReadExponent(s[(i + 1)..], 20000, out int e, report)) return false;
                twoPower += e;
                break;
            }
            else if (c != '_')
            {
                report(new FloatMessage(true, false, $"floating-point constant: `{c}' is invalid character"));
                return false;
            }
        }
        if (seenDigit) exponent = twoPower;
        return true;
    }

    /// <summary>Puts the low <paramref name="count"/> bits of <paramref name="digit"/> below the <paramref name="placed"/>
    /// bits already at the top of <paramref name="m"/>, as far as the 192 bits go.</summary>
    private static void Place(ref Limbs m, ref int placed, int digit, int count)
    {
        for (int bit = count - 1; bit >= 0 && placed < Width; bit--, placed++)
            if ((digit >> bit & 1) != 0) SetBit(ref m, Width - 1 - placed);
    }

    /// <summary>An exponent's digits (underscores ignored), its size capped at <paramref name="limit"/>; an empty one is 0.</summary>
    private static bool ReadExponent(ReadOnlySpan<char> s, int limit, out int value, Action<FloatMessage> report)
    {
        value = 0;
        bool negative = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        foreach (char c in s)
        {
            if (char.IsAsciiDigit(c)) value = Math.Min(value * 10 + (c - '0'), limit);
            else if (c != '_')
            {
                report(new FloatMessage(true, false, $"invalid character in floating-point constant exponent: '{c}'"));
                return false;
            }
        }
        if (negative) value = -value;
        return true;
    }

    private static int HexValue(char c) =>
        c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

    /// <summary>Packed BCD (<c>dt 1234p</c>, <c>dt 0p1234</c>): two digits a byte from the last digit on, 18 digits at
    /// most, the sign in the tenth byte.</summary>
    private static byte[] PackedBcd(ReadOnlySpan<char> digits, bool minus, Format f, Action<FloatMessage> report)
    {
        if (f.Bytes != 10)
        {
            report(new FloatMessage(true, false, "packed BCD requires an 80-bit format"));
            return new byte[f.Bytes];
        }
        var result = new byte[10];
        int count = 0;   // digits read, kept or not
        for (int i = digits.Length - 1; i >= 0; i--)
        {
            char c = digits[i];
            if (char.IsAsciiDigit(c))
            {
                if (count == 18) report(new FloatMessage(false, true, "packed BCD truncated to 18 digits [-w+other]"));
                if (count < 18) result[count / 2] |= (byte)((c - '0') << (count % 2 * 4));
                count++;
            }
            else if (c != '_')
            {
                report(new FloatMessage(true, false, $"invalid character `{c}' in packed BCD constant"));
                return new byte[10];
            }
        }
        result[9] = minus ? (byte)0x80 : (byte)0;
        return result;
    }
}
