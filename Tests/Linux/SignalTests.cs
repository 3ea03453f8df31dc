using System.Buffers.Binary;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Runtime.Linux;

namespace A64Jit.Tests.Linux;

/// <summary>Faults turned into signals: handler frames, rt_sigreturn, default actions, kill/tgkill.</summary>
[TestFixture]
public unsafe class SignalTests
{
    private const ulong Buf = 0x10000;
    private const ulong StackLo = 0x200000, StackHi = 0x210000;
    private const ulong Handler = 0x400100, Restorer = 0x400200, FaultPc = 0x400040;
    private const ulong FaultAddress = 0xDEAD0008;

    private LinuxProcess _p = null!;
    private CpuState* S => _p.Cpu.State;

    [SetUp]
    public void SetUp()
    {
        _p = LinuxProcess.CreateEmpty();
        _p.Memory.Map(Buf, 0x1000, MemoryPermissions.ReadWrite);
        _p.Memory.Map(StackLo, StackHi - StackLo, MemoryPermissions.ReadWrite);
        _p.Memory.Map(0x400000, 0x1000, MemoryPermissions.ReadExecute);
        for (int i = 0; i < 31; i++) S->X[i] = 0x1000ul + (ulong)i;
        S->X[31] = StackHi - 0x100;
        S->PC = FaultPc;
        S->Nzcv = NzcvBits.N | NzcvBits.C;
        S->Fpcr = 0x0300_0000;
        S->Fpsr = 0x10;
        for (int i = 0; i < 64; i++) S->V[i] = 0xF00D_0000ul + (ulong)i;
    }

    [TearDown]
    public void TearDown() => _p.Dispose();

    private void InstallHandler(int sig, ulong flags, ulong mask = 0, ulong restorer = Restorer)
    {
        var act = new byte[32];
        BinaryPrimitives.WriteUInt64LittleEndian(act, Handler);
        BinaryPrimitives.WriteUInt64LittleEndian(act.AsSpan(8), flags);
        BinaryPrimitives.WriteUInt64LittleEndian(act.AsSpan(16), restorer);
        BinaryPrimitives.WriteUInt64LittleEndian(act.AsSpan(24), mask);
        _p.Memory.WritePrivileged(Buf, act);
        ulong pc = S->PC;
        var saved = new ulong[9];
        for (int i = 0; i < 9; i++) saved[i] = S->X[i];
        Assert.That(_p.Syscalls.Call(Sys.rt_sigaction, (ulong)sig, Buf, 0, 8), Is.EqualTo(0));
        for (int i = 0; i < 9; i++) S->X[i] = saved[i];
        S->PC = pc;
    }

    private void StopWith(uint ec, uint iss, ulong address = 0)
    {
        S->ExitReason = (uint)StopReason.Exception;
        S->ExitSyndrome = Syndrome.Make(ec, iss);
        S->ExitAddress = address;
        _p.HandleStop(StopReason.Exception);
    }

    private ulong U64(ulong a) => _p.Memory.ReadU64Privileged(a);
    private uint U32(ulong a) => _p.Memory.ReadU32Privileged(a);

