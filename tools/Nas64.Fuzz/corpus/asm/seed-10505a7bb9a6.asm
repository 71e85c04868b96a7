..@early: db 1
$mov: db 2
a?b: db 3
@x: dw $mov, a?b, @x, ..@early
x#y~z: db 4
_: db 5
?q: db 6
  dw x#y~z, _, ?q
  times f2 - f1 db 0xcc
f1: db 1, 2
f2:
