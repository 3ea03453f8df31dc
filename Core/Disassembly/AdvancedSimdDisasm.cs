using System.Globalization;
using static A64Jit.Core.Disassembly.Asm;

namespace A64Jit.Core.Disassembly;

/// <summary>GNU objdump text for the Advanced SIMD vector groups, one method per encoding of the table.</summary>
internal static class AdvancedSimdDisasm
{
    // ----- arrangements: index = size:Q (size = bits 23:22, Q = bit 30)
    private static readonly string[] Arr = ["8b", "16b", "4h", "8h", "2s", "4s", "1d", "2d"];
    private static readonly string[] Wide = ["8h", "4s", "2d", "1q"];          // element size doubled, 128 bits
    private static readonly string[] PairLong = ["4h", "8h", "2s", "4s", "1d", "2d"]; // size:Q of the narrow source
    private static readonly string[] ElemSuffix = ["b", "h", "s", "d"];

    private static bool Q(uint w) => Bit(w, 30);
    private static int Size(uint w) => (int)Bits(w, 23, 22);
    private static string V(int n, string t) => "v" + n + "." + t;
    private static string T(uint w) => Arr[Size(w) * 2 + (Q(w) ? 1 : 0)];
    private static string Fp(uint w) => Bit(w, 22) ? (Q(w) ? "2d" : "1d") : (Q(w) ? "4s" : "2s");
    private static string B(uint w) => Q(w) ? "16b" : "8b";
    private static string Two(uint w, string m) => Q(w) ? m + "2" : m;

    // ----- shared shapes
    private static string Same(uint w, string m) => Op(m, V(Rd(w), T(w)), V(Rn(w), T(w)), V(Rm(w), T(w)));
    private static string SameB(uint w, string m) => Op(m, V(Rd(w), B(w)), V(Rn(w), B(w)), V(Rm(w), B(w)));
    private static string FpSame(uint w, string m) => Op(m, V(Rd(w), Fp(w)), V(Rn(w), Fp(w)), V(Rm(w), Fp(w)));
    private static string Misc(uint w, string m) => Op(m, V(Rd(w), T(w)), V(Rn(w), T(w)));
    private static string MiscB(uint w, string m) => Op(m, V(Rd(w), B(w)), V(Rn(w), B(w)));
    private static string MiscZero(uint w, string m) => Op(m, V(Rd(w), T(w)), V(Rn(w), T(w)), "#0");
    private static string FpMisc(uint w, string m) => Op(m, V(Rd(w), Fp(w)), V(Rn(w), Fp(w)));
    private static string FpMiscZero(uint w, string m) => Op(m, V(Rd(w), Fp(w)), V(Rn(w), Fp(w)), "#0.0");
    private static string S32Misc(uint w, string m) => Op(m, V(Rd(w), Q(w) ? "4s" : "2s"), V(Rn(w), Q(w) ? "4s" : "2s"));

    /// <summary>Three different, long: Vd.Ta, Vn.Tb, Vm.Tb.</summary>
    private static string Long(uint w, string m) => Op(Two(w, m), V(Rd(w), Wide[Size(w)]), V(Rn(w), T(w)), V(Rm(w), T(w)));
    /// <summary>Three different, wide: Vd.Ta, Vn.Ta, Vm.Tb.</summary>
    private static string WideOp(uint w, string m) => Op(Two(w, m), V(Rd(w), Wide[Size(w)]), V(Rn(w), Wide[Size(w)]), V(Rm(w), T(w)));
    /// <summary>Three different, narrow high: Vd.Tb, Vn.Ta, Vm.Ta.</summary>
    private static string Narrow3(uint w, string m) => Op(Two(w, m), V(Rd(w), T(w)), V(Rn(w), Wide[Size(w)]), V(Rm(w), Wide[Size(w)]));
    /// <summary>Two-register misc, narrowing: Vd.Tb, Vn.Ta.</summary>
    private static string Narrow2(uint w, string m) => Op(Two(w, m), V(Rd(w), T(w)), V(Rn(w), Wide[Size(w)]));
    /// <summary>Pairwise long add: Vd.Ta (half as many, twice as wide), Vn.Tb.</summary>
    private static string PairwiseLong(uint w, string m) => Op(m, V(Rd(w), PairLong[Size(w) * 2 + (Q(w) ? 1 : 0)]), V(Rn(w), T(w)));

