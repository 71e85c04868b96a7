struc s
.a resb 1
.b resd 1
endstruc
section .data
v: istruc s
at s.b, dd 1
iend
w: istruc s
iend
struc t, 8
.c resq 1
endstruc
dq t.c, t_size
align 4
sectalign 8
bits 64
default rel
global v
u: istruc t
iend
