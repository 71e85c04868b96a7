a __LINE__
%line 10'
tok
0+2 other.asm
b __
%strlen len 'abcdef'
db len
%substr sub 'xyzzy' 2, 3
db sub
%substr last 'xyzzy' 4294967295, -1
db last
%deftok tok 'db 7'
tok
