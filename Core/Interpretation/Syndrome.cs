using A64Jit.Core.Memory;

namespace A64Jit.Core.Interpretation;

/// <summary>
/// ESR_ELx-style syndromes written to <see cref="State.CpuState.ExitSyndrome"/> when
/// execution stops on an exception: EC in bits 31:26, IL (32-bit instruction) in bit 25,
/// the class-specific ISS in bits 24:0.
/// </summary>
public static class Syndrome
{
    // Exception classes (ESR_ELx.EC).
    public const uint Unknown = 0x00;
    public const uint WfxTrap = 0x01;
    public const uint IllegalExecutionState = 0x0E;
    public const uint Svc64 = 0x15;
    public const uint Hvc64 = 0x16;
    public const uint Smc64 = 0x17;
    public const uint SystemRegisterTrap = 0x18;
    public const uint InstructionAbortLowerEl = 0x20;
    public const uint InstructionAbortSameEl = 0x21;
    public const uint PcAlignment = 0x22;
    public const uint DataAbortLowerEl = 0x24;
    public const uint DataAbortSameEl = 0x25;
    public const uint SpAlignment = 0x26;
    public const uint FpException64 = 0x2C;
    public const uint Brk64 = 0x3C;

    /// <summary>IL: the trapped instruction was 32 bits wide.</summary>
    public const uint IL = 1u << 25;

    // Fault status codes (DFSC/IFSC) of aborts: level-3 faults of a 4 KiB translation
    // regime, which is what a page-granular address space produces.
    public const uint AddressSizeFaultLevel0 = 0b000000;
    public const uint TranslationFaultLevel3 = 0b000111;
    public const uint PermissionFaultLevel3 = 0b001111;
    public const uint AlignmentFault = 0b100001;

    /// <summary>ISS bit 6 of a data abort: the access was a write.</summary>
    public const uint WnR = 1u << 6;

    public static uint Make(uint ec, uint iss) => (ec << 26) | IL | (iss & 0x1FF_FFFF);

    public static uint ExceptionClass(uint syndrome) => syndrome >> 26;
    public static uint Iss(uint syndrome) => syndrome & 0x1FF_FFFF;

    public static uint FaultStatus(FaultKind kind) => kind switch
    {
        FaultKind.Unmapped => TranslationFaultLevel3,
        FaultKind.Permission => PermissionFaultLevel3,
        _ => AddressSizeFaultLevel0,
    };

    /// <summary>The syndrome of an abort for <paramref name="fault"/> taken from exception level <paramref name="el"/> to EL1.</summary>
    public static uint Abort(MemoryFault fault, int el)
    {
        uint fsc = FaultStatus(fault.Kind);
        if (fault.Access == MemAccess.Fetch)
            return Make(el == 0 ? InstructionAbortLowerEl : InstructionAbortSameEl, fsc);
        return Make(el == 0 ? DataAbortLowerEl : DataAbortSameEl, fsc | (fault.Access == MemAccess.Write ? WnR : 0));
    }
}
