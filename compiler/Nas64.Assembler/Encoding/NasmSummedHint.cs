using Iced.Intel;
using Nas64.Assembler.Passes;
using Nas64.Assembler.Syntax;
using Nas64.Objects;

namespace Nas64.Assembler.Encoding;

/// <summary>
/// nasm's EAH_SUMMED hint: its evaluator keeps a value as a list of terms by type (each register, the number, each
/// section base) and marks an address "summed" whenever an addition (+, -, or a comparison's difference) meets two terms
/// of one type that do not cancel, whatever else the address holds: [rbp+rax+4+4], [rbp+rax+0+4], [rbp+rax+(2<1)] and
/// [rbp+rax+label+4] are summed, [rbp+rax+8], [rbp+rax+4*2], [rbp+rax-4+4] and [rbp+rax+label] are not. A summed address
/// takes its base by register-table order instead of as written ([rbp+rax+4+4] is base rax) and is split even under
/// nosplit ([nosplit rax*2+4+4] is [rax+rax*1]). This walks the displacement left of the registers (the parser's
/// <c>Linearize</c> keeps every addition of two non-register parts) in nasm's way: a number or a symbol always brings a
/// number term (0 for a label at the section start), a sum of 0 drops it, multiplication keeps it.
/// </summary>
internal static class NasmSummedHint
{
    /// <summary>Whether nasm's evaluation of <paramref name="displacement"/> sums two terms of one type; null when that
    /// depends on a symbol's value and <paramref name="evaluate"/> is null (at parse time).</summary>
    public static bool? Sums(Expression displacement, Func<Expression, Value>? evaluate)
    {
        var scan = new Scan(evaluate);
        scan.Terms(displacement);
        return scan.Deferred ? null : scan.Summed;
    }

    /// <summary>The summed layout of an address the parser left unsummed (<see cref="Operand.SummedBySymbols"/>): of two
    /// unscaled registers the other is the base; nosplit's lone index is the base, or base and index for *2.</summary>
    public static (Register Base, Register Index, int Scale) SummedLayout(Register b, Register i, int s) =>
        b != Register.None ? (i, b, s) : s == 2 ? (i, i, 1) : (i, Register.None, 1);

    /// <summary>Whether <paramref name="displacement"/> has an operation at all (a lone number or symbol never sums).</summary>
    public static bool MaySum(Expression? displacement) =>
        displacement is BinaryExpression or ConditionalExpression or UnaryExpression or IntegerFunctionExpression or WrtTargetExpression;

    /// <summary>A value as nasm's terms: unknown (a forward reference, which absorbs the rest as nasm's addition stops at
    /// it), or a number term and section-base terms, each present even when 0.</summary>
    private struct Vector
    {
        public bool Unknown, HasNumber;
        public long Number;
        public List<(Symbol Base, long Count)>? Bases;

        public static Vector OfNumber(long n) => new() { HasNumber = true, Number = n };

        public static readonly Vector UnknownValue = new() { Unknown = true };

        /// <summary>nasm's scalar_mult: every term multiplied, none dropped.</summary>
        public readonly Vector Times(long k)
        {
            if (Unknown) return this;
            var result = new Vector { HasNumber = HasNumber, Number = unchecked(Number * k) };
            if (Bases is not null)
            {
                result.Bases = new(Bases.Count);
                foreach (var (b, c) in Bases) result.Bases.Add((b, unchecked(c * k)));
            }
            return result;
        }

        /// <summary>nasm's is_simple: nothing but a number (section-base terms of 0 aside).</summary>
        public readonly bool IsNumber => !Unknown && (Bases is null || Bases.TrueForAll(t => t.Count == 0));
    }

    private sealed class Scan(Func<Expression, Value>? evaluate)
    {
        public bool Summed, Deferred;

