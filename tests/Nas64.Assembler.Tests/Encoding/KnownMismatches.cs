namespace Nas64.Assembler.Tests.Encoding;

/// <summary>
/// The committed list of corpus lines where nas64 still differs from nasm, one per line:
/// <c>mode TAB instruction TAB nasm-bytes TAB our-bytes</c> ("error" for a rejected line; the mode is the
/// bits, with -O0 appended when assembled without optimization). The corpus
/// test demands the list be exact, so a new difference fails and a fixed one must be removed.
/// </summary>
public static class KnownMismatches
{
    public static string Mode(int bits, bool optimize, bool minimal = false) => !optimize ? bits + "-O0" : minimal ? bits + "-O1" : bits.ToString();

    public static string Format(int bits, string line, SlotResult nasm, SlotResult ours, bool optimize = true, bool minimal = false) =>
        $"{Mode(bits, optimize, minimal)}\t{line}\t{SlotAssembly.Hex(nasm, bits)}\t{SlotAssembly.Hex(ours, bits)}";

    public static HashSet<string> Load(string path, string mode)
    {
        var entries = new HashSet<string>(StringComparer.Ordinal);
        string prefix = mode + "\t";
        foreach (string line in File.ReadLines(path))
            if (line.StartsWith(prefix, StringComparison.Ordinal)) entries.Add(line.TrimEnd());
        return entries;
    }
}
