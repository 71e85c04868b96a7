namespace Nas64.Assembler.Syntax;

/// <summary>The words NASM gives meaning to besides mnemonics and registers.</summary>
public static class Keywords
{
    /// <summary><paramref name="word"/> in lower case (<see cref="string.ToLowerInvariant"/>): the word itself, found by a plain
    /// scan, when it has no capital and nothing past ASCII, as most words. The parser asks the keyword tables about each
    /// word of each line, and ToLowerInvariant's checks showed in profiles.</summary>
    public static string Lower(string word)
    {
        foreach (char c in word)
            if ((uint)(c - 'A') <= 'Z' - 'A' || c > 0x7F) return word.ToLowerInvariant();
        return word;
    }

    public static int SizeOf(string word) => Lower(word) switch
    {
        "byte" => 1,
        "word" => 2,
        "dword" => 4,
        "qword" => 8,
        "tword" => 10,
        "oword" or "xword" => 16,
        "yword" => 32,
        "zword" => 64,
        _ => 0,
    };

    public static int DataUnit(string word) => Lower(word) switch
    {
        "db" => 1,
        "dw" => 2,
        "dd" => 4,
        "dq" => 8,
        "dt" => 10,
        "do" => 16,
        "dy" => 32,
        "dz" => 64,
        _ => 0,
    };

    public static int ReserveUnit(string word) => Lower(word) switch
    {
        "resb" => 1,
        "resw" => 2,
        "resd" => 4,
        "resq" => 8,
        "rest" => 10,
        "reso" => 16,
        "resy" => 32,
        "resz" => 64,
        _ => 0,
    };

    public static PrefixFlags Prefix(string word) => Lower(word) switch
    {
        "lock" => PrefixFlags.Lock,
        "rep" => PrefixFlags.Rep,
        "repe" or "repz" => PrefixFlags.Repe,
        "repne" or "repnz" => PrefixFlags.Repne,
        "xacquire" => PrefixFlags.Xacquire,
        "xrelease" => PrefixFlags.Xrelease,
        "bnd" => PrefixFlags.Bnd,
        "o16" => PrefixFlags.O16,
        "o32" => PrefixFlags.O32,
        "o64" => PrefixFlags.O64,
        "a16" => PrefixFlags.A16,
        "a32" => PrefixFlags.A32,
        "a64" => PrefixFlags.A64,
        _ => PrefixFlags.None,
    };

    /// <summary>Words nasm's scanner makes size, special or prefix tokens (and wait, times, wrt), which no expression takes as a
    /// symbol: nasm's "expression syntax error" where one stands as a value ([rax+byte], dd 1+rep).</summary>
    public static bool IsExpressionKeyword(string word) => word.Length is >= 2 and <= 8 && Lower(word) switch
    {
        "byte" or "word" or "dword" or "qword" or "tword" or "oword" or "yword" or "zword" or "long"
            or "abs" or "rel" or "nosplit" or "strict" or "far" or "near" or "short" or "to"
            or "lock" or "rep" or "repe" or "repz" or "repne" or "repnz" or "xacquire" or "xrelease" or "bnd" or "nobnd"
            or "o16" or "o32" or "o64" or "osp" or "a16" or "a32" or "a64" or "asp" or "wait" or "times" or "wrt" => true,
        _ => false,
    };

    /// <summary>Directives that take the rest of the line; handled by the parser or the passes.</summary>
    public static bool IsDirective(string word) => Lower(word) switch
    {
        "section" or "segment" or "bits" or "use16" or "use32" or "use64" or "global" or "extern" or "common"
            or "static" or "org" or "default" or "absolute" or "cpu" or "warning" or "float" or "required"
            or "sectalign" or "struc" or "endstruc" or "istruc" or "at" or "iend" or "gnu" or "debug" or "list" or "osabi" or "map" => true,
        _ => false,
    };

    public static WrtKind Wrt(string word) => Lower(word) switch
    {
        "..plt" => WrtKind.Plt,
        "..got" => WrtKind.Got,
        "..gotoff" => WrtKind.GotOff,
        "..gotpc" => WrtKind.GotPc,
        "..gotpcrel" => WrtKind.GotPcRel,
        "..sym" => WrtKind.Sym,
        "..tlsie" => WrtKind.TlsIe,
        "..gottpoff" => WrtKind.GotTpOff,
        "..tlsgd" => WrtKind.TlsGd,
        "..tlsld" => WrtKind.TlsLd,
        "..dtpoff" => WrtKind.DtpOff,
        "..tpoff" => WrtKind.TpOff,
        _ => WrtKind.Other,
    };
}