    /// <summary>Across lanes: scalar destination of element size <paramref name="destSize"/>.</summary>
    private static string Across(uint w, string m, int destSize) => Op(m, ElemSuffix[destSize] + Rd(w), V(Rn(w), T(w)));
    private static string FpAcross(uint w, string m) => Op(m, "s" + Rd(w), V(Rn(w), "4s"));

    // ===== Advanced SIMD table lookup
    private static string Table(uint w, string m)
    {
        int len = (int)Bits(w, 14, 13) + 1, n = Rn(w);
        string list;
        if (len >= 3 && n + len - 1 < 32) list = "{" + V(n, "16b") + "-" + V(n + len - 1, "16b") + "}";
        else
        {
            // Two registers, or a list that wraps past v31: every register spelled out.
            var regs = new string[len];
            for (int i = 0; i < len; i++) regs[i] = V((n + i) % 32, "16b");
            list = "{" + string.Join(", ", regs) + "}";
        }
        return Op(m, V(Rd(w), B(w)), list, V(Rm(w), B(w)));
    }

    public static string TBL(uint w, ulong pc) => Table(w, "tbl");
    public static string TBX(uint w, ulong pc) => Table(w, "tbx");

    // ===== Advanced SIMD permute
    public static string UZP1(uint w, ulong pc) => Same(w, "uzp1");
    public static string TRN1(uint w, ulong pc) => Same(w, "trn1");
    public static string ZIP1(uint w, ulong pc) => Same(w, "zip1");
    public static string UZP2(uint w, ulong pc) => Same(w, "uzp2");
    public static string TRN2(uint w, ulong pc) => Same(w, "trn2");
    public static string ZIP2(uint w, ulong pc) => Same(w, "zip2");

    // ===== Advanced SIMD extract
    public static string EXT(uint w, ulong pc) =>
        Op("ext", V(Rd(w), B(w)), V(Rn(w), B(w)), V(Rm(w), B(w)), Dec(Bits(w, 14, 11)));

    // ===== Advanced SIMD copy: imm5 = bits 20:16, imm4 = bits 14:11
    private static int CopySize(uint w) => System.Numerics.BitOperations.TrailingZeroCount(Bits(w, 20, 16) | 0x10);
    private static int CopyIndex(uint w) => (int)(Bits(w, 20, 16) >> (CopySize(w) + 1));
    private static string Elem(int reg, int size, int index) => "v" + reg + "." + ElemSuffix[size] + "[" + index + "]";

    public static string DUP_element_vector(uint w, ulong pc)
    {
        int size = CopySize(w);
        return Op("dup", V(Rd(w), Arr[size * 2 + (Q(w) ? 1 : 0)]), Elem(Rn(w), size, CopyIndex(w)));
    }

    public static string DUP_general(uint w, ulong pc)
    {
        int size = CopySize(w);
        return Op("dup", V(Rd(w), Arr[size * 2 + (Q(w) ? 1 : 0)]), size == 3 ? X(Rn(w)) : W(Rn(w)));
    }

    public static string SMOV(uint w, ulong pc) =>
        Op("smov", R(Q(w), Rd(w)), Elem(Rn(w), CopySize(w), CopyIndex(w)));

    public static string UMOV(uint w, ulong pc)
    {
        int size = CopySize(w);
        return Op(size >= 2 ? "mov" : "umov", R(Q(w), Rd(w)), Elem(Rn(w), size, CopyIndex(w)));
    }

    public static string INS_general(uint w, ulong pc)
    {
        int size = CopySize(w);
        return Op("mov", Elem(Rd(w), size, CopyIndex(w)), size == 3 ? X(Rn(w)) : W(Rn(w)));
    }

    public static string INS_element(uint w, ulong pc)
    {
        int size = CopySize(w);
        return Op("mov", Elem(Rd(w), size, CopyIndex(w)), Elem(Rn(w), size, (int)(Bits(w, 14, 11) >> size)));
    }

