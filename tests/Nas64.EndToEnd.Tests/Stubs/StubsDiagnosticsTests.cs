namespace Nas64.EndToEnd.Tests.Stubs;

/// <summary>Bad input to `nas64 stubs`: `file:line: error: …` on stderr, exit status 1, no output file.</summary>
public sealed class StubsDiagnosticsTests
{
    [Theory]
    [InlineData("[Syscall] public static partial int Frobnicate();", "bad.cs:4: error: unknown syscall `Frobnicate'")]
    [InlineData("[Syscall(\"no_such_call\")] public static partial int X();", "bad.cs:4: error: unknown syscall `no_such_call'")]
    [InlineData("[Syscall(4000)] public static partial int X();", "bad.cs:4: error: unknown syscall `4000'")]
    [InlineData("[Syscall(Sys.NoSuchCall)] public static partial int X();", "bad.cs:4: error: unknown syscall `Sys.NoSuchCall'")]
    [InlineData("[Syscall(SomeConstant)] public static partial int X();", "bad.cs:4: error: cannot resolve `SomeConstant' without compiling")]
    [InlineData("[Syscall] public static partial int GetPid(int);", "bad.cs:4: error: CS1001: Identifier expected")]
    public void Bad_declaration_is_reported_at_its_line(string declaration, string expected)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("bad.cs"), $"using Nas64.Syscalls;\n\nstatic partial class Linux {{\n    {declaration}\n    [Syscall] public static partial int GetPid();\n}}\n");
        AssertFails(dir, ["stubs", "bad.cs", "-o", "bad.o"], expected);
    }

    [Fact]
    public void Unreadable_file_is_an_error()
    {
        using var dir = new TempDirectory();
        AssertFails(dir, ["stubs", "missing.cs", "-o", "out.a"], "missing.cs: error: unable to read: No such file or directory");
    }

    [Fact]
    public void File_without_declarations_is_an_error()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("empty.cs"), "static class Nothing { static int F() => 1; }\n");
        AssertFails(dir, ["stubs", "empty.cs", "-o", "out.o"], "empty.cs: error: no [Syscall] declarations");
    }

    [Fact]
    public void Same_name_for_two_syscalls_is_an_error()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("a.cs"), "static partial class A {\n    [Syscall(\"getpid\")] public static partial int Id();\n}\n");
        File.WriteAllText(dir.File("b.cs"), "static partial class B {\n\n    [Syscall(\"getuid\")] public static partial int Id();\n}\n");
        AssertFails(dir, ["stubs", "a.cs", "b.cs", "-o", "out.o"], "b.cs:3: error: `Id' makes syscall getuid, but a.cs:2 already names `Id' for getpid");
    }

    private static void AssertFails(TempDirectory dir, string[] arguments, string expected)
    {
        var result = StubsTool.Nas64(dir.Path, arguments);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.StandardError);
        Assert.DoesNotContain("   at ", result.StandardError);
        Assert.False(File.Exists(dir.File(arguments[^1])), $"{arguments[^1]} was written despite the error");
    }
}
