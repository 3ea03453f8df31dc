using System.Runtime.InteropServices;

namespace A64Jit.Runtime.Linux;

/// <summary>
/// Raw host system calls through libc's <c>syscall()</c>, for an x86-64 Linux host.
/// Every method returns the kernel's convention: a non-negative result, or minus the errno.
/// </summary>
internal static unsafe partial class HostCalls
{
    // x86-64 system call numbers.
    public const long read = 0, write = 1, close = 3, fstat = 5, lseek = 8, ioctl = 16, pread64 = 17, pwrite64 = 18,
        readv = 19, writev = 20, sched_yield = 24, dup = 32, nanosleep = 35, getppid = 110, fcntl = 72, fsync = 74,
        fdatasync = 75, ftruncate = 77, fchmod = 91, fchown = 93, umask = 95, gettimeofday = 96, sysinfo = 99,
        uname = 63, sched_getaffinity = 204, getdents64 = 217, clock_gettime = 228, clock_getres = 229,
        clock_nanosleep = 230, openat = 257, mkdirat = 258, fchownat = 260, newfstatat = 262, unlinkat = 263,
        renameat = 264, linkat = 265, symlinkat = 266, readlinkat = 267, fchmodat = 268, faccessat = 269, ppoll = 271,
        dup3 = 292, pipe2 = 293, prlimit64 = 302, renameat2 = 316, statx = 332, faccessat2 = 439, getrusage = 98, times = 100, memfd_create = 319, utimensat = 280;

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long RawSyscall(long number, long a0, long a1, long a2, long a3, long a4, long a5);

    public static long Call(long number, long a0 = 0, long a1 = 0, long a2 = 0, long a3 = 0, long a4 = 0, long a5 = 0)
    {
        long r = RawSyscall(number, a0, a1, a2, a3, a4, a5);
        if (r == -1)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno != 0) return -errno;
        }
        return r;
    }

    public static bool Supported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    // Open flags that differ between AArch64 and x86-64 (the rest are identical).
    private const int A64_O_DIRECTORY = 0x4000, A64_O_NOFOLLOW = 0x8000, A64_O_DIRECT = 0x10000, A64_O_LARGEFILE = 0x20000;
    private const int X64_O_DIRECT = 0x4000, X64_O_LARGEFILE = 0x8000, X64_O_DIRECTORY = 0x10000, X64_O_NOFOLLOW = 0x20000;
    private const int DifferingMask = 0x4000 | 0x8000 | 0x10000 | 0x20000;

    public static int OpenFlagsToHost(int f)
    {
        int r = f & ~DifferingMask;
        if ((f & A64_O_DIRECTORY) != 0) r |= X64_O_DIRECTORY;
        if ((f & A64_O_NOFOLLOW) != 0) r |= X64_O_NOFOLLOW;
        if ((f & A64_O_DIRECT) != 0) r |= X64_O_DIRECT;
        if ((f & A64_O_LARGEFILE) != 0) r |= X64_O_LARGEFILE;
        return r;
    }

    public static int OpenFlagsToGuest(int f)
    {
        int r = f & ~DifferingMask;
        if ((f & X64_O_DIRECTORY) != 0) r |= A64_O_DIRECTORY;
        if ((f & X64_O_NOFOLLOW) != 0) r |= A64_O_NOFOLLOW;
        if ((f & X64_O_DIRECT) != 0) r |= A64_O_DIRECT;
        // AArch64 user space always sees O_LARGEFILE from F_GETFL (the kernel forces it for 64-bit processes).
        r |= A64_O_LARGEFILE;
        return r;
    }

    public const int AT_FDCWD = -100;
    public const int O_RDONLY = 0, O_PATH = 0x200000, O_CLOEXEC = 0x80000;
    public const int X64_O_DIRECTORY_FLAG = X64_O_DIRECTORY;

    /// <summary>Converts an x86-64 <c>struct stat</c> (144 bytes) to the AArch64 (asm-generic) layout (128 bytes).</summary>
    public static void StatToGuest(byte[] host, byte[] guest)
    {
        Array.Clear(guest);
        ulong U64(int o) => BitConverter.ToUInt64(host, o);
        uint U32(int o) => BitConverter.ToUInt32(host, o);
        void W64(int o, ulong v) => BitConverter.TryWriteBytes(guest.AsSpan(o, 8), v);
        void W32(int o, uint v) => BitConverter.TryWriteBytes(guest.AsSpan(o, 4), v);
        W64(0, U64(0));            // st_dev
        W64(8, U64(8));            // st_ino
        W32(16, U32(24));          // st_mode
        W32(20, (uint)U64(16));    // st_nlink
        W32(24, U32(28));          // st_uid
        W32(28, U32(32));          // st_gid
        W64(32, U64(40));          // st_rdev
        W64(48, U64(48));          // st_size
        W32(56, (uint)U64(56));    // st_blksize
        W64(64, U64(64));          // st_blocks
        W64(72, U64(72)); W64(80, U64(80));   // st_atime, st_atime_nsec
        W64(88, U64(88)); W64(96, U64(96));   // st_mtime, st_mtime_nsec
        W64(104, U64(104)); W64(112, U64(112)); // st_ctime, st_ctime_nsec
    }

    public const int HostStatSize = 144, GuestStatSize = 128;
}
