dw 'a', 'ab', "ab", `ab`
dd 'abcd', 'abc' + 1
dq 'abcdefgh'
mov ax, 'ab'
