%define n 2
%define val2 0x42
db val%[n]
%define which %[n]
%define n 5
db which
