%define long 1 + \
    2 + 3 ; comment
db long
