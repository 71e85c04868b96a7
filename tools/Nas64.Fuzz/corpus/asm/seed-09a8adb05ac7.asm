%macro m 2
    db %1
    db %2
%endmacro
m {1, 2}, 3
%macro pasted 1
    mov eax, e%{1}x
%endmacro
pasted b
