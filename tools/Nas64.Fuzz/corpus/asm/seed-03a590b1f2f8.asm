%assign i 1
%assign i i*3+1
%iassign J i << 2
db i, j
%assign neg -5
db neg
