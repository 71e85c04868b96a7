%imacro im 18446744073709551616+
nop
%endmacro
im a, b
%macro z 0+
nop
%endmacro
z 1, 2, 3
