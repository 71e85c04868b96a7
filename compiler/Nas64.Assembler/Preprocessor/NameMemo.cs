namespace Nas64.Assembler.Preprocessor;

/// <summary>
/// A few <c>..@N.name</c> names remembered by the text they were made for (a macro call's <c>%%name</c>, a context's
/// <c>%$name</c>): asked for on many lines, useless once the call or context is gone, so kept by it instead of in the
/// pool for good. Token texts are pooled, so they compare by reference first; past 16 the name is simply made again.
/// </summary>
internal sealed class NameMemo
{
    private readonly List<(string Text, string Name)> _names = [];

    public string? Find(string text)
    {
        foreach (var (t, name) in _names)
            if (ReferenceEquals(t, text) || t == text) return name;
        return null;
    }

    public void Add(string text, string name)
    {
        if (_names.Count < 16) _names.Add((text, name));
    }

    public void Clear() => _names.Clear();
}
