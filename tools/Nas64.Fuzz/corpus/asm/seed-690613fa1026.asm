bits 64
global _start
extern maybe:weak
section .text
_start:
    mov rdi, maybe
    add rdi, 5
    mov eax, 60
    syscall
