namespace Nas64.Assembler.Preprocessor;

/// <summary>One line the preprocessor hands to the parser, with where it came from (for a line produced
/// by a macro: the call site in the source, and the expansion chain in <see cref="SourceLocation.Context"/>).
/// <see cref="Unique"/> is nasm's ..@N counter when the line starts, for the labels the parser makes (istruc's).</summary>
public readonly record struct PreprocessedLine(string Text, SourceLocation Location, long Unique = 0);
