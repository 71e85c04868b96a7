namespace Nas64.Assembler.Preprocessor;

/// <summary>Inverted condition codes for <c>%-1</c> (a parameter holding <c>ne</c> becomes <c>e</c>).</summary>
internal static class ConditionCodes
{
    public static string? Invert(string cc) => cc.ToLowerInvariant() switch
    {
        "a" => "be", "ae" => "b", "b" => "ae", "be" => "a", "c" => "nc", "e" => "ne", "g" => "le", "ge" => "l",
        "l" => "ge", "le" => "g", "na" => "a", "nae" => "ae", "nb" => "b", "nbe" => "be", "nc" => "c", "ne" => "e",
        "ng" => "g", "nge" => "ge", "nl" => "l", "nle" => "le", "no" => "o", "np" => "p", "ns" => "s", "nz" => "z",
        "o" => "no", "p" => "np", "pe" => "po", "po" => "pe", "s" => "ns", "z" => "nz",
        _ => null,
    };
}
