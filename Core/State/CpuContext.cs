using System.Runtime.InteropServices;

namespace A64Jit.Core.State;

/// <summary>Why execution stopped; stored in <see cref="CpuState.ExitReason"/>.</summary>
public enum StopReason : uint
{
    None = 0,
    /// <summary>The instruction budget ran out.</summary>
    BudgetExhausted = 1,
    /// <summary>Another thread asked the core to stop.</summary>
    StopRequested = 2,
    /// <summary>A synchronous exception (SVC, BRK, undefined instruction, abort, …); see the syndrome.</summary>
    Exception = 3,
    /// <summary>WFI/WFE with nothing to wake the core.</summary>
    WaitForInterrupt = 4,
    /// <summary>An access to guest-physical memory not backed by RAM (MMIO).</summary>
    Mmio = 5,
    /// <summary>The engine could not continue (for example an unsupported configuration such as SCTLR_EL1.M).</summary>
    InternalError = 6,
    /// <summary>The core entered a state the machine does not allow (e.g. AArch32 where it is refused).</summary>
    StateChange = 7,
    /// <summary>The core reached a breakpoint address requested by the embedder.</summary>
    Breakpoint = 8,
}

/// <summary>
/// Owns one <see cref="CpuState"/> in native, 64-byte-aligned memory and offers a safe,
/// register-by-register view of it for embedders. Execution engines use <see cref="State"/>.
/// </summary>
public sealed unsafe class CpuContext : IDisposable
{
    private CpuState* _state;

    public CpuContext()
    {
        _state = (CpuState*)NativeMemory.AlignedAlloc((nuint)sizeof(CpuState), CpuState.Alignment);
        NativeMemory.Clear(_state, (nuint)sizeof(CpuState));
        ResetIdRegisters();
    }

    /// <summary>The raw state; valid until <see cref="Dispose"/>.</summary>
    public CpuState* State
    {
        get
        {
            ObjectDisposedException.ThrowIf(_state == null, this);
            return _state;
        }
    }

    /// <summary>Identification values of a plain ARMv8.0-A core with FP, Advanced SIMD, AES/SHA/PMULL, CRC32 and LSE.</summary>
    public void ResetIdRegisters()
    {
        var s = State;
        s->Midr = 0x410FD034;          // Arm Cortex-A53 r0p4
        s->Mpidr = 0x80000000;         // affinity 0, uniprocessor bit clear
        s->Revidr = 0;
        s->IdAa64Pfr0 = 0x0000_0000_0000_0011; // EL0 and EL1 AArch64 only, FP and AdvSIMD implemented (0)
        s->IdAa64Pfr1 = 0;
        s->IdAa64Isar0 = (2ul << 4) | (1ul << 8) | (1ul << 12) | (1ul << 16) | (2ul << 20); // AES+PMULL, SHA1, SHA256 (not SHA512), CRC32, LSE atomics
        s->IdAa64Isar1 = 0;
        s->IdAa64Mmfr0 = 0x0000_0000_0000_1122;
        s->IdAa64Mmfr1 = 0;
        s->IdAa64Mmfr2 = 0;
        s->IdAa64Dfr0 = 0x0000_0000_0000_0006;
        s->Ctr = 0x8444C004;           // IminLine 4, DminLine 4, L1Ip PIPT
        s->Dczid = 4;                  // DC ZVA allowed, 64-byte blocks
        s->Cntfrq = 62_500_000;
    }

    public ulong GetX(int n)
    {
        if ((uint)n > 30) throw new ArgumentOutOfRangeException(nameof(n), n, "general registers are X0-X30");
        return State->X[n];
    }

    public void SetX(int n, ulong value)
    {
        if ((uint)n > 30) throw new ArgumentOutOfRangeException(nameof(n), n, "general registers are X0-X30");
        State->X[n] = value;
    }

    /// <summary>The stack pointer selected by the current EL and SPSel.</summary>
    public ulong Sp { get => State->X[31]; set => State->X[31] = value; }
    public ulong SpEl0 { get => CpuStateOps.GetSpEl0(State); set => CpuStateOps.SetSpEl0(State, value); }
    public ulong SpEl1 { get => CpuStateOps.GetSpEl1(State); set => CpuStateOps.SetSpEl1(State, value); }
    public ulong Pc { get => State->PC; set => State->PC = value; }
    public uint Nzcv { get => State->Nzcv; set => State->Nzcv = value & 0xF000_0000u; }
    public uint Fpcr { get => State->Fpcr; set => State->Fpcr = value; }
    public uint Fpsr { get => State->Fpsr; set => State->Fpsr = value; }

    /// <summary>PSTATE in SPSR layout, NZCV included.</summary>
    /// <exception cref="ArgumentOutOfRangeException">an AArch64 PSTATE at EL2 or EL3 (A64Jit models EL0 and EL1).</exception>
    public uint Pstate
    {
        get => State->Pstate | State->Nzcv;
        set
        {
            if ((value & PstateBits.nRW) == 0 && ((value & PstateBits.ElMask) >> (int)PstateBits.ElShift) > 1)
                throw new ArgumentOutOfRangeException(nameof(value), $"PSTATE 0x{value:x} selects EL{(value & PstateBits.ElMask) >> (int)PstateBits.ElShift}; only EL0 and EL1 exist");
            State->Nzcv = value & 0xF000_0000u;
            CpuStateOps.SetPstate(State, value & 0x0FFF_FFFFu);
        }
    }

    public UInt128 GetV(int n)
    {
        if ((uint)n > 31) throw new ArgumentOutOfRangeException(nameof(n), n, "vector registers are V0-V31");
        return new UInt128(State->V[2 * n + 1], State->V[2 * n]);
    }

    public void SetV(int n, UInt128 value)
    {
        if ((uint)n > 31) throw new ArgumentOutOfRangeException(nameof(n), n, "vector registers are V0-V31");
        State->V[2 * n] = (ulong)value;
        State->V[2 * n + 1] = (ulong)(value >> 64);
    }

    public StopReason StopReason => (StopReason)State->ExitReason;

    /// <summary>After a <see cref="StopReason.Exception"/> stop: the ESR-style syndrome (exception class in bits 31:26).</summary>
    public uint ExitSyndrome => State->ExitSyndrome;

    /// <summary>After an abort or alignment fault: the faulting address (FAR).</summary>
    public ulong ExitAddress => State->ExitAddress;

    /// <summary>Asks the core to stop at its next block boundary; safe from any thread.</summary>
    public void RequestStop() => Interlocked.Exchange(ref State->StopRequest, 1);

    public void Dispose()
    {
        if (_state != null)
        {
            NativeMemory.AlignedFree(_state);
            _state = null;
        }
        GC.SuppressFinalize(this);
    }

    ~CpuContext()
    {
        if (_state != null) NativeMemory.AlignedFree(_state);
    }
}
