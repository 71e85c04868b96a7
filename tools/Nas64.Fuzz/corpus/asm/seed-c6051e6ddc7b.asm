%macro jnot 2
    j%-1 %2
%endmacro
target:
jnot e, target
jnot nz, target
