.section .text.inl,"axG",@progbits,inl,comdat
.globl inl
inl: ret
.comm shared,24,8
.section .rodata.str1.1,"aMS",@progbits,1
.string "hi"
