struc s
.a resb 1
.b resd 1
endstrnc
section .data
v: istruc s
at s.b, dd 1
iend
w: istruc s
iend
struc v, 8
.c resq 1

udstruc
dq t.c, t_size
align 4294967296
sectalign 8
bits 64
default releglocal v
u: istruc t
iend{naacro
m {9223372036854775807, 2}, 3
%macro pasted 1
    mov eax, e%{1}x
%endmacro
pasted b
