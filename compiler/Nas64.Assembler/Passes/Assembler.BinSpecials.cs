namespace Nas64.Assembler.Passes;

public sealed partial class Assembler
{
    /// <summary>Symbols declared global or static with a special (global x:function) in -f bin.</summary>
    private HashSet<AssemblySymbol>? _binSpecials;

    /// <summary>nasm's bin output takes a global or static declaration with a special and refuses it where the symbol is
    /// defined (before or after the declaration): "binary format does not support any special symbol types" on the
    /// label's line.</summary>
    private void NoteBinSpecial(string kind, string special, AssemblySymbol symbol)
    {
        if (special.Length == 0 || _options.Format != OutputFormat.Bin || kind is not ("global" or "static")) return;
        (_binSpecials ??= []).Add(symbol);
    }

    private void CheckBinSpecial(AssemblySymbol symbol)
    {
        if (_emitting && _binSpecials is not null && _binSpecials.Contains(symbol))
            _diagnostics.Error(_location, "binary format does not support any special symbol types");
    }
}