    // ===== Advanced SIMD three same (integer)
    public static string SHADD(uint w, ulong pc) => Same(w, "shadd");
    public static string SQADD_vector(uint w, ulong pc) => Same(w, "sqadd");
    public static string SRHADD(uint w, ulong pc) => Same(w, "srhadd");
    public static string SHSUB(uint w, ulong pc) => Same(w, "shsub");
    public static string SQSUB_vector(uint w, ulong pc) => Same(w, "sqsub");
    public static string CMGT_reg_vector(uint w, ulong pc) => Same(w, "cmgt");
    public static string CMGE_reg_vector(uint w, ulong pc) => Same(w, "cmge");
    public static string SSHL_vector(uint w, ulong pc) => Same(w, "sshl");
    public static string SQSHL_reg_vector(uint w, ulong pc) => Same(w, "sqshl");
    public static string SRSHL_vector(uint w, ulong pc) => Same(w, "srshl");
    public static string SQRSHL_vector(uint w, ulong pc) => Same(w, "sqrshl");
    public static string SMAX(uint w, ulong pc) => Same(w, "smax");
    public static string SMIN(uint w, ulong pc) => Same(w, "smin");
    public static string SABD(uint w, ulong pc) => Same(w, "sabd");
    public static string SABA(uint w, ulong pc) => Same(w, "saba");
    public static string ADD_vector(uint w, ulong pc) => Same(w, "add");
    public static string CMTST_vector(uint w, ulong pc) => Same(w, "cmtst");
    public static string MLA_vector(uint w, ulong pc) => Same(w, "mla");
    public static string MUL_vector(uint w, ulong pc) => Same(w, "mul");
    public static string SMAXP(uint w, ulong pc) => Same(w, "smaxp");
    public static string SMINP(uint w, ulong pc) => Same(w, "sminp");
    public static string SQDMULH_vector(uint w, ulong pc) => Same(w, "sqdmulh");
    public static string ADDP_vector(uint w, ulong pc) => Same(w, "addp");

    public static string UHADD(uint w, ulong pc) => Same(w, "uhadd");
    public static string UQADD_vector(uint w, ulong pc) => Same(w, "uqadd");
    public static string URHADD(uint w, ulong pc) => Same(w, "urhadd");
    public static string UHSUB(uint w, ulong pc) => Same(w, "uhsub");
    public static string UQSUB_vector(uint w, ulong pc) => Same(w, "uqsub");
    public static string CMHI_reg_vector(uint w, ulong pc) => Same(w, "cmhi");
    public static string CMHS_reg_vector(uint w, ulong pc) => Same(w, "cmhs");
    public static string USHL_vector(uint w, ulong pc) => Same(w, "ushl");
    public static string UQSHL_reg_vector(uint w, ulong pc) => Same(w, "uqshl");
    public static string URSHL_vector(uint w, ulong pc) => Same(w, "urshl");
    public static string UQRSHL_vector(uint w, ulong pc) => Same(w, "uqrshl");
    public static string UMAX(uint w, ulong pc) => Same(w, "umax");
    public static string UMIN(uint w, ulong pc) => Same(w, "umin");
    public static string UABD(uint w, ulong pc) => Same(w, "uabd");
    public static string UABA(uint w, ulong pc) => Same(w, "uaba");
    public static string SUB_vector(uint w, ulong pc) => Same(w, "sub");
    public static string CMEQ_reg_vector(uint w, ulong pc) => Same(w, "cmeq");
    public static string MLS_vector(uint w, ulong pc) => Same(w, "mls");
    public static string PMUL(uint w, ulong pc) => Same(w, "pmul");
    public static string UMAXP(uint w, ulong pc) => Same(w, "umaxp");
    public static string UMINP(uint w, ulong pc) => Same(w, "uminp");
    public static string SQRDMULH_vector(uint w, ulong pc) => Same(w, "sqrdmulh");

