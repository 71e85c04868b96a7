; hello.asm - the classic: write "Hello, world!" to stdout, then exit(0).
        section .data
msg     db      "Hello, world!", 0xA
len     equ     $ - msg

        section .text
        global  _start
_start:
        mov     rax, 1          ; write(
        mov     rdi, 1          ;   stdout,
        mov     rsi, msg        ;   msg,
        mov     rdx, len        ;   len)
        syscall
        mov     rax, 60         ; exit(
        xor     rdi, rdi        ;   0)
        syscall
