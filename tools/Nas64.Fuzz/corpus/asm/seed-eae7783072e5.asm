a __LINE__
%line 100+2 other.asm
b __?LINE?__
c __?LINE?__
