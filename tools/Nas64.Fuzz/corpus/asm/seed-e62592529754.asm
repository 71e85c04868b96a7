%macro inner 1
  bad_instruction %1
%endmacro
%macro outer 0
  inner 3
%endmacro
nop
outer
