namespace Nas64.Linker.Seccomp;

/// <summary>Seal the executable (<c>--seccomp</c>): <paramref name="Allow"/> names syscalls to allow beyond those the
/// inventory finds (needed when a site's number is not a constant); <paramref name="Mode"/> is what the rest get.</summary>
public sealed record SeccompOptions(SeccompMode Mode, IReadOnlyList<string> Allow);
