using System.Buffers.Binary;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Runtime.Execution;

namespace A64Jit.Runtime.Linux;

// Processes and threads: clone, execve, exit, wait4 and signals between tasks.
public sealed unsafe partial class LinuxProcess
{
    private bool _disposed;
    private bool _released;
    private bool _ownsEngine;
    private readonly List<IExecutionEngine> _retiredEngines = new();
    private readonly List<AddressSpace> _retiredSpaces = new();
    // An address space left by execve, whose turn the run loop still holds.
    private AddressSpace? _execLeft;
    private TurnLock? _heldTurn;

    /// <summary>This thread has ended (exit), while its process may go on.</summary>
    internal bool ThreadExited { get; private set; }

    /// <summary>The task's loop must end: its thread exited or its process ended.</summary>
    internal bool Finished => ThreadExited || Group.ExitStatus != null;

    /// <summary>CLONE_CHILD_CLEARTID / set_tid_address: zeroed and woken when the thread ends.</summary>
    internal ulong ClearChildTid { get; set; }

    /// <summary>Set for a vfork child: the parent sleeps until the child execs or ends.</summary>
    private ManualResetEventSlim? _vforkDone;

    /// <summary>The file mode creation mask of this process (applied to files and directories it creates).</summary>
    public int Umask { get; set; }

    /// <summary>The host's umask when the emulator started.</summary>
    public static readonly int HostUmask = ReadHostUmask();

    private static int ReadHostUmask()
    {
        if (!HostCalls.Supported) return 0x12;
        int old = (int)HostCalls.Call(HostCalls.umask, 0x12);
        HostCalls.Call(HostCalls.umask, old);
        return old;
    }

    /// <summary>A task made by clone: a thread of <paramref name="parent"/>'s process or a new process.</summary>
    private LinuxProcess(LinuxProcess parent, ThreadGroup group, AddressSpace mm, CpuContext cpu, SignalState signals, int tid)
    {
        Options = parent.Options;
        ExecutablePath = parent.ExecutablePath;
        Kernel = parent.Kernel;
        Tid = tid;
        Group = group;
        Mm = mm;
        Cpu = cpu;
        Signals = signals;
        Image = parent.Image;
        Arguments = parent.Arguments;
        HwCaps = parent.HwCaps;
        Umask = parent.Umask;
        Syscalls = new LinuxSyscalls(this, parent.Syscalls);
    }

    // ------------------------------------------------------------------ running

    /// <summary>The run loop of a task: holds the address space's turn while guest code runs.</summary>
    private void RunTask()
    {
        _heldTurn = Mm.Turn;
        _heldTurn.Enter();
        try
        {
            while (!Finished)
            {
                var engine = Engine!;
                // Threads sharing an address space take turns; shorter slices keep them responsive.
                ulong budget = Mm.Users > 1 ? Math.Max(1, Options.SliceBudget >> 4) : Options.SliceBudget;
                var reason = engine.Run(budget);
                HandleStop(reason);
                if (_execLeft != null) SwitchAfterExec();
                if (_heldTurn.Contended && !Finished)
                {
                    // A switch clears the local exclusive monitor, as an exception return does.
                    Cpu.State->ExclusiveSize = 0;
                    _heldTurn.Exit();
                    _heldTurn.Enter();
                }
            }
        }
        finally
        {
            _heldTurn.Exit();
            _heldTurn = null;
        }
    }

    /// <summary>After a successful execve: the new image gets its own engine; the old address space is let go.</summary>
    private void SwitchAfterExec()
    {
        var old = _execLeft!;
        _execLeft = null;
        var oldEngine = Engine;
        Engine = Kernel.EngineFactory!(Cpu, Memory);
        if (oldEngine != null)
        {
            if (_ownsEngine) oldEngine.Dispose();
            else _retiredEngines.Add(oldEngine); // the caller of Run disposes it (and then us)
        }
        bool owned = _ownsEngine;
        _ownsEngine = true;
        _heldTurn!.Exit();
        if (owned) old.Release(); else _retiredSpaces.Add(old);
        _heldTurn = Mm.Turn;
        _heldTurn.Enter();
    }

