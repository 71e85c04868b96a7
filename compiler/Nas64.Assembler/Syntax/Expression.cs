using Iced.Intel;

namespace Nas64.Assembler.Syntax;

public enum UnaryOperator : byte { Negate, Plus, Complement, Not, Seg }

public enum BinaryOperator : byte
{
    Add, Subtract, Multiply, Divide, SignedDivide, Modulo, SignedModulo,
    ShiftLeft, ShiftRight, ShiftRightArith, And, Or, Xor,
    Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual, Compare,
    LogicalAnd, LogicalOr, LogicalXor,
}

/// <summary>A NASM expression, as parsed; evaluated each pass by <see cref="Passes.Evaluator"/>.</summary>
public abstract class Expression
{
    /// <summary>The value when the expression holds no symbol, $ or register; null otherwise.</summary>
    public virtual long? Constant => null;
}

public sealed class NumberExpression(long value) : Expression
{
    public long Value { get; } = value;
    public override long? Constant => Value;
}

/// <summary>A floating-point literal; only data directives and the float functions accept it.</summary>
public sealed class FloatExpression(string text) : Expression
{
    public string Text { get; } = text;
}

/// <summary>A character constant used as a number: 'ab' is 0x6261, little-endian.</summary>
public sealed class StringExpression(byte[] bytes) : Expression
{
    public byte[] Bytes { get; } = bytes;

    public override long? Constant
    {
        get
        {
            long value = 0;
            for (int i = Math.Min(Bytes.Length, 8) - 1; i >= 0; i--) value = (value << 8) | Bytes[i];
            return value;
        }
    }
}

/// <summary>A symbol by its full name (local labels already carry their parent's name).</summary>
public sealed class SymbolExpression(string name) : Expression
{
    public string Name { get; } = name;

    /// <summary>The assembler's symbol for <see cref="Name"/>, kept after the first lookup so later passes skip the dictionary.</summary>
    public object? Binding { get; set; }
}

/// <summary>A register inside a memory reference, e.g. the rax of [rax*4+8].</summary>
public sealed class RegisterExpression(Register register) : Expression
{
    public Register Register { get; } = register;

    // Immutable: one instance per register serves every memory reference (a race only makes a spare one).
    private static readonly RegisterExpression?[] Shared = new RegisterExpression?[512];

    /// <summary>The shared expression for <paramref name="register"/>.</summary>
    public static RegisterExpression Of(Register register) =>
        (uint)register < (uint)Shared.Length ? Shared[(int)register] ??= new RegisterExpression(register) : new RegisterExpression(register);
}

/// <summary>$, the address of the start of the current line.</summary>
public sealed class HereExpression : Expression
{
    public static readonly HereExpression Instance = new();
}

/// <summary>$$, the start of the current section.</summary>
public sealed class SectionStartExpression : Expression
{
    public static readonly SectionStartExpression Instance = new();
}

public sealed class UnaryExpression(UnaryOperator op, Expression operand) : Expression
{
    public UnaryOperator Operator { get; } = op;
    public Expression Operand { get; } = operand;

    public override long? Constant => Operand.Constant is { } v ? Operator switch
    {
        UnaryOperator.Negate => unchecked(-v),
        UnaryOperator.Plus => v,
        UnaryOperator.Complement => ~v,
        UnaryOperator.Not => v == 0 ? 1 : 0,
        _ => null,
    } : null;
}

public sealed class BinaryExpression(BinaryOperator op, Expression left, Expression right) : Expression
{
    public BinaryOperator Operator { get; } = op;
    public Expression Left { get; } = left;
    public Expression Right { get; } = right;

    public override long? Constant =>
        Left.Constant is { } l && Right.Constant is { } r && Passes.Evaluator.TryFold(Operator, l, r, out long v, out _) ? v : null;
}

public sealed class ConditionalExpression(Expression condition, Expression whenTrue, Expression whenFalse) : Expression
{
    public Expression Condition { get; } = condition;
    public Expression WhenTrue { get; } = whenTrue;
    public Expression WhenFalse { get; } = whenFalse;

    public override long? Constant => Condition.Constant is { } c ? (c != 0 ? WhenTrue.Constant : WhenFalse.Constant) : null;
}

/// <summary>A special float function: __?float32?__(1.5), __?Infinity?__ and friends.</summary>
public sealed class FloatFunctionExpression(string function, Expression? argument) : Expression
{
    public string Function { get; } = function;
    public Expression? Argument { get; } = argument;
}

/// <summary>NASM's integer functions (<c>%use ifunc</c>): __?ilog2e?__ (exact; an error unless a power of two),
/// __?ilog2w?__ (exact, else floor), __?ilog2f?__ (floor) and __?ilog2c?__ (ceiling) of an unsigned value.</summary>
public sealed class IntegerFunctionExpression(string function, Expression argument) : Expression
{
    public string Function { get; } = function;
    public Expression Argument { get; } = argument;

    public override long? Constant => Argument.Constant is { } v && (Function != "ilog2e" || IsPowerOfTwo(v)) ? Apply(Function, v) : null;

    public static bool IsPowerOfTwo(long v) => v != 0 && (v & (v - 1)) == 0;

    public static long Apply(string function, long value)
    {
        ulong v = (ulong)value;
        if (function == "ilog2c") return v < 2 ? 0 : 64 - System.Numerics.BitOperations.LeadingZeroCount(v - 1);
        return v == 0 ? 0 : 63 - System.Numerics.BitOperations.LeadingZeroCount(v);
    }
}
