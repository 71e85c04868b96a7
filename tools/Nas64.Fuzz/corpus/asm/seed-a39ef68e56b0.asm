%macro r 1-*
    db %{1:3}
    db %{3:1}
    db %{-1:-2}
    db %{2}
%endmacro
r 1, 2, 3, 4
