; The module that uses what lib.asm defines through every relocation and symbol kind NASM writes for
; x86-64, checking each at run time: prints "<kind> ok" per check, exit status = number of failures.
; Linked by GNU ld, ld.lld, mold and nas64 link in tests/Nas64.EndToEnd.Tests/ThirdPartyLinkerTests.cs.
bits 64
default rel

global _start
global weak_default
extern func, hidden_func, value, table, counter, tvar_offset, maybe_missing:weak
extern _GLOBAL_OFFSET_TABLE_
common shared_buffer 64:8

section .text
_start:
    ; thread pointer for TLS variant II: %fs:0 holds its own address, the block ends there
    lea rsi, [tls_area + 256]
    mov [rsi], rsi
    mov eax, 158            ; arch_prctl(ARCH_SET_FS, rsi)
    mov edi, 0x1002
    syscall

    mov edi, 5              ; wrt ..plt: R_X86_64_PLT32
    call func wrt ..plt
    cmp rax, 1005
    lea rdi, [m_plt]
    call check

    mov rax, [rel value wrt ..got]         ; R_X86_64_GOTPCREL
    mov rax, [rax]
    mov rcx, 0x1122334455667788
    cmp rax, rcx
    lea rdi, [m_gotpcrel]
    call check

    mov rcx, _GLOBAL_OFFSET_TABLE_ wrt ..gotpc  ; R_X86_64_GOTPC32: GOT - $$, NASM's form
    lea rbx, [rel $$]
    add rbx, rcx                         ; rbx = the GOT
    mov rax, value wrt ..gotoff          ; R_X86_64_GOTOFF64
    lea rax, [rbx + rax]
    lea rcx, [value]
    cmp rax, rcx
    lea rdi, [m_gotoff]
    call check

    mov rax, [rbx + value wrt ..got]     ; R_X86_64_GOT32: GOT slot relative to the GOT
    lea rcx, [value]
    cmp rax, rcx
    lea rdi, [m_got]
    call check

    mov rax, [sym_pointer]               ; dq value wrt ..sym: R_X86_64_64 against the symbol
    lea rcx, [value]
    cmp rax, rcx
    lea rdi, [m_sym]
    call check

    call tvar_offset                     ; lib: R_X86_64_GOTTPOFF (initial exec)
    mov qword [fs:rax], 42
    cmp qword [tls_area + 256 - 8], 42   ; the only TLS variable sits just below the thread pointer
    lea rdi, [m_tls]
    call check

    mov rax, maybe_missing               ; weak undefined: 0
    test rax, rax
    lea rdi, [m_weak_undef]
    call check

    cmp qword [weak_default], 2          ; the strong definition here beats lib's weak one
    lea rdi, [m_weak_def]
    call check

    call hidden_func                     ; hidden: still linked across objects
    cmp eax, 7
    lea rdi, [m_hidden]
    call check

    mov qword [shared_buffer + 56], 9    ; common: one 64-byte object for both modules
    lea rax, [shared_buffer]
    test al, 7
    lea rdi, [m_common]
    call check

    mov rax, [table]                     ; R_X86_64_64 in lib's data
    mov rcx, [table + 8]
    lea rdx, [func]
    lea rsi, [value]
    cmp rax, rdx
    jne .table_bad
    cmp rcx, rsi
.table_bad:
    lea rdi, [m_abs64]
    call check

    mov eax, func_size                   ; sizes survive assembly (absolute, no relocation)
    cmp eax, 5
    lea rdi, [m_size]
    call check

    mov eax, 60
    mov rdi, [failures]
    syscall

; prints the NUL-terminated message at rdi with "ok" or "FAILED" by ZF
check:
    push rdi
    setnz al
    movzx eax, al
    add [failures], rax
    lea rsi, [ok]
    lea rcx, [failed]
    cmovnz rsi, rcx
    push rsi
    mov rsi, rdi
    call print
    pop rsi
    call print
    pop rdi
    ret

print:                                   ; rsi -> NUL-terminated
    xor edx, edx
.len:
    cmp byte [rsi + rdx], 0
    je .write
    inc rdx
    jmp .len
.write:
    mov eax, 1
    mov edi, 1
    syscall
    ret

func_size equ 5

section .rodata
m_plt: db "wrt ..plt ", 0
m_gotpcrel: db "wrt ..got (rel) ", 0
m_gotoff: db "wrt ..gotpc, wrt ..gotoff ", 0
m_got: db "wrt ..got (absolute) ", 0
m_sym: db "wrt ..sym ", 0
m_tls: db "wrt ..gottpoff ", 0
m_weak_undef: db "weak undefined ", 0
m_weak_def: db "weak definition ", 0
m_hidden: db "hidden ", 0
m_common: db "common ", 0
m_abs64: db "data pointers ", 0
m_size: db "sizes ", 0
ok: db "ok", 10, 0
failed: db "FAILED", 10, 0

section .data
align 8
weak_default: dq 2
sym_pointer: dq value wrt ..sym
failures: dq 0

section .bss
alignb 16
tls_area: resb 512
