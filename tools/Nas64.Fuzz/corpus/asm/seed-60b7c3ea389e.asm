bits 64
global print, table, counter, table_len
table_len equ 3
section .text
print:                            ; rdi -> NUL-terminated string
    mov rsi, rdi
    xor edx, edx
.len:
    cmp byte [rsi + rdx], 0
    je .write
    inc rdx
    jmp .len
.write:
    mov eax, 1
    mov edi, 1
    syscall
    mov rax, [rel scratch]
    add [rel scratch], rdx
    ret
section .data
align 8
table: dq one, two, three         ; R_X86_64_64
section .rodata
one: db "one", 10, 0
two: db "two", 10, 0
three: db "three", 10, 0
section .bss
counter: resq 1
scratch: resq 4
