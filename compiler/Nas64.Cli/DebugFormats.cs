namespace Nas64.Cli;

/// <summary>-F: the debug formats nas64 writes, and NASM's answers for the others.</summary>
internal static class DebugFormats
{
    /// <summary>Null when <paramref name="debugFormat"/> can be written for <paramref name="format"/>;
    /// otherwise the message. NASM knows dwarf and stabs for ELF and none for bin.</summary>
    public static string? Check(string debugFormat, string format)
    {
        if (format == "bin") return $"unrecognized debug format `{debugFormat}' for output format `bin'";
        return debugFormat switch
        {
            "dwarf" => null,
            "stabs" => "debug format `stabs' is not supported by nas64; use -F dwarf (NASM's default for ELF)",
            _ => $"unrecognized debug format `{debugFormat}' for output format `{(format == "exe" ? "elf64" : format)}'",
        };
    }
}
