using System.Runtime.CompilerServices;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using static A64Jit.Core.Interpretation.Pseudocode;

namespace A64Jit.Core.Interpretation;

/// <summary>
/// Semantics of the branches, exception generating and system instructions group, one
/// method per encoding of the table. The system register moves (MRS, MSR register) are in
/// <see cref="SystemRegisters"/>.
/// </summary>
/// <remarks>
/// The modelled core implements EL0 and EL1 in AArch64 only, ARMv8.0 (no pointer
/// authentication, BTI, PAN, UAO or SSBS), in Non-secure state. EL2 is modelled by the VMM
/// layer above the interpreter: HVC and SMC at EL1 stop with their exception classes so
/// that it can act on them. Exceptions stop execution with the ESR-style syndrome (PC at
/// the instruction); taking them into the guest's vectors is the runtime's job.
/// </remarks>
public static unsafe class BranchExceptionSystem
{
    // ------------------------------------------------------------------ Conditional branch (immediate)

    /// <summary>SignExtend(imm19:'00', 64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Offset19(uint w) => SignExtend(Bits(w, 23, 5) << 2, 21);
    /// <summary>SignExtend(imm26:'00', 64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Offset26(uint w) => SignExtend(Bits(w, 25, 0) << 2, 28);
    /// <summary>SignExtend(imm14:'00', 64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Offset14(uint w) => SignExtend(Bits(w, 18, 5) << 2, 16);

    public static Outcome B_cond(ExecContext c, uint w) =>
        ConditionHolds(Bits(w, 3, 0), c.Nzcv) ? c.BranchTo(c.PC + Offset19(w)) : Outcome.Continue;

    // ------------------------------------------------------------------ Unconditional branch (immediate)

    public static Outcome B(ExecContext c, uint w) => c.BranchTo(c.PC + Offset26(w));

    public static Outcome BL(ExecContext c, uint w)
    {
        ulong target = c.PC + Offset26(w);
        c.SetX(30, 64, c.PC + 4);
        return c.BranchTo(target);
    }

    // ------------------------------------------------------------------ Compare and branch (immediate)

    public static Outcome CBZ(ExecContext c, uint w) =>
        c.X(Rt(w), DataSize(w)) == 0 ? c.BranchTo(c.PC + Offset19(w)) : Outcome.Continue;

    public static Outcome CBNZ(ExecContext c, uint w) =>
        c.X(Rt(w), DataSize(w)) != 0 ? c.BranchTo(c.PC + Offset19(w)) : Outcome.Continue;

    // ------------------------------------------------------------------ Test and branch (immediate)

    /// <summary>bit_pos = UInt(b5:b40).</summary>
    private static int TestBitPosition(uint w) => (int)((Bits(w, 31, 31) << 5) | Bits(w, 23, 19));

    public static Outcome TBZ(ExecContext c, uint w) =>
        ((c.X(Rt(w)) >> TestBitPosition(w)) & 1) == 0 ? c.BranchTo(c.PC + Offset14(w)) : Outcome.Continue;

    public static Outcome TBNZ(ExecContext c, uint w) =>
        ((c.X(Rt(w)) >> TestBitPosition(w)) & 1) != 0 ? c.BranchTo(c.PC + Offset14(w)) : Outcome.Continue;

    // ------------------------------------------------------------------ Unconditional branch (register)

    public static Outcome BR(ExecContext c, uint w) => c.BranchTo(c.X(Rn(w)));

    public static Outcome BLR(ExecContext c, uint w)
    {
        ulong target = c.X(Rn(w));   // read before X30 is written: BLR X30 branches to the old value
        c.SetX(30, 64, c.PC + 4);
        return c.BranchTo(target);
    }

    public static Outcome RET(ExecContext c, uint w) => c.BranchTo(c.X(Rn(w)));

