namespace Nas64.Assembler.Preprocessor;

/// <summary>
/// Interns token texts: a name or operator seen before comes back as the same string without allocating,
/// so re-tokenizing macro output costs no garbage and equal names compare by reference first. Each text also has a
/// number (the one-character ASCII texts their character code, the others 128 on in order of first use), which
/// identifier tokens carry so the preprocessor's tables by name are arrays indexed by it.
/// <c>..@N.name</c> texts (the names of macro-local and context-local labels) are neither pooled nor numbered (number 0):
/// each macro call makes new ones, and renaming macros define a macro by such a name on every call, which would grow the
/// pool and the tables by number without end; they are looked up by text instead.
/// </summary>
public sealed class StringPool
{
    private static readonly string[] Ascii = BuildAscii();
    private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private int _next = 128;
    private int[] _texts = new int[256];   // by number - 128: the text's number in TokenTexts, 0 until a token is made of it

    public StringPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> text) => Get(text, out _);

    /// <summary>The pooled text and its number.</summary>
    public string Get(ReadOnlySpan<char> text, out int number)
    {
        if (text.Length == 1 && text[0] < 128)
        {
            number = text[0];
            return Ascii[number];
        }
        if (_lookup.TryGetValue(text, out string? existing, out number)) return existing;
        if (IsLocalLabel(text))
        {
            number = 0;
            return text.ToString();
        }
        string added = text.ToString();
        number = _next++;
        _strings.Add(added, number);
        return added;
    }

    /// <summary>A token of <paramref name="kind"/> with the pooled <paramref name="text"/> (an identifier with its number as
    /// its <see cref="PpToken.Name"/>), its text numbered in <see cref="TokenTexts"/> once for all the tokens made of it.</summary>
    public PpToken Token(PpTokenKind kind, ReadOnlySpan<char> text)
    {
        if (text.Length == 1 && text[0] < 128) return new PpToken(kind, text[0], kind == PpTokenKind.Identifier ? text[0] : 0);
        if (!_lookup.TryGetValue(text, out string? existing, out int number))
        {
            if (IsLocalLabel(text)) return new PpToken(kind, text.ToString());
            existing = text.ToString();
            number = _next++;
            _strings.Add(existing, number);
        }
        return new PpToken(kind, TextNumber(number, existing), kind == PpTokenKind.Identifier ? number : 0);
    }

    /// <summary>The <see cref="TokenTexts"/> number of pooled text <paramref name="text"/> (pool number <paramref name="number"/>).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private int TextNumber(int number, string text)
    {
        int at = number - 128;
        var texts = _texts;
        if ((uint)at < (uint)texts.Length && texts[at] is var known and not 0) return known;
        return AddTextNumber(at, text);
    }

    private int AddTextNumber(int at, string text)
    {
        if (at >= _texts.Length) Array.Resize(ref _texts, Math.Max(at + 1, _texts.Length * 2));
        return _texts[at] = TokenTexts.Add(text);
    }

    /// <summary>The number of <paramref name="text"/>, which is pooled (as this string) when it is not yet; 0 for a
    /// <c>..@</c> name, which has none.</summary>
    internal int Number(string text)
    {
        if (text.Length == 1 && text[0] < 128) return text[0];
        if (IsLocalLabel(text)) return 0;
        ref int number = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_strings, text, out bool exists);
        if (exists) return number;
        number = _next++;
        return number;
    }

    /// <summary>The number of <paramref name="text"/> when it has one.</summary>
    internal bool TryGetNumber(string text, out int number)
    {
        if (text.Length == 1 && text[0] < 128)
        {
            number = text[0];
            return true;
        }
        return _strings.TryGetValue(text, out number);
    }

    /// <summary>A table of <paramref name="size"/> texts whose first 128 are the one-character ASCII texts the pool gives.</summary>
    internal static string[] AsciiTable(int size)
    {
        var table = new string[size];
        Ascii.AsSpan().CopyTo(table);
        return table;
    }

    private static bool IsLocalLabel(ReadOnlySpan<char> text) => text.StartsWith("..@");

    private static string[] BuildAscii()
    {
        var table = new string[128];
        for (int i = 0; i < 128; i++) table[i] = ((char)i).ToString();
        return table;
    }
}
