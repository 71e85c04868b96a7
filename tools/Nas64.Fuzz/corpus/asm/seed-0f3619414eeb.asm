bits 64
%include "consts.inc"
%include 'local.inc'
emit FROM_INCLUDE
db PRE
%pathsearch found "local.inc"
%depend "local.inc"
%strlen n found
db n > 0
db __?LINE?__
