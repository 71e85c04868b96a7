namespace Nas64.EndToEnd.Tests.Stubs;

/// <summary>The C# declarations and the programs that call their stubs.</summary>
internal static class StubPrograms
{
    /// <summary>The declarations, every way of naming a syscall, plus exit.</summary>
    public const string LinuxCs = """
        using System.Runtime.InteropServices;
        using Nas64.Syscalls;

        static unsafe partial class Linux
        {
            [Syscall, SuppressGCTransition] public static partial int GetPid();   // number from the name: getpid
            [Syscall] public static partial nint Write(int fd, ReadOnlySpan<byte> data);
            [Syscall] public static partial nint Read(int fd, Span<byte> buffer);
            [Syscall("openat")] public static partial int Open(int dirfd, string path, int flags, int mode);
            [Syscall(Sys.Close)] public static partial int Close(int fd);
            [Syscall(60, ThrowOnError = true)] public static partial void Exit(int status);
            [Nas64.Syscalls.Syscall(39)] public static partial int GetPidByNumber();

            static partial class Clocks
            {
                [SyscallAttribute] public static partial int ClockGettime(int clock, void* time);
                [global::Nas64.Syscalls.Syscall(Nas64.Syscalls.Sys.Getppid)] public static partial int ParentId();
                [Syscall((Sys)102)] public static partial int UserId();
            }
        }
        """;

    /// <summary>Calls GetPid, Write and Exit; exits 7 when write wrote everything, 99 otherwise.</summary>
    public const string HelloAsm = """
                global _start
                extern Write, Exit, GetPid
                section .rodata
        msg:    db "hello from asm", 10
        len     equ $ - msg
                section .note.GNU-stack noalloc noexec nowrite progbits
                section .text
        _start: call GetPid
                test eax, eax
                jle .bad
                mov edi, 1
                lea rsi, [rel msg]
                mov edx, len
                call Write
                cmp rax, len
                jne .bad
                mov edi, 7
                call Exit
        .bad:   mov edi, 99
                call Exit
        """;

    /// <summary>Freestanding C: greets, then exits 0 when GetPid agrees with the kernel's /proc/self/stat.</summary>
    public const string PidC = """
        long Write(int fd, const void *buf, unsigned long len);
        long Read(int fd, void *buf, unsigned long len);
        int Open(int dirfd, const char *path, int flags, int mode);
        int Close(int fd);
        int GetPid(void);
        void Exit(int status) __attribute__((noreturn));

        #define AT_FDCWD (-100)

        static unsigned long length(const char *s) { unsigned long n = 0; while (s[n]) n++; return n; }

        __attribute__((force_align_arg_pointer, noreturn)) void _start(void)
        {
            static const char hello[] = "hello from C\n";
            Write(1, hello, length(hello));
            char stat[64];
            int fd = Open(AT_FDCWD, "/proc/self/stat", 0, 0);
            if (fd < 0) Exit(2);
            long n = Read(fd, stat, sizeof stat);
            Close(fd);
            long fromProc = 0;
            for (long i = 0; i < n && stat[i] >= '0' && stat[i] <= '9'; i++) fromProc = fromProc * 10 + (stat[i] - '0');
            Exit(fromProc > 0 && fromProc == GetPid() ? 0 : 3);
        }
        """;

    /// <summary>Freestanding C using two members of libsys.a: sys_write and sys_exit.</summary>
    public const string TwoStubsC = """
        long sys_write(int fd, const void *buf, unsigned long len);
        void sys_exit(int status) __attribute__((noreturn));

        __attribute__((force_align_arg_pointer, noreturn)) void _start(void)
        {
            static const char text[] = "two stubs\n";
            long written = sys_write(1, text, sizeof text - 1);
            sys_exit(written == sizeof text - 1 ? 5 : 1);
        }
        """;
}
