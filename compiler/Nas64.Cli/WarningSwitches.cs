namespace Nas64.Cli;

/// <summary>NASM's warning switches: -w+x, -w-x, -w*x, -w+error, -w+error=x, and the -W forms nasm 2.16
/// accepts (-Wx, -Wno-x, -Werror, -Werror=x, -Wno-error=x), all turned into the -w form.</summary>
internal static class WarningSwitches
{
    /// <summary>The -w form of a -w/-W argument, or null when <paramref name="arg"/> is not one.</summary>
    public static string? ToNasmForm(string arg)
    {
        if (arg.Length < 3 || arg[0] != '-' || arg[1] is not ('w' or 'W')) return null;
        string rest = arg[2..];
        if (arg[1] == 'w') return rest[0] is '+' or '-' or '*' ? rest : "+" + rest;
        return rest.StartsWith("no-", StringComparison.Ordinal) ? "-" + rest[3..] : "+" + rest;
    }

    public static WarningPolicy Policy(IEnumerable<string> switches)
    {
        var policy = new WarningPolicy();
        foreach (string s in switches) policy.Apply(s);
        policy.Freeze();
        return policy;
    }
}
