%assign x 3
%if x == 1
    db 1
%elif x == 3
    db 3
%else
    db 0
%endif
%ifn x > 5
    db 5
%endif
%if 0
  %if 1
    db 0xee
  %else
    db 0xef
  %endif
%elif 0
    db 0xfe
%else
    db 0x10
%endif
