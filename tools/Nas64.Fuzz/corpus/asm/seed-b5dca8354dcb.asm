bits 64
global _start
extern print, table, counter, table_len
section .text
_start:
    xor ebx, ebx
.next:
    cmp rbx, table_len
    jae .done
    mov rdi, [table + rbx*8]      ; R_X86_64_32S
    call print
    inc qword [rel counter]
    inc rbx
    jmp .next
.done:
    mov eax, 60
    mov rdi, [rel counter]
    syscall
