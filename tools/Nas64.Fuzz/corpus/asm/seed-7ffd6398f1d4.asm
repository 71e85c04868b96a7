%macro twice 1
    db %1
    db %1
%endmacro
twice 3
twice 4+1
