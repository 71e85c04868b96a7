global _start
extern print, message, length
section .text
_start: mov rsi, message
        mov edx, length
        call print
        mov eax, 60
        mov edi, 7
        syscall
