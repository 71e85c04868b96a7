.section .note.test,"a",@note
.balign 4
.long 4, 4, 1
.asciz "GNU"
.long 42
.text
.globl _start
_start:
    mov $60, %eax
    mov $9, %edi
    syscall
