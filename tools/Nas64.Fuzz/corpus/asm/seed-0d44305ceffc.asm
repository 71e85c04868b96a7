bits 64
global f, buf
extern g
section .text
f:  call g
    lea rax, [rel local]
    ret
section .data
local: dq f
section .bss
buf: resb 100
