using Nas64.Assembler.Passes;

namespace Nas64.Assembler.Syntax;

public sealed partial class Parser
{
    /// <summary>The output format: nasm's output formats add their own directives (and standard macros for them).</summary>
    internal OutputFormat Format { get; init; } = OutputFormat.Elf64;

    /// <summary>Whether the output format knows directive <paramref name="lower"/>: org (also a standard macro) and [map] are
    /// the bin format's, osabi (also a macro) the ELF formats'. Elsewhere nasm has no macro for the word (`org 5' is a label
    /// and "parser: instruction expected") and no directive (`[org 5]' is "unrecognized directive [org]").</summary>
    private bool KnowsDirective(string lower, bool bracketed) => lower switch
    {
        "org" => Format == OutputFormat.Bin,
        "map" => bracketed && Format == OutputFormat.Bin,
        "osabi" => Format != OutputFormat.Bin,
        // use16/32/64 are standard macros (for [bits N]) and no directive: `[use16]' is "unrecognized directive [use16]".
        "use16" or "use32" or "use64" => !bracketed,
        _ => true,
    };

    /// <summary>Whether the line is a directive whose standard macro hands nasm its arguments as text, not tokens
    /// (`bits 1z', `global 1z', `section .t 1z'): a word the lexer refuses there gets the directive's own message, or
    /// none, not "expression syntax error". org's value is an expression, but its own message follows the expression's.</summary>
    private bool DirectiveTakesRawText()
    {
        if (_tokens[0].Kind != TokenKind.Identifier) return false;
        string lower = Keywords.Lower(TextOf(_tokens[0]));
        return lower is "section" or "segment" or "bits" or "global" or "extern" or "common" or "static" or "required"
                or "default" or "cpu" or "float" or "org" or "osabi"
            && KnowsDirective(lower, bracketed: false);
    }

    /// <summary>org's value; one that does not parse is the expression's error and then the bin format's.</summary>
    private Expression ParseOrigin()
    {
        try
        {
            return ParseExpression();
        }
        catch (SyntaxException e)
        {
            diagnostics.Error(_location, e.Message);
            throw new SyntaxException("No or invalid offset specified in ORG directive.");
        }
    }
}
