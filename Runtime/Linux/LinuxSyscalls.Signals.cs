using System.Buffers.Binary;
using System.Text;

namespace A64Jit.Runtime.Linux;

public sealed unsafe partial class LinuxSyscalls
{
    private long SigActionCall(int sig, ulong act, ulong oact, ulong sigsetSize)
    {
        if (sigsetSize != 8) return -Errno.EINVAL;
        if (sig < 1 || sig > Sig.NSIG) return -Errno.EINVAL;
        SigAction? newAction = null;
        if (act != 0)
        {
            var b = new byte[32];
            if (!ReadGuest(act, b)) return -Errno.EFAULT;
            newAction = new SigAction(BinaryPrimitives.ReadUInt64LittleEndian(b), BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(8)),
                BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(16)), BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(24)) & ~Sig.Unblockable);
            if (sig == Sig.SIGKILL || sig == Sig.SIGSTOP) return -Errno.EINVAL;
        }
        var old = _p.Signals.Actions[sig];
        if (newAction is { } na)
        {
            _p.Signals.Actions[sig] = na;
            // Ignoring a signal discards it if pending.
            if (na.Handler == Sig.SIG_IGN || (na.Handler == Sig.SIG_DFL && Sig.Default(sig) == Sig.DefaultAction.Ignore))
                _p.Signals.Pending &= ~Sig.Bit(sig);
        }
        if (oact != 0)
        {
            var b = new byte[32];
            BinaryPrimitives.WriteUInt64LittleEndian(b, old.Handler);
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(8), old.Flags);
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(16), old.Restorer);
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(24), old.Mask);
            if (!WriteGuest(oact, b)) return -Errno.EFAULT;
        }
        return 0;
    }

    private long SigProcMask(int how, ulong set, ulong oset, ulong sigsetSize)
    {
        if (sigsetSize != 8) return -Errno.EINVAL;
        ulong old = _p.Signals.Blocked;
        if (set != 0)
        {
            Span<byte> b = stackalloc byte[8];
            if (!ReadGuest(set, b)) return -Errno.EFAULT;
            ulong m = BinaryPrimitives.ReadUInt64LittleEndian(b) & ~Sig.Unblockable;
            switch (how)
            {
                case Sig.SIG_BLOCK: _p.Signals.Blocked |= m; break;
                case Sig.SIG_UNBLOCK: _p.Signals.Blocked &= ~m; break;
                case Sig.SIG_SETMASK: _p.Signals.Blocked = m; break;
                default: return -Errno.EINVAL;
            }
        }
        if (oset != 0 && WriteU64(oset, old) < 0) return -Errno.EFAULT;
        return 0;
    }

    private long SigAltStack(ulong ss, ulong oss)
    {
        var st = _p.Signals;
        ulong sp = _p.Cpu.State->X[31];
        bool on = st.OnAltStack(sp);
        var old = new byte[24];
        BinaryPrimitives.WriteUInt64LittleEndian(old, st.AltStackSp);
        BinaryPrimitives.WriteInt32LittleEndian(old.AsSpan(8), st.AltStackFlags == Sig.SS_DISABLE ? Sig.SS_DISABLE : on ? Sig.SS_ONSTACK : 0);
        BinaryPrimitives.WriteUInt64LittleEndian(old.AsSpan(16), st.AltStackSize);
        if (ss != 0)
        {
            var b = new byte[24];
            if (!ReadGuest(ss, b)) return -Errno.EFAULT;
            ulong nsp = BinaryPrimitives.ReadUInt64LittleEndian(b);
            int flags = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(8));
            ulong size = BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(16));
            if (on) return -Errno.EPERM;
            int mode = flags & ~unchecked((int)0x8000_0000) /* SS_AUTODISARM */;
            if (mode != 0 && mode != Sig.SS_DISABLE && mode != Sig.SS_ONSTACK) return -Errno.EINVAL;
            if (mode == Sig.SS_DISABLE) { st.AltStackSp = 0; st.AltStackSize = 0; st.AltStackFlags = Sig.SS_DISABLE; }
            else
            {
                if (size < Sig.MINSIGSTKSZ) return -Errno.ENOMEM;
                st.AltStackSp = nsp; st.AltStackSize = size; st.AltStackFlags = 0;
            }
        }
        if (oss != 0 && !WriteGuest(oss, old)) return -Errno.EFAULT;
        return 0;
    }

    private long Kill(int pid, int sig)
    {
        if (sig < 0 || sig > Sig.NSIG) return -Errno.EINVAL;
        var info = new SigInfo(sig, Sig.SI_USER, Pid: _p.Pid, Uid: Uid);
        if (pid > 0)
        {
            if (pid == _p.Pid) { if (sig != 0) _p.Send(info); return 0; }
            var t = _p.Kernel.FindTask(pid);
            // Host processes outside the guest's tree are never touched (EPERM, as for a process of another user).
            if (t == null) return Directory.Exists($"/proc/{pid}") ? -Errno.EPERM : -Errno.ESRCH;
            if (t.Tid != t.Pid || t.ExitStatus != null) return -Errno.ESRCH;
            return _p.SignalProcess(t.Group, info) ? 0 : -Errno.ESRCH;
        }
        if (pid == int.MinValue) return -Errno.ESRCH;
        // 0, -1 and -pgid: the guest processes form one process group; -1 spares the caller.
        bool any = false;
        foreach (var g in _p.Kernel.Groups())
        {
            if (pid == -1 && g == _p.Group) continue;
            if (g == _p.Group) continue; // the caller last, so that a fatal signal reaches the others first
            any |= _p.SignalProcess(g, info);
        }
        if (pid != -1) { if (sig != 0) _p.Send(info); any = true; }
        return any ? 0 : -Errno.ESRCH;
    }

    private long TgKill(int tgid, int tid, int sig)
    {
        if (sig < 0 || sig > Sig.NSIG || tid <= 0 || (tgid <= 0 && tgid != -1)) return -Errno.EINVAL;
        var t = tid == _p.Tid ? _p : _p.Kernel.FindTask(tid);
        if (t == null || t.Finished || (tgid != -1 && t.Pid != tgid)) return -Errno.ESRCH;
        _p.SignalThread(t, new SigInfo(sig, Sig.SI_TKILL, Pid: _p.Pid, Uid: Uid));
        return 0;
    }

    // ------------------------------------------------------------------ strace

    private static readonly Dictionary<long, int> Arity = BuildArity();

    private static Dictionary<long, int> BuildArity()
    {
        var d = new Dictionary<long, int>();
        void A(int n, params int[] nrs) { foreach (var x in nrs) d[x] = n; }
        A(0, Sys.getpid, Sys.getppid, Sys.gettid, Sys.getuid, Sys.geteuid, Sys.getgid, Sys.getegid, Sys.sched_yield, Sys.rt_sigreturn);
        A(1, Sys.close, Sys.dup, Sys.exit, Sys.exit_group, Sys.brk, Sys.umask, Sys.uname, Sys.sysinfo, Sys.set_tid_address, Sys.chdir, Sys.fchdir, Sys.fsync, Sys.fdatasync, Sys.times);
        A(2, Sys.munmap, Sys.fstat, Sys.getcwd, Sys.clock_gettime, Sys.clock_getres, Sys.gettimeofday, Sys.nanosleep, Sys.set_robust_list, Sys.sigaltstack, Sys.kill, Sys.tkill, Sys.pipe2, Sys.ftruncate, Sys.getrlimit, Sys.setrlimit, Sys.getrusage, Sys.rt_sigpending);
        A(3, Sys.read, Sys.write, Sys.readv, Sys.writev, Sys.lseek, Sys.ioctl, Sys.fcntl, Sys.dup3, Sys.mprotect, Sys.madvise, Sys.getdents64, Sys.mkdirat, Sys.unlinkat, Sys.faccessat, Sys.tgkill, Sys.sched_getaffinity, Sys.sched_setaffinity, Sys.getrandom, Sys.getresuid, Sys.getresgid);
        A(3, Sys.execve);
        A(2, Sys.rt_sigsuspend);
        A(4, Sys.utimensat);
        A(5, Sys.clone, Sys.waitid);
        A(4, Sys.pread64, Sys.pwrite64, Sys.openat, Sys.newfstatat, Sys.readlinkat, Sys.renameat, Sys.rt_sigaction, Sys.rt_sigprocmask, Sys.clock_nanosleep, Sys.prlimit64, Sys.wait4, Sys.faccessat2);
        A(5, Sys.statx, Sys.mremap, Sys.prctl);
        A(6, Sys.mmap, Sys.futex);
        return d;
    }

    private string Format(long nr, long? result, ulong a0, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5)
    {
        var sb = new StringBuilder();
        sb.Append(_p.Tid).Append(' ').Append(Sys.Name(nr)).Append('(');
        int n = Arity.TryGetValue(nr, out int k) ? k : 6;
        ulong[] a = [a0, a1, a2, a3, a4, a5];
        for (int i = 0; i < n; i++)
        {
            if (i > 0) sb.Append(',');
            bool isPath = (i == 1 && nr is Sys.openat or Sys.newfstatat or Sys.readlinkat or Sys.faccessat or Sys.faccessat2 or Sys.mkdirat or Sys.unlinkat or Sys.statx or Sys.utimensat)
                || (i == 0 && nr is Sys.chdir or Sys.execve);
            if (isPath && ReadString(a[i], out var str) == 0) sb.Append('"').Append(str).Append('"');
            else if (a[i] < 4096) sb.Append(a[i]);
            else if ((long)a[i] < 0 && (long)a[i] > -4096) sb.Append((long)a[i]);
            else sb.Append("0x").Append(a[i].ToString("x"));
        }
        sb.Append(") = ");
        if (result is not long r) sb.Append('?');
        else if (r < 0 && r > -4096) sb.Append("-1 errno=").Append(-r).Append(" (").Append(ErrnoName((int)-r)).Append(')');
        else if (nr is Sys.mmap or Sys.brk or Sys.mremap) sb.Append("0x").Append(r.ToString("x"));
        else sb.Append(r);
        return sb.ToString();
    }

    private static string ErrnoName(int e)
    {
        foreach (var f in typeof(Errno).GetFields())
            if (f.IsLiteral && (int)f.GetRawConstantValue()! == e) return f.Name;
        return "errno " + e;
    }
}
