using System.Diagnostics;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Runtime.Execution;
using A64Jit.Runtime.Linux;

namespace A64Jit.Tests.Hardening;

/// <summary>
/// System call fuzzing from guest code: an SVC executed by the engine with random numbers and
/// arguments (bad pointers, pointers whose buffers run into unmapped pages, huge lengths, bad
/// flags, random descriptors) goes through the same path as a program's. Every call must
/// return a value or -errno (or end the process in a defined way: exit, a signal, a clear
/// error), never throw, and never touch the host outside the guest's temporary working
/// directory: a canary file outside it keeps its contents and time stamp, the host's
/// descriptors 0-2 still name what they named, the process survives.
/// </summary>
/// <remarks>
/// Path arguments are built on purpose as names inside the temporary directory (or as bad
/// pointers): a real guest may open any host file, as under qemu; the point here is that
/// nothing the guest does crashes the host or escapes guest memory. Calls that block by design
/// (sleeps, ppoll, pipes, futex waits) and guest process creation are left out.
/// A64JIT_FUZZ_SYSCALLS sets the number of calls (default 10,000), A64JIT_FUZZ_SEED the seed.
/// </remarks>
[TestFixture]
public unsafe class SyscallFuzzTests
{
    private const ulong Code = 0x10000, Names = 0x11000, Data = 0x20000, ReadOnly = 0x30000, Tail = 0x40000;
    private const int DataPages = 4;
    private static readonly HashSet<int> Excluded =
    [
        Sys.clone, Sys.clone3, Sys.execve, 281 /* execveat */, Sys.nanosleep, Sys.clock_nanosleep, Sys.ppoll, 72 /* pselect6 */,
        Sys.pipe2, Sys.futex, 22 /* epoll_pwait */, Sys.rt_sigsuspend, 137 /* rt_sigtimedwait */, Sys.wait4, Sys.waitid,
        142 /* reboot */, 117 /* ptrace */, 51 /* chroot */, 40 /* mount */, 39 /* umount2 */, 41 /* pivot_root */,
        224 /* swapon */, 225 /* swapoff */, 89 /* acct */, Sys.setitimer, 107 /* timer_create */, 58 /* vhangup */,
        Sys.setuid, Sys.setgid, 143 /* setregid */, 145 /* setreuid */, 147 /* setresuid */, 149 /* setresgid */, 151, 152,
        Sys.setsid, Sys.setpgid, 159 /* setgroups */, 170 /* settimeofday */, 112 /* clock_settime */, 171 /* adjtimex */,
        266 /* clock_adjtime */, 161 /* sethostname */, 162 /* setdomainname */, 105, 106, 273, 313 /* module loading */,
        203, 198, 200, 201, 202, 204, 205, 206, 207, 208, 209, 210, 211, 212, 242, 243, 269 /* sockets */,
        260, 436 /* close_range: may not close the fuzzer's own files */, 104 /* kexec_load */, 294 /* kexec_file_load */,
    ];
    /// <summary>Arguments that are paths, per call (index of the argument).</summary>
    private static readonly Dictionary<int, int[]> PathArgs = new()
    {
        [Sys.openat] = [1], [Sys.faccessat] = [1], [Sys.faccessat2] = [1], [Sys.mkdirat] = [1], [Sys.unlinkat] = [1],
        [Sys.fchmodat] = [1], [Sys.fchownat] = [1], [Sys.renameat] = [1, 3], [Sys.renameat2] = [1, 3], [Sys.linkat] = [1, 3],
        [Sys.symlinkat] = [0, 2], [Sys.chdir] = [0], [Sys.readlinkat] = [1], [Sys.newfstatat] = [1], [Sys.statx] = [1],
        [45 /* truncate */] = [0], [33 /* mknodat */] = [1], [5 /* setxattr */] = [0], [6] = [0], [8] = [0], [9] = [0],
        [11] = [0], [12] = [0], [14] = [0], [15] = [0], [43 /* statfs */] = [0],
    };
    /// <summary>The numbers A64Jit names (most of them implemented), drawn half of the time.</summary>
    private static readonly int[] Known = typeof(Sys).GetFields().Where(f => f.IsLiteral && f.FieldType == typeof(int)).Select(f => (int)f.GetRawConstantValue()!).ToArray();
    private static readonly string[] SafeNames = ["a", "b", "file", "sub", "sub/a", "sub/deeper", "x.txt", "link", "", ".", "sub/.", "dir2", "dir2/f"];

