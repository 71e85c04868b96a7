bits 64
global _start
extern missing
section .text
_start:
    nop
    call missing
    mov rax, [rel missing]