    [Test]
    public void DataAbortEntersTheHandlerWithACompleteFrame()
    {
        InstallHandler(Sig.SIGSEGV, Sig.SA_SIGINFO | Sig.SA_RESTORER, mask: Sig.Bit(Sig.SIGUSR1));
        ulong oldSp = S->X[31];
        StopWith(Syndrome.DataAbortLowerEl, Syndrome.TranslationFaultLevel3 | Syndrome.WnR, FaultAddress);

        Assert.That(_p.ExitStatus, Is.Null);
        Assert.That(S->PC, Is.EqualTo(Handler));
        Assert.That(S->X[0], Is.EqualTo((ulong)Sig.SIGSEGV));
        ulong frame = S->X[31];
        Assert.That(frame % 16, Is.EqualTo(0));
        Assert.That(frame, Is.LessThanOrEqualTo(oldSp - SignalFrame.FrameSize));
        Assert.That(S->X[1], Is.EqualTo(frame), "siginfo at the bottom of the frame");
        Assert.That(S->X[2], Is.EqualTo(frame + 128), "ucontext after siginfo");
        Assert.That(S->X[30], Is.EqualTo(Restorer));
        Assert.That(U64(S->X[29]), Is.EqualTo(0x1000ul + 29), "frame record: saved fp");
        Assert.That(U64(S->X[29] + 8), Is.EqualTo(0x1000ul + 30), "frame record: saved lr");

        // siginfo
        Assert.That(U32(frame), Is.EqualTo((uint)Sig.SIGSEGV));
        Assert.That(U32(frame + 8), Is.EqualTo((uint)Sig.SEGV_MAPERR));
        Assert.That(U64(frame + 16), Is.EqualTo(FaultAddress));
        // ucontext
        ulong uc = frame + 128;
        Assert.That(U64(uc + 40), Is.EqualTo(0ul), "uc_sigmask holds the mask before delivery");
        ulong mc = uc + 176;
        Assert.That(U64(mc), Is.EqualTo(FaultAddress), "fault_address");
        for (int i = 0; i < 31; i++) Assert.That(U64(mc + 8 + 8 * (ulong)i), Is.EqualTo(0x1000ul + (ulong)i), $"x{i}");
        Assert.That(U64(mc + 256), Is.EqualTo(oldSp), "sp");
        Assert.That(U64(mc + 264), Is.EqualTo(FaultPc), "pc");
        Assert.That(U64(mc + 272), Is.EqualTo((ulong)(NzcvBits.N | NzcvBits.C)), "pstate");
        ulong rec = mc + 288;
        Assert.That(U32(rec), Is.EqualTo(0x46508001u), "FPSIMD_MAGIC");
        Assert.That(U32(rec + 4), Is.EqualTo(528u));
        Assert.That(U32(rec + 8), Is.EqualTo(0x10u), "fpsr");
        Assert.That(U32(rec + 12), Is.EqualTo(0x0300_0000u), "fpcr");
        Assert.That(U64(rec + 16 + 16 * 7), Is.EqualTo(0xF00D_0000ul + 14), "v7 low half");
        Assert.That(U64(rec + 16 + 16 * 7 + 8), Is.EqualTo(0xF00D_0000ul + 15), "v7 high half");
        ulong esr = rec + 528;
        Assert.That(U32(esr), Is.EqualTo(0x45535201u), "ESR_MAGIC");
        Assert.That(U64(esr + 8) >> 26, Is.EqualTo(0x24ul));
        Assert.That(U32(esr + 16), Is.EqualTo(0u), "terminating null record");

        Assert.That(_p.Signals.Blocked, Is.EqualTo(Sig.Bit(Sig.SIGSEGV) | Sig.Bit(Sig.SIGUSR1)), "sa_mask and the signal itself are blocked");

        // The handler clobbers registers, then returns through rt_sigreturn.
        for (int i = 0; i < 31; i++) S->X[i] = 0xBAD;
        S->V[3] = 0; S->Fpsr = 0; S->Nzcv = 0;
        // The handler may change the saved pc to skip the faulting instruction.
        _p.Memory.WriteU64Privileged(mc + 264, FaultPc + 4);
        S->X[31] = frame;
        S->X[8] = Sys.rt_sigreturn;
        S->PC = Restorer + 4;
        StopWith(Syndrome.Svc64, 0);
        Assert.That(S->PC, Is.EqualTo(FaultPc + 4));
        for (int i = 0; i < 31; i++) Assert.That(S->X[i], Is.EqualTo(0x1000ul + (ulong)i), $"x{i} restored (x0 not overwritten by a result)");
        Assert.That(S->X[31], Is.EqualTo(oldSp));
        Assert.That(S->Nzcv, Is.EqualTo(NzcvBits.N | NzcvBits.C));
        Assert.That(S->V[3], Is.EqualTo(0xF00D_0003ul));
        Assert.That(S->Fpsr, Is.EqualTo(0x10u));
        Assert.That(_p.Signals.Blocked, Is.EqualTo(0ul));
    }

