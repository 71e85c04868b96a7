using System.Numerics;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Passes;

/// <summary>
/// Converts NASM floating-point constants (1.5, 1e10, 0x1.8p3, with _ separators) to IEEE bytes of
/// any width NASM supports, rounding to nearest-even exactly (big-integer arithmetic, no double
/// rounding), as dd/dq/dt/do and the __?floatN?__ functions need.
/// </summary>
public static class FloatEncoder
{
    private readonly record struct Format(int ExponentBits, int FractionBits, bool ExplicitInteger, int Bytes);

    private static Format FormatFor(int bytes) => bytes switch
    {
        1 => new Format(4, 3, false, 1),
        2 => new Format(5, 10, false, 2),
        4 => new Format(8, 23, false, 4),
        8 => new Format(11, 52, false, 8),
        10 => new Format(15, 63, true, 10),
        16 => new Format(15, 112, false, 16),
        _ => throw new EvaluationException($"no {bytes * 8}-bit floating-point format supported"),
    };

    private static readonly Format BFloat16 = new(8, 7, false, 2);

    /// <summary>The bytes of <paramref name="text"/> as a float of <paramref name="bytes"/> bytes.</summary>
    public static byte[] Encode(string text, int bytes) => Encode(Parse(text), FormatFor(bytes), out _);

    /// <summary>As <see cref="Encode(string, int)"/>; <paramref name="overflow"/> tells that a finite
    /// constant became infinity (NASM warns: overflow in floating-point constant).</summary>
    public static byte[] Encode(string text, int bytes, out bool overflow) => Encode(Parse(text), FormatFor(bytes), out overflow);

    /// <summary>The special constants: <c>inf</c>, <c>qnan</c>, <c>snan</c> at a given width.</summary>
    public static byte[] Special(string name, bool negative, int bytes) => Encode(new Parsed(negative, 0, 0, 10, name), FormatFor(bytes), out _);

