%macro m 1-3 5, 6
    db %0, %1, %2, %3
%endmacro
m 1
m 1, 2
m 1, 2, 3