    /// <summary>
    /// ERET: AArch64.ExceptionReturn(ELR_EL1, SPSR_EL1). UNDEFINED at EL0. A return the
    /// architecture calls illegal (IllegalExceptionReturn) sets PSTATE.IL and keeps EL, nRW
    /// and the stack selection, while NZCV and DAIF still come from SPSR; PC = ELR_EL1 either
    /// way (for an illegal return to AArch32 bits 63:32 and 1:0 of PC are UNKNOWN, and ELR's
    /// own bits are one permitted choice). A return to AArch32 is legal only to EL0 (User
    /// mode) on a core that can run AArch32 at EL0 (<see cref="CpuState.Aarch32El0Supported"/>,
    /// the core's own capability: rule A4); the interpreter then stops at the next
    /// instruction with <see cref="StopReason.StateChange"/>, since it executes A64 only, and
    /// the machine applies its rules. The local exclusive monitor is cleared; PSTATE.SS is
    /// cleared (software step is not modelled).
    /// </summary>
    public static Outcome ERET(ExecContext c, uint w)
    {
        if (c.CurrentEl == 0) return c.Undefined();
        ExceptionReturn(c.State);
        return Outcome.Branch;
    }

    /// <summary>
    /// The exception return of <see cref="ERET"/> from EL1 (the caller has checked the EL): PSTATE,
    /// NZCV and PC from SPSR_EL1 and ELR_EL1, the local exclusive monitor cleared. Also called by
    /// translated code.
    /// </summary>
    public static void ExceptionReturn(CpuState* s)
    {
        int el = CpuStateOps.CurrentEl(s);
        ulong target = s->ElrEl1;
        uint spsr = (uint)s->SpsrEl1;
        uint pstate = s->Pstate & ~(PstateBits.SS | PstateBits.DaifMask);

        if (IllegalExceptionReturn(spsr, el, s->Aarch32El0Supported != 0))
        {
            pstate |= PstateBits.IL;
        }
        else if ((spsr & PstateBits.nRW) != 0)
        {
            // A legal return to AArch32 User mode (EL0): nRW = 1, EL0; the T bit selects T32.
            pstate &= ~(PstateBits.IL | PstateBits.ElMask | PstateBits.SpSel);
            pstate |= PstateBits.nRW | (spsr & 0x1Fu) | (spsr & (1u << 5));
            target &= 0xFFFF_FFFF; // PC = ELR<31:0> in AArch32
        }
        else
        {
            // State reinstated only by a legal return: IL, nRW (0), EL and SP.
            pstate &= ~(PstateBits.IL | PstateBits.nRW | PstateBits.ElMask | PstateBits.SpSel);
            pstate |= spsr & (PstateBits.IL | PstateBits.ElMask | PstateBits.SpSel);
        }
        // Reinstated either way.
        pstate |= spsr & PstateBits.DaifMask;
        s->Nzcv = spsr & 0xF000_0000u;
        CpuStateOps.SetPstate(s, pstate);
        s->ExclusiveSize = 0;
        s->PC = target;
    }

    /// <summary>IllegalExceptionReturn(spsr) for a core with EL1 in AArch64 only and EL0 in AArch64, and in AArch32 when <paramref name="aarch32El0"/>.</summary>
    private static bool IllegalExceptionReturn(uint spsr, int currentEl, bool aarch32El0)
    {
        if ((spsr & PstateBits.nRW) != 0)                       // AArch32: only User mode (EL0), only where the core has it
            return !(aarch32El0 && (spsr & 0x1F) == 0x10);
        int target = (int)((spsr & PstateBits.ElMask) >> (int)PstateBits.ElShift);
        if (target > 1) return true;                            // EL2, EL3 not implemented
        if ((spsr & 2) != 0) return true;                       // M[1] must be 0
        if (target == 0 && (spsr & PstateBits.SpSel) != 0) return true; // EL0 with M[0] = 1
        return target > currentEl;                              // return to a higher EL
    }

    /// <summary>DRPS: UNDEFINED outside Debug state, which this model never enters.</summary>
    public static Outcome DRPS(ExecContext c, uint w) => c.Undefined();

    // ------------------------------------------------------------------ Exception generation

    private static uint Imm16(uint w) => Bits(w, 20, 5);

    /// <summary>SVC: a supervisor call, EC 0x15 with ISS = imm16.</summary>
    public static Outcome SVC(ExecContext c, uint w) => c.Exception(Syndrome.Svc64, Imm16(w));

