using Nas64.Assembler.Passes;

namespace Nas64.Assembler.Preprocessor;

public sealed partial class Preprocessor
{
    /// <summary>Whether the output format's standard macros have <paramref name="word"/>: nasm's bin format adds org, its
    /// ELF formats osabi; the other standard macros are every format's.</summary>
    private bool HasFormatMacro(string word) =>
        word.Equals("org", StringComparison.OrdinalIgnoreCase) ? _options.Format == OutputFormat.Bin
        : !word.Equals("osabi", StringComparison.OrdinalIgnoreCase) || _options.Format != OutputFormat.Bin;
}
