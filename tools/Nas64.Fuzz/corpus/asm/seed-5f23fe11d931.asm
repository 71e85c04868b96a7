%defstr s  hello   world
db s
%strcat t 'ab', "cd", `e\n`
db t
%strlen len 'abcdef'
db len
%substr sub 'xyzzy' 2, 3
db sub
%substr last 'xyzzy' 4, -1
db last
%deftok tok 'db 7'
tok
