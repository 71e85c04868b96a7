using Nas64.Assembler.Syntax;
using Nas64.Objects;

namespace Nas64.Assembler.Passes;

/// <summary>What an expression needs from the pass that evaluates it.</summary>
public interface IEvaluationContext
{
    /// <summary>The value of a symbol: defined, forward (Unknown before it is seen), or extern.</summary>
    Value Resolve(string name);

    /// <summary>The value of a symbol reference; a context may cache the lookup in the expression.</summary>
    Value Resolve(SymbolExpression symbol) => Resolve(symbol.Name);

    /// <summary>$ — the address of the current line.</summary>
    Value Here { get; }

    /// <summary>$$ — the start of the current section.</summary>
    Value SectionStart { get; }

    /// <summary>What the output format says about `seg' (neither bin nor ELF has segment bases).</summary>
    string SegmentBaseError => "not supported yet: `seg' operator";

    /// <summary>The <c>float</c> directive's rounding for __?floatN?__().</summary>
    FloatMode FloatMode => FloatMode.Default;

    /// <summary>A warning or error about a constant in __?floatN?__().</summary>
    void ReportFloat(FloatMessage message)
    {
        if (message.IsError) throw new EvaluationException(message.Text);
    }
}

/// <summary>Evaluates expressions with NASM's rules: scalar arithmetic on 64 bits, and only
/// <c>address ± number</c> and <c>address − address</c> (same base) on relocatable values.</summary>
public static class Evaluator
{
    public static Value Evaluate(Expression expression, IEvaluationContext context)
    {
        switch (expression)
        {
            case NumberExpression n:
                return Value.Scalar(n.Value);
            case SymbolExpression s:
                return context.Resolve(s);
            case HereExpression:
                return context.Here;
            case SectionStartExpression:
                return context.SectionStart;
            case StringExpression str:
                return Value.Scalar(str.Constant!.Value);
            case UnaryExpression u:
                return EvaluateUnary(u, context);
            case BinaryExpression b:
                try
                {
                    return EvaluateBinary(b, context);
                }
                catch (EvaluationException) when (b.Operator is not (>= BinaryOperator.Equal and <= BinaryOperator.Compare))
                {
                    // Terms that cancel only in the whole sum (2*b-2*a, GOT+$$-$): NASM's vector arithmetic, and its errors.
                    return LinearEvaluator.Evaluate(b, context);
                }
            case ConditionalExpression c:
                {
                    var condition = Evaluate(c.Condition, context);
                    if (!condition.Known) return Value.Unknown;
                    RequireScalar(condition, "?:");
                    return Evaluate(condition.Number != 0 ? c.WhenTrue : c.WhenFalse, context);
                }
            case FloatFunctionExpression f:
                return Value.Scalar(FloatEncoder.EvaluateFunction(f, context.FloatMode, context.ReportFloat));
            case IntegerFunctionExpression i:
                {
                    var argument = Evaluate(i.Argument, context);
                    if (!argument.Known) return Value.Unknown;
                    RequireScalar(argument, i.Function);
                    if (i.Function == "ilog2e" && !IntegerFunctionExpression.IsPowerOfTwo(argument.Number))
                        throw new EvaluationException("ilog2 argument is not a power of two");
                    return Value.Scalar(IntegerFunctionExpression.Apply(i.Function, argument.Number));
                }
            case WrtTargetExpression w:
                {
                    var value = Evaluate(w.Value, context);
                    var target = Evaluate(w.Target, context);
                    if (!value.Known || !target.Known) return Value.Unknown;
                    throw new EvaluationException("invalid right-hand operand to WRT");
                }
            case FloatExpression:
                throw new EvaluationException("floating-point constant used in an integer expression");
            case RegisterExpression:
                throw new EvaluationException("register used in an expression");
            default:
                throw new EvaluationException("unsupported expression");
        }
    }

