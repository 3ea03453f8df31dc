using static A64Jit.Core.Disassembly.Asm;

namespace A64Jit.Core.Disassembly;

/// <summary>GNU objdump text for the Advanced SIMD scalar, shift-by-immediate and by-element encodings, one method per encoding of the table.</summary>
internal static class AdvancedSimdScalarDisasm
{
    // ----- register and arrangement names

    private static readonly string[] ScalarPrefix = ["b", "h", "s", "d"];
    private static readonly string[] Arrangements = ["8b", "16b", "4h", "8h", "2s", "4s", "1d", "2d"];

    /// <summary>Scalar register of element size 8 &lt;&lt; <paramref name="size"/> bits: b/h/s/d.</summary>
    private static string Sc(int size, int n) => ScalarPrefix[size] + n;

    /// <summary>Vector register with arrangement of element size 8 &lt;&lt; <paramref name="size"/> bits, 64 or 128 bits wide.</summary>
    private static string Vec(int n, int size, bool q) => "v" + n + "." + Arrangements[size * 2 + (q ? 1 : 0)];

    private static string Elem(int n, int size, int index) => "v" + n + "." + ScalarPrefix[size] + "[" + index + "]";

    private static int Size(uint w) => (int)Bits(w, 23, 22);
    private static bool Q(uint w) => Bit(w, 30);
    private static string Two(string mnemonic, bool q) => q ? mnemonic + "2" : mnemonic;

    /// <summary>FP element size from sz (bit 22): S or D.</summary>
    private static int FpSize(uint w) => Bit(w, 22) ? 3 : 2;

    // ----- scalar copy, pairwise, three same/different, two-register misc

    /// <summary>DUP (element), scalar: objdump always prints the MOV alias.</summary>
    private static string DupScalar(uint w)
    {
        uint imm5 = Bits(w, 20, 16);
        int size = System.Numerics.BitOperations.TrailingZeroCount(imm5);
        return Op("mov", Sc(size, Rd(w)), Elem(Rn(w), size, (int)(imm5 >> (size + 1))));
    }

    /// <summary>FP pairwise: the source is the 2S or 2D vector holding the pair.</summary>
    private static string PairFp(uint w, string mnemonic)
    {
        int size = FpSize(w);
        return Op(mnemonic, Sc(size, Rd(w)), Vec(Rn(w), size, size == 3));
    }

    private static string ThreeDiff(uint w, string mnemonic)
    {
        int size = Size(w);
        return Op(mnemonic, Sc(size + 1, Rd(w)), Sc(size, Rn(w)), Sc(size, Rm(w)));
    }

    private static string Same3(uint w, string mnemonic)
    {
        int size = Size(w);
        return Op(mnemonic, Sc(size, Rd(w)), Sc(size, Rn(w)), Sc(size, Rm(w)));
    }

    private static string Same3Fp(uint w, string mnemonic)
    {
        int size = FpSize(w);
        return Op(mnemonic, Sc(size, Rd(w)), Sc(size, Rn(w)), Sc(size, Rm(w)));
    }

    private static string Misc(uint w, string mnemonic)
    {
        int size = Size(w);
        return Op(mnemonic, Sc(size, Rd(w)), Sc(size, Rn(w)));
    }

    private static string MiscFp(uint w, string mnemonic)
    {
        int size = FpSize(w);
        return Op(mnemonic, Sc(size, Rd(w)), Sc(size, Rn(w)));
    }

    private static string MiscNarrow(uint w, string mnemonic)
    {
        int size = Size(w);
        return Op(mnemonic, Sc(size, Rd(w)), Sc(size + 1, Rn(w)));
    }

    // ----- shifts by immediate: the element size is the position of immh's highest set bit

    private static int ImmhSize(uint w) => 31 - System.Numerics.BitOperations.LeadingZeroCount(Bits(w, 22, 19));
    private static int ImmhImmb(uint w) => (int)Bits(w, 22, 16);

    /// <summary>Right shifts count down from twice the element size, left shifts up from the element size.</summary>
    private static int ShiftAmount(uint w, int size, bool left) => left ? ImmhImmb(w) - (8 << size) : (16 << size) - ImmhImmb(w);

