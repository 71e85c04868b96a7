namespace Nas64.Assembler.Syntax;

public sealed partial class Parser
{
    /// <summary>nasm's readnum warning for each number of the line that does not fit in 64 bits, as written.</summary>
    private void WarnNumberOverflow()
    {
        foreach (var token in _tokens)
            if (token.Kind == TokenKind.Number && token.Overflow)
                diagnostics.Warning(_location, $"numeric constant {token.Text(_chars.Span)} does not fit in 64 bits [-w+number-overflow]");
    }
}
