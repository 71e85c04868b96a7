%define add3(a,b,c) a+b+c
%define sq(x) ((x)*(x))
%define pick(a) a
%define pick(a,b) b
db add3(1,2,3), sq(2+1), pick(4), pick(4,5)
%define nest(x) sq(x)+1
db nest(3)
