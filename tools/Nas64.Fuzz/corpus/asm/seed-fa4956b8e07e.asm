%idefine Foo 3
db foo, FOO, Foo
%ixdefine Bar Foo+1
db bar
