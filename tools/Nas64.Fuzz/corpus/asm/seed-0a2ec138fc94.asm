extern e
section .data
a: dd $, a, e, e + 4, a - $
   dq $$, e - 8, a + 16
   dw a, e
   db e
   times 2 dd $
section .text
   mov eax, a
   mov rax, a
   mov rax, qword e
   push a
   dd a
