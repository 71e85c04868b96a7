namespace Nas64.Assembler.Preprocessor;

/// <summary>One line the preprocessor hands to the parser, with where it came from (for a line produced
/// by a macro: the call site in the source, and the expansion chain in <see cref="SourceLocation.Context"/>).
/// <see cref="Unique"/> is nasm's ..@N counter when the line starts, for the labels the parser makes (istruc's).</summary>
public readonly record struct PreprocessedLine(string Text, SourceLocation Location, long Unique = 0)
{
    /// <summary>The listing entry the line's output belongs to (-l), or -1 without a listing.</summary>
    public int ListingLine { get; init; } = -1;
}
