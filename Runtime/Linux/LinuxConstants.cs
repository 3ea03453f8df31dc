namespace A64Jit.Runtime.Linux;

/// <summary>Linux errno values (identical on AArch64 and x86-64).</summary>
public static class Errno
{
    public const int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, E2BIG = 7, ENOEXEC = 8, EBADF = 9,
        ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16, EEXIST = 17, EXDEV = 18, ENODEV = 19,
        ENOTDIR = 20, EISDIR = 21, EINVAL = 22, ENFILE = 23, EMFILE = 24, ENOTTY = 25, EFBIG = 27, ENOSPC = 28, ESPIPE = 29,
        EROFS = 30, EPIPE = 32, ERANGE = 34, ENAMETOOLONG = 36, ENOSYS = 38, ENOTEMPTY = 39, ELOOP = 40, ETIMEDOUT = 110;
}

/// <summary>AArch64 (asm-generic) system call numbers.</summary>
public static class Sys
{
    public const int getcwd = 17, dup = 23, dup3 = 24, fcntl = 25, ioctl = 29, mkdirat = 34, unlinkat = 35, symlinkat = 36,
        linkat = 37, renameat = 38, ftruncate = 46, faccessat = 48, chdir = 49, fchdir = 50, fchmod = 52, fchmodat = 53,
        fchownat = 54, fchown = 55, openat = 56, close = 57, pipe2 = 59, getdents64 = 61, lseek = 62, read = 63, write = 64,
        readv = 65, writev = 66, pread64 = 67, pwrite64 = 68, ppoll = 73, readlinkat = 78, newfstatat = 79, fstat = 80,
        fsync = 82, fdatasync = 83, utimensat = 88, exit = 93, exit_group = 94, waitid = 95, set_tid_address = 96, futex = 98,
        set_robust_list = 99, get_robust_list = 100, nanosleep = 101, getitimer = 102, setitimer = 103,
        clock_gettime = 113, clock_getres = 114, clock_nanosleep = 115, sched_setaffinity = 122, sched_getaffinity = 123,
        sched_yield = 124, kill = 129, tkill = 130, tgkill = 131, sigaltstack = 132, rt_sigsuspend = 133,
        rt_sigaction = 134, rt_sigprocmask = 135, rt_sigpending = 136, rt_sigreturn = 139, getpriority = 141,
        setgid = 144, setuid = 146, getresuid = 148, getresgid = 150, times = 153, setpgid = 154, getpgid = 155,
        getsid = 156, setsid = 157, getgroups = 158, uname = 160, getrlimit = 163, setrlimit = 164, getrusage = 165,
        umask = 166, prctl = 167, gettimeofday = 169, getpid = 172, getppid = 173, getuid = 174, geteuid = 175,
        getgid = 176, getegid = 177, gettid = 178, sysinfo = 179, brk = 214, munmap = 215, mremap = 216, clone = 220,
        execve = 221, mmap = 222, fadvise64 = 223, mprotect = 226, msync = 227, mlock = 228, munlock = 229,
        madvise = 233, wait4 = 260, prlimit64 = 261, renameat2 = 276, getrandom = 278, membarrier = 283, statx = 291,
        rseq = 293, clone3 = 435, close_range = 436, faccessat2 = 439;

    private static readonly Dictionary<int, string> NameOf = typeof(Sys).GetFields()
        .Where(f => f.IsLiteral && f.FieldType == typeof(int))
        .ToDictionary(f => (int)f.GetRawConstantValue()!, f => f.Name);

    /// <summary>The call's name, or <c>syscall_N</c> for numbers this table does not know.</summary>
    public static string Name(long number) => number is >= 0 and <= int.MaxValue && NameOf.TryGetValue((int)number, out var n) ? n : $"syscall_{number}";
}

/// <summary>Linux signal numbers and constants as AArch64 user space sees them.</summary>
public static class Sig
{
    public const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7, SIGFPE = 8,
        SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13, SIGALRM = 14, SIGTERM = 15, SIGSTKFLT = 16,
        SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22, SIGURG = 23, SIGXCPU = 24,
        SIGXFSZ = 25, SIGVTALRM = 26, SIGPROF = 27, SIGWINCH = 28, SIGIO = 29, SIGPWR = 30, SIGSYS = 31;
    public const int NSIG = 64;

    public const ulong SIG_DFL = 0, SIG_IGN = 1;

    public const ulong SA_NOCLDSTOP = 1, SA_NOCLDWAIT = 2, SA_SIGINFO = 4, SA_ONSTACK = 0x0800_0000, SA_RESTART = 0x1000_0000,
        SA_NODEFER = 0x4000_0000, SA_RESETHAND = 0x8000_0000, SA_RESTORER = 0x0400_0000;

    public const int SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;

    public const int SS_ONSTACK = 1, SS_DISABLE = 2;
    public const ulong MINSIGSTKSZ = 5120;

    // si_code values.
    public const int SI_USER = 0, SI_TKILL = -6;
    public const int ILL_ILLOPC = 1, ILL_ILLOPN = 2;
    public const int SEGV_MAPERR = 1, SEGV_ACCERR = 2;
    public const int BUS_ADRALN = 1;
    public const int TRAP_BRKPT = 1;

    /// <summary>The bit of signal <paramref name="sig"/> in a 64-bit sigset.</summary>
    public static ulong Bit(int sig) => 1ul << (sig - 1);

    /// <summary>Signals that can be neither caught, blocked nor ignored.</summary>
    public static readonly ulong Unblockable = Bit(SIGKILL) | Bit(SIGSTOP);

    public enum DefaultAction { Terminate, CoreDump, Ignore, Stop, Continue }

    public static DefaultAction Default(int sig) => sig switch
    {
        SIGQUIT or SIGILL or SIGTRAP or SIGABRT or SIGBUS or SIGFPE or SIGSEGV or SIGXCPU or SIGXFSZ or SIGSYS => DefaultAction.CoreDump,
        SIGCHLD or SIGURG or SIGWINCH => DefaultAction.Ignore,
        SIGSTOP or SIGTSTP or SIGTTIN or SIGTTOU => DefaultAction.Stop,
        SIGCONT => DefaultAction.Continue,
        _ => DefaultAction.Terminate,
    };

    private static readonly string[] Names =
    [
        "", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV",
        "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN",
        "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    ];

    public static string Name(int sig) => sig > 0 && sig < Names.Length ? Names[sig] : $"SIG{sig}";
}
