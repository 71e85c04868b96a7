using Nas64.Assembler.Syntax;
using Nas64.Objects;

namespace Nas64.Assembler.Passes;

/// <summary>
/// NASM's own view of an expression: a number plus symbols (sections, externs) with coefficients, where terms that
/// cancel vanish. <see cref="Evaluator"/> takes only address ± number on the way; this one runs when that fails, so
/// `2*b-2*a`, `_GLOBAL_OFFSET_TABLE_+$$-.get` and `-a+b` evaluate as in nasm. The result must again be a number or
/// one symbol with coefficient 1 (what a relocation can hold), else nasm's "not simple or relocatable".
/// </summary>
internal static class LinearEvaluator
{
    private sealed class Linear(long constant)
    {
        public long Constant = constant;
        public List<(Symbol Symbol, long Coefficient)> Terms { get; } = [];

        public bool IsScalar => Terms.Count == 0;

        public static Linear From(Value value)
        {
            var linear = new Linear(value.Number);
            if (value.Base is not null) linear.Terms.Add((value.Base, 1));
            return linear;
        }

        public Linear AddScaled(Linear other, long factor)
        {
            Constant = unchecked(Constant + other.Constant * factor);
            foreach (var (symbol, coefficient) in other.Terms)
            {
                int i = Terms.FindIndex(t => ReferenceEquals(t.Symbol, symbol));
                long sum = unchecked((i < 0 ? 0 : Terms[i].Coefficient) + coefficient * factor);
                if (i >= 0 && sum == 0) Terms.RemoveAt(i);
                else if (i >= 0) Terms[i] = (symbol, sum);
                else if (sum != 0) Terms.Add((symbol, sum));
            }
            return this;
        }

        public Linear Scaled(long factor) => new Linear(0).AddScaled(this, factor);
    }

    /// <summary>The value of <paramref name="expression"/> in NASM's terms; nasm's error when it is not a number or
    /// one symbol plus a number.</summary>
    public static Value Evaluate(BinaryExpression expression, IEvaluationContext context)
    {
        var linear = Evaluate((Expression)expression, context);
        if (linear is null) return Value.Unknown;
        if (linear.IsScalar) return Value.Scalar(linear.Constant);
        if (linear.Terms is [(var symbol, 1)]) return new Value(linear.Constant, symbol);
        throw new EvaluationException("expression is not simple or relocatable");
    }

    /// <summary>`absolute''s address as nasm takes it: a number, or one symbol with coefficient 1 plus a number; with
    /// any other symbol terms (absolute 5*$, absolute -$) nasm keeps only the number.</summary>
    public static Value AbsoluteAddress(Expression expression, IEvaluationContext context)
    {
        var linear = Evaluate(expression, context);
        if (linear is null) return Value.Unknown;
        return linear.Terms is [(var symbol, 1)] ? new Value(linear.Constant, symbol) : Value.Scalar(linear.Constant);
    }

    /// <summary>NASM's self-relative data (`dd sym - $ + k`, `dq ext - label_here`): one symbol with coefficient 1 and the
    /// current section with −1 is a PC-relative field against that symbol. The number is k's part relative to the
    /// current section (the caller adds the field's own offset); null when the expression is not of that form.</summary>
    public static Value? SelfRelative(Expression expression, IEvaluationContext context)
    {
        if (context.Here is not { Known: true, Base: { } here }) return null;
        Linear? linear;
        try
        {
            linear = Evaluate(expression, context);
        }
        catch (EvaluationException)
        {
            return null;
        }
        if (linear?.Terms is not [var first, var second]) return null;
        if (ReferenceEquals(second.Symbol, here) && second.Coefficient == -1 && first.Coefficient == 1) return new Value(linear.Constant, first.Symbol);
        if (ReferenceEquals(first.Symbol, here) && first.Coefficient == -1 && second.Coefficient == 1) return new Value(linear.Constant, second.Symbol);
        return null;
    }

    // null: not known yet (a forward reference in an early pass).
    private static Linear? Evaluate(Expression expression, IEvaluationContext context)
    {
        switch (expression)
        {
            case BinaryExpression b when b.Operator is BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply:
                {
                    var left = Evaluate(b.Left, context);
                    var right = Evaluate(b.Right, context);
                    if (left is null || right is null) return null;
                    if (b.Operator == BinaryOperator.Add) return left.AddScaled(right, 1);
                    if (b.Operator == BinaryOperator.Subtract) return left.AddScaled(right, -1);
                    if (right.IsScalar) return left.Scaled(right.Constant);
                    if (left.IsScalar) return right.Scaled(left.Constant);
                    throw new EvaluationException("unable to multiply two non-scalar objects");
                }
            case BinaryExpression b when b.Operator is not (>= BinaryOperator.Equal and <= BinaryOperator.Compare):
                {
                    // Other operators (comparisons aside, which Evaluator knows for addresses) need numbers; a difference of labels is one once its terms cancel.
                    var left = Evaluate(b.Left, context);
                    var right = Evaluate(b.Right, context);
                    if (left is null || right is null) return null;
                    if (!left.IsScalar || !right.IsScalar) throw new EvaluationException(Evaluator.ScalarOnly(Evaluator.OperatorText(b.Operator)));
                    if (!Evaluator.TryFold(b.Operator, left.Constant, right.Constant, out long folded, out string? error))
                        throw new EvaluationException(error!);
                    return new Linear(folded);
                }
            case UnaryExpression { Operator: UnaryOperator.Negate or UnaryOperator.Plus } u:
                {
                    var operand = Evaluate(u.Operand, context);
                    return operand is null ? null : u.Operator == UnaryOperator.Plus ? operand : operand.Scaled(-1);
                }
            case UnaryExpression { Operator: UnaryOperator.Complement or UnaryOperator.Not } u:
                {
                    var operand = Evaluate(u.Operand, context);
                    if (operand is null) return null;
                    if (!operand.IsScalar) throw new EvaluationException(Evaluator.ScalarOnly(u.Operator == UnaryOperator.Complement ? "~" : "!"));
                    return new Linear(u.Operator == UnaryOperator.Complement ? ~operand.Constant : operand.Constant == 0 ? 1 : 0);
                }
            default:
                {
                    var value = Evaluator.Evaluate(expression, context);
                    return value.Known ? Linear.From(value) : null;
                }
        }
    }
}
