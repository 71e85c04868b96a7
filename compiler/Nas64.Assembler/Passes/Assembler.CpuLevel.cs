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
        if (_bits == 16 && instruction.Operands is [{ Kind: OperandKind.Immediate, Size: 0, Distance: BranchDistance.Default }]
            && instruction.Mnemonic.Length is 2 or 3 or 4 && instruction.Mnemonic[0] is 'j' or 'J' && !instruction.Mnemonic.Equals("jmp", StringComparison.OrdinalIgnoreCase))
            return EmitConditionalJumpBelow386(instruction);
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

    /// <summary>A conditional jump out of short reach below `cpu 386' (no 0F 8x near form): nasm jumps over a near jmp with
    /// the opposite condition, 7x 03 E9 rel16.</summary>
    private bool EmitConditionalJumpBelow386(InstructionStatement instruction)
    {
        if (!_encoder.Encode(instruction, this, out _) || _encoder.Length <= 2 || _encoder.Fixups.Count > 0) return false;
        if (_emitting)
        {
            var near = _encoder.Bytes;
            if (near.Length != 4 || near[0] != 0x0f || (near[1] & 0xf0) != 0x80) return false;
            // The near form's distance is from its end (4 bytes in), the jmp's from 5 bytes in.
            int distance = (short)(near[2] | near[3] << 8) - 1;
            WriteBytes([(byte)(0x70 | (near[1] & 15) ^ 1), 0x03, 0xe9, (byte)distance, (byte)(distance >> 8)], []);
        }
        Advance(5);
        return true;
    }
}
