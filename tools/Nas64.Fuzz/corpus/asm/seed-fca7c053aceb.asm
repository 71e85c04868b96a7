bits 64
org 0x400000
section .text
mov rax, [rel v]
lea rsi, [rel v]
call f
f: ret
section .data
v: dq f, v
