using A64Jit.Core.Decoding;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Runtime.Execution;

namespace A64Jit.Runtime.Linux;

/// <summary>How a Linux user-mode process is set up.</summary>
public sealed class LinuxOptions
{
    /// <summary>AT_HWCAP; by default the features the interpreter implements (see <see cref="LinuxProcess.ImplementedHwCaps"/>).</summary>
    public HwCap? HwCap { get; set; }
    /// <summary>When set, every system call is logged here with its arguments and result.</summary>
    public TextWriter? Strace { get; set; }
    public ulong StackSize { get; set; } = 8ul << 20;
    /// <summary>Instructions per engine run before the loop looks at the process again.</summary>
    public ulong SliceBudget { get; set; } = 1ul << 22;
    /// <summary>
    /// The most guest memory (image, stack, heap, mappings) mapped at once; brk, mmap and
    /// mremap beyond it fail with ENOMEM. Null: the host's available physical memory.
    /// </summary>
    public ulong? MemoryLimit { get; set; }
}

/// <summary>Thrown when the guest cannot continue for a reason that is not a guest fault (an engine failure).</summary>
public sealed class GuestExecutionException(string message) : Exception(message);

/// <summary>
/// One Linux AArch64 user-mode task (a process, or one thread of a process): its registers
/// and signal state, the address space it runs in (shared by the threads of a process), the
/// descriptors of its process, and the run loop that turns the engine's stops into system
/// calls, emulated ID-register reads and signals. <see cref="Load"/> makes the first process;
/// clone makes further processes and threads, each run on its own host thread with its own
/// engine (see README.md, "Processes and threads").
/// </summary>
public sealed unsafe partial class LinuxProcess : IDisposable
{
    /// <summary>Top of the initial stack (the stack grows down from here).</summary>
    public const ulong StackTop = 0x7FFF_FF00_0000;
    /// <summary>A read-execute page holding the default signal-return trampoline (the vDSO's role).</summary>
    public const ulong TrampolinePage = 0x7FFF_FF10_0000;
    public const ulong MmapBase = 0x7F00_0000_0000;

    /// <summary>What all processes started from the same program share (task table, futexes, process tree).</summary>
    public LinuxKernel Kernel { get; }
    /// <summary>The process this task belongs to.</summary>
    public ThreadGroup Group { get; }
    /// <summary>The address space this task runs in.</summary>
    public AddressSpace Mm { get; private set; }
    public GuestMemory Memory => Mm.Memory;
    public CpuContext Cpu { get; }
    public FileTable Files => Group.Files;
    public SignalState Signals { get; }
    public LinuxSyscalls Syscalls { get; }
    public LinuxOptions Options { get; }
    /// <summary>The program's absolute host path (what /proc/self/exe names).</summary>
    public string ExecutablePath { get; private set; }
    public LoadedImage? Image { get; private set; }
    /// <summary>The program's argv (what /proc/self/cmdline shows).</summary>
    public IReadOnlyList<string> Arguments { get; private set; } = [];
    /// <summary>AT_HWCAP as given to the process; the emulated ID registers agree with it.</summary>
    public HwCap HwCaps { get; private set; }
    public ulong BrkStart { get => Mm.BrkStart; set => Mm.BrkStart = value; }
    public ulong Brk { get => Mm.Brk; set => Mm.Brk = value; }
    public ulong StackLimit { get => Mm.StackLimit; private set => Mm.StackLimit = value; }

    /// <summary>Set when the process has ended: its exit status as a shell sees it (128+signal for a signal death).</summary>
    public int? ExitStatus => Group.ExitStatus;
    /// <summary>The signal that killed the process, or 0.</summary>
    public int TerminatingSignal { get; private set; }
    public bool CoreDumped { get; private set; }

    /// <summary>The process id (thread group id). The first process has the host process's id; later ones count up from it.</summary>
    public int Pid => Group.Tgid;
    /// <summary>This task's thread id (equal to <see cref="Pid"/> for a process's first thread).</summary>
    public int Tid { get; }

