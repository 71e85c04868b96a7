incbin "blob.bin"
incbin "blob.bin", 10
incbin "blob.bin", 4, 3
incbin "blob.bin", 30, 100
db 0
