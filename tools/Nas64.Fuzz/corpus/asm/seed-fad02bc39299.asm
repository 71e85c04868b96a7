%push one
%$a
%push two
%$a %$$a
%repl three
%ifctx three
yes
%endif
%pop
%pop
