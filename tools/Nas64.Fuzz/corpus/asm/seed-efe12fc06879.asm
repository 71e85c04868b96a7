section .text
global _start
_start: mov rax, 1
        frobnicate rax
        mov rax, [rbx+rcx+rdx]
        mov eax, rbx
        jmp nowhere
