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
    public static Value Evaluate(Expression expression, IEvaluationContext context)
    {
        var linear = Terms(expression, context);
        if (linear is null) return Value.Unknown;
        if (linear.IsScalar) return Value.Scalar(linear.Constant);
        if (linear.Terms is [(var symbol, 1)]) return new Value(linear.Constant, symbol);
        throw NotRelocatable(linear.Terms, context);
    }

    private static bool IsHere(Symbol symbol, IEvaluationContext context) => context.Here is { Known: true, Base: { } here } && ReferenceEquals(symbol, here);

    /// <summary>A value of symbol <paramref name="terms"/> no relocation holds, by the kind nasm tells apart.</summary>
    internal static NotRelocatableException NotRelocatable(List<(Symbol Symbol, long Coefficient)> terms, IEvaluationContext context) =>
        new(terms switch
        {
            [(var symbol, -1)] when IsHere(symbol, context) => NotRelocatableKind.OwnSectionNegated,
            [(_, 1), (var y, -1)] when IsHere(y, context) => NotRelocatableKind.SelfRelative,
            [(var x, -1), (_, 1)] when IsHere(x, context) => NotRelocatableKind.SelfRelative,
            [(_, not (1 or -1))] => NotRelocatableKind.Scaled,
            _ when terms.TrueForAll(t => t.Coefficient == 1) => NotRelocatableKind.Bases,
            _ => NotRelocatableKind.Other,
        });

    /// <summary>`absolute''s address as nasm takes it: a number, or one symbol with coefficient 1 plus a number; with
    /// any other symbol terms (absolute 5*$, absolute -$) nasm keeps only the number.</summary>
    public static Value AbsoluteAddress(Expression expression, IEvaluationContext context)
    {
        var linear = Terms(expression, context);
        if (linear is null) return Value.Unknown;
        return linear.Terms is [(var symbol, 1)] ? new Value(linear.Constant, symbol) : Value.Scalar(linear.Constant);
    }

    /// <summary>NASM's self-relative data (`dd sym - $ + k`, `dq ext - label_here`): one symbol with coefficient 1 and the
    /// current section with −1 is a PC-relative field against that symbol. The number is k's part relative to the
    /// current section (the caller adds the field's own offset); null when the expression is not of that form.</summary>
    public static Value? SelfRelative(Expression expression, IEvaluationContext context, bool sectionStart = false)
    {
        if (context.Here is not { Known: true, Base: { } here }) return null;
        Linear? linear;
        try
        {
            linear = Terms(expression, context);
        }
        catch (EvaluationException)
        {
            return null;
        }
        // -f bin's value relative to the section's start (-a, 3-a, 3-$): a PC-relative field against address 0, which
        // the flat layout writes as the number less the section's address.
        if (sectionStart && linear?.Terms is [var only] && ReferenceEquals(only.Symbol, here) && only.Coefficient == -1)
            return new Value(linear.Constant, Symbol.AddressZero);
        if (linear?.Terms is not [var first, var second]) return null;
        if (ReferenceEquals(second.Symbol, here) && second.Coefficient == -1 && first.Coefficient == 1) return new Value(linear.Constant, first.Symbol);
        if (ReferenceEquals(first.Symbol, here) && first.Coefficient == -1 && second.Coefficient == 1) return new Value(linear.Constant, second.Symbol);
        return null;
    }

    // null: not known yet (a forward reference in an early pass).
    private static Linear? Terms(Expression expression, IEvaluationContext context)
    {
        switch (expression)
        {
            case BinaryExpression b when b.Operator is BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply:
                {
                    var left = Terms(b.Left, context);
                    var right = Terms(b.Right, context);
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
                    var left = Terms(b.Left, context);
                    var right = Terms(b.Right, context);
                    if (left is null || right is null) return null;
                    if (!left.IsScalar || !right.IsScalar) throw new EvaluationException(Evaluator.ScalarOnly(Evaluator.OperatorText(b.Operator)));
                    if (!Evaluator.TryFold(b.Operator, left.Constant, right.Constant, out long folded, out string? error))
                        throw new EvaluationException(error!);
                    return new Linear(folded);
                }
            case UnaryExpression { Operator: UnaryOperator.Negate or UnaryOperator.Plus } u:
                {
                    var operand = Terms(u.Operand, context);
                    return operand is null ? null : u.Operator == UnaryOperator.Plus ? operand : operand.Scaled(-1);
                }
            case UnaryExpression { Operator: UnaryOperator.Complement or UnaryOperator.Not } u:
                {
                    var operand = Terms(u.Operand, context);
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

/// <summary>What a value no relocation holds has (<see cref="NotRelocatableException"/>).</summary>
public enum NotRelocatableKind
{
    /// <summary>One term, the current section's with coefficient −1 (-a, 3-a, 3-$ with a label a of the section).</summary>
    OwnSectionNegated,
    /// <summary>Another section's symbol less the current section's (b-a, b-$): nasm's self-relative value, a PC-relative
    /// field in data and operands (<see cref="LinearEvaluator.SelfRelative"/>).</summary>
    SelfRelative,
    /// <summary>One term of another coefficient (a*2, -b*2).</summary>
    Scaled,
    /// <summary>Several symbols each added once (a+b).</summary>
    Bases,
    Other,
}

/// <summary>
/// nasm's values with symbol terms no relocation holds. The current section negated alone nasm takes as relative to the
/// section's start (its OUT_RELADDR of no segment: -f bin writes the number less the section's address, which the
/// operands and data of -f bin do through <see cref="LinearEvaluator.SelfRelative"/>; ELF gets odd bytes): not
/// supported yet where no such field is written (ELF, equ). An immediate of one scaled symbol nasm takes as its number
/// alone: not supported yet. Other values are "expression is not simple or relocatable" in data; an instruction's
/// operand says what nasm says there (<see cref="Encoding.InstructionEncoder"/>).
/// </summary>
public sealed class NotRelocatableException(NotRelocatableKind kind) : EvaluationException(kind switch
{
    NotRelocatableKind.OwnSectionNegated => "not supported yet: a negated label or `k - $' (nasm 2.16 makes it relative to the section's start)",
    NotRelocatableKind.SelfRelative => "not supported yet: a label of another section less one of this section here",
    _ => "expression is not simple or relocatable",
})
{
    public NotRelocatableKind Kind { get; } = kind;

    /// <summary>nasm takes the value (not supported yet) wherever it stands but as a branch target.</summary>
    public bool Relative => Kind is NotRelocatableKind.OwnSectionNegated or NotRelocatableKind.SelfRelative;
}
