namespace A64Jit.Tests.Decoding;

public static partial class BeyondIsa
{
    /// <summary>
    /// Encodings near the LoadStoreSimd group that objdump decodes but that belong to
    /// architecture extensions outside A64Jit's ISA (ARMv8.0-A plus LSE and LDAPR).
    /// </summary>
    /// <remarks>
    /// The SIMD&amp;FP half of the load/store space (bit 26 = 1). Its unallocated corner
    /// "sz 011 1 01 op1 0 Rs op2 01 Rn Rd" holds the memory copy/set instructions with o0 = 1:
    /// CPYP/CPYM/CPYE and their option forms (op1 = 00/01/10), and SETGP/SETGM/SETGE
    /// (op1 = 11, op2&lt;3:2&gt; = 00/01/10; these also need FEAT_MTE). Only sz = 00 is allocated.
    /// </remarks>
    private static readonly Pattern[] LoadStoreSimd =
    [
        new(0xFFE0_0C00, 0x1D00_0400, "FEAT_MOPS (CPYP*, memory copy prologue)"),
        new(0xFFE0_0C00, 0x1D40_0400, "FEAT_MOPS (CPYM*, memory copy main)"),
        new(0xFFE0_0C00, 0x1D80_0400, "FEAT_MOPS (CPYE*, memory copy epilogue)"),
        new(0xFFE0_CC00, 0x1DC0_0400, "FEAT_MOPS + FEAT_MTE (SETGP*, memory set with tags prologue)"),
        new(0xFFE0_CC00, 0x1DC0_4400, "FEAT_MOPS + FEAT_MTE (SETGM*, memory set with tags main)"),
        new(0xFFE0_CC00, 0x1DC0_8400, "FEAT_MOPS + FEAT_MTE (SETGE*, memory set with tags epilogue)"),
    ];
}
