%imacro MyMac 0
db %?, %??
%endmacro
%define MyMac_ 1
%idefine FOO(x) x
%macro show 0
  %defstr s1 %?
  %defstr s2 %??
  db s1, s2
%endmacro
%imacro Show2 0
  %defstr s1 %?
  %defstr s2 %??
  db s1, s2
%endmacro
show
SHOW2
%idefine Bar %?
%idefine Baz %??
%defstr x1 BAR
%defstr x2 baz
db x1, x2