    private string _work = "", _outside = "", _canary = "";
    private byte[] _canaryBytes = [];
    private DateTime _canaryTime;
    private string?[] _stdTargets = new string?[3];

    [SetUp]
    public void SetUp()
    {
        _work = Directory.CreateTempSubdirectory("a64jit-sysfuzz-").FullName;
        _outside = Directory.CreateTempSubdirectory("a64jit-sysfuzz-outside-").FullName;
        _canary = Path.Combine(_outside, "canary.txt");
        _canaryBytes = "untouched by the guest\n"u8.ToArray();
        File.WriteAllBytes(_canary, _canaryBytes);
        _canaryTime = File.GetLastWriteTimeUtc(_canary);
        for (int i = 0; i < 3; i++) _stdTargets[i] = FdTarget(i);
    }

    [TearDown]
    public void TearDown()
    {
        try { Directory.Delete(_work, true); } catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
        try { Directory.Delete(_outside, true); } catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
    }

    private static string? FdTarget(int fd)
    {
        try { return new FileInfo($"/proc/self/fd/{fd}").LinkTarget; } catch (IOException) { return null; }
    }

    private void CheckHost(string context)
    {
        Assert.That(File.Exists(_canary), Is.True, $"the canary outside the working directory was removed ({context})");
        Assert.That(File.ReadAllBytes(_canary), Is.EqualTo(_canaryBytes), $"the canary was changed ({context})");
        Assert.That(File.GetLastWriteTimeUtc(_canary), Is.EqualTo(_canaryTime), $"the canary was written ({context})");
        Assert.That(Directory.GetFileSystemEntries(_outside), Has.Length.EqualTo(1), $"a file appeared outside the working directory ({context})");
        for (int i = 0; i < 3; i++) Assert.That(FdTarget(i), Is.EqualTo(_stdTargets[i]), $"host descriptor {i} changed ({context})");
    }

    /// <summary>A fresh guest: code (svc #0; brk #0), a read-only page of names, data pages, a read-only page, a page followed by a hole.</summary>
    private LinuxProcess NewProcess(Random rng, out IExecutionEngine engine)
    {
        var p = LinuxProcess.CreateEmpty(new LinuxOptions { MemoryLimit = 64ul << 20 });
        RestoreFixedPages(p);
        p.Memory.Map(Data, DataPages * GuestMemory.PageSize, MemoryPermissions.ReadWrite);
        var bytes = new byte[DataPages * GuestMemory.PageSize];
        rng.NextBytes(bytes);
        p.Memory.WritePrivileged(Data, bytes);
        p.Memory.Map(ReadOnly, GuestMemory.PageSize, MemoryPermissions.Read);
        p.Memory.Map(Tail, GuestMemory.PageSize, MemoryPermissions.ReadWrite); // Tail + 0x1000 is unmapped
        engine = ExecutionEngines.Create(EnginePolicy.Interpreter, p.Cpu, p.Memory);
        p.Engine = engine;
        // The guest's working directory is the temporary directory, its standard streams files in it.
        Assert.That(p.Syscalls.Call(Sys.chdir, Names + 0x800), Is.EqualTo(0));
        for (int fd = 0; fd < 3; fd++)
        {
            long g = p.Syscalls.Call(Sys.openat, unchecked((ulong)-100), Names + 0x900 + 32ul * (ulong)fd, 0x42 /* O_RDWR|O_CREAT */, 0x180);
            Assert.That(g, Is.GreaterThanOrEqualTo(0));
            Assert.That(p.Syscalls.Call(Sys.dup3, (ulong)g, (ulong)fd, 0), Is.EqualTo(fd));
            p.Syscalls.Call(Sys.close, (ulong)g);
        }
        return p;
    }