    private static Value EvaluateUnary(UnaryExpression u, IEvaluationContext context)
    {
        Value operand;
        try
        {
            operand = Evaluate(u.Operand, context);
        }
        catch (NotRelocatableException) when (u.Operator is UnaryOperator.Negate or UnaryOperator.Plus)
        {
            // A negation may cancel one: -(-a) is a.
            return LinearEvaluator.Evaluate(u, context);
        }
        if (u.Operator == UnaryOperator.Plus) return operand;
        if (u.Operator == UnaryOperator.Seg)
            throw new EvaluationException(operand.Known && operand.Base is null ? "cannot apply SEG to a non-relocatable value" : context.SegmentBaseError);
        if (!operand.Known) return Value.Unknown;
        // nasm negates any value (its scalar_mult): -a is the section's base times −1, which no relocation holds.
        if (u.Operator == UnaryOperator.Negate && operand.Base is not null) throw LinearEvaluator.NotRelocatable([(operand.Base, -1)], context);
        string name = u.Operator switch { UnaryOperator.Negate => "-", UnaryOperator.Complement => "~", _ => "!" };
        RequireScalar(operand, name);
        long v = operand.Number;
        return Value.Scalar(u.Operator switch
        {
            UnaryOperator.Negate => unchecked(-v),
            UnaryOperator.Complement => ~v,
            _ => v == 0 ? 1 : 0,
        });
    }

    private static Value EvaluateBinary(BinaryExpression b, IEvaluationContext context)
    {
        var left = Evaluate(b.Left, context);
        // && and || do not look at the right side when the left decides.
        if (b.Operator is BinaryOperator.LogicalAnd or BinaryOperator.LogicalOr && left.Known && left.IsScalar)
        {
            if (b.Operator == BinaryOperator.LogicalAnd && left.Number == 0) return Value.Scalar(0);
            if (b.Operator == BinaryOperator.LogicalOr && left.Number != 0) return Value.Scalar(1);
        }
        var right = Evaluate(b.Right, context);
        if (!left.Known || !right.Known) return Value.Unknown;
        switch (b.Operator)
        {
            case BinaryOperator.Add:
                if (left.Base is not null && right.Base is not null)
                    throw new EvaluationException("cannot add two relocatable addresses");
                return new Value(unchecked(left.Number + right.Number), left.Base ?? right.Base);
            case BinaryOperator.Subtract:
                if (right.Base is null) return new Value(unchecked(left.Number - right.Number), left.Base);
                if (left.Base == right.Base) return Value.Scalar(unchecked(left.Number - right.Number));
                throw new EvaluationException(left.Base is null
                    ? "cannot subtract a relocatable address from a number"
                    : $"cannot subtract addresses in different sections or symbols (`{left.Base.Name}' and `{right.Base.Name}')");
        }
        if (b.Operator is >= BinaryOperator.Equal and <= BinaryOperator.Compare) return Compare(b.Operator, left, right);
        RequireScalar(left, OperatorText(b.Operator));
        RequireScalar(right, OperatorText(b.Operator));
        if (!TryFold(b.Operator, left.Number, right.Number, out long value, out string? error))
            throw new EvaluationException(error!);
        return Value.Scalar(value);
    }

    /// <summary>NASM's rexp3: compares the difference of the operands, so labels of one section compare
    /// and addresses of different sections are merely unequal. NASM's <c>&lt;=&gt;</c> yields −1 as its
    /// "unknown" marker, which ends up as 0; we reproduce that.</summary>
    private static Value Compare(BinaryOperator op, Value left, Value right)
    {
        bool scalar = left.Base == right.Base;
        long difference = unchecked(left.Number - right.Number);
        if (op is BinaryOperator.Equal or BinaryOperator.NotEqual)
            return Value.Scalar((!scalar || difference != 0) == (op == BinaryOperator.NotEqual) ? 1 : 0);
        if (!scalar)
            throw new EvaluationException($"`{ComparisonText(op)}': operands differ by a non-scalar");
        long v = op switch
        {
            BinaryOperator.Compare => difference > 0 ? 1 : 0,
            _ when difference == 0 => op is BinaryOperator.LessEqual or BinaryOperator.GreaterEqual ? 1 : 0,
            _ when difference > 0 => op is BinaryOperator.GreaterEqual or BinaryOperator.Greater ? 1 : 0,
            _ => op is BinaryOperator.LessEqual or BinaryOperator.Less ? 1 : 0,
        };
        return Value.Scalar(v);
    }

