bits 64
global _start
section .text
_start:
    mov eax, far_away       ; R_X86_64_32 of an address above 4 GiB
    ret
far_away equ 0x123456789
global far_away
