%macro m 2-4 d3, d4
p %0 %1 %2 %3 %4 %{2:3} %{-1:1000000000}
%?
%%x %%y
%endmacro
m a, b
M a, b
m a, b, c, e
%imacro im 1+
q %1
%endmacro
IM x, y, z
lbl: m a, b
