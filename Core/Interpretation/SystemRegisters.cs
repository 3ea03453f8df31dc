using System.Diagnostics;
using A64Jit.Core.State;
using static A64Jit.Core.Interpretation.Pseudocode;

namespace A64Jit.Core.Interpretation;

/// <summary>
/// MRS and MSR (register): the system registers a core with EL0 and EL1 (ARMv8.0,
/// AArch64 only) can reach, with the access rules of the Arm ARM.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Registers not listed here, and writes to read-only ones, are UNDEFINED (EC 0).</item>
/// <item>EL1 registers (SCTLR_EL1 … SP_EL0, CurrentEL, SPSel) are UNDEFINED at EL0.</item>
/// <item>Identification registers (MIDR_EL1, MPIDR_EL1, REVIDR_EL1, the ID space
/// op0 = 3, op1 = 0, CRn = 0, CRm = 1..7) read from EL0 stop with EC 0x18 (a trapped MRS,
/// ISS as the Arm ARM defines it) rather than EC 0, so that a Linux runtime can emulate
/// them as the kernel does for HWCAP_CPUID. At EL1 they read the per-core values of
/// <see cref="CpuState"/>; unassigned encodings of the ID space read as zero.</item>
/// <item>EL0 accesses that SCTLR_EL1 (UMA for DAIF, UCT for CTR_EL0) or CNTKCTL_EL1
/// (EL0VCTEN, EL0PCTEN, EL0VTEN) disable are trapped to EL1 with EC 0x18.</item>
/// <item>CNTVCT_EL0 counts host time (<see cref="Stopwatch"/>) scaled to CNTFRQ_EL0, minus
/// <see cref="CpuState.CntvOffset"/>; it is monotonic.</item>
/// <item>CPACR_EL1.FPEN is not enforced here nor by the FP instructions: the VM runtime
/// enforces it around the engines. A write that leaves FPEN trapping some EL ends the run
/// after the MSR (<see cref="StopReason.StateChange"/>) so that the runtime sees it at once.</item>
/// </list>
/// </remarks>
public static unsafe class SystemRegisters
{
    /// <summary>A system register encoding as op0:op1:CRn:CRm:op2 (bits 20:5 of MRS/MSR).</summary>
    public static uint Key(uint op0, uint op1, uint crn, uint crm, uint op2) =>
        (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;

    private static uint KeyOf(uint w) => Bits(w, 20, 5);

    // Special-purpose registers.
    public static readonly uint Nzcv = Key(3, 3, 4, 2, 0);
    public static readonly uint Daif = Key(3, 3, 4, 2, 1);
    public static readonly uint CurrentEL = Key(3, 0, 4, 2, 2);
    public static readonly uint SpSel = Key(3, 0, 4, 2, 0);
    public static readonly uint Fpcr = Key(3, 3, 4, 4, 0);
    public static readonly uint Fpsr = Key(3, 3, 4, 4, 1);
    public static readonly uint SpsrEl1 = Key(3, 0, 4, 0, 0);
    public static readonly uint ElrEl1 = Key(3, 0, 4, 0, 1);
    public static readonly uint SpEl0 = Key(3, 0, 4, 1, 0);

    // EL0 registers.
    public static readonly uint TpidrEl0 = Key(3, 3, 13, 0, 2);
    public static readonly uint TpidrroEl0 = Key(3, 3, 13, 0, 3);
    public static readonly uint CtrEl0 = Key(3, 3, 0, 0, 1);
    public static readonly uint DczidEl0 = Key(3, 3, 0, 0, 7);
    public static readonly uint CntfrqEl0 = Key(3, 3, 14, 0, 0);
    public static readonly uint CntpctEl0 = Key(3, 3, 14, 0, 1);
    public static readonly uint CntvctEl0 = Key(3, 3, 14, 0, 2);
    public static readonly uint CntvTvalEl0 = Key(3, 3, 14, 3, 0);
    public static readonly uint CntvCtlEl0 = Key(3, 3, 14, 3, 1);
    public static readonly uint CntvCvalEl0 = Key(3, 3, 14, 3, 2);

    // Identification.
    public static readonly uint MidrEl1 = Key(3, 0, 0, 0, 0);
    public static readonly uint MpidrEl1 = Key(3, 0, 0, 0, 5);
    public static readonly uint RevidrEl1 = Key(3, 0, 0, 0, 6);
    public static readonly uint IdAa64Pfr0El1 = Key(3, 0, 0, 4, 0);
    public static readonly uint IdAa64Pfr1El1 = Key(3, 0, 0, 4, 1);
    public static readonly uint IdAa64Dfr0El1 = Key(3, 0, 0, 5, 0);
    public static readonly uint IdAa64Isar0El1 = Key(3, 0, 0, 6, 0);
    public static readonly uint IdAa64Isar1El1 = Key(3, 0, 0, 6, 1);
    public static readonly uint IdAa64Mmfr0El1 = Key(3, 0, 0, 7, 0);
    public static readonly uint IdAa64Mmfr1El1 = Key(3, 0, 0, 7, 1);
    public static readonly uint IdAa64Mmfr2El1 = Key(3, 0, 0, 7, 2);

    // EL1 registers.
    public static readonly uint SctlrEl1 = Key(3, 0, 1, 0, 0);
    public static readonly uint CpacrEl1 = Key(3, 0, 1, 0, 2);
    public static readonly uint Ttbr0El1 = Key(3, 0, 2, 0, 0);
    public static readonly uint Ttbr1El1 = Key(3, 0, 2, 0, 1);
    public static readonly uint TcrEl1 = Key(3, 0, 2, 0, 2);
    public static readonly uint Afsr0El1 = Key(3, 0, 5, 1, 0);
    public static readonly uint Afsr1El1 = Key(3, 0, 5, 1, 1);
    public static readonly uint EsrEl1 = Key(3, 0, 5, 2, 0);
    public static readonly uint FarEl1 = Key(3, 0, 6, 0, 0);
    public static readonly uint ParEl1 = Key(3, 0, 7, 4, 0);
    public static readonly uint MairEl1 = Key(3, 0, 10, 2, 0);
    public static readonly uint AmairEl1 = Key(3, 0, 10, 3, 0);
    public static readonly uint VbarEl1 = Key(3, 0, 12, 0, 0);
    public static readonly uint ContextidrEl1 = Key(3, 0, 13, 0, 1);
    public static readonly uint TpidrEl1 = Key(3, 0, 13, 0, 4);
    public static readonly uint CntkctlEl1 = Key(3, 0, 14, 1, 0);
    public static readonly uint MdscrEl1 = Key(2, 0, 0, 2, 2);

    /// <summary>SCTLR_EL1.DZE (bit 14): EL0 may use DC ZVA.</summary>
    private const ulong SctlrDze = 1ul << 14;
    /// <summary>SCTLR_EL1.UCT (bit 15): EL0 may read CTR_EL0.</summary>
    public const ulong SctlrUct = 1ul << 15;
    /// <summary>CNTKCTL_EL1.EL0PCTEN (bit 0), EL0VCTEN (bit 1), EL0VTEN (bit 8).</summary>
    public const ulong El0Pcten = 1, El0Vcten = 2, El0Vten = 1ul << 8;

    /// <summary>
    /// The SCTLR_EL1 controls of EL0 behaviour that a Linux kernel enables for its
    /// processes: SA0 (bit 4, SP alignment check), nTWI (16) and nTWE (18) (WFI/WFE do not
    /// trap), UCT (15, CTR_EL0 readable), DZE (14, DC ZVA allowed), UCI (26, cache
    /// maintenance by VA allowed). UMA (9) stays clear: DAIF accesses from EL0 trap. A
    /// runtime that runs Linux programs at EL0 without a kernel sets these (and
    /// <see cref="CntkctlLinuxEl0"/>); with SCTLR_EL1 = 0 those instructions trap to EL1.
    /// </summary>
    public const ulong SctlrLinuxEl0 = (1ul << 4) | (1ul << 14) | SctlrUct | (1ul << 16) | (1ul << 18) | (1ul << 26);

    /// <summary>CNTKCTL_EL1 as Linux sets it: EL0 may read CNTVCT_EL0 and CNTFRQ_EL0 (EL0VCTEN), nothing else.</summary>
    public const ulong CntkctlLinuxEl0 = El0Vcten;

    /// <summary>
    /// The ISS of a trapped MSR, MRS or System instruction (EC 0x18) as the Arm ARM encodes
    /// it: Op0 21:20, Op2 19:17, Op1 16:14, CRn 13:10, Rt 9:5, CRm 4:1, Direction 0 (1 = read).
    /// For MSR (immediate) and SYS, Op0 is the instruction's bits 20:19 (0 and 1).
    /// </summary>
    public static uint TrapIss(uint w, bool read)
    {
        uint op0 = Bits(w, 20, 19);
        return (op0 << 20) | (Bits(w, 7, 5) << 17) | (Bits(w, 18, 16) << 14) | (Bits(w, 15, 12) << 10)
             | ((uint)Rt(w) << 5) | (Bits(w, 11, 8) << 1) | (read ? 1u : 0u);
    }

    private static Outcome Trap(ExecContext c, uint w, bool read) =>
        c.Exception(Syndrome.SystemRegisterTrap, TrapIss(w, read));

    /// <summary>True for the identification registers: MIDR/MPIDR/REVIDR and the ID space CRm = 1..7.</summary>
    private static bool IsIdRegister(uint key) =>
        key == MidrEl1 || key == MpidrEl1 || key == RevidrEl1 ||
        ((key >> 7) == (Key(3, 0, 0, 0, 0) >> 7) && ((key >> 3) & 15) is >= 1 and <= 7);

    // ------------------------------------------------------------------ generic timer

    /// <summary>The physical count: host monotonic time scaled to CNTFRQ_EL0 (one definition for every engine: <see cref="GenericTimer"/>).</summary>
    public static ulong PhysicalCount(CpuState* s) => GenericTimer.PhysicalCount(s->Cntfrq == 0 ? GenericTimer.DefaultFrequency : s->Cntfrq);

    /// <summary>CNTVCT_EL0 = physical count − CntvOffset.</summary>
    public static ulong VirtualCount(CpuState* s) => GenericTimer.VirtualCount(s);

    /// <summary>CNTV_CTL_EL0 with ISTATUS (bit 2) computed: ENABLE set and CNTVCT ≥ CVAL.</summary>
    private static ulong TimerControl(CpuState* s) => GenericTimer.ReadControl(s);

    // ------------------------------------------------------------------ MRS

    public static Outcome MRS(ExecContext c, uint w)
    {
        var s = c.State;
        int el = c.CurrentEl;
        uint key = KeyOf(w);
        int t = Rt(w);
        ulong value;

        if (key == Nzcv) value = c.Nzcv;
        else if (key == Fpcr) value = s->Fpcr;
        else if (key == Fpsr) value = s->Fpsr;
        else if (key == TpidrEl0) value = s->TpidrEl0;
        else if (key == TpidrroEl0) value = s->TpidrroEl0;
        else if (key == DczidEl0)
        {
            // DZP reads as 1 at EL0 while SCTLR_EL1.DZE prohibits DC ZVA there.
            value = s->Dczid & 0x1F;
            if (el == 0 && (s->SctlrEl1 & SctlrDze) == 0) value |= 0x10;
        }
        else if (key == Daif)
        {
            if (el == 0 && (s->SctlrEl1 & BranchExceptionSystem.SctlrUma) == 0) return Trap(c, w, read: true);
            value = s->Pstate & PstateBits.DaifMask;
        }
        else if (key == CtrEl0)
        {
            if (el == 0 && (s->SctlrEl1 & SctlrUct) == 0) return Trap(c, w, read: true);
            value = s->Ctr;
        }
        else if (key == CntfrqEl0)
        {
            if (el == 0 && (s->CntkctlEl1 & (El0Pcten | El0Vcten)) == 0) return Trap(c, w, read: true);
            value = s->Cntfrq;
        }
        else if (key == CntvctEl0)
        {
            if (el == 0 && (s->CntkctlEl1 & El0Vcten) == 0) return Trap(c, w, read: true);
            value = VirtualCount(s);
        }
        else if (key == CntpctEl0)
        {
            if (el == 0 && (s->CntkctlEl1 & El0Pcten) == 0) return Trap(c, w, read: true);
            value = PhysicalCount(s);
        }
        else if (key == CntvCtlEl0 || key == CntvCvalEl0 || key == CntvTvalEl0)
        {
            if (el == 0 && (s->CntkctlEl1 & El0Vten) == 0) return Trap(c, w, read: true);
            if (key == CntvCtlEl0) value = TimerControl(s);
            else if (key == CntvCvalEl0) value = s->CntvCvalEl0;
            else value = SignExtend((s->CntvCvalEl0 - VirtualCount(s)) & 0xFFFF_FFFF, 32);
        }
        else if (IsIdRegister(key))
        {
            if (el == 0) return Trap(c, w, read: true);
            value = IdRegister(s, key);
        }
        else
        {
            if (el == 0 || !TryReadEl1(c, key, out value)) return c.Undefined();
        }
        c.SetX(t, 64, value);
        return Outcome.Continue;
    }

    private static ulong IdRegister(CpuState* s, uint key)
    {
        if (key == MidrEl1) return s->Midr;
        if (key == MpidrEl1) return s->Mpidr;
        if (key == RevidrEl1) return s->Revidr;
        if (key == IdAa64Pfr0El1) return s->IdAa64Pfr0;
        if (key == IdAa64Pfr1El1) return s->IdAa64Pfr1;
        if (key == IdAa64Dfr0El1) return s->IdAa64Dfr0;
        if (key == IdAa64Isar0El1) return s->IdAa64Isar0;
        if (key == IdAa64Isar1El1) return s->IdAa64Isar1;
        if (key == IdAa64Mmfr0El1) return s->IdAa64Mmfr0;
        if (key == IdAa64Mmfr1El1) return s->IdAa64Mmfr1;
        if (key == IdAa64Mmfr2El1) return s->IdAa64Mmfr2;
        return 0; // AArch32 ID registers (no AArch32 here) and the reserved ID space: RAZ
    }

    /// <summary>The EL1-only registers (read at EL1).</summary>
    private static bool TryReadEl1(ExecContext c, uint key, out ulong value)
    {
        var s = c.State;
        value = 0;
        if (key == CurrentEL) value = s->Pstate & PstateBits.ElMask;
        else if (key == SpSel) value = s->Pstate & PstateBits.SpSel;
        else if (key == SpEl0)
        {
            // SP_EL0 is UNDEFINED through MRS/MSR while it is the current stack pointer.
            if ((s->Pstate & PstateBits.SpSel) == 0) return false;
            value = s->SpEl0;
        }
        else if (key == SpsrEl1) value = s->SpsrEl1;
        else if (key == ElrEl1) value = s->ElrEl1;
        else if (key == SctlrEl1) value = s->SctlrEl1;
        else if (key == CpacrEl1) value = s->CpacrEl1;
        else if (key == Ttbr0El1) value = s->Ttbr0El1;
        else if (key == Ttbr1El1) value = s->Ttbr1El1;
        else if (key == TcrEl1) value = s->TcrEl1;
        else if (key == Afsr0El1) value = s->Afsr0El1;
        else if (key == Afsr1El1) value = s->Afsr1El1;
        else if (key == EsrEl1) value = s->EsrEl1;
        else if (key == FarEl1) value = s->FarEl1;
        else if (key == ParEl1) value = s->ParEl1;
        else if (key == MairEl1) value = s->MairEl1;
        else if (key == AmairEl1) value = s->AmairEl1;
        else if (key == VbarEl1) value = s->VbarEl1;
        else if (key == ContextidrEl1) value = s->ContextidrEl1;
        else if (key == TpidrEl1) value = s->TpidrEl1;
        else if (key == CntkctlEl1) value = s->CntkctlEl1;
        else if (key == MdscrEl1) value = s->MdscrEl1;
        else return false;
        return true;
    }

    // ------------------------------------------------------------------ MSR (register)

    /// <summary>FPCR bits of ARMv8.0 AArch64: AHP, DN, FZ, RMode (the trap enables are RAZ/WI).</summary>
    public const uint FpcrWritable = 0x07C0_0000;
    /// <summary>FPSR bits of AArch64: QC, IDC, IXC, UFC, OFC, DZC, IOC.</summary>
    public const uint FpsrWritable = 0x0800_009F;

    public static Outcome MSR_reg(ExecContext c, uint w)
    {
        var s = c.State;
        int el = c.CurrentEl;
        uint key = KeyOf(w);
        ulong value = c.X(Rt(w));

        if (key == Nzcv) c.Nzcv = (uint)value & 0xF000_0000u;
        else if (key == Fpcr) s->Fpcr = (uint)value & FpcrWritable;
        else if (key == Fpsr) s->Fpsr = (uint)value & FpsrWritable;
        else if (key == TpidrEl0) s->TpidrEl0 = value;
        else if (key == Daif)
        {
            if (el == 0 && (s->SctlrEl1 & BranchExceptionSystem.SctlrUma) == 0) return Trap(c, w, read: false);
            CpuStateOps.SetPstate(s, (s->Pstate & ~PstateBits.DaifMask) | ((uint)value & PstateBits.DaifMask));
        }
        else if (key == CntvCtlEl0 || key == CntvCvalEl0 || key == CntvTvalEl0)
        {
            if (el == 0 && (s->CntkctlEl1 & El0Vten) == 0) return Trap(c, w, read: false);
            if (key == CntvCtlEl0) s->CntvCtlEl0 = value & 3;
            else if (key == CntvCvalEl0) s->CntvCvalEl0 = value;
            else s->CntvCvalEl0 = VirtualCount(s) + SignExtend(value & 0xFFFF_FFFF, 32);
        }
        else
        {
            if (el == 0 || !TryWriteEl1(c, key, value)) return c.Undefined();
            // Turning the MMU on changes how every later access is translated: the machine
            // must see it before the next instruction runs (stage-1 translation is not
            // modelled yet, and the VM runtime reports it as an internal error).
            if (key == SctlrEl1 && (s->SctlrEl1 & 1) != 0) return c.StateChangeAfterInstruction();
            // A CPACR_EL1 that traps SIMD/FP at some EL: the machine that enforces the trap
            // (the VM runtime) must look at it before the next instruction runs.
            if (key == CpacrEl1 && ((s->CpacrEl1 >> 20) & 3) != 3) return c.StateChangeAfterInstruction();
        }
        return Outcome.Continue;
    }

    /// <summary>The EL1-only writable registers (written at EL1); RES0 bits of 32-bit registers are dropped.</summary>
    private static bool TryWriteEl1(ExecContext c, uint key, ulong value)
    {
        var s = c.State;
        if (key == SpSel) CpuStateOps.SetPstate(s, (s->Pstate & ~PstateBits.SpSel) | ((uint)value & 1));
        else if (key == SpEl0)
        {
            if ((s->Pstate & PstateBits.SpSel) == 0) return false;
            s->SpEl0 = value;
        }
        else if (key == TpidrroEl0) s->TpidrroEl0 = value;
        else if (key == SpsrEl1) s->SpsrEl1 = value & 0xFFFF_FFFF;
        else if (key == ElrEl1) s->ElrEl1 = value;
        else if (key == SctlrEl1) s->SctlrEl1 = value & 0xFFFF_FFFF;
        else if (key == CpacrEl1) s->CpacrEl1 = value & 0xFFFF_FFFF;
        else if (key == Ttbr0El1) s->Ttbr0El1 = value;
        else if (key == Ttbr1El1) s->Ttbr1El1 = value;
        else if (key == TcrEl1) s->TcrEl1 = value;
        else if (key == Afsr0El1) s->Afsr0El1 = value & 0xFFFF_FFFF;
        else if (key == Afsr1El1) s->Afsr1El1 = value & 0xFFFF_FFFF;
        else if (key == EsrEl1) s->EsrEl1 = value & 0xFFFF_FFFF;
        else if (key == FarEl1) s->FarEl1 = value;
        else if (key == ParEl1) s->ParEl1 = value;
        else if (key == MairEl1) s->MairEl1 = value;
        else if (key == AmairEl1) s->AmairEl1 = value;
        else if (key == VbarEl1) s->VbarEl1 = value & ~0x7FFul;
        else if (key == ContextidrEl1) s->ContextidrEl1 = value & 0xFFFF_FFFF;
        else if (key == TpidrEl1) s->TpidrEl1 = value;
        else if (key == CntkctlEl1) s->CntkctlEl1 = value & 0xFFFF_FFFF;
        else if (key == MdscrEl1) s->MdscrEl1 = value & 0xFFFF_FFFF;
        else return false;
        return true;
    }
}
