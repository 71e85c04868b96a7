org 0x100
start:
  jmp next
  db $ - start, ($ - $$) & 0xff
next:
  dw $, $$, next - start, fwd - start, fwd - $
  times 4 db $ - $$
  times 3 jmp $
  dd end - start
fwd: db 1
  times 16 - ($ - $$) % 16 db 0x90
end:
