; boot.asm - a 512-byte BIOS boot sector: prints a message with int 0x10, then halts.
; Assemble with: nas64 -f bin boot.asm -o boot.bin   (run: qemu-system-x86_64 -drive format=raw,file=boot.bin)
        bits    16
        org     0x7c00

start:
        xor     ax, ax
        mov     ds, ax
        mov     ss, ax
        mov     sp, 0x7c00
        mov     si, message
.next:
        lodsb
        test    al, al
        jz      .done
        mov     ah, 0x0e                ; teletype output
        mov     bx, 0x0007
        int     0x10
        jmp     .next
.done:
        cli
.halt:
        hlt
        jmp     .halt

message db      "Hello from the boot sector!", 13, 10, 0

        times   510 - ($ - $$) db 0
        dw      0xaa55
