section .text
nop
section .data
db 1
section .rodata
db 2
section .bss
resb 4
section .tdata
db 3
section .tbss
resb 1
section .custom
db 4
section .c2 progbits alloc exec write align=32
db 5
section .c3 nobits alloc noexec write align=8
resb 5
section .c4 progbits noalloc
db 6
segment .c5
db 7
section .init_array
dq 0
section .note.foo
db 1
section .note
db 1
section .comment
db 0
section .text
nop
