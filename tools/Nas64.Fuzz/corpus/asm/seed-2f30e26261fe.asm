a:
b equ 5
.x: db 2
  dd a.x, b
c equ a.x + 1
