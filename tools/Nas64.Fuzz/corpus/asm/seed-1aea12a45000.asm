%macro spin 0
%%top:
    dec ecx
    jnz %%top
%endmacro
spin
spin
