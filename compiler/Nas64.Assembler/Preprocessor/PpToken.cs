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
/// finds the macros of that name without hashing the text (0: not numbered, looked up by text).</summary>
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Auto)]
public readonly record struct PpToken(PpTokenKind Kind, string Text)
{
    /// <summary>The <see cref="StringPool"/> number of an identifier's text, or 0.</summary>
    public int Name { get; init; }

    public static readonly PpToken Space = new(PpTokenKind.Whitespace, " ");
    public static readonly PpToken Comma = new(PpTokenKind.Other, ",");

    public bool IsWhitespace => Kind == PpTokenKind.Whitespace;

    public bool Is(char c) => Kind == PpTokenKind.Other && Text.Length == 1 && Text[0] == c;

    public override string ToString() => Text;
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
