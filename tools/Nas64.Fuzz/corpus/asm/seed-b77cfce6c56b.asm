bits 64
global _start
extern first, second
section .text
_start:
    call first
    mov edi, eax
    mov eax, 60
    syscall