    // ----- three same, logical (opcode 00011, size selects the operation)
    public static string AND_vector(uint w, ulong pc) => SameB(w, "and");
    public static string BIC_vector_reg(uint w, ulong pc) => SameB(w, "bic");
    public static string ORR_vector_reg(uint w, ulong pc) =>
        Rm(w) == Rn(w) ? MiscB(w, "mov") : SameB(w, "orr");
    public static string ORN_vector(uint w, ulong pc) => SameB(w, "orn");
    public static string EOR_vector(uint w, ulong pc) => SameB(w, "eor");
    public static string BSL(uint w, ulong pc) => SameB(w, "bsl");
    public static string BIT(uint w, ulong pc) => SameB(w, "bit");
    public static string BIF(uint w, ulong pc) => SameB(w, "bif");

    // ----- three same, floating point (sz = bit 22)
    public static string FMAXNM_vector(uint w, ulong pc) => FpSame(w, "fmaxnm");
    public static string FMLA_vector(uint w, ulong pc) => FpSame(w, "fmla");
    public static string FADD_vector(uint w, ulong pc) => FpSame(w, "fadd");
    public static string FMULX_vector(uint w, ulong pc) => FpSame(w, "fmulx");
    public static string FCMEQ_reg_vector(uint w, ulong pc) => FpSame(w, "fcmeq");
    public static string FMAX_vector(uint w, ulong pc) => FpSame(w, "fmax");
    public static string FRECPS_vector(uint w, ulong pc) => FpSame(w, "frecps");
    public static string FMINNM_vector(uint w, ulong pc) => FpSame(w, "fminnm");
    public static string FMLS_vector(uint w, ulong pc) => FpSame(w, "fmls");
    public static string FSUB_vector(uint w, ulong pc) => FpSame(w, "fsub");
    public static string FMIN_vector(uint w, ulong pc) => FpSame(w, "fmin");
    public static string FRSQRTS_vector(uint w, ulong pc) => FpSame(w, "frsqrts");
    public static string FMAXNMP_vector(uint w, ulong pc) => FpSame(w, "fmaxnmp");
    public static string FADDP_vector(uint w, ulong pc) => FpSame(w, "faddp");
    public static string FMUL_vector(uint w, ulong pc) => FpSame(w, "fmul");
    public static string FCMGE_reg_vector(uint w, ulong pc) => FpSame(w, "fcmge");
    public static string FACGE_vector(uint w, ulong pc) => FpSame(w, "facge");
    public static string FMAXP_vector(uint w, ulong pc) => FpSame(w, "fmaxp");
    public static string FDIV_vector(uint w, ulong pc) => FpSame(w, "fdiv");
    public static string FMINNMP_vector(uint w, ulong pc) => FpSame(w, "fminnmp");
    public static string FABD_vector(uint w, ulong pc) => FpSame(w, "fabd");
    public static string FCMGT_reg_vector(uint w, ulong pc) => FpSame(w, "fcmgt");
    public static string FACGT_vector(uint w, ulong pc) => FpSame(w, "facgt");
    public static string FMINP_vector(uint w, ulong pc) => FpSame(w, "fminp");

    // ===== Advanced SIMD three different
    public static string SADDL(uint w, ulong pc) => Long(w, "saddl");
    public static string SADDW(uint w, ulong pc) => WideOp(w, "saddw");
    public static string SSUBL(uint w, ulong pc) => Long(w, "ssubl");
    public static string SSUBW(uint w, ulong pc) => WideOp(w, "ssubw");
    public static string ADDHN(uint w, ulong pc) => Narrow3(w, "addhn");
    public static string SABAL(uint w, ulong pc) => Long(w, "sabal");
    public static string SUBHN(uint w, ulong pc) => Narrow3(w, "subhn");
    public static string SABDL(uint w, ulong pc) => Long(w, "sabdl");
    public static string SMLAL_vector(uint w, ulong pc) => Long(w, "smlal");
    public static string SQDMLAL_vector(uint w, ulong pc) => Long(w, "sqdmlal");
    public static string SMLSL_vector(uint w, ulong pc) => Long(w, "smlsl");
    public static string SQDMLSL_vector(uint w, ulong pc) => Long(w, "sqdmlsl");
    public static string SMULL_vector(uint w, ulong pc) => Long(w, "smull");
    public static string SQDMULL_vector(uint w, ulong pc) => Long(w, "sqdmull");
    public static string PMULL(uint w, ulong pc) => Long(w, "pmull");
    public static string UADDL(uint w, ulong pc) => Long(w, "uaddl");
    public static string UADDW(uint w, ulong pc) => WideOp(w, "uaddw");
    public static string USUBL(uint w, ulong pc) => Long(w, "usubl");
    public static string USUBW(uint w, ulong pc) => WideOp(w, "usubw");
    public static string RADDHN(uint w, ulong pc) => Narrow3(w, "raddhn");
    public static string UABAL(uint w, ulong pc) => Long(w, "uabal");
    public static string RSUBHN(uint w, ulong pc) => Narrow3(w, "rsubhn");
    public static string UABDL(uint w, ulong pc) => Long(w, "uabdl");
    public static string UMLAL_vector(uint w, ulong pc) => Long(w, "umlal");
    public static string UMLSL_vector(uint w, ulong pc) => Long(w, "umlsl");
    public static string UMULL_vector(uint w, ulong pc) => Long(w, "umull");

