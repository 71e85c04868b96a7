using Nas64.Assembler.Encoding;
using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Passes;

public sealed partial class Assembler
{
    /// <summary>Encodes <paramref name="instruction"/>; an error nasm finds in its first pass comes back as the error
    /// also when the encoder's rewrites throw it.</summary>
    private bool EncodeInstruction(InstructionStatement instruction, out string? error)
    {
        try
        {
            return _encoder.Encode(instruction, this, out error);
        }
        catch (EvaluationException e) when (InstructionEncoder.IsFirstPassError(e.Message))
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>nasm sizes an instruction's effective address in its first pass, which then stops: these errors (and the
    /// message after them) come in that pass, and a final-pass error on a later line never does. One found only when the
    /// bytes are written (a vvvv above 7 outside 64-bit code) comes in the emitting pass.</summary>
    private void ReportFirstPassError(string error)
    {
        if (_pass != 1 && !_emitting) return;
        _diagnostics.Error(_location, error);
        if (_encoder.FollowUp is not { } followUp) return;
        if (followUp.Severity == Severity.Warning) _diagnostics.Warning(_location, followUp.Message);
        else _diagnostics.Error(_location, followUp.Message);
    }
}
