namespace A64Jit.Tests.Decoding;

public static partial class BeyondIsa
{
    /// <summary>
    /// Encodings near the DataProcessingImmediate group that objdump decodes but that belong to
    /// architecture extensions outside A64Jit's ISA (ARMv8.0-A plus LSE and LDAPR).
    /// </summary>
    private static readonly Pattern[] DataProcessingImmediate =
    [
        // Add/subtract (immediate, with tags): sf=1 op S=0 100011 o2=0 uimm6 op3 uimm4 Rn Rd (ADDG, SUBG)
        new(0xBFC0_0000, 0x9180_0000, "MTE (ADDG/SUBG)"),
        // Min/max (immediate): sf op=0 S=0 1000111 opc=00xx imm8 Rn Rd (SMAX/UMAX/SMIN/UMIN immediate)
        new(0x7FF0_0000, 0x11C0_0000, "CSSC (min/max immediate)"),
    ];
}