    private static string ShiftScalar(uint w, string mnemonic, bool left)
    {
        int size = ImmhSize(w);
        return Op(mnemonic, Sc(size, Rd(w)), Sc(size, Rn(w)), Dec(ShiftAmount(w, size, left)));
    }

    private static string ShiftNarrowScalar(uint w, string mnemonic)
    {
        int size = ImmhSize(w);
        return Op(mnemonic, Sc(size, Rd(w)), Sc(size + 1, Rn(w)), Dec(ShiftAmount(w, size, false)));
    }

    private static string ShiftVec(uint w, string mnemonic, bool left)
    {
        int size = ImmhSize(w);
        bool q = Q(w);
        return Op(mnemonic, Vec(Rd(w), size, q), Vec(Rn(w), size, q), Dec(ShiftAmount(w, size, left)));
    }

    private static string ShiftNarrowVec(uint w, string mnemonic)
    {
        int size = ImmhSize(w);
        bool q = Q(w);
        return Op(Two(mnemonic, q), Vec(Rd(w), size, q), Vec(Rn(w), size + 1, true), Dec(ShiftAmount(w, size, false)));
    }

    /// <summary>SSHLL/USHLL; a zero shift is printed as the SXTL/UXTL alias.</summary>
    private static string ShiftLong(uint w, string mnemonic, string alias)
    {
        int size = ImmhSize(w);
        bool q = Q(w);
        int shift = ShiftAmount(w, size, true);
        string d = Vec(Rd(w), size + 1, true), n = Vec(Rn(w), size, q);
        return shift == 0 ? Op(Two(alias, q), d, n) : Op(Two(mnemonic, q), d, n, Dec(shift));
    }

    // ----- by element: H:L:M indexes H elements (Rm is v0-v15), H:L S elements, H D elements

    private static int ElemIndex(uint w, int size) => size switch
    {
        1 => (int)((Bits(w, 11, 11) << 2) | (Bits(w, 21, 21) << 1) | Bits(w, 20, 20)),
        2 => (int)((Bits(w, 11, 11) << 1) | Bits(w, 21, 21)),
        _ => (int)Bits(w, 11, 11),
    };

    private static int ElemReg(uint w, int size) => size == 1 ? (int)Bits(w, 19, 16) : (int)Bits(w, 20, 16);

    private static string ElemOperand(uint w, int size) => Elem(ElemReg(w, size), size, ElemIndex(w, size));

    private static string ElemVec(uint w, string mnemonic)
    {
        int size = Size(w);
        bool q = Q(w);
        return Op(mnemonic, Vec(Rd(w), size, q), Vec(Rn(w), size, q), ElemOperand(w, size));
    }

    private static string ElemLong(uint w, string mnemonic)
    {
        int size = Size(w);
        bool q = Q(w);
        return Op(Two(mnemonic, q), Vec(Rd(w), size + 1, true), Vec(Rn(w), size, q), ElemOperand(w, size));
    }

    private static string ElemFpVec(uint w, string mnemonic)
    {
        int size = FpSize(w);
        bool q = Q(w);
        return Op(mnemonic, Vec(Rd(w), size, q), Vec(Rn(w), size, q), ElemOperand(w, size));
    }

    private static string ElemFpScalar(uint w, string mnemonic)
    {
        int size = FpSize(w);
        return Op(mnemonic, Sc(size, Rd(w)), Sc(size, Rn(w)), ElemOperand(w, size));
    }

    /// <summary>Scalar integer by element; <paramref name="wide"/> for the long forms (destination twice the element size).</summary>
    private static string ElemScalar(uint w, string mnemonic, bool wide)
    {
        int size = Size(w);
        return Op(mnemonic, Sc(wide ? size + 1 : size, Rd(w)), Sc(size, Rn(w)), ElemOperand(w, size));
    }

    // ----- one method per encoding
    // Advanced SIMD scalar copy
    public static string DUP_elem_scalar(uint w, ulong pc) => DupScalar(w);

