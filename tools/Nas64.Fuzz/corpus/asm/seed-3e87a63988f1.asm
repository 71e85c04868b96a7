bits 16
mov ax, 1
use32
mov eax, 1
[bits 64]
mov rax, [rbx]
use16
push ax
bits 32
push eax
use64
push rax
