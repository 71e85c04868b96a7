bits 64
%use linux
mov eax, SYS_write
mov eax, SYS_exit_group
mov eax, SYS_openat
dd ENOENT, EAGAIN, EWOULDBLOCK
dd O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC
dd PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS
