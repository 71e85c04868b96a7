section .data
db 9
absolute 0x40
q: resb 1
section .text
struc s
.a resb 1
endstruc
db 1
absolute 0x80
struc t
.a resb 1
endstruc
r: resb 1
section .text
dd q, r