    // ===== Advanced SIMD two-register miscellaneous
    public static string REV64(uint w, ulong pc) => Misc(w, "rev64");
    public static string REV16_vector(uint w, ulong pc) => Misc(w, "rev16");
    public static string SADDLP(uint w, ulong pc) => PairwiseLong(w, "saddlp");
    public static string SUQADD_vector(uint w, ulong pc) => Misc(w, "suqadd");
    public static string CLS_vector(uint w, ulong pc) => Misc(w, "cls");
    public static string CNT_vector(uint w, ulong pc) => Misc(w, "cnt");
    public static string SADALP(uint w, ulong pc) => PairwiseLong(w, "sadalp");
    public static string SQABS_vector(uint w, ulong pc) => Misc(w, "sqabs");
    public static string CMGT_zero_vector(uint w, ulong pc) => MiscZero(w, "cmgt");
    public static string CMEQ_zero_vector(uint w, ulong pc) => MiscZero(w, "cmeq");
    public static string CMLT_zero_vector(uint w, ulong pc) => MiscZero(w, "cmlt");
    public static string ABS_vector(uint w, ulong pc) => Misc(w, "abs");
    public static string XTN(uint w, ulong pc) => Narrow2(w, "xtn");
    public static string SQXTN_vector(uint w, ulong pc) => Narrow2(w, "sqxtn");
    public static string REV32_vector(uint w, ulong pc) => Misc(w, "rev32");
    public static string UADDLP(uint w, ulong pc) => PairwiseLong(w, "uaddlp");
    public static string USQADD_vector(uint w, ulong pc) => Misc(w, "usqadd");
    public static string CLZ_vector(uint w, ulong pc) => Misc(w, "clz");
    public static string NOT_vector(uint w, ulong pc) => MiscB(w, "mvn");
    public static string RBIT_vector(uint w, ulong pc) => MiscB(w, "rbit");
    public static string UADALP(uint w, ulong pc) => PairwiseLong(w, "uadalp");
    public static string SQNEG_vector(uint w, ulong pc) => Misc(w, "sqneg");
    public static string CMGE_zero_vector(uint w, ulong pc) => MiscZero(w, "cmge");
    public static string CMLE_zero_vector(uint w, ulong pc) => MiscZero(w, "cmle");
    public static string NEG_vector(uint w, ulong pc) => Misc(w, "neg");
    public static string SQXTUN_vector(uint w, ulong pc) => Narrow2(w, "sqxtun");
    public static string SHLL(uint w, ulong pc) =>
        Op(Two(w, "shll"), V(Rd(w), Wide[Size(w)]), V(Rn(w), T(w)), Dec(8 << Size(w)));
    public static string UQXTN_vector(uint w, ulong pc) => Narrow2(w, "uqxtn");

