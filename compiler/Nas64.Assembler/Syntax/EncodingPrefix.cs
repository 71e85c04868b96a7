namespace Nas64.Assembler.Syntax;

/// <summary>
/// nasm's encoding prefixes, written in braces before the mnemonic: {vex} (and {vex2}/{vex3}, a 2- or 3-byte VEX)
/// and {evex} pick the VEX or EVEX form of an instruction that has both, {rex} puts a REX prefix on a legacy
/// instruction that needs none. An instruction has at most one, kept in a byte of its own: the 16 bits of
/// <see cref="PrefixFlags"/> are all taken.
/// </summary>
public enum EncodingPrefix : byte { None, Vex, Vex2, Vex3, Evex, Rex }

internal static class EncodingPrefixes
{
    /// <summary>The prefix a word in braces names (any case, as nasm), or None.</summary>
    public static EncodingPrefix Parse(ReadOnlySpan<char> word)
    {
        if (word.Length is < 3 or > 4) return EncodingPrefix.None;
        Span<char> lower = stackalloc char[4];
        int n = word.ToLowerInvariant(lower);
        return lower[..n] switch
        {
            "vex" => EncodingPrefix.Vex,
            "vex2" => EncodingPrefix.Vex2,
            "vex3" => EncodingPrefix.Vex3,
            "evex" => EncodingPrefix.Evex,
            "rex" => EncodingPrefix.Rex,
            _ => EncodingPrefix.None,
        };
    }

    /// <summary>The prefix as written, in braces.</summary>
    public static string Text(EncodingPrefix prefix) => prefix switch
    {
        EncodingPrefix.Vex => "{vex}",
        EncodingPrefix.Vex2 => "{vex2}",
        EncodingPrefix.Vex3 => "{vex3}",
        EncodingPrefix.Evex => "{evex}",
        EncodingPrefix.Rex => "{rex}",
        _ => "",
    };

    /// <summary>nasm's message for an instruction no form of which takes <paramref name="prefix"/>.</summary>
    public static string NotEncodable(EncodingPrefix prefix) => $"instruction not encodable with {Text(prefix)} prefix";
}
