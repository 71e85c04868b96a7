%define s 'hello'
%strlen n s
db n
%substr c s 1
db c
%substr d 'abcdef' 2,-2
db d
%substr e 'abcdef' -3, 2
db e
db %strlen('xyz'), %strcat('a', 'b'), %substr('hello', 2, 3)
%define t %strcat(s, ' there')
db t
db %str(a b, c)
%deftok k 'nop'
k
%xdefine q %eval(3*4)
db q
%defstr ss 'quoted' x
db ss