    /// <summary>
    /// HVC: UNDEFINED at EL0; at EL1 a hypervisor call (EC 0x16, ISS = imm16) for the VMM
    /// layer, which plays the part of EL2 (as if HCR_EL2.HCD were 0).
    /// </summary>
    public static Outcome HVC(ExecContext c, uint w) =>
        c.CurrentEl == 0 ? c.Undefined() : c.Exception(Syndrome.Hvc64, Imm16(w));

    /// <summary>
    /// SMC: UNDEFINED at EL0; at EL1 a secure monitor call (EC 0x17, ISS = imm16) that the
    /// VMM layer handles, as KVM does with HCR_EL2.TSC set.
    /// </summary>
    public static Outcome SMC(ExecContext c, uint w) =>
        c.CurrentEl == 0 ? c.Undefined() : c.Exception(Syndrome.Smc64, Imm16(w));

    /// <summary>BRK: a software breakpoint, EC 0x3C with ISS = imm16.</summary>
    public static Outcome BRK(ExecContext c, uint w) => c.Exception(Syndrome.Brk64, Imm16(w));

    /// <summary>HLT: UNDEFINED, halting debug is not enabled (EDSCR.HDE == 0).</summary>
    public static Outcome HLT(ExecContext c, uint w) => c.Undefined();

    /// <summary>DCPS1..3: UNDEFINED outside Debug state.</summary>
    public static Outcome DCPS1(ExecContext c, uint w) => c.Undefined();
    public static Outcome DCPS2(ExecContext c, uint w) => c.Undefined();
    public static Outcome DCPS3(ExecContext c, uint w) => c.Undefined();

    /// <summary>UDF: permanently undefined.</summary>
    public static Outcome UDF(ExecContext c, uint w) => c.Undefined();

    // ------------------------------------------------------------------ Hints

    public static Outcome NOP(ExecContext c, uint w) => Outcome.Continue;

    /// <summary>YIELD: a hint that other threads may run; nothing to do for one core.</summary>
    public static Outcome YIELD(ExecContext c, uint w) => Outcome.Continue;

    /// <summary>
    /// SEV, SEVL: the event register is not modelled. That is allowed because WFE may always
    /// complete early (it stops here and the runtime simply resumes the core).
    /// </summary>
    public static Outcome SEV(ExecContext c, uint w) => Outcome.Continue;
    public static Outcome SEVL(ExecContext c, uint w) => Outcome.Continue;

    /// <summary>
    /// Every other hint number executes as a NOP in ARMv8.0. That includes the BTI, ESB,
    /// PSB, CSDB and pointer-authentication hints of later extensions, which this core does
    /// not implement (BTI on an unguarded page is a NOP even where BTI is implemented).
    /// </summary>
    public static Outcome HINT(ExecContext c, uint w) => Outcome.Continue;

    /// <summary>SCTLR_EL1.nTWI (bit 16) and nTWE (bit 18): WFI/WFE at EL0 do not trap.</summary>
    private const ulong SctlrNTwi = 1ul << 16, SctlrNTwe = 1ul << 18;

    /// <summary>WFI: see <see cref="WaitFor"/>.</summary>
    public static Outcome WFI(ExecContext c, uint w) => WaitFor(c, trapEnable: SctlrNTwi, isWfe: false);

    /// <summary>WFE: see <see cref="WaitFor"/>.</summary>
    public static Outcome WFE(ExecContext c, uint w) => WaitFor(c, trapEnable: SctlrNTwe, isWfe: true);

    /// <summary>
    /// WFI/WFE. At EL0 with SCTLR_EL1.nTWI/nTWE clear the instruction traps to EL1 (EC 0x01,
    /// ISS: CV = 1, COND = 0b1110, TI = 1 for WFE). Otherwise the instruction completes (it
    /// is counted as retired and PC moves past it) and execution stops with
    /// <see cref="StopReason.WaitForInterrupt"/>: the architecture lets a WFI/WFE complete
    /// at any time, so resuming at the next instruction is always correct, and the runtime
    /// decides whether to idle the core until an interrupt or event arrives. Stopping after
    /// the instruction, rather than at it, means a resumed core never executes it twice.
    /// As a retired instruction it is counted in <see cref="CpuState.InstructionsRetired"/>
    /// and takes one instruction of a run's <see cref="CpuState.Budget"/>.
    /// </summary>
    private static Outcome WaitFor(ExecContext c, ulong trapEnable, bool isWfe)
    {
        var s = c.State;
        if (c.CurrentEl == 0 && (s->SctlrEl1 & trapEnable) == 0)
            return c.Exception(Syndrome.WfxTrap, (1u << 24) | (0xEu << 20) | (isWfe ? 1u : 0u));
        s->PC += 4;
        s->InstructionsRetired++;
        if (s->Budget != 0) s->Budget--;
        s->ExitReason = (uint)StopReason.WaitForInterrupt;
        s->ExitSyndrome = 0;
        s->ExitAddress = 0;
        s->ExitAccessSize = 0;
        s->ExitAccessKind = 0;
        return Outcome.Stop;
    }