    /// <summary>The host thread of a task made by clone.</summary>
    private void ThreadMain()
    {
        try
        {
            Engine = Kernel.EngineFactory!(Cpu, Memory);
            _ownsEngine = true;
            RunTask();
        }
        catch (Exception ex)
        {
            string what = ex is GuestExecutionException ? ex.Message : $"internal error at guest pc 0x{SafePc():x}: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}";
            try { Console.Error.WriteLine($"a64jit: process {Pid}: {what}"); } catch (IOException) { }
            Terminate(Sig.SIGKILL, false);
        }
        finally
        {
            EndTask();
        }
    }

    private ulong SafePc()
    {
        try { return Cpu.State->PC; } catch (ObjectDisposedException) { return 0; }
    }

    /// <summary>Cleans up a task made by clone once its loop ended (the first task is cleaned up by Dispose).</summary>
    private void EndTask()
    {
        lock (Kernel.TreeLock)
        {
            Group.Threads.Remove(this);
            Monitor.PulseAll(Kernel.TreeLock);
        }
        if (Tid == Kernel.FirstPid) { Syscalls.FlushSharedMappings(); return; } // the first task: Dispose does the rest
        if (_disposed) return;
        _disposed = true;
        Syscalls.FlushSharedMappings();
        Kernel.Unregister(this);
        if (_ownsEngine) Engine?.Dispose();
        Engine = null;
        Syscalls.Dispose();
        if (!_released) { _released = true; Mm.Release(); }
        Cpu.Dispose();
    }

    // ------------------------------------------------------------------ clone

    private const ulong CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400, CLONE_SIGHAND = 0x800, CLONE_PIDFD = 0x1000,
        CLONE_PTRACE = 0x2000, CLONE_VFORK = 0x4000, CLONE_PARENT = 0x8000, CLONE_THREAD = 0x10000, CLONE_SYSVSEM = 0x40000,
        CLONE_SETTLS = 0x80000, CLONE_PARENT_SETTID = 0x100000, CLONE_CHILD_CLEARTID = 0x200000, CLONE_DETACHED = 0x400000,
        CLONE_UNTRACED = 0x800000, CLONE_CHILD_SETTID = 0x0100_0000;
    private const ulong Supported = 0xFF | CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_PTRACE | CLONE_VFORK | CLONE_PARENT
        | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_DETACHED | CLONE_UNTRACED | CLONE_CHILD_SETTID;