    // ----- two-register misc, floating point (sz = bit 22)
    private static string HalfOrSingle(uint w) => Bit(w, 22) ? (Q(w) ? "4s" : "2s") : (Q(w) ? "8h" : "4h");
    public static string FCVTN_vector(uint w, ulong pc) =>
        Op(Two(w, "fcvtn"), V(Rd(w), HalfOrSingle(w)), V(Rn(w), Bit(w, 22) ? "2d" : "4s"));
    public static string FCVTL_vector(uint w, ulong pc) =>
        Op(Two(w, "fcvtl"), V(Rd(w), Bit(w, 22) ? "2d" : "4s"), V(Rn(w), HalfOrSingle(w)));
    public static string FCVTXN_vector(uint w, ulong pc) =>
        Op(Two(w, "fcvtxn"), V(Rd(w), Q(w) ? "4s" : "2s"), V(Rn(w), "2d"));
    public static string FRINTN_vector(uint w, ulong pc) => FpMisc(w, "frintn");
    public static string FRINTM_vector(uint w, ulong pc) => FpMisc(w, "frintm");
    public static string FCVTNS_vector(uint w, ulong pc) => FpMisc(w, "fcvtns");
    public static string FCVTMS_vector(uint w, ulong pc) => FpMisc(w, "fcvtms");
    public static string FCVTAS_vector(uint w, ulong pc) => FpMisc(w, "fcvtas");
    public static string SCVTF_vector(uint w, ulong pc) => FpMisc(w, "scvtf");
    public static string FCMGT_zero_vector(uint w, ulong pc) => FpMiscZero(w, "fcmgt");
    public static string FCMEQ_zero_vector(uint w, ulong pc) => FpMiscZero(w, "fcmeq");
    public static string FCMLT_zero_vector(uint w, ulong pc) => FpMiscZero(w, "fcmlt");
    public static string FABS_vector(uint w, ulong pc) => FpMisc(w, "fabs");
    public static string FRINTP_vector(uint w, ulong pc) => FpMisc(w, "frintp");
    public static string FRINTZ_vector(uint w, ulong pc) => FpMisc(w, "frintz");
    public static string FCVTPS_vector(uint w, ulong pc) => FpMisc(w, "fcvtps");
    public static string FCVTZS_vector(uint w, ulong pc) => FpMisc(w, "fcvtzs");
    public static string URECPE(uint w, ulong pc) => S32Misc(w, "urecpe");
    public static string FRECPE_vector(uint w, ulong pc) => FpMisc(w, "frecpe");
    public static string FRINTA_vector(uint w, ulong pc) => FpMisc(w, "frinta");
    public static string FRINTX_vector(uint w, ulong pc) => FpMisc(w, "frintx");
    public static string FCVTNU_vector(uint w, ulong pc) => FpMisc(w, "fcvtnu");
    public static string FCVTMU_vector(uint w, ulong pc) => FpMisc(w, "fcvtmu");
    public static string FCVTAU_vector(uint w, ulong pc) => FpMisc(w, "fcvtau");
    public static string UCVTF_vector(uint w, ulong pc) => FpMisc(w, "ucvtf");
    public static string FCMGE_zero_vector(uint w, ulong pc) => FpMiscZero(w, "fcmge");
    public static string FCMLE_zero_vector(uint w, ulong pc) => FpMiscZero(w, "fcmle");
    public static string FNEG_vector(uint w, ulong pc) => FpMisc(w, "fneg");
    public static string FRINTI_vector(uint w, ulong pc) => FpMisc(w, "frinti");
    public static string FCVTPU_vector(uint w, ulong pc) => FpMisc(w, "fcvtpu");
    public static string FCVTZU_vector(uint w, ulong pc) => FpMisc(w, "fcvtzu");
    public static string URSQRTE(uint w, ulong pc) => S32Misc(w, "ursqrte");
    public static string FRSQRTE_vector(uint w, ulong pc) => FpMisc(w, "frsqrte");
    public static string FSQRT_vector(uint w, ulong pc) => FpMisc(w, "fsqrt");

    // ===== Advanced SIMD across lanes
    public static string SADDLV(uint w, ulong pc) => Across(w, "saddlv", Size(w) + 1);
    public static string SMAXV(uint w, ulong pc) => Across(w, "smaxv", Size(w));
    public static string SMINV(uint w, ulong pc) => Across(w, "sminv", Size(w));
    public static string ADDV(uint w, ulong pc) => Across(w, "addv", Size(w));
    public static string UADDLV(uint w, ulong pc) => Across(w, "uaddlv", Size(w) + 1);
    public static string UMAXV(uint w, ulong pc) => Across(w, "umaxv", Size(w));
    public static string UMINV(uint w, ulong pc) => Across(w, "uminv", Size(w));
    public static string FMAXNMV(uint w, ulong pc) => FpAcross(w, "fmaxnmv");
    public static string FMAXV(uint w, ulong pc) => FpAcross(w, "fmaxv");
    public static string FMINNMV(uint w, ulong pc) => FpAcross(w, "fminnmv");
    public static string FMINV(uint w, ulong pc) => FpAcross(w, "fminv");

