using Nas64.Assembler.Syntax;

namespace Nas64.Assembler.Encoding;

/// <summary>
/// nasm's checks of effective-address sizes around its matching (see <see cref="NasmAddressSizes"/>): impossible sizes
/// are refused before any form is matched, an impossible displacement size after a form matched.
/// </summary>
public sealed partial class InstructionEncoder
{
    /// <summary>After an <see cref="Encode"/> that failed: the second message nasm gives on the line, or null.</summary>
    public (Severity Severity, string Message)? FollowUp { get; private set; }

    /// <summary>An error nasm reports while sizing the instruction in its first pass (its effective address, registers of
    /// 64-bit code elsewhere) or parsing it (an address's section bases), not in its final pass as the operands' errors.</summary>
    public static bool IsFirstPassError(string? error) => error is not null
        && (error == ImpossibleAddressSizes || error == NonLongModeOperands || error == ImpossibleSegmentBase || error == MultipleSegmentBases
            || error.StartsWith("invalid ", StringComparison.Ordinal) && error.EndsWith("-bit effective address", StringComparison.Ordinal));

    internal const string ImpossibleAddressSizes = "impossible combination of address sizes";

    /// <summary>nasm's parse_mref's errors for section bases an address cannot hold ([rax-b], [rax+a*2], [rax+a+b]).</summary>
    internal const string ImpossibleSegmentBase = "invalid effective address: impossible segment base multiplier",
        MultipleSegmentBases = "invalid effective address: multiple base segments";

    private bool EncodeCheckingAddressSizes(InstructionStatement statement, IEncodingContext context, out string? error)
    {
        FollowUp = null;
        // Fixed bytes for this mode passed the checks below when they were kept (they depend only on the syntax and the
        // mode, and bytes that fail the displacement check are dropped): lines of those bytes skip them (m4000: −34 M
        // instructions).
        if (statement.Syntax.FixedEncodingBits == context.Bits && CpuFlags == CpuFlags.None) return EncodeStatement(statement, context, out error);
        // Every check here is of a memory operand: lines without one go straight to the encoding (g100k: −6 M instructions).
        if (!HasMemoryOperand(statement.Operands))
        {
            if (!EncodeStatement(statement, context, out error)) return false;
            error = null;
            return true;
        }
        if (NasmAddressSizes.Impossible(statement, context.Bits) is { } impossible)
        {
            if (MatchesWithVectorIndex(impossible.Statement, context)) FollowUp = (impossible.Severity, impossible.Message);
            error = ImpossibleAddressSizes;
            return false;
        }
        if (context.Bits != 64 && NasmAddressSizes.SixteenBitVsib(statement, context.Bits) is not null && MatchesWithVectorIndex(statement, context))
        {
            error = $"invalid {context.Bits}-bit effective address";
            return false;
        }
        if (context.Bits != 64 && NasmAddressSizes.Address16(statement) is { } address16)
        {
            if (!address16.Valid)
            {
                if (!Matches(address16.Statement, context)) return EncodeStatement(address16.Statement, context, out error);
                error = $"invalid {context.Bits}-bit effective address";
                return false;
            }
            statement = address16.Statement;
        }
        if (!EncodeStatement(statement, context, out error))
        {
            // A vector index where the instruction has no VSIB form ([xmm1*2] in mov): nasm matches the memory operand,
            // then its process_ea refuses the address.
            if (NasmAddressSizes.VectorIndexStandIn(statement, context.Bits) is { } standIn && Matches(standIn, context))
                error = $"invalid {context.Bits}-bit effective address";
            return false;
        }
        error = NasmAddressSizes.InvalidAddressError(statement, context.Bits) ?? NasmAddressSizes.DisplacementSizeError(statement, context.Bits);
        // EncodeStatement may have kept the bytes of [word ebx+5]: the next line of the syntax must come here again.
        if (error is not null) statement.Syntax.ForgetFixedEncoding();
        return error is null;
    }

    /// <summary>Whether a form matches <paramref name="statement"/>, a vector index standing for a general register where
    /// the instruction has no VSIB form (nasm matches the operand, then its process_ea refuses the address).</summary>
    private bool MatchesWithVectorIndex(InstructionStatement statement, IEncodingContext context)
    {
        if (context.Bits != 64 && NasmAddressSizes.SixteenBitVsib(statement, context.Bits) is { } vsib32) statement = vsib32;
        return Matches(statement, context) || NasmAddressSizes.VectorIndexStandIn(statement, context.Bits) is { } standIn && Matches(standIn, context);
    }

    private static bool HasMemoryOperand(Operand[] operands)
    {
        foreach (var op in operands)
            if (op.IsMemory) return true;
        return false;
    }

    /// <summary>Whether nasm matches a form for <paramref name="statement"/>: it encodes, or needs registers of 64-bit code
    /// (r12d, sil), which nasm refuses only after the effective address. nasm's rewrites refuse some forms by throwing.</summary>
    private bool Matches(InstructionStatement statement, IEncodingContext context)
    {
        try
        {
            return EncodeStatement(statement, context, out string? error) || error == NonLongModeOperands;
        }
        // nasm refuses o64 outside 64-bit code after matching the operands, which NasmRewrites refuses before.
        catch (Passes.EvaluationException e) when (e.Message == NonLongModeOperands && (statement.Prefixes & PrefixFlags.O64) != 0)
        {
            return Matches(new InstructionStatement(statement.Mnemonic, statement.Operands)
            {
                Location = statement.Location,
                Prefixes = statement.Prefixes & ~PrefixFlags.O64,
                SegmentPrefix = statement.SegmentPrefix,
            }, context);
        }
        catch (Passes.EvaluationException e)
        {
            return e.Message == NonLongModeOperands;
        }
    }
}
