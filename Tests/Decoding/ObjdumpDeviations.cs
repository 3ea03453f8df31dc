namespace A64Jit.Tests.Decoding;

/// <summary>
/// Words where GNU objdump 2.40 disagrees with the Arm ARM. For these the comparison does
/// not take objdump's text: it checks the Arm ARM's answer instead (A64Jit decodes them
/// as undefined) and reports them as deviations of objdump.
/// </summary>
public static class ObjdumpDeviations
{
    private static readonly BeyondIsa.Pattern[] Patterns =
    [
        // The Arm ARM allocates nothing with op0 = 00 in the system space beyond the hints,
        // barriers and PSTATE forms (which need Rt = 11111 and particular op1/CRn values);
        // MSR/MRS (register) need op0<1> = 1. objdump prints every such word as a generic
        // "msr s0_<op1>_c<n>_c<m>_<op2>, Xt" or "mrs Xt, s0_...". Arm ARM: UNDEFINED.
        new(0xFFF8_0000, 0xD500_0000, "op0 = 00 system space, L = 0: objdump prints a generic msr s0_*; the Arm ARM leaves it unallocated"),
        new(0xFFF8_0000, 0xD520_0000, "op0 = 00 system space, L = 1: objdump prints a generic mrs s0_*; the Arm ARM leaves it unallocated"),
    ];

    /// <summary>The deviation a word falls under, or null.</summary>
    public static string? Classify(uint word)
    {
        foreach (var p in Patterns)
            if ((word & p.Mask) == p.Value) return p.Extension;
        return null;
    }
}
