using Nas64.Objects;

namespace Nas64.Assembler.Passes;

/// <summary>
/// nasm's ELF output creates a section when a `section' directive first names it (in its first pass), but the default
/// .text only when code or a label first goes into it without one (its final pass): so a .text used before any
/// directive names it comes after the sections the source declares, or where a later `section .text' names it
/// (`nop' then `section .data' is .data, .text). The flat format orders sections itself.
/// </summary>
public sealed partial class Assembler
{
    /// <summary>The .text the first pass opened without a directive, not yet placed in nasm's order.</summary>
    private Section? _implicitText;

    /// <summary>Whether nasm's ELF output has made the default .text by now: a `section .text' or a label in it makes the
    /// section for every later pass, code only in the final pass, where it is written.</summary>
    private bool _defaultTextMade;

    /// <summary>A sectalign (or align's) before any section in ELF: nasm's output format finds no section for it and
    /// ignores it (`sectalign 32' then `nop' leaves .text at 16).</summary>
    private bool AlignsNoSection => _section is null && !_absolute && !_defaultTextMade && _options.Format != OutputFormat.Bin;

    private void OpenDefaultSection()
    {
        bool created = !_sections.ContainsKey(".text");
        SwitchSection(".text", []);
        if (created && _pass == 1 && _options.Format != OutputFormat.Bin) _implicitText = _section;
    }

    /// <summary>Puts the implicitly opened .text after the sections declared so far (when a directive names it, or after
    /// the first pass).</summary>
    private void PlaceImplicitText()
    {
        if (_implicitText is null) return;
        _module.Sections.Remove(_implicitText);
        _module.Sections.Add(_implicitText);
        _implicitText = null;
    }
}
