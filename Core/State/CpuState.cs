using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace A64Jit.Core.State;

/// <summary>
/// The complete architectural state of one emulated AArch64 core, laid out as a plain
/// unmanaged struct so that translated code can address every field at a fixed offset
/// from a <c>CpuState*</c>. Instances live in native, 64-byte-aligned memory
/// (see <see cref="CpuContext"/>); never copy one by value on a hot path.
/// </summary>
/// <remarks>
/// Register 31 is the <em>current</em> stack pointer (SP_EL0 or SP_ELx, chosen by
/// PSTATE.EL and PSTATE.SPSel). The inactive one is kept in <see cref="SpEl0"/> or
/// <see cref="SpEl1"/>; <see cref="CpuStateOps.SelectStack"/> swaps them when the
/// selection changes, so the hot path never has to look at the mode.
/// </remarks>
[StructLayout(LayoutKind.Sequential, Pack = 16)]
public unsafe struct CpuState
{
    /// <summary>X0–X30, and at index 31 the current stack pointer.</summary>
    public fixed ulong X[32];

    /// <summary>V0–V31, 128 bits each, as (low, high) 64-bit halves: V[2n] is the low half of Vn.</summary>
    public fixed ulong V[64];

    public ulong PC;

    /// <summary>NZCV in bits 31:28 exactly as the NZCV system register holds them.</summary>
    public uint Nzcv;

    /// <summary>
    /// The remaining PSTATE fields in SPSR_ELx layout (NZCV bits kept zero here):
    /// M[3:0] (EL and SP selection), nRW bit 4, F/I/A/D bits 6–9, BTYPE 11:10,
    /// SSBS 12, IL 20, SS 21, PAN 22, UAO 23.
    /// </summary>
    public uint Pstate;

    public uint Fpcr;
    public uint Fpsr;

    /// <summary>The stack pointer of EL0 while it is not the current one.</summary>
    public ulong SpEl0;
    /// <summary>The stack pointer of EL1 while it is not the current one.</summary>
    public ulong SpEl1;

    // EL0-accessible system registers.
    public ulong TpidrEl0;
    public ulong TpidrroEl0;

    // EL1 system registers.
    public ulong SctlrEl1;
    public ulong CpacrEl1;
    public ulong VbarEl1;
    public ulong ElrEl1;
    public ulong SpsrEl1;
    public ulong EsrEl1;
    public ulong FarEl1;
    public ulong TpidrEl1;
    public ulong ContextidrEl1;
    public ulong MairEl1;
    public ulong TcrEl1;
    public ulong Ttbr0El1;
    public ulong Ttbr1El1;
    public ulong AmairEl1;
    public ulong Afsr0El1;
    public ulong Afsr1El1;
    public ulong ParEl1;
    public ulong MdscrEl1;
    public ulong CntkctlEl1;

    // Generic timer.
    public ulong CntvCtlEl0;
    public ulong CntvCvalEl0;
    /// <summary>Offset subtracted from the host tick count to give CNTVCT_EL0.</summary>
    public ulong CntvOffset;

    // Identification registers, configured per core.
    public ulong Midr;
    public ulong Mpidr;
    public ulong Revidr;
    public ulong IdAa64Pfr0;
    public ulong IdAa64Pfr1;
    public ulong IdAa64Isar0;
    public ulong IdAa64Isar1;
    public ulong IdAa64Mmfr0;
    public ulong IdAa64Mmfr1;
    public ulong IdAa64Mmfr2;
    public ulong IdAa64Dfr0;
    public ulong Ctr;
    public ulong Dczid;
    public ulong Cntfrq;

    // Exclusive monitor (local monitor of this core).
    public ulong ExclusiveAddress;
    public ulong ExclusiveValueLo;
    public ulong ExclusiveValueHi;
    /// <summary>Size in bytes of the marked access (0 = monitor open).</summary>
    public uint ExclusiveSize;

    // Exit information, written when execution stops.
    public uint ExitReason;
    /// <summary>ESR_ELx-style syndrome of the exception that stopped execution.</summary>
    public uint ExitSyndrome;
    /// <summary>The faulting virtual address for aborts.</summary>
    public ulong ExitAddress;
    /// <summary>Size in bytes of the faulting access, 0 if none.</summary>
    public uint ExitAccessSize;
    /// <summary>0 = read, 1 = write, 2 = instruction fetch (see <see cref="Memory.MemAccess"/>).</summary>
    public uint ExitAccessKind;