    /// <summary>The engine running the process (told when mappings change so that it can drop translations).</summary>
    public IExecutionEngine? Engine { get; set; }

    /// <summary>The default <see cref="LinuxOptions.MemoryLimit"/>: the physical memory available to this process.</summary>
    public static ulong DefaultMemoryLimit => (ulong)Math.Max(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, 1L << 30);

    /// <summary>Tells the engine that the pages of [address, address+length) were unmapped, remapped or re-protected.</summary>
    internal void InvalidateCode(ulong address, ulong length)
    {
        var e = Engine;
        if (e == null) return;
        foreach (ulong p in Memory.MappedPages(address, length))
            if (Memory.IsCodePage(p) || (Memory.GetPermissions(p) & MemoryPermissions.Execute) != 0) e.InvalidatePage(p);
    }

    private LinuxProcess(string executablePath, LinuxOptions options)
    {
        Options = options;
        ExecutablePath = executablePath;
        Kernel = new LinuxKernel(Environment.ProcessId);
        Tid = Kernel.AllocateId();
        Group = new ThreadGroup(Tid, new FileTable());
        Group.Leader = this;
        Group.Threads.Add(this);
        Mm = new AddressSpace(new GuestMemory(new GuestMemoryOptions { MemoryLimit = options.MemoryLimit ?? DefaultMemoryLimit }));
        Cpu = new CpuContext();
        Signals = new SignalState();
        Syscalls = new LinuxSyscalls(this);
        Umask = HostUmask;
        Kernel.Register(this);
        HwCaps = options.HwCap ?? ImplementedHwCaps();
        MapTrampoline();
        var st = Cpu.State;
        st->SctlrEl1 = SctlrEl0Controls;
        st->CntkctlEl1 = CntkctlEl0Controls;
    }

    /// <summary>
    /// The SCTLR_EL1 controls Linux enables for user space: SA0 (4, SP alignment checking at
    /// EL0), DZE (14, DC ZVA), UCT (15, CTR_EL0 reads), nTWI/nTWE (16/18, WFI/WFE do not trap)
    /// and UCI (26, cache maintenance by VA).
    /// </summary>
    public const ulong SctlrEl0Controls = (1ul << 4) | (1ul << 14) | (1ul << 15) | (1ul << 16) | (1ul << 18) | (1ul << 26);

    /// <summary>CNTKCTL_EL1 as Linux sets it: EL0 may read CNTVCT_EL0 and CNTFRQ_EL0 (EL0VCTEN, bit 1).</summary>
    public const ulong CntkctlEl0Controls = 1ul << 1;

    /// <summary>A process with an empty address space apart from the signal trampoline (for tests and embedders).</summary>
    public static LinuxProcess CreateEmpty(LinuxOptions? options = null, string executablePath = "/nonexistent")
        => new(executablePath, options ?? new LinuxOptions());

    /// <summary>Loads <paramref name="path"/>, maps its stack and builds the initial stack; PC at the entry point.</summary>
    public static LinuxProcess Load(string path, IReadOnlyList<string> argv, IReadOnlyList<string> envp, LinuxOptions? options = null)
    {
        byte[] data;
        try { data = File.ReadAllBytes(path); }
        catch (FileNotFoundException) { throw new LoadException($"{path}: no such file"); }
        catch (DirectoryNotFoundException) { throw new LoadException($"{path}: no such file"); }
        catch (UnauthorizedAccessException) { throw new LoadException($"{path}: permission denied"); }
        catch (IOException ex) { throw new LoadException($"{path}: cannot read: {ex.Message}"); }
        var elf = ElfLoader.Parse(data, path);
        var p = new LinuxProcess(RealPath(path), options ?? new LinuxOptions());
        try
        {
            p.Setup(elf, path, argv, envp);
            return p;
        }
        catch (OutOfMemoryException ex)
        {
            p.Dispose();
            throw new LoadException($"{path}: {ex.Message}");
        }
        catch
        {
            p.Dispose();
            throw;
        }
    }

