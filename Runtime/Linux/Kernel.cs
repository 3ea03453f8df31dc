using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Runtime.Execution;

namespace A64Jit.Runtime.Linux;

/// <summary>
/// A fair (first come, first served) lock that a thread holds while it runs guest code of an
/// address space. Guest threads that share memory take turns: the engines' exclusive
/// monitors and atomic instructions are not atomic with respect to other host threads, so
/// only one of them runs guest code at a time. Holders give it up in blocking system calls
/// and at the end of a time slice when another thread waits for it.
/// </summary>
public sealed class TurnLock
{
    private readonly object _gate = new();
    private long _next, _serving;
    private int _owner;
    private int _waiting;

    public bool HeldByCurrentThread => Volatile.Read(ref _owner) == Environment.CurrentManagedThreadId;

    /// <summary>Another thread is waiting for its turn.</summary>
    public bool Contended => Volatile.Read(ref _waiting) > 0;

    public void Enter()
    {
        lock (_gate)
        {
            long ticket = _next++;
            _waiting++;
            while (_serving != ticket) Monitor.Wait(_gate);
            _waiting--;
            _owner = Environment.CurrentManagedThreadId;
        }
    }

    public void Exit()
    {
        lock (_gate)
        {
            _owner = 0;
            _serving++;
            Monitor.PulseAll(_gate);
        }
    }
}

/// <summary>
/// A guest address space (Linux's mm): the memory, the program break and the stack limit,
/// shared by the threads of a process and by a vfork child until it execs. Disposed when its
/// last user lets it go.
/// </summary>
public sealed class AddressSpace
{
    private int _users = 1;

    public AddressSpace(GuestMemory memory) => Memory = memory;

    public GuestMemory Memory { get; }
    public ulong BrkStart;
    public ulong Brk;
    public ulong StackLimit;
    /// <summary>Taken by a thread while it runs guest code of this address space.</summary>
    public TurnLock Turn { get; } = new();

    public int Users => Volatile.Read(ref _users);

    public void AddUser() => Interlocked.Increment(ref _users);

    /// <summary>Drops one user; the memory is disposed when the last one leaves.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _users) == 0) Memory.Dispose();
    }
}

/// <summary>A guest process (Linux's thread group): its threads, its descriptors and its place in the process tree.</summary>
public sealed class ThreadGroup(int tgid, FileTable files)
{
    public int Tgid { get; } = tgid;
    public FileTable Files { get; } = files;
    public ThreadGroup? Parent { get; internal set; }
    public List<ThreadGroup> Children { get; } = new();
    public List<LinuxProcess> Threads { get; } = new();
    public LinuxProcess? Leader { get; internal set; }
    /// <summary>The status as a shell sees it (128+signal for a signal death), once the process has ended.</summary>
    public int? ExitStatus { get; internal set; }
    /// <summary>The status wait4 reports (exit code in bits 8-15, or the signal and the core flag).</summary>
    public int WaitStatus { get; internal set; }
    /// <summary>Ended and not yet waited for.</summary>
    public bool Zombie { get; internal set; }
}

/// <summary>
/// What the guest processes started from one program share: the table of tasks with their
/// virtual ids, the process tree lock, the futex wait queues and the engine factory used for
/// new threads and processes.
/// </summary>
public sealed class LinuxKernel
{
    private int _nextId;
    private readonly Dictionary<int, LinuxProcess> _tasks = new();

    public LinuxKernel(int firstPid)
    {
        _nextId = firstPid;
        FirstPid = firstPid;
    }

    /// <summary>The id of the first process (the host process's id); later tasks count up from it.</summary>
    public int FirstPid { get; }

    /// <summary>Guards the process tree, the task table and exit/wait state; waiters for children wait on it.</summary>
    public object TreeLock { get; } = new();

    public FutexTable Futexes { get; } = new();

    /// <summary>Creates the engine of a new thread or process (set by the first <see cref="LinuxProcess.Run"/> from its engine's policy).</summary>
    public Func<CpuContext, GuestMemory, IExecutionEngine>? EngineFactory { get; set; }

