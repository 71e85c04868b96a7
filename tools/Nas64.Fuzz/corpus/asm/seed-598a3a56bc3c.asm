%ifusable altreg
db 1
%endif
%push abc
%ifctx abc
db 2
%endif
%ifnctx xyz
db 3
%endif
%pop
%pragma preproc sane_empty_expansion true
%line 100 foo.asm
db __?LINE?__
%defstr f __?FILE?__
db f
%clear
%ifdef __?NASM_MAJOR?__
db 4
%endif
%iftoken abc
db 5
%endif
%ifnempty x
db 6
%endif
%ifidn 'ab', "ab"
db 7
%endif
%ifnum -5
db 8
%endif
%ifstr 'a' 'b'
db 9
%endif
%define X 1
%ifdef X
%elifndef Y
db 0xff
%else
db 0xfe
%endif
%ifndef ZZ
db 10
%elifdef X
db 0xff
%endif