    // ------------------------------------------------------------------ Barriers

    /// <summary>CLREX: ClearExclusiveLocal.</summary>
    public static Outcome CLREX(ExecContext c, uint w)
    {
        c.State->ExclusiveSize = 0;
        return Outcome.Continue;
    }

    /// <summary>
    /// DSB, DMB: guest memory is shared with the other emulated cores (host threads), so
    /// every barrier domain and type is a full host fence.
    /// </summary>
    public static Outcome DSB(ExecContext c, uint w)
    {
        Thread.MemoryBarrier();
        return Outcome.Continue;
    }

    public static Outcome DMB(ExecContext c, uint w)
    {
        Thread.MemoryBarrier();
        return Outcome.Continue;
    }

    /// <summary>
    /// ISB: the interpreter fetches every instruction afresh, so there is no context to
    /// synchronize; the translator ends its block here.
    /// </summary>
    public static Outcome ISB(ExecContext c, uint w) => Outcome.Continue;

    // ------------------------------------------------------------------ PSTATE

    /// <summary>SCTLR_EL1.UMA (bit 9): EL0 may access PSTATE.{D,A,I,F}.</summary>
    internal const ulong SctlrUma = 1ul << 9;

    /// <summary>
    /// MSR (immediate): SPSel (EL1 only; moving between SP_EL0 and SP_EL1), DAIFSet and
    /// DAIFClr (at EL0 only with SCTLR_EL1.UMA, else trapped to EL1 with EC 0x18).
    /// </summary>
    public static Outcome MSR_imm(ExecContext c, uint w)
    {
        var s = c.State;
        uint op1 = Bits(w, 18, 16), crm = Bits(w, 11, 8), op2 = Bits(w, 7, 5);
        int el = c.CurrentEl;
        if (op1 == 0b000 && op2 == 0b101)
        {
            // SPSel
            if (el == 0) return c.Undefined();
            uint pstate = (s->Pstate & ~PstateBits.SpSel) | (crm & 1);
            CpuStateOps.SetPstate(s, pstate);
            return Outcome.Continue;
        }
        if (op1 == 0b011 && (op2 == 0b110 || op2 == 0b111))
        {
            if (el == 0 && (s->SctlrEl1 & SctlrUma) == 0)
                return c.Exception(Syndrome.SystemRegisterTrap, SystemRegisters.TrapIss(w, read: false));
            uint bits = crm << 6;
            uint pstate = op2 == 0b110 ? s->Pstate | bits : s->Pstate & ~bits;
            CpuStateOps.SetPstate(s, pstate);
            return Outcome.Continue;
        }
        return c.Undefined();
    }

    // ------------------------------------------------------------------ System instructions

    /// <summary>SCTLR_EL1.DZE (bit 14): DC ZVA allowed at EL0. UCI (bit 26): cache maintenance by VA allowed at EL0.</summary>
    private const ulong SctlrDze = 1ul << 14, SctlrUci = 1ul << 26;

    /// <summary>(op1, CRn, CRm, op2) of a SYS instruction as one number: op1:CRn:CRm:op2.</summary>
    private static uint SysOp(uint op1, uint crn, uint crm, uint op2) => (op1 << 11) | (crn << 7) | (crm << 3) | op2;

