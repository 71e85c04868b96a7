namespace Nas64.Linker;

/// <summary>
/// Where the pieces (strings or fixed-size constants) of one SHF_MERGE input section went in the merged
/// output blob: piece start offsets in the input, ascending, and each piece's offset in the blob.
/// </summary>
internal sealed class MergedStrings(InputSection target, int[] inputStarts, int[] outputStarts)
{
    /// <summary>The synthetic section holding the merged pieces.</summary>
    public InputSection Target { get; } = target;

    /// <summary>Maps an input offset to an offset in <see cref="Target"/>; offsets inside a piece keep their distance from its start.</summary>
    public ulong Translate(ulong offset)
    {
        int index = Array.BinarySearch(inputStarts, (int)Math.Min(offset, int.MaxValue));
        if (index < 0) index = ~index - 1;
        if (index < 0) return offset;
        return (ulong)outputStarts[index] + (offset - (ulong)inputStarts[index]);
    }
}
