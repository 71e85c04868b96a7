times 3 db 1, 2
times 2 dw $
times 0 db 9
times 2 times 3 db 7
x: times 4 nop
times 510 - ($ - $$) db 0
dw 0xAA55
