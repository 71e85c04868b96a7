using Nas64.Assembler.Syntax;
using Nas64.Objects;

namespace Nas64.Assembler.Passes;

/// <summary>
/// The directives nasm evaluates as critical expressions when it reads them (absolute, org, sectalign): a symbol not
/// defined above the line is an error of its first pass ("not defined before use"), which stops it there; their other
/// messages in nasm's words.
/// </summary>
public sealed partial class Assembler
{
    /// <summary>The symbol the addresses of `absolute' space are relative to: null for a number (`absolute 0x100'), the
    /// section symbol for `absolute $' in a section (a label there is an address in that section, as in nasm 2.16), an
    /// extern for `absolute ext'.</summary>
    private Symbol? _absoluteBase;

    /// <summary>`sectalign off' stops align from raising the section's alignment (nasm's __?SECTALIGN_ALIGN_UPDATES_SECTION?__).</summary>
    private bool _alignUpdatesSection = true;

    /// <summary>`absolute' takes a number or a relocatable address: its offset is the origin of the space and its base
    /// the base of the space's addresses.</summary>
    private (long Origin, Symbol? Base) AbsoluteAddress(Expression expression)
    {
        Value value;
        try
        {
            value = CriticalDirectiveValue(expression, "ABSOLUTE");
        }
        catch (NotRelocatableException)
        {
            value = LinearEvaluator.AbsoluteAddress(expression, this);
        }
        return value.Known ? (value.Number, value.Base) : (0, null);
    }

    private long OriginValue(Expression expression)
    {
        Value value;
        try
        {
            value = CriticalDirectiveValue(expression, "ORG");
        }
        catch (EvaluationException e) when (_pass == 1)
        {
            // The bin format's own complaint follows the evaluator's.
            _diagnostics.Error(_location, e.Message);
            throw new EvaluationException("No or invalid offset specified in ORG directive.");
        }
        if (!value.Known) return 0;
        if (!value.IsScalar) throw new EvaluationException("org value must be a critical expression");
        return value.Number;
    }

    /// <summary>sectalign: off/on, or a power of two up to 2^31 (nasm checks the offset of an address too), raising the
    /// current section's alignment.</summary>
    private void SectionAlignment(DirectiveStatement directive)
    {
        string text = directive.Arguments.Trim();
        if (text.Equals("off", StringComparison.OrdinalIgnoreCase) || text.Equals("on", StringComparison.OrdinalIgnoreCase))
        {
            _alignUpdatesSection = text.Equals("on", StringComparison.OrdinalIgnoreCase);
            return;
        }
        var value = CriticalDirectiveValue((Expression)directive.Parsed!, "SECTALIGN");
        if (!value.Known) return;
        ulong alignment = (ulong)value.Number;
        if (alignment == 0 || (alignment & (alignment - 1)) != 0)
            throw new EvaluationException($"segment alignment `{text}' is not power of two");
        if (alignment > 0x7fffffff)
            throw new EvaluationException($"absurdly large segment alignment `{text}' (2^{System.Numerics.BitOperations.Log2(alignment)})");
        if (_absolute || AlignsNoSection) return;
        if (alignment > CurrentSection().Alignment) CurrentSection().Alignment = alignment;
        MarkFlatAlignment(CurrentSection(), alignment);
    }

    private Value CriticalDirectiveValue(Expression expression, string what)
    {
        var value = Evaluate(expression);
        if (value.Known) return value;
        if (_pass == 1 && FirstUnknownSymbol(expression) is { } name) throw new EvaluationException($"symbol `{name}' not defined before use");
        if (_emitting) throw new EvaluationException($"non-constant argument supplied to {what}");
        return value;
    }

    private string? FirstUnknownSymbol(Expression expression) => expression switch
    {
        SymbolExpression s => Resolve(s).Known ? null : s.Name,
        UnaryExpression u => FirstUnknownSymbol(u.Operand),
        BinaryExpression b => FirstUnknownSymbol(b.Left) ?? FirstUnknownSymbol(b.Right),
        ConditionalExpression c => FirstUnknownSymbol(c.Condition) ?? FirstUnknownSymbol(c.WhenTrue) ?? FirstUnknownSymbol(c.WhenFalse),
        IntegerFunctionExpression i => FirstUnknownSymbol(i.Argument),
        _ => null,
    };
}
