db 1
incbin "no-such-file.bin"
db 2
