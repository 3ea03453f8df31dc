namespace A64Jit.Runtime.Machine;

/// <summary>The fixed capabilities of one emulated core.</summary>
/// <param name="Index">The core's number (its Linux CPU number).</param>
/// <param name="Aarch32El0">Whether the core can execute AArch32 at EL0.</param>
/// <param name="Midr">The core's MIDR_EL1.</param>
public readonly record struct CoreInfo(int Index, bool Aarch32El0, ulong Midr)
{
    /// <summary>ID_AA64PFR0_EL1.EL0 as this core reports it natively: 0x2 = AArch64 and AArch32, 0x1 = AArch64 only (rule A1).</summary>
    public ulong El0Field => Aarch32El0 ? 0x2ul : 0x1ul;
}
