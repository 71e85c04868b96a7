cpu x64
[cpu 686]
[section .text]
[org 0x7c00]
[bits 16]
start: jmp start
[absolute 0x500]
buf: resb 16
[section .text]
dw buf
