%define a(x) x+b
%define b 2
%define c(x,y) y x
a(1) c(p, q) c({r, s}, t)
%define str(x) %defstr
%define self self 1
self
%xdefine t1 b
%define b 3
t1 b
