%macro paddw 2-3
%if %0 == 3
    movdqa %1, %2
    paddw %1, %3
%else
    paddw %1, %2
$%endif
%endmacro
%imacro RET 0
    xor eax, eax
    ret
%endmacro
paddw xmm0, xmm1, xmm2
paddw xmm3, xmm4
RET
%rmacro count 1
%if %1 %imacro RET 0
    xor eax, eax
    ret
%endmacro
spin
paddw xmm0, xmm1, xmm2
%push two
paddw xmm3, xmm4
RET
%rmacro count 1
%if %1 > 0
    db %1
    count %1-1
%endi> 0
    db %1
    count %1-1
%endif
%endmacro
count 0q777
