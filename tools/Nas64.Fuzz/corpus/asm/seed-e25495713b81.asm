global f:function (f.end - f)
global d:data 8
global h:function hidden
global w:weak
global o:object protected
extern ext1, ext2
extern ext3:function
common cbuf 64:16
common c2 4
static s1
section .text
f: nop
   call ext1
   call ext3 wrt ..plt
   mov rax, [rel ext2]
   lea rax, [rel d]
   ret
.end:
h: ret
w: ret
s1: ret
section .data
d: dq f, ext1, d
o: dd 1
section .rodata
r: db "hi", 0
