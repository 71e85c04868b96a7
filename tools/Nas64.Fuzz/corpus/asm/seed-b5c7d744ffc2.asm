%define n 7
%define x7 seven
x %+ n
x%[n]
%define nm(a, b) a %+ b
nm(x, 7)
%assign k 3
%xdefine v%[k] three
v3
