using A64Jit.Core.State;

namespace A64Jit.Core.Interpretation;

/// <summary>Kinds of exception and their offsets within a vector group (Arm ARM, AArch64.TakeException).</summary>
public enum ExceptionKind : uint
{
    Synchronous = 0x000,
    Irq = 0x080,
    Fiq = 0x100,
    SError = 0x180,
}

/// <summary>
/// Exception entry to EL1 in AArch64, as AArch64.TakeException describes it: SPSR_EL1
/// and ELR_EL1 save the interrupted state, ESR_EL1/FAR_EL1 describe the exception, PSTATE
/// becomes EL1h with D, A, I and F masked, and PC moves to the vector of VBAR_EL1 chosen
/// by where the exception came from (current EL with SP_EL0 or SP_ELx, lower EL in
/// AArch64 or AArch32) and its kind.
/// </summary>
public static unsafe class ExceptionEntry
{
    public const ulong CurrentElSp0 = 0x000, CurrentElSpx = 0x200, LowerElAarch64 = 0x400, LowerElAarch32 = 0x600;

    /// <summary>The vector group offset for an exception taken to EL1 from the state in <paramref name="pstate"/>.</summary>
    public static ulong GroupOffset(uint pstate)
    {
        bool fromEl1 = (pstate & PstateBits.ElMask) == (1u << (int)PstateBits.ElShift);
        if (fromEl1) return (pstate & PstateBits.SpSel) != 0 ? CurrentElSpx : CurrentElSp0;
        return (pstate & PstateBits.nRW) != 0 ? LowerElAarch32 : LowerElAarch64;
    }

    /// <summary>
    /// Takes an exception to EL1. <paramref name="preferredReturn"/> goes to ELR_EL1;
    /// <paramref name="syndrome"/> to ESR_EL1 for synchronous exceptions; <paramref name="faultAddress"/>
    /// to FAR_EL1 when non-null (aborts, PC alignment).
    /// </summary>
    public static void TakeToEl1(CpuState* s, ExceptionKind kind, ulong preferredReturn, uint syndrome = 0, ulong? faultAddress = null)
    {
        uint oldPstate = s->Pstate;
        ulong offset = GroupOffset(oldPstate) + (ulong)kind;
        s->SpsrEl1 = oldPstate | s->Nzcv;
        s->ElrEl1 = preferredReturn;
        if (kind == ExceptionKind.Synchronous) s->EsrEl1 = syndrome;
        if (faultAddress is ulong far) s->FarEl1 = far;
        // EL1h, AArch64, all of D, A, I, F masked; IL, SS and BTYPE cleared; PAN and UAO kept.
        uint newPstate = (oldPstate & (PstateBits.Pan | PstateBits.Uao | PstateBits.Ssbs))
            | (1u << (int)PstateBits.ElShift) | PstateBits.SpSel | PstateBits.DaifMask;
        CpuStateOps.SetPstate(s, newPstate);
        s->ExclusiveSize = 0; // an exception entry clears the local monitor
        s->PC = s->VbarEl1 + offset;
    }
}
