%macro op 1
    db 1, %1
%endmacro
%macro op 2
    db 2, %1, %2
%endmacro
op 5
op 5, 6
