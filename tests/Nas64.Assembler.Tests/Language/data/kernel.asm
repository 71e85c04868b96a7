; A kernel-like flat image: a 16-bit boot sector, a 32-bit protected-mode stage and a 64-bit
; long-mode kernel, with org, times, incbin, struc/istruc, align and equ, as one -f bin file.
        org 0x7c00

CODE32_SEL      equ gdt.code32 - gdt
DATA_SEL        equ gdt.data - gdt
CODE64_SEL      equ gdt.code64 - gdt
STACK_TOP       equ 0x90000
PML4            equ 0x1000
KERNEL_SECTORS  equ (kernel_end - stage2 + 511) / 512

struc idt_entry
  .offset_lo:  resw 1
  .selector:   resw 1
  .ist:        resb 1
  .type_attr:  resb 1
  .offset_mid: resw 1
  .offset_hi:  resd 1
  .zero:       resd 1
endstruc

struc boot_info
  .magic:  resd 1
  .drive:  resb 1
  .pad:    resb 3
  .memmap: resq 1
  .name:   resb 16
endstruc

        bits 16
boot:
        cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, boot
        mov [drive], dl
        mov si, banner
.print:
        lodsb
        test al, al
        jz .done
        mov ah, 0x0e
        int 0x10
        jmp .print
.done:
        mov ah, 0x02
        mov al, KERNEL_SECTORS
        mov cx, 0x0002
        mov dh, 0
        mov dl, [drive]
        mov bx, stage2
        int 0x13
        jc .fail
        in al, 0x92
        or al, 2
        out 0x92, al
        wait fninit
        a32 mov eax, [drive]
        mov cx, 4
.spin:  loop .spin, cx
        lgdt [gdt_descriptor]
        mov eax, cr0
        or eax, 1
        mov cr0, eax
        jmp CODE32_SEL:protected
.fail:
        hlt
        jmp .fail

drive:  db 0
banner: db `Booting nas64 kernel\r\n`, 0

        align 8
gdt:
.null:   dq 0
.code32: dq 0x00cf9a000000ffff
.data:   dq 0x00cf92000000ffff
.code64: dq 0x00af9a000000ffff
.end:
gdt_descriptor:
        dw gdt.end - gdt - 1
        dd gdt

        times 510 - ($ - $$) db 0
        dw 0xaa55

stage2:
        bits 32
protected:
        mov ax, DATA_SEL
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, STACK_TOP
        ; identity-map the first 2 MiB with one large page
        mov edi, PML4
        xor eax, eax
        mov ecx, 3 * 4096 / 4
        rep stosd
        mov dword [PML4], PML4 + 0x1003
        mov dword [PML4 + 0x1000], PML4 + 0x2003
        mov dword [PML4 + 0x2000], 0x83
        mov eax, PML4
        mov cr3, eax
        mov eax, cr4
        or eax, 1 << 5
        mov cr4, eax
        mov ecx, 0xc0000080
        rdmsr
        or eax, 1 << 8
        wrmsr
        mov eax, cr0
        or eax, 1 << 31
        mov cr0, eax
        jmp CODE64_SEL:long_mode

        align 16
        bits 64
long_mode:
        mov ax, DATA_SEL
        mov ds, ax
        mov es, ax
        mov rsp, STACK_TOP
        lea rdi, [rel info]
        mov eax, [rdi + boot_info.magic]
        movzx ecx, byte [rdi + boot_info.drive]
        mov rbx, [rdi + boot_info.memmap]
        lea rsi, [rel idt]
        mov ecx, 32
.fill_idt:
        mov rax, isr_stub
        mov [rsi + idt_entry.offset_lo], ax
        mov word [rsi + idt_entry.selector], CODE64_SEL
        mov byte [rsi + idt_entry.type_attr], 0x8e
        shr rax, 16
        mov [rsi + idt_entry.offset_mid], ax
        shr rax, 16
        mov [rsi + idt_entry.offset_hi], eax
        add rsi, idt_entry_size
        loop .fill_idt
        lidt [rel idt_descriptor]
        mov rdi, 0xb8000
        lea rsi, [rel message]
        mov rax, [rbp*1+rsi]
        mov eax, [a32 0x500]
        fadd to st1
        mov ah, 0x1f
.next_char:
        lodsb
        test al, al
        jz .halt
        stosw
        jmp .next_char
.halt:
        hlt
        jmp .halt

isr_stub:
        push rax
        mov al, 0x20
        out 0x20, al
        pop rax
        iretq

        align 8
info:
        istruc boot_info
          at boot_info.magic,  dd 0x2badb002
          at boot_info.drive,  db 0x80
          at boot_info.memmap, dq 0x5000
          at boot_info.name,   db 'nas64'
        iend

message: db "Hello from long mode", 0

        align 16
idt_descriptor:
        dw idt_end - idt - 1
        dq idt
        align 16
idt:
        times 32 * idt_entry_size db 0
idt_end:

font:
        incbin "font.bin", 0, 128
font_tail:
        incbin "font.bin", 200
        times 4 dw font_tail - font
        align 4096, db 0
page_directory:
        times 512 dq 0x83 | (($ - page_directory) << 18)
gdt_copy:
        dq 0, 0x00cf9a000000ffff, 0x00cf92000000ffff
        dw gdt_copy - page_directory, page_directory - $$, kernel_end - stage2
        align 512, db 0
kernel_end:
