%define foo foo
%define y z
%define z y
%define f(x) x+f
%define a b+c
%define b c*2
%define c 5
foo: db 1
z: db 2
dd foo, z
f: db f(3)
db a
