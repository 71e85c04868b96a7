namespace Nas64.Assembler.Syntax;

/// <summary>
/// `value wrt target' where the target is no special `..name' and no number: a label, an extern, a section or an
/// undefined name. nasm evaluates both sides before refusing it, so an undefined name on either side is its error
/// ("symbol `x' not defined", the value's first); with both defined it is "invalid right-hand operand to WRT".
/// </summary>
public sealed class WrtTargetExpression(Expression value, Expression target) : Expression
{
    public Expression Value { get; } = value;
    public Expression Target { get; } = target;
}
