using System.Collections.Generic;

namespace Nas64.Syscalls.Model;

/// <summary>
/// Calls that can sleep in the kernel for an unbounded time: waiting on I/O, another process, a lock,
/// a signal or a timer. A call without a GC transition must not block, or every other thread's
/// garbage collection waits for it; so <c>[SuppressGCTransition]</c> on these draws a warning.
/// </summary>
public static class BlockingSyscalls
{
    private static readonly HashSet<string> Names = new()
    {
        // I/O on descriptors that may be pipes, sockets, terminals or slow file systems.
        "read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev", "preadv2", "pwritev2",
        "open", "openat", "openat2", "creat", "sendfile", "splice", "tee", "vmsplice", "copy_file_range",
        "fsync", "fdatasync", "sync", "syncfs", "sync_file_range", "flock", "fcntl", "ioctl",
        // Sockets.
        "accept", "accept4", "connect", "recvfrom", "recvmsg", "recvmmsg", "sendto", "sendmsg", "sendmmsg",
        // Multiplexing and asynchronous I/O.
        "select", "pselect6", "poll", "ppoll", "epoll_wait", "epoll_pwait", "epoll_pwait2",
        "io_getevents", "io_pgetevents", "io_uring_enter",
        // Sleeping, waiting for processes and signals.
        "nanosleep", "clock_nanosleep", "pause", "rt_sigsuspend", "rt_sigtimedwait", "wait4", "waitid",
        // Locks and IPC.
        "futex", "futex_wait", "futex_waitv", "msgrcv", "msgsnd", "semop", "semtimedop",
        "mq_timedreceive", "mq_timedsend",
    };

    /// <summary>Every name in the list, for documentation and tests.</summary>
    public static IEnumerable<string> All => Names;

    /// <summary>True when <paramref name="name"/> (a kernel name such as <c>read</c>) is in the list.</summary>
    public static bool Contains(string name) => Names.Contains(name);
}
