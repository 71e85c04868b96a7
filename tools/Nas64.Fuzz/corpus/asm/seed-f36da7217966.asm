%assign i 0
%rep 5
    db i
    %assign i i+1
%endrep
%rep 3
    %rep 2
        db 0xaa
    %endrep
    db 0xbb
%endrep
%assign j 0
%rep 100
    %if j == 4
        %exitrep
    %endif
    dw j
    %assign j j+1
%endrep
