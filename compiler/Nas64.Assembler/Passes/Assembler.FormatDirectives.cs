using Nas64.Assembler.Syntax;
using Nas64.Objects;
using Nas64.Objects.Flat;

namespace Nas64.Assembler.Passes;

/// <summary>The output formats' own directives: the ELF formats' osabi (EI_OSABI and EI_ABIVERSION of the object, read
/// with nasm's readnum in the first pass; `osabi 3' or `[osabi 3, 0]', the last one wins) and the bin format's [map]
/// (which parts of the map file to write, and where).</summary>
public sealed partial class Assembler
{
    /// <summary>[map all|brief|sections|segments|symbols … stdout|stderr|FILE]: the parts add up over the directive's words
    /// and directives, the first destination stays (nasm's warnings about the others are first-pass warnings, which nasm
    /// 2.16 does not show); no part named is brief.</summary>
    private void MapDirective(string value)
    {
        if (_pass != 1) return;
        var map = _module.Map ??= new FlatMapRequest();
        foreach (string word in value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = word.ToLowerInvariant() switch
            {
                "all" => FlatMapParts.Origin | FlatMapParts.Summary | FlatMapParts.Sections | FlatMapParts.Symbols,
                "brief" => FlatMapParts.Origin | FlatMapParts.Summary,
                "sections" or "segments" => FlatMapParts.Origin | FlatMapParts.Summary | FlatMapParts.Sections,
                "symbols" => FlatMapParts.Symbols,
                _ => FlatMapParts.None,
            };
            if (parts != FlatMapParts.None) map.Parts |= parts;
            else if (!map.HasDestination)
            {
                map.HasDestination = true;
                if (word.Equals("stderr", StringComparison.OrdinalIgnoreCase)) map.ToStandardError = true;
                else if (!word.Equals("stdout", StringComparison.OrdinalIgnoreCase)) map.File = word;
            }
        }
        if (map.Parts == FlatMapParts.None) map.Parts = FlatMapParts.Origin | FlatMapParts.Summary;
        map.HasDestination = true;
    }

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
        if (length > 2 && text[r] == '0' && (prefixRadix = Lexer.RadixOfLetter(text[r + 1])) != 0) prefix = 2;
        else if (length > 1 && text[r] == '$') { prefixRadix = 16; prefix = 1; }
        if (length > 1 && (suffixRadix = Lexer.RadixOfLetter(text[q - 1])) != 0) suffix = 1;
        int radix = 10;
        if (prefixRadix > suffixRadix) { radix = prefixRadix; r += prefix; }
        else if (suffixRadix > prefixRadix) { radix = suffixRadix; q -= suffix; }
        ulong result = 0;
        for (; r < q; r++)
        {
            char c = text[r];
            if (c == '_') continue;
            int digit = Lexer.DigitValue(c);
            if (digit < 0 || digit >= radix) return null;
            result = unchecked(result * (ulong)radix + (ulong)digit);
        }
        return unchecked((long)result * sign);
    }

    /// <summary>nasm's bin_sectalign: the section's alignment counts as given from then on, `sectalign 1' too (which
    /// leaves the section at 1 instead of the default 4), and also after start=.</summary>
    private void MarkFlatAlignment(Section section, ulong alignment)
    {
        if (_options.Format != OutputFormat.Bin) return;
        var placed = section.Flat ?? new FlatPlacement();
        section.Flat = placed with { Align = Math.Max(section.Alignment, alignment), AlignAfterStart = placed.Start is not null };
    }

    /// <summary>
    /// nasm's bin format fixes a section's type when it makes the section (.bss nobits, .text and .data progbits, any other
    /// as its first declaration says, progbits without a word for it): a later nobits or progbits that differs is its error,
    /// and the type stays. The attributes without such words.
    /// </summary>
    private IReadOnlyList<string> WithoutFlatTypeChange(bool noBits, IReadOnlyList<string> attributes)
    {
        List<string>? kept = null;
        for (int i = 0; i < attributes.Count; i++)
        {
            string word = attributes[i];
            bool wantsNoBits = word.Equals("nobits", StringComparison.OrdinalIgnoreCase);
            if (!wantsNoBits && !word.Equals("progbits", StringComparison.OrdinalIgnoreCase) || wantsNoBits == noBits)
            {
                kept?.Add(word);
                continue;
            }
            _diagnostics.Error(_location, noBits ? "attempt to change section type from nobits to progbits" : "attempt to change section type from progbits to nobits");
            kept ??= [.. attributes.Take(i)];
        }
        return kept ?? attributes;
    }

    /// <summary>nasm's bin format applies a section's attributes again where a directive names it again (start= on a
    /// later `section .a' moves it); nas64 keeps the first declaration's, so one that changes them is not supported yet.</summary>
    private void CheckFlatRedeclaration(Section section, IReadOnlyList<string> attributes)
    {
        attributes = WithoutFlatTypeChange(section.IsNoBits, attributes);
        var probe = SectionDefaults.Create(section.Name, OutputFormat.Bin);
        probe.Flags = section.Flags;
        probe.Type = section.Type;
        probe.Alignment = section.Alignment;
        probe.Flat = section.Flat;
        string? error = SectionDefaults.ApplyAttributes(probe, attributes, OutputFormat.Bin, text => TryConstant(text), _ => { });
        if (error is not null || probe.Flags != section.Flags || probe.Type != section.Type || probe.Alignment != section.Alignment
            || probe.Flat != section.Flat)
            throw new NotSupportedYetException($"attributes of section `{section.Name}' declared again with other values in -f bin");
    }
}
