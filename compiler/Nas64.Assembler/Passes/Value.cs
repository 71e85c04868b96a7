using Nas64.Objects;

namespace Nas64.Assembler.Passes;

/// <summary>
/// What an expression evaluates to: a number, or an address relative to a symbol (a section symbol
/// for labels defined here, the symbol itself for externs), which becomes a relocation. Unknown
/// values are forward references not yet defined in this pass.
/// </summary>
public readonly record struct Value(long Number, Symbol? Base = null, bool Known = true)
{
    public static readonly Value Unknown = new(0, null, false);

    public bool IsScalar => Base is null;

    public static Value Scalar(long number) => new(number);

    public override string ToString() => !Known ? "?" : Base is null ? Number.ToString() : $"{Base.Name}{Number:+#;-#;+0}";
}

/// <summary>An expression that cannot be evaluated (undefined symbol, bad operands, division by zero).</summary>
public class EvaluationException(string message) : Exception(message);

/// <summary>A --limit-X was exceeded: reported at once, in any pass, and the pass stops (see <see cref="LimitOptions"/>).</summary>
public sealed class LimitException(string message) : Exception(message);
