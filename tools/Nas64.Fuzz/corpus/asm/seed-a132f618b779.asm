  times (b - a) db 0xAA
a: dd 1, 2
b:
  resb 3
c: db 5
  times 3 nop
x equ y + 1
y equ 4
  db x, y, c - a
  jmp far_away
  times 200 nop
far_away:
  dw far_away - a
