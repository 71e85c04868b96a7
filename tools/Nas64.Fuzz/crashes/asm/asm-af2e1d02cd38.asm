db 1
%abs(-0x8000000000000000)incbin "no-such-file.bin"
db 2
