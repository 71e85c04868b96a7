using Nas64.Assembler.Passes;
using Nas64.Assembler.Syntax;
using Nas64.Objects;

namespace Nas64.Assembler.Encoding;

/// <summary>What the encoder needs from the pass: mode, the current address and how to evaluate.</summary>
public interface IEncodingContext
{
    int Bits { get; }
    bool DefaultRel { get; }

    /// <summary>Offset of the current line in its section: the IP the encoder works with.</summary>
    ulong Offset { get; }

    /// <summary>The symbol that section-relative values in the current section have as their base.</summary>
    Symbol? SectionBase { get; }

    /// <summary>Optimize as NASM's -Ox does (the default); false for -O0.</summary>
    bool Optimize { get; }

    /// <summary>NASM's -O1 (<see cref="AssemblerOptions.MinimalOptimization"/>): no short jump without `short', no mov
    /// shortened.</summary>
    bool MinimalOptimization { get; }

    Value Evaluate(Expression expression);

    /// <summary>A self-relative value (`ext - $ + k`, which <see cref="Evaluate"/> refuses as not simple): the symbol and
    /// the number k − $ for a PC-relative field, or null when the expression is not one or the output cannot hold it.</summary>
    Value? SelfRelative(Expression expression);

    /// <summary>True in the final pass: unknown symbols are errors and bytes are written.</summary>
    bool Emitting { get; }

    void Warning(string message);
}

/// <summary>A field of an instruction or datum that refers to a symbol and needs a relocation. <paramref name="SelfRelative"/>:
/// an instruction's `ext - $` field, whose value is k − $ until the pass adds the instruction's offset and length.</summary>
public readonly record struct Fixup(int FieldOffset, int FieldSize, Value Value, bool PcRelative, bool Signed, WrtKind Wrt, bool SelfRelative = false);