    // ===== Advanced SIMD modified immediate: abc = bits 18:16, defgh = bits 9:5, cmode = bits 15:12
    private static uint Imm8(uint w) => (Bits(w, 18, 16) << 5) | Bits(w, 9, 5);
    private static uint Cmode(uint w) => Bits(w, 15, 12);

    private static string ShiftedImm(uint w, string m, string t, int shift) =>
        shift == 0 ? Op(m, V(Rd(w), t), Hex(Imm8(w))) : Op(m, V(Rd(w), t), Hex(Imm8(w)), "lsl " + Dec(shift));
    private static string Imm32(uint w, string m) => ShiftedImm(w, m, Q(w) ? "4s" : "2s", (int)(Cmode(w) >> 1 & 3) * 8);
    private static string Imm16(uint w, string m) => ShiftedImm(w, m, Q(w) ? "8h" : "4h", (int)(Cmode(w) >> 1 & 1) * 8);
    private static string ImmMsl(uint w, string m) =>
        Op(m, V(Rd(w), Q(w) ? "4s" : "2s"), Hex(Imm8(w)), "msl " + Dec(Bit(w, 12) ? 16 : 8));

    public static string MOVI_32(uint w, ulong pc) => Imm32(w, "movi");
    public static string ORR_vector_imm32(uint w, ulong pc) => Imm32(w, "orr");
    public static string MOVI_16(uint w, ulong pc) => Imm16(w, "movi");
    public static string ORR_vector_imm16(uint w, ulong pc) => Imm16(w, "orr");
    public static string MOVI_32msl(uint w, ulong pc) => ImmMsl(w, "movi");
    public static string MOVI_8(uint w, ulong pc) => Op("movi", V(Rd(w), B(w)), Hex(Imm8(w)));
    public static string MVNI_32(uint w, ulong pc) => Imm32(w, "mvni");
    public static string BIC_vector_imm32(uint w, ulong pc) => Imm32(w, "bic");
    public static string MVNI_16(uint w, ulong pc) => Imm16(w, "mvni");
    public static string BIC_vector_imm16(uint w, ulong pc) => Imm16(w, "bic");
    public static string MVNI_32msl(uint w, ulong pc) => ImmMsl(w, "mvni");

    public static string MOVI_64(uint w, ulong pc)
    {
        uint imm8 = Imm8(w);
        ulong imm = 0;
        for (int i = 0; i < 8; i++)
            if ((imm8 >> i & 1) != 0) imm |= 0xFFul << (8 * i);
        return Op("movi", Q(w) ? V(Rd(w), "2d") : "d" + Rd(w), Hex(imm));
    }

    /// <summary>The value of an 8-bit floating-point immediate (sign, 3-bit exponent, 4-bit fraction).</summary>
    private static double FpImm8(uint imm8)
    {
        int exp = (int)((imm8 >> 4) & 7);
        int e = (exp & 4) != 0 ? exp - 7 : exp + 1; // exponent NOT(b):b..b:cd, unbiased -3..4
        double v = (16 + (imm8 & 15)) / 16.0 * Math.Pow(2, e);
        return (imm8 & 0x80) != 0 ? -v : v;
    }

    private static string FpImmText(uint imm8) =>
        "#" + FpImm8(imm8).ToString("0.000000000000000000e+00", CultureInfo.InvariantCulture);

    public static string FMOV_vector_imm(uint w, ulong pc) => Op("fmov", V(Rd(w), Q(w) ? "4s" : "2s"), FpImmText(Imm8(w)));
    public static string FMOV_vector_imm_double(uint w, ulong pc) => Op("fmov", V(Rd(w), "2d"), FpImmText(Imm8(w)));
}
