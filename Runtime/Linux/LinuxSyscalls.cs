using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using A64Jit.Core.Memory;
using A64Jit.Core.State;

namespace A64Jit.Runtime.Linux;

/// <summary>
/// The system call layer of a <see cref="LinuxProcess"/>: AArch64 Linux numbers, arguments in
/// X0-X5, number in X8, result (or minus the errno) in X0. Guest pointers are checked against
/// guest memory (EFAULT) and copied through host buffers; host work goes through raw host
/// system calls so that errno values pass through unchanged. Structures are converted where the
/// AArch64 layout differs from the host's (struct stat, open flags).
/// </summary>
public sealed unsafe partial class LinuxSyscalls : IDisposable
{
    /// <summary>Largest transfer a single read/write-like call performs (a short count is returned beyond it).</summary>
    public const ulong MaxIo = 1ul << 26;
    public const int PathMax = 4096;
    private const long NoReturn = long.MinValue;
    /// <summary>The call was interrupted by a signal whose handler has SA_RESTART: it is made again after the handler.</summary>
    internal const long Restart = long.MinValue + 1;

    private readonly LinuxProcess _p;
    private GuestMemory Mem => _p.Memory;
    private int _cwdFd;
    private ulong _mmapHint = LinuxProcess.MmapBase;

    public uint Uid { get; }
    public uint Euid { get; }
    public uint Gid { get; }
    public uint Egid { get; }

    internal LinuxSyscalls(LinuxProcess process, LinuxSyscalls? parent = null)
    {
        _p = process;
        if (parent != null)
        {
            // A new task: the same credentials, its own handle on the same current directory.
            Uid = parent.Uid; Gid = parent.Gid; Euid = parent.Euid; Egid = parent.Egid;
            _mmapHint = parent._mmapHint;
            _cwdFd = parent._cwdFd < 0 ? HostCalls.AT_FDCWD : (int)HostCalls.Call(HostCalls.fcntl, parent._cwdFd, 1030 /* F_DUPFD_CLOEXEC */, 3);
            if (_cwdFd < 0) _cwdFd = HostCalls.AT_FDCWD;
            return;
        }
        Uid = (uint)HostCalls.Call(102);
        Gid = (uint)HostCalls.Call(104);
        Euid = (uint)HostCalls.Call(107);
        Egid = (uint)HostCalls.Call(108);
        _cwdFd = OpenHostPath(HostCalls.AT_FDCWD, ".", HostCalls.O_PATH | HostCalls.X64_O_DIRECTORY_FLAG | HostCalls.O_CLOEXEC);
        if (_cwdFd < 0) _cwdFd = HostCalls.AT_FDCWD;
    }

    /// <summary>execve: the new image starts with a fresh mmap hint.</summary>
    internal void ResetForExec() => _mmapHint = LinuxProcess.MmapBase;

