using static A64Jit.Core.Disassembly.AdvancedSimdScalarDisasm;

namespace A64Jit.Core.Decoding;

public static partial class EncodingTable
{
    private static Encoding Ass(string name, string pattern, DisasmFormatter format, Func<uint, bool>? allocated = null) =>
        new(name, EncodingGroup.AdvancedSimd, pattern, format, allocated);

    // ----- allocation conditions of the Arm ARM decode pseudo-code (ARMv8.0)

    /// <summary>size is 01 or 10 (H or S elements): saturating doubling multiplies, by-element integer forms.</summary>
    private static bool AssSizeHS(uint w) => ((w >> 22) & 3) is 1 or 2;

    /// <summary>size != 11: narrowing to B/H/S.</summary>
    private static bool AssSizeNot3(uint w) => ((w >> 22) & 3) != 3;

    /// <summary>imm5 names an element size (imm5 &lt;3:0&gt; != 0).</summary>
    private static bool AssImm5(uint w) => (w & (0xF << 16)) != 0;

    /// <summary>immh != 0000 (0000 is the modified-immediate space).</summary>
    private static bool AssImmh(uint w) => (w & (0xF << 19)) != 0;

    /// <summary>Scalar fixed-point conversions: immh = 01xx (S) or 1xxx (D); 001x is FP16, 0001 reserved.</summary>
    private static bool AssImmhSD(uint w) => (w & (0xC << 19)) != 0;

    /// <summary>Vector shifts keeping the element size: immh != 0, and 1xxx (D) only with Q = 1.</summary>
    private static bool AssImmhVec(uint w) => (w & (0xF << 19)) != 0 && ((w >> 22 & 1) == 0 || (w >> 30 & 1) != 0);

    /// <summary>Vector fixed-point conversions: immh = 01xx (S) or 1xxx (D, Q = 1 only).</summary>
    private static bool AssImmhVecSD(uint w) => (w & (0xC << 19)) != 0 && ((w >> 22 & 1) == 0 || (w >> 30 & 1) != 0);

    /// <summary>Narrowing / lengthening vector shifts: immh = 0001, 001x or 01xx (immh&lt;3&gt; fixed 0 in the pattern).</summary>
    private static bool AssImmhNarrow(uint w) => (w & (0x7 << 19)) != 0;

    /// <summary>Vector by-element FP forms: sz = 1 needs L = 0 and Q = 1.</summary>
    private static bool AssElemFpVec(uint w) => (w >> 22 & 1) == 0 || ((w >> 21 & 1) == 0 && (w >> 30 & 1) != 0);

    /// <summary>Scalar by-element FP forms: sz = 1 needs L = 0.</summary>
    private static bool AssElemFpScalar(uint w) => (w >> 22 & 1) == 0 || (w >> 21 & 1) == 0;