    /// <summary>The canonical absolute path (symbolic links resolved), as /proc/self/exe shows it.</summary>
    public static string RealPath(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            var parts = full.Split('/', StringSplitOptions.RemoveEmptyEntries);
            string current = "/";
            for (int i = 0; i < parts.Length; i++)
            {
                string next = Path.Combine(current, parts[i]);
                var info = new FileInfo(next);
                string? target = info.LinkTarget;
                int hops = 0;
                while (target != null && hops++ < 40)
                {
                    next = Path.GetFullPath(target, current);
                    info = new FileInfo(next);
                    target = info.LinkTarget;
                    if (target != null) current = Path.GetDirectoryName(next) ?? "/";
                }
                current = next;
            }
            return current;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Path.GetFullPath(path);
        }
    }

    private void Setup(Core.Elf.ElfFile elf, string path, IReadOnlyList<string> argv, IReadOnlyList<string> envp)
    {
        var image = ElfLoader.Load(elf, Memory, path);
        Image = image;
        Arguments = argv.ToArray();
        BrkStart = Brk = image.BrkStart;
        ulong stackBottom = StackTop - Options.StackSize;
        StackLimit = stackBottom;
        var stackPerms = MemoryPermissions.ReadWrite | (image.ExecutableStack ? MemoryPermissions.Execute : 0);
        Memory.Map(stackBottom, Options.StackSize, stackPerms);
        var id = new ProcessIdentity(Syscalls.Uid, Syscalls.Euid, Syscalls.Gid, Syscalls.Egid, HwCaps);
        ulong sp = InitialStack.Build(Memory, StackTop, argv, envp, path, image, id);
        var s = Cpu.State;
        s->X[31] = sp;
        s->PC = image.Entry;
        s->Pstate = 0; // EL0t, AArch64
        s->Nzcv = 0;
    }

    private void MapTrampoline()
    {
        Memory.Map(TrampolinePage, GuestMemory.PageSize, MemoryPermissions.ReadExecute);
        Memory.WriteU32Privileged(TrampolinePage, 0xD2801168);     // mov x8, #139 (rt_sigreturn)
        Memory.WriteU32Privileged(TrampolinePage + 4, 0xD4000001); // svc #0
    }

    /// <summary>
    /// The HWCAP bits whose instructions the interpreter implements, checked through one
    /// representative encoding each; CPUID is always offered (ID registers are emulated).
    /// </summary>
    public static HwCap ImplementedHwCaps()
    {
        static bool Has(string name) => EncodingTable.TryGet(name, out var e) && Interpreter.IsImplemented(e.Id);
        var caps = HwCap.CpuId;
        if (Has("FADD_scalar") && Has("FMOV_general")) caps |= HwCap.Fp;
        if (Has("ADD_vector")) caps |= HwCap.Asimd;
        if (Has("AESE")) caps |= HwCap.Aes;
        if (Has("PMULL")) caps |= HwCap.Pmull;
        if (Has("SHA1C")) caps |= HwCap.Sha1;
        if (Has("SHA256H")) caps |= HwCap.Sha2;
        if (Has("CRC32B")) caps |= HwCap.Crc32;
        if (Has("LDADD")) caps |= HwCap.Atomics;
        return caps;
    }

    /// <summary>The complete set this runtime can report.</summary>
    public const HwCap AllHwCaps = HwCap.Fp | HwCap.Asimd | HwCap.Aes | HwCap.Pmull | HwCap.Sha1 | HwCap.Sha2 | HwCap.Crc32 | HwCap.Atomics | HwCap.CpuId;

    // ------------------------------------------------------------------ run loop

    /// <summary>
    /// Runs the process on the calling thread until it exits; returns its status as a shell
    /// sees it. Threads and child processes it creates run on their own host threads with
    /// engines of the same policy.
    /// </summary>
    public int Run(IExecutionEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ObjectDisposedException.ThrowIf(Memory.IsDisposed, this);
        Engine = engine;
        var policy = engine.Policy;
        Kernel.EngineFactory ??= (cpu, memory) => ExecutionEngines.Create(policy, cpu, memory);
        RunTask();
        // The first thread may end before the others (pthread_exit in main): the process lives on.
        lock (Kernel.TreeLock)
            while (Group.ExitStatus == null) Monitor.Wait(Kernel.TreeLock, 100);
        return ExitStatus!.Value;
    }

    private long _hostSignals;
    private readonly SigInfo[] _postedInfo = new SigInfo[Sig.NSIG + 1];

    /// <summary>
    /// Queues a signal that arrived at the host process (Ctrl-C, kill from outside) for the
    /// guest; safe from any thread. The engine is asked to stop so that it is delivered at the
    /// next instruction boundary.
    /// </summary>
    public void PostHostSignal(int sig) => Post(new SigInfo(sig, Sig.SI_USER));

    /// <summary>
    /// Queues a signal for this task from another thread (another guest process's kill, a
    /// child's SIGCHLD, the host): it is made pending by the task itself at its next stop, or
    /// when a blocking wait it is in notices it.
    /// </summary>
    public void Post(in SigInfo info)
    {
        int sig = info.Signo;
        if (sig < 1 || sig > Sig.NSIG) return;
        lock (_postedInfo) _postedInfo[sig] = info;
        long bit = unchecked((long)Sig.Bit(sig));
        long old;
        do old = Interlocked.Read(ref _hostSignals);
        while (Interlocked.CompareExchange(ref _hostSignals, old | bit, old) != old);
        try { Cpu.RequestStop(); } catch (ObjectDisposedException) { }
        Kernel.Futexes.Nudge();
        WakeSignalWaiter();
    }

    internal bool HasPosted => Interlocked.Read(ref _hostSignals) != 0;

    private void TakeHostSignals()
    {
        ulong bits = (ulong)Interlocked.Exchange(ref _hostSignals, 0);
        for (int sig = 1; bits != 0; sig++, bits >>= 1)
            if ((bits & 1) != 0)
            {
                SigInfo info;
                lock (_postedInfo) info = _postedInfo[sig];
                Send(info.Signo == sig ? info : new SigInfo(sig, Sig.SI_USER));
            }
    }

    /// <summary>
    /// For a blocking call: takes posted signals and says whether one can now be delivered
    /// (the call is then interrupted), or whether the task must stop because its process ends.
    /// </summary>
    internal bool Interrupted()
    {
        if (Finished) return true;
        if (HasPosted) TakeHostSignals();
        return Signals.NextDeliverable() != 0;
    }

    /// <summary>Handles one engine stop: system call, trap, fault or bookkeeping.</summary>
    public void HandleStop(StopReason reason)
    {
        HandleStopCore(reason);
        if (!Finished && Interlocked.Read(ref _hostSignals) != 0)
        {
            TakeHostSignals();
            DeliverPending();
        }
    }

    private void HandleStopCore(StopReason reason)
    {
        var s = Cpu.State;
        switch (reason)
        {
            case StopReason.None:
            case StopReason.BudgetExhausted:
            case StopReason.StopRequested:
                return;
            case StopReason.Exception:
                HandleException();
                return;
            case StopReason.WaitForInterrupt:
                // WFI/WFE completed (PC is past it); with one thread there is nothing to wait for.
                return;
            default:
                throw new GuestExecutionException($"execution stopped at pc 0x{s->PC:x}: {reason}");
        }
    }

    private void HandleException()
    {
        var s = Cpu.State;
        uint syndrome = s->ExitSyndrome;
        uint ec = Syndrome.ExceptionClass(syndrome);
        uint iss = Syndrome.Iss(syndrome);
        switch (ec)
        {
            case Syndrome.Svc64:
                Syscalls.Dispatch();
                if (!Finished) DeliverPending();
                return;
            case Syndrome.SystemRegisterTrap:
            {
                var access = IdRegisters.SysRegAccess.FromIss(iss);
                var value = IdRegisters.Read(s, access, HwCaps);
                if (value == null) { Force(new SigInfo(Sig.SIGILL, Sig.ILL_ILLOPC, s->PC, Esr: syndrome, IsFault: true)); return; }
                if (access.Rt != 31) s->X[access.Rt] = value.Value;
                s->PC += 4;
                s->InstructionsRetired++;
                return;
            }
            case Syndrome.Brk64:
                Force(new SigInfo(Sig.SIGTRAP, Sig.TRAP_BRKPT, s->PC, Esr: syndrome, IsFault: true));
                return;
            case Syndrome.PcAlignment:
                Force(new SigInfo(Sig.SIGBUS, Sig.BUS_ADRALN, s->ExitAddress, Esr: syndrome, IsFault: true));
                return;
            case Syndrome.SpAlignment:
                Force(new SigInfo(Sig.SIGBUS, Sig.BUS_ADRALN, s->X[31], Esr: syndrome, IsFault: true));
                return;
            case Syndrome.InstructionAbortLowerEl:
            case Syndrome.InstructionAbortSameEl:
            case Syndrome.DataAbortLowerEl:
            case Syndrome.DataAbortSameEl:
            {
                uint fsc = iss & 0x3F;
                if (fsc == Syndrome.AlignmentFault)
                    Force(new SigInfo(Sig.SIGBUS, Sig.BUS_ADRALN, s->ExitAddress, Esr: syndrome, IsFault: true));
                else
                {
                    int code = (fsc & 0x3C) == 0x0C ? Sig.SEGV_ACCERR : Sig.SEGV_MAPERR;
                    Force(new SigInfo(Sig.SIGSEGV, code, s->ExitAddress, Esr: syndrome, IsFault: true));
                }
                return;
            }
            case Syndrome.FpException64:
                Force(new SigInfo(Sig.SIGFPE, 0, s->PC, Esr: syndrome, IsFault: true));
                return;
            default:
                // Unknown reason (undefined instruction), illegal execution state, HVC/SMC at EL0, …
                Force(new SigInfo(Sig.SIGILL, Sig.ILL_ILLOPC, s->PC, Esr: syndrome, IsFault: true));
                return;
        }
    }

    // ------------------------------------------------------------------ signals

    /// <summary>A synchronous signal (a fault): if blocked or ignored it is unblocked and reset to the default action, as the kernel forces it.</summary>
    public void Force(in SigInfo info)
    {
        int sig = info.Signo;
        ref var action = ref Signals.Actions[sig];
        if (action.Handler == Sig.SIG_IGN || (Signals.Blocked & Sig.Bit(sig)) != 0)
        {
            action.Handler = Sig.SIG_DFL;
            Signals.Blocked &= ~Sig.Bit(sig);
        }
        Deliver(info);
    }

    /// <summary>An asynchronous signal sent to the process (kill, tgkill, raise): made pending, delivered when unblocked.</summary>
    public void Send(in SigInfo info)
    {
        int sig = info.Signo;
        var action = Signals.Actions[sig];
        if (sig != Sig.SIGKILL && sig != Sig.SIGSTOP)
        {
            if (action.Handler == Sig.SIG_IGN) return;
            if (action.Handler == Sig.SIG_DFL && Sig.Default(sig) is Sig.DefaultAction.Ignore or Sig.DefaultAction.Continue) return;
        }
        if (sig == Sig.SIGSTOP) return; // stopping is not modelled (there is nobody to continue us)
        Signals.Pending |= Sig.Bit(sig);
        Signals.PendingInfo[sig] = info;
    }

    /// <summary>Delivers pending, unblocked signals (after a system call returned).</summary>
    public void DeliverPending()
    {
        while (!Finished)
        {
            int sig = Signals.NextDeliverable();
            if (sig == 0) { RestoreSuspendMask(); return; }
            Signals.Pending &= ~Sig.Bit(sig);
            // After rt_sigsuspend the handler's frame saves the mask from before the call.
            RestoreSuspendMask();
            Deliver(Signals.PendingInfo[sig]);
            if (Signals.Actions[sig].Handler > Sig.SIG_IGN || Finished) return; // one handler frame at a time
        }
    }

    private void Deliver(in SigInfo info)
    {
        int sig = info.Signo;
        var action = Signals.Actions[sig];
        Strace($"--- {Sig.Name(sig)} {{si_signo={Sig.Name(sig)}, si_code={info.Code}, {(info.IsFault ? $"si_addr=0x{info.Address:x}, pc=0x{Cpu.State->PC:x}" : $"si_pid={info.Pid}")}}} ---");
        if (sig == Sig.SIGKILL || action.Handler == Sig.SIG_DFL)
        {
            var d = sig == Sig.SIGKILL ? Sig.DefaultAction.Terminate : Sig.Default(sig);
            if (d is Sig.DefaultAction.Ignore or Sig.DefaultAction.Continue or Sig.DefaultAction.Stop) return;
            Terminate(sig, d == Sig.DefaultAction.CoreDump);
            return;
        }
        if (action.Handler == Sig.SIG_IGN) return;
        var s = Cpu.State;
        if (!SignalFrame.Deliver(s, Memory, Signals, action, info, TrampolinePage))
        {
            // The frame could not be written: the kernel kills the process with SIGSEGV.
            Terminate(Sig.SIGSEGV, true);
            return;
        }
        Signals.Blocked |= (action.Mask | ((action.Flags & Sig.SA_NODEFER) != 0 ? 0 : Sig.Bit(sig))) & ~Sig.Unblockable;
        if ((action.Flags & Sig.SA_RESETHAND) != 0) Signals.Actions[sig] = default;
    }

    /// <summary>rt_sigreturn; false when the frame was bad (the process then gets SIGSEGV).</summary>
    internal bool SignalReturn()
    {
        if (SignalFrame.Return(Cpu.State, Memory, Signals)) return true;
        Force(new SigInfo(Sig.SIGSEGV, 0x80 /* SI_KERNEL */, 0, IsFault: true));
        return false;
    }

    /// <summary>Ends the process by signal <paramref name="sig"/>.</summary>
    public void Terminate(int sig, bool core)
    {
        if (Group.ExitStatus != null) return;
        TerminatingSignal = sig;
        CoreDumped = core;
        Strace($"+++ killed by {Sig.Name(sig)}{(core ? " (core dumped)" : "")} +++");
        ExitGroup(128 + sig, sig | (core ? 0x80 : 0), core ? 3 /* CLD_DUMPED */ : 2 /* CLD_KILLED */);
    }

    /// <summary>Ends the process (every thread) with exit status <paramref name="status"/> (low 8 bits): exit_group.</summary>
    public void Exit(int status)
    {
        if (Group.ExitStatus != null) return;
        Strace($"+++ exited with {status & 0xFF} +++");
        ExitGroup(status & 0xFF, (status & 0xFF) << 8, 1 /* CLD_EXITED */);
    }

    internal void Strace(string line)
    {
        var w = Options.Strace;
        if (w == null) return;
        // Lines of later tasks that do not start with the task id get it, as strace -f shows them.
        if (Tid != Kernel.FirstPid && (line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal))) line = $"{Tid} {line}";
        Kernel.WriteStrace(w, line);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        // Threads still blocked in a host call keep the address space; it is then left to the host process.
        Files.Dispose();
        Syscalls.Dispose();
        Kernel.Unregister(this);
        foreach (var e in _retiredEngines) e.Dispose();
        _retiredEngines.Clear();
        foreach (var mm in _retiredSpaces) mm.Release();
        _retiredSpaces.Clear();
        if (!_released) { _released = true; Mm.Release(); }
        Cpu.Dispose();
    }
}
