bits 64
main:
.loop: jmp .loop
  jmp main.loop
.x: db 1
other:
.loop: jmp .loop
  jmp main.loop
  jmp main.x
..@foo: jmp ..@foo
.after: jmp other.after
  dq .after, ..@foo