    /// <summary>
    /// clone(flags, newsp, parent_tid, tls, child_tid) (AArch64 argument order). Without
    /// CLONE_VM the child gets a copy of the address space (fork); CLONE_VM|CLONE_THREAD makes a
    /// thread sharing memory and descriptors; CLONE_VM without CLONE_THREAD (vfork,
    /// posix_spawn) shares the memory until the child execs or exits. Returns the child's id.
    /// </summary>
    internal long Clone(ulong flags, ulong newSp, ulong parentTid, ulong tls, ulong childTid)
    {
        if ((flags & ~Supported) != 0) return -Errno.EINVAL;
        bool thread = (flags & CLONE_THREAD) != 0;
        if (thread && (flags & CLONE_SIGHAND) == 0) return -Errno.EINVAL;
        if ((flags & CLONE_SIGHAND) != 0 && (flags & CLONE_VM) == 0) return -Errno.EINVAL;
        if (thread && (flags & CLONE_FILES) == 0) return -Errno.EINVAL; // a thread without the process's descriptor table is not modelled
        if (Kernel.EngineFactory == null) return -Errno.EAGAIN;
        if (Kernel.LiveTasks >= 4096) return -Errno.EAGAIN;

        int tid = Kernel.AllocateId();
        AddressSpace mm;
        if ((flags & CLONE_VM) != 0) { mm = Mm; mm.AddUser(); }
        else
        {
            GuestMemory copy;
            try { copy = Memory.Clone(); }
            catch (OutOfMemoryException) { return -Errno.ENOMEM; }
            mm = new AddressSpace(copy) { BrkStart = Mm.BrkStart, Brk = Mm.Brk, StackLimit = Mm.StackLimit };
        }
        ThreadGroup group;
        if (thread) group = Group;
        else
        {
            group = new ThreadGroup(tid, Files.CloneForFork());
            group.Parent = (flags & CLONE_PARENT) != 0 ? Group.Parent : Group;
        }
        var cpu = new CpuContext();
        var s = cpu.State;
        *s = *Cpu.State;
        s->X[0] = 0;
        s->PC += 4;
        s->InstructionsRetired++;
        s->ExclusiveSize = 0;
        s->StopRequest = 0;
        if (newSp != 0) s->X[31] = newSp;
        if ((flags & CLONE_SETTLS) != 0) s->TpidrEl0 = tls;

        var child = new LinuxProcess(this, group, mm, cpu, Signals.CopyForChild(thread), tid);
        if ((flags & CLONE_CHILD_CLEARTID) != 0) child.ClearChildTid = childTid;
        if ((flags & CLONE_PARENT_SETTID) != 0 && parentTid != 0 && !Memory.TryWrite32(parentTid, (uint)tid)) { }
        if ((flags & CLONE_CHILD_SETTID) != 0 && childTid != 0) child.Memory.TryWrite32(childTid, (uint)tid);
        bool vfork = (flags & CLONE_VFORK) != 0;
        if (vfork) child._vforkDone = new ManualResetEventSlim(false);

        lock (Kernel.TreeLock)
        {
            if (thread) Group.Threads.Add(child);
            else
            {
                group.Leader = child;
                group.Threads.Add(child);
                group.Parent?.Children.Add(group);
            }
        }
        Kernel.Register(child);
        var host = new Thread(child.ThreadMain, 16 << 20) { IsBackground = true, Name = $"guest task {tid}" };
        host.Start();

        if (vfork)
        {
            // The parent sleeps (without its turn: the child runs in the same memory) until the child execs or ends.
            bool held = Mm.Turn.HeldByCurrentThread;
            if (held) Mm.Turn.Exit();
            try { child._vforkDone!.Wait(); }
            finally { if (held) Mm.Turn.Enter(); }
        }
        return tid;
    }

    // ------------------------------------------------------------------ execve

    /// <summary>execve: replaces the image of this process. Returns a negative errno, or 0 once the new image is in place.</summary>
    internal long Exec(string path, IReadOnlyList<string> argv, IReadOnlyList<string> envp)
    {
        string hostPath = path == "/proc/self/exe" || path == $"/proc/{Pid}/exe" ? ExecutablePath
            : path.StartsWith('/') ? path : Path.Combine(Syscalls.CurrentDirectory, path);
        long access = Syscalls.HostAccess(hostPath, 1 /* X_OK */);
        if (access < 0) return access;
        if (Directory.Exists(hostPath)) return -Errno.EACCES;
        byte[] data;
        try { data = File.ReadAllBytes(hostPath); }
        catch (UnauthorizedAccessException) { return -Errno.EACCES; }
        catch (FileNotFoundException) { return -Errno.ENOENT; }
        catch (DirectoryNotFoundException) { return -Errno.ENOENT; }
        catch (IOException) { return -Errno.EIO; }
        Core.Elf.ElfFile elf;
        try { elf = ElfLoader.Parse(data, hostPath); }
        catch (LoadException) { return -Errno.ENOEXEC; }

        // Point of no return: other threads end, the old address space is left.
        lock (Kernel.TreeLock)
            foreach (var t in Group.Threads)
                if (t != this) { t.ThreadExited = true; try { t.Cpu.RequestStop(); } catch (ObjectDisposedException) { } }
        Kernel.Futexes.Nudge();
        ReleaseClearChildTid();
        Syscalls.FlushSharedMappings();
        var old = Mm;
        Mm = new AddressSpace(new GuestMemory(new GuestMemoryOptions { MemoryLimit = Options.MemoryLimit ?? DefaultMemoryLimit }));
        _execLeft = old;
        Syscalls.ResetForExec();
        Files.CloseOnExec();
        Signals.ResetForExec();
        var s = Cpu.State;
        for (int i = 0; i < 32; i++) s->X[i] = 0;
        for (int i = 0; i < 64; i++) s->V[i] = 0;
        s->Fpcr = 0;
        s->Fpsr = 0;
        s->TpidrEl0 = 0;
        s->TpidrroEl0 = 0;
        s->ExclusiveSize = 0;
        ExecutablePath = RealPath(hostPath);
        MapTrampoline();
        try { Setup(elf, path, argv, envp); }
        catch (Exception ex) when (ex is LoadException or ArgumentException or GuestMemoryException or OutOfMemoryException)
        {
            Terminate(Sig.SIGSEGV, false);
        }
        _vforkDone?.Set();
        return 0;
    }

