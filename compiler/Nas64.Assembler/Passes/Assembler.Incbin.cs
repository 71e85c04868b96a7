using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Passes;

public sealed partial class Assembler
{
    /// <summary>incbin's offset or length: critical, so a name defined further down is nasm's first-pass error.</summary>
    private long IncbinValue(Expression expression)
    {
        if (_pass == 1 && !Evaluate(expression).Known && FirstUnknownSymbol(expression) is { } name)
        {
            // A first-pass error, which stops nasm after that pass (and the line: one message).
            string message = $"symbol `{name}' not defined before use";
            _diagnostics.Error(_location, message);
            throw new EvaluationException(message);
        }
        return CriticalValue(expression, "non-constant argument supplied to INCBIN");
    }
}
