db __?NASM_MAJOR?__, __?NASM_MINOR?__, __NASM_MAJOR__
dd __?NASM_VERSION_ID?__
db __?NASM_VER?__
db __?BITS?__
bits 32
db __BITS__
db __?LINE?__, __LINE__
%ifidn __?OUTPUT_FORMAT?__, bin
    db 1
%endif
