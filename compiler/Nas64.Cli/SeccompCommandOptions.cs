using System.CommandLine;
using Nas64.Linker.Seccomp;

namespace Nas64.Cli;

/// <summary>--seccomp, --seccomp-allow and --seccomp-mode, shared by `nas64 file.asm` and `nas64 link`.</summary>
internal sealed class SeccompCommandOptions
{
    public static readonly string[] NamesWithValue = ["--seccomp-allow", "--seccomp-mode"];

    private readonly Option<bool> _seal = new("--seccomp")
    {
        Description = "Seal the executable: at its entry, a seccomp filter allowing only the syscalls its code makes (and exit, exit_group) is installed",
    };

    private readonly Option<string[]> _allow = new("--seccomp-allow")
    {
        Description = "Also allow these syscalls (implies --seccomp); required when a site's number is not a constant",
        HelpName = "name,…",
    };

    private readonly Option<string?> _mode = new("--seccomp-mode")
    {
        Description = "What any other syscall gets (implies --seccomp): kill (default: SIGSYS kills the process), errno (fails with EPERM) or log",
    };

    public SeccompCommandOptions() => _mode.AcceptOnlyFromAmong("kill", "errno", "log");

    public void AddTo(Command command)
    {
        command.Options.Add(_seal);
        command.Options.Add(_allow);
        command.Options.Add(_mode);
    }

    /// <summary>The sealing asked for (--seccomp-allow and --seccomp-mode imply --seccomp), or null.</summary>
    public SeccompOptions? Read(ParseResult result)
    {
        string[] allow = result.GetValue(_allow) ?? [];
        string? mode = result.GetValue(_mode);
        if (!result.GetValue(_seal) && allow.Length == 0 && mode is null) return null;
        var names = new List<string>();
        foreach (string value in allow)
            foreach (string name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                names.Add(name);
        var seccompMode = mode switch { "errno" => SeccompMode.Errno, "log" => SeccompMode.Log, _ => SeccompMode.Kill };
        return new SeccompOptions(seccompMode, names);
    }
}
