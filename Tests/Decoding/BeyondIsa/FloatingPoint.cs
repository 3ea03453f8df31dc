namespace A64Jit.Tests.Decoding;

public static partial class BeyondIsa
{
    /// <summary>
    /// Encodings near the FloatingPoint group that objdump decodes but that belong to
    /// architecture extensions outside A64Jit's ISA (ARMv8.0-A plus LSE and LDAPR).
    /// </summary>
    private static readonly Pattern[] FloatingPoint =
    [
        // Half-precision (ftype = 11) scalar arithmetic, conversions and moves: FEAT_FP16.
        // FCVT to/from half precision (1 source, opcode 0001xx) is ARMv8.0 and not listed.
        new(0x7FE0_0000, 0x1EC0_0000, "FP16 (conversion between FP and fixed-point, ftype = 11)"),
        new(0x7FE0_FC00, 0x1EE0_0000, "FP16 (conversion between FP and integer incl. FMOV (general), ftype = 11)"),
        new(0xFFFE_7C00, 0x1EE0_4000, "FP16 (FMOV/FABS/FNEG/FSQRT (register), ftype = 11)"),
        new(0xFFFC_7C00, 0x1EE4_4000, "FP16 (FRINT<r> (scalar), ftype = 11)"),
        new(0xFFE0_FC07, 0x1EE0_2000, "FP16 (FCMP/FCMPE, ftype = 11)"),
        new(0xFFE0_1FE0, 0x1EE0_1000, "FP16 (FMOV (scalar, immediate), ftype = 11)"),
        new(0xFFE0_0C00, 0x1EE0_0400, "FP16 (FCCMP/FCCMPE, ftype = 11)"),
        new(0xFFE0_8C00, 0x1EE0_0800, "FP16 (FP data-processing 2 source, ftype = 11)"),
        new(0xFFE0_FC00, 0x1EE0_8800, "FP16 (FNMUL (scalar), ftype = 11)"),
        new(0xFFE0_0C00, 0x1EE0_0C00, "FP16 (FCSEL, ftype = 11)"),
        new(0xFFC0_0000, 0x1FC0_0000, "FP16 (FP data-processing 3 source, ftype = 11)"),

        // FJCVTZS: FEAT_JSCVT.
        new(0xFFFF_FC00, 0x1E7E_0000, "JSCVT (FJCVTZS)"),
        // FRINT32Z/FRINT32X/FRINT64Z/FRINT64X (scalar): FEAT_FRINTTS.
        new(0xFFBE_7C00, 0x1E28_4000, "FRINTTS (FRINT32<x>/FRINT64<x> scalar)"),
        // BFCVT (scalar): FEAT_BF16.
        new(0xFFFF_FC00, 0x1E63_4000, "BF16 (BFCVT)"),
    ];
}