        public Vector Terms(Expression e)
        {
            switch (e)
            {
                case NumberExpression n:
                    return Vector.OfNumber(n.Value);
                case UnaryExpression { Operator: UnaryOperator.Plus } u:
                    return Terms(u.Operand);
                case UnaryExpression { Operator: UnaryOperator.Negate } u:
                    return Terms(u.Operand).Times(-1);
                case UnaryExpression u:
                    Terms(u.Operand);
                    return Scalar(e);
                case IntegerFunctionExpression f:
                    Terms(f.Argument);
                    return Scalar(e);
                case WrtTargetExpression w:
                    return Terms(w.Value);
                case BinaryExpression b:
                    {
                        var left = Terms(b.Left);
                        var right = Terms(b.Right);
                        switch (b.Operator)
                        {
                            case BinaryOperator.Add:
                                return Add(left, right);
                            case BinaryOperator.Subtract:
                                return Add(left, right.Times(-1));
                            case BinaryOperator.Multiply:
                                return left.IsNumber ? right.Times(left.Number) : right.IsNumber ? left.Times(right.Number) : Vector.UnknownValue;
                            // nasm compares by subtracting (its rexp3 adds the negated right side).
                            case >= BinaryOperator.Equal and <= BinaryOperator.Compare:
                                Add(left, right.Times(-1));
                                return Scalar(e);
                            default:
                                return Scalar(e);
                        }
                    }
                case ConditionalExpression c:
                    {
                        // nasm evaluates both branches (their sums count) and keeps the chosen one.
                        var condition = Terms(c.Condition);
                        var whenTrue = Terms(c.WhenTrue);
                        var whenFalse = Terms(c.WhenFalse);
                        return !condition.IsNumber ? Vector.UnknownValue : condition.Number != 0 ? whenTrue : whenFalse;
                    }
                default:
                    return Leaf(e);
            }
        }

        /// <summary>A symbol, $ or $$: its offset as a number term and its section (or extern) as a base term.</summary>
        private Vector Leaf(Expression e)
        {
            if (e.Constant is { } k) return Vector.OfNumber(k);
            var value = Evaluate(e);
            if (!value.Known) return Vector.UnknownValue;
            var result = Vector.OfNumber(value.Number);
            if (value.Base is not null) result.Bases = [(value.Base, 1)];
            return result;
        }

        /// <summary>An operator nasm folds to a new number (its scalarvect).</summary>
        private Vector Scalar(Expression e)
        {
            if (e.Constant is { } k) return Vector.OfNumber(k);
            var value = Evaluate(e);
            return value.Known ? Vector.OfNumber(value.Number) : Vector.UnknownValue;
        }

        private Value Evaluate(Expression e)
        {
            if (evaluate is null)
            {
                Deferred = true;
                return Value.Unknown;
            }
            try
            {
                return evaluate(e);
            }
            catch (EvaluationException)
            {
                return Value.Unknown;
            }
        }

        /// <summary>nasm's add_vectors: terms of one type are summed (the hint) and dropped when they cancel.</summary>
        private Vector Add(Vector p, Vector q)
        {
            if (p.Unknown || q.Unknown) return Vector.UnknownValue;
            var result = new Vector();
            if (p.HasNumber && q.HasNumber)
            {
                long sum = unchecked(p.Number + q.Number);
                if (sum != 0) (Summed, result.HasNumber, result.Number) = (true, true, sum);
            }
            else if (p.HasNumber || q.HasNumber) (result.HasNumber, result.Number) = p.HasNumber ? (true, p.Number) : (true, q.Number);
            if (p.Bases is null && q.Bases is null) return result;
            result.Bases = p.Bases is null ? [] : new(p.Bases);
            foreach (var (b, c) in q.Bases ?? [])
            {
                int at = result.Bases.FindIndex(t => ReferenceEquals(t.Base, b));
                if (at < 0) result.Bases.Add((b, c));
                else if (result.Bases[at].Count + c is var sum && sum != 0)
                {
                    Summed = true;
                    result.Bases[at] = (b, sum);
                }
                else result.Bases.RemoveAt(at);
            }
            return result;
        }
    }
}
