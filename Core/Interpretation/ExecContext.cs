using System.Runtime.CompilerServices;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using static A64Jit.Core.Interpretation.Pseudocode;

namespace A64Jit.Core.Interpretation;

/// <summary>What an instruction's semantics did to the flow of control.</summary>
public enum Outcome : byte
{
    /// <summary>Fall through: the interpreter advances PC by 4.</summary>
    Continue,
    /// <summary>The instruction wrote PC itself.</summary>
    Branch,
    /// <summary>
    /// Execution stops at this instruction: the exit information is in the state
    /// (<see cref="CpuState.ExitReason"/>, <see cref="CpuState.ExitSyndrome"/>, …), PC still
    /// points at the instruction and no other state was changed.
    /// </summary>
    Stop,
}

/// <summary>
/// What an instruction's semantics operate on: one core's <see cref="CpuState"/> and its
/// guest memory, with accessors named after the Arm ARM pseudo-code's (X[], SP[], PSTATE,
/// Mem[]). Memory accessors never partially perform an access: on a fault they write the
/// exit information and return false, and the caller returns <see cref="Outcome.Stop"/>
/// before changing any register (so an instruction with several accesses must perform all
/// loads before its first register write, and check its stores before the first write).
/// </summary>
public sealed unsafe class ExecContext
{
    public ExecContext(CpuState* state, GuestMemory memory)
    {
        if (state == null) throw new ArgumentNullException(nameof(state));
        State = state;
        Memory = memory ?? throw new ArgumentNullException(nameof(memory));
    }

    public CpuState* State { get; }
    public GuestMemory Memory { get; }

    // ------------------------------------------------------------------ registers

    /// <summary>X[n] read as <paramref name="datasize"/> bits; register 31 reads as zero (XZR/WZR).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong X(int n, int datasize = 64) => n == 31 ? 0 : Trunc(State->X[n], datasize);

    /// <summary>X[n] = value: a 32-bit write zero-extends; writes to register 31 (XZR) are discarded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetX(int n, int datasize, ulong value)
    {
        if (n != 31) State->X[n] = Trunc(value, datasize);
    }

    /// <summary>SP[] read as <paramref name="datasize"/> bits (the current stack pointer).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong SP(int datasize = 64) => Trunc(State->X[31], datasize);

    /// <summary>SP[] = value, zero-extended from <paramref name="datasize"/> bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetSP(int datasize, ulong value) => State->X[31] = Trunc(value, datasize);

    /// <summary><c>if n == 31 then SP[] else X[n]</c>: register 31 names the stack pointer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong XOrSP(int n, int datasize = 64) => Trunc(State->X[n], datasize);

    /// <summary><c>if d == 31 then SP[] = value else X[d] = value</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetXOrSP(int n, int datasize, ulong value) => State->X[n] = Trunc(value, datasize);

    /// <summary>V[n], all 128 bits.</summary>
    public UInt128 V(int n) => new(State->V[2 * n + 1], State->V[2 * n]);

    public void SetV(int n, UInt128 value)
    {
        State->V[2 * n] = (ulong)value;
        State->V[2 * n + 1] = (ulong)(value >> 64);
    }

