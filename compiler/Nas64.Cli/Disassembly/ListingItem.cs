namespace Nas64.Cli.Disassembly;

/// <summary>One piece of a section in the listing: a decoded instruction (with NASM text) or a run of bytes.
/// <see cref="Instruction"/> is null for data; <see cref="UseBytes"/> is set when the text would not
/// reassemble to the same bytes and relocations, so the bytes are written instead (the text as comment).</summary>
public sealed class ListingItem(ulong offset, int length, string? instruction)
{
    public ulong Offset { get; } = offset;
    public int Length { get; } = length;
    public string? Instruction { get; private set; } = instruction;

    /// <summary>A second spelling to try before falling back to bytes (an immediate forced with <c>strict</c>).</summary>
    public string? Alternative { get; set; }

    /// <summary>Switches to <see cref="Alternative"/>; false when there is none left to try.</summary>
    public bool TryAlternative()
    {
        if (Alternative is null) return false;
        Instruction = Alternative;
        Alternative = null;
        return true;
    }
    public bool UseBytes { get; set; } = instruction is null;
    public ulong End => Offset + (ulong)Length;
}