    private static string ComparisonText(BinaryOperator op) => op switch
    {
        BinaryOperator.LessEqual => "<=",
        BinaryOperator.Less => "<",
        BinaryOperator.GreaterEqual => ">=",
        _ => ">",
    };

    /// <summary>Applies a binary operator to two numbers as NASM does (/, % unsigned; //, %% signed).</summary>
    public static bool TryFold(BinaryOperator op, long l, long r, out long value, out string? error)
    {
        error = null;
        value = 0;
        switch (op)
        {
            case BinaryOperator.Add: value = unchecked(l + r); return true;
            case BinaryOperator.Subtract: value = unchecked(l - r); return true;
            case BinaryOperator.Multiply: value = unchecked(l * r); return true;
            case BinaryOperator.Divide:
            case BinaryOperator.Modulo:
            case BinaryOperator.SignedDivide:
            case BinaryOperator.SignedModulo:
                if (r == 0) { error = "division by zero"; return false; }
                value = op switch
                {
                    BinaryOperator.Divide => (long)((ulong)l / (ulong)r),
                    BinaryOperator.Modulo => (long)((ulong)l % (ulong)r),
                    BinaryOperator.SignedDivide => r == -1 ? unchecked(-l) : l / r,
                    _ => r == -1 ? 0 : l % r,
                };
                return true;
            // nasm shifts as x86 does: by the count's low six bits (1 << 64 is 1, 8 >>> -1 is 0).
            case BinaryOperator.ShiftLeft: value = l << (int)(r & 63); return true;
            case BinaryOperator.ShiftRight: value = (long)((ulong)l >> (int)(r & 63)); return true;
            case BinaryOperator.ShiftRightArith: value = l >> (int)(r & 63); return true;
            case BinaryOperator.And: value = l & r; return true;
            case BinaryOperator.Or: value = l | r; return true;
            case BinaryOperator.Xor: value = l ^ r; return true;
            case >= BinaryOperator.Equal and <= BinaryOperator.Compare:
                value = Compare(op, Value.Scalar(l), Value.Scalar(r)).Number;
                return true;
            case BinaryOperator.LogicalAnd: value = l != 0 && r != 0 ? 1 : 0; return true;
            case BinaryOperator.LogicalOr: value = l != 0 || r != 0 ? 1 : 0; return true;
            case BinaryOperator.LogicalXor: value = (l != 0) ^ (r != 0) ? 1 : 0; return true;
            default: error = "unsupported operator"; return false;
        }
    }

    private static void RequireScalar(Value value, string op)
    {
        if (value.Base is not null)
            throw new EvaluationException(ScalarOnly(op));
    }

    /// <summary>nasm's words for an operator given an address: division and shift operators by their kind, && || ^^ as & | ^.</summary>
    internal static string ScalarOnly(string op) => op switch
    {
        "/" or "//" or "%" or "%%" => "division operator may only be applied to scalar values",
        "<<" or ">>" or ">>>" => "shift operator may only be applied to scalar values",
        "&&" or "||" or "^^" => $"`{op[0]}' operator may only be applied to scalar values",
        _ => $"`{op}' operator may only be applied to scalar values",
    };

    internal static string OperatorText(BinaryOperator op) => op switch
    {
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.SignedDivide => "//",
        BinaryOperator.Modulo => "%",
        BinaryOperator.SignedModulo => "%%",
        BinaryOperator.ShiftLeft => "<<",
        BinaryOperator.ShiftRight => ">>",
        BinaryOperator.ShiftRightArith => ">>>",
        BinaryOperator.And => "&",
        BinaryOperator.Or => "|",
        BinaryOperator.Xor => "^",
        BinaryOperator.LogicalAnd => "&&",
        BinaryOperator.LogicalOr => "||",
        BinaryOperator.LogicalXor => "^^",
        _ => "comparison",
    };
}
