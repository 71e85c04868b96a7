section .data
db 1
resb 3
alignb 8
resb 1
x: times 2 resb 1
resw 1
section .bss
db 1
dd 2
