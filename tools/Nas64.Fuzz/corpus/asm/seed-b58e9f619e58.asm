mov eax, undefined1
db 1
dd undefined2 + 1
jmp undefined3
ok: db 2
mov ebx, [undefined4 + ok]
dw ok - undefined1
