%if 0
    %error not reached
    this is not an instruction
%endif
db 1
