namespace Nas64.EndToEnd.Tests.SyscallInventory;

/// <summary>Programs whose syscalls the inventory must find, each run under strace for the truth.</summary>
internal static class InventoryPrograms
{
    /// <summary>Six syscalls, numbers loaded six ways; write's number arrives by two paths that agree; getgid sits on a branch never taken. Exits 3.</summary>
    public const string BranchAsm = """
                global _start
                section .data
        msg:    db "inventory", 10
        len     equ $ - msg
        buf:    times 8 db 0
                section .text
        _start: mov eax, 39             ; getpid
                syscall
                test eax, eax
                jg .positive
                mov eax, 1
                jmp .write
        .positive:
                mov rax, 1
        .write: mov edi, 1              ; write: 1 on both paths
                lea rsi, [rel msg]
                mov edx, len
                syscall
                push 110                ; getppid
                pop rax
                syscall
                cmp rax, -1
                jne .skip
                mov eax, 104            ; getgid: the parent's pid is never -1
                syscall
        .skip:  xor eax, eax            ; read(0, buf, 0)
                xor edi, edi
                lea rsi, [rel buf]
                xor edx, edx
                syscall
                lea eax, [102]          ; getuid
                syscall
                mov ecx, 60
                mov eax, ecx            ; exit(3)
                mov edi, 3
                syscall
        """;

    /// <summary>A number read from memory, then a number the two paths disagree on: both sites unknown. Exits 0.</summary>
    public const string UnknownAsm = """
                global _start
                section .data
        number: dd 39
                section .text
        _start: mov eax, [rel number]   ; getpid, but only memory knows
                syscall
                test eax, eax
                jz .other
                mov eax, 39
                jmp .go
        .other: mov eax, 102
        .go:    syscall                 ; getpid or getuid
                mov eax, 60
                xor edi, edi
                syscall
        """;

    /// <summary>Freestanding C with inline-asm syscalls; exits 0.</summary>
    public const string InlineAsmC = """
        static inline long sys0(long n)
        {
            long r;
            __asm__ volatile ("syscall" : "=a"(r) : "a"(n) : "rcx", "r11", "memory");
            return r;
        }

        static inline long sys1(long n, long a)
        {
            long r;
            __asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a) : "rcx", "r11", "memory");
            return r;
        }

        static inline long sys3(long n, long a, long b, long c)
        {
            long r;
            __asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
            return r;
        }

        __attribute__((force_align_arg_pointer, noreturn)) void _start(void)
        {
            static const char hello[] = "inline asm\n";
            sys3(1, 1, (long)hello, sizeof hello - 1);
            if (sys0(39) > 0) sys0(102);
            else sys0(104);
            sys1(60, 0);
            __builtin_unreachable();
        }
        """;

    /// <summary>Freestanding C with a syscall(2)-like wrapper that gcc may not inline or specialize; exits 0.</summary>
    public const string WrapperC = """
        __attribute__((noinline, noipa)) static long my_syscall(long n, long a, long b, long c)
        {
            long r;
            __asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
            return r;
        }

        __attribute__((force_align_arg_pointer, noreturn)) void _start(void)
        {
            static const char hello[] = "wrapper\n";
            my_syscall(1, 1, (long)hello, sizeof hello - 1);
            my_syscall(39, 0, 0, 0);
            my_syscall(60, 0, 0, 0);
            __builtin_unreachable();
        }
        """;
}
