%define a 1
%macro m 0
body
%endmacro
a
m
%clear
a
m
