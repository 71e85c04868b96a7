using Iced.Intel;
using Nas64.Objects;

namespace Nas64.Cli.Disassembly;

/// <summary>Gives Iced's formatter symbol names: relocation targets for relocated fields of the current
/// instruction, labels for branch targets and RIP-relative addresses that have one.</summary>
public sealed class OperandSymbols(RelocationText relocationText, Func<ulong, string?> labelAt) : ISymbolResolver
{
    private ImageSection _section = null!;
    private ulong _offset;
    private ConstantOffsets _constants;

    /// <summary>Set before formatting the instruction at <paramref name="offset"/> of <paramref name="section"/>.</summary>
    public void Prepare(ImageSection section, ulong offset, ConstantOffsets constants)
    {
        _section = section;
        _offset = offset;
        _constants = constants;
        Failed = false;
    }

    /// <summary>True when a relocated field had no operand spelling (the instruction must be written as bytes).</summary>
    public bool Failed { get; private set; }

    public bool TryGetSymbol(in Instruction instruction, int operand, int instructionOperand, ulong address, int addressSize, out SymbolResult symbol)
    {
        symbol = default;
        if (instructionOperand < 0) return false;
        OpKind kind = instruction.GetOpKind(instructionOperand);
        ulong end = _offset + (ulong)instruction.Length;
        if (kind == OpKind.Memory)
        {
            if (_constants.HasDisplacement && _section.Relocations.TryGetValue(_offset + _constants.DisplacementOffset, out var relocation))
                return Resolve(relocation, end, address, out symbol);
            if (instruction.IsIPRelativeMemoryOperand && labelAt(address) is { } label)
            {
                symbol = new SymbolResult(address, label);
                return true;
            }
            return false;
        }
        if (_constants.HasImmediate && _section.Relocations.TryGetValue(_offset + _constants.ImmediateOffset, out var immediate))
            return Resolve(immediate, end, address, out symbol);
        if (kind is OpKind.NearBranch16 or OpKind.NearBranch32 or OpKind.NearBranch64 && labelAt(address) is { } target)
        {
            symbol = new SymbolResult(address, target);
            return true;
        }
        return false;
    }

    private bool Resolve(Relocation relocation, ulong end, ulong address, out SymbolResult symbol)
    {
        string? text = relocationText.Operand(relocation, end);
        if (text is null)
        {
            Failed = true;
            symbol = default;
            return false;
        }
        symbol = new SymbolResult(address, text);
        return true;
    }
}