    /// <summary>__?float32?__(x) and friends: the bits as an integer.</summary>
    public static long EvaluateFunction(FloatFunctionExpression f)
    {
        if (f.Argument is null)
            throw new EvaluationException($"`__?{f.Function}?__' is only allowed as a data value");
        var parsed = f.Argument switch
        {
            FloatExpression fe => Parse(fe.Text),
            UnaryExpression { Operator: UnaryOperator.Negate, Operand: FloatExpression fe } => Parse("-" + fe.Text),
            UnaryExpression { Operator: UnaryOperator.Negate, Operand: FloatFunctionExpression { Argument: null } s } => new Parsed(true, 0, 0, 10, s.Function),
            FloatFunctionExpression { Argument: null } s => new Parsed(false, 0, 0, 10, s.Function),
            _ when f.Argument.Constant is { } integer => Parse(integer.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            _ => throw new EvaluationException("expecting floating-point number"),
        };
        byte[] b = f.Function switch
        {
            "float8" => Encode(parsed, FormatFor(1), out _),
            "float16" => Encode(parsed, FormatFor(2), out _),
            "bfloat16" => Encode(parsed, BFloat16, out _),
            "float32" => Encode(parsed, FormatFor(4), out _),
            "float64" => Encode(parsed, FormatFor(8), out _),
            "float80m" => Encode(parsed, FormatFor(10), out _)[..8],
            "float80e" => Encode(parsed, FormatFor(10), out _)[8..],
            "float128l" => Encode(parsed, FormatFor(16), out _)[..8],
            "float128h" => Encode(parsed, FormatFor(16), out _)[8..],
            _ => throw new EvaluationException($"unknown float function {f.Function}"),
        };
        long value = 0;
        for (int i = b.Length - 1; i >= 0; i--) value = (value << 8) | b[i];
        return value;
    }

    /// <summary>sign × mantissa × radix^exponent, or a special (inf, qnan, snan).</summary>
    private readonly record struct Parsed(bool Negative, BigInteger Mantissa, int Exponent, int Radix, string? Special = null);

    private static Parsed Parse(string text)
    {
        string s = text.Replace("_", "", StringComparison.Ordinal);
        bool negative = false;
        if (s.StartsWith('-')) { negative = true; s = s[1..]; }
        else if (s.StartsWith('+')) s = s[1..];
        bool hex = s.Length > 2 && s[0] == '0' && (s[1] is 'x' or 'X' or 'h' or 'H');
        if (hex) s = s[2..];
        BigInteger mantissa = 0;
        long exponent = 0;
        int kept = 0;
        bool dropped = false;
        int i = 0;
        bool point = false, digits = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '.') { if (point) throw new EvaluationException("too many periods in floating-point constant"); point = true; continue; }
            int d = hex ? HexDigit(c) : (c >= '0' && c <= '9' ? c - '0' : -1);
            if (d < 0) break;
            digits = true;
            if (kept >= MaxDigits)
            {
                // Beyond any format's precision: the digit only scales the value (and makes it inexact).
                dropped |= d != 0;
                if (!point) exponent += hex ? 4 : 1;
                continue;
            }
            if (mantissa.IsZero && d == 0) { if (point) exponent -= hex ? 4 : 1; continue; }
            kept++;
            mantissa = mantissa * (hex ? 16 : 10) + d;
            if (point) exponent -= hex ? 4 : 1;
        }
        if (!digits) throw Bad(text);
        if (dropped)
        {
            // A sticky low digit keeps rounding of the shortened mantissa in the right direction.
            mantissa = mantissa * (hex ? 16 : 10) + 1;
            exponent -= hex ? 4 : 1;
        }
        if (i < s.Length)
        {
            char e = char.ToLowerInvariant(s[i]);
            if ((hex && e != 'p') || (!hex && e != 'e' && e != 'p')) throw Bad(text);
            int exp = 0;   // NASM reads a bare `1.5e' as exponent 0
            if (i + 1 < s.Length && !int.TryParse(s.AsSpan(i + 1), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out exp))
                throw Bad(text);
            if (hex || e == 'p') return new Parsed(negative, mantissa, Clamp(exponent + exp, 4 * MaxExponent), 2);
            exponent += exp;
        }
        return hex ? new Parsed(negative, mantissa, Clamp(exponent, 4 * MaxExponent), 2) : new Parsed(negative, mantissa, Clamp(exponent, MaxExponent), 10);
    }

    // 1000 significant digits are more than the 80-bit and 128-bit formats can tell apart; an exponent beyond
    // ±20000 decimal (±80000 binary) with them is infinite or zero in every format, so nothing larger is computed.
    private const int MaxDigits = 1000;
    private const int MaxExponent = 20000;

    private static int Clamp(long exponent, int limit) => (int)Math.Clamp(exponent, -limit - 4 * MaxDigits, limit);

    private static int HexDigit(char c) =>
        c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

    private static EvaluationException Bad(string text) => new($"invalid floating-point constant `{text}'");

    private static byte[] Encode(Parsed p, Format f, out bool overflow)
    {
        overflow = false;
        int bias = (1 << (f.ExponentBits - 1)) - 1;
        int maxBiased = (1 << f.ExponentBits) - 1;
        int precision = f.FractionBits + 1; // significant bits incl. the integer bit
        BigInteger significand;
        int biased;
        if (p.Special is not null)
        {
            biased = maxBiased;
            significand = p.Special switch
            {
                "infinity" => 0,
                "qnan" => BigInteger.One << (precision - 2),
                _ => BigInteger.One, // snan: quiet bit clear, only the lowest fraction bit set (NASM's choice)
            };
            if (f.ExplicitInteger) significand |= BigInteger.One << (precision - 1);
        }
        else if (p.Mantissa.IsZero)
        {
            biased = 0;
            significand = 0;
        }
        else
        {
            BigInteger n = p.Mantissa, d = BigInteger.One;
            if (p.Radix == 10)
            {
                if (p.Exponent >= 0) n *= BigInteger.Pow(10, p.Exponent);
                else d = BigInteger.Pow(10, -p.Exponent);
            }
            else if (p.Exponent >= 0) n <<= p.Exponent;
            else d <<= -p.Exponent;

            // value = n/d; find e with 2^(precision-1) <= n/d / 2^e < 2^precision.
            long e = (long)(n.GetBitLength() - d.GetBitLength()) - (precision - 1);
            if (Compare(n, d, e) < (BigInteger.One << (precision - 1))) e--;
            int minExponent = 1 - bias - (precision - 1);  // e of the smallest normal's lsb
            if (e < minExponent) e = minExponent;          // subnormal: fixed scale
            significand = RoundedQuotient(n, d, e);
            if (significand >= (BigInteger.One << precision)) { significand >>= 1; e++; }
            biased = (int)(e + (precision - 1) + bias);
            if (significand < (BigInteger.One << (precision - 1))) biased = 0;   // subnormal
            if (biased >= maxBiased)
            {
                overflow = true;
                biased = maxBiased;
                significand = f.ExplicitInteger ? BigInteger.One << (precision - 1) : 0;
            }
            else if (!f.ExplicitInteger) significand &= (BigInteger.One << f.FractionBits) - 1;
        }
        BigInteger bits = significand | ((BigInteger)biased << f.FractionBits + (f.ExplicitInteger ? 1 : 0));
        if (p.Negative) bits |= BigInteger.One << (f.Bytes * 8 - 1);
        var result = new byte[f.Bytes];
        byte[] raw = bits.ToByteArray(isUnsigned: true, isBigEndian: false);
        Array.Copy(raw, result, Math.Min(raw.Length, result.Length));
        return result;
    }

    private static BigInteger Compare(BigInteger n, BigInteger d, long e) =>
        e >= 0 ? n / (d << (int)e) : (n << (int)-e) / d;

    /// <summary>round-half-even(n / d / 2^e).</summary>
    private static BigInteger RoundedQuotient(BigInteger n, BigInteger d, long e)
    {
        if (e >= 0) d <<= (int)e; else n <<= (int)-e;
        var q = BigInteger.DivRem(n, d, out var r);
        var twice = r * 2;
        if (twice > d || (twice == d && !q.IsEven)) q++;
        return q;
    }
}