    /// <summary>PSTATE.{N,Z,C,V} in bits 31:28.</summary>
    public uint Nzcv
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] get => State->Nzcv;
        [MethodImpl(MethodImplOptions.AggressiveInlining)] set => State->Nzcv = value & 0xF000_0000u;
    }

    public bool CarryFlag => (State->Nzcv & NzcvBits.C) != 0;

    /// <summary>ConditionHolds(cond) on the current PSTATE.NZCV.</summary>
    public bool ConditionHolds(uint cond) => Pseudocode.ConditionHolds(cond, State->Nzcv);

    /// <summary>The address of the instruction being executed.</summary>
    public ulong PC => State->PC;

    /// <summary>Sets PC for a taken branch; the method then returns <see cref="Outcome.Branch"/>.</summary>
    public Outcome BranchTo(ulong target)
    {
        State->PC = target;
        return Outcome.Branch;
    }

    public int CurrentEl => CpuStateOps.CurrentEl(State);

    // ------------------------------------------------------------------ memory

    /// <summary>Mem[address, size] for size 1, 2, 4 or 8, zero-extended; false (exit written) on a fault.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Read(ulong address, int size, out ulong value)
    {
        bool ok;
        switch (size)
        {
            case 1: { ok = Memory.TryRead8(address, out byte v); value = v; break; }
            case 2: { ok = Memory.TryRead16(address, out ushort v); value = v; break; }
            case 4: { ok = Memory.TryRead32(address, out uint v); value = v; break; }
            case 8: ok = Memory.TryRead64(address, out value); break;
            default: value = 0; ok = BadAccessSize(size); break;
        }
        if (!ok) DataAbort(address, size, MemAccess.Read);
        return ok;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool BadAccessSize(int size) =>
        throw new ArgumentOutOfRangeException(nameof(size), size, "access size must be 1, 2, 4 or 8");

    public bool Read128(ulong address, out UInt128 value)
    {
        bool ok = Memory.TryRead128(address, out value);
        if (!ok) DataAbort(address, 16, MemAccess.Read);
        return ok;
    }

    /// <summary>Mem[address, size] = value for size 1, 2, 4 or 8; false (exit written, nothing stored) on a fault.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Write(ulong address, int size, ulong value)
    {
        bool ok = size switch
        {
            1 => Memory.TryWrite8(address, (byte)value),
            2 => Memory.TryWrite16(address, (ushort)value),
            4 => Memory.TryWrite32(address, (uint)value),
            8 => Memory.TryWrite64(address, value),
            _ => BadAccessSize(size),
        };
        if (!ok) DataAbort(address, size, MemAccess.Write);
        return ok;
    }

    public bool Write128(ulong address, UInt128 value)
    {
        bool ok = Memory.TryWrite128(address, value);
        if (!ok) DataAbort(address, 16, MemAccess.Write);
        return ok;
    }

    /// <summary>
    /// Checks that an access of <paramref name="size"/> bytes would succeed, without
    /// performing it; false (exit written) if it would fault. For instructions that make
    /// several accesses and must fault before changing anything (pairs, atomics).
    /// </summary>
    public bool Probe(ulong address, int size, MemAccess access)
    {
        var fault = Memory.Check(address, size, access);
        if (!fault.IsFault) return true;
        Abort(fault);
        return false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void DataAbort(ulong address, int size, MemAccess access)
    {
        var fault = Memory.Check(address, size, access);
        // A fast-path failure that Check does not confirm cannot happen for the Try* API; report it as-is.
        if (!fault.IsFault) fault = new MemoryFault(FaultKind.Permission, address, size, access);
        Abort(fault);
    }

    /// <summary>SCTLR_ELx.SA: SP alignment checking at EL1.</summary>
    public const ulong SctlrSa = 1ul << 3;
    /// <summary>SCTLR_EL1.SA0: SP alignment checking at EL0.</summary>
    public const ulong SctlrSa0 = 1ul << 4;

    /// <summary>
    /// CheckSPAlignment(), for loads and stores whose base register is SP: false (SP
    /// alignment fault written, EC 0x26) when SP is not 16-byte aligned and SCTLR_EL1.SA0
    /// (at EL0) or SCTLR_EL1.SA (at EL1) enables the check.
    /// </summary>
    public bool CheckSPAlignment()
    {
        if ((State->X[31] & 15) == 0) return true;
        ulong enable = CurrentEl == 0 ? SctlrSa0 : SctlrSa;
        if ((State->SctlrEl1 & enable) == 0) return true;
        Exception(Syndrome.SpAlignment);
        return false;
    }

    /// <summary>An alignment fault (a data abort with DFSC 0b100001), e.g. for a misaligned exclusive or atomic access.</summary>
    public Outcome AlignmentFault(ulong address, int size, MemAccess access)
    {
        var s = State;
        uint ec = CurrentEl == 0 ? Syndrome.DataAbortLowerEl : Syndrome.DataAbortSameEl;
        s->ExitReason = (uint)StopReason.Exception;
        s->ExitSyndrome = Syndrome.Make(ec, Syndrome.AlignmentFault | (access == MemAccess.Write ? Syndrome.WnR : 0));
        s->ExitAddress = address;
        s->ExitAccessSize = (uint)size;
        s->ExitAccessKind = (uint)access;
        return Outcome.Stop;
    }

    // ------------------------------------------------------------------ exceptions

    /// <summary>Stops with an abort for <paramref name="fault"/> (data or instruction abort by its access kind).</summary>
    public Outcome Abort(MemoryFault fault)
    {
        var s = State;
        s->ExitReason = (uint)StopReason.Exception;
        s->ExitSyndrome = Syndrome.Abort(fault, CurrentEl);
        s->ExitAddress = fault.Address;
        s->ExitAccessSize = (uint)fault.Size;
        s->ExitAccessKind = (uint)fault.Access;
        return Outcome.Stop;
    }

    /// <summary>Stops with a synchronous exception of class <paramref name="ec"/> and syndrome <paramref name="iss"/>.</summary>
    public Outcome Exception(uint ec, uint iss = 0)
    {
        var s = State;
        s->ExitReason = (uint)StopReason.Exception;
        s->ExitSyndrome = Syndrome.Make(ec, iss);
        s->ExitAddress = 0;
        s->ExitAccessSize = 0;
        s->ExitAccessKind = 0;
        return Outcome.Stop;
    }

    /// <summary>
    /// Ends the run after this instruction retired because it changed state the machine
    /// must look at before the next one (<see cref="StopReason.StateChange"/>): PC moves
    /// past the instruction, which counts as retired.
    /// </summary>
    public Outcome StateChangeAfterInstruction()
    {
        var s = State;
        s->PC += 4;
        s->InstructionsRetired++;
        s->ExitReason = (uint)StopReason.StateChange;
        s->ExitSyndrome = 0;
        s->ExitAddress = 0;
        s->ExitAccessSize = 0;
        s->ExitAccessKind = 0;
        return Outcome.Stop;
    }

    /// <summary>UNDEFINED: an Unknown-reason exception (EC 0).</summary>
    public Outcome Undefined() => Exception(Syndrome.Unknown);

    /// <summary>A PC alignment fault at <paramref name="pc"/> (EC 0x22), with the address reported.</summary>
    public Outcome PcAlignmentFault(ulong pc)
    {
        Exception(Syndrome.PcAlignment);
        State->ExitAddress = pc;
        State->ExitAccessKind = (uint)MemAccess.Fetch;
        return Outcome.Stop;
    }
}
