db 'hello', 0
db "it's", 0, 'say "hi"'
db `a\nb\tc\\\'\"\x41\101\e\0\r\f\v\a\b`, 0
db `\u00e9\U0001F600`
dw 'abc'
dd 'abcde'
db ''
db 'a', 'bc', 1
dq "x"
db `\x4`, `\7`, `\z`, `\?`