    // ------------------------------------------------------------------ exit

    /// <summary>exit (of one thread): the process ends with it when it was the last one.</summary>
    internal void ExitThread(int status)
    {
        bool last;
        lock (Kernel.TreeLock) last = Group.Threads.Count <= 1 || Group.Threads.TrueForAll(t => t == this || t.ThreadExited);
        if (last) { Exit(status); return; }
        ThreadExited = true;
        ReleaseClearChildTid();
        _vforkDone?.Set();
    }

    /// <summary>CLONE_CHILD_CLEARTID: the thread id word is zeroed and one waiter woken (pthread_join).</summary>
    private void ReleaseClearChildTid()
    {
        ulong a = ClearChildTid;
        ClearChildTid = 0;
        if (a == 0) return;
        if (Memory.TryWrite32(a, 0)) Kernel.Futexes.Wake(Memory, a, 1, uint.MaxValue);
    }

    private void ExitGroup(int shellStatus, int waitStatus, int cldCode)
    {
        List<LinuxProcess> others;
        lock (Kernel.TreeLock)
        {
            if (Group.ExitStatus != null) return;
            Group.ExitStatus = shellStatus;
            Group.WaitStatus = waitStatus;
            others = Group.Threads.FindAll(t => t != this);
        }
        foreach (var t in others)
            try { t.Cpu.RequestStop(); } catch (ObjectDisposedException) { }
        Kernel.Futexes.Nudge();
        if (Mm.Users > 1) ReleaseClearChildTid();
        _vforkDone?.Set();
        bool first = Group.Parent == null && Group.Tgid == Kernel.FirstPid;
        // A child's descriptors close now, so that the other ends of its pipes see end-of-file.
        if (!first) Group.Files.Dispose();

        ThreadGroup? parent;
        bool notify = false;
        lock (Kernel.TreeLock)
        {
            foreach (var c in Group.Children) c.Parent = null;
            Group.Children.Clear();
            parent = Group.Parent;
            if (parent != null)
            {
                var leader = parent.Leader;
                var act = leader != null ? leader.Signals.Actions[Sig.SIGCHLD] : default;
                bool autoReap = act.Handler == Sig.SIG_IGN || (act.Flags & Sig.SA_NOCLDWAIT) != 0;
                if (autoReap) parent.Children.Remove(Group);
                else Group.Zombie = true;
                notify = parent.ExitStatus == null;
            }
            Monitor.PulseAll(Kernel.TreeLock);
        }
        if (notify && parent != null)
        {
            LinuxProcess? target;
            lock (Kernel.TreeLock) target = parent.Threads.Find(t => !t.Finished);
            target?.Post(new SigInfo(Sig.SIGCHLD, cldCode, Pid: Group.Tgid, Uid: Syscalls.Uid));
        }
    }

    // ------------------------------------------------------------------ wait4

    private const int WNOHANG = 1, WUNTRACED = 2, WCONTINUED = 8, WNOTHREAD = 0x20000000, WALL = 0x40000000, WCLONE = unchecked((int)0x80000000);

    /// <summary>wait4(pid, status, options, rusage): 0 with WNOHANG, the child's pid, -ECHILD, or <see cref="LinuxSyscalls.Restart"/>/-EINTR when a signal comes first.</summary>
    internal long Wait4(int pid, ulong statusAddr, int options, ulong rusageAddr) => Wait4(pid, statusAddr, options, rusageAddr, out _);

