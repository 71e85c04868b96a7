%include "config.inc"
%ifdef FAST
    mov eax, WIDTH * 2
%else
    mov eax, WIDTH
%endif
%ifndef DROPPED
    db GREETING, LEVEL
%endif