    [Test]
    public void WithoutSaRestorerTheDefaultTrampolineReturns()
    {
        InstallHandler(Sig.SIGILL, Sig.SA_SIGINFO, restorer: 0);
        StopWith(Syndrome.Unknown, 0);
        Assert.That(S->PC, Is.EqualTo(Handler));
        Assert.That(S->X[30], Is.EqualTo(LinuxProcess.TrampolinePage));
        Assert.That(_p.Memory.TryFetch32(LinuxProcess.TrampolinePage, out uint w0) && w0 == 0xD2801168u, Is.True, "mov x8, #139");
        Assert.That(_p.Memory.TryFetch32(LinuxProcess.TrampolinePage + 4, out uint w1) && w1 == 0xD4000001u, Is.True, "svc #0");
        Assert.That(U32(S->X[1] + 8), Is.EqualTo((uint)Sig.ILL_ILLOPC));
        Assert.That(U64(S->X[1] + 16), Is.EqualTo(FaultPc), "si_addr is the instruction");
    }

    [TestCase(Syndrome.Unknown, 0u, Sig.SIGILL)]
    [TestCase(Syndrome.Brk64, 0x3E8u, Sig.SIGTRAP)]
    [TestCase(Syndrome.DataAbortLowerEl, Syndrome.TranslationFaultLevel3, Sig.SIGSEGV)]
    [TestCase(Syndrome.DataAbortLowerEl, Syndrome.PermissionFaultLevel3 | Syndrome.WnR, Sig.SIGSEGV)]
    [TestCase(Syndrome.InstructionAbortLowerEl, Syndrome.TranslationFaultLevel3, Sig.SIGSEGV)]
    [TestCase(Syndrome.DataAbortLowerEl, Syndrome.AlignmentFault, Sig.SIGBUS)]
    [TestCase(Syndrome.PcAlignment, 0u, Sig.SIGBUS)]
    [TestCase(Syndrome.SpAlignment, 0u, Sig.SIGBUS)]
    [TestCase(Syndrome.Hvc64, 0u, Sig.SIGILL)]
    public void UncaughtFaultsKillWithTheShellStatus(uint ec, uint iss, int sig)
    {
        StopWith(ec, iss, FaultAddress);
        Assert.That(_p.TerminatingSignal, Is.EqualTo(sig));
        Assert.That(_p.ExitStatus, Is.EqualTo(128 + sig));
        Assert.That(_p.CoreDumped, Is.True);
    }

    [Test]
    public void PermissionFaultsAreAccerr()
    {
        InstallHandler(Sig.SIGSEGV, Sig.SA_SIGINFO | Sig.SA_RESTORER);
        StopWith(Syndrome.DataAbortLowerEl, Syndrome.PermissionFaultLevel3, FaultAddress);
        Assert.That(U32(S->X[1] + 8), Is.EqualTo((uint)Sig.SEGV_ACCERR));
    }

    [Test]
    public void ABlockedOrIgnoredFaultSignalStillKills()
    {
        InstallHandler(Sig.SIGSEGV, Sig.SA_RESTORER);
        _p.Signals.Blocked = Sig.Bit(Sig.SIGSEGV);
        StopWith(Syndrome.DataAbortLowerEl, Syndrome.TranslationFaultLevel3, FaultAddress);
        Assert.That(_p.ExitStatus, Is.EqualTo(128 + Sig.SIGSEGV));

        using var q = LinuxProcess.CreateEmpty();
        q.Signals.Actions[Sig.SIGILL] = new SigAction(Sig.SIG_IGN, 0, 0, 0);
        q.Force(new SigInfo(Sig.SIGILL, Sig.ILL_ILLOPC, 0, IsFault: true));
        Assert.That(q.ExitStatus, Is.EqualTo(128 + Sig.SIGILL));
    }

    [Test]
    public void AnUnwritableFrameKillsWithSigsegv()
    {
        InstallHandler(Sig.SIGILL, Sig.SA_RESTORER);
        S->X[31] = 0x900000; // unmapped stack
        StopWith(Syndrome.Unknown, 0);
        Assert.That(_p.ExitStatus, Is.EqualTo(128 + Sig.SIGSEGV));
    }

