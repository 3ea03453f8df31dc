using System.Globalization;
using static A64Jit.Core.Disassembly.Asm;

namespace A64Jit.Core.Disassembly;

/// <summary>GNU objdump text for the FloatingPoint group, one method per encoding of the table.</summary>
internal static class FloatingPointDisasm
{
    // ----- helpers

    /// <summary>Scalar FP register n of the size bit 22 selects (0 = single, 1 = double).</summary>
    private static string V(uint w, int n) => (Bit(w, 22) ? "d" : "s") + n;

    /// <summary>Scalar FP register n of a two-bit type (00 single, 01 double, 11 half).</summary>
    private static string VType(uint type, int n) => type switch { 0 => "s", 1 => "d", 3 => "h", _ => "?" } + n;

    private static bool Sf(uint w) => Bit(w, 31);

    /// <summary>objdump's condition operand: the name, plus the SVE condition aliases as a comment where it prints them.</summary>
    internal static string WithCondition(string text, uint cond) => WithConditionComment(text + ", " + Conditions[cond], cond);

    /// <summary>The value of an 8-bit FP immediate (VFPExpandImm), as printed by objdump (<c>%.18e</c>).</summary>
    internal static string FpImm(uint imm8)
    {
        bool negative = (imm8 & 0x80) != 0;
        bool b = (imm8 & 0x40) != 0;
        int cd = (int)((imm8 >> 4) & 3);
        int frac = (int)(imm8 & 15);
        int exponent = b ? cd - 3 : cd + 1;
        double v = (16 + frac) / 16.0 * Math.Pow(2, exponent);
        if (negative) v = -v;
        // "E18" gives the exact digits; objdump's exponent has at least two digits and a lower-case 'e'.
        string s = v.ToString("E18", CultureInfo.InvariantCulture);
        int e = s.IndexOf('E');
        int exp = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return "#" + s[..e] + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
    }

    private static string FixedToFp(string m, uint w) =>
        Op(m, V(w, Rd(w)), R(Sf(w), Rn(w)), "#" + (64 - Bits(w, 15, 10)));

    private static string FpToFixed(string m, uint w) =>
        Op(m, R(Sf(w), Rd(w)), V(w, Rn(w)), "#" + (64 - Bits(w, 15, 10)));

    private static string IntToFp(string m, uint w) => Op(m, V(w, Rd(w)), R(Sf(w), Rn(w)));
    private static string FpToInt(string m, uint w) => Op(m, R(Sf(w), Rd(w)), V(w, Rn(w)));
    private static string OneSource(string m, uint w) => Op(m, V(w, Rd(w)), V(w, Rn(w)));
    private static string TwoSource(string m, uint w) => Op(m, V(w, Rd(w)), V(w, Rn(w)), V(w, Rm(w)));
    private static string ThreeSource(string m, uint w) => Op(m, V(w, Rd(w)), V(w, Rn(w)), V(w, Rm(w)), V(w, Ra(w)));

    private static string Compare(string m, uint w) =>
        Bit(w, 3) ? Op(m, V(w, Rn(w)), "#0.0") : Op(m, V(w, Rn(w)), V(w, Rm(w)));

    private static string CondCompare(string m, uint w) =>
        WithCondition(Op(m, V(w, Rn(w)), V(w, Rm(w)), Hex(Bits(w, 3, 0))), Bits(w, 15, 12));

    // ----- conversion between floating-point and fixed-point
    public static string SCVTF_scalar_fixed(uint w, ulong pc) => FixedToFp("scvtf", w);
    public static string UCVTF_scalar_fixed(uint w, ulong pc) => FixedToFp("ucvtf", w);
    public static string FCVTZS_scalar_fixed(uint w, ulong pc) => FpToFixed("fcvtzs", w);
    public static string FCVTZU_scalar_fixed(uint w, ulong pc) => FpToFixed("fcvtzu", w);

