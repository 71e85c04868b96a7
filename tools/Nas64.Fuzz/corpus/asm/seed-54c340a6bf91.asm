struc point
.x: resd 1
.y: resd 1
.name: resb 5
endstruc
istruc point
at point.x, dd 1
at point.y, dd 2
at point.name, db 'abc'
iend
db point_size
align 8
db 1
alignb 4
mov eax, [rbx + point.y]
