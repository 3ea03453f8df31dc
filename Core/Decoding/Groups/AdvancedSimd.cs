using static A64Jit.Core.Disassembly.AdvancedSimdDisasm;

namespace A64Jit.Core.Decoding;

public static partial class EncodingTable
{
    private static Encoding Asv(string name, string pattern, DisasmFormatter format, Func<uint, bool>? allocated = null) =>
        new(name, EncodingGroup.AdvancedSimd, pattern, format, allocated);

    // ----- reserved field values of the vector groups (Arm ARM decode pseudo-code)
    /// <summary>size:Q = 11:0 (a 1D arrangement) is reserved.</summary>
    private static bool AsvNot1D(uint w) => (w & 0x40C0_0000) != 0x00C0_0000;
    /// <summary>size = 11 is reserved.</summary>
    private static bool AsvNotSize3(uint w) => (w & 0x00C0_0000) != 0x00C0_0000;
    /// <summary>Only size = 01 (H) and 10 (S) are allocated.</summary>
    private static bool AsvSizeHS(uint w) => ((w >> 22) & 3) is 1 or 2;
    /// <summary>PMULL: size = 00 (8H from 8B) or 11 (1Q from 1D, the 64-bit polynomial form); 01 and 10 are reserved.</summary>
    private static bool AsvPmull(uint w) => ((w >> 22) & 3) is 0 or 3;
    /// <summary>Floating point: sz:Q = 1:0 (a 1D arrangement) is reserved.</summary>
    private static bool AsvFpNot1D(uint w) => (w & 0x4040_0000) != 0x0040_0000;
    /// <summary>Integer across lanes: size = 11 and size:Q = 10:0 (2S) are reserved.</summary>
    private static bool AsvAcross(uint w) => (w & 0x00C0_0000) != 0x00C0_0000 && (w & 0x40C0_0000) != 0x0080_0000;
    /// <summary>Extract: Q = 0 with imm4 bit 3 set is reserved.</summary>
    private static bool AsvExt(uint w) => (w & 0x4000_4000) != 0x0000_4000;
    /// <summary>DUP: imm5 = x0000 is unallocated, imm5 = x1000 (D) with Q = 0 reserved.</summary>
    private static bool AsvDup(uint w) => (w & 0x000F_0000) != 0 && (w & 0x400F_0000) != 0x0008_0000;
    /// <summary>INS: imm5 = x0000 is unallocated.</summary>
    private static bool AsvIns(uint w) => (w & 0x000F_0000) != 0;
    /// <summary>SMOV: B or H to W (Q = 0), B, H or S to X (Q = 1).</summary>
    private static bool AsvSmov(uint w) => (w & 0x4000_0000) != 0 ? (w & 0x0007_0000) != 0 : (w & 0x0003_0000) != 0;
    /// <summary>UMOV: B, H or S to W (Q = 0), D to X (Q = 1).</summary>
    private static bool AsvUmov(uint w) => (w & 0x4000_0000) != 0 ? (w & 0x000F_0000) == 0x0008_0000 : (w & 0x0007_0000) != 0;

