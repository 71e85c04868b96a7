section .text
db 1
dw 0x1234
dd 0x12345678
dq 0x123456789abcdef0
dt 1.0
do 1.0
db 1, 2, 'abc', 3
dw 'abc', 1
dd 'abcde', 1
dq 'a'
db ?
dw ?, 1
section .bss
resb 1
resw 1
resd 1
resq 1
rest 1
reso 1
resy 1
resz 1
section .data
x: resb 2
db 1
