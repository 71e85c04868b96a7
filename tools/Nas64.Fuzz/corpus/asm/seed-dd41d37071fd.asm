%macro quiet 1.nolist
db %1
%endmacro
quiet 5
%macro lab 0-1 9
%00: db %1
dq %00
%endmacro
x lab
y: lab 4
%macro neg 1-*
db %{-2:-1}, %{3:2}, %0
%endmacro
neg 1,2,3
