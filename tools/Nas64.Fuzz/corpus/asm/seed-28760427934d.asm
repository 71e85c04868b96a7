struc point
  .x: resd 1
  .y: resd 1
  .name resb 6
endstruc
struc hdr
  magic resw 1
  len   resd 1
endstruc
dd point_size, point.x, point.y, point.name, hdr_size, magic, len
p1: istruc point
  at point.x, dd 10
  at point.y, dd 20
  at point.name, db 'abc'
iend
p2: istruc point
  at point.y, dd 7
iend
db 0xee
dw p2 - p1
mov eax, [ebx + point.y]
