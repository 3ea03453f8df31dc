using static A64Jit.Core.Disassembly.FloatingPointDisasm;

namespace A64Jit.Core.Decoding;

public static partial class EncodingTable
{
    private static Encoding Fp(string name, string pattern, DisasmFormatter format, Func<uint, bool>? allocated = null) =>
        new(name, EncodingGroup.FloatingPoint, pattern, format, allocated);

    // ARMv8.0 scalar floating point knows single (ftype 00) and double (ftype 01) arithmetic;
    // ftype 10 is unallocated (except FMOV's top-half forms) and ftype 11 (half precision) is
    // the FP16 extension, except in FCVT. Most patterns therefore fix bit 23 = 0 and keep bit
    // 22 as the field "ft" (0 = single, 1 = double).

    /// <summary>Fixed-point conversions: a 32-bit general register needs scale &gt;= 32 (fbits &lt;= 32).</summary>
    private static bool FixedScaleOk(uint w) => (w & 0x8000_8000) != 0;

    /// <summary>FMOV (general): the allocated (sf, ftype, rmode) combinations of ARMv8.0.</summary>
    private static bool FmovGeneralOk(uint w)
    {
        uint sf = w >> 31, ftype = (w >> 22) & 3, rmode0 = (w >> 19) & 1;
        return (sf, ftype, rmode0) is (0, 0, 0) or (1, 1, 0) or (1, 2, 1);
    }

    /// <summary>FCVT: ftype and opc name half (11), single (00) or double (01), and must differ.</summary>
    private static bool FcvtOk(uint w)
    {
        uint ftype = (w >> 22) & 3, opc = (w >> 15) & 3;
        return ftype != 2 && opc != 2 && ftype != opc;
    }

