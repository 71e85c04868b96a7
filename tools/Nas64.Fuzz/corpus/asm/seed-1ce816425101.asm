bits 64
db 1
align 16
db 2
align 8, db 0xCC
dw 3
align 4, nop
db 4
align 16, int3
db 5
alignb 8
db 6
align 2
dd 7
align 16, dd 0x11223344
db 8