    // Advanced SIMD scalar pairwise
    public static string ADDP_scalar(uint w, ulong pc) => Op("addp", "d" + Rd(w), "v" + Rn(w) + ".2d");
    public static string FMAXNMP_scalar(uint w, ulong pc) => PairFp(w, "fmaxnmp");
    public static string FADDP_scalar(uint w, ulong pc) => PairFp(w, "faddp");
    public static string FMAXP_scalar(uint w, ulong pc) => PairFp(w, "fmaxp");
    public static string FMINNMP_scalar(uint w, ulong pc) => PairFp(w, "fminnmp");
    public static string FMINP_scalar(uint w, ulong pc) => PairFp(w, "fminp");

    // Advanced SIMD scalar three different
    public static string SQDMLAL_scalar(uint w, ulong pc) => ThreeDiff(w, "sqdmlal");
    public static string SQDMLSL_scalar(uint w, ulong pc) => ThreeDiff(w, "sqdmlsl");
    public static string SQDMULL_scalar(uint w, ulong pc) => ThreeDiff(w, "sqdmull");

    // Advanced SIMD scalar three same
    public static string SQADD_scalar(uint w, ulong pc) => Same3(w, "sqadd");
    public static string UQADD_scalar(uint w, ulong pc) => Same3(w, "uqadd");
    public static string SQSUB_scalar(uint w, ulong pc) => Same3(w, "sqsub");
    public static string UQSUB_scalar(uint w, ulong pc) => Same3(w, "uqsub");
    public static string CMGT_reg_scalar(uint w, ulong pc) => Same3(w, "cmgt");
    public static string CMHI_scalar(uint w, ulong pc) => Same3(w, "cmhi");
    public static string CMGE_reg_scalar(uint w, ulong pc) => Same3(w, "cmge");
    public static string CMHS_scalar(uint w, ulong pc) => Same3(w, "cmhs");
    public static string SSHL_scalar(uint w, ulong pc) => Same3(w, "sshl");
    public static string USHL_scalar(uint w, ulong pc) => Same3(w, "ushl");
    public static string SQSHL_reg_scalar(uint w, ulong pc) => Same3(w, "sqshl");
    public static string UQSHL_reg_scalar(uint w, ulong pc) => Same3(w, "uqshl");
    public static string SRSHL_scalar(uint w, ulong pc) => Same3(w, "srshl");
    public static string URSHL_scalar(uint w, ulong pc) => Same3(w, "urshl");
    public static string SQRSHL_scalar(uint w, ulong pc) => Same3(w, "sqrshl");
    public static string UQRSHL_scalar(uint w, ulong pc) => Same3(w, "uqrshl");
    public static string ADD_scalar(uint w, ulong pc) => Same3(w, "add");
    public static string SUB_scalar(uint w, ulong pc) => Same3(w, "sub");
    public static string CMTST_scalar(uint w, ulong pc) => Same3(w, "cmtst");
    public static string CMEQ_reg_scalar(uint w, ulong pc) => Same3(w, "cmeq");
    public static string SQDMULH_scalar(uint w, ulong pc) => Same3(w, "sqdmulh");
    public static string SQRDMULH_scalar(uint w, ulong pc) => Same3(w, "sqrdmulh");
    public static string FMULX_scalar(uint w, ulong pc) => Same3Fp(w, "fmulx");
    public static string FCMEQ_reg_scalar(uint w, ulong pc) => Same3Fp(w, "fcmeq");
    public static string FRECPS_scalar(uint w, ulong pc) => Same3Fp(w, "frecps");
    public static string FRSQRTS_scalar(uint w, ulong pc) => Same3Fp(w, "frsqrts");
    public static string FCMGE_reg_scalar(uint w, ulong pc) => Same3Fp(w, "fcmge");
    public static string FACGE_scalar(uint w, ulong pc) => Same3Fp(w, "facge");
    public static string FABD_scalar(uint w, ulong pc) => Same3Fp(w, "fabd");
    public static string FCMGT_reg_scalar(uint w, ulong pc) => Same3Fp(w, "fcmgt");
    public static string FACGT_scalar(uint w, ulong pc) => Same3Fp(w, "facgt");

