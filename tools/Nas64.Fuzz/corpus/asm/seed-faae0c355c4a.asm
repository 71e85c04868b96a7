absolute 0x1000
v1: resb 4
v2: resw 2
v3: resd 1
alignb 16
v4:
section .text
dd v1, v2, v3, v4
absolute 0x1001
x equ $$
y equ $
section .text
dd x, y
