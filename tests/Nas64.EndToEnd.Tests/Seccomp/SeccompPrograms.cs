namespace Nas64.EndToEnd.Tests.Seccomp;

/// <summary>Programs for the --seccomp tests.</summary>
internal static class SeccompPrograms
{
    /// <summary>Writes "before", makes the syscall whose number it loads from memory (getpid: unknown to the
    /// inventory), writes "after" and exits with the errno the syscall returned (0 when it succeeded).</summary>
    public const string ComputedAsm = """
                section .data
        number  dq      39                      ; getpid, read at run time
        before  db      "before", 10
        after   db      "after", 10

                section .text
                global  _start
        _start:
                mov     eax, 1
                mov     edi, 1
                lea     rsi, [rel before]
                mov     edx, 7
                syscall
                mov     rax, [rel number]
                syscall
                xor     ebx, ebx
                test    rax, rax
                jns     .ok
                mov     rbx, rax
                neg     rbx                     ; the errno
        .ok:    mov     eax, 1
                mov     edi, 1
                lea     rsi, [rel after]
                mov     edx, 6
                syscall
                mov     eax, 60
                mov     rdi, rbx
                syscall
        """;

    /// <summary>Writes, before touching anything, the registers and flags the program starts with and argc: the
    /// 15 general registers other than rsp, rflags and [rsp], 8 bytes each.</summary>
    public const string EntryStateAsm = """
                section .text
                global  _start
        _start:
                push    qword [rsp]             ; argc
                pushfq
                push    r15
                push    r14
                push    r13
                push    r12
                push    r11
                push    r10
                push    r9
                push    r8
                push    rdi
                push    rsi
                push    rbp
                push    rbx
                push    rdx
                push    rcx
                push    rax
                mov     eax, 1
                mov     edi, 1
                mov     rsi, rsp
                mov     edx, 17 * 8
                syscall
                mov     eax, 60
                xor     edi, edi
                syscall
        """;

    /// <summary>An i386 syscall from 64-bit code: getpid through int 0x80, then exit.</summary>
    public const string Int80Asm = """
                section .text
                global  _start
        _start:
                mov     eax, 20                 ; i386 getpid
                int     0x80
                mov     eax, 60
                xor     edi, edi
                syscall
        """;
}