    private static Encoding[] AdvancedSimdScalar() =>
    [
        // Advanced SIMD scalar copy
        Ass("DUP_elem_scalar", "01 0 11110000 imm5:5 0 0000 1 Rn:5 Rd:5", DUP_elem_scalar, AssImm5),

        // Advanced SIMD scalar pairwise
        Ass("ADDP_scalar",    "01 0 11110 11 11000 11011 10 Rn:5 Rd:5", ADDP_scalar),
        Ass("FMAXNMP_scalar", "01 1 11110 0 sz 11000 01100 10 Rn:5 Rd:5", FMAXNMP_scalar),
        Ass("FADDP_scalar",   "01 1 11110 0 sz 11000 01101 10 Rn:5 Rd:5", FADDP_scalar),
        Ass("FMAXP_scalar",   "01 1 11110 0 sz 11000 01111 10 Rn:5 Rd:5", FMAXP_scalar),
        Ass("FMINNMP_scalar", "01 1 11110 1 sz 11000 01100 10 Rn:5 Rd:5", FMINNMP_scalar),
        Ass("FMINP_scalar",   "01 1 11110 1 sz 11000 01111 10 Rn:5 Rd:5", FMINP_scalar),

        // Advanced SIMD scalar three different
        Ass("SQDMLAL_scalar", "01 0 11110 size:2 1 Rm:5 1001 00 Rn:5 Rd:5", SQDMLAL_scalar, AssSizeHS),
        Ass("SQDMLSL_scalar", "01 0 11110 size:2 1 Rm:5 1011 00 Rn:5 Rd:5", SQDMLSL_scalar, AssSizeHS),
        Ass("SQDMULL_scalar", "01 0 11110 size:2 1 Rm:5 1101 00 Rn:5 Rd:5", SQDMULL_scalar, AssSizeHS),

        // Advanced SIMD scalar three same
        Ass("SQADD_scalar",      "01 0 11110 size:2 1 Rm:5 00001 1 Rn:5 Rd:5", SQADD_scalar),
        Ass("UQADD_scalar",      "01 1 11110 size:2 1 Rm:5 00001 1 Rn:5 Rd:5", UQADD_scalar),
        Ass("SQSUB_scalar",      "01 0 11110 size:2 1 Rm:5 00101 1 Rn:5 Rd:5", SQSUB_scalar),
        Ass("UQSUB_scalar",      "01 1 11110 size:2 1 Rm:5 00101 1 Rn:5 Rd:5", UQSUB_scalar),
        Ass("CMGT_reg_scalar",   "01 0 11110 11 1 Rm:5 00110 1 Rn:5 Rd:5", CMGT_reg_scalar),
        Ass("CMHI_scalar",       "01 1 11110 11 1 Rm:5 00110 1 Rn:5 Rd:5", CMHI_scalar),
        Ass("CMGE_reg_scalar",   "01 0 11110 11 1 Rm:5 00111 1 Rn:5 Rd:5", CMGE_reg_scalar),
        Ass("CMHS_scalar",       "01 1 11110 11 1 Rm:5 00111 1 Rn:5 Rd:5", CMHS_scalar),
        Ass("SSHL_scalar",       "01 0 11110 11 1 Rm:5 01000 1 Rn:5 Rd:5", SSHL_scalar),
        Ass("USHL_scalar",       "01 1 11110 11 1 Rm:5 01000 1 Rn:5 Rd:5", USHL_scalar),
        Ass("SQSHL_reg_scalar",  "01 0 11110 size:2 1 Rm:5 01001 1 Rn:5 Rd:5", SQSHL_reg_scalar),
        Ass("UQSHL_reg_scalar",  "01 1 11110 size:2 1 Rm:5 01001 1 Rn:5 Rd:5", UQSHL_reg_scalar),
        Ass("SRSHL_scalar",      "01 0 11110 11 1 Rm:5 01010 1 Rn:5 Rd:5", SRSHL_scalar),
        Ass("URSHL_scalar",      "01 1 11110 11 1 Rm:5 01010 1 Rn:5 Rd:5", URSHL_scalar),
        Ass("SQRSHL_scalar",     "01 0 11110 size:2 1 Rm:5 01011 1 Rn:5 Rd:5", SQRSHL_scalar),
        Ass("UQRSHL_scalar",     "01 1 11110 size:2 1 Rm:5 01011 1 Rn:5 Rd:5", UQRSHL_scalar),
        Ass("ADD_scalar",        "01 0 11110 11 1 Rm:5 10000 1 Rn:5 Rd:5", ADD_scalar),
        Ass("SUB_scalar",        "01 1 11110 11 1 Rm:5 10000 1 Rn:5 Rd:5", SUB_scalar),
        Ass("CMTST_scalar",      "01 0 11110 11 1 Rm:5 10001 1 Rn:5 Rd:5", CMTST_scalar),
        Ass("CMEQ_reg_scalar",   "01 1 11110 11 1 Rm:5 10001 1 Rn:5 Rd:5", CMEQ_reg_scalar),
        Ass("SQDMULH_scalar",    "01 0 11110 size:2 1 Rm:5 10110 1 Rn:5 Rd:5", SQDMULH_scalar, AssSizeHS),
        Ass("SQRDMULH_scalar",   "01 1 11110 size:2 1 Rm:5 10110 1 Rn:5 Rd:5", SQRDMULH_scalar, AssSizeHS),
        Ass("FMULX_scalar",      "01 0 11110 0 sz 1 Rm:5 11011 1 Rn:5 Rd:5", FMULX_scalar),
        Ass("FCMEQ_reg_scalar",  "01 0 11110 0 sz 1 Rm:5 11100 1 Rn:5 Rd:5", FCMEQ_reg_scalar),
        Ass("FRECPS_scalar",     "01 0 11110 0 sz 1 Rm:5 11111 1 Rn:5 Rd:5", FRECPS_scalar),
        Ass("FRSQRTS_scalar",    "01 0 11110 1 sz 1 Rm:5 11111 1 Rn:5 Rd:5", FRSQRTS_scalar),
        Ass("FCMGE_reg_scalar",  "01 1 11110 0 sz 1 Rm:5 11100 1 Rn:5 Rd:5", FCMGE_reg_scalar),
        Ass("FACGE_scalar",      "01 1 11110 0 sz 1 Rm:5 11101 1 Rn:5 Rd:5", FACGE_scalar),
        Ass("FABD_scalar",       "01 1 11110 1 sz 1 Rm:5 11010 1 Rn:5 Rd:5", FABD_scalar),
        Ass("FCMGT_reg_scalar",  "01 1 11110 1 sz 1 Rm:5 11100 1 Rn:5 Rd:5", FCMGT_reg_scalar),
        Ass("FACGT_scalar",      "01 1 11110 1 sz 1 Rm:5 11101 1 Rn:5 Rd:5", FACGT_scalar),

        // Advanced SIMD scalar two-register miscellaneous
        Ass("SUQADD_scalar",        "01 0 11110 size:2 10000 00011 10 Rn:5 Rd:5", SUQADD_scalar),
        Ass("USQADD_scalar",        "01 1 11110 size:2 10000 00011 10 Rn:5 Rd:5", USQADD_scalar),
        Ass("SQABS_scalar",         "01 0 11110 size:2 10000 00111 10 Rn:5 Rd:5", SQABS_scalar),
        Ass("SQNEG_scalar",         "01 1 11110 size:2 10000 00111 10 Rn:5 Rd:5", SQNEG_scalar),
        Ass("CMGT_zero_scalar",     "01 0 11110 11 10000 01000 10 Rn:5 Rd:5", CMGT_zero_scalar),
        Ass("CMGE_zero_scalar",     "01 1 11110 11 10000 01000 10 Rn:5 Rd:5", CMGE_zero_scalar),
        Ass("CMEQ_zero_scalar",     "01 0 11110 11 10000 01001 10 Rn:5 Rd:5", CMEQ_zero_scalar),
        Ass("CMLE_zero_scalar",     "01 1 11110 11 10000 01001 10 Rn:5 Rd:5", CMLE_zero_scalar),
        Ass("CMLT_zero_scalar",     "01 0 11110 11 10000 01010 10 Rn:5 Rd:5", CMLT_zero_scalar),
        Ass("ABS_scalar",           "01 0 11110 11 10000 01011 10 Rn:5 Rd:5", ABS_scalar),
        Ass("NEG_scalar",           "01 1 11110 11 10000 01011 10 Rn:5 Rd:5", NEG_scalar),
        Ass("SQXTN_scalar",         "01 0 11110 size:2 10000 10100 10 Rn:5 Rd:5", SQXTN_scalar, AssSizeNot3),
        Ass("UQXTN_scalar",         "01 1 11110 size:2 10000 10100 10 Rn:5 Rd:5", UQXTN_scalar, AssSizeNot3),
        Ass("SQXTUN_scalar",        "01 1 11110 size:2 10000 10010 10 Rn:5 Rd:5", SQXTUN_scalar, AssSizeNot3),
        Ass("FCVTXN_scalar",        "01 1 11110 0 1 10000 10110 10 Rn:5 Rd:5", FCVTXN_scalar),
        Ass("FCVTNS_simd_scalar",   "01 0 11110 0 sz 10000 11010 10 Rn:5 Rd:5", FCVTNS_simd_scalar),
        Ass("FCVTMS_simd_scalar",   "01 0 11110 0 sz 10000 11011 10 Rn:5 Rd:5", FCVTMS_simd_scalar),
        Ass("FCVTAS_simd_scalar",   "01 0 11110 0 sz 10000 11100 10 Rn:5 Rd:5", FCVTAS_simd_scalar),
        Ass("SCVTF_simd_scalar",    "01 0 11110 0 sz 10000 11101 10 Rn:5 Rd:5", SCVTF_simd_scalar),
        Ass("FCMGT_zero_scalar",    "01 0 11110 1 sz 10000 01100 10 Rn:5 Rd:5", FCMGT_zero_scalar),
        Ass("FCMEQ_zero_scalar",    "01 0 11110 1 sz 10000 01101 10 Rn:5 Rd:5", FCMEQ_zero_scalar),
        Ass("FCMLT_zero_scalar",    "01 0 11110 1 sz 10000 01110 10 Rn:5 Rd:5", FCMLT_zero_scalar),
        Ass("FCVTPS_simd_scalar",   "01 0 11110 1 sz 10000 11010 10 Rn:5 Rd:5", FCVTPS_simd_scalar),
        Ass("FCVTZS_simd_scalar",   "01 0 11110 1 sz 10000 11011 10 Rn:5 Rd:5", FCVTZS_simd_scalar),
        Ass("FRECPE_scalar",        "01 0 11110 1 sz 10000 11101 10 Rn:5 Rd:5", FRECPE_scalar),
        Ass("FRECPX_scalar",        "01 0 11110 1 sz 10000 11111 10 Rn:5 Rd:5", FRECPX_scalar),
        Ass("FCVTNU_simd_scalar",   "01 1 11110 0 sz 10000 11010 10 Rn:5 Rd:5", FCVTNU_simd_scalar),
        Ass("FCVTMU_simd_scalar",   "01 1 11110 0 sz 10000 11011 10 Rn:5 Rd:5", FCVTMU_simd_scalar),
        Ass("FCVTAU_simd_scalar",   "01 1 11110 0 sz 10000 11100 10 Rn:5 Rd:5", FCVTAU_simd_scalar),
        Ass("UCVTF_simd_scalar",    "01 1 11110 0 sz 10000 11101 10 Rn:5 Rd:5", UCVTF_simd_scalar),
        Ass("FCMGE_zero_scalar",    "01 1 11110 1 sz 10000 01100 10 Rn:5 Rd:5", FCMGE_zero_scalar),
        Ass("FCMLE_zero_scalar",    "01 1 11110 1 sz 10000 01101 10 Rn:5 Rd:5", FCMLE_zero_scalar),
        Ass("FCVTPU_simd_scalar",   "01 1 11110 1 sz 10000 11010 10 Rn:5 Rd:5", FCVTPU_simd_scalar),
        Ass("FCVTZU_simd_scalar",   "01 1 11110 1 sz 10000 11011 10 Rn:5 Rd:5", FCVTZU_simd_scalar),
        Ass("FRSQRTE_scalar",       "01 1 11110 1 sz 10000 11101 10 Rn:5 Rd:5", FRSQRTE_scalar),

        // Advanced SIMD scalar shift by immediate
        Ass("SSHR_scalar",          "01 0 111110 1 immh:3 immb:3 00000 1 Rn:5 Rd:5", SSHR_scalar),
        Ass("USHR_scalar",          "01 1 111110 1 immh:3 immb:3 00000 1 Rn:5 Rd:5", USHR_scalar),
        Ass("SSRA_scalar",          "01 0 111110 1 immh:3 immb:3 00010 1 Rn:5 Rd:5", SSRA_scalar),
        Ass("USRA_scalar",          "01 1 111110 1 immh:3 immb:3 00010 1 Rn:5 Rd:5", USRA_scalar),
        Ass("SRSHR_scalar",         "01 0 111110 1 immh:3 immb:3 00100 1 Rn:5 Rd:5", SRSHR_scalar),
        Ass("URSHR_scalar",         "01 1 111110 1 immh:3 immb:3 00100 1 Rn:5 Rd:5", URSHR_scalar),
        Ass("SRSRA_scalar",         "01 0 111110 1 immh:3 immb:3 00110 1 Rn:5 Rd:5", SRSRA_scalar),
        Ass("URSRA_scalar",         "01 1 111110 1 immh:3 immb:3 00110 1 Rn:5 Rd:5", URSRA_scalar),
        Ass("SRI_scalar",           "01 1 111110 1 immh:3 immb:3 01000 1 Rn:5 Rd:5", SRI_scalar),
        Ass("SHL_scalar",           "01 0 111110 1 immh:3 immb:3 01010 1 Rn:5 Rd:5", SHL_scalar),
        Ass("SLI_scalar",           "01 1 111110 1 immh:3 immb:3 01010 1 Rn:5 Rd:5", SLI_scalar),
        Ass("SQSHLU_scalar",        "01 1 111110 immh:4 immb:3 01100 1 Rn:5 Rd:5", SQSHLU_scalar, AssImmh),
        Ass("SQSHL_imm_scalar",     "01 0 111110 immh:4 immb:3 01110 1 Rn:5 Rd:5", SQSHL_imm_scalar, AssImmh),
        Ass("UQSHL_imm_scalar",     "01 1 111110 immh:4 immb:3 01110 1 Rn:5 Rd:5", UQSHL_imm_scalar, AssImmh),
        Ass("SQSHRUN_scalar",       "01 1 111110 0 immh:3 immb:3 10000 1 Rn:5 Rd:5", SQSHRUN_scalar, AssImmhNarrow),
        Ass("SQRSHRUN_scalar",      "01 1 111110 0 immh:3 immb:3 10001 1 Rn:5 Rd:5", SQRSHRUN_scalar, AssImmhNarrow),
        Ass("SQSHRN_scalar",        "01 0 111110 0 immh:3 immb:3 10010 1 Rn:5 Rd:5", SQSHRN_scalar, AssImmhNarrow),
        Ass("UQSHRN_scalar",        "01 1 111110 0 immh:3 immb:3 10010 1 Rn:5 Rd:5", UQSHRN_scalar, AssImmhNarrow),
        Ass("SQRSHRN_scalar",       "01 0 111110 0 immh:3 immb:3 10011 1 Rn:5 Rd:5", SQRSHRN_scalar, AssImmhNarrow),
        Ass("UQRSHRN_scalar",       "01 1 111110 0 immh:3 immb:3 10011 1 Rn:5 Rd:5", UQRSHRN_scalar, AssImmhNarrow),
        Ass("SCVTF_fix_simd_scalar",  "01 0 111110 immh:4 immb:3 11100 1 Rn:5 Rd:5", SCVTF_fix_simd_scalar, AssImmhSD),
        Ass("UCVTF_fix_simd_scalar",  "01 1 111110 immh:4 immb:3 11100 1 Rn:5 Rd:5", UCVTF_fix_simd_scalar, AssImmhSD),
        Ass("FCVTZS_fix_simd_scalar", "01 0 111110 immh:4 immb:3 11111 1 Rn:5 Rd:5", FCVTZS_fix_simd_scalar, AssImmhSD),
        Ass("FCVTZU_fix_simd_scalar", "01 1 111110 immh:4 immb:3 11111 1 Rn:5 Rd:5", FCVTZU_fix_simd_scalar, AssImmhSD),

        // Advanced SIMD shift by immediate (vector; immh = 0000 is the modified-immediate space)
        Ass("SSHR_vector",          "0 Q 0 011110 immh:4 immb:3 00000 1 Rn:5 Rd:5", SSHR_vector, AssImmhVec),
        Ass("USHR_vector",          "0 Q 1 011110 immh:4 immb:3 00000 1 Rn:5 Rd:5", USHR_vector, AssImmhVec),
        Ass("SSRA_vector",          "0 Q 0 011110 immh:4 immb:3 00010 1 Rn:5 Rd:5", SSRA_vector, AssImmhVec),
        Ass("USRA_vector",          "0 Q 1 011110 immh:4 immb:3 00010 1 Rn:5 Rd:5", USRA_vector, AssImmhVec),
        Ass("SRSHR_vector",         "0 Q 0 011110 immh:4 immb:3 00100 1 Rn:5 Rd:5", SRSHR_vector, AssImmhVec),
        Ass("URSHR_vector",         "0 Q 1 011110 immh:4 immb:3 00100 1 Rn:5 Rd:5", URSHR_vector, AssImmhVec),
        Ass("SRSRA_vector",         "0 Q 0 011110 immh:4 immb:3 00110 1 Rn:5 Rd:5", SRSRA_vector, AssImmhVec),
        Ass("URSRA_vector",         "0 Q 1 011110 immh:4 immb:3 00110 1 Rn:5 Rd:5", URSRA_vector, AssImmhVec),
        Ass("SRI_vector",           "0 Q 1 011110 immh:4 immb:3 01000 1 Rn:5 Rd:5", SRI_vector, AssImmhVec),
        Ass("SHL_vector",           "0 Q 0 011110 immh:4 immb:3 01010 1 Rn:5 Rd:5", SHL_vector, AssImmhVec),
        Ass("SLI_vector",           "0 Q 1 011110 immh:4 immb:3 01010 1 Rn:5 Rd:5", SLI_vector, AssImmhVec),
        Ass("SQSHLU_vector",        "0 Q 1 011110 immh:4 immb:3 01100 1 Rn:5 Rd:5", SQSHLU_vector, AssImmhVec),
        Ass("SQSHL_imm_vector",     "0 Q 0 011110 immh:4 immb:3 01110 1 Rn:5 Rd:5", SQSHL_imm_vector, AssImmhVec),
        Ass("UQSHL_imm_vector",     "0 Q 1 011110 immh:4 immb:3 01110 1 Rn:5 Rd:5", UQSHL_imm_vector, AssImmhVec),
        Ass("SHRN_vector",          "0 Q 0 011110 0 immh:3 immb:3 10000 1 Rn:5 Rd:5", SHRN_vector, AssImmhNarrow),
        Ass("RSHRN_vector",         "0 Q 0 011110 0 immh:3 immb:3 10001 1 Rn:5 Rd:5", RSHRN_vector, AssImmhNarrow),
        Ass("SQSHRUN_vector",       "0 Q 1 011110 0 immh:3 immb:3 10000 1 Rn:5 Rd:5", SQSHRUN_vector, AssImmhNarrow),
        Ass("SQRSHRUN_vector",      "0 Q 1 011110 0 immh:3 immb:3 10001 1 Rn:5 Rd:5", SQRSHRUN_vector, AssImmhNarrow),
        Ass("SQSHRN_vector",        "0 Q 0 011110 0 immh:3 immb:3 10010 1 Rn:5 Rd:5", SQSHRN_vector, AssImmhNarrow),
        Ass("UQSHRN_vector",        "0 Q 1 011110 0 immh:3 immb:3 10010 1 Rn:5 Rd:5", UQSHRN_vector, AssImmhNarrow),
        Ass("SQRSHRN_vector",       "0 Q 0 011110 0 immh:3 immb:3 10011 1 Rn:5 Rd:5", SQRSHRN_vector, AssImmhNarrow),
        Ass("UQRSHRN_vector",       "0 Q 1 011110 0 immh:3 immb:3 10011 1 Rn:5 Rd:5", UQRSHRN_vector, AssImmhNarrow),
        Ass("SSHLL_vector",         "0 Q 0 011110 0 immh:3 immb:3 10100 1 Rn:5 Rd:5", SSHLL_vector, AssImmhNarrow),
        Ass("USHLL_vector",         "0 Q 1 011110 0 immh:3 immb:3 10100 1 Rn:5 Rd:5", USHLL_vector, AssImmhNarrow),
        Ass("SCVTF_fix_vector",     "0 Q 0 011110 immh:4 immb:3 11100 1 Rn:5 Rd:5", SCVTF_fix_vector, AssImmhVecSD),
        Ass("UCVTF_fix_vector",     "0 Q 1 011110 immh:4 immb:3 11100 1 Rn:5 Rd:5", UCVTF_fix_vector, AssImmhVecSD),
        Ass("FCVTZS_fix_vector",    "0 Q 0 011110 immh:4 immb:3 11111 1 Rn:5 Rd:5", FCVTZS_fix_vector, AssImmhVecSD),
        Ass("FCVTZU_fix_vector",    "0 Q 1 011110 immh:4 immb:3 11111 1 Rn:5 Rd:5", FCVTZU_fix_vector, AssImmhVecSD),

        // Advanced SIMD vector x indexed element
        Ass("SMLAL_elem",    "0 Q 0 01111 size:2 L M Rm:4 0010 H 0 Rn:5 Rd:5", SMLAL_elem, AssSizeHS),
        Ass("UMLAL_elem",    "0 Q 1 01111 size:2 L M Rm:4 0010 H 0 Rn:5 Rd:5", UMLAL_elem, AssSizeHS),
        Ass("SQDMLAL_elem",  "0 Q 0 01111 size:2 L M Rm:4 0011 H 0 Rn:5 Rd:5", SQDMLAL_elem, AssSizeHS),
        Ass("SMLSL_elem",    "0 Q 0 01111 size:2 L M Rm:4 0110 H 0 Rn:5 Rd:5", SMLSL_elem, AssSizeHS),
        Ass("UMLSL_elem",    "0 Q 1 01111 size:2 L M Rm:4 0110 H 0 Rn:5 Rd:5", UMLSL_elem, AssSizeHS),
        Ass("SQDMLSL_elem",  "0 Q 0 01111 size:2 L M Rm:4 0111 H 0 Rn:5 Rd:5", SQDMLSL_elem, AssSizeHS),
        Ass("MLA_elem",      "0 Q 1 01111 size:2 L M Rm:4 0000 H 0 Rn:5 Rd:5", MLA_elem, AssSizeHS),
        Ass("MLS_elem",      "0 Q 1 01111 size:2 L M Rm:4 0100 H 0 Rn:5 Rd:5", MLS_elem, AssSizeHS),
        Ass("MUL_elem",      "0 Q 0 01111 size:2 L M Rm:4 1000 H 0 Rn:5 Rd:5", MUL_elem, AssSizeHS),
        Ass("SMULL_elem",    "0 Q 0 01111 size:2 L M Rm:4 1010 H 0 Rn:5 Rd:5", SMULL_elem, AssSizeHS),
        Ass("UMULL_elem",    "0 Q 1 01111 size:2 L M Rm:4 1010 H 0 Rn:5 Rd:5", UMULL_elem, AssSizeHS),
        Ass("SQDMULL_elem",  "0 Q 0 01111 size:2 L M Rm:4 1011 H 0 Rn:5 Rd:5", SQDMULL_elem, AssSizeHS),
        Ass("SQDMULH_elem",  "0 Q 0 01111 size:2 L M Rm:4 1100 H 0 Rn:5 Rd:5", SQDMULH_elem, AssSizeHS),
        Ass("SQRDMULH_elem", "0 Q 0 01111 size:2 L M Rm:4 1101 H 0 Rn:5 Rd:5", SQRDMULH_elem, AssSizeHS),
        Ass("FMLA_elem",     "0 Q 0 01111 1 sz L M Rm:4 0001 H 0 Rn:5 Rd:5", FMLA_elem, AssElemFpVec),
        Ass("FMLS_elem",     "0 Q 0 01111 1 sz L M Rm:4 0101 H 0 Rn:5 Rd:5", FMLS_elem, AssElemFpVec),
        Ass("FMUL_elem",     "0 Q 0 01111 1 sz L M Rm:4 1001 H 0 Rn:5 Rd:5", FMUL_elem, AssElemFpVec),
        Ass("FMULX_elem",    "0 Q 1 01111 1 sz L M Rm:4 1001 H 0 Rn:5 Rd:5", FMULX_elem, AssElemFpVec),

        // Advanced SIMD scalar x indexed element
        Ass("SQDMLAL_elem_scalar",  "01 0 11111 size:2 L M Rm:4 0011 H 0 Rn:5 Rd:5", SQDMLAL_elem_scalar, AssSizeHS),
        Ass("SQDMLSL_elem_scalar",  "01 0 11111 size:2 L M Rm:4 0111 H 0 Rn:5 Rd:5", SQDMLSL_elem_scalar, AssSizeHS),
        Ass("SQDMULL_elem_scalar",  "01 0 11111 size:2 L M Rm:4 1011 H 0 Rn:5 Rd:5", SQDMULL_elem_scalar, AssSizeHS),
        Ass("SQDMULH_elem_scalar",  "01 0 11111 size:2 L M Rm:4 1100 H 0 Rn:5 Rd:5", SQDMULH_elem_scalar, AssSizeHS),
        Ass("SQRDMULH_elem_scalar", "01 0 11111 size:2 L M Rm:4 1101 H 0 Rn:5 Rd:5", SQRDMULH_elem_scalar, AssSizeHS),
        Ass("FMLA_elem_scalar",     "01 0 11111 1 sz L M Rm:4 0001 H 0 Rn:5 Rd:5", FMLA_elem_scalar, AssElemFpScalar),
        Ass("FMLS_elem_scalar",     "01 0 11111 1 sz L M Rm:4 0101 H 0 Rn:5 Rd:5", FMLS_elem_scalar, AssElemFpScalar),
        Ass("FMUL_elem_scalar",     "01 0 11111 1 sz L M Rm:4 1001 H 0 Rn:5 Rd:5", FMUL_elem_scalar, AssElemFpScalar),
        Ass("FMULX_elem_scalar",    "01 1 11111 1 sz L M Rm:4 1001 H 0 Rn:5 Rd:5", FMULX_elem_scalar, AssElemFpScalar),
    ];
}
