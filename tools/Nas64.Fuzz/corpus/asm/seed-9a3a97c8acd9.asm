%define foo 3
%defalias bar foo
db bar
%define foo 4
db bar
%undefalias bar
%ifdef bar
db 0xff
%endif
