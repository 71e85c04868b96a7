namespace Nas64.Assembler.Preprocessor;

/// <summary>One line the preprocessor hands to the parser, with where it came from (for a line produced
/// by a macro: the call site in the source, and the expansion chain in <see cref="SourceLocation.Context"/>).</summary>
public readonly record struct PreprocessedLine(string Text, SourceLocation Location)
{
    /// <summary>The listing entry the line's output belongs to (-l), or -1 without a listing.</summary>
    public int ListingLine { get; init; } = -1;
}