    /// <summary>faccessat on a host path (relative paths against the guest's current directory).</summary>
    internal long HostAccess(string path, int mode)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        long dir = path.StartsWith('/') ? HostCalls.AT_FDCWD : _cwdFd;
        fixed (byte* p = bytes) return HostCalls.Call(HostCalls.faccessat, dir, (long)p, mode);
    }

    /// <summary>What an interrupted blocking call returns: <see cref="Restart"/> when the signal's handler has SA_RESTART, else -EINTR.</summary>
    internal long InterruptedResult()
    {
        int sig = _p.Signals.NextDeliverable();
        if (sig != 0 && (_p.Signals.Actions[sig].Flags & Sig.SA_RESTART) != 0 && _p.Signals.Actions[sig].Handler > Sig.SIG_IGN) return Restart;
        return -Errno.EINTR;
    }

    /// <summary>Calls that may block on the host: threads sharing the address space run meanwhile.</summary>
    private static bool MayBlock(long nr) => nr is Sys.read or Sys.readv or Sys.pread64 or Sys.write or Sys.writev or Sys.pwrite64
        or Sys.nanosleep or Sys.clock_nanosleep or Sys.ppoll or Sys.openat or Sys.sched_yield;

    /// <summary>Performs the system call described by the registers; writes X0 and steps past the SVC unless the call does not return.</summary>
    public void Dispatch()
    {
        var s = _p.Cpu.State;
        long nr = (long)s->X[8];
        ulong a0 = s->X[0], a1 = s->X[1], a2 = s->X[2], a3 = s->X[3], a4 = s->X[4], a5 = s->X[5];
        if (_p.Options.Strace != null && nr is Sys.exit or Sys.exit_group or Sys.rt_sigreturn or Sys.execve)
            _p.Strace(Format(nr, null, a0, a1, a2, a3, a4, a5));
        long r;
        var turn = _p.Mm.Turn;
        bool letGo = MayBlock(nr) && _p.Mm.Users > 1 && turn.HeldByCurrentThread;
        if (letGo) turn.Exit();
        try { r = Invoke(nr, a0, a1, a2, a3, a4, a5); }
        catch (GuestMemoryException) { r = -Errno.EFAULT; }
        catch (ArgumentException) { r = -Errno.EINVAL; }
        catch (OutOfMemoryException) { r = -Errno.ENOMEM; }
        finally { if (letGo) turn.Enter(); }
        if (r == NoReturn) return;
        if (r == Restart)
        {
            if (_p.Options.Strace != null) _p.Strace(Format(nr, null, a0, a1, a2, a3, a4, a5) + " (restarted after the signal)");
            return; // PC stays at the SVC, X0 still holds the first argument
        }
        if (_p.Options.Strace != null) _p.Strace(Format(nr, r, a0, a1, a2, a3, a4, a5));
        s->X[0] = (ulong)r;
        s->PC += 4;
        s->InstructionsRetired++;
    }

    /// <summary>Calls X0..X5 = args with number <paramref name="nr"/> as if the guest made the call; returns X0 (for tests).</summary>
    public long Call(long nr, params ulong[] args)
    {
        var s = _p.Cpu.State;
        for (int i = 0; i < 6; i++) s->X[i] = i < args.Length ? args[i] : 0;
        s->X[8] = (ulong)nr;
        Dispatch();
        return (long)s->X[0];
    }

    private long Invoke(long nr, ulong a0, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5)
    {
        switch (nr)
        {
            case Sys.read: return Read((int)a0, a1, a2, 0, false);
            case Sys.pread64: return Read((int)a0, a1, a2, (long)a3, true);
            case Sys.write: return Write((int)a0, a1, a2, 0, false);
            case Sys.pwrite64: return Write((int)a0, a1, a2, (long)a3, true);
            case Sys.readv: return ReadV((int)a0, a1, (long)a2);
            case Sys.writev: return WriteV((int)a0, a1, (long)a2);
            case Sys.openat: return OpenAt((int)a0, a1, (int)a2, (int)a3);
            case Sys.close: return _p.Files.Close((int)a0);
            case Sys.close_range: return CloseRange((uint)a0, (uint)a1, (uint)a2);
            case Sys.lseek: return WithFd((int)a0, h => HostCalls.Call(HostCalls.lseek, h, (long)a1, (int)a2));
            case Sys.newfstatat: return FStatAt((int)a0, a1, a2, (int)a3);
            case Sys.fstat: return FStat((int)a0, a1);
            case Sys.statx: return StatX((int)a0, a1, (int)a2, (uint)a3, a4);
            case Sys.readlinkat: return ReadLinkAt((int)a0, a1, a2, (long)a3);
            case Sys.getdents64: return GetDents64((int)a0, a1, a2);
            case Sys.fcntl: return Fcntl((int)a0, (int)a1, a2);
            case Sys.dup: return WithFd((int)a0, h => { long r = HostCalls.Call(HostCalls.fcntl, h, 1030 /* F_DUPFD_CLOEXEC */, 3); return r < 0 ? r : _p.Files.Add((int)r); });
            case Sys.dup3: return Dup3((int)a0, (int)a1, (int)a2);
            case Sys.pipe2: return Pipe2(a0, (int)a1);
            case Sys.ioctl: return Ioctl((int)a0, (uint)a1, a2);
            case Sys.faccessat: return PathCall((int)a0, a1, (h, p) => HostCalls.Call(HostCalls.faccessat, h, p, (int)a2));
            case Sys.faccessat2: return PathCall((int)a0, a1, (h, p) => HostCalls.Call(HostCalls.faccessat2, h, p, (int)a2, (int)a3));
            case Sys.mkdirat: return WithUmask(() => PathCall((int)a0, a1, (h, p) => HostCalls.Call(HostCalls.mkdirat, h, p, (int)a2)));
            case Sys.unlinkat: return PathCall((int)a0, a1, (h, p) => HostCalls.Call(HostCalls.unlinkat, h, p, (int)a2));
            case Sys.fchmodat: return PathCall((int)a0, a1, (h, p) => HostCalls.Call(HostCalls.fchmodat, h, p, (int)a2));
            case Sys.fchownat: return PathCall((int)a0, a1, (h, p) => HostCalls.Call(HostCalls.fchownat, h, p, (int)a2, (int)a3, (int)a4));
            case Sys.renameat: return TwoPathCall((int)a0, a1, (int)a2, a3, (h1, p1, h2, p2) => HostCalls.Call(HostCalls.renameat, h1, p1, h2, p2));
            case Sys.renameat2: return TwoPathCall((int)a0, a1, (int)a2, a3, (h1, p1, h2, p2) => HostCalls.Call(HostCalls.renameat2, h1, p1, h2, p2, (int)a4));
            case Sys.linkat: return TwoPathCall((int)a0, a1, (int)a2, a3, (h1, p1, h2, p2) => HostCalls.Call(HostCalls.linkat, h1, p1, h2, p2, (int)a4));
            case Sys.symlinkat: return SymlinkAt(a0, (int)a1, a2);
            case Sys.ftruncate: return WithFd((int)a0, h => HostCalls.Call(HostCalls.ftruncate, h, (long)a1));
            case Sys.fsync: return WithFd((int)a0, h => HostCalls.Call(HostCalls.fsync, h));
            case Sys.fdatasync: return WithFd((int)a0, h => HostCalls.Call(HostCalls.fdatasync, h));
            case Sys.fchmod: return WithFd((int)a0, h => HostCalls.Call(HostCalls.fchmod, h, (int)a1));
            case Sys.fchown: return WithFd((int)a0, h => HostCalls.Call(HostCalls.fchown, h, (int)a1, (int)a2));
            case Sys.getcwd: return GetCwd(a0, a1);
            case Sys.chdir: return ChDir(a0);
            case Sys.fchdir: return WithFd((int)a0, h => SetCwd(h, "."));
            case Sys.umask: { int old = _p.Umask; _p.Umask = (int)(a0 & 0x1FF); return old; }
            case Sys.brk: return (long)DoBrk(a0);
            case Sys.mmap: return Mmap(a0, a1, (int)a2, (int)a3, (int)a4, a5);
            case Sys.munmap: return Munmap(a0, a1);
            case Sys.msync: return Msync(a0, a1, (int)a2);
            case Sys.mprotect: return Mprotect(a0, a1, (int)a2);
            case Sys.mremap: return Mremap(a0, a1, a2, (int)a3, a4);
            case Sys.madvise: return Madvise(a0, a1, (int)a2);
            case Sys.mlock: case Sys.munlock: case Sys.fadvise64: return 0;
            case Sys.exit_group: _p.Exit((int)a0); return NoReturn;
            case Sys.exit: _p.ExitThread((int)a0); return NoReturn;
            case Sys.getpid: return _p.Pid;
            case Sys.gettid: return _p.Tid;
            case Sys.getppid: return _p.ParentPid;
            case Sys.clone: return _p.Clone(a0, a1, a2, a3, a4);
            case Sys.execve: return Execve(a0, a1, a2);
            case Sys.getuid: return Uid;
            case Sys.geteuid: return Euid;
            case Sys.getgid: return Gid;
            case Sys.getegid: return Egid;
            case Sys.getresuid: return WriteU32s(a0, Uid, a1, Euid, a2, Euid);
            case Sys.getresgid: return WriteU32s(a0, Gid, a1, Egid, a2, Egid);
            case Sys.uname: return Uname(a0);
            case Sys.sysinfo: return HostOut(a0, 112, p => HostCalls.Call(HostCalls.sysinfo, p));
            case Sys.prlimit64: return Prlimit((int)a0, (int)a1, a2, a3);
            case Sys.getrlimit: return Prlimit(0, (int)a0, 0, a1);
            case Sys.setrlimit: return Prlimit(0, (int)a0, a1, 0);
            case Sys.getrusage: return HostOut(a1, 144, p => HostCalls.Call(HostCalls.getrusage, (int)a0, p));
            case Sys.times: return a0 == 0 ? HostCalls.Call(HostCalls.times, 0) : HostOut(a0, 32, p => HostCalls.Call(HostCalls.times, p));
            case Sys.getrandom: return GetRandom(a0, a1, (uint)a2);
            case Sys.clock_gettime: return HostOut(a1, 16, p => HostCalls.Call(HostCalls.clock_gettime, (int)a0, p));
            case Sys.clock_getres: return a1 == 0 ? HostCalls.Call(HostCalls.clock_getres, (int)a0, 0) : HostOut(a1, 16, p => HostCalls.Call(HostCalls.clock_getres, (int)a0, p));
            case Sys.gettimeofday: return GetTimeOfDay(a0, a1);
            case Sys.nanosleep: return _p.Kernel.LiveTasks > 1 ? InterruptibleSleep(1, 0, a0, a1) : Sleep(a0, a1, p => HostCalls.Call(HostCalls.nanosleep, p.req, p.rem));
            case Sys.clock_nanosleep: return _p.Kernel.LiveTasks > 1 ? InterruptibleSleep((int)a0, (int)a1, a2, a3) : Sleep(a2, a3, p => HostCalls.Call(HostCalls.clock_nanosleep, (int)a0, (int)a1, p.req, p.rem));
            case Sys.set_tid_address: _p.ClearChildTid = a0; return _p.Tid;
            case Sys.set_robust_list: return a1 == 24 ? 0 : -Errno.EINVAL;
            case Sys.rt_sigaction: return SigActionCall((int)a0, a1, a2, a3);
            case Sys.rt_sigprocmask: return SigProcMask((int)a0, a1, a2, a3);
            case Sys.utimensat: return UtimensAt((int)a0, a1, a2, (int)a3);
            case Sys.rt_sigsuspend:
            {
                if (a1 != 8) return -Errno.EINVAL;
                if (!Mem.TryRead64(a0, out ulong mask)) return -Errno.EFAULT;
                return _p.SigSuspend(mask);
            }
            case Sys.rt_sigpending: return a1 != 8 ? -Errno.EINVAL : WriteU64(a0, _p.Signals.Pending & _p.Signals.Blocked);
            case Sys.rt_sigreturn: _p.SignalReturn(); return NoReturn;
            case Sys.sigaltstack: return SigAltStack(a0, a1);
            case Sys.kill: return Kill((int)a0, (int)a1);
            case Sys.tkill: return TgKill(-1, (int)a0, (int)a1);
            case Sys.tgkill: return TgKill((int)a0, (int)a1, (int)a2);
            case Sys.sched_getaffinity: return SchedGetAffinity((int)a0, a1, a2);
            case Sys.sched_setaffinity: return (int)a0 != 0 && (int)a0 != _p.Pid ? -Errno.ESRCH : 0;
            case Sys.sched_yield: return 0;
            case Sys.wait4: return _p.Wait4((int)a0, a1, (int)a2, a3);
            case Sys.waitid: return WaitId((int)a0, (int)a1, a2, (int)a3, a4);
            case Sys.futex: return Futex(a0, (int)a1, (uint)a2, a3, a4, (uint)a5);
            case Sys.prctl: return Prctl((int)a0, a1);
            case Sys.ppoll: return PPoll(a0, a1, a2, a3, a4);
            case Sys.getpgid: case Sys.getsid: return (int)a0 == 0 || (int)a0 == _p.Pid ? HostCalls.Call(nr == Sys.getpgid ? 121 : 124, 0) : -Errno.ESRCH;
            default: return -Errno.ENOSYS; // rseq, clone3, … are not provided
        }
    }

    // ------------------------------------------------------------------ guest memory

    /// <summary>True when every byte of [address, address+length) allows <paramref name="access"/>.</summary>
    public bool Accessible(ulong address, ulong length, MemAccess access)
    {
        if (length == 0) return true;
        if (address + length < address) return false;
        while (length > 0)
        {
            int chunk = (int)Math.Min(length, 1ul << 30);
            if (Mem.Check(address, chunk, access).IsFault) return false;
            address += (ulong)chunk;
            length -= (ulong)chunk;
        }
        return true;
    }

    /// <summary>How many bytes from <paramref name="address"/> on (at most <paramref name="length"/>) allow <paramref name="access"/>.</summary>
    public ulong AccessiblePrefix(ulong address, ulong length, MemAccess access)
    {
        ulong done = 0;
        while (done < length)
        {
            ulong a = address + done;
            if (a < address) break;
            ulong chunk = Math.Min(length - done, GuestMemory.PageSize - (a & GuestMemory.PageMask));
            if (Mem.Check(a, (int)chunk, access).IsFault) break;
            done += chunk;
        }
        return done;
    }

    private bool ReadGuest(ulong address, Span<byte> dst) => !Mem.TryRead(address, dst).IsFault;
    private bool WriteGuest(ulong address, ReadOnlySpan<byte> src) => !Mem.TryWrite(address, src).IsFault;

    private long WriteU64(ulong address, ulong value)
    {
        if (address == 0) return 0;
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        return WriteGuest(address, b) ? 0 : -Errno.EFAULT;
    }

    private long WriteU32s(ulong a0, uint v0, ulong a1, uint v1, ulong a2, uint v2)
    {
        Span<byte> b = stackalloc byte[4];
        foreach (var (a, v) in new[] { (a0, v0), (a1, v1), (a2, v2) })
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, v);
            if (!WriteGuest(a, b)) return -Errno.EFAULT;
        }
        return 0;
    }

    /// <summary>Reads a NUL-terminated string: 0, -EFAULT or -ENAMETOOLONG.</summary>
    public int ReadString(ulong address, out string value, int max = PathMax)
    {
        value = "";
        var bytes = new List<byte>();
        for (int i = 0; i < max; i++)
        {
            if (!Mem.TryRead8(address + (ulong)i, out byte b)) return -Errno.EFAULT;
            if (b == 0)
            {
                value = Encoding.UTF8.GetString(bytes.ToArray());
                return 0;
            }
            bytes.Add(b);
        }
        return -Errno.ENAMETOOLONG;
    }

    /// <summary>Runs a host call that fills <paramref name="size"/> bytes, then copies them to the guest.</summary>
    private long HostOut(ulong guest, int size, Func<long, long> call)
    {
        if (!Accessible(guest, (ulong)size, MemAccess.Write)) return -Errno.EFAULT;
        var buf = new byte[size];
        long r;
        fixed (byte* p = buf) r = call((long)p);
        if (r < 0) return r;
        return WriteGuest(guest, buf) ? r : -Errno.EFAULT;
    }

    private long WithFd(int fd, Func<int, long> call) => _p.Files.TryGetHost(fd, out int h) ? call(h) : -Errno.EBADF;

    private static int OpenHostPath(int dir, string path, int flags)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes) return (int)HostCalls.Call(HostCalls.openat, dir, (long)p, flags, 0);
    }

    /// <summary>The host directory descriptor a guest dirfd stands for (relative paths only).</summary>
    private long HostDir(int dirfd, string path)
    {
        if (path.StartsWith('/')) return HostCalls.AT_FDCWD;
        if (dirfd == HostCalls.AT_FDCWD) return _cwdFd;
        return _p.Files.TryGetHost(dirfd, out int h) ? h : -Errno.EBADF;
    }

    /// <summary>Paths that name the emulator's view rather than the host's.</summary>
    private string MapPath(string path)
    {
        if (path == "/proc/self/exe" || path == $"/proc/{_p.Pid}/exe") return _p.ExecutablePath;
        return path;
    }

    private bool IsSelfExe(string path) => path == "/proc/self/exe" || path == $"/proc/{_p.Pid}/exe";

    private long PathCall(int dirfd, ulong pathAddr, Func<long, long, long> call)
    {
        int e = ReadString(pathAddr, out var path);
        if (e < 0) return e;
        path = MapPath(path);
        long dir = HostDir(dirfd, path);
        if (dir < 0 && dir != HostCalls.AT_FDCWD) return dir;
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes) return call(dir, (long)p);
    }

    private long TwoPathCall(int d1, ulong a1, int d2, ulong a2, Func<long, long, long, long, long> call)
    {
        int e = ReadString(a1, out var p1);
        if (e < 0) return e;
        e = ReadString(a2, out var p2);
        if (e < 0) return e;
        long h1 = HostDir(d1, p1), h2 = HostDir(d2, p2);
        if (h1 < 0 && h1 != HostCalls.AT_FDCWD) return h1;
        if (h2 < 0 && h2 != HostCalls.AT_FDCWD) return h2;
        var b1 = Encoding.UTF8.GetBytes(p1 + "\0");
        var b2 = Encoding.UTF8.GetBytes(p2 + "\0");
        fixed (byte* q1 = b1) fixed (byte* q2 = b2) return call(h1, (long)q1, h2, (long)q2);
    }

    private long SymlinkAt(ulong targetAddr, int dirfd, ulong linkAddr)
    {
        int e = ReadString(targetAddr, out var target);
        if (e < 0) return e;
        return PathCall(dirfd, linkAddr, (h, p) =>
        {
            var tb = Encoding.UTF8.GetBytes(target + "\0");
            fixed (byte* t = tb) return HostCalls.Call(HostCalls.symlinkat, (long)t, h, p);
        });
    }

    // ------------------------------------------------------------------ files

    /// <summary>
    /// With other guest tasks around, a read that would block waits in short polls so that a
    /// signal from another task (kill, SIGCHLD) interrupts it: 0 when the descriptor is ready
    /// (or in error: the call itself reports it), else <see cref="Restart"/> or -EINTR.
    /// </summary>
    private long WaitUntilReady(int hostFd, short events)
    {
        if (_p.Kernel.LiveTasks <= 1) return 0;
        long fl = HostCalls.Call(HostCalls.fcntl, hostFd, 3 /* F_GETFL */, 0);
        if (fl < 0 || (fl & 0x800 /* O_NONBLOCK */) != 0) return 0;
        var pfd = stackalloc long[1];
        var ts = stackalloc long[2];
        bool first = true;
        while (true)
        {
            *pfd = (uint)hostFd | ((long)(ushort)events << 32);
            ts[0] = 0; ts[1] = first ? 0 : 100_000_000;
            first = false;
            long r = HostCalls.Call(HostCalls.ppoll, (long)pfd, 1, (long)ts, 0, 8);
            if (r > 0 || (r < 0 && r != -Errno.EINTR)) return 0;
            if (_p.Interrupted()) return InterruptedResult();
        }
    }

    /// <summary>nanosleep/clock_nanosleep in slices, so that a signal from another task ends it (EINTR, remaining time written).</summary>
    private long InterruptibleSleep(int clock, int flags, ulong reqAddr, ulong remAddr)
    {
        var req = new byte[16];
        if (!ReadGuest(reqAddr, req)) return -Errno.EFAULT;
        long sec = BinaryPrimitives.ReadInt64LittleEndian(req), nsec = BinaryPrimitives.ReadInt64LittleEndian(req.AsSpan(8));
        if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000) return -Errno.EINVAL;
        if (clock is not (0 or 1 or 7 or 2 or 3)) return -Errno.EINVAL;
        var now = stackalloc long[2];
        HostCalls.Call(HostCalls.clock_gettime, clock, (long)now);
        Int128 nowNs = (Int128)now[0] * 1_000_000_000 + now[1];
        Int128 reqNs = (Int128)sec * 1_000_000_000 + nsec;
        Int128 end = (flags & 1 /* TIMER_ABSTIME */) != 0 ? reqNs : nowNs + reqNs;
        var ts = stackalloc long[2];
        while (true)
        {
            HostCalls.Call(HostCalls.clock_gettime, clock, (long)now);
            Int128 left = end - ((Int128)now[0] * 1_000_000_000 + now[1]);
            if (left <= 0) return 0;
            long slice = (long)Int128.Min(left, 50_000_000);
            ts[0] = 0; ts[1] = slice;
            HostCalls.Call(HostCalls.nanosleep, (long)ts, 0);
            if (_p.Interrupted())
            {
                if (remAddr != 0 && (flags & 1) == 0)
                {
                    HostCalls.Call(HostCalls.clock_gettime, clock, (long)now);
                    Int128 rest = Int128.Max(0, end - ((Int128)now[0] * 1_000_000_000 + now[1]));
                    var rem = new byte[16];
                    BinaryPrimitives.WriteInt64LittleEndian(rem, (long)(rest / 1_000_000_000));
                    BinaryPrimitives.WriteInt64LittleEndian(rem.AsSpan(8), (long)(rest % 1_000_000_000));
                    if (!WriteGuest(remAddr, rem)) return -Errno.EFAULT;
                }
                return -Errno.EINTR;
            }
        }
    }

    private long Read(int fd, ulong buf, ulong count, long offset, bool positional)
    {
        if (!_p.Files.TryGetHost(fd, out int h)) return -Errno.EBADF;
        if (!positional)
        {
            long w = WaitUntilReady(h, 1 /* POLLIN */);
            if (w != 0) return w;
        }
        if (positional && offset < 0) return -Errno.EINVAL;
        count = Math.Min(count, MaxIo);
        if (count == 0) return positional ? HostCalls.Call(HostCalls.pread64, h, 0, 0, offset) : HostCalls.Call(HostCalls.read, h, 0, 0);
        // Like the kernel, transfer what fits in the accessible part of the buffer; EFAULT if none does.
        count = AccessiblePrefix(buf, count, MemAccess.Write);
        if (count == 0) return -Errno.EFAULT;
        var tmp = new byte[count];
        long r;
        fixed (byte* p = tmp)
            r = positional ? HostCalls.Call(HostCalls.pread64, h, (long)p, (long)count, offset) : HostCalls.Call(HostCalls.read, h, (long)p, (long)count);
        if (r > 0 && !WriteGuest(buf, tmp.AsSpan(0, (int)r))) return -Errno.EFAULT;
        return r;
    }

    private long Write(int fd, ulong buf, ulong count, long offset, bool positional)
    {
        if (!_p.Files.TryGetHost(fd, out int h)) return -Errno.EBADF;
        if (positional && offset < 0) return -Errno.EINVAL;
        count = Math.Min(count, MaxIo);
        if (count > 0)
        {
            count = AccessiblePrefix(buf, count, MemAccess.Read);
            if (count == 0) return -Errno.EFAULT;
        }
        var tmp = new byte[count];
        if (count > 0 && !ReadGuest(buf, tmp)) return -Errno.EFAULT;
        long r;
        fixed (byte* p = tmp)
            r = positional ? HostCalls.Call(HostCalls.pwrite64, h, (long)p, (long)count, offset) : HostCalls.Call(HostCalls.write, h, (long)p, (long)count);
        return BrokenPipe(r);
    }

    private long ReadIovecs(ulong iov, long count, out (ulong Base, ulong Len)[] vecs, out ulong total)
    {
        vecs = [];
        total = 0;
        if (count < 0 || count > 1024) return -Errno.EINVAL;
        var raw = new byte[count * 16];
        if (!ReadGuest(iov, raw)) return -Errno.EFAULT;
        vecs = new (ulong, ulong)[count];
        for (int i = 0; i < count; i++)
        {
            ulong b = BinaryPrimitives.ReadUInt64LittleEndian(raw.AsSpan(16 * i)), l = BinaryPrimitives.ReadUInt64LittleEndian(raw.AsSpan(16 * i + 8));
            if ((long)l < 0 || total + l < total || (long)(total + l) < 0) return -Errno.EINVAL;
            vecs[i] = (b, l);
            total += l;
        }
        return 0;
    }

    private long ReadV(int fd, ulong iov, long count)
    {
        if (!_p.Files.TryGetHost(fd, out int h)) return -Errno.EBADF;
        long w = WaitUntilReady(h, 1 /* POLLIN */);
        if (w != 0) return w;
        long e = ReadIovecs(iov, count, out var vecs, out ulong total);
        if (e < 0) return e;
        foreach (var (b, l) in vecs) if (!Accessible(b, l, MemAccess.Write)) return -Errno.EFAULT;
        total = Math.Min(total, MaxIo);
        var tmp = new byte[total];
        long r;
        fixed (byte* p = tmp) r = HostCalls.Call(HostCalls.read, h, (long)p, (long)total);
        if (r <= 0) return r;
        ulong done = 0;
        foreach (var (b, l) in vecs)
        {
            if (done >= (ulong)r) break;
            ulong n = Math.Min(l, (ulong)r - done);
            if (!WriteGuest(b, tmp.AsSpan((int)done, (int)n))) return -Errno.EFAULT;
            done += n;
        }
        return r;
    }

    private long WriteV(int fd, ulong iov, long count)
    {
        if (!_p.Files.TryGetHost(fd, out int h)) return -Errno.EBADF;
        long e = ReadIovecs(iov, count, out var vecs, out ulong total);
        if (e < 0) return e;
        total = Math.Min(total, MaxIo);
        var tmp = new byte[total];
        ulong done = 0;
        foreach (var (b, l) in vecs)
        {
            ulong n = Math.Min(l, total - done);
            if (n > 0 && !ReadGuest(b, tmp.AsSpan((int)done, (int)n))) return -Errno.EFAULT;
            done += n;
        }
        long r;
        fixed (byte* p = tmp) r = HostCalls.Call(HostCalls.write, h, (long)p, (long)total);
        return BrokenPipe(r);
    }

    /// <summary>A write to a pipe without readers raises SIGPIPE as well as failing with EPIPE.</summary>
    private long BrokenPipe(long r)
    {
        if (r == -Errno.EPIPE) _p.Send(new SigInfo(Sig.SIGPIPE, Sig.SI_USER, Pid: _p.Pid, Uid: Uid));
        return r;
    }

    private long OpenAt(int dirfd, ulong pathAddr, int flags, int mode)
    {
        if (ReadString(pathAddr, out var name) == 0 && (name == "/proc/self/cmdline" || name == $"/proc/{_p.Pid}/cmdline"))
            return OpenSynthetic("cmdline", Encoding.UTF8.GetBytes(string.Concat(_p.Arguments.Select(a => a + "\0"))));
        int hostFlags = HostCalls.OpenFlagsToHost(flags) | HostCalls.O_CLOEXEC;
        long r = (flags & (0x40 /* O_CREAT */ | 0x400000 /* O_TMPFILE */)) != 0
            ? WithUmask(() => PathCall(dirfd, pathAddr, (d, p) => HostCalls.Call(HostCalls.openat, d, p, hostFlags, mode)))
            : PathCall(dirfd, pathAddr, (d, p) => HostCalls.Call(HostCalls.openat, d, p, hostFlags, mode));
        return r < 0 ? r : _p.Files.Add((int)r, closeOnExec: (flags & HostCalls.O_CLOEXEC) != 0);
    }

    /// <summary>A read-only descriptor over generated contents (an anonymous host memfd), for emulated /proc files.</summary>
    private long OpenSynthetic(string name, byte[] contents)
    {
        var n = Encoding.ASCII.GetBytes(name + "\0");
        long fd;
        fixed (byte* p = n) fd = HostCalls.Call(HostCalls.memfd_create, (long)p, 1 /* MFD_CLOEXEC */);
        if (fd < 0) return fd;
        fixed (byte* c = contents) HostCalls.Call(HostCalls.write, fd, (long)c, contents.Length);
        HostCalls.Call(HostCalls.lseek, fd, 0, 0);
        return _p.Files.Add((int)fd);
    }

    private long PPoll(ulong fdsAddr, ulong nfds, ulong timeoutAddr, ulong sigmaskAddr, ulong sigsetSize)
    {
        if (nfds > FileTable.MaxFiles) return -Errno.EINVAL;
        var raw = new byte[nfds * 8];
        if (nfds > 0 && !ReadGuest(fdsAddr, raw)) return -Errno.EFAULT;
        byte[]? ts = null;
        if (timeoutAddr != 0)
        {
            ts = new byte[16];
            if (!ReadGuest(timeoutAddr, ts)) return -Errno.EFAULT;
        }
        if (sigmaskAddr != 0 && sigsetSize != 8) return -Errno.EINVAL;
        // Guest descriptors become host ones; unknown ones report POLLNVAL, negative ones are skipped.
        var host = (byte[])raw.Clone();
        int invalid = 0;
        for (int i = 0; i < (int)nfds; i++)
        {
            int g = BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(8 * i));
            int h = -1;
            if (g >= 0 && !_p.Files.TryGetHost(g, out h)) { h = -1; invalid++; BinaryPrimitives.WriteInt16LittleEndian(raw.AsSpan(8 * i + 6), 0x20); }
            else if (g >= 0) BinaryPrimitives.WriteInt16LittleEndian(raw.AsSpan(8 * i + 6), 0);
            else BinaryPrimitives.WriteInt16LittleEndian(raw.AsSpan(8 * i + 6), 0);
            BinaryPrimitives.WriteInt32LittleEndian(host.AsSpan(8 * i), h);
        }
        long r;
        if (invalid > 0)
        {
            // The kernel returns at once when a descriptor is invalid; poll the rest without waiting.
            ts = new byte[16];
        }
        fixed (byte* p = host) fixed (byte* t = ts) r = HostCalls.Call(HostCalls.ppoll, (long)p, (long)nfds, ts == null ? 0 : (long)t, 0, 8);
        if (r < 0) return r;
        for (int i = 0; i < (int)nfds; i++)
            if (BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(8 * i)) >= 0 && BinaryPrimitives.ReadInt16LittleEndian(raw.AsSpan(8 * i + 6)) != 0x20)
                host.AsSpan(8 * i + 6, 2).CopyTo(raw.AsSpan(8 * i + 6));
        if (nfds > 0 && !WriteGuest(fdsAddr, raw)) return -Errno.EFAULT;
        if (timeoutAddr != 0 && ts != null && invalid == 0) WriteGuest(timeoutAddr, ts);
        return r + invalid;
    }

    private long CloseRange(uint first, uint last, uint flags)
    {
        if (first > last) return -Errno.EINVAL;
        foreach (var g in _p.Files.GuestDescriptors.ToList())
            if ((uint)g >= first && (uint)g <= last && (flags & 4 /* CLOSE_RANGE_CLOEXEC */) == 0) _p.Files.Close(g);
        return 0;
    }

    private long FStatAt(int dirfd, ulong pathAddr, ulong statAddr, int flags)
    {
        var host = new byte[HostCalls.HostStatSize];
        long r;
        fixed (byte* b = host) { long bp = (long)b; r = PathCall(dirfd, pathAddr, (d, p) => HostCalls.Call(HostCalls.newfstatat, d, p, bp, flags)); }
        return r < 0 ? r : StoreStat(host, statAddr);
    }

    private long FStat(int fd, ulong statAddr)
    {
        if (!_p.Files.TryGetHost(fd, out int h)) return -Errno.EBADF;
        var host = new byte[HostCalls.HostStatSize];
        long r;
        fixed (byte* b = host) r = HostCalls.Call(HostCalls.fstat, h, (long)b);
        return r < 0 ? r : StoreStat(host, statAddr);
    }

    private long StoreStat(byte[] host, ulong guest)
    {
        var g = new byte[HostCalls.GuestStatSize];
        HostCalls.StatToGuest(host, g);
        return WriteGuest(guest, g) ? 0 : -Errno.EFAULT;
    }

    private long StatX(int dirfd, ulong pathAddr, int flags, uint mask, ulong buf)
    {
        var tmp = new byte[256];
        long r;
        fixed (byte* b = tmp) { long bp = (long)b; r = PathCall(dirfd, pathAddr, (d, p) => HostCalls.Call(HostCalls.statx, d, p, flags, mask, bp)); }
        if (r < 0) return r;
        return WriteGuest(buf, tmp) ? 0 : -Errno.EFAULT;
    }

    private long ReadLinkAt(int dirfd, ulong pathAddr, ulong buf, long size)
    {
        if (size <= 0) return -Errno.EINVAL;
        int e = ReadString(pathAddr, out var path);
        if (e < 0) return e;
        if (IsSelfExe(path))
        {
            var name = Encoding.UTF8.GetBytes(_p.ExecutablePath);
            int n = (int)Math.Min(name.Length, size);
            return WriteGuest(buf, name.AsSpan(0, n)) ? n : -Errno.EFAULT;
        }
        long len = Math.Min(size, PathMax);
        var tmp = new byte[len];
        long r;
        fixed (byte* b = tmp) { long bp = (long)b; r = PathCall(dirfd, pathAddr, (d, p) => HostCalls.Call(HostCalls.readlinkat, d, p, bp, len)); }
        if (r < 0) return r;
        return WriteGuest(buf, tmp.AsSpan(0, (int)r)) ? r : -Errno.EFAULT;
    }

    private long GetDents64(int fd, ulong buf, ulong count)
    {
        if (!_p.Files.TryGetHost(fd, out int h)) return -Errno.EBADF;
        count = Math.Min(count, 1ul << 20);
        if (!Accessible(buf, count, MemAccess.Write)) return -Errno.EFAULT;
        var tmp = new byte[count];
        long r;
        fixed (byte* b = tmp) r = HostCalls.Call(HostCalls.getdents64, h, (long)b, (long)count);
        if (r > 0 && !WriteGuest(buf, tmp.AsSpan(0, (int)r))) return -Errno.EFAULT;
        return r;
    }

    private long Fcntl(int fd, int cmd, ulong arg)
    {
        if (!_p.Files.TryGetHost(fd, out int h)) return -Errno.EBADF;
        switch (cmd)
        {
            case 0: // F_DUPFD
            case 1030: // F_DUPFD_CLOEXEC
            {
                if ((long)(int)arg < 0 || (int)arg >= FileTable.MaxFiles) return -Errno.EINVAL;
                long r = HostCalls.Call(HostCalls.fcntl, h, 1030, 3);
                return r < 0 ? r : _p.Files.Add((int)r, (int)arg, closeOnExec: cmd == 1030);
            }
            case 1: // F_GETFD
                return _p.Files.GetCloseOnExec(fd) ? 1 : 0;
            case 2: // F_SETFD
                _p.Files.SetCloseOnExec(fd, (arg & 1) != 0);
                return 0;
            case 3: // F_GETFL
            {
                long r = HostCalls.Call(HostCalls.fcntl, h, 3, 0);
                return r < 0 ? r : HostCalls.OpenFlagsToGuest((int)r);
            }
            case 4: // F_SETFL
                return HostCalls.Call(HostCalls.fcntl, h, 4, HostCalls.OpenFlagsToHost((int)arg));
            case 5: case 6: case 7: case 36: case 37: case 38: // F_GETLK, F_SETLK, F_SETLKW, F_OFD_*
            {
                var tmp = new byte[32];
                if (!ReadGuest(arg, tmp)) return -Errno.EFAULT;
                long r;
                fixed (byte* b = tmp) r = HostCalls.Call(HostCalls.fcntl, h, cmd, (long)b);
                if (r < 0) return r;
                if ((cmd == 5 || cmd == 36) && !WriteGuest(arg, tmp)) return -Errno.EFAULT;
                return r;
            }
            case 1031: case 1032: // F_SETPIPE_SZ, F_GETPIPE_SZ
                return HostCalls.Call(HostCalls.fcntl, h, cmd, (long)arg);
            default:
                return -Errno.EINVAL;
        }
    }

    private long Dup3(int oldFd, int newFd, int flags)
    {
        if (!_p.Files.TryGetHost(oldFd, out int h)) return -Errno.EBADF;
        if ((flags & ~HostCalls.O_CLOEXEC) != 0) return -Errno.EINVAL;
        if (oldFd == newFd) return -Errno.EINVAL;
        if (newFd < 0 || newFd >= FileTable.MaxFiles) return -Errno.EBADF;
        long r = HostCalls.Call(HostCalls.fcntl, h, 1030, 3);
        if (r < 0) return r;
        _p.Files.Set(newFd, (int)r, closeOnExec: (flags & HostCalls.O_CLOEXEC) != 0);
        return newFd;
    }

    private long Pipe2(ulong fdsAddr, int flags)
    {
        if ((flags & ~(HostCalls.O_CLOEXEC | 0x800 /* O_NONBLOCK */ | 0x10000 /* O_DIRECT (AArch64) */)) != 0) return -Errno.EINVAL;
        if (!Accessible(fdsAddr, 8, MemAccess.Write)) return -Errno.EFAULT;
        var fds = new int[2];
        long r;
        fixed (int* p = fds) r = HostCalls.Call(HostCalls.pipe2, (long)p, HostCalls.OpenFlagsToHost(flags) | HostCalls.O_CLOEXEC);
        if (r < 0) return r;
        bool cloexec = (flags & HostCalls.O_CLOEXEC) != 0;
        int g0 = _p.Files.Add(fds[0], closeOnExec: cloexec);
        if (g0 < 0) { HostCalls.Call(HostCalls.close, fds[1]); return g0; }
        int g1 = _p.Files.Add(fds[1], closeOnExec: cloexec);
        if (g1 < 0) { _p.Files.Close(g0); return g1; }
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(b, g0);
        BinaryPrimitives.WriteInt32LittleEndian(b[4..], g1);
        WriteGuest(fdsAddr, b);
        return 0;
    }

    private long Ioctl(int fd, uint request, ulong arg)
    {
        if (!_p.Files.TryGetHost(fd, out int h)) return -Errno.EBADF;
        int outSize = request switch
        {
            0x5401 => 36, // TCGETS
            0x5413 => 8,  // TIOCGWINSZ
            0x541B => 4,  // FIONREAD
            0x540F => 4,  // TIOCGPGRP
            _ => -1,
        };
        if (outSize > 0) return HostOut(arg, outSize, p => HostCalls.Call(HostCalls.ioctl, h, request, p));
        int inSize = request switch
        {
            0x5402 or 0x5403 or 0x5404 => 36, // TCSETS, TCSETSW, TCSETSF
            0x5414 => 8,  // TIOCSWINSZ
            0x5410 => 4,  // TIOCSPGRP
            0x5421 => 4,  // FIONBIO
            0x5450 or 0x5451 => 0, // FIONCLEX, FIOCLEX
            _ => -1,
        };
        if (inSize < 0) return -Errno.ENOTTY;
        var tmp = new byte[Math.Max(inSize, 1)];
        if (inSize > 0 && !ReadGuest(arg, tmp.AsSpan(0, inSize))) return -Errno.EFAULT;
        fixed (byte* b = tmp) return HostCalls.Call(HostCalls.ioctl, h, request, inSize > 0 ? (long)b : 0);
    }

    private long GetCwd(ulong buf, ulong size)
    {
        string cwd = CurrentDirectory;
        var bytes = Encoding.UTF8.GetBytes(cwd + "\0");
        if ((ulong)bytes.Length > size) return -Errno.ERANGE;
        return WriteGuest(buf, bytes) ? bytes.Length : -Errno.EFAULT;
    }

    /// <summary>The guest's current directory (a host path).</summary>
    public string CurrentDirectory
    {
        get
        {
            if (_cwdFd == HostCalls.AT_FDCWD) return Directory.GetCurrentDirectory();
            var link = Encoding.UTF8.GetBytes($"/proc/self/fd/{_cwdFd}\0");
            var tmp = new byte[PathMax];
            long r;
            fixed (byte* l = link) fixed (byte* b = tmp) r = HostCalls.Call(HostCalls.readlinkat, HostCalls.AT_FDCWD, (long)l, (long)b, PathMax);
            return r < 0 ? Directory.GetCurrentDirectory() : Encoding.UTF8.GetString(tmp, 0, (int)r);
        }
    }

    private long ChDir(ulong pathAddr)
    {
        int e = ReadString(pathAddr, out var path);
        if (e < 0) return e;
        long dir = HostDir(HostCalls.AT_FDCWD, path);
        return SetCwd((int)dir, path);
    }

    private long SetCwd(int dir, string path)
    {
        int fd = OpenHostPath(dir, path, HostCalls.O_PATH | HostCalls.X64_O_DIRECTORY_FLAG | HostCalls.O_CLOEXEC);
        if (fd < 0) return fd;
        // Search permission is needed to enter a directory.
        var dot = Encoding.UTF8.GetBytes(".\0");
        long ok;
        fixed (byte* p = dot) ok = HostCalls.Call(HostCalls.faccessat, fd, (long)p, 1 /* X_OK */);
        if (ok < 0) { HostCalls.Call(HostCalls.close, fd); return ok; }
        if (_cwdFd >= 0) HostCalls.Call(HostCalls.close, _cwdFd);
        _cwdFd = fd;
        return 0;
    }

    // ------------------------------------------------------------------ process and time

    private long Uname(ulong buf)
    {
        var host = new byte[390];
        fixed (byte* b = host) HostCalls.Call(HostCalls.uname, (long)b);
        var g = new byte[390];
        host.CopyTo(g, 0);
        var machine = g.AsSpan(4 * 65, 65);
        machine.Clear();
        Encoding.ASCII.GetBytes("aarch64").CopyTo(machine);
        return WriteGuest(buf, g) ? 0 : -Errno.EFAULT;
    }

    private long Prlimit(int pid, int resource, ulong newAddr, ulong oldAddr)
    {
        if (pid != 0 && pid != _p.Pid) return -Errno.ESRCH;
        if (resource < 0 || resource >= 16) return -Errno.EINVAL;
        if (newAddr != 0)
        {
            var nl = new byte[16];
            if (!ReadGuest(newAddr, nl)) return -Errno.EFAULT;
            if (BinaryPrimitives.ReadUInt64LittleEndian(nl) > BinaryPrimitives.ReadUInt64LittleEndian(nl.AsSpan(8))) return -Errno.EINVAL;
            // New limits are accepted but not applied to the host process (it also runs the emulator).
        }
        if (oldAddr == 0) return 0;
        if (resource == 3 /* RLIMIT_STACK */)
        {
            var st = new byte[16];
            fixed (byte* b = st) HostCalls.Call(HostCalls.prlimit64, 0, resource, 0, (long)b);
            return WriteGuest(oldAddr, st) ? 0 : -Errno.EFAULT;
        }
        return HostOut(oldAddr, 16, p => HostCalls.Call(HostCalls.prlimit64, 0, resource, 0, p));
    }

    private long GetRandom(ulong buf, ulong len, uint flags)
    {
        if ((flags & ~7u) != 0 || (flags & 6) == 6) return -Errno.EINVAL;
        len = Math.Min(len, 33554431);
        if (!Accessible(buf, len, MemAccess.Write)) return -Errno.EFAULT;
        var tmp = new byte[len];
        RandomNumberGenerator.Fill(tmp);
        return WriteGuest(buf, tmp) ? (long)len : -Errno.EFAULT;
    }

    private long GetTimeOfDay(ulong tv, ulong tz)
    {
        if (tv != 0)
        {
            long r = HostOut(tv, 16, p => HostCalls.Call(HostCalls.gettimeofday, p, 0));
            if (r < 0) return r;
        }
        if (tz != 0 && !WriteGuest(tz, new byte[8])) return -Errno.EFAULT;
        return 0;
    }

    private long Sleep(ulong reqAddr, ulong remAddr, Func<(long req, long rem), long> call)
    {
        var req = new byte[16];
        if (!ReadGuest(reqAddr, req)) return -Errno.EFAULT;
        var rem = new byte[16];
        long r;
        fixed (byte* q = req) fixed (byte* m = rem) r = call(((long)q, (long)m));
        if (r == -Errno.EINTR && remAddr != 0 && !WriteGuest(remAddr, rem)) return -Errno.EFAULT;
        return r;
    }

    private long SchedGetAffinity(int pid, ulong len, ulong mask)
    {
        if (pid != 0 && pid != _p.Pid) return -Errno.ESRCH;
        if (len > 1 << 16) len = 1 << 16;
        var tmp = new byte[len];
        long r;
        fixed (byte* b = tmp) r = HostCalls.Call(HostCalls.sched_getaffinity, 0, (long)len, (long)b);
        if (r < 0) return r;
        return WriteGuest(mask, tmp.AsSpan(0, (int)r)) ? r : -Errno.EFAULT;
    }

    private long Prctl(int option, ulong arg2)
    {
        switch (option)
        {
            case 15: // PR_SET_NAME
                return ReadString(arg2, out _, 16) == -Errno.EFAULT ? -Errno.EFAULT : 0;
            case 16: // PR_GET_NAME
            {
                var name = new byte[16];
                Encoding.UTF8.GetBytes(Path.GetFileName(_p.ExecutablePath).AsSpan(0, Math.Min(15, Path.GetFileName(_p.ExecutablePath).Length)), name);
                return WriteGuest(arg2, name) ? 0 : -Errno.EFAULT;
            }
            default:
                return -Errno.EINVAL;
        }
    }

    private long Futex(ulong uaddr, int op, uint val, ulong timeout, ulong uaddr2, uint val3)
    {
        int cmd = op & 0x7F;
        switch (cmd)
        {
            case 0: // FUTEX_WAIT
            case 9: // FUTEX_WAIT_BITSET
            {
                if ((uaddr & 3) != 0) return -Errno.EINVAL;
                if (cmd == 9 && val3 == 0) return -Errno.EINVAL;
                if (!Mem.TryRead32(uaddr, out uint current)) return -Errno.EFAULT;
                if (current != val) return -Errno.EAGAIN;
                long deadline = long.MaxValue;
                if (timeout != 0)
                {
                    var ts = new byte[16];
                    if (!ReadGuest(timeout, ts)) return -Errno.EFAULT;
                    long sec = BinaryPrimitives.ReadInt64LittleEndian(ts), nsec = BinaryPrimitives.ReadInt64LittleEndian(ts.AsSpan(8));
                    if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000) return -Errno.EINVAL;
                    long rel = sec * 1_000_000_000 + nsec; // nanoseconds
                    if (cmd == 9)
                    {
                        // An absolute time on CLOCK_MONOTONIC, or CLOCK_REALTIME with FUTEX_CLOCK_REALTIME.
                        var now = new byte[16];
                        fixed (byte* n = now) HostCalls.Call(HostCalls.clock_gettime, (op & 256) != 0 ? 0 : 1, (long)n);
                        long nowNs = BinaryPrimitives.ReadInt64LittleEndian(now) * 1_000_000_000 + BinaryPrimitives.ReadInt64LittleEndian(now.AsSpan(8));
                        rel = Math.Max(0, rel - nowNs);
                    }
                    deadline = DateTime.UtcNow.Ticks + Math.Min(rel / 100, TimeSpan.MaxValue.Ticks / 4);
                }
                else if (_p.Kernel.LiveTasks <= 1)
                    throw new GuestExecutionException($"deadlock: futex wait on 0x{uaddr:x} with no other thread to wake it");
                var turn = _p.Mm.Turn;
                bool held = turn.HeldByCurrentThread;
                long r = _p.Kernel.Futexes.Wait(Mem, uaddr, val, cmd == 9 ? val3 : uint.MaxValue, deadline, _p.Interrupted,
                    () => { if (held) turn.Exit(); }, () => { if (held) turn.Enter(); });
                return r == 1 ? InterruptedResult() : r;
            }
            case 1: // FUTEX_WAKE
            case 10: // FUTEX_WAKE_BITSET
                if ((uaddr & 3) != 0) return -Errno.EINVAL;
                if (cmd == 10 && val3 == 0) return -Errno.EINVAL;
                return _p.Kernel.Futexes.Wake(Mem, uaddr, (int)Math.Min(val, int.MaxValue), cmd == 10 ? val3 : uint.MaxValue);
            case 3: // FUTEX_REQUEUE
            case 4: // FUTEX_CMP_REQUEUE: waiters are woken instead of moved (a spurious wake-up is allowed)
            {
                if ((uaddr & 3) != 0 || (uaddr2 & 3) != 0) return -Errno.EINVAL;
                if (cmd == 4)
                {
                    if (!Mem.TryRead32(uaddr, out uint cur)) return -Errno.EFAULT;
                    if (cur != val3) return -Errno.EAGAIN;
                }
                long moved = (long)Math.Min(timeout, int.MaxValue); // val2 travels in the timeout argument
                int woken = _p.Kernel.Futexes.Wake(Mem, uaddr, (int)Math.Min((long)val + moved, int.MaxValue), uint.MaxValue);
                return woken;
            }
            default:
                return -Errno.ENOSYS;
        }
    }

    // ------------------------------------------------------------------ processes

    /// <summary>Runs a call that creates files with this process's umask in force on the host.</summary>
    private long WithUmask(Func<long> call)
    {
        if (_p.Umask == LinuxProcess.HostUmask) return call();
        lock (UmaskLock)
        {
            long old = HostCalls.Call(HostCalls.umask, _p.Umask);
            try { return call(); }
            finally { HostCalls.Call(HostCalls.umask, old); }
        }
    }

    private static readonly object UmaskLock = new();

    /// <summary>utimensat(dirfd, path, times[2], flags): timespecs have the same layout on both; a null path names dirfd itself.</summary>
    private long UtimensAt(int dirfd, ulong pathAddr, ulong timesAddr, int flags)
    {
        byte[]? times = null;
        if (timesAddr != 0)
        {
            times = new byte[32];
            if (!ReadGuest(timesAddr, times)) return -Errno.EFAULT;
        }
        fixed (byte* t = times)
        {
            long tp = times == null ? 0 : (long)t;
            if (pathAddr == 0)
                return WithFd(dirfd, h => HostCalls.Call(HostCalls.utimensat, h, 0, tp, flags));
            return PathCall(dirfd, pathAddr, (d, p) => HostCalls.Call(HostCalls.utimensat, d, p, tp, flags));
        }
    }

    /// <summary>Reads a NULL-terminated array of string pointers (argv, envp).</summary>
    private int ReadStringArray(ulong address, List<string> list)
    {
        if (address == 0) return 0;
        for (int i = 0; i < 65536; i++)
        {
            if (!Mem.TryRead64(address + 8 * (ulong)i, out ulong p)) return -Errno.EFAULT;
            if (p == 0) return 0;
            int e = ReadString(p, out var str, 1 << 17);
            if (e < 0) return e == -Errno.ENAMETOOLONG ? -Errno.E2BIG : e;
            list.Add(str);
        }
        return -Errno.E2BIG;
    }

    private long Execve(ulong pathAddr, ulong argvAddr, ulong envpAddr)
    {
        int e = ReadString(pathAddr, out var path);
        if (e < 0) return e;
        if (path.Length == 0) return -Errno.ENOENT;
        var argv = new List<string>();
        var envp = new List<string>();
        e = ReadStringArray(argvAddr, argv);
        if (e < 0) return e;
        e = ReadStringArray(envpAddr, envp);
        if (e < 0) return e;
        long r = _p.Exec(path, argv, envp);
        return r < 0 ? r : NoReturn;
    }

    /// <summary>waitid(idtype, id, infop, options, rusage) for exited children (P_ALL, P_PID, P_PGID), through wait4.</summary>
    private long WaitId(int idType, int id, ulong infop, int options, ulong rusage)
    {
        const int WEXITED = 4, WNOWAIT = 0x01000000;
        if ((options & WEXITED) == 0 || (options & WNOWAIT) != 0) return -Errno.EINVAL;
        int pid = idType switch { 0 => -1, 1 => id, 2 => -1, _ => int.MinValue };
        if (pid == int.MinValue) return -Errno.EINVAL;
        long r = _p.Wait4(pid, 0, options & 1 /* WNOHANG */, 0, out int status);
        if (r < 0 || r == Restart) return r;
        if (infop != 0)
        {
            var info = new byte[128];
            if (r > 0)
            {
                bool signalled = (status & 0x7F) != 0;
                BinaryPrimitives.WriteInt32LittleEndian(info, Sig.SIGCHLD);
                BinaryPrimitives.WriteInt32LittleEndian(info.AsSpan(8), signalled ? ((status & 0x80) != 0 ? 3 : 2) : 1);
                BinaryPrimitives.WriteInt32LittleEndian(info.AsSpan(16), (int)r);
                BinaryPrimitives.WriteUInt32LittleEndian(info.AsSpan(20), Uid);
                BinaryPrimitives.WriteInt32LittleEndian(info.AsSpan(24), signalled ? status & 0x7F : (status >> 8) & 0xFF);
            }
            if (!WriteGuest(infop, info)) return -Errno.EFAULT;
        }
        if (rusage != 0 && !WriteGuest(rusage, new byte[144])) return -Errno.EFAULT;
        return 0;
    }

    public void Dispose()
    {
        if (_cwdFd >= 0) HostCalls.Call(HostCalls.close, _cwdFd);
        _cwdFd = -1;
    }
}