    // ----- conversion between floating-point and integer
    public static string FCVTNS_scalar(uint w, ulong pc) => FpToInt("fcvtns", w);
    public static string FCVTNU_scalar(uint w, ulong pc) => FpToInt("fcvtnu", w);
    public static string SCVTF_scalar_int(uint w, ulong pc) => IntToFp("scvtf", w);
    public static string UCVTF_scalar_int(uint w, ulong pc) => IntToFp("ucvtf", w);
    public static string FCVTAS_scalar(uint w, ulong pc) => FpToInt("fcvtas", w);
    public static string FCVTAU_scalar(uint w, ulong pc) => FpToInt("fcvtau", w);
    public static string FCVTPS_scalar(uint w, ulong pc) => FpToInt("fcvtps", w);
    public static string FCVTPU_scalar(uint w, ulong pc) => FpToInt("fcvtpu", w);
    public static string FCVTMS_scalar(uint w, ulong pc) => FpToInt("fcvtms", w);
    public static string FCVTMU_scalar(uint w, ulong pc) => FpToInt("fcvtmu", w);
    public static string FCVTZS_scalar_int(uint w, ulong pc) => FpToInt("fcvtzs", w);
    public static string FCVTZU_scalar_int(uint w, ulong pc) => FpToInt("fcvtzu", w);

    public static string FMOV_general(uint w, ulong pc)
    {
        bool toFp = Bit(w, 16);
        uint ftype = Bits(w, 23, 22);
        string fp(int n) => ftype == 2 ? "v" + n + ".d[1]" : VType(ftype, n);
        return toFp ? Op("fmov", fp(Rd(w)), R(Sf(w), Rn(w))) : Op("fmov", R(Sf(w), Rd(w)), fp(Rn(w)));
    }

    // ----- data-processing (1 source)
    public static string FMOV_reg(uint w, ulong pc) => OneSource("fmov", w);
    public static string FABS_scalar(uint w, ulong pc) => OneSource("fabs", w);
    public static string FNEG_scalar(uint w, ulong pc) => OneSource("fneg", w);
    public static string FSQRT_scalar(uint w, ulong pc) => OneSource("fsqrt", w);
    public static string FCVT(uint w, ulong pc) => Op("fcvt", VType(Bits(w, 16, 15), Rd(w)), VType(Bits(w, 23, 22), Rn(w)));
    public static string FRINTN_scalar(uint w, ulong pc) => OneSource("frintn", w);
    public static string FRINTP_scalar(uint w, ulong pc) => OneSource("frintp", w);
    public static string FRINTM_scalar(uint w, ulong pc) => OneSource("frintm", w);
    public static string FRINTZ_scalar(uint w, ulong pc) => OneSource("frintz", w);
    public static string FRINTA_scalar(uint w, ulong pc) => OneSource("frinta", w);
    public static string FRINTX_scalar(uint w, ulong pc) => OneSource("frintx", w);
    public static string FRINTI_scalar(uint w, ulong pc) => OneSource("frinti", w);

    // ----- compare
    public static string FCMP(uint w, ulong pc) => Compare("fcmp", w);
    public static string FCMPE(uint w, ulong pc) => Compare("fcmpe", w);

    // ----- immediate
    public static string FMOV_scalar_imm(uint w, ulong pc) => Op("fmov", V(w, Rd(w)), FpImm(Bits(w, 20, 13)));

    // ----- conditional compare
    public static string FCCMP(uint w, ulong pc) => CondCompare("fccmp", w);
    public static string FCCMPE(uint w, ulong pc) => CondCompare("fccmpe", w);

    // ----- data-processing (2 source)
    public static string FMUL_scalar(uint w, ulong pc) => TwoSource("fmul", w);
    public static string FDIV_scalar(uint w, ulong pc) => TwoSource("fdiv", w);
    public static string FADD_scalar(uint w, ulong pc) => TwoSource("fadd", w);
    public static string FSUB_scalar(uint w, ulong pc) => TwoSource("fsub", w);
    public static string FMAX_scalar(uint w, ulong pc) => TwoSource("fmax", w);
    public static string FMIN_scalar(uint w, ulong pc) => TwoSource("fmin", w);
    public static string FMAXNM_scalar(uint w, ulong pc) => TwoSource("fmaxnm", w);
    public static string FMINNM_scalar(uint w, ulong pc) => TwoSource("fminnm", w);
    public static string FNMUL_scalar(uint w, ulong pc) => TwoSource("fnmul", w);

    // ----- conditional select
    public static string FCSEL(uint w, ulong pc) => WithCondition(TwoSource("fcsel", w), Bits(w, 15, 12));

    // ----- data-processing (3 source)
    public static string FMADD(uint w, ulong pc) => ThreeSource("fmadd", w);
    public static string FMSUB(uint w, ulong pc) => ThreeSource("fmsub", w);
    public static string FNMADD(uint w, ulong pc) => ThreeSource("fnmadd", w);
    public static string FNMSUB(uint w, ulong pc) => ThreeSource("fnmsub", w);
}
