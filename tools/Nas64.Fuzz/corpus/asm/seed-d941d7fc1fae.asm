%macro IF 1
    %push if
    j%-1 %$ifnot
%endmacro
%macro ELSE 0
    %repl else
    jmp %$ifend
%$ifnot:
%endmacro
%macro ENDIF 0
    %ifctx else
%$ifend:
    %else
%$ifnot:
    %endif
    %pop
%endmacro
cmp eax, ebx
IF e
    inc eax
ELSE
    dec eax
ENDIF
IF ne
    nop
ENDIF
