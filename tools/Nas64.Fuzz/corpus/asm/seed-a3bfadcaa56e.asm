global message, length
section .rodata
message: db "linked", 10
length equ $ - message
