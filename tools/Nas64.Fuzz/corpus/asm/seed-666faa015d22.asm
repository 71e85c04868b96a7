.section .text.pick,"axG",@progbits,pick,comdat
.globl pick
.type pick,@function
pick:
    mov ${{value}}, %eax
    ret
