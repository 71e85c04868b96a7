bits 64
global _start
section .text
_start:
    mov eax, 1
    mov edi, 1
    lea rsi, [rel msg]
    mov edx, msg_len
    syscall
    mov eax, 60
    mov edi, 7
    syscall
section .rodata
msg: db "Hello, world!", 10
msg_len equ $ - msg
