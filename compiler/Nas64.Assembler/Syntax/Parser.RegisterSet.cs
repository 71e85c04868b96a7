using Iced.Intel;

namespace Nas64.Assembler.Syntax;

public sealed partial class Parser
{
    /// <summary>The size of the register set the last operand named (zmm4+3 is 4), 0 when it named none.</summary>
    private int _registerSetSize;

    /// <summary>
    /// nasm's register sets: a register plus a constant, zmm4+3 (also 3+zmm4, (zmm4+3)), names the 4 registers from
    /// zmm4 that AVX512_4FMAPS/4VNNIW read, and encodes as zmm4. A constant of 0 or less is the register alone
    /// (mov eax, eax+0 is mov eax, eax); another shape is nasm's "invalid operand type". Called after the operand,
    /// read as an expression, met a register at <paramref name="start"/>.
    /// </summary>
    private Operand ParseRegisterSet(int start)
    {
        _position = start;
        var parser = ExpressionAt(allowRegisters: true);
        var expression = parser.Parse();
        _position = parser.Position;
        var terms = _addressTerms;
        terms.Clear();
        var rest = Linearize(expression, 1, terms);
        long count = rest is null ? 0 : rest.Constant ?? long.MinValue;
        if (terms.Count != 1 || terms[0].Scale != 1 || terms[0].Multiplied || count == long.MinValue)
            throw new SyntaxException("invalid operand type");
        if (count > 0) _registerSetSize = (int)Math.Min(count + 1, int.MaxValue);
        return new Operand { Kind = OperandKind.Register, Register = terms[0].Register };
    }

    /// <summary>The expression at the current token, or null when it names a register: a register set for
    /// <see cref="ParseRegisterSet"/> (the exception costs nothing on the lines that have none).</summary>
    private Expression? ExpressionOrRegisterSet()
    {
        try
        {
            return ParseExpression();
        }
        catch (SyntaxException e) when (e.Message.StartsWith("register `", StringComparison.Ordinal))
        {
            return null;
        }
    }

    /// <summary>nasm's errors for a register set outside the second operand of the 4-register instructions, or not of 4.</summary>
    private void CheckRegisterSet(string mnemonic, int operand)
    {
        int size = _registerSetSize;
        _registerSetSize = 0;
        bool takesSet = operand == 1 && mnemonic is "v4fmaddps" or "v4fnmaddps" or "v4fmaddss" or "v4fnmaddss" or "vp4dpwssd" or "vp4dpwssds";
        if (!takesSet) throw new SyntaxException("register set not valid for operand");
        if (size != 4) throw new SyntaxException("invalid register set size");
    }
}
