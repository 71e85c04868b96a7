namespace Nas64.Assembler.Listing;

/// <summary>NASM's -L flags that change what a listing shows (`nasm -h`: -Lb, -Ld, -Le, -Lf, -Lm; -L+ is all of them).</summary>
public sealed record ListingOptions
{
    /// <summary>-Lb: list the lines of -P files (nasm also lists its built-in standard macros, which nas64 implements natively).</summary>
    public bool Builtin { get; init; }

    /// <summary>-Ld: byte and repeat counts in decimal (<c>&lt;rep 20&gt;</c>), not hex (<c>&lt;rep 14h&gt;</c>).</summary>
    public bool Decimal { get; init; }

    /// <summary>-Le: after each source line, the preprocessed line the assembler saw, as <c>;;; text</c>.</summary>
    public bool Expanded { get; init; }

    /// <summary>-Lf: list the bodies of .nolist macros too.</summary>
    public bool ForceNoList { get; init; }

    /// <summary>-Lm: a <c>;;; [macro] name {arg},{arg}</c> line for each multi-line macro call.</summary>
    public bool MacroCalls { get; init; }

    /// <summary>Parses the letters after -L (several -L options combine); unknown letters are ignored, as nasm does.</summary>
    public ListingOptions With(string letters)
    {
        var result = this;
        foreach (char c in letters)
        {
            result = c switch
            {
                'b' => result with { Builtin = true },
                'd' => result with { Decimal = true },
                'e' => result with { Expanded = true },
                'f' => result with { ForceNoList = true },
                'm' => result with { MacroCalls = true },
                '+' => result with { Builtin = true, Decimal = true, Expanded = true, ForceNoList = true, MacroCalls = true },
                _ => result,
            };
        }
        return result;
    }
}
