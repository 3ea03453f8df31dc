namespace A64Jit.Tests.Decoding;

public static partial class BeyondIsa
{
    /// <summary>
    /// Encodings near the LoadStore group that objdump decodes but that belong to
    /// architecture extensions outside A64Jit's ISA (ARMv8.0-A plus LSE and LDAPR).
    /// </summary>
    private static readonly Pattern[] LoadStore =
    [
        // Load/store ordered with o0 == 0: STLLRB/STLLRH/STLLR, LDLARB/LDLARH/LDLAR (size 001000 1 L 0 Rs 0 Rt2 Rn Rt)
        new(0x3FA0_8000, 0x0880_0000, "FEAT_LOR (LDLAR/STLLR)"),

        // LDRAA/LDRAB (11 111 0 00 M S 1 imm9 W 1 Rn Rt)
        new(0xFF20_0400, 0xF820_0400, "FEAT_PAuth (LDRAA/LDRAB)"),

        // STGP (0 1 101 0 0 idx 0 imm7 Rt2 Rn Rt), idx = 01 post-indexed, 10 offset, 11 pre-indexed
        new(0xFFC0_0000, 0x6880_0000, "FEAT_MTE (STGP post-indexed)"),
        new(0xFF40_0000, 0x6900_0000, "FEAT_MTE (STGP offset / pre-indexed)"),
        // Load/store memory tags (1101 1001 opc 1 imm9 op2 Rn Rt)
        new(0xFF20_0800, 0xD920_0800, "FEAT_MTE (STG/STZG/ST2G/STZ2G offset / pre-indexed)"),
        new(0xFF20_0C00, 0xD920_0400, "FEAT_MTE (STG/STZG/ST2G/STZ2G post-indexed)"),
        new(0xFFE0_0C00, 0xD960_0000, "FEAT_MTE (LDG)"),
        new(0xFFFF_FC00, 0xD920_0000, "FEAT_MTE2 (STZGM)"),
        new(0xFFFF_FC00, 0xD9A0_0000, "FEAT_MTE2 (STGM)"),
        new(0xFFFF_FC00, 0xD9E0_0000, "FEAT_MTE2 (LDGM)"),

        // LDAPR/STLR (unscaled immediate) (size 011001 opc 0 imm9 00 Rn Rt)
        new(0x3FE0_0C00, 0x1900_0000, "FEAT_LRCPC2 (STLURB/STLURH/STLUR)"),
        new(0x3FE0_0C00, 0x1940_0000, "FEAT_LRCPC2 (LDAPURB/LDAPURH/LDAPUR)"),
        new(0xBFA0_0C00, 0x1980_0000, "FEAT_LRCPC2 (LDAPURSB/LDAPURSH)"),
        new(0xFFE0_0C00, 0x9980_0000, "FEAT_LRCPC2 (LDAPURSW)"),

        // Memory copy and memory set, general-purpose half (sz 011 0 01 op1 0 Rs op2 01 Rn Rd; the o0 = 1 half,
        // CPY* and SETG*, lies in the SIMD&FP half of the space): op1 != 11 CPYF*, op1 == 11 SET* with
        // op2<3:2> = 00 (P), 01 (M), 10 (E)
        new(0xFFA0_0C00, 0x1900_0400, "FEAT_MOPS (CPYFP*/CPYFM*)"),
        new(0xFFE0_0C00, 0x1980_0400, "FEAT_MOPS (CPYFE*)"),
        new(0xFFE0_8C00, 0x19C0_0400, "FEAT_MOPS (SETP*/SETM*)"),
        new(0xFFE0_CC00, 0x19C0_8400, "FEAT_MOPS (SETE*)"),

        // LS64: ST64BV, ST64BV0 (11 111 0 00 0 0 1 Rs 1 opc 00 Rn Rt), ST64B, LD64B (Rs = 11111)
        new(0xFFE0_FC00, 0xF820_B000, "FEAT_LS64_V (ST64BV)"),
        new(0xFFE0_FC00, 0xF820_A000, "FEAT_LS64_ACCDATA (ST64BV0)"),
        new(0xFFFF_FC00, 0xF83F_9000, "FEAT_LS64 (ST64B)"),
        new(0xFFFF_FC00, 0xF83F_D000, "FEAT_LS64 (LD64B)"),
    ];
}
