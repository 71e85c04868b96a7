using Nas64.Objects;

namespace Nas64.Assembler.Passes;

public sealed partial class Assembler
{
    /// <summary>Symbols declared global or static with a special (global x:function) in -f bin.</summary>
    private HashSet<AssemblySymbol>? _binSpecials;

    /// <summary>nasm's bin output takes a global or static declaration with a special and refuses it where the symbol is
    /// defined (before or after the declaration): "binary format does not support any special symbol types" on the
    /// label's line, in a pass before the final one (nasm stops after it).</summary>
    private void NoteBinSpecial(string kind, string special, AssemblySymbol symbol)
    {
        if (special.Length == 0 || _options.Format != OutputFormat.Bin || kind is not ("global" or "static" or "extern")) return;
        (_binSpecials ??= []).Add(symbol);
        // A label defined above the declaration: refused on the label's line, in the same pass.
        if (_pass == 1 && symbol.IsLabel && symbol.DefinedPass == 1) RefuseInBin(symbol.DefinedAt, _statementIndex, BinSpecialMessage);
        if (kind == "extern" && _pass == 1) (_binSpecialExterns ??= []).Add((symbol, _statementIndex, _location));
    }

    /// <summary>extern declarations with a special in -f bin, from the first pass: where each stands.</summary>
    private List<(AssemblySymbol Symbol, int Statement, SourceLocation Location)>? _binSpecialExterns;

    /// <summary>nasm refuses an extern's special where the symbol is used as an extern, on the declaration's line (before
    /// its bin output could refuse the external reference).</summary>
    private void RefuseUsedBinSpecialExterns()
    {
        if (_binSpecialExterns is null) return;
        foreach (var (symbol, at, location) in _binSpecialExterns)
            if (symbol.ObjectSymbol is not null && !symbol.IsDefined) RefuseInBin(location, at, BinSpecialMessage);
    }

    /// <summary>The first pass's refusals of special symbols and common variables in -f bin, with the statement each
    /// belongs to.</summary>
    private List<(SourceLocation Location, int Statement, string Message)>? _binRefusals;

    private void RefuseInBin(SourceLocation location, int statement, string message) => (_binRefusals ??= []).Add((location, statement, message));

    /// <summary>nasm refuses special symbols and common variables in -f bin in its second pass, which comes only after a
    /// first pass without errors (its parser's included): then they are reported, at the end of the first pass here, and
    /// assembly stops.</summary>
    private void ReportBinRefusals()
    {
        if (_binRefusals is null) return;
        if (_diagnostics.ErrorCount == _errorsBeforeParsing)
        {
            int current = _statementIndex;
            foreach (var (location, statement, message) in _binRefusals)
            {
                _statementIndex = statement;
                _diagnostics.Error(location, message);
            }
            _statementIndex = current;
        }
        _binRefusals = null;
    }

    /// <summary>nasm's bin output refuses each reference to an extern as the final pass writes it, so the error comes
    /// in line order with that pass's other errors (an undefined symbol further on) rather than after them.</summary>
    private bool RefusedExternInBin(Symbol target)
    {
        // section.NAME.start and .vstart are resolved by the flat layout.
        if (_options.Format != OutputFormat.Bin || target.IsDefined || target.Name.StartsWith("section.", StringComparison.Ordinal)) return false;
        _diagnostics.Error(_location, "binary output format does not support external references");
        return true;
    }

    private const string BinSpecialMessage = "binary format does not support any special symbol types";

    /// <summary>nasm refuses it in a pass before its last (which then stops): the first here.</summary>
    private void CheckBinSpecial(AssemblySymbol symbol)
    {
        if (_pass == 1 && _binSpecials is not null && _binSpecials.Contains(symbol)) RefuseInBin(_location, _statementIndex, BinSpecialMessage);
    }
}
