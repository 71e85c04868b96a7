.section .text._start,"ax",@progbits
.globl _start
_start:
    call used
    mov %eax, %edi
    mov $60, %eax
    syscall
.section .text.used,"ax",@progbits
used: mov $4, %eax
    ret
.section .text.unused,"ax",@progbits
.globl unused_function
unused_function: call missing_but_unreachable
    ret
.section .data.unused,"aw",@progbits
.globl unused_data
unused_data: .quad unused_function