    private void RestoreFixedPages(LinuxProcess p)
    {
        var m = p.Memory;
        if (m.GetPermissions(Code) != MemoryPermissions.ReadExecute || m.ReadU32Privileged(Code) != 0xD4000001u)
        {
            m.Unmap(Code, GuestMemory.PageSize);
            m.Map(Code, GuestMemory.PageSize, MemoryPermissions.ReadExecute);
            m.WriteU32Privileged(Code, 0xD4000001u);     // svc #0
            m.WriteU32Privileged(Code + 4, 0xD4200000u); // brk #0
            p.Engine?.InvalidatePage(Code);
        }
        m.Unmap(Names, GuestMemory.PageSize);
        m.Map(Names, GuestMemory.PageSize, MemoryPermissions.Read);
        for (int i = 0; i < SafeNames.Length; i++) WriteString(m, Names + 64ul * (ulong)i, SafeNames[i]);
        WriteString(m, Names + 0x800, _work);
        for (int fd = 0; fd < 3; fd++) WriteString(m, Names + 0x900 + 32ul * (ulong)fd, $"std{fd}.txt");
    }

    private static void WriteString(GuestMemory m, ulong at, string s)
    {
        var b = System.Text.Encoding.UTF8.GetBytes(s + "\0");
        m.WritePrivileged(at, b);
    }

    private static ulong BadPointer(Random rng) => rng.Next(5) switch
    {
        0 => 0,
        1 => (ulong)rng.Next(1, 0x10000),
        2 => 0xFFFF_0000_0000_0000ul | (ulong)rng.NextInt64(),
        3 => Tail + GuestMemory.PageSize + (ulong)rng.Next(0, 4096),
        _ => (ulong)rng.NextInt64() | (1ul << 47),
    };

    private static ulong RandomArgument(Random rng, List<int> fds) => rng.Next(12) switch
    {
        0 => (ulong)rng.Next(-5, 300),
        1 => (ulong)rng.NextInt64() ^ ((ulong)rng.Next(2) << 63),
        2 or 3 => Data + (ulong)rng.Next(0, DataPages * (int)GuestMemory.PageSize),
        4 => ReadOnly + (ulong)rng.Next(0, (int)GuestMemory.PageSize),
        5 => Tail + GuestMemory.PageSize - (ulong)rng.Next(1, 64), // the buffer runs into a hole
        6 => BadPointer(rng),
        7 => unchecked((ulong)-100), // AT_FDCWD
        8 => fds.Count > 0 ? (ulong)fds[rng.Next(fds.Count)] : 3,
        9 => 1ul << rng.Next(0, 64),
        10 => (ulong)rng.Next(0, 0x1000) * GuestMemory.PageSize,
        _ => ulong.MaxValue - (ulong)rng.Next(0, 4096),
    };

    /// <summary>A handler (the SVC at <see cref="Code"/>) for a random signal, so that kill, tgkill and faults deliver frames.</summary>
    private static int InstallHandler(LinuxProcess p, Random rng)
    {
        ulong act = Names + 0xC00; // restored before every call, like the names
        ulong[] flags = [0, Sig.SA_SIGINFO | Sig.SA_RESTORER, Sig.SA_ONSTACK, Sig.SA_NODEFER, Sig.SA_RESETHAND | Sig.SA_SIGINFO];
        p.Memory.WriteU64Privileged(act, Code);                                  // sa_handler
        p.Memory.WriteU64Privileged(act + 8, flags[rng.Next(flags.Length)]);     // sa_flags
        p.Memory.WriteU64Privileged(act + 16, Code);                             // sa_restorer
        p.Memory.WriteU64Privileged(act + 24, (ulong)rng.NextInt64());           // sa_mask
        var saved = *p.Cpu.State;
        int sig = rng.Next(1, 65);
        long r = p.Syscalls.Call(Sys.rt_sigaction, (ulong)sig, act, 0, 8);
        Assert.That(r == 0 || r == -Errno.EINVAL, Is.True, $"rt_sigaction returned {r}");
        *p.Cpu.State = saved;
        return r == 0 ? sig : 0;
    }

