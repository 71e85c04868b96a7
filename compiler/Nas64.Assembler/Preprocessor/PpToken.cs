namespace Nas64.Assembler.Preprocessor;

/// <summary>What a preprocessor token is; the preprocessor only needs coarse classes, the parser re-lexes the text.</summary>
public enum PpTokenKind : byte
{
    Whitespace,
    Identifier,
    Number,
    String,
    /// <summary>Any other punctuation or operator character.</summary>
    Other,
    /// <summary><c>%define</c>, <c>%if</c>…: a percent sign followed by a word.</summary>
    Directive,
    /// <summary><c>%1</c>, <c>%0</c>, <c>%00</c>, <c>%-1</c>, <c>%{…}</c>: multi-line macro parameters.</summary>
    Parameter,
    /// <summary><c>%%name</c>: a label unique to one macro call.</summary>
    MacroLocal,
    /// <summary><c>%$name</c>, <c>%$$name</c>: a name local to a context on the context stack.</summary>
    ContextLocal,
    /// <summary><c>%+</c>: paste the tokens either side.</summary>
    Paste,
    /// <summary><c>%[…]</c>: expand the contents here, even where expansion would not otherwise happen.</summary>
    Indirect,
    /// <summary><c>%?</c> and <c>%??</c>: the name of the macro being expanded.</summary>
    MacroName,
    /// <summary><c>%!name</c>: an environment variable.</summary>
    Environment,
    /// <summary>Internal: marks where a single-line macro's expansion ends, so it becomes expandable again after it.</summary>
    EndOfExpansion,
}

/// <summary>One preprocessor token: its class and its exact source text. A name lexed through the preprocessor's
/// <see cref="StringPool"/> also carries the pool's number for its text (<see cref="Name"/>), by which the preprocessor
/// finds the macros of that name without hashing the text (0: not numbered, looked up by text).
/// The text is held by its number in <see cref="TokenTexts"/>, not as a reference: a token is then plain data, so the
/// preprocessor's many copies of token lines (a macro body line into the working line, a remembered substitution) are
/// plain memory copies instead of the GC's copies with write barriers, and token arrays are nothing for the GC to scan.</summary>
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Auto)]
public readonly struct PpToken : IEquatable<PpToken>
{
    private readonly int _text;

    public PpToken(PpTokenKind kind, string text)
    {
        Kind = kind;
        _text = TokenTexts.Add(text);
    }

    /// <summary>A token of a text already in <see cref="TokenTexts"/>, by its number there.</summary>
    internal PpToken(PpTokenKind kind, int text, int name)
    {
        Kind = kind;
        _text = text;
        Name = name;
    }

    public PpTokenKind Kind { get; }

    public string Text => TokenTexts.Of(_text);

    /// <summary>The number of <see cref="Text"/> in <see cref="TokenTexts"/> (a one-character ASCII text's is its character code).</summary>
    internal int TextNumber => _text;

    /// <summary>The <see cref="StringPool"/> number of an identifier's text, or 0.</summary>
    public int Name { get; init; }

    public static readonly PpToken Space = new(PpTokenKind.Whitespace, " ");
    public static readonly PpToken Comma = new(PpTokenKind.Other, ",");

    public bool IsWhitespace => Kind == PpTokenKind.Whitespace;

    public bool Is(char c) => Kind == PpTokenKind.Other && _text == c && c < 128;

    public bool Equals(PpToken other) =>
        Kind == other.Kind && Name == other.Name && (_text == other._text || Text == other.Text);

    public override bool Equals(object? obj) => obj is PpToken other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Kind, Text, Name);

    public static bool operator ==(PpToken a, PpToken b) => a.Equals(b);

    public static bool operator !=(PpToken a, PpToken b) => !a.Equals(b);

    public void Deconstruct(out PpTokenKind kind, out string text)
    {
        kind = Kind;
        text = Text;
    }

    public override string ToString() => Text;
}

/// <summary>The texts of <see cref="PpToken"/>s by number, for all preprocessors of the process: added to while any
/// preprocessor runs, so a number once given stays valid on every thread (a table that grows is a new array with the old
/// entries; a thread reads only numbers it was given after they were added). Numbers 0–127 are the one-character ASCII
/// texts, by character code, and 128 the empty text; pooled texts get a number once (<see cref="StringPool"/>), other texts
/// one each time a token is made of them. When the last preprocessor ends (<see cref="Leave"/>), the table starts again:
/// it kept every text alive, and the collection after the parse then moved them all (+125 M on gen_macro 4000).</summary>
internal static class TokenTexts
{
    private const int Fixed = 129;
    private static string[] s_texts = NewTable();
    private static int s_count = Fixed;
    private static int s_users;
    private static readonly System.Threading.Lock s_lock = new();

    private static string[] NewTable()
    {
        var table = StringPool.AsciiTable(1024);
        table[128] = "";
        return table;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static string Of(int number) => s_texts[number];

    /// <summary>The number of <paramref name="text"/>: its character code for a one-character ASCII text, else a new one.</summary>
    public static int Add(string text)
    {
        if (text.Length <= 1) return text.Length == 0 ? 128 : text[0] < 128 ? text[0] : AddNew(text);
        return AddNew(text);
    }

    private static int AddNew(string text)
    {
        lock (s_lock)
        {
            var texts = s_texts;
            int number = s_count;
            if (number == texts.Length)
            {
                Array.Resize(ref texts, texts.Length * 2);
                s_texts = texts;
            }
            texts[number] = text;
            s_count = number + 1;
            return number;
        }
    }

    /// <summary>A preprocessor starts: its tokens' numbers stay valid until it ends.</summary>
    public static void Enter()
    {
        lock (s_lock) s_users++;
    }

    /// <summary>A preprocessor has ended and reads its tokens no more; the last one out empties the table.</summary>
    public static void Leave()
    {
        lock (s_lock)
        {
            if (--s_users > 0 || s_count == Fixed) return;
            s_texts = NewTable();
            s_count = Fixed;
        }
    }
}

/// <summary>Count changes of the preprocessor's working lists that do not clear the dropped slots. <see cref="List{T}.Clear"/>
/// and CollectionsMarshal.SetCount clear them for the GC whenever the element holds a reference (a token's text); the
/// working lines and the lines handed out are refilled at once, so that clearing bought nothing and cost about 65 M
/// instructions on gen_macro 4000 -E (the dropped slots keep what they held alive only until they are overwritten).</summary>
internal static class KeptSlots<T>
{
    [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Field, Name = "_size")]
    private static extern ref int Size(List<T> list);

    /// <summary>Sets the count of <paramref name="list"/>: growing as CollectionsMarshal.SetCount does (the new slots
    /// hold whatever they held), shrinking without clearing.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static void SetCount(List<T> list, int count)
    {
        if (count > list.Count) System.Runtime.InteropServices.CollectionsMarshal.SetCount(list, count);
        else Size(list) = count;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static void Clear(List<T> list) => Size(list) = 0;
}
