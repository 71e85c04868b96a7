bits 64
%ifdef GONE
  db 0xff
%endif
db VALUE, FLAG + 1
