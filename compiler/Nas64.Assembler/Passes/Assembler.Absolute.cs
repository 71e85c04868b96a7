using Nas64.Assembler.Syntax;
using Nas64.Objects;

namespace Nas64.Assembler.Passes;

public sealed partial class Assembler
{
    /// <summary>The symbol the addresses of `absolute' space are relative to: null for a number (`absolute 0x100'), the
    /// section symbol for `absolute $' in a section (a label there is an address in that section, as in nasm 2.16), an
    /// extern for `absolute ext'.</summary>
    private Symbol? _absoluteBase;

    /// <summary>`absolute' takes a number or a relocatable address, known when the line is read (nasm's critical
    /// expression): its offset is the origin of the space and its base the base of the space's addresses.</summary>
    private (long Origin, Symbol? Base) AbsoluteAddress(Expression expression)
    {
        var value = Evaluate(expression);
        if (!value.Known)
        {
            if (_emitting) throw new EvaluationException("non-constant argument supplied to ABSOLUTE");
            return (0, null);
        }
        return (value.Number, value.Base);
    }
}
