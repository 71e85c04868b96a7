namespace Nas64.Assembler.Preprocessor;

/// <summary>
/// A few <c>..@N.name</c> names remembered by the text they were made for (a macro call's <c>%%name</c>, a context's
/// <c>%$name</c>): asked for on many lines, useless once the call or context is gone, so kept by it instead of in the
/// pool for good. Token texts are pooled, so they compare by reference first; past 16 the name is simply made again.
/// Each name is kept as its identifier token, so the tokens made of it share one <see cref="TokenTexts"/> number.
/// </summary>
internal sealed class NameMemo
{
    private readonly List<(string Text, PpToken Name)> _names = [];

    public bool TryFind(string text, out PpToken name)
    {
        foreach (ref readonly var entry in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_names))
            if (ReferenceEquals(entry.Text, text) || entry.Text == text)
            {
                name = entry.Name;
                return true;
            }
        name = default;
        return false;
    }

    /// <summary>Remembers <paramref name="name"/> for <paramref name="text"/> and returns its token.</summary>
    public PpToken Add(string text, string name)
    {
        var token = new PpToken(PpTokenKind.Identifier, name);
        if (_names.Count < 16) _names.Add((text, token));
        return token;
    }

    public void Clear() => _names.Clear();
}
