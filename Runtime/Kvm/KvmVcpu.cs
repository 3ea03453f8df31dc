using A64Jit.Core.Decoding;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Runtime.Execution;
using A64Jit.Translator.Execution;

namespace A64Jit.Runtime.Kvm;

/// <summary>
/// A virtual CPU in the style of a KVM vCPU file descriptor. It runs on one emulated core
/// of the VM's machine (<see cref="Core"/>, which the VMM can change, rule A4); methods
/// return 0 or a negated errno as the KVM ioctls do. <see cref="Run"/> is called from the
/// thread that owns the vCPU (a second thread calling it at the same time gets -EBUSY);
/// <see cref="Kick"/>, <see cref="SetIrqLine"/> and <see cref="SetFiqLine"/> from any thread.
/// Guest code runs on the engine named by the VM's <see cref="KvmVmOptions.Engine"/>; the
/// run loop around it (interrupts, the execution-state checks, exits) is the same for all.
/// </summary>
public sealed unsafe class KvmVcpu : IDisposable
{
    /// <summary>
    /// Instructions the interpreter executes between checks of timers, interrupt lines and
    /// requests. The translator returns to the run loop after every block (the block boundary).
    /// </summary>
    private const ulong Slice = 20_000;
    /// <summary>SCTLR_EL1 after reset: MMU, caches and alignment checks off; RES1 bits set.</summary>
    public const ulong SctlrEl1Reset = 0x00C5_0078;
    private const uint PstateEl1h = 0x5 | PstateBits.DaifMask;

    private readonly KvmVm _vm;
    private readonly CpuContext _cpu = new();
    private readonly Interpreter _interpreter;
    /// <summary>The translator for <see cref="EnginePolicy.Translator"/> and <see cref="EnginePolicy.Tiered"/>; null for the interpreter.</summary>
    private readonly TranslatedEngine? _translated;
    private readonly object _lock = new();
    /// <summary>Held for the whole of <see cref="Run"/>: one run at a time, and disposal waits for it.</summary>
    private readonly object _runGate = new();
    private readonly AutoResetEvent _wake = new(false);
    private int _core;
    private bool _initialized, _failed;
    private volatile bool _poweredOff;
    private uint _target;
    private uint _features;
    private volatile bool _irqLine, _fiqLine;
    private volatile int _kick;
    private volatile bool _running, _disposed;
    private PendingMmio? _pendingMmio;

    private sealed record PendingMmio(int Register, int Size, bool Signed, bool To64);

    internal KvmVcpu(KvmVm vm, int id)
    {
        _vm = vm;
        Id = id;
        _core = id;
        _interpreter = new Interpreter(_cpu, vm.Memory);
        Engine = vm.Options.Engine;
        if (Engine != EnginePolicy.Interpreter)
            _translated = new TranslatedEngine(_cpu.State, vm.Memory, new TranslatorOptions
            {
                HotThreshold = Engine == EnginePolicy.Tiered ? TranslatingEngine.TieredHotThreshold : 0,
            });
    }

    /// <summary>The engine that runs this vCPU's guest code (the VM's <see cref="KvmVmOptions.Engine"/>).</summary>
    public EnginePolicy Engine { get; }

    /// <summary>The translator's counters (null for the interpreter).</summary>
    public TranslationStats? TranslationStatistics => _translated?.Stats;

    public int Id { get; }

    /// <summary>The shared run structure (exit reason and its fields, immediate_exit).</summary>
    public KvmRun RunData { get; } = new();

    /// <summary>MPIDR_EL1 as KVM derives it from the vCPU id (Aff0 = id[3:0], Aff1 = id[11:4], Aff2 = id[19:12]).</summary>
    public ulong MpidrValue => (1ul << 31) | ((ulong)Id & 0xF) | ((((ulong)Id >> 4) & 0xFF) << 8) | ((((ulong)Id >> 12) & 0xFF) << 16);

