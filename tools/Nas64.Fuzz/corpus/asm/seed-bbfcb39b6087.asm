section .data
v: dq 0
section .text
mov rax, [v]
default rel
mov rax, [v]
mov rax, [abs v]
[default abs]
mov rax, [v]
mov rax, [rel v]