    private static Encoding[] FloatingPoint() =>
    [
        // Conversion between floating-point and fixed-point
        Fp("SCVTF_scalar_fixed",  "sf 0 0 11110 0 ft 0 00 010 scale:6 Rn:5 Rd:5", SCVTF_scalar_fixed, FixedScaleOk),
        Fp("UCVTF_scalar_fixed",  "sf 0 0 11110 0 ft 0 00 011 scale:6 Rn:5 Rd:5", UCVTF_scalar_fixed, FixedScaleOk),
        Fp("FCVTZS_scalar_fixed", "sf 0 0 11110 0 ft 0 11 000 scale:6 Rn:5 Rd:5", FCVTZS_scalar_fixed, FixedScaleOk),
        Fp("FCVTZU_scalar_fixed", "sf 0 0 11110 0 ft 0 11 001 scale:6 Rn:5 Rd:5", FCVTZU_scalar_fixed, FixedScaleOk),

        // Conversion between floating-point and integer
        Fp("FCVTNS_scalar",     "sf 0 0 11110 0 ft 1 00 000 000000 Rn:5 Rd:5", FCVTNS_scalar),
        Fp("FCVTNU_scalar",     "sf 0 0 11110 0 ft 1 00 001 000000 Rn:5 Rd:5", FCVTNU_scalar),
        Fp("SCVTF_scalar_int",  "sf 0 0 11110 0 ft 1 00 010 000000 Rn:5 Rd:5", SCVTF_scalar_int),
        Fp("UCVTF_scalar_int",  "sf 0 0 11110 0 ft 1 00 011 000000 Rn:5 Rd:5", UCVTF_scalar_int),
        Fp("FCVTAS_scalar",     "sf 0 0 11110 0 ft 1 00 100 000000 Rn:5 Rd:5", FCVTAS_scalar),
        Fp("FCVTAU_scalar",     "sf 0 0 11110 0 ft 1 00 101 000000 Rn:5 Rd:5", FCVTAU_scalar),
        Fp("FMOV_general",      "sf 0 0 11110 ftype:2 1 0 rmode0 11 op 000000 Rn:5 Rd:5", FMOV_general, FmovGeneralOk),
        Fp("FCVTPS_scalar",     "sf 0 0 11110 0 ft 1 01 000 000000 Rn:5 Rd:5", FCVTPS_scalar),
        Fp("FCVTPU_scalar",     "sf 0 0 11110 0 ft 1 01 001 000000 Rn:5 Rd:5", FCVTPU_scalar),
        Fp("FCVTMS_scalar",     "sf 0 0 11110 0 ft 1 10 000 000000 Rn:5 Rd:5", FCVTMS_scalar),
        Fp("FCVTMU_scalar",     "sf 0 0 11110 0 ft 1 10 001 000000 Rn:5 Rd:5", FCVTMU_scalar),
        Fp("FCVTZS_scalar_int", "sf 0 0 11110 0 ft 1 11 000 000000 Rn:5 Rd:5", FCVTZS_scalar_int),
        Fp("FCVTZU_scalar_int", "sf 0 0 11110 0 ft 1 11 001 000000 Rn:5 Rd:5", FCVTZU_scalar_int),

        // Floating-point data-processing (1 source)
        Fp("FMOV_reg",      "0 0 0 11110 0 ft 1 000000 10000 Rn:5 Rd:5", FMOV_reg),
        Fp("FABS_scalar",   "0 0 0 11110 0 ft 1 000001 10000 Rn:5 Rd:5", FABS_scalar),
        Fp("FNEG_scalar",   "0 0 0 11110 0 ft 1 000010 10000 Rn:5 Rd:5", FNEG_scalar),
        Fp("FSQRT_scalar",  "0 0 0 11110 0 ft 1 000011 10000 Rn:5 Rd:5", FSQRT_scalar),
        Fp("FCVT",          "0 0 0 11110 ftype:2 1 0001 opc:2 10000 Rn:5 Rd:5", FCVT, FcvtOk),
        Fp("FRINTN_scalar", "0 0 0 11110 0 ft 1 001000 10000 Rn:5 Rd:5", FRINTN_scalar),
        Fp("FRINTP_scalar", "0 0 0 11110 0 ft 1 001001 10000 Rn:5 Rd:5", FRINTP_scalar),
        Fp("FRINTM_scalar", "0 0 0 11110 0 ft 1 001010 10000 Rn:5 Rd:5", FRINTM_scalar),
        Fp("FRINTZ_scalar", "0 0 0 11110 0 ft 1 001011 10000 Rn:5 Rd:5", FRINTZ_scalar),
        Fp("FRINTA_scalar", "0 0 0 11110 0 ft 1 001100 10000 Rn:5 Rd:5", FRINTA_scalar),
        Fp("FRINTX_scalar", "0 0 0 11110 0 ft 1 001110 10000 Rn:5 Rd:5", FRINTX_scalar),
        Fp("FRINTI_scalar", "0 0 0 11110 0 ft 1 001111 10000 Rn:5 Rd:5", FRINTI_scalar),

        // Floating-point compare (opc<0> = compare with #0.0, whose Rm field is ignored)
        Fp("FCMP",  "0 0 0 11110 0 ft 1 Rm:5 00 1000 Rn:5 0 zero 000", FCMP),
        Fp("FCMPE", "0 0 0 11110 0 ft 1 Rm:5 00 1000 Rn:5 1 zero 000", FCMPE),

        // Floating-point immediate
        Fp("FMOV_scalar_imm", "0 0 0 11110 0 ft 1 imm8:8 100 00000 Rd:5", FMOV_scalar_imm),

        // Floating-point conditional compare
        Fp("FCCMP",  "0 0 0 11110 0 ft 1 Rm:5 cond:4 01 Rn:5 0 nzcv:4", FCCMP),
        Fp("FCCMPE", "0 0 0 11110 0 ft 1 Rm:5 cond:4 01 Rn:5 1 nzcv:4", FCCMPE),

        // Floating-point data-processing (2 source)
        Fp("FMUL_scalar",   "0 0 0 11110 0 ft 1 Rm:5 0000 10 Rn:5 Rd:5", FMUL_scalar),
        Fp("FDIV_scalar",   "0 0 0 11110 0 ft 1 Rm:5 0001 10 Rn:5 Rd:5", FDIV_scalar),
        Fp("FADD_scalar",   "0 0 0 11110 0 ft 1 Rm:5 0010 10 Rn:5 Rd:5", FADD_scalar),
        Fp("FSUB_scalar",   "0 0 0 11110 0 ft 1 Rm:5 0011 10 Rn:5 Rd:5", FSUB_scalar),
        Fp("FMAX_scalar",   "0 0 0 11110 0 ft 1 Rm:5 0100 10 Rn:5 Rd:5", FMAX_scalar),
        Fp("FMIN_scalar",   "0 0 0 11110 0 ft 1 Rm:5 0101 10 Rn:5 Rd:5", FMIN_scalar),
        Fp("FMAXNM_scalar", "0 0 0 11110 0 ft 1 Rm:5 0110 10 Rn:5 Rd:5", FMAXNM_scalar),
        Fp("FMINNM_scalar", "0 0 0 11110 0 ft 1 Rm:5 0111 10 Rn:5 Rd:5", FMINNM_scalar),
        Fp("FNMUL_scalar",  "0 0 0 11110 0 ft 1 Rm:5 1000 10 Rn:5 Rd:5", FNMUL_scalar),

        // Floating-point conditional select
        Fp("FCSEL", "0 0 0 11110 0 ft 1 Rm:5 cond:4 11 Rn:5 Rd:5", FCSEL),

        // Floating-point data-processing (3 source)
        Fp("FMADD",  "0 0 0 11111 0 ft 0 Rm:5 0 Ra:5 Rn:5 Rd:5", FMADD),
        Fp("FMSUB",  "0 0 0 11111 0 ft 0 Rm:5 1 Ra:5 Rn:5 Rd:5", FMSUB),
        Fp("FNMADD", "0 0 0 11111 0 ft 1 Rm:5 0 Ra:5 Rn:5 Rd:5", FNMADD),
        Fp("FNMSUB", "0 0 0 11111 0 ft 1 Rm:5 1 Ra:5 Rn:5 Rd:5", FNMSUB),
    ];
}
