%define on
%ifdef on
  %if 2 > 1
    a
  %elif 1
    b
  %else
    c
  %endif
%elifdef off
  d
%else
  e
%endif
%ifnidn x, y
  f
%endif
%ifnum -1
  g
%endif
%iftoken -1
  h
%endif