    internal long Wait4(int pid, ulong statusAddr, int options, ulong rusageAddr, out int status)
    {
        status = 0;
        if ((options & ~(WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WALL | WCLONE)) != 0) return -Errno.EINVAL;
        if (pid == int.MinValue) return -Errno.ESRCH;
        ThreadGroup? reaped = null;
        var turn = Mm.Turn;
        bool held = turn.HeldByCurrentThread;
        if (held) turn.Exit();
        try
        {
            lock (Kernel.TreeLock)
            {
                while (true)
                {
                    bool any = false;
                    foreach (var c in Group.Children)
                    {
                        if (pid > 0 && c.Tgid != pid) continue;
                        any = true;
                        if (c.Zombie) { reaped = c; break; }
                    }
                    if (reaped != null)
                    {
                        Group.Children.Remove(reaped);
                        reaped.Zombie = false;
                        break;
                    }
                    if (!any) return -Errno.ECHILD;
                    if ((options & WNOHANG) != 0) return 0;
                    // A child that has ended is reported before a signal interrupts the wait.
                    if (HasPosted || Finished)
                    {
                        Monitor.Exit(Kernel.TreeLock);
                        bool stop;
                        try { stop = Interrupted(); }
                        finally { Monitor.Enter(Kernel.TreeLock); }
                        if (stop) return Syscalls.InterruptedResult();
                    }
                    Monitor.Wait(Kernel.TreeLock, 50);
                }
            }
        }
        finally { if (held) turn.Enter(); }
        status = reaped.WaitStatus;
        if (statusAddr != 0)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(b, reaped.WaitStatus);
            if (Memory.TryWrite(statusAddr, b).IsFault) return -Errno.EFAULT;
        }
        if (rusageAddr != 0 && Memory.TryWrite(rusageAddr, new byte[144]).IsFault) return -Errno.EFAULT;
        return reaped.Tgid;
    }

    /// <summary>The parent's process id as this process sees it (the host's parent for the first process, 1 for an orphan).</summary>
    internal int ParentPid
    {
        get
        {
            lock (Kernel.TreeLock)
            {
                if (Group.Parent != null) return Group.Parent.Tgid;
            }
            return Group.Tgid == Kernel.FirstPid ? (int)HostCalls.Call(HostCalls.getppid) : 1;
        }
    }

    // ------------------------------------------------------------------ signals between tasks

    private readonly object _signalGate = new();
    private ulong? _suspendMask;

    private void RestoreSuspendMask()
    {
        if (_suspendMask is ulong m) { Signals.Blocked = m; _suspendMask = null; }
    }

    /// <summary>Wakes a task sleeping in rt_sigsuspend (after a signal was posted to it).</summary>
    private void WakeSignalWaiter()
    {
        lock (_signalGate) Monitor.PulseAll(_signalGate);
    }

    /// <summary>
    /// rt_sigsuspend: the mask is replaced until a signal that is delivered to a handler or ends
    /// the process arrives; the call then fails with EINTR and the handler's frame holds the old mask.
    /// </summary>
    internal long SigSuspend(ulong mask)
    {
        var old = Signals.Blocked;
        Signals.Blocked = mask & ~Sig.Unblockable;
        if (Signals.NextDeliverable() == 0)
        {
            var turn = Mm.Turn;
            bool held = turn.HeldByCurrentThread;
            if (held) turn.Exit();
            try
            {
                lock (_signalGate)
                    while (!Interrupted()) Monitor.Wait(_signalGate, 100);
            }
            finally { if (held) turn.Enter(); }
        }
        _suspendMask = old;
        return -Errno.EINTR;
    }

    /// <summary>Sends <paramref name="info"/> to process <paramref name="target"/> (its first live thread).</summary>
    internal bool SignalProcess(ThreadGroup target, in SigInfo info)
    {
        if (target == Group) { if (info.Signo != 0) Send(info); return true; }
        LinuxProcess? t;
        lock (Kernel.TreeLock) t = target.ExitStatus != null ? null : target.Threads.Find(x => !x.Finished);
        if (t == null) return false;
        if (info.Signo != 0) t.Post(info);
        return true;
    }

    /// <summary>Sends <paramref name="info"/> to thread <paramref name="target"/>.</summary>
    internal void SignalThread(LinuxProcess target, in SigInfo info)
    {
        if (info.Signo == 0) return;
        if (target == this) Send(info);
        else target.Post(info);
    }
}
