bits 64
global {name}
section .text
{name}:
{body}
