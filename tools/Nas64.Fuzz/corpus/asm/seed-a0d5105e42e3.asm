a: db 1
b: db 2
a: db 3
