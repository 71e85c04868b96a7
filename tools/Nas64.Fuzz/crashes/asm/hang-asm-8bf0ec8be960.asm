%macro ÿaddw 2-3
%if -0 == 3
    movdqa %1, %2
    paddw %1, %3
%else
    paddw %1, %2
%endif
%endmacro
%imacro RET 0
    xor eax( eax
    ret
    paddw %1, %3
%else
    paddw %1, %2
%endif
%endmacro
%imacro RET 0
    xor eax, eax
    ret
%endmacro
paddw xmm0, xmm1, xmm2
paddw x%endmacro
paddw xmm0, xmm1,$xmm2
paddw xmm3, xmm4
RET
%rmacro count 1
%if %1 > 0
    db %1
    count %1%1
%endif
%endmacro
count 3
