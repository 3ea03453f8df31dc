namespace A64Jit.Tests.Decoding;

public static partial class BeyondIsa
{
    /// <summary>
    /// Encodings near the AdvancedSimd group that objdump decodes but that belong to
    /// architecture extensions outside A64Jit's ISA (ARMv8.0-A plus LSE and LDAPR).
    /// </summary>
    private static readonly Pattern[] AdvancedSimd =
    [
        // Advanced SIMD three same (FP16): 0 Q U 01110 a 10 Rm 00 opcode:3 1 Rn Rd
        new(0x9F60_C400, 0x0E40_0400, "FEAT_FP16 (Advanced SIMD three same FP16)"),
        // Advanced SIMD two-register miscellaneous (FP16): 0 Q U 01110 a 1111 00 opcode:5 10 Rn Rd
        new(0x9F7E_0C00, 0x0E78_0800, "FEAT_FP16 (Advanced SIMD two-register misc FP16)"),
        // Advanced SIMD across lanes, half precision: FMAXNMV/FMINNMV, FMAXV/FMINV (U = 0, sz = 0; bit 23 selects min)
        new(0xBF3F_FC00, 0x0E30_C800, "FEAT_FP16 (FMAXNMV/FMINNMV half precision)"),
        new(0xBF3F_FC00, 0x0E30_F800, "FEAT_FP16 (FMAXV/FMINV half precision)"),
        // Advanced SIMD modified immediate: FMOV (vector, immediate) half precision, op = 0 cmode = 1111 o2 = 1
        new(0xBFF8_FC00, 0x0F00_FC00, "FEAT_FP16 (FMOV vector immediate, half precision)"),

        // Advanced SIMD three-register extension: 0 Q U 01110 size 0 Rm 1 opcode:4 1 Rn Rd
        new(0xBF20_FC00, 0x2E00_8400, "FEAT_RDM (SQRDMLAH vector)"),
        new(0xBF20_FC00, 0x2E00_8C00, "FEAT_RDM (SQRDMLSH vector)"),
        new(0xBF20_FC00, 0x0E00_9400, "FEAT_DotProd (SDOT vector)"),
        new(0xBF20_FC00, 0x2E00_9400, "FEAT_DotProd (UDOT vector)"),
        new(0xBFE0_FC00, 0x0E80_9C00, "FEAT_I8MM (USDOT vector)"),
        new(0xFFE0_FC00, 0x4E80_A400, "FEAT_I8MM (SMMLA)"),
        new(0xFFE0_FC00, 0x6E80_A400, "FEAT_I8MM (UMMLA)"),
        new(0xFFE0_FC00, 0x4E80_AC00, "FEAT_I8MM (USMMLA)"),
        new(0xBF20_E400, 0x2E00_C400, "FEAT_FCMA (FCMLA vector)"),
        new(0xBF20_EC00, 0x2E00_E400, "FEAT_FCMA (FCADD)"),
        new(0xBFE0_FC00, 0x2E40_FC00, "FEAT_BF16 (BFDOT vector)"),
        new(0xFFE0_FC00, 0x6E40_EC00, "FEAT_BF16 (BFMMLA)"),
        new(0xBFE0_FC00, 0x2EC0_FC00, "FEAT_BF16 (BFMLALB/BFMLALT vector)"),

        // Advanced SIMD three same: FMLAL/FMLSL (U = 0, opcode 11101), FMLAL2/FMLSL2 (U = 1, opcode 11001), bit 23 = S.
        // The Arm ARM requires sz (bit 22) = 0; objdump decodes sz = 1 too, so bit 22 is left open here.
        new(0xBFA0_FC00, 0x0E20_EC00, "FEAT_FHM (FMLAL vector)"),
        new(0xBFA0_FC00, 0x0EA0_EC00, "FEAT_FHM (FMLSL vector)"),
        new(0xBFA0_FC00, 0x2E20_CC00, "FEAT_FHM (FMLAL2 vector)"),
        new(0xBFA0_FC00, 0x2EA0_CC00, "FEAT_FHM (FMLSL2 vector)"),

        // Advanced SIMD two-register miscellaneous
        new(0xBFFF_FC00, 0x0EA1_6800, "FEAT_BF16 (BFCVTN/BFCVTN2)"),
        new(0x9FBF_EC00, 0x0E21_E800, "FEAT_FRINTTS (FRINT32Z/FRINT64Z/FRINT32X/FRINT64X vector)"),
    ];
}
