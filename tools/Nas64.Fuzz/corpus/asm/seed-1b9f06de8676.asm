%push proc
%stacksize flat64
%assign %$localsize 0
%arg a:qword, b:dword
%local x:dword, y:qword
    mov rax, [a]
    mov ecx, [b]
    mov [x], eax
    mov [y], rcx
    sub rsp, %$localsize
%pop
