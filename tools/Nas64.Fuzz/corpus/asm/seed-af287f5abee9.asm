%define A 5
%define B A+1
%define A 7
db A, B
%undef A
%ifdef A
db 0xff
%endif
