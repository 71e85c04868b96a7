%define v 1
%define lazy v
%xdefine eager v
%define v 2
db lazy, eager
