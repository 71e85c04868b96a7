%macro m 1
    db 1
    %if %1
        %exitmacro
    %endif
    db 2
%endmacro
m 0
m 1
%unmacro m 1
%ifmacro m
    db 0xff
%endif
