%push outer
%define %$v 1
%push inner
%define %$v 2
db %$v, %$$v
%pop
%pop
