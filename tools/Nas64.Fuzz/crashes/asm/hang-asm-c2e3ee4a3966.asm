  dd x, y, z
x equ y * 2
y equ z + 1
%if 1
z equ end - z + 1
z equ end - start
start: db 1, 2, 3
end:
 start
start: db 1, 2, 3
end:
