%macro DECLARE_REG 3
    %xdefine r%1q %2
    %xdefine r%1d %3
%endmacro
DECLARE_REG 0, rdi, edi
DECLARE_REG 1, rsi, esi
mov r0q, r1q
mov r1d, r0d
%macro CAT 3
    %xdefine %1%2 %3
%endmacro
%assign k 4
CAT m, k, xmm %+ k
movdqa m4, xmm1
