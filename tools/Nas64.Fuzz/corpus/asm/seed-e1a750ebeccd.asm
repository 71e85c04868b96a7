%macro data 2+
    db %1
    db %2
%endmacro
data 1, 2, 3, 4
%macro all 1-*
    db %0
    %rep %0
        db %1
        %rotate 1
    %endrep
%endmacro
all 9, 8, 7
