bits 64
mov eax, 1
mov eax, 231
mov eax, 257
dd 2, 11, 11
dd 2 | 0o100 | 0o1000 | 0o2000000
dd 1 | 2, 2 | 0x20