    // Advanced SIMD scalar two-register miscellaneous
    public static string SUQADD_scalar(uint w, ulong pc) => Misc(w, "suqadd");
    public static string USQADD_scalar(uint w, ulong pc) => Misc(w, "usqadd");
    public static string SQABS_scalar(uint w, ulong pc) => Misc(w, "sqabs");
    public static string SQNEG_scalar(uint w, ulong pc) => Misc(w, "sqneg");
    public static string CMGT_zero_scalar(uint w, ulong pc) => Misc(w, "cmgt") + ", #0";
    public static string CMGE_zero_scalar(uint w, ulong pc) => Misc(w, "cmge") + ", #0";
    public static string CMEQ_zero_scalar(uint w, ulong pc) => Misc(w, "cmeq") + ", #0";
    public static string CMLE_zero_scalar(uint w, ulong pc) => Misc(w, "cmle") + ", #0";
    public static string CMLT_zero_scalar(uint w, ulong pc) => Misc(w, "cmlt") + ", #0";
    public static string ABS_scalar(uint w, ulong pc) => Misc(w, "abs");
    public static string NEG_scalar(uint w, ulong pc) => Misc(w, "neg");
    public static string SQXTN_scalar(uint w, ulong pc) => MiscNarrow(w, "sqxtn");
    public static string UQXTN_scalar(uint w, ulong pc) => MiscNarrow(w, "uqxtn");
    public static string SQXTUN_scalar(uint w, ulong pc) => MiscNarrow(w, "sqxtun");
    public static string FCVTXN_scalar(uint w, ulong pc) => Op("fcvtxn", "s" + Rd(w), "d" + Rn(w));
    public static string FCVTNS_simd_scalar(uint w, ulong pc) => MiscFp(w, "fcvtns");
    public static string FCVTMS_simd_scalar(uint w, ulong pc) => MiscFp(w, "fcvtms");
    public static string FCVTAS_simd_scalar(uint w, ulong pc) => MiscFp(w, "fcvtas");
    public static string SCVTF_simd_scalar(uint w, ulong pc) => MiscFp(w, "scvtf");
    public static string FCMGT_zero_scalar(uint w, ulong pc) => MiscFp(w, "fcmgt") + ", #0.0";
    public static string FCMEQ_zero_scalar(uint w, ulong pc) => MiscFp(w, "fcmeq") + ", #0.0";
    public static string FCMLT_zero_scalar(uint w, ulong pc) => MiscFp(w, "fcmlt") + ", #0.0";
    public static string FCVTPS_simd_scalar(uint w, ulong pc) => MiscFp(w, "fcvtps");
    public static string FCVTZS_simd_scalar(uint w, ulong pc) => MiscFp(w, "fcvtzs");
    public static string FRECPE_scalar(uint w, ulong pc) => MiscFp(w, "frecpe");
    public static string FRECPX_scalar(uint w, ulong pc) => MiscFp(w, "frecpx");
    public static string FCVTNU_simd_scalar(uint w, ulong pc) => MiscFp(w, "fcvtnu");
    public static string FCVTMU_simd_scalar(uint w, ulong pc) => MiscFp(w, "fcvtmu");
    public static string FCVTAU_simd_scalar(uint w, ulong pc) => MiscFp(w, "fcvtau");
    public static string UCVTF_simd_scalar(uint w, ulong pc) => MiscFp(w, "ucvtf");
    public static string FCMGE_zero_scalar(uint w, ulong pc) => MiscFp(w, "fcmge") + ", #0.0";
    public static string FCMLE_zero_scalar(uint w, ulong pc) => MiscFp(w, "fcmle") + ", #0.0";
    public static string FCVTPU_simd_scalar(uint w, ulong pc) => MiscFp(w, "fcvtpu");
    public static string FCVTZU_simd_scalar(uint w, ulong pc) => MiscFp(w, "fcvtzu");
    public static string FRSQRTE_scalar(uint w, ulong pc) => MiscFp(w, "frsqrte");