    private readonly object _straceLock = new();

    internal void WriteStrace(TextWriter w, string line)
    {
        lock (_straceLock) { w.WriteLine(line); w.Flush(); }
    }

    internal int AllocateId()
    {
        lock (TreeLock) return _nextId++;
    }

    internal void Register(LinuxProcess task)
    {
        lock (TreeLock) _tasks[task.Tid] = task;
    }

    internal void Unregister(LinuxProcess task)
    {
        lock (TreeLock) _tasks.Remove(task.Tid);
    }

    internal LinuxProcess? FindTask(int tid)
    {
        lock (TreeLock) return _tasks.TryGetValue(tid, out var t) ? t : null;
    }

    /// <summary>Live thread groups (one entry per process).</summary>
    internal List<ThreadGroup> Groups()
    {
        lock (TreeLock)
        {
            var list = new List<ThreadGroup>();
            foreach (var t in _tasks.Values)
                if (!list.Contains(t.Group) && t.Group.ExitStatus == null) list.Add(t.Group);
            return list;
        }
    }

    internal int LiveTasks
    {
        get { lock (TreeLock) return _tasks.Count; }
    }
}

/// <summary>
/// Futex wait queues keyed by (address space, address). A waiter compares the value under the
/// table's lock, so a wake that follows a store cannot be missed.
/// </summary>
public sealed class FutexTable
{
    private sealed class Waiter
    {
        public required GuestMemory Memory;
        public ulong Address;
        public uint Bitset;
        public bool Woken;
    }

    private readonly object _lock = new();
    private readonly List<Waiter> _waiters = new();

    /// <summary>Result of a wait: 0 woken, or a negative errno (EAGAIN, ETIMEDOUT, EFAULT), or 1 when interrupted.</summary>
    internal long Wait(GuestMemory memory, ulong address, uint expected, uint bitset, long deadlineTicks, Func<bool> interrupted, Action releaseTurn, Action takeTurn)
    {
        var w = new Waiter { Memory = memory, Address = address, Bitset = bitset };
        lock (_lock)
        {
            if (!memory.TryRead32(address, out uint current)) return -Errno.EFAULT;
            if (current != expected) return -Errno.EAGAIN;
            _waiters.Add(w);
        }
        releaseTurn();
        try
        {
            lock (_lock)
            {
                while (!w.Woken)
                {
                    if (interrupted()) { _waiters.Remove(w); return 1; }
                    int slice = 50;
                    if (deadlineTicks != long.MaxValue)
                    {
                        long left = deadlineTicks - DateTime.UtcNow.Ticks;
                        if (left <= 0) { _waiters.Remove(w); return -Errno.ETIMEDOUT; }
                        slice = (int)Math.Min(slice, Math.Max(1, left / TimeSpan.TicksPerMillisecond));
                    }
                    Monitor.Wait(_lock, slice);
                }
                return 0;
            }
        }
        finally { takeTurn(); }
    }

    /// <summary>Wakes up to <paramref name="count"/> waiters on the address whose bitset intersects <paramref name="bitset"/>; returns how many.</summary>
    internal int Wake(GuestMemory memory, ulong address, int count, uint bitset)
    {
        int woken = 0;
        lock (_lock)
        {
            for (int i = 0; i < _waiters.Count && woken < count; i++)
            {
                var w = _waiters[i];
                if (w.Memory != memory || w.Address != address || (w.Bitset & bitset) == 0) continue;
                w.Woken = true;
                _waiters.RemoveAt(i--);
                woken++;
            }
            if (woken > 0) Monitor.PulseAll(_lock);
        }
        return woken;
    }

    /// <summary>Makes sleeping waiters look at their interruption condition now.</summary>
    internal void Nudge()
    {
        lock (_lock) Monitor.PulseAll(_lock);
    }

    internal int WaiterCount
    {
        get { lock (_lock) return _waiters.Count; }
    }
}
