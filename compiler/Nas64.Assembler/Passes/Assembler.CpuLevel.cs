using Nas64.Assembler.Encoding;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Passes;

/// <summary>Forms nasm picks differently below `cpu 386'.</summary>
public sealed partial class Assembler
{
    /// <summary>`push imm' without a size (or with `byte') in 32-bit code under `cpu 186'/`cpu 286': nasm's only form
    /// left is the 186 `push imm8' (6A ib), so it assembles as `push byte imm', with that form's "signed byte value
    /// exceeds bounds" warning for a value that does not fit.</summary>
    private bool EmitBelow386(InstructionStatement instruction)
    {
        if (!(_cpuLevel >= 1 && _bits == 32 && instruction.Operands is [{ Kind: OperandKind.Immediate, Size: 0 or 1 } operand]
            && instruction.Mnemonic.Equals("push", StringComparison.OrdinalIgnoreCase)))
            return false;
        // A statement of its own (lines share syntax and its encoder caches): the same push with `byte'.
        if (!_pushByte.TryGetValue(instruction.Syntax, out var pushByte))
        {
            pushByte = new InstructionStatement(instruction.Mnemonic, [new Operand { Kind = OperandKind.Immediate, Size = 1, Value = operand.Value }])
            {
                Prefixes = instruction.Prefixes,
                SegmentPrefix = instruction.SegmentPrefix,
            };
            _pushByte.Add(instruction.Syntax, pushByte);
        }
        int level = _cpuLevel;
        _cpuLevel = CpuLevels.I386;   // the same bytes as the 386's push byte
        try
        {
            EmitInstruction(pushByte);
        }
        finally
        {
            _cpuLevel = level;
        }
        return true;
    }

    private readonly Dictionary<InstructionSyntax, InstructionStatement> _pushByte = [];
}