    [Test]
    public void SigaltstackIsUsedForSaOnstack()
    {
        const ulong Alt = 0x300000;
        _p.Memory.Map(Alt, 0x4000, MemoryPermissions.ReadWrite);
        var ss = new byte[24];
        BinaryPrimitives.WriteUInt64LittleEndian(ss, Alt);
        BinaryPrimitives.WriteUInt64LittleEndian(ss.AsSpan(16), 0x4000);
        _p.Memory.WritePrivileged(Buf + 0x100, ss);
        Assert.That(_p.Syscalls.Call(Sys.sigaltstack, Buf + 0x100, 0), Is.EqualTo(0));
        S->PC = FaultPc;
        BinaryPrimitives.WriteUInt64LittleEndian(ss.AsSpan(16), 100);
        _p.Memory.WritePrivileged(Buf + 0x200, ss);
        Assert.That(_p.Syscalls.Call(Sys.sigaltstack, Buf + 0x200, 0), Is.EqualTo(-Errno.ENOMEM));
        S->PC = FaultPc;

        InstallHandler(Sig.SIGSEGV, Sig.SA_ONSTACK | Sig.SA_SIGINFO | Sig.SA_RESTORER);
        S->X[31] = StackHi - 0x100;
        StopWith(Syndrome.DataAbortLowerEl, Syndrome.TranslationFaultLevel3, FaultAddress);
        Assert.That(S->X[31], Is.InRange(Alt, Alt + 0x4000));
        ulong uc = S->X[2];
        Assert.That(U64(uc + 16), Is.EqualTo(Alt), "uc_stack.ss_sp");
        Assert.That(U32(uc + 24), Is.EqualTo(0u), "not on the alternate stack when interrupted");
        Assert.That(U64(uc + 32), Is.EqualTo(0x4000ul));
        // Inside the handler the stack cannot be changed.
        ulong pc = S->PC;
        Assert.That(_p.Syscalls.Call(Sys.sigaltstack, Buf + 0x100, Buf + 0x300), Is.EqualTo(-Errno.EPERM));
        S->PC = pc;
        Assert.That(_p.Syscalls.Call(Sys.sigaltstack, 0, Buf + 0x300), Is.EqualTo(0));
        Assert.That(U32(Buf + 0x308), Is.EqualTo((uint)Sig.SS_ONSTACK));
    }

    [Test]
    public void SigactionAndSigprocmaskRoundTrip()
    {
        InstallHandler(Sig.SIGUSR2, Sig.SA_SIGINFO | Sig.SA_RESTORER | Sig.SA_RESTART, mask: Sig.Bit(Sig.SIGINT) | Sig.Bit(Sig.SIGKILL));
        Assert.That(_p.Syscalls.Call(Sys.rt_sigaction, (ulong)Sig.SIGUSR2, 0, Buf + 0x100, 8), Is.EqualTo(0));
        Assert.That(U64(Buf + 0x100), Is.EqualTo(Handler));
        Assert.That(U64(Buf + 0x108), Is.EqualTo(Sig.SA_SIGINFO | Sig.SA_RESTORER | Sig.SA_RESTART));
        Assert.That(U64(Buf + 0x110), Is.EqualTo(Restorer));
        Assert.That(U64(Buf + 0x118), Is.EqualTo(Sig.Bit(Sig.SIGINT)), "SIGKILL cannot be in sa_mask");
        Assert.That(_p.Syscalls.Call(Sys.rt_sigaction, (ulong)Sig.SIGKILL, Buf, 0, 8), Is.EqualTo(-Errno.EINVAL));
        Assert.That(_p.Syscalls.Call(Sys.rt_sigaction, 0, 0, Buf + 0x100, 8), Is.EqualTo(-Errno.EINVAL));
        Assert.That(_p.Syscalls.Call(Sys.rt_sigaction, 65, 0, Buf + 0x100, 8), Is.EqualTo(-Errno.EINVAL));
        Assert.That(_p.Syscalls.Call(Sys.rt_sigaction, 10, 0, Buf + 0x100, 4), Is.EqualTo(-Errno.EINVAL));

        _p.Memory.WriteU64Privileged(Buf + 0x200, Sig.Bit(Sig.SIGUSR1) | Sig.Bit(Sig.SIGSTOP));
        Assert.That(_p.Syscalls.Call(Sys.rt_sigprocmask, (ulong)Sig.SIG_BLOCK, Buf + 0x200, 0, 8), Is.EqualTo(0));
        Assert.That(_p.Syscalls.Call(Sys.rt_sigprocmask, (ulong)Sig.SIG_SETMASK, 0, Buf + 0x208, 8), Is.EqualTo(0));
        Assert.That(U64(Buf + 0x208), Is.EqualTo(Sig.Bit(Sig.SIGUSR1)), "SIGSTOP cannot be blocked");
        Assert.That(_p.Syscalls.Call(Sys.rt_sigprocmask, 7, Buf + 0x200, 0, 8), Is.EqualTo(-Errno.EINVAL));
        Assert.That(_p.Syscalls.Call(Sys.rt_sigprocmask, (ulong)Sig.SIG_UNBLOCK, Buf + 0x200, 0, 8), Is.EqualTo(0));
        Assert.That(_p.Signals.Blocked, Is.EqualTo(0ul));
    }