    private static readonly uint IcIalluis = SysOp(0, 7, 1, 0);
    private static readonly uint IcIallu = SysOp(0, 7, 5, 0);
    private static readonly uint IcIvau = SysOp(3, 7, 5, 1);
    private static readonly uint DcIvac = SysOp(0, 7, 6, 1);
    private static readonly uint DcIsw = SysOp(0, 7, 6, 2);
    private static readonly uint DcCsw = SysOp(0, 7, 10, 2);
    private static readonly uint DcCisw = SysOp(0, 7, 14, 2);
    private static readonly uint DcZva = SysOp(3, 7, 4, 1);
    private static readonly uint DcCvac = SysOp(3, 7, 10, 1);
    private static readonly uint DcCvau = SysOp(3, 7, 11, 1);
    private static readonly uint DcCivac = SysOp(3, 7, 14, 1);

    /// <summary>
    /// SYS: the cache maintenance, address translation and TLB maintenance instructions of
    /// ARMv8.0 at EL1. Without modelled caches or MMU, everything but DC ZVA has no effect
    /// here (the translator hooks IC for invalidation; AT leaves PAR_EL1 unchanged). At EL0
    /// DC ZVA needs SCTLR_EL1.DZE, and DC CVAC/CVAU/CIVAC and IC IVAU need SCTLR_EL1.UCI
    /// (else EC 0x18); the EL1-only instructions are UNDEFINED there, as is every encoding
    /// without an ARMv8.0 instruction.
    /// </summary>
    public static Outcome SYS(ExecContext c, uint w)
    {
        var s = c.State;
        int el = c.CurrentEl;
        uint op1 = Bits(w, 18, 16), crn = Bits(w, 15, 12), crm = Bits(w, 11, 8), op2 = Bits(w, 7, 5);
        uint op = SysOp(op1, crn, crm, op2);

        if (op == DcZva)
        {
            if (el == 0 && (s->SctlrEl1 & SctlrDze) == 0)
                return c.Exception(Syndrome.SystemRegisterTrap, SystemRegisters.TrapIss(w, read: false));
            return DataCacheZeroByVa(c, c.X(Rt(w)));
        }
        if (op == DcCvac || op == DcCvau || op == DcCivac || op == IcIvau)
        {
            if (el == 0 && (s->SctlrEl1 & SctlrUci) == 0)
                return c.Exception(Syndrome.SystemRegisterTrap, SystemRegisters.TrapIss(w, read: false));
            return Outcome.Continue;
        }
        if (el == 0) return c.Undefined();
        if (op == IcIalluis || op == IcIallu || op == DcIvac || op == DcIsw || op == DcCsw || op == DcCisw)
            return Outcome.Continue;
        // AT S1E1R, S1E1W, S1E0R, S1E0W
        if (op1 == 0 && crn == 7 && crm == 8 && op2 <= 3) return Outcome.Continue;
        // TLBI VMALLE1(IS), VAE1(IS), ASIDE1(IS), VAAE1(IS), VALE1(IS), VAALE1(IS)
        if (op1 == 0 && crn == 8 && (crm == 3 || crm == 7) && (op2 <= 3 || op2 == 5 || op2 == 7))
            return Outcome.Continue;
        return c.Undefined();
    }

    /// <summary>
    /// DC ZVA: zeroes the naturally aligned block of 4 &lt;&lt; DCZID_EL0.BS bytes that holds
    /// <paramref name="address"/>; UNDEFINED when DCZID_EL0.DZP prohibits it. The block is
    /// checked for write permission before anything is written, so a fault changes nothing;
    /// the fault reports the address in Xt.
    /// </summary>
    private static Outcome DataCacheZeroByVa(ExecContext c, ulong address)
    {
        var s = c.State;
        if ((s->Dczid & 0x10) != 0) return c.Undefined();
        int size = 4 << (int)(s->Dczid & 0xF);
        ulong start = address & ~(ulong)(size - 1);
        var fault = c.Memory.Check(start, size, MemAccess.Write);
        if (fault.IsFault)
            return c.Abort(new MemoryFault(fault.Kind, address, fault.Size, MemAccess.Write));
        for (int i = 0; i < size; i += 8)
            if (!c.Write(start + (ulong)i, 8, 0)) return Outcome.Stop;
        return Outcome.Continue;
    }

    /// <summary>SYSL: ARMv8.0 defines no instruction in this space.</summary>
    public static Outcome SYSL(ExecContext c, uint w) => c.Undefined();
}
