namespace Nas64.Assembler.Preprocessor;

/// <summary>nasm's %pragma: the preproc namespace is the preprocessor's (nas64 takes sane_empty_expansion of its options), any other
/// becomes the assembler's <c>[pragma …]</c> line, expanded.</summary>
public sealed partial class Preprocessor
{
    private void Pragma(List<PpToken> tokens, int i)
    {
        var body = Tail(tokens, i);
        ExpandLine(body);
        int first = SkipWhitespace(body, 0);
        if (first >= body.Count || body[first].Kind != PpTokenKind.Identifier) return;
        if (body[first].Text.Equals("preproc", StringComparison.OrdinalIgnoreCase))
        {
            PreprocessorPragma(body, first);
            return;
        }
        var line = new List<PpToken>(body.Count - first + 4) { new(PpTokenKind.Other, "["), new(PpTokenKind.Identifier, "pragma"), PpToken.Space };
        line.AddRange(body.GetRange(first, body.Count - first));
        line.Add(new PpToken(PpTokenKind.Other, "]"));
        Emit(line);
    }
}