    /// <summary>Set non-zero by another thread to ask the core to stop at the next block boundary.</summary>
    public int StopRequest;
    /// <summary>Pending interrupt lines (bit 0 IRQ, bit 1 FIQ), driven by the machine.</summary>
    public int InterruptLines;

    /// <summary>Guest instructions retired.</summary>
    public ulong InstructionsRetired;
    /// <summary>Instructions that may still retire before the run stops with BudgetExhausted.</summary>
    public ulong Budget;

    /// <summary>
    /// Non-zero when the core can execute AArch32 at EL0. This is the core's real
    /// capability; what a guest is shown in ID_AA64PFR0_EL1 can differ (a hypervisor may
    /// hide it), so the exception-return rules consult this field, not the ID register.
    /// </summary>
    public uint Aarch32El0Supported;

    public const int Alignment = 64;

    public static int OffsetOfX(int n) => n * 8;
    public static int OffsetOfV(int n) => 32 * 8 + n * 16;
}

/// <summary>Bits of <see cref="CpuState.Pstate"/>, in SPSR layout.</summary>
public static class PstateBits
{
    public const uint SpSel = 1u << 0;
    public const uint ElShift = 2;
    public const uint ElMask = 3u << 2;
    public const uint nRW = 1u << 4;
    public const uint F = 1u << 6;
    public const uint I = 1u << 7;
    public const uint A = 1u << 8;
    public const uint D = 1u << 9;
    public const uint DaifMask = 0xFu << 6;
    public const uint BtypeShift = 10;
    public const uint BtypeMask = 3u << 10;
    public const uint Ssbs = 1u << 12;
    public const uint IL = 1u << 20;
    public const uint SS = 1u << 21;
    public const uint Pan = 1u << 22;
    public const uint Uao = 1u << 23;
}

/// <summary>NZCV flag bits as held in <see cref="CpuState.Nzcv"/>.</summary>
public static class NzcvBits
{
    public const uint N = 1u << 31;
    public const uint Z = 1u << 30;
    public const uint C = 1u << 29;
    public const uint V = 1u << 28;
}

/// <summary>Operations on <see cref="CpuState"/> that must keep its invariants.</summary>
public static unsafe class CpuStateOps
{
    public static int CurrentEl(CpuState* s) => (int)((s->Pstate & PstateBits.ElMask) >> (int)PstateBits.ElShift);

    /// <summary>True when register 31 currently holds SP_EL0.</summary>
    public static bool UsesSpEl0(uint pstate) => ((pstate & PstateBits.ElMask) == 0) || (pstate & PstateBits.SpSel) == 0;

    /// <summary>
    /// Changes the non-NZCV PSTATE fields, moving the stack pointers between register 31
    /// and the banked slots when the EL or SPSel changes which one is current.
    /// </summary>
    public static void SetPstate(CpuState* s, uint newPstate)
    {
        bool oldEl0Sp = UsesSpEl0(s->Pstate);
        bool newEl0Sp = UsesSpEl0(newPstate);
        if (oldEl0Sp != newEl0Sp)
        {
            if (oldEl0Sp) { s->SpEl0 = s->X[31]; s->X[31] = s->SpEl1; }
            else { s->SpEl1 = s->X[31]; s->X[31] = s->SpEl0; }
        }
        s->Pstate = newPstate;
    }

    public static ulong GetSpEl0(CpuState* s) => UsesSpEl0(s->Pstate) ? s->X[31] : s->SpEl0;
    public static ulong GetSpEl1(CpuState* s) => UsesSpEl0(s->Pstate) ? s->SpEl1 : s->X[31];

    public static void SetSpEl0(CpuState* s, ulong v)
    {
        if (UsesSpEl0(s->Pstate)) s->X[31] = v; else s->SpEl0 = v;
    }

    public static void SetSpEl1(CpuState* s, ulong v)
    {
        if (UsesSpEl0(s->Pstate)) s->SpEl1 = v; else s->X[31] = v;
    }
}
