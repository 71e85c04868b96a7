
.section .init_array.00200,"aw",@init_array
.quad two
.section .init_array,"aw",@init_array
.quad three
.section .init_array.00100,"aw",@init_array
.quad one
.text
one:   movb $'1', (%rdi); inc %rdi; ret
two:   movb $'2', (%rdi); inc %rdi; ret
three: movb $'3', (%rdi); inc %rdi; ret
