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

/// <summary>One preprocessor token: its class and its exact source text.</summary>
public readonly record struct PpToken(PpTokenKind Kind, string Text)
{
    public static readonly PpToken Space = new(PpTokenKind.Whitespace, " ");
    public static readonly PpToken Comma = new(PpTokenKind.Other, ",");

    public bool IsWhitespace => Kind == PpTokenKind.Whitespace;

    public bool Is(char c) => Kind == PpTokenKind.Other && Text.Length == 1 && Text[0] == c;

    public override string ToString() => Text;
}
