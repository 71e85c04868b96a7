org 0x7c00
section .text
start: mov si, msg
  jmp main
section .data
msg: db "hello", 0
section .text
main: mov ax, [msg]
  mov bx, section..data.start
  mov cx, section..extra.start
  mov dx, section..extra.vstart
  dd vdata
section .extra start=0x8000 vstart=0x100000
vdata: db 1, 2, 3
  dd vdata, $$, $
section .after follows=.text align=16
  db 0xaa
  dw $, $$
section .bss
buf: resb 16
section .text
  dw buf, after_bss
section .bss2 nobits vfollows=.bss valign=32
after_bss: resb 4
