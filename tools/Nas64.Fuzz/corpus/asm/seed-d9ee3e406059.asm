%assign i 0
%rep 3
%assign j 0
%rep 2
db i*10+j
%assign j j+1
%if j == 1
%exitrep
%endif
%endrep
%assign i i+1
%endrep
db 0xcc
