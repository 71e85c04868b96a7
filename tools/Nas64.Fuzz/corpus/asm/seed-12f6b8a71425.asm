global _start
extern ext
section .text
_start: call ext
  mov eax, [v]
  ret
section .data
v: dd _start, ext
