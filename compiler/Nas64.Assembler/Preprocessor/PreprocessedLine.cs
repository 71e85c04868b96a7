namespace Nas64.Assembler.Preprocessor;

/// <summary>One line the preprocessor hands to the parser, with where it came from (for a line produced
/// by a macro: the call site in the source, and the expansion chain in <see cref="SourceLocation.Context"/>).
/// <see cref="Unique"/> is nasm's ..@N counter when the line starts, for the labels the parser makes (istruc's), as the
/// parser counts (an int: with the characters as a memory, a long made the line 64 bytes, which the batches and iterators
/// copy with a call instead of inline).</summary>
/// <param name="Chars">The line's text: a string, or on the preprocessor's own thread a piece of a buffer that is reused
/// once the line is parsed (see <see cref="LineBuffers"/>).</param>
public readonly record struct PreprocessedLine(ReadOnlyMemory<char> Chars, SourceLocation Location, int Unique = 0)
{
    public PreprocessedLine(string text, SourceLocation location, int unique = 0) : this(text.AsMemory(), location, unique) { }

    /// <summary>The line's text as a string (the string itself when it is one).</summary>
    public string Text => Chars.ToString();

    /// <summary>The listing entry the line's output belongs to (-l), or -1 without a listing.</summary>
    public int ListingLine { get; init; } = -1;
}
