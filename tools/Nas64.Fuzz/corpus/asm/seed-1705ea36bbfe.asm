%defstr s one  two
%strcat c s, '!', "'"
%strlen n c
%substr u 'hello' 2, 3
%substr v 'hello' -1
%deftok t 'mov eax, 1'
s c n u v
t
%define w 'quoted, "with" both'
%strlen wn w
wn