    [Test]
    public void KillToSelfWithTheDefaultActionTerminates()
    {
        S->X[0] = (ulong)_p.Pid; S->X[1] = Sig.SIGTERM; S->X[8] = Sys.kill;
        StopWith(Syndrome.Svc64, 0);
        Assert.That(_p.ExitStatus, Is.EqualTo(128 + Sig.SIGTERM));
        Assert.That(_p.CoreDumped, Is.False);
    }

    [Test]
    public void IgnoredAndDefaultIgnoredSignalsAreDiscarded()
    {
        S->X[0] = (ulong)_p.Pid; S->X[1] = Sig.SIGCHLD; S->X[8] = Sys.kill;
        StopWith(Syndrome.Svc64, 0);
        Assert.That(_p.ExitStatus, Is.Null);
        Assert.That(S->X[0], Is.EqualTo(0ul));
        Assert.That(S->PC, Is.EqualTo(FaultPc + 4));
        Assert.That(_p.Syscalls.Call(Sys.kill, 1, (ulong)Sig.SIGTERM), Is.EqualTo(-Errno.EPERM), "other processes are not touched");
        Assert.That(_p.Syscalls.Call(Sys.kill, (ulong)_p.Pid, 0), Is.EqualTo(0), "signal 0 only checks");
        Assert.That(_p.Syscalls.Call(Sys.tgkill, (ulong)_p.Pid, (ulong)_p.Pid + 1, Sig.SIGTERM), Is.EqualTo(-Errno.ESRCH));
    }

    [Test]
    public void TgkillRunsTheHandlerAfterTheSyscallReturns()
    {
        InstallHandler(Sig.SIGABRT, Sig.SA_SIGINFO | Sig.SA_RESTORER);
        S->X[0] = (ulong)_p.Pid; S->X[1] = (ulong)_p.Pid; S->X[2] = Sig.SIGABRT; S->X[8] = Sys.tgkill;
        StopWith(Syndrome.Svc64, 0);
        Assert.That(S->PC, Is.EqualTo(Handler));
        ulong mc = S->X[2] + 176;
        Assert.That(U64(mc + 264), Is.EqualTo(FaultPc + 4), "returns after the svc");
        Assert.That(U64(mc + 8), Is.EqualTo(0ul), "with the syscall's result in x0");
        Assert.That(U32(S->X[1] + 8), Is.EqualTo(unchecked((uint)Sig.SI_TKILL)));
        Assert.That(U32(S->X[1] + 16), Is.EqualTo((uint)_p.Pid), "si_pid");
    }

