using System.Text;

namespace Nas64.Syscalls.Generator;

/// <summary>A tiny C# text builder: lines, and braces that indent what they enclose.</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public void Line(string line)
    {
        if (line.Length != 0) _text.Append(' ', _depth * 4).Append(line);
        _text.Append('\n');
    }

    /// <summary>Writes <paramref name="header"/> (if any) and an opening brace.</summary>
    public void Open(string header)
    {
        if (header.Length != 0) Line(header);
        Line("{");
        _depth++;
    }

    public void Close(string brace = "}")
    {
        _depth--;
        Line(brace);
    }

    public override string ToString() => _text.ToString();
}
