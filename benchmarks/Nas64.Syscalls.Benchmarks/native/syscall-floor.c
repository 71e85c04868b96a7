/* The C floor for the [Syscall] benchmarks, two ways:
     inline  the syscall instruction inside the loop, no call: the floor issue 6 names;
     call    the loop calls a function that makes the syscall (call; mov eax, n; syscall; ret), as every route
             that is called does (the generated stub, libc's getpid): the floor for a called routine.
   The same loops are built into the benchmark's native library (-DNAS64_FLOOR_LIBRARY) and timed in process by
   the loop mode and BenchmarkDotNet. As a program they are timed alone, interleaved, in rounds of the loop mode's size
   (--pages: the experiment below main's tables):
     gcc -O2 -o /tmp/syscall-floor benchmarks/Nas64.Syscalls.Benchmarks/native/syscall-floor.c && /tmp/syscall-floor [--pages] [rounds] [calls] */
#include <fcntl.h>
#include <sys/syscall.h>

static inline long raw_syscall3(long number, long a, long b, long c)
{
    long result;
    __asm__ volatile ("syscall" : "=a"(result) : "a"(number), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return result;
}

/* noipa: gcc must neither inline these nor assume anything about them, so each loop iteration really calls. */
__attribute__((noipa)) static long called_getpid(void) { return raw_syscall3(SYS_getpid, 0, 0, 0); }
__attribute__((noipa)) static long called_write(long fd, long buffer, long length) { return raw_syscall3(SYS_write, fd, buffer, length); }

void nas64_floor_getpid(long calls) { for (long i = 0; i < calls; i++) raw_syscall3(SYS_getpid, 0, 0, 0); }
void nas64_floor_getpid_call(long calls) { for (long i = 0; i < calls; i++) called_getpid(); }
void nas64_floor_write(long calls, long fd, const void *buffer, long length)
{
    for (long i = 0; i < calls; i++) raw_syscall3(SYS_write, fd, (long)buffer, length);
}
void nas64_floor_write_call(long calls, long fd, const void *buffer, long length)
{
    for (long i = 0; i < calls; i++) called_write(fd, (long)buffer, length);
}

#ifndef NAS64_FLOOR_LIBRARY
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

struct floor { const char *name; void (*run)(long calls); };

static long devnull;
static char buffer[64];
static void getpid_inline(long calls) { nas64_floor_getpid(calls); }
static void getpid_call(long calls) { nas64_floor_getpid_call(calls); }
static void write_inline(long calls) { nas64_floor_write(calls, devnull, buffer, sizeof buffer); }
static void write_call(long calls) { nas64_floor_write_call(calls, devnull, buffer, sizeof buffer); }

static const struct floor floors[] = {
    { "getpid, inline syscall", getpid_inline },
    { "getpid, call to a syscall function", getpid_call },
    { "write /dev/null 64 B, inline syscall", write_inline },
    { "write /dev/null 64 B, call to a syscall function", write_call },
};

/* --pages: where the cost of a called syscall goes on a kernel that flushes the TLB on every syscall (PTI without PCID).
   The generated getpid stub's bytes (mov eax, 39; mov r10, rcx; syscall; ret) on a page of their own, mapped W^X as
   StubMemory maps them, called as managed code calls them, then touching the data pages a managed caller touches. */
static long (*stub)(void);
static long (*straddling_stub)(void);
static int (*volatile libc_getpid_pointer)(void) = getpid;
static volatile int *data;
static void stub_page(long calls) { for (long i = 0; i < calls; i++) stub(); }
static void stub_straddling(long calls) { for (long i = 0; i < calls; i++) straddling_stub(); }
static void stub_page_data1(long calls) { for (long i = 0; i < calls; i++) { stub(); (void)data[0]; } }
static void stub_page_data2(long calls) { for (long i = 0; i < calls; i++) { stub(); (void)data[0]; (void)data[1024]; } }
static void libc_getpid(long calls) { for (long i = 0; i < calls; i++) libc_getpid_pointer(); }
static void inline_data1(long calls) { for (long i = 0; i < calls; i++) { nas64_floor_getpid(1); (void)data[0]; } }

static const struct floor pages[] = {
    { "getpid, inline syscall", getpid_inline },
    { "getpid, inline syscall, then 1 data page read", inline_data1 },
    { "getpid, call to a syscall function (same page)", getpid_call },
    { "getpid, call to the stub on its own page", stub_page },
    { "getpid, call to the stub on its own page, syscall across a cache line", stub_straddling },
    { "getpid, call to the stub on its own page, then 1 data page read", stub_page_data1 },
    { "getpid, call to the stub on its own page, then 2 data page reads", stub_page_data2 },
    { "getpid, call to libc's getpid through a function pointer", libc_getpid },
};

static void *map_stub(size_t offset)
{
    static const unsigned char code[] = { 0xB8, 39, 0, 0, 0, 0x49, 0x89, 0xCA, 0x0F, 0x05, 0xC3 };
    unsigned char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) { perror("mmap"); exit(1); }
    memcpy(page + offset, code, sizeof code);
    if (mprotect(page, 4096, PROT_READ | PROT_EXEC) != 0) { perror("mprotect"); exit(1); }
    return page + offset;
}

/* CLOCK_MONOTONIC, as .NET's Stopwatch reads it. */
static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static int compare(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }

int main(int argc, char **argv)
{
    const struct floor *table = floors;
    int count = sizeof floors / sizeof floors[0];
    if (argc > 1 && strcmp(argv[1], "--pages") == 0)
    {
        table = pages;
        count = sizeof pages / sizeof pages[0];
        argc--, argv++;
    }
    int rounds = argc > 1 ? atoi(argv[1]) : 201;
    long calls = argc > 2 ? atol(argv[2]) : 2000;
    if (rounds < 1 || calls < 1) { fprintf(stderr, "usage: syscall-floor [--pages] [rounds] [calls]\n"); return 1; }
    devnull = open("/dev/null", O_WRONLY);
    if (devnull < 0) { perror("/dev/null"); return 1; }
    stub = (long (*)(void))map_stub(0);
    straddling_stub = (long (*)(void))map_stub(64 - 9);
    data = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    double *samples = malloc(sizeof(double) * count * rounds);
    for (int k = 0; k < count; k++) table[k].run(calls);
    /* Round-robin, the starting row rotating, so every row sees the same load. */
    for (int round = 0; round < rounds; round++)
        for (int k = 0; k < count; k++)
        {
            int row = (k + round) % count;
            double start = now_ns();
            table[row].run(calls);
            samples[row * rounds + round] = (now_ns() - start) / calls;
        }
    printf("| C loop | best ns/call | median ns/call |\n|---|---:|---:|\n");
    for (int row = 0; row < count; row++)
    {
        double *mine = samples + row * rounds;
        qsort(mine, rounds, sizeof(double), compare);
        printf("| %s | %.1f | %.1f |\n", table[row].name, mine[0], mine[rounds / 2]);
    }
    printf("(%d interleaved rounds of %ld calls each)\n", rounds, calls);
    free(samples);
    return 0;
}
#endif