    /// <summary>The emulated core this vCPU runs on (rule A4); its AArch32-EL0 capability and MIDR apply.</summary>
    public int Core
    {
        get => _core;
        set
        {
            if ((uint)value >= (uint)_vm.Machine.CoreCount) throw new ArgumentOutOfRangeException(nameof(value), value, $"the machine has cores 0-{_vm.Machine.CoreCount - 1}");
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_running) throw new InvalidOperationException("the vCPU is running on another thread; change its core between runs");
                _core = value;
                ApplyCore();
            }
        }
    }

    public bool IsPoweredOff => _poweredOff;

    /// <summary>The raw state, for the VMM's debugging and the tests.</summary>
    internal CpuState* State => _cpu.State;

    private void ApplyCore()
    {
        var s = _cpu.State;
        var core = _vm.Machine.Cores[_core];
        s->Aarch32El0Supported = core.Aarch32El0 ? 1u : 0u;
        s->Midr = core.Midr;
    }

    // ------------------------------------------------------------------ init

    /// <summary>
    /// KVM_ARM_VCPU_INIT (rule C2): <paramref name="features"/> is a bit set of
    /// <see cref="VcpuFeature"/>. Unknown bits give ENOENT; features this machine cannot
    /// offer (32-bit EL1, PMU, SVE, pointer authentication, EL2) EINVAL; a re-init must
    /// name the same target and features (POWER_OFF aside). Resets the vCPU to AArch64 EL1h
    /// with D, A, I, F masked and all registers zero; with POWER_OFF it stays stopped until
    /// a PSCI CPU_ON. EBUSY while the vCPU runs on another thread; EBADF after disposal.
    /// </summary>
    public int Init(uint target, uint features)
    {
        lock (_lock)
        {
            if (_disposed) return -Errno.EBADF;
            if (_running) return -Errno.EBUSY;
            if (target != _vm.PreferredTarget) return -Errno.EINVAL;
            if ((features >> VcpuFeature.Count) != 0) return -Errno.ENOENT;
            const uint supported = (1u << VcpuFeature.PowerOff) | (1u << VcpuFeature.Psci0_2);
            if ((features & ~supported) != 0) return -Errno.EINVAL;
            uint comparable = features & ~(1u << VcpuFeature.PowerOff);
            if (_initialized && (target != _target || comparable != (_features & ~(1u << VcpuFeature.PowerOff)))) return -Errno.EINVAL;
            _target = target;
            _features = features;
            Reset();
            _poweredOff = (features & (1u << VcpuFeature.PowerOff)) != 0;
            _initialized = true;
            _failed = false;
            _pendingMmio = null;
            return 0;
        }
    }

    private bool HasFeature(int bit) => (_features & (1u << bit)) != 0;

    private void Reset()
    {
        var s = _cpu.State;
        var keepStop = s->StopRequest;
        *s = default;
        _cpu.ResetIdRegisters();
        s->StopRequest = keepStop;
        s->Pstate = PstateEl1h;
        s->SctlrEl1 = SctlrEl1Reset;
        s->Mpidr = MpidrValue;
        // KVM does not advertise 32-bit EL0 to any vCPU of an asymmetric machine (rule C4):
        // the vCPU sees the machine-wide sanitised value; EL1 is AArch64 only.
        s->IdAa64Pfr0 = (s->IdAa64Pfr0 & ~0xFFul) | (1ul << 4) | _vm.Machine.SanitisedEl0Field;
        ApplyCore();
    }

    // ------------------------------------------------------------------ registers

    /// <summary>
    /// KVM_GET_ONE_REG. ENOEXEC before init or after a failed entry (rule C3, C5); ENOENT for
    /// an unknown id (including a known register with the wrong size field); EBUSY while the
    /// vCPU runs on another thread; EBADF after disposal.
    /// </summary>
    public int GetOneReg(ulong id, out UInt128 value)
    {
        value = 0;
        lock (_lock)
        {
            if (_disposed) return -Errno.EBADF;
            if (_running) return -Errno.EBUSY;
            if (!_initialized || _failed) return -Errno.ENOEXEC;
            var s = _cpu.State;
            for (int n = 0; n <= 30; n++) if (id == KvmRegisterIds.X(n)) { value = s->X[n]; return 0; }
            for (int n = 0; n <= 31; n++) if (id == KvmRegisterIds.V(n)) { value = new UInt128(s->V[2 * n + 1], s->V[2 * n]); return 0; }
            if (id == KvmRegisterIds.Sp || id == KvmRegisterIds.SpEl0) value = CpuStateOps.GetSpEl0(s);
            else if (id == KvmRegisterIds.SpEl1) value = CpuStateOps.GetSpEl1(s);
            else if (id == KvmRegisterIds.Pc) value = s->PC;
            else if (id == KvmRegisterIds.Pstate) value = s->Pstate | s->Nzcv;
            else if (id == KvmRegisterIds.ElrEl1) value = s->ElrEl1;
            else if (id == KvmRegisterIds.SpsrEl1) value = s->SpsrEl1;
            else if (id == KvmRegisterIds.Fpsr) value = s->Fpsr;
            else if (id == KvmRegisterIds.Fpcr) value = s->Fpcr;
            else if (SysregField(id) is { } f) value = *f(s);
            else if (id == KvmRegisterIds.CntvCtlEl0) value = GenericTimer.ReadControl(s);
            else return -Errno.ENOENT;
            return 0;
        }
    }

    /// <summary>
    /// KVM_SET_ONE_REG. PSTATE must name EL0t, EL1t or EL1h in AArch64: AArch32 modes are
    /// refused with EINVAL (rule C4), as is a value that does not fit the register or an ID
    /// register changed to another value; errors otherwise as <see cref="GetOneReg"/>.
    /// </summary>
    public int SetOneReg(ulong id, UInt128 value)
    {
        lock (_lock)
        {
            if (_disposed) return -Errno.EBADF;
            if (_running) return -Errno.EBUSY;
            if (!_initialized || _failed) return -Errno.ENOEXEC;
            var s = _cpu.State;
            ulong v = (ulong)value;
            if ((value >> 64) != 0 && (id & KvmRegisterIds.SizeMask) != KvmRegisterIds.SizeU128) return -Errno.EINVAL;
            if ((id & KvmRegisterIds.SizeMask) == KvmRegisterIds.SizeU32 && (v >> 32) != 0) return -Errno.EINVAL;
            for (int n = 0; n <= 30; n++) if (id == KvmRegisterIds.X(n)) { s->X[n] = v; return 0; }
            for (int n = 0; n <= 31; n++) if (id == KvmRegisterIds.V(n)) { s->V[2 * n] = v; s->V[2 * n + 1] = (ulong)(value >> 64); return 0; }
            if (id == KvmRegisterIds.Sp || id == KvmRegisterIds.SpEl0) CpuStateOps.SetSpEl0(s, v);
            else if (id == KvmRegisterIds.SpEl1) CpuStateOps.SetSpEl1(s, v);
            else if (id == KvmRegisterIds.Pc) s->PC = v;
            else if (id == KvmRegisterIds.Pstate)
            {
                if (!IsAllowedMode((uint)v) || (v >> 32) != 0) return -Errno.EINVAL;
                s->Nzcv = (uint)v & 0xF000_0000u;
                CpuStateOps.SetPstate(s, (uint)v & 0x0FFF_FFFFu);
            }
            else if (id == KvmRegisterIds.ElrEl1) s->ElrEl1 = v;
            else if (id == KvmRegisterIds.SpsrEl1) s->SpsrEl1 = v;
            else if (id == KvmRegisterIds.Fpsr) s->Fpsr = (uint)v;
            else if (id == KvmRegisterIds.Fpcr) s->Fpcr = (uint)v;
            else if (IsIdRegister(id)) return *SysregField(id)!(s) == v ? 0 : -Errno.EINVAL;
            else if (SysregField(id) is { } f) *f(s) = v;
            else if (id == KvmRegisterIds.CntvCtlEl0) s->CntvCtlEl0 = v & (GenericTimer.CtlEnable | GenericTimer.CtlImask);
            else return -Errno.ENOENT;
            return 0;
        }
    }

    /// <summary>PSTATE.M values a VMM may set: EL0t, EL1t, EL1h in AArch64.</summary>
    private static bool IsAllowedMode(uint pstate) => (pstate & 0x1F) is 0x0 or 0x4 or 0x5;

    private static bool IsIdRegister(ulong id) =>
        id == KvmRegisterIds.MidrEl1 || id == KvmRegisterIds.MpidrEl1 || id == KvmRegisterIds.IdAa64Pfr0El1 ||
        id == KvmRegisterIds.IdAa64Pfr1El1 || id == KvmRegisterIds.IdAa64Isar0El1 || id == KvmRegisterIds.IdAa64Mmfr0El1;

    private delegate ulong* FieldOf(CpuState* s);

    private static FieldOf? SysregField(ulong id)
    {
        if (id == KvmRegisterIds.MidrEl1) return s => &s->Midr;
        if (id == KvmRegisterIds.MpidrEl1) return s => &s->Mpidr;
        if (id == KvmRegisterIds.IdAa64Pfr0El1) return s => &s->IdAa64Pfr0;
        if (id == KvmRegisterIds.IdAa64Pfr1El1) return s => &s->IdAa64Pfr1;
        if (id == KvmRegisterIds.IdAa64Isar0El1) return s => &s->IdAa64Isar0;
        if (id == KvmRegisterIds.IdAa64Mmfr0El1) return s => &s->IdAa64Mmfr0;
        if (id == KvmRegisterIds.SctlrEl1) return s => &s->SctlrEl1;
        if (id == KvmRegisterIds.CpacrEl1) return s => &s->CpacrEl1;
        if (id == KvmRegisterIds.Ttbr0El1) return s => &s->Ttbr0El1;
        if (id == KvmRegisterIds.Ttbr1El1) return s => &s->Ttbr1El1;
        if (id == KvmRegisterIds.TcrEl1) return s => &s->TcrEl1;
        if (id == KvmRegisterIds.EsrEl1) return s => &s->EsrEl1;
        if (id == KvmRegisterIds.FarEl1) return s => &s->FarEl1;
        if (id == KvmRegisterIds.MairEl1) return s => &s->MairEl1;
        if (id == KvmRegisterIds.VbarEl1) return s => &s->VbarEl1;
        if (id == KvmRegisterIds.ContextidrEl1) return s => &s->ContextidrEl1;
        if (id == KvmRegisterIds.TpidrEl1) return s => &s->TpidrEl1;
        if (id == KvmRegisterIds.TpidrEl0) return s => &s->TpidrEl0;
        if (id == KvmRegisterIds.TpidrroEl0) return s => &s->TpidrroEl0;
        if (id == KvmRegisterIds.CntvCvalEl0) return s => &s->CntvCvalEl0;
        return null;
    }

    // ------------------------------------------------------------------ requests from other threads

    /// <summary>Asks a running vCPU to return to the VMM (INTR, -EINTR) at its next block boundary (rule C8).</summary>
    public void Kick()
    {
        lock (_lock)
        {
            if (_disposed) return;
            KickLocked();
        }
    }

    private void KickLocked()
    {
        _kick = 1;
        Interlocked.Exchange(ref _cpu.State->StopRequest, 1);
        _wake.Set();
    }

    /// <summary>KVM_IRQ_LINE (irq_type CPU, irq_id 0) for this vCPU's IRQ input (level-sensitive): taken when PSTATE.I is clear.</summary>
    public void SetIrqLine(bool level)
    {
        _irqLine = level;
        if (level) _wake.Set();
    }

    /// <summary>KVM_IRQ_LINE (irq_type CPU, irq_id 1) for this vCPU's FIQ input (level-sensitive): taken when PSTATE.F is clear.</summary>
    public void SetFiqLine(bool level)
    {
        _fiqLine = level;
        if (level) _wake.Set();
    }

    internal void PowerOn(ulong entry, ulong contextId)
    {
        lock (_lock)
        {
            if (_disposed) return;
            Reset();
            var s = _cpu.State;
            s->PC = entry;
            s->X[0] = contextId;
            _poweredOff = false;
        }
        _wake.Set();
    }

    // ------------------------------------------------------------------ run

    /// <summary>
    /// KVM_RUN: runs the guest until something needs the VMM. Returns 0 with the exit in
    /// <see cref="RunData"/>, -EINTR for INTR (kick or immediate_exit), -ENOEXEC before init,
    /// after a FAIL_ENTRY for 32-bit EL0, or when the guest fetches instructions from memory
    /// that no slot backs; -EBUSY when another thread is running this vCPU; -EBADF after disposal.
    /// </summary>
    public int Run()
    {
        if (!Monitor.TryEnter(_runGate)) return -Errno.EBUSY;
        try
        {
            lock (_lock)
            {
                if (_disposed) return -Errno.EBADF;
                if (!_initialized || _failed) return -Errno.ENOEXEC;
                _running = true;
            }
            try { return RunGuest(); }
            finally { lock (_lock) _running = false; }
        }
        finally { Monitor.Exit(_runGate); }
    }

    private int RunGuest()
    {
        var run = RunData;
        var s = _cpu.State;
        if (run.ImmediateExit) return Interrupted();
        CompleteMmio();

        // State the VMM set up that is not a legal return target: an illegal exception return on entry.
        if ((s->Pstate & PstateBits.IL) != 0 || !IsAllowedMode(s->Pstate))
        {
            run.ExitReason = KvmExitReason.FailEntry;
            run.HardwareEntryFailureReason = FailEntryReason.InternalError;
            run.FailEntryCpu = (uint)_core;
            return 0;
        }

        // Each pass is one block boundary (translator) or one slice (interpreter): requests,
        // the execution state, the MMU and the interrupt lines are looked at, then the guest runs.
        while (true)
        {
            if (_kick != 0)
            {
                _kick = 0;
                Interlocked.Exchange(ref s->StopRequest, 0);
                return Interrupted();
            }
            if (_poweredOff)
            {
                _wake.WaitOne(100);
                continue;
            }
            if ((s->Pstate & PstateBits.nRW) != 0) return FailAarch32();
            if ((s->SctlrEl1 & 1) != 0) return InternalError("the guest enabled the MMU (SCTLR_EL1.M); stage-1 translation is not implemented yet");
            TakePendingInterrupt();

            var stop = Execute();
            switch (stop)
            {
                case StopReason.None:
                case StopReason.BudgetExhausted:
                case StopReason.StateChange:
                    continue;
                case StopReason.StopRequested:
                    continue; // the loop top reports the kick
                case StopReason.WaitForInterrupt:
                    if (_vm.Memory.TryFetch32(s->PC - 4, out uint w) && w == WfeWord) WaitForEvent();
                    else WaitForInterrupt();
                    continue;
                case StopReason.InternalError:
                    return InternalError("the engine could not continue at 0x" + s->PC.ToString("x"));
                case StopReason.Exception:
                    int? result = HandleException();
                    if (result is int r) return r;
                    continue;
                default:
                    return InternalError($"unexpected stop {stop} at 0x{s->PC:x}");
            }
        }
    }

    /// <summary>
    /// Runs guest code up to the next boundary: a slice of the interpreter (which makes the
    /// AArch32 and illegal-state checks before every instruction), or one translated block.
    /// Before a block the translator path makes the same checks the interpreter makes before
    /// an instruction: in AArch32 state nothing runs (the run loop fails the entry), and with
    /// PSTATE.IL set the interpreter executes the instruction, which takes the Illegal
    /// Execution State exception, instead of a translation.
    /// </summary>
    private StopReason Execute()
    {
        var s = _cpu.State;
        if (FpenTrapsAnything(s)) return ExecuteWithFpChecks();
        if (_translated == null) return _interpreter.Run(Slice);
        if ((s->Pstate & PstateBits.nRW) != 0) return StopReason.StateChange;
        if ((s->Pstate & PstateBits.IL) != 0) return _interpreter.Step();
        return _translated.StepBlock(Slice);
    }

    // ------------------------------------------------------------------ CPACR_EL1.FPEN

    /// <summary>ESR_EL1 for a trapped SIMD/FP access from AArch64: EC 0x07, IL, CV = 1, COND = 0b1110.</summary>
    private static readonly uint FpTrapSyndrome = Syndrome.Make(0x07, (1u << 24) | (0xEu << 20));

    /// <summary>True for encodings that access the SIMD and floating-point registers (by their group).</summary>
    private static readonly bool[] FpGroup = EncodingTable.All.Select(e => e.Group is EncodingGroup.FloatingPoint
        or EncodingGroup.AdvancedSimd or EncodingGroup.Crypto or EncodingGroup.LoadStoreSimd).ToArray();

    private static readonly uint FpcrKey = SystemRegisters.Key(3, 3, 4, 4, 0), FpsrKey = SystemRegisters.Key(3, 3, 4, 4, 1);

    /// <summary>
    /// CPACR_EL1.FPEN traps SIMD/FP accesses at the current EL: 0b00 and 0b10 trap EL0 and
    /// EL1, 0b01 traps EL0 only, 0b11 traps nothing.
    /// </summary>
    private static bool FpenTrapsAnything(CpuState* s) => ((s->CpacrEl1 >> 20) & 3) != 3;

    private static bool FpTrapped(CpuState* s)
    {
        uint fpen = (uint)(s->CpacrEl1 >> 20) & 3;
        return (s->Pstate & PstateBits.ElMask) == 0 ? fpen != 3 : (fpen & 1) == 0;
    }

    /// <summary>
    /// An instruction CPACR_EL1.FPEN applies to: the floating-point, Advanced SIMD and
    /// cryptographic encodings, loads and stores of SIMD&amp;FP registers (V = 1), and MRS/MSR
    /// of FPCR and FPSR.
    /// </summary>
    internal static bool IsFpAccess(uint word, int id)
    {
        if (id < 0) return false;
        if (FpGroup[id]) return true;
        var group = EncodingTable.All[id].Group;
        if (group == EncodingGroup.LoadStore) return ((word >> 26) & 1) != 0;
        if ((word & 0xFFD0_0000) == 0xD510_0000) // MSR/MRS (register)
        {
            uint key = (word >> 5) & 0xFFFF;
            return key == FpcrKey || key == FpsrKey;
        }
        return false;
    }

    /// <summary>
    /// Runs while CPACR_EL1.FPEN traps SIMD/FP accesses at some EL: no instruction the trap
    /// applies to may execute, so such instructions are looked at before they run. The
    /// translator runs a block natively when it holds none of them (nothing in it can trap,
    /// whatever it does to the EL or CPACR_EL1); otherwise, and always for the interpreter,
    /// instructions are stepped one at a time and a trapped one takes EC 0x07 to EL1 at its
    /// own address. The trap is evaluated before every instruction, so an ERET to EL0, an
    /// exception entry or a write to CPACR_EL1 takes effect at the next instruction.
    /// </summary>
    private StopReason ExecuteWithFpChecks()
    {
        var s = _cpu.State;
        int steps = 1024;
        if (_translated != null)
        {
            if ((s->Pstate & PstateBits.nRW) != 0) return StopReason.StateChange;
            if ((s->Pstate & PstateBits.IL) == 0 && (s->PC & 3) == 0 && _translated.Lookup(s->PC) is { } block)
            {
                bool clean = true;
                foreach (var i in block.Guest.Instructions)
                    if (IsFpAccess(i.Word, i.EncodingId)) { clean = false; break; }
                if (clean) return _translated.StepBlock(Slice);
                steps = block.Guest.Count;
            }
            else steps = 1;
        }
        for (int n = 0; n < steps; n++)
        {
            if ((s->Pstate & PstateBits.nRW) != 0) return StopReason.StateChange;
            if (FpTrapped(s) && (s->Pstate & PstateBits.IL) == 0 && (s->PC & 3) == 0
                && _vm.Memory.TryFetch32(s->PC, out uint word) && IsFpAccess(word, Decoder.Decode(word)))
            {
                ExceptionEntry.TakeToEl1(s, ExceptionKind.Synchronous, s->PC, FpTrapSyndrome);
                return StopReason.None;
            }
            var r = _interpreter.Step();
            if (r != StopReason.None) return r;
            if (!FpenTrapsAnything(s) || _kick != 0) break;
        }
        return StopReason.None;
    }

    /// <summary>Takes an unmasked pending FIQ (PSTATE.F) or IRQ (PSTATE.I) to EL1 at the current PC; FIQ first.</summary>
    private void TakePendingInterrupt()
    {
        var s = _cpu.State;
        if (_fiqLine && (s->Pstate & PstateBits.F) == 0)
            ExceptionEntry.TakeToEl1(s, ExceptionKind.Fiq, s->PC);
        else if ((s->Pstate & PstateBits.I) == 0 && IrqPending())
            ExceptionEntry.TakeToEl1(s, ExceptionKind.Irq, s->PC);
    }

    private int Interrupted()
    {
        RunData.ExitReason = KvmExitReason.Intr;
        return -Errno.EINTR;
    }

    private int FailAarch32()
    {
        var run = RunData;
        run.ExitReason = KvmExitReason.FailEntry;
        run.HardwareEntryFailureReason = FailEntryReason.NoAarch32Allowed;
        run.FailEntryCpu = (uint)_core;
        _failed = true;
        return 0;
    }

    private int InternalError(string description)
    {
        RunData.ExitReason = KvmExitReason.InternalError;
        RunData.InternalSuberror = InternalErrorKind.Emulation;
        RunData.InternalDescription = description;
        return 0;
    }

    private bool IrqPending() => _irqLine || GenericTimer.InterruptAsserted(_cpu.State);

    private bool InterruptPending() => _fiqLine || IrqPending();

    private const uint WfeWord = 0xD503_205F;

    /// <summary>
    /// WFE: the runtime keeps no event register (SEV does not reach other vCPUs), so a WFE
    /// idles at most a millisecond, less if an interrupt or a kick arrives; the architecture
    /// lets a WFE complete at any time, and a guest waiting for another vCPU still progresses.
    /// </summary>
    private void WaitForEvent()
    {
        if (!InterruptPending() && _kick == 0) _wake.WaitOne(1);
    }

    private void WaitForInterrupt()
    {
        var s = _cpu.State;
        while (!InterruptPending() && _kick == 0 && !_poweredOff)
        {
            var until = GenericTimer.TimeUntilInterrupt(s);
            _wake.WaitOne(until is TimeSpan t ? (t < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : t) : TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>Handles a synchronous exception stop; null to continue the guest, else the value Run returns.</summary>
    private int? HandleException()
    {
        var s = _cpu.State;
        uint syndrome = s->ExitSyndrome;
        uint ec = Syndrome.ExceptionClass(syndrome);
        switch (ec)
        {
            case Syndrome.Hvc64:
            case Syndrome.Smc64:
                s->PC += 4; // the preferred return of HVC and SMC is the next instruction
                return SmcccCall(isSmc: ec == Syndrome.Smc64);
            // Guest-physical memory no slot backs is the VMM's (MMIO); an address beyond the
            // physical address space is an address size fault the guest takes itself.
            case Syndrome.DataAbortLowerEl:
            case Syndrome.DataAbortSameEl:
                if (IsDevice(s->ExitAddress)) return Mmio();
                break;
            case Syndrome.InstructionAbortLowerEl:
            case Syndrome.InstructionAbortSameEl:
                if (IsDevice(s->ExitAddress)) return -Errno.ENOEXEC; // executing from device memory, as KVM refuses it
                break;
        }
        // Everything else is the guest's own business: take the exception to its EL1.
        bool afterInstruction = ec is Syndrome.Svc64;
        bool hasFar = ec is Syndrome.DataAbortLowerEl or Syndrome.DataAbortSameEl or Syndrome.InstructionAbortLowerEl
            or Syndrome.InstructionAbortSameEl or Syndrome.PcAlignment;
        ExceptionEntry.TakeToEl1(s, ExceptionKind.Synchronous, afterInstruction ? s->PC + 4 : s->PC, syndrome, hasFar ? s->ExitAddress : null);
        return null;
    }

    private bool IsDevice(ulong address) => address < _vm.Memory.AddressLimit && !_vm.Memory.IsMapped(address);

    // ------------------------------------------------------------------ SMCCC and PSCI (rule C7)

    private int? SmcccCall(bool isSmc)
    {
        var s = _cpu.State;
        uint function = (uint)s->X[0];
        switch (_vm.FilterAction(function))
        {
            case SmcccFilterAction.Deny:
                s->X[0] = unchecked((ulong)Psci.NotSupported);
                return null;
            case SmcccFilterAction.ForwardToUser:
                var run = RunData;
                run.ExitReason = KvmExitReason.Hypercall;
                run.HypercallNr = function;
                for (int i = 0; i < 6; i++) run.HypercallArgs[i] = s->X[i + 1];
                run.HypercallFlags = isSmc ? 1ul : 0ul;
                return 0;
        }
        if (HasFeature(VcpuFeature.Psci0_2) && Psci.IsPsci(function)) return PsciCall(function);
        s->X[0] = unchecked((ulong)Psci.NotSupported);
        return null;
    }

    private int? PsciCall(uint function)
    {
        var s = _cpu.State;
        long result;
        switch (function)
        {
            case Psci.Version:
                result = Psci.Version0_2;
                break;
            case Psci.CpuOn32:
            case Psci.CpuOn64:
            {
                ulong mpidr = function == Psci.CpuOn32 ? (uint)s->X[1] : s->X[1];
                ulong entry = function == Psci.CpuOn32 ? (uint)s->X[2] : s->X[2];
                var target = _vm.FindByMpidr(mpidr);
                if (target == null || !target._initialized) result = Psci.InvalidParameters;
                else if (!target._poweredOff) result = Psci.AlreadyOn;
                else
                {
                    target.PowerOn(entry, s->X[3]);
                    result = Psci.Success;
                }
                break;
            }
            case Psci.CpuOff:
                _poweredOff = true;
                return null;
            case Psci.AffinityInfo32:
            case Psci.AffinityInfo64:
            {
                ulong mpidr = function == Psci.AffinityInfo32 ? (uint)s->X[1] : s->X[1];
                var target = _vm.FindByMpidr(mpidr);
                if (s->X[2] != 0 || target == null) result = Psci.InvalidParameters;
                else result = target._poweredOff ? Psci.AffinityOff : Psci.AffinityOn;
                break;
            }
            case Psci.MigrateInfoType:
                result = 2; // no Trusted OS that needs migration
                break;
            case Psci.CpuSuspend32:
            case Psci.CpuSuspend64:
                result = Psci.Success; // a standby state: return at once, as a WFI with an interrupt pending would
                break;
            case Psci.SystemOff:
                return SystemEvent(SystemEventType.Shutdown);
            case Psci.SystemReset:
                return SystemEvent(SystemEventType.Reset);
            case Psci.Features:
                uint queried = (uint)s->X[1];
                result = queried is Psci.Version or Psci.CpuOn32 or Psci.CpuOn64 or Psci.CpuOff or Psci.AffinityInfo32 or Psci.AffinityInfo64
                    or Psci.MigrateInfoType or Psci.SystemOff or Psci.SystemReset or Psci.Features or Psci.CpuSuspend32 or Psci.CpuSuspend64
                    ? Psci.Success : Psci.NotSupported;
                break;
            default:
                result = Psci.NotSupported;
                break;
        }
        s->X[0] = unchecked((ulong)result);
        return null;
    }

    private int SystemEvent(uint type)
    {
        var run = RunData;
        run.ExitReason = KvmExitReason.SystemEvent;
        run.SystemEventType = type;
        run.SystemEventDataCount = 0;
        return 0;
    }

    // ------------------------------------------------------------------ MMIO (rule C6)

    /// <summary>
    /// A data abort on guest-physical memory that no slot backs. Single-register integer
    /// loads and stores without writeback (what the Arm ARM reports with a valid
    /// instruction syndrome) become MMIO exits; anything else is an ARM_NISV exit.
    /// </summary>
    private int Mmio()
    {
        var s = _cpu.State;
        var run = RunData;
        ulong address = s->ExitAddress;
        bool isWrite = s->ExitAccessKind == (uint)MemAccess.Write;
        if (!_vm.Memory.TryFetch32(s->PC, out uint word) || !MmioAccess.TryDecode(word, out var access))
        {
            run.ExitReason = KvmExitReason.ArmNisv;
            run.ArmNisvEsrIss = Syndrome.Iss(s->ExitSyndrome);
            run.ArmNisvFaultIpa = address;
            return 0;
        }
        run.ExitReason = KvmExitReason.Mmio;
        run.Mmio.PhysAddr = address;
        run.Mmio.Len = (uint)access.Size;
        run.Mmio.IsWrite = isWrite;
        Array.Clear(run.Mmio.Data);
        if (isWrite)
        {
            ulong value = access.Register == 31 ? 0 : s->X[access.Register];
            for (int i = 0; i < access.Size; i++) run.Mmio.Data[i] = (byte)(value >> (8 * i));
            _pendingMmio = new PendingMmio(-1, access.Size, false, false);
        }
        else _pendingMmio = new PendingMmio(access.Register, access.Size, access.SignExtend, access.To64);
        return 0;
    }

    /// <summary>Completes the MMIO access of the last exit: a read takes the VMM's data; then the PC moves on.</summary>
    private void CompleteMmio()
    {
        if (_pendingMmio is not { } p) return;
        _pendingMmio = null;
        var s = _cpu.State;
        if (p.Register >= 0)
        {
            ulong v = 0;
            for (int i = 0; i < p.Size; i++) v |= (ulong)RunData.Mmio.Data[i] << (8 * i);
            if (p.Signed)
            {
                int bits = p.Size * 8;
                v = (ulong)((long)(v << (64 - bits)) >> (64 - bits));
            }
            if (!p.To64) v &= 0xFFFF_FFFF;
            if (p.Register != 31) s->X[p.Register] = v;
        }
        s->PC += 4;
    }

    /// <summary>
    /// Closes the vCPU. A run on another thread is kicked and waited for (it returns -EINTR
    /// at its next block boundary); then the state and the translations are freed. A second
    /// call does nothing; later calls return -EBADF (<see cref="Kick"/> and the interrupt
    /// lines are ignored).
    /// </summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            KickLocked();
        }
        lock (_runGate)
        {
            _translated?.Dispose();
            _cpu.Dispose();
        }
    }
}

