namespace Nas64.Assembler.Preprocessor;

/// <summary>
/// Interns token texts: a name or operator seen before comes back as the same string without allocating,
/// so re-tokenizing macro output costs no garbage and equal names compare by reference first.
/// </summary>
public sealed class StringPool
{
    private static readonly string[] Ascii = BuildAscii();
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StringPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> text)
    {
        if (text.Length == 1 && text[0] < 128) return Ascii[text[0]];
        if (_lookup.TryGetValue(text, out string? existing)) return existing;
        string s = text.ToString();
        _strings.Add(s);
        return s;
    }

    private static string[] BuildAscii()
    {
        var table = new string[128];
        for (int i = 0; i < 128; i++) table[i] = ((char)i).ToString();
        return table;
    }
}
