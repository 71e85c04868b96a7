; Definitions the main module reaches through every relocation kind: PLT, GOT, GOT-relative, TLS
; initial-exec, plain symbols; typed and sized functions and data, hidden, weak and common symbols.
bits 64
default rel

global func:function (func.end - func)
global hidden_func:function hidden
global value:data (value.end - value)
global table:data 16
global weak_default:weak
global counter:data 8
global tvar:data 8
global tvar_offset:function
common shared_buffer 64:8

section .text
func:                       ; rax = rdi + 1000
    lea rax, [rdi + 1000]
    ret
.end:

hidden_func:                ; rax = 7
    mov eax, 7
    ret

tvar_offset:                ; rax = tvar's offset from the thread pointer
    mov rax, [rel tvar wrt ..gottpoff]
    ret

section .data
align 8
value: dq 0x1122334455667788
.end:
table: dq func, value
weak_default: dq 1          ; overridden by main's strong definition
counter: dq 0

section .tbss nobits alloc noexec write tls align=8
tvar: resq 1
