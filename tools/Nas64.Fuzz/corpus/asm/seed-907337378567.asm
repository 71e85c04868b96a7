%macro nop2 0
    nop
    nop
%endmacro
%macro lab 0
%00: db 1
%endmacro
here: nop2
there: lab
    jmp here
    jmp there
