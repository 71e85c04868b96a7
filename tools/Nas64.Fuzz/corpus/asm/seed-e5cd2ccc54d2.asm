%macro all 1-*
%rep %0
item %1
%rotate 1
%endrep
%rotate -1
last %1
%endmacro
all a, b, c
%assign i 0
%rep 3
%rep 2
x i
%endrep
%assign i i+1
%endrep
