namespace Nas64.Assembler.Passes;

/// <summary>The ELF output formats' own directive, osabi: EI_OSABI and EI_ABIVERSION of the object, read with nasm's
/// readnum in the first pass (`osabi 3' or `[osabi 3, 0]'; the last one wins).</summary>
public sealed partial class Assembler
{
    private void OsAbiDirective(string value)
    {
        if (_pass != 1) return;
        var osAbi = ReadNum(value);
        if (osAbi is null) throw new EvaluationException("`osabi' directive requires a parameter");
        if (osAbi is < 0 or > 255) throw new EvaluationException("valid osabi numbers are 0 to 255");
        _module.OsAbi = (byte)osAbi;
        _module.AbiVersion = 0;
        int comma = value.IndexOf(',');
        if (comma < 0) return;
        var version = ReadNum(value[(comma + 1)..]);
        if (version is null or < 0 or > 255) throw new EvaluationException("invalid ABI version number (valid: 0 to 255)");
        _module.AbiVersion = (byte)version;
    }

    /// <summary>nasm's readnum: white space, an optional `-', then the letters, digits, `$' and `_' that follow, read as
    /// one number with a radix prefix (0x, $ …) or suffix (h, b …); null when there is none or a digit is out of its
    /// radix. The value wraps at 64 bits.</summary>
    private static long? ReadNum(string text)
    {
        int r = 0;
        while (r < text.Length && char.IsWhiteSpace(text[r])) r++;
        long sign = 1;
        if (r < text.Length && text[r] == '-') { r++; sign = -1; }
        int q = r;
        while (q < text.Length && (char.IsAsciiLetterOrDigit(text[q]) || text[q] is '$' or '_')) q++;
        int length = q - r;
        if (length == 0) return null;
        int prefixRadix = 0, suffixRadix = 0;
        int prefix = 0, suffix = 0;
        if (length > 2 && text[r] == '0' && (prefixRadix = RadixLetter(text[r + 1])) != 0) prefix = 2;
        else if (length > 1 && text[r] == '$') { prefixRadix = 16; prefix = 1; }
        if (length > 1 && (suffixRadix = RadixLetter(text[q - 1])) != 0) suffix = 1;
        int radix = 10;
        if (prefixRadix > suffixRadix) { radix = prefixRadix; r += prefix; }
        else if (suffixRadix > prefixRadix) { radix = suffixRadix; q -= suffix; }
        ulong result = 0;
        for (; r < q; r++)
        {
            char c = text[r];
            if (c == '_') continue;
            int digit = c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0';
            if (c < '0' || (c > '9' && c < 'A') || digit >= radix) return null;
            result = unchecked(result * (ulong)radix + (ulong)digit);
        }
        return unchecked((long)result * sign);
    }

    private static int RadixLetter(char c) => char.ToLowerInvariant(c) switch
    {
        'b' or 'y' => 2,
        'q' or 'o' => 8,
        'd' or 't' => 10,
        'h' or 'x' => 16,
        _ => 0,
    };
}
