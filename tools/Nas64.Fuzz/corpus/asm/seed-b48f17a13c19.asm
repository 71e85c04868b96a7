%define PREFIX lbl
%define mangle(x) PREFIX %+ _ %+ x
mangle(one): db 1
dd mangle(one)
%define num 3
%define r3 9
db r %+ num
