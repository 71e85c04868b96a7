/* The C floor for the [Syscall] benchmarks: a raw syscall instruction in a loop, timed with clock_gettime.
   Build and run: gcc -O2 -o /tmp/syscall-floor benchmarks/Nas64.Syscalls.Benchmarks/native/syscall-floor.c && /tmp/syscall-floor */
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>

static inline long raw_syscall3(long number, long a, long b, long c)
{
    long result;
    __asm__ volatile ("syscall" : "=a"(result) : "a"(number), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return result;
}

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

/* The best of several rounds, as BenchmarkDotNet's minimum: the least disturbed measurement. */
static double best_ns_per_call(long number, long a, long b, long c, long calls)
{
    double best = 1e30;
    for (int round = 0; round < 7; round++)
    {
        double start = now_ns();
        for (long i = 0; i < calls; i++) raw_syscall3(number, a, b, c);
        double per_call = (now_ns() - start) / calls;
        if (per_call < best) best = per_call;
    }
    return best;
}

int main(void)
{
    static char buffer[64];
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull < 0) { perror("/dev/null"); return 1; }
    const long calls = 1000000;
    printf("getpid           %6.1f ns/call (raw syscall, best of 7 x %ld)\n", best_ns_per_call(SYS_getpid, 0, 0, 0, calls), calls);
    printf("write /dev/null  %6.1f ns/call (64 bytes, raw syscall, best of 7 x %ld)\n", best_ns_per_call(SYS_write, devnull, (long)buffer, sizeof buffer, calls), calls);
    return 0;
}