    private static Encoding[] AdvancedSimd() =>
    [
        // Advanced SIMD table lookup
        Asv("TBL", "0 Q 001110 00 0 Rm:5 0 len:2 0 00 Rn:5 Rd:5", TBL),
        Asv("TBX", "0 Q 001110 00 0 Rm:5 0 len:2 1 00 Rn:5 Rd:5", TBX),

        // Advanced SIMD permute
        Asv("UZP1", "0 Q 001110 size:2 0 Rm:5 0 001 10 Rn:5 Rd:5", UZP1, AsvNot1D),
        Asv("TRN1", "0 Q 001110 size:2 0 Rm:5 0 010 10 Rn:5 Rd:5", TRN1, AsvNot1D),
        Asv("ZIP1", "0 Q 001110 size:2 0 Rm:5 0 011 10 Rn:5 Rd:5", ZIP1, AsvNot1D),
        Asv("UZP2", "0 Q 001110 size:2 0 Rm:5 0 101 10 Rn:5 Rd:5", UZP2, AsvNot1D),
        Asv("TRN2", "0 Q 001110 size:2 0 Rm:5 0 110 10 Rn:5 Rd:5", TRN2, AsvNot1D),
        Asv("ZIP2", "0 Q 001110 size:2 0 Rm:5 0 111 10 Rn:5 Rd:5", ZIP2, AsvNot1D),

        // Advanced SIMD extract
        Asv("EXT", "0 Q 101110 00 0 Rm:5 0 imm4:4 0 Rn:5 Rd:5", EXT, AsvExt),

        // Advanced SIMD copy
        Asv("DUP_element_vector", "0 Q 0 01110000 imm5:5 0 0000 1 Rn:5 Rd:5", DUP_element_vector, AsvDup),
        Asv("DUP_general",        "0 Q 0 01110000 imm5:5 0 0001 1 Rn:5 Rd:5", DUP_general, AsvDup),
        Asv("SMOV",               "0 Q 0 01110000 imm5:5 0 0101 1 Rn:5 Rd:5", SMOV, AsvSmov),
        Asv("UMOV",               "0 Q 0 01110000 imm5:5 0 0111 1 Rn:5 Rd:5", UMOV, AsvUmov),
        Asv("INS_general",        "0 1 0 01110000 imm5:5 0 0011 1 Rn:5 Rd:5", INS_general, AsvIns),
        Asv("INS_element",        "0 1 1 01110000 imm5:5 0 imm4:4 1 Rn:5 Rd:5", INS_element, AsvIns),

        // Advanced SIMD three same (integer), U = 0
        Asv("SHADD",            "0 Q 0 01110 size:2 1 Rm:5 00000 1 Rn:5 Rd:5", SHADD, AsvNotSize3),
        Asv("SQADD_vector",     "0 Q 0 01110 size:2 1 Rm:5 00001 1 Rn:5 Rd:5", SQADD_vector, AsvNot1D),
        Asv("SRHADD",           "0 Q 0 01110 size:2 1 Rm:5 00010 1 Rn:5 Rd:5", SRHADD, AsvNotSize3),
        Asv("SHSUB",            "0 Q 0 01110 size:2 1 Rm:5 00100 1 Rn:5 Rd:5", SHSUB, AsvNotSize3),
        Asv("SQSUB_vector",     "0 Q 0 01110 size:2 1 Rm:5 00101 1 Rn:5 Rd:5", SQSUB_vector, AsvNot1D),
        Asv("CMGT_reg_vector",  "0 Q 0 01110 size:2 1 Rm:5 00110 1 Rn:5 Rd:5", CMGT_reg_vector, AsvNot1D),
        Asv("CMGE_reg_vector",  "0 Q 0 01110 size:2 1 Rm:5 00111 1 Rn:5 Rd:5", CMGE_reg_vector, AsvNot1D),
        Asv("SSHL_vector",      "0 Q 0 01110 size:2 1 Rm:5 01000 1 Rn:5 Rd:5", SSHL_vector, AsvNot1D),
        Asv("SQSHL_reg_vector", "0 Q 0 01110 size:2 1 Rm:5 01001 1 Rn:5 Rd:5", SQSHL_reg_vector, AsvNot1D),
        Asv("SRSHL_vector",     "0 Q 0 01110 size:2 1 Rm:5 01010 1 Rn:5 Rd:5", SRSHL_vector, AsvNot1D),
        Asv("SQRSHL_vector",    "0 Q 0 01110 size:2 1 Rm:5 01011 1 Rn:5 Rd:5", SQRSHL_vector, AsvNot1D),
        Asv("SMAX",             "0 Q 0 01110 size:2 1 Rm:5 01100 1 Rn:5 Rd:5", SMAX, AsvNotSize3),
        Asv("SMIN",             "0 Q 0 01110 size:2 1 Rm:5 01101 1 Rn:5 Rd:5", SMIN, AsvNotSize3),
        Asv("SABD",             "0 Q 0 01110 size:2 1 Rm:5 01110 1 Rn:5 Rd:5", SABD, AsvNotSize3),
        Asv("SABA",             "0 Q 0 01110 size:2 1 Rm:5 01111 1 Rn:5 Rd:5", SABA, AsvNotSize3),
        Asv("ADD_vector",       "0 Q 0 01110 size:2 1 Rm:5 10000 1 Rn:5 Rd:5", ADD_vector, AsvNot1D),
        Asv("CMTST_vector",     "0 Q 0 01110 size:2 1 Rm:5 10001 1 Rn:5 Rd:5", CMTST_vector, AsvNot1D),
        Asv("MLA_vector",       "0 Q 0 01110 size:2 1 Rm:5 10010 1 Rn:5 Rd:5", MLA_vector, AsvNotSize3),
        Asv("MUL_vector",       "0 Q 0 01110 size:2 1 Rm:5 10011 1 Rn:5 Rd:5", MUL_vector, AsvNotSize3),
        Asv("SMAXP",            "0 Q 0 01110 size:2 1 Rm:5 10100 1 Rn:5 Rd:5", SMAXP, AsvNotSize3),
        Asv("SMINP",            "0 Q 0 01110 size:2 1 Rm:5 10101 1 Rn:5 Rd:5", SMINP, AsvNotSize3),
        Asv("SQDMULH_vector",   "0 Q 0 01110 size:2 1 Rm:5 10110 1 Rn:5 Rd:5", SQDMULH_vector, AsvSizeHS),
        Asv("ADDP_vector",      "0 Q 0 01110 size:2 1 Rm:5 10111 1 Rn:5 Rd:5", ADDP_vector, AsvNot1D),

        // Advanced SIMD three same (integer), U = 1
        Asv("UHADD",            "0 Q 1 01110 size:2 1 Rm:5 00000 1 Rn:5 Rd:5", UHADD, AsvNotSize3),
        Asv("UQADD_vector",     "0 Q 1 01110 size:2 1 Rm:5 00001 1 Rn:5 Rd:5", UQADD_vector, AsvNot1D),
        Asv("URHADD",           "0 Q 1 01110 size:2 1 Rm:5 00010 1 Rn:5 Rd:5", URHADD, AsvNotSize3),
        Asv("UHSUB",            "0 Q 1 01110 size:2 1 Rm:5 00100 1 Rn:5 Rd:5", UHSUB, AsvNotSize3),
        Asv("UQSUB_vector",     "0 Q 1 01110 size:2 1 Rm:5 00101 1 Rn:5 Rd:5", UQSUB_vector, AsvNot1D),
        Asv("CMHI_reg_vector",  "0 Q 1 01110 size:2 1 Rm:5 00110 1 Rn:5 Rd:5", CMHI_reg_vector, AsvNot1D),
        Asv("CMHS_reg_vector",  "0 Q 1 01110 size:2 1 Rm:5 00111 1 Rn:5 Rd:5", CMHS_reg_vector, AsvNot1D),
        Asv("USHL_vector",      "0 Q 1 01110 size:2 1 Rm:5 01000 1 Rn:5 Rd:5", USHL_vector, AsvNot1D),
        Asv("UQSHL_reg_vector", "0 Q 1 01110 size:2 1 Rm:5 01001 1 Rn:5 Rd:5", UQSHL_reg_vector, AsvNot1D),
        Asv("URSHL_vector",     "0 Q 1 01110 size:2 1 Rm:5 01010 1 Rn:5 Rd:5", URSHL_vector, AsvNot1D),
        Asv("UQRSHL_vector",    "0 Q 1 01110 size:2 1 Rm:5 01011 1 Rn:5 Rd:5", UQRSHL_vector, AsvNot1D),
        Asv("UMAX",             "0 Q 1 01110 size:2 1 Rm:5 01100 1 Rn:5 Rd:5", UMAX, AsvNotSize3),
        Asv("UMIN",             "0 Q 1 01110 size:2 1 Rm:5 01101 1 Rn:5 Rd:5", UMIN, AsvNotSize3),
        Asv("UABD",             "0 Q 1 01110 size:2 1 Rm:5 01110 1 Rn:5 Rd:5", UABD, AsvNotSize3),
        Asv("UABA",             "0 Q 1 01110 size:2 1 Rm:5 01111 1 Rn:5 Rd:5", UABA, AsvNotSize3),
        Asv("SUB_vector",       "0 Q 1 01110 size:2 1 Rm:5 10000 1 Rn:5 Rd:5", SUB_vector, AsvNot1D),
        Asv("CMEQ_reg_vector",  "0 Q 1 01110 size:2 1 Rm:5 10001 1 Rn:5 Rd:5", CMEQ_reg_vector, AsvNot1D),
        Asv("MLS_vector",       "0 Q 1 01110 size:2 1 Rm:5 10010 1 Rn:5 Rd:5", MLS_vector, AsvNotSize3),
        Asv("PMUL",             "0 Q 1 01110 00 1 Rm:5 10011 1 Rn:5 Rd:5", PMUL),
        Asv("UMAXP",            "0 Q 1 01110 size:2 1 Rm:5 10100 1 Rn:5 Rd:5", UMAXP, AsvNotSize3),
        Asv("UMINP",            "0 Q 1 01110 size:2 1 Rm:5 10101 1 Rn:5 Rd:5", UMINP, AsvNotSize3),
        Asv("SQRDMULH_vector",  "0 Q 1 01110 size:2 1 Rm:5 10110 1 Rn:5 Rd:5", SQRDMULH_vector, AsvSizeHS),

        // Advanced SIMD three same, logical (opcode 00011, size selects the operation)
        Asv("AND_vector",     "0 Q 0 01110 00 1 Rm:5 00011 1 Rn:5 Rd:5", AND_vector),
        Asv("BIC_vector_reg", "0 Q 0 01110 01 1 Rm:5 00011 1 Rn:5 Rd:5", BIC_vector_reg),
        Asv("ORR_vector_reg", "0 Q 0 01110 10 1 Rm:5 00011 1 Rn:5 Rd:5", ORR_vector_reg),
        Asv("ORN_vector",     "0 Q 0 01110 11 1 Rm:5 00011 1 Rn:5 Rd:5", ORN_vector),
        Asv("EOR_vector",     "0 Q 1 01110 00 1 Rm:5 00011 1 Rn:5 Rd:5", EOR_vector),
        Asv("BSL",            "0 Q 1 01110 01 1 Rm:5 00011 1 Rn:5 Rd:5", BSL),
        Asv("BIT",            "0 Q 1 01110 10 1 Rm:5 00011 1 Rn:5 Rd:5", BIT),
        Asv("BIF",            "0 Q 1 01110 11 1 Rm:5 00011 1 Rn:5 Rd:5", BIF),

        // Advanced SIMD three same, floating point: 0 Q U 01110 a sz 1 Rm opcode 1 Rn Rd
        Asv("FMAXNM_vector",    "0 Q 0 01110 0 sz 1 Rm:5 11000 1 Rn:5 Rd:5", FMAXNM_vector, AsvFpNot1D),
        Asv("FMLA_vector",      "0 Q 0 01110 0 sz 1 Rm:5 11001 1 Rn:5 Rd:5", FMLA_vector, AsvFpNot1D),
        Asv("FADD_vector",      "0 Q 0 01110 0 sz 1 Rm:5 11010 1 Rn:5 Rd:5", FADD_vector, AsvFpNot1D),
        Asv("FMULX_vector",     "0 Q 0 01110 0 sz 1 Rm:5 11011 1 Rn:5 Rd:5", FMULX_vector, AsvFpNot1D),
        Asv("FCMEQ_reg_vector", "0 Q 0 01110 0 sz 1 Rm:5 11100 1 Rn:5 Rd:5", FCMEQ_reg_vector, AsvFpNot1D),
        Asv("FMAX_vector",      "0 Q 0 01110 0 sz 1 Rm:5 11110 1 Rn:5 Rd:5", FMAX_vector, AsvFpNot1D),
        Asv("FRECPS_vector",    "0 Q 0 01110 0 sz 1 Rm:5 11111 1 Rn:5 Rd:5", FRECPS_vector, AsvFpNot1D),
        Asv("FMINNM_vector",    "0 Q 0 01110 1 sz 1 Rm:5 11000 1 Rn:5 Rd:5", FMINNM_vector, AsvFpNot1D),
        Asv("FMLS_vector",      "0 Q 0 01110 1 sz 1 Rm:5 11001 1 Rn:5 Rd:5", FMLS_vector, AsvFpNot1D),
        Asv("FSUB_vector",      "0 Q 0 01110 1 sz 1 Rm:5 11010 1 Rn:5 Rd:5", FSUB_vector, AsvFpNot1D),
        Asv("FMIN_vector",      "0 Q 0 01110 1 sz 1 Rm:5 11110 1 Rn:5 Rd:5", FMIN_vector, AsvFpNot1D),
        Asv("FRSQRTS_vector",   "0 Q 0 01110 1 sz 1 Rm:5 11111 1 Rn:5 Rd:5", FRSQRTS_vector, AsvFpNot1D),
        Asv("FMAXNMP_vector",   "0 Q 1 01110 0 sz 1 Rm:5 11000 1 Rn:5 Rd:5", FMAXNMP_vector, AsvFpNot1D),
        Asv("FADDP_vector",     "0 Q 1 01110 0 sz 1 Rm:5 11010 1 Rn:5 Rd:5", FADDP_vector, AsvFpNot1D),
        Asv("FMUL_vector",      "0 Q 1 01110 0 sz 1 Rm:5 11011 1 Rn:5 Rd:5", FMUL_vector, AsvFpNot1D),
        Asv("FCMGE_reg_vector", "0 Q 1 01110 0 sz 1 Rm:5 11100 1 Rn:5 Rd:5", FCMGE_reg_vector, AsvFpNot1D),
        Asv("FACGE_vector",     "0 Q 1 01110 0 sz 1 Rm:5 11101 1 Rn:5 Rd:5", FACGE_vector, AsvFpNot1D),
        Asv("FMAXP_vector",     "0 Q 1 01110 0 sz 1 Rm:5 11110 1 Rn:5 Rd:5", FMAXP_vector, AsvFpNot1D),
        Asv("FDIV_vector",      "0 Q 1 01110 0 sz 1 Rm:5 11111 1 Rn:5 Rd:5", FDIV_vector, AsvFpNot1D),
        Asv("FMINNMP_vector",   "0 Q 1 01110 1 sz 1 Rm:5 11000 1 Rn:5 Rd:5", FMINNMP_vector, AsvFpNot1D),
        Asv("FABD_vector",      "0 Q 1 01110 1 sz 1 Rm:5 11010 1 Rn:5 Rd:5", FABD_vector, AsvFpNot1D),
        Asv("FCMGT_reg_vector", "0 Q 1 01110 1 sz 1 Rm:5 11100 1 Rn:5 Rd:5", FCMGT_reg_vector, AsvFpNot1D),
        Asv("FACGT_vector",     "0 Q 1 01110 1 sz 1 Rm:5 11101 1 Rn:5 Rd:5", FACGT_vector, AsvFpNot1D),
        Asv("FMINP_vector",     "0 Q 1 01110 1 sz 1 Rm:5 11110 1 Rn:5 Rd:5", FMINP_vector, AsvFpNot1D),

        // Advanced SIMD three different
        Asv("SADDL",          "0 Q 0 01110 size:2 1 Rm:5 0000 00 Rn:5 Rd:5", SADDL, AsvNotSize3),
        Asv("SADDW",          "0 Q 0 01110 size:2 1 Rm:5 0001 00 Rn:5 Rd:5", SADDW, AsvNotSize3),
        Asv("SSUBL",          "0 Q 0 01110 size:2 1 Rm:5 0010 00 Rn:5 Rd:5", SSUBL, AsvNotSize3),
        Asv("SSUBW",          "0 Q 0 01110 size:2 1 Rm:5 0011 00 Rn:5 Rd:5", SSUBW, AsvNotSize3),
        Asv("ADDHN",          "0 Q 0 01110 size:2 1 Rm:5 0100 00 Rn:5 Rd:5", ADDHN, AsvNotSize3),
        Asv("SABAL",          "0 Q 0 01110 size:2 1 Rm:5 0101 00 Rn:5 Rd:5", SABAL, AsvNotSize3),
        Asv("SUBHN",          "0 Q 0 01110 size:2 1 Rm:5 0110 00 Rn:5 Rd:5", SUBHN, AsvNotSize3),
        Asv("SABDL",          "0 Q 0 01110 size:2 1 Rm:5 0111 00 Rn:5 Rd:5", SABDL, AsvNotSize3),
        Asv("SMLAL_vector",   "0 Q 0 01110 size:2 1 Rm:5 1000 00 Rn:5 Rd:5", SMLAL_vector, AsvNotSize3),
        Asv("SQDMLAL_vector", "0 Q 0 01110 size:2 1 Rm:5 1001 00 Rn:5 Rd:5", SQDMLAL_vector, AsvSizeHS),
        Asv("SMLSL_vector",   "0 Q 0 01110 size:2 1 Rm:5 1010 00 Rn:5 Rd:5", SMLSL_vector, AsvNotSize3),
        Asv("SQDMLSL_vector", "0 Q 0 01110 size:2 1 Rm:5 1011 00 Rn:5 Rd:5", SQDMLSL_vector, AsvSizeHS),
        Asv("SMULL_vector",   "0 Q 0 01110 size:2 1 Rm:5 1100 00 Rn:5 Rd:5", SMULL_vector, AsvNotSize3),
        Asv("SQDMULL_vector", "0 Q 0 01110 size:2 1 Rm:5 1101 00 Rn:5 Rd:5", SQDMULL_vector, AsvSizeHS),
        Asv("PMULL",          "0 Q 0 01110 size:2 1 Rm:5 1110 00 Rn:5 Rd:5", PMULL, AsvPmull),
        Asv("UADDL",          "0 Q 1 01110 size:2 1 Rm:5 0000 00 Rn:5 Rd:5", UADDL, AsvNotSize3),
        Asv("UADDW",          "0 Q 1 01110 size:2 1 Rm:5 0001 00 Rn:5 Rd:5", UADDW, AsvNotSize3),
        Asv("USUBL",          "0 Q 1 01110 size:2 1 Rm:5 0010 00 Rn:5 Rd:5", USUBL, AsvNotSize3),
        Asv("USUBW",          "0 Q 1 01110 size:2 1 Rm:5 0011 00 Rn:5 Rd:5", USUBW, AsvNotSize3),
        Asv("RADDHN",         "0 Q 1 01110 size:2 1 Rm:5 0100 00 Rn:5 Rd:5", RADDHN, AsvNotSize3),
        Asv("UABAL",          "0 Q 1 01110 size:2 1 Rm:5 0101 00 Rn:5 Rd:5", UABAL, AsvNotSize3),
        Asv("RSUBHN",         "0 Q 1 01110 size:2 1 Rm:5 0110 00 Rn:5 Rd:5", RSUBHN, AsvNotSize3),
        Asv("UABDL",          "0 Q 1 01110 size:2 1 Rm:5 0111 00 Rn:5 Rd:5", UABDL, AsvNotSize3),
        Asv("UMLAL_vector",   "0 Q 1 01110 size:2 1 Rm:5 1000 00 Rn:5 Rd:5", UMLAL_vector, AsvNotSize3),
        Asv("UMLSL_vector",   "0 Q 1 01110 size:2 1 Rm:5 1010 00 Rn:5 Rd:5", UMLSL_vector, AsvNotSize3),
        Asv("UMULL_vector",   "0 Q 1 01110 size:2 1 Rm:5 1100 00 Rn:5 Rd:5", UMULL_vector, AsvNotSize3),

        // Advanced SIMD two-register miscellaneous, U = 0
        Asv("REV64",            "0 Q 0 01110 size:2 10000 00000 10 Rn:5 Rd:5", REV64, AsvNotSize3),
        Asv("REV16_vector",     "0 Q 0 01110 00 10000 00001 10 Rn:5 Rd:5", REV16_vector),
        Asv("SADDLP",           "0 Q 0 01110 size:2 10000 00010 10 Rn:5 Rd:5", SADDLP, AsvNotSize3),
        Asv("SUQADD_vector",    "0 Q 0 01110 size:2 10000 00011 10 Rn:5 Rd:5", SUQADD_vector, AsvNot1D),
        Asv("CLS_vector",       "0 Q 0 01110 size:2 10000 00100 10 Rn:5 Rd:5", CLS_vector, AsvNotSize3),
        Asv("CNT_vector",       "0 Q 0 01110 00 10000 00101 10 Rn:5 Rd:5", CNT_vector),
        Asv("SADALP",           "0 Q 0 01110 size:2 10000 00110 10 Rn:5 Rd:5", SADALP, AsvNotSize3),
        Asv("SQABS_vector",     "0 Q 0 01110 size:2 10000 00111 10 Rn:5 Rd:5", SQABS_vector, AsvNot1D),
        Asv("CMGT_zero_vector", "0 Q 0 01110 size:2 10000 01000 10 Rn:5 Rd:5", CMGT_zero_vector, AsvNot1D),
        Asv("CMEQ_zero_vector", "0 Q 0 01110 size:2 10000 01001 10 Rn:5 Rd:5", CMEQ_zero_vector, AsvNot1D),
        Asv("CMLT_zero_vector", "0 Q 0 01110 size:2 10000 01010 10 Rn:5 Rd:5", CMLT_zero_vector, AsvNot1D),
        Asv("ABS_vector",       "0 Q 0 01110 size:2 10000 01011 10 Rn:5 Rd:5", ABS_vector, AsvNot1D),
        Asv("XTN",              "0 Q 0 01110 size:2 10000 10010 10 Rn:5 Rd:5", XTN, AsvNotSize3),
        Asv("SQXTN_vector",     "0 Q 0 01110 size:2 10000 10100 10 Rn:5 Rd:5", SQXTN_vector, AsvNotSize3),

        // Advanced SIMD two-register miscellaneous, U = 1
        Asv("REV32_vector",     "0 Q 1 01110 0 size0 10000 00000 10 Rn:5 Rd:5", REV32_vector),
        Asv("UADDLP",           "0 Q 1 01110 size:2 10000 00010 10 Rn:5 Rd:5", UADDLP, AsvNotSize3),
        Asv("USQADD_vector",    "0 Q 1 01110 size:2 10000 00011 10 Rn:5 Rd:5", USQADD_vector, AsvNot1D),
        Asv("CLZ_vector",       "0 Q 1 01110 size:2 10000 00100 10 Rn:5 Rd:5", CLZ_vector, AsvNotSize3),
        Asv("NOT_vector",       "0 Q 1 01110 00 10000 00101 10 Rn:5 Rd:5", NOT_vector),
        Asv("RBIT_vector",      "0 Q 1 01110 01 10000 00101 10 Rn:5 Rd:5", RBIT_vector),
        Asv("UADALP",           "0 Q 1 01110 size:2 10000 00110 10 Rn:5 Rd:5", UADALP, AsvNotSize3),
        Asv("SQNEG_vector",     "0 Q 1 01110 size:2 10000 00111 10 Rn:5 Rd:5", SQNEG_vector, AsvNot1D),
        Asv("CMGE_zero_vector", "0 Q 1 01110 size:2 10000 01000 10 Rn:5 Rd:5", CMGE_zero_vector, AsvNot1D),
        Asv("CMLE_zero_vector", "0 Q 1 01110 size:2 10000 01001 10 Rn:5 Rd:5", CMLE_zero_vector, AsvNot1D),
        Asv("NEG_vector",       "0 Q 1 01110 size:2 10000 01011 10 Rn:5 Rd:5", NEG_vector, AsvNot1D),
        Asv("SQXTUN_vector",    "0 Q 1 01110 size:2 10000 10010 10 Rn:5 Rd:5", SQXTUN_vector, AsvNotSize3),
        Asv("SHLL",             "0 Q 1 01110 size:2 10000 10011 10 Rn:5 Rd:5", SHLL, AsvNotSize3),
        Asv("UQXTN_vector",     "0 Q 1 01110 size:2 10000 10100 10 Rn:5 Rd:5", UQXTN_vector, AsvNotSize3),

        // Advanced SIMD two-register miscellaneous, floating point: 0 Q U 01110 a sz 10000 opcode 10 Rn Rd
        Asv("FCVTN_vector",      "0 Q 0 01110 0 sz 10000 10110 10 Rn:5 Rd:5", FCVTN_vector),
        Asv("FCVTL_vector",      "0 Q 0 01110 0 sz 10000 10111 10 Rn:5 Rd:5", FCVTL_vector),
        Asv("FRINTN_vector",     "0 Q 0 01110 0 sz 10000 11000 10 Rn:5 Rd:5", FRINTN_vector, AsvFpNot1D),
        Asv("FRINTM_vector",     "0 Q 0 01110 0 sz 10000 11001 10 Rn:5 Rd:5", FRINTM_vector, AsvFpNot1D),
        Asv("FCVTNS_vector",     "0 Q 0 01110 0 sz 10000 11010 10 Rn:5 Rd:5", FCVTNS_vector, AsvFpNot1D),
        Asv("FCVTMS_vector",     "0 Q 0 01110 0 sz 10000 11011 10 Rn:5 Rd:5", FCVTMS_vector, AsvFpNot1D),
        Asv("FCVTAS_vector",     "0 Q 0 01110 0 sz 10000 11100 10 Rn:5 Rd:5", FCVTAS_vector, AsvFpNot1D),
        Asv("SCVTF_vector",      "0 Q 0 01110 0 sz 10000 11101 10 Rn:5 Rd:5", SCVTF_vector, AsvFpNot1D),
        Asv("FCMGT_zero_vector", "0 Q 0 01110 1 sz 10000 01100 10 Rn:5 Rd:5", FCMGT_zero_vector, AsvFpNot1D),
        Asv("FCMEQ_zero_vector", "0 Q 0 01110 1 sz 10000 01101 10 Rn:5 Rd:5", FCMEQ_zero_vector, AsvFpNot1D),
        Asv("FCMLT_zero_vector", "0 Q 0 01110 1 sz 10000 01110 10 Rn:5 Rd:5", FCMLT_zero_vector, AsvFpNot1D),
        Asv("FABS_vector",       "0 Q 0 01110 1 sz 10000 01111 10 Rn:5 Rd:5", FABS_vector, AsvFpNot1D),
        Asv("FRINTP_vector",     "0 Q 0 01110 1 sz 10000 11000 10 Rn:5 Rd:5", FRINTP_vector, AsvFpNot1D),
        Asv("FRINTZ_vector",     "0 Q 0 01110 1 sz 10000 11001 10 Rn:5 Rd:5", FRINTZ_vector, AsvFpNot1D),
        Asv("FCVTPS_vector",     "0 Q 0 01110 1 sz 10000 11010 10 Rn:5 Rd:5", FCVTPS_vector, AsvFpNot1D),
        Asv("FCVTZS_vector",     "0 Q 0 01110 1 sz 10000 11011 10 Rn:5 Rd:5", FCVTZS_vector, AsvFpNot1D),
        Asv("URECPE",            "0 Q 0 01110 1 0 10000 11100 10 Rn:5 Rd:5", URECPE),
        Asv("FRECPE_vector",     "0 Q 0 01110 1 sz 10000 11101 10 Rn:5 Rd:5", FRECPE_vector, AsvFpNot1D),
        Asv("FCVTXN_vector",     "0 Q 1 01110 0 1 10000 10110 10 Rn:5 Rd:5", FCVTXN_vector),
        Asv("FRINTA_vector",     "0 Q 1 01110 0 sz 10000 11000 10 Rn:5 Rd:5", FRINTA_vector, AsvFpNot1D),
        Asv("FRINTX_vector",     "0 Q 1 01110 0 sz 10000 11001 10 Rn:5 Rd:5", FRINTX_vector, AsvFpNot1D),
        Asv("FCVTNU_vector",     "0 Q 1 01110 0 sz 10000 11010 10 Rn:5 Rd:5", FCVTNU_vector, AsvFpNot1D),
        Asv("FCVTMU_vector",     "0 Q 1 01110 0 sz 10000 11011 10 Rn:5 Rd:5", FCVTMU_vector, AsvFpNot1D),
        Asv("FCVTAU_vector",     "0 Q 1 01110 0 sz 10000 11100 10 Rn:5 Rd:5", FCVTAU_vector, AsvFpNot1D),
        Asv("UCVTF_vector",      "0 Q 1 01110 0 sz 10000 11101 10 Rn:5 Rd:5", UCVTF_vector, AsvFpNot1D),
        Asv("FCMGE_zero_vector", "0 Q 1 01110 1 sz 10000 01100 10 Rn:5 Rd:5", FCMGE_zero_vector, AsvFpNot1D),
        Asv("FCMLE_zero_vector", "0 Q 1 01110 1 sz 10000 01101 10 Rn:5 Rd:5", FCMLE_zero_vector, AsvFpNot1D),
        Asv("FNEG_vector",       "0 Q 1 01110 1 sz 10000 01111 10 Rn:5 Rd:5", FNEG_vector, AsvFpNot1D),
        Asv("FRINTI_vector",     "0 Q 1 01110 1 sz 10000 11001 10 Rn:5 Rd:5", FRINTI_vector, AsvFpNot1D),
        Asv("FCVTPU_vector",     "0 Q 1 01110 1 sz 10000 11010 10 Rn:5 Rd:5", FCVTPU_vector, AsvFpNot1D),
        Asv("FCVTZU_vector",     "0 Q 1 01110 1 sz 10000 11011 10 Rn:5 Rd:5", FCVTZU_vector, AsvFpNot1D),
        Asv("URSQRTE",           "0 Q 1 01110 1 0 10000 11100 10 Rn:5 Rd:5", URSQRTE),
        Asv("FRSQRTE_vector",    "0 Q 1 01110 1 sz 10000 11101 10 Rn:5 Rd:5", FRSQRTE_vector, AsvFpNot1D),
        Asv("FSQRT_vector",      "0 Q 1 01110 1 sz 10000 11111 10 Rn:5 Rd:5", FSQRT_vector, AsvFpNot1D),

        // Advanced SIMD across lanes
        Asv("SADDLV",  "0 Q 0 01110 size:2 11000 00011 10 Rn:5 Rd:5", SADDLV, AsvAcross),
        Asv("SMAXV",   "0 Q 0 01110 size:2 11000 01010 10 Rn:5 Rd:5", SMAXV, AsvAcross),
        Asv("SMINV",   "0 Q 0 01110 size:2 11000 11010 10 Rn:5 Rd:5", SMINV, AsvAcross),
        Asv("ADDV",    "0 Q 0 01110 size:2 11000 11011 10 Rn:5 Rd:5", ADDV, AsvAcross),
        Asv("UADDLV",  "0 Q 1 01110 size:2 11000 00011 10 Rn:5 Rd:5", UADDLV, AsvAcross),
        Asv("UMAXV",   "0 Q 1 01110 size:2 11000 01010 10 Rn:5 Rd:5", UMAXV, AsvAcross),
        Asv("UMINV",   "0 Q 1 01110 size:2 11000 11010 10 Rn:5 Rd:5", UMINV, AsvAcross),
        Asv("FMAXNMV", "0 1 1 01110 0 0 11000 01100 10 Rn:5 Rd:5", FMAXNMV),
        Asv("FMAXV",   "0 1 1 01110 0 0 11000 01111 10 Rn:5 Rd:5", FMAXV),
        Asv("FMINNMV", "0 1 1 01110 1 0 11000 01100 10 Rn:5 Rd:5", FMINNMV),
        Asv("FMINV",   "0 1 1 01110 1 0 11000 01111 10 Rn:5 Rd:5", FMINV),

        // Advanced SIMD modified immediate: 0 Q op 0111100000 a b c cmode o2 1 d e f g h Rd
        Asv("MOVI_32",           "0 Q 0 0111100000 abc:3 0 cmode:2 0 0 1 defgh:5 Rd:5", MOVI_32),
        Asv("ORR_vector_imm32",  "0 Q 0 0111100000 abc:3 0 cmode:2 1 0 1 defgh:5 Rd:5", ORR_vector_imm32),
        Asv("MOVI_16",           "0 Q 0 0111100000 abc:3 10 cmode 0 0 1 defgh:5 Rd:5", MOVI_16),
        Asv("ORR_vector_imm16",  "0 Q 0 0111100000 abc:3 10 cmode 1 0 1 defgh:5 Rd:5", ORR_vector_imm16),
        Asv("MOVI_32msl",        "0 Q 0 0111100000 abc:3 110 cmode 0 1 defgh:5 Rd:5", MOVI_32msl),
        Asv("MOVI_8",            "0 Q 0 0111100000 abc:3 1110 0 1 defgh:5 Rd:5", MOVI_8),
        Asv("FMOV_vector_imm",   "0 Q 0 0111100000 abc:3 1111 0 1 defgh:5 Rd:5", FMOV_vector_imm),
        Asv("MVNI_32",           "0 Q 1 0111100000 abc:3 0 cmode:2 0 0 1 defgh:5 Rd:5", MVNI_32),
        Asv("BIC_vector_imm32",  "0 Q 1 0111100000 abc:3 0 cmode:2 1 0 1 defgh:5 Rd:5", BIC_vector_imm32),
        Asv("MVNI_16",           "0 Q 1 0111100000 abc:3 10 cmode 0 0 1 defgh:5 Rd:5", MVNI_16),
        Asv("BIC_vector_imm16",  "0 Q 1 0111100000 abc:3 10 cmode 1 0 1 defgh:5 Rd:5", BIC_vector_imm16),
        Asv("MVNI_32msl",        "0 Q 1 0111100000 abc:3 110 cmode 0 1 defgh:5 Rd:5", MVNI_32msl),
        Asv("MOVI_64",           "0 Q 1 0111100000 abc:3 1110 0 1 defgh:5 Rd:5", MOVI_64),
        Asv("FMOV_vector_imm_double", "0 1 1 0111100000 abc:3 1111 0 1 defgh:5 Rd:5", FMOV_vector_imm_double),
    ];
}