    // Advanced SIMD scalar shift by immediate
    public static string SSHR_scalar(uint w, ulong pc) => ShiftScalar(w, "sshr", left: false);
    public static string USHR_scalar(uint w, ulong pc) => ShiftScalar(w, "ushr", left: false);
    public static string SSRA_scalar(uint w, ulong pc) => ShiftScalar(w, "ssra", left: false);
    public static string USRA_scalar(uint w, ulong pc) => ShiftScalar(w, "usra", left: false);
    public static string SRSHR_scalar(uint w, ulong pc) => ShiftScalar(w, "srshr", left: false);
    public static string URSHR_scalar(uint w, ulong pc) => ShiftScalar(w, "urshr", left: false);
    public static string SRSRA_scalar(uint w, ulong pc) => ShiftScalar(w, "srsra", left: false);
    public static string URSRA_scalar(uint w, ulong pc) => ShiftScalar(w, "ursra", left: false);
    public static string SRI_scalar(uint w, ulong pc) => ShiftScalar(w, "sri", left: false);
    public static string SHL_scalar(uint w, ulong pc) => ShiftScalar(w, "shl", left: true);
    public static string SLI_scalar(uint w, ulong pc) => ShiftScalar(w, "sli", left: true);
    public static string SQSHLU_scalar(uint w, ulong pc) => ShiftScalar(w, "sqshlu", left: true);
    public static string SQSHL_imm_scalar(uint w, ulong pc) => ShiftScalar(w, "sqshl", left: true);
    public static string UQSHL_imm_scalar(uint w, ulong pc) => ShiftScalar(w, "uqshl", left: true);
    public static string SQSHRUN_scalar(uint w, ulong pc) => ShiftNarrowScalar(w, "sqshrun");
    public static string SQRSHRUN_scalar(uint w, ulong pc) => ShiftNarrowScalar(w, "sqrshrun");
    public static string SQSHRN_scalar(uint w, ulong pc) => ShiftNarrowScalar(w, "sqshrn");
    public static string UQSHRN_scalar(uint w, ulong pc) => ShiftNarrowScalar(w, "uqshrn");
    public static string SQRSHRN_scalar(uint w, ulong pc) => ShiftNarrowScalar(w, "sqrshrn");
    public static string UQRSHRN_scalar(uint w, ulong pc) => ShiftNarrowScalar(w, "uqrshrn");
    public static string SCVTF_fix_simd_scalar(uint w, ulong pc) => ShiftScalar(w, "scvtf", left: false);
    public static string UCVTF_fix_simd_scalar(uint w, ulong pc) => ShiftScalar(w, "ucvtf", left: false);
    public static string FCVTZS_fix_simd_scalar(uint w, ulong pc) => ShiftScalar(w, "fcvtzs", left: false);
    public static string FCVTZU_fix_simd_scalar(uint w, ulong pc) => ShiftScalar(w, "fcvtzu", left: false);

    // Advanced SIMD shift by immediate (vector)
    public static string SSHR_vector(uint w, ulong pc) => ShiftVec(w, "sshr", left: false);
    public static string USHR_vector(uint w, ulong pc) => ShiftVec(w, "ushr", left: false);
    public static string SSRA_vector(uint w, ulong pc) => ShiftVec(w, "ssra", left: false);
    public static string USRA_vector(uint w, ulong pc) => ShiftVec(w, "usra", left: false);
    public static string SRSHR_vector(uint w, ulong pc) => ShiftVec(w, "srshr", left: false);
    public static string URSHR_vector(uint w, ulong pc) => ShiftVec(w, "urshr", left: false);
    public static string SRSRA_vector(uint w, ulong pc) => ShiftVec(w, "srsra", left: false);
    public static string URSRA_vector(uint w, ulong pc) => ShiftVec(w, "ursra", left: false);
    public static string SRI_vector(uint w, ulong pc) => ShiftVec(w, "sri", left: false);
    public static string SHL_vector(uint w, ulong pc) => ShiftVec(w, "shl", left: true);
    public static string SLI_vector(uint w, ulong pc) => ShiftVec(w, "sli", left: true);
    public static string SQSHLU_vector(uint w, ulong pc) => ShiftVec(w, "sqshlu", left: true);
    public static string SQSHL_imm_vector(uint w, ulong pc) => ShiftVec(w, "sqshl", left: true);
    public static string UQSHL_imm_vector(uint w, ulong pc) => ShiftVec(w, "uqshl", left: true);
    public static string SHRN_vector(uint w, ulong pc) => ShiftNarrowVec(w, "shrn");
    public static string RSHRN_vector(uint w, ulong pc) => ShiftNarrowVec(w, "rshrn");
    public static string SQSHRUN_vector(uint w, ulong pc) => ShiftNarrowVec(w, "sqshrun");
    public static string SQRSHRUN_vector(uint w, ulong pc) => ShiftNarrowVec(w, "sqrshrun");
    public static string SQSHRN_vector(uint w, ulong pc) => ShiftNarrowVec(w, "sqshrn");
    public static string UQSHRN_vector(uint w, ulong pc) => ShiftNarrowVec(w, "uqshrn");
    public static string SQRSHRN_vector(uint w, ulong pc) => ShiftNarrowVec(w, "sqrshrn");
    public static string UQRSHRN_vector(uint w, ulong pc) => ShiftNarrowVec(w, "uqrshrn");
    public static string SSHLL_vector(uint w, ulong pc) => ShiftLong(w, "sshll", "sxtl");
    public static string USHLL_vector(uint w, ulong pc) => ShiftLong(w, "ushll", "uxtl");
    public static string SCVTF_fix_vector(uint w, ulong pc) => ShiftVec(w, "scvtf", left: false);
    public static string UCVTF_fix_vector(uint w, ulong pc) => ShiftVec(w, "ucvtf", left: false);
    public static string FCVTZS_fix_vector(uint w, ulong pc) => ShiftVec(w, "fcvtzs", left: false);
    public static string FCVTZU_fix_vector(uint w, ulong pc) => ShiftVec(w, "fcvtzu", left: false);