    [Test]
    public void BlockedSignalsWaitUntilUnblocked()
    {
        InstallHandler(Sig.SIGUSR1, Sig.SA_RESTORER);
        _p.Signals.Blocked = Sig.Bit(Sig.SIGUSR1);
        S->X[0] = (ulong)_p.Pid; S->X[1] = Sig.SIGUSR1; S->X[8] = Sys.kill;
        StopWith(Syndrome.Svc64, 0);
        Assert.That(S->PC, Is.EqualTo(FaultPc + 4));
        Assert.That(_p.Signals.Pending, Is.EqualTo(Sig.Bit(Sig.SIGUSR1)));
        _p.Memory.WriteU64Privileged(Buf + 0x200, Sig.Bit(Sig.SIGUSR1));
        S->X[0] = Sig.SIG_UNBLOCK; S->X[1] = Buf + 0x200; S->X[2] = 0; S->X[3] = 8; S->X[8] = Sys.rt_sigprocmask;
        StopWith(Syndrome.Svc64, 0);
        Assert.That(S->PC, Is.EqualTo(Handler));
        Assert.That(_p.Signals.Pending, Is.EqualTo(0ul));
    }

    [Test]
    public void SaResethandRestoresTheDefault()
    {
        InstallHandler(Sig.SIGILL, Sig.SA_RESTORER | Sig.SA_RESETHAND);
        StopWith(Syndrome.Unknown, 0);
        Assert.That(S->PC, Is.EqualTo(Handler));
        Assert.That(_p.Signals.Actions[Sig.SIGILL].Handler, Is.EqualTo(Sig.SIG_DFL));
    }

    [Test]
    public void ACorruptFrameOnSigreturnKills()
    {
        S->X[31] = StackHi - 0x2000;
        _p.Memory.WritePrivileged(S->X[31], new byte[SignalFrame.FrameSize]); // no fpsimd record
        S->X[8] = Sys.rt_sigreturn;
        StopWith(Syndrome.Svc64, 0);
        Assert.That(_p.ExitStatus, Is.EqualTo(128 + Sig.SIGSEGV));
    }

    [Test]
    public void WritingToAPipeWithoutReadersRaisesSigpipe()
    {
        Assert.That(_p.Syscalls.Call(Sys.pipe2, Buf, 0), Is.EqualTo(0));
        int r = (int)U32(Buf), w = (int)U32(Buf + 4);
        Assert.That(_p.Syscalls.Call(Sys.close, (ulong)r), Is.EqualTo(0));
        S->X[0] = (ulong)w; S->X[1] = Buf; S->X[2] = 4; S->X[8] = Sys.write;
        StopWith(Syndrome.Svc64, 0);
        Assert.That(_p.ExitStatus, Is.EqualTo(128 + Sig.SIGPIPE));
        Assert.That(S->X[0], Is.EqualTo(unchecked((ulong)-Errno.EPIPE)));
    }

    [Test]
    public void HostSignalsReachTheGuestAtTheNextStop()
    {
        InstallHandler(Sig.SIGINT, Sig.SA_SIGINFO | Sig.SA_RESTORER);
        _p.PostHostSignal(Sig.SIGINT);
        Assert.That(S->StopRequest, Is.Not.Zero, "the engine is asked to stop");
        S->StopRequest = 0;
        _p.HandleStop(StopReason.StopRequested);
        Assert.That(S->PC, Is.EqualTo(Handler));
        ulong mc = S->X[2] + 176;
        Assert.That(U64(mc + 264), Is.EqualTo(FaultPc), "resumes where it was interrupted");
        Assert.That(U32(S->X[1] + 8), Is.EqualTo((uint)Sig.SI_USER));

        using var q = LinuxProcess.CreateEmpty();
        q.PostHostSignal(Sig.SIGTERM);
        q.HandleStop(StopReason.BudgetExhausted);
        Assert.That(q.ExitStatus, Is.EqualTo(128 + Sig.SIGTERM));
    }

    [Test]
    public void CtrlCEndsTheGuestWithStatus130()
    {
        using var q = LinuxProcess.CreateEmpty();
        q.PostHostSignal(Sig.SIGINT);
        q.HandleStop(StopReason.StopRequested);
        Assert.That(q.ExitStatus, Is.EqualTo(130));
        Assert.That(q.CoreDumped, Is.False);
    }
}