    [Test]
    public void RandomSystemCallsReturnErrnoValuesAndStayInTheWorkingDirectory()
    {
        int calls = int.TryParse(Environment.GetEnvironmentVariable("A64JIT_FUZZ_SYSCALLS"), out var n) && n > 0 ? n : 10_000;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("A64JIT_FUZZ_SEED"), out var s) ? s : 20261125;
        var rng = new Random(seed);
        long oldUmask = 0;
        var fds = new List<int>();
        int handled = 0;
        int processes = 0, errnos = 0, successes = 0, ends = 0, clearErrors = 0, signals = 0;
        var clock = Stopwatch.StartNew();
        LinuxProcess? p = null;
        IExecutionEngine? engine = null;
        try
        {
            for (int i = 0; i < calls; i++)
            {
                if (p == null)
                {
                    p = NewProcess(rng, out engine);
                    processes++;
                    if (processes == 1) { oldUmask = p.Syscalls.Call(Sys.umask, 0x12); p.Syscalls.Call(Sys.umask, (ulong)oldUmask); }
                    fds.Clear();
                    handled = 0;
                    fds.AddRange(p.Files.GuestDescriptors);
                }
                RestoreFixedPages(p);
                var st = p.Cpu.State;
                st->X[31] = Data + DataPages * GuestMemory.PageSize; // signal frames go below here
                if (rng.Next(20) == 0) handled = InstallHandler(p, rng);
                int nr;
                do nr = rng.Next(10) == 0 ? rng.Next(0, 1000) : rng.Next(2) == 0 ? Known[rng.Next(Known.Length)] : rng.Next(0, 300); while (Excluded.Contains(nr) || nr is Sys.exit or Sys.exit_group && rng.Next(8) != 0);
                var args = new ulong[6];
                for (int k = 0; k < 6; k++) args[k] = RandomArgument(rng, fds);
                if (PathArgs.TryGetValue(nr, out var paths))
                    foreach (int k in paths)
                        args[k] = rng.Next(6) == 0 ? BadPointer(rng) : Names + 64ul * (ulong)rng.Next(SafeNames.Length);
                if (nr == Sys.umask) args[0] = (ulong)oldUmask;
                if (nr is Sys.kill or Sys.tkill or Sys.tgkill && rng.Next(2) == 0)
                {
                    // Aimed at the process itself, so that signals are delivered (to handlers or by default actions).
                    ulong pid = (ulong)p.Pid, sig = handled != 0 && rng.Next(2) == 0 ? (ulong)handled : (ulong)rng.Next(1, 65);
                    if (nr == Sys.kill) { args[0] = rng.Next(2) == 0 ? 0 : pid; args[1] = sig; }
                    else if (nr == Sys.tkill) { args[0] = pid; args[1] = sig; }
                    else { args[0] = pid; args[1] = pid; args[2] = sig; }
                }
                for (int k = 0; k < 6; k++) st->X[k] = args[k];
                st->X[8] = (ulong)nr;
                st->PC = Code;
                st->Pstate = 0;
                string call = $"call {i}: {Sys.Name(nr)}({string.Join(", ", args.Select(a => $"0x{a:x}"))})";
                try
                {
                    var reason = engine!.Run(16);
                    Assert.That(reason, Is.EqualTo(StopReason.Exception), call);
                    Assert.That(Syndrome.ExceptionClass(st->ExitSyndrome), Is.EqualTo(Syndrome.Svc64), call);
                    p.HandleStop(reason);
                }
                catch (GuestExecutionException)
                {
                    clearErrors++; // a clear error that ends the guest, as a64jit run reports it
                    End();
                    continue;
                }
                if (p.ExitStatus != null) { ends++; End(); continue; }
                if (st->PC != Code + 4) { signals++; continue; } // a signal handler (at Code) or a sigreturn frame took over
                long r = (long)st->X[0];
                Assert.That(r >= -4095, Is.True, $"{call} returned {r}, neither a value nor -errno");
                if (r < 0) errnos++; else successes++;
                if (nr == Sys.openat && r >= 0 && fds.Count < 64) fds.Add((int)r);
                if (i % 200 == 0) CheckHost(call);
            }
        }
        finally
        {
            End();
        }
        CheckHost("end");
        TestContext.Out.WriteLine($"seed {seed}: {calls} system calls in {processes} guest processes: {successes} values, {errnos} errno results, {ends} exits, {signals} signal deliveries, {clearErrors} clear errors; {clock.Elapsed.TotalSeconds:F1} s");

        void End()
        {
            engine?.Dispose();
            p?.Dispose();
            p = null;
            engine = null;
        }
    }
}
