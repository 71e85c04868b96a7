%use altreg
%use fp
mov r0, r7
mov r1d, r2d
mov r8l, r3b
dd float32(1.5)
