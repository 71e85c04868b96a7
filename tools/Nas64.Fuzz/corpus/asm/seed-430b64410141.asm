%define d1
%macro mm 1
%endmacro
%ifdef d1
    db 1
%endif
%ifndef d2
    db 2
%endif
%ifmacro mm
    db 3
%endif
%ifmacro mm 2
    db 0xff
%endif
%ifidn a b, a  b
    db 4
%endif
%ifidni ABC, abc
    db 5
%endif
%ifidn ABC, abc
    db 0xff
%endif
%ifid foo
    db 6
%endif
%ifnum 12
    db 7
%endif
%ifstr 'x'
    db 8
%endif
%iftoken 1+2
    db 0xff
%else
    db 9
%endif
%ifempty
    db 10
%endif
%ifenv PATH
    db 11
%endif
%ifnenv NAS64_SURELY_NOT_SET
    db 12
%endif
