namespace Nas64.Assembler.Preprocessor;

/// <summary>
/// The tokens of a batch's emitted lines (<see cref="PreprocessorPipeline"/>): the preprocessor's thread adds each line's
/// tokens here instead of making its text, and the parser's thread makes the text when it reaches the line, as
/// <see cref="Preprocessor"/>'s LineText does for the parser (one space for indentation, the texts as they are).
/// </summary>
internal sealed class TokenLines
{
    private PpToken[] _tokens = new PpToken[4096];
    private int _used;
    private char[] _text = new char[256];

    /// <summary>The lines, by their index in the batch, with where their tokens are and whether they start with a space.</summary>
    public readonly List<(int Line, int Start, int Count, bool Space)> Lines = [];

    public void Add(int line, ReadOnlySpan<PpToken> tokens, bool space)
    {
        if (_used + tokens.Length > _tokens.Length) Array.Resize(ref _tokens, Math.Max(_tokens.Length * 2, _used + tokens.Length));
        tokens.CopyTo(_tokens.AsSpan(_used));
        Lines.Add((line, _used, tokens.Length, space));
        _used += tokens.Length;
    }

    /// <summary>The text of line <paramref name="index"/> of <see cref="Lines"/>, valid until the next call.</summary>
    public ReadOnlyMemory<char> Text(int index)
    {
        var (_, start, count, space) = Lines[index];
        int length = space ? 1 : 0;
        foreach (ref readonly var t in _tokens.AsSpan(start, count)) length += t.TextNumber < 128 ? 1 : t.Text.Length;
        if (_text.Length < length) _text = new char[Math.Max(length, _text.Length * 2)];
        var buffer = _text.AsSpan();
        int at = 0;
        if (space) buffer[at++] = ' ';
        foreach (ref readonly var t in _tokens.AsSpan(start, count))
        {
            // A one-character ASCII text's number is its character.
            if (t.TextNumber < 128) buffer[at++] = (char)t.TextNumber;
            else
            {
                string piece = t.Text;
                piece.CopyTo(buffer[at..]);
                at += piece.Length;
            }
        }
        return _text.AsMemory(0, at);
    }

    public void Clear()
    {
        _used = 0;
        Lines.Clear();
    }
}
