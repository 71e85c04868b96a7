org 0x1000
section .text
db 1
section .a start=0x1100
db 2
section .b follows=.a
db 3
section .c align=8
db 4
section .d vstart=0x2000 align=4
x: db 4
  dw $, $$
section .e follows=.text vfollows=.d
y: dd y
section .text
dd x, y, section..d.start, section..d.vstart, section..c.start
section .bss
z: resd 1
section .text
dd z
align 16