/// <summary>The integer single-register load/store forms that carry a valid instruction syndrome (ISV = 1).</summary>
internal readonly record struct MmioAccess(int Register, int Size, bool SignExtend, bool To64)
{
    /// <summary>
    /// LDR/STR (unsigned offset, unscaled, register offset) of 1–8 bytes with a general
    /// register, including the sign-extending loads. Writeback forms and pairs, SIMD&amp;FP
    /// registers, exclusives and atomics give no syndrome.
    /// </summary>
    public static bool TryDecode(uint w, out MmioAccess access)
    {
        access = default;
        // size 111 V=0 ... : bits 29:27 = 111, bit 26 (V) = 0
        if (((w >> 27) & 7) != 7 || ((w >> 26) & 1) != 0) return false;
        uint size = w >> 30, opc = (w >> 22) & 3;
        bool unsignedOffset = ((w >> 24) & 3) == 1;
        bool unscaled = ((w >> 24) & 3) == 0 && ((w >> 21) & 1) == 0 && ((w >> 10) & 3) == 0;
        bool registerOffset = ((w >> 24) & 3) == 0 && ((w >> 21) & 1) == 1 && ((w >> 10) & 3) == 2;
        if (!unsignedOffset && !unscaled && !registerOffset) return false;
        int rt = (int)(w & 31);
        switch (opc)
        {
            case 0: access = new MmioAccess(rt, 1 << (int)size, false, size == 3); return true;                       // store
            case 1: access = new MmioAccess(rt, 1 << (int)size, false, size == 3); return true;                       // load, zero-extend
            case 2: if (size == 3) return false; access = new MmioAccess(rt, 1 << (int)size, true, true); return true; // load, sign-extend to 64 (prfm when size 3)
            default: if (size >= 2) return false; access = new MmioAccess(rt, 1 << (int)size, true, false); return true; // load, sign-extend to 32
        }
    }
}