    // Advanced SIMD vector x indexed element
    public static string SMLAL_elem(uint w, ulong pc) => ElemLong(w, "smlal");
    public static string UMLAL_elem(uint w, ulong pc) => ElemLong(w, "umlal");
    public static string SQDMLAL_elem(uint w, ulong pc) => ElemLong(w, "sqdmlal");
    public static string SMLSL_elem(uint w, ulong pc) => ElemLong(w, "smlsl");
    public static string UMLSL_elem(uint w, ulong pc) => ElemLong(w, "umlsl");
    public static string SQDMLSL_elem(uint w, ulong pc) => ElemLong(w, "sqdmlsl");
    public static string MLA_elem(uint w, ulong pc) => ElemVec(w, "mla");
    public static string MLS_elem(uint w, ulong pc) => ElemVec(w, "mls");
    public static string MUL_elem(uint w, ulong pc) => ElemVec(w, "mul");
    public static string SMULL_elem(uint w, ulong pc) => ElemLong(w, "smull");
    public static string UMULL_elem(uint w, ulong pc) => ElemLong(w, "umull");
    public static string SQDMULL_elem(uint w, ulong pc) => ElemLong(w, "sqdmull");
    public static string SQDMULH_elem(uint w, ulong pc) => ElemVec(w, "sqdmulh");
    public static string SQRDMULH_elem(uint w, ulong pc) => ElemVec(w, "sqrdmulh");
    public static string FMLA_elem(uint w, ulong pc) => ElemFpVec(w, "fmla");
    public static string FMLS_elem(uint w, ulong pc) => ElemFpVec(w, "fmls");
    public static string FMUL_elem(uint w, ulong pc) => ElemFpVec(w, "fmul");
    public static string FMULX_elem(uint w, ulong pc) => ElemFpVec(w, "fmulx");

    // Advanced SIMD scalar x indexed element
    public static string SQDMLAL_elem_scalar(uint w, ulong pc) => ElemScalar(w, "sqdmlal", wide: true);
    public static string SQDMLSL_elem_scalar(uint w, ulong pc) => ElemScalar(w, "sqdmlsl", wide: true);
    public static string SQDMULL_elem_scalar(uint w, ulong pc) => ElemScalar(w, "sqdmull", wide: true);
    public static string SQDMULH_elem_scalar(uint w, ulong pc) => ElemScalar(w, "sqdmulh", wide: false);
    public static string SQRDMULH_elem_scalar(uint w, ulong pc) => ElemScalar(w, "sqrdmulh", wide: false);
    public static string FMLA_elem_scalar(uint w, ulong pc) => ElemFpScalar(w, "fmla");
    public static string FMLS_elem_scalar(uint w, ulong pc) => ElemFpScalar(w, "fmls");
    public static string FMUL_elem_scalar(uint w, ulong pc) => ElemFpScalar(w, "fmul");
    public static string FMULX_elem_scalar(uint w, ulong pc) => ElemFpScalar(w, "fmulx");
}
