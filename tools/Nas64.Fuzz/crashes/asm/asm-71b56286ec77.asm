a __LINE__
%line 100+1000000000 other.asmmes 2 resb 1
resw 1
section .bss
db ne 100+1000000000 other.asmmes 2 resb 1
resw 1
s1
dd 2
