using A64Jit.Core.State;
using static A64Jit.Core.Interpretation.Pseudocode;

namespace A64Jit.Core.Interpretation;

/// <summary>
/// Semantics of the scalar floating-point group, one method per encoding of the table. The
/// arithmetic is <see cref="FPCore"/>'s; scalar results are written zero-extended to the
/// whole 128-bit vector register (V[d] = result).
/// </summary>
public static unsafe class FloatingPoint
{
    // ------------------------------------------------------------------ state

    private static uint Fpcr(ExecContext c) => c.State->Fpcr;

    private static ref uint Fpsr(ExecContext c) => ref c.State->Fpsr;

    /// <summary>V[n] read as <paramref name="size"/> bits.</summary>
    private static ulong V(ExecContext c, int n, int size) => Trunc(c.State->V[2 * n], size);

    /// <summary>V[d] = ZeroExtend(value, 128).</summary>
    private static void SetV(ExecContext c, int d, ulong value)
    {
        c.State->V[2 * d] = value;
        c.State->V[2 * d + 1] = 0;
    }

    /// <summary>The scalar size named by bit 22 (ftype 00 single, 01 double).</summary>
    private static int FtSize(uint w) => Bit(w, 22) ? 64 : 32;

    /// <summary>The size named by a two-bit ftype/opc field: 00 single, 01 double, 11 half.</summary>
    private static int TypeSize(uint t) => t switch { 0 => 32, 1 => 64, _ => 16 };

    // ------------------------------------------------------------------ fixed point

    private static Outcome ConvertFromFixed(ExecContext c, uint w, bool unsigned)
    {
        int d = Rd(w), n = Rn(w);
        int intsize = DataSize(w), fltsize = FtSize(w);
        int fracbits = 64 - (int)Bits(w, 15, 10);
        uint fpcr = Fpcr(c);
        ulong result = FPCore.FixedToFP(c.X(n, intsize), intsize, fracbits, unsigned, fltsize, fpcr, FPCore.RoundingMode(fpcr), ref Fpsr(c));
        SetV(c, d, result);
        return Outcome.Continue;
    }

    private static Outcome ConvertToFixed(ExecContext c, uint w, bool unsigned)
    {
        int d = Rd(w), n = Rn(w);
        int intsize = DataSize(w), fltsize = FtSize(w);
        int fracbits = 64 - (int)Bits(w, 15, 10);
        ulong result = FPCore.ToFixed(V(c, n, fltsize), fltsize, fracbits, unsigned, intsize, Fpcr(c), FPRounding.Zero, ref Fpsr(c));
        c.SetX(d, intsize, result);
        return Outcome.Continue;
    }

    public static Outcome SCVTF_scalar_fixed(ExecContext c, uint w) => ConvertFromFixed(c, w, unsigned: false);
    public static Outcome UCVTF_scalar_fixed(ExecContext c, uint w) => ConvertFromFixed(c, w, unsigned: true);
    public static Outcome FCVTZS_scalar_fixed(ExecContext c, uint w) => ConvertToFixed(c, w, unsigned: false);
    public static Outcome FCVTZU_scalar_fixed(ExecContext c, uint w) => ConvertToFixed(c, w, unsigned: true);

    // ------------------------------------------------------------------ integer

    private static Outcome ConvertToInt(ExecContext c, uint w, FPRounding rounding, bool unsigned)
    {
        int d = Rd(w), n = Rn(w);
        int intsize = DataSize(w), fltsize = FtSize(w);
        ulong result = FPCore.ToFixed(V(c, n, fltsize), fltsize, 0, unsigned, intsize, Fpcr(c), rounding, ref Fpsr(c));
        c.SetX(d, intsize, result);
        return Outcome.Continue;
    }

    private static Outcome ConvertFromInt(ExecContext c, uint w, bool unsigned)
    {
        int d = Rd(w), n = Rn(w);
        int intsize = DataSize(w), fltsize = FtSize(w);
        uint fpcr = Fpcr(c);
        ulong result = FPCore.FixedToFP(c.X(n, intsize), intsize, 0, unsigned, fltsize, fpcr, FPCore.RoundingMode(fpcr), ref Fpsr(c));
        SetV(c, d, result);
        return Outcome.Continue;
    }

    public static Outcome FCVTNS_scalar(ExecContext c, uint w) => ConvertToInt(c, w, FPRounding.TieEven, unsigned: false);
    public static Outcome FCVTNU_scalar(ExecContext c, uint w) => ConvertToInt(c, w, FPRounding.TieEven, unsigned: true);
    public static Outcome FCVTAS_scalar(ExecContext c, uint w) => ConvertToInt(c, w, FPRounding.TieAway, unsigned: false);
    public static Outcome FCVTAU_scalar(ExecContext c, uint w) => ConvertToInt(c, w, FPRounding.TieAway, unsigned: true);
    public static Outcome FCVTPS_scalar(ExecContext c, uint w) => ConvertToInt(c, w, FPRounding.PosInf, unsigned: false);
    public static Outcome FCVTPU_scalar(ExecContext c, uint w) => ConvertToInt(c, w, FPRounding.PosInf, unsigned: true);
    public static Outcome FCVTMS_scalar(ExecContext c, uint w) => ConvertToInt(c, w, FPRounding.NegInf, unsigned: false);
    public static Outcome FCVTMU_scalar(ExecContext c, uint w) => ConvertToInt(c, w, FPRounding.NegInf, unsigned: true);
    public static Outcome FCVTZS_scalar_int(ExecContext c, uint w) => ConvertToInt(c, w, FPRounding.Zero, unsigned: false);
    public static Outcome FCVTZU_scalar_int(ExecContext c, uint w) => ConvertToInt(c, w, FPRounding.Zero, unsigned: true);
    public static Outcome SCVTF_scalar_int(ExecContext c, uint w) => ConvertFromInt(c, w, unsigned: false);
    public static Outcome UCVTF_scalar_int(ExecContext c, uint w) => ConvertFromInt(c, w, unsigned: true);

    /// <summary>
    /// FMOV (general): (sf, ftype, rmode) = (0, 00, 00) W/S, (1, 01, 00) X/D, (1, 10, 01) X and
    /// the top half of Vn (Vpart[n, 1]), which leaves the low half of the vector register alone.
    /// </summary>
    public static Outcome FMOV_general(ExecContext c, uint w)
    {
        int d = Rd(w), n = Rn(w);
        int intsize = DataSize(w);
        bool toFloat = Bit(w, 16);
        int part = Bit(w, 19) ? 1 : 0;
        if (toFloat)
        {
            ulong intval = c.X(n, intsize);
            if (part == 0) SetV(c, d, intval);
            else c.State->V[2 * d + 1] = intval;
        }
        else
        {
            ulong intval = part == 0 ? V(c, n, intsize) : c.State->V[2 * n + 1];
            c.SetX(d, intsize, intval);
        }
        return Outcome.Continue;
    }

    // ------------------------------------------------------------------ 1 source

    public static Outcome FMOV_reg(ExecContext c, uint w)
    {
        int size = FtSize(w);
        SetV(c, Rd(w), V(c, Rn(w), size));
        return Outcome.Continue;
    }

    public static Outcome FABS_scalar(ExecContext c, uint w)
    {
        int size = FtSize(w);
        SetV(c, Rd(w), FPCore.Abs(V(c, Rn(w), size), size));
        return Outcome.Continue;
    }

    public static Outcome FNEG_scalar(ExecContext c, uint w)
    {
        int size = FtSize(w);
        SetV(c, Rd(w), FPCore.Neg(V(c, Rn(w), size), size));
        return Outcome.Continue;
    }

    public static Outcome FSQRT_scalar(ExecContext c, uint w)
    {
        int size = FtSize(w);
        SetV(c, Rd(w), FPCore.Sqrt(V(c, Rn(w), size), size, Fpcr(c), ref Fpsr(c)));
        return Outcome.Continue;
    }

    /// <summary>FCVT: ftype is the source, opc the destination precision (00 single, 01 double, 11 half).</summary>
    public static Outcome FCVT(ExecContext c, uint w)
    {
        int srcsize = TypeSize(Bits(w, 23, 22)), dstsize = TypeSize(Bits(w, 16, 15));
        uint fpcr = Fpcr(c);
        ulong result = FPCore.Convert(V(c, Rn(w), srcsize), srcsize, dstsize, fpcr, FPCore.RoundingMode(fpcr), ref Fpsr(c));
        SetV(c, Rd(w), result);
        return Outcome.Continue;
    }

    private static Outcome RoundInt(ExecContext c, uint w, FPRounding rounding, bool exact)
    {
        int size = FtSize(w);
        SetV(c, Rd(w), FPCore.RoundInt(V(c, Rn(w), size), size, Fpcr(c), rounding, exact, ref Fpsr(c)));
        return Outcome.Continue;
    }

    public static Outcome FRINTN_scalar(ExecContext c, uint w) => RoundInt(c, w, FPRounding.TieEven, exact: false);
    public static Outcome FRINTP_scalar(ExecContext c, uint w) => RoundInt(c, w, FPRounding.PosInf, exact: false);
    public static Outcome FRINTM_scalar(ExecContext c, uint w) => RoundInt(c, w, FPRounding.NegInf, exact: false);
    public static Outcome FRINTZ_scalar(ExecContext c, uint w) => RoundInt(c, w, FPRounding.Zero, exact: false);
    public static Outcome FRINTA_scalar(ExecContext c, uint w) => RoundInt(c, w, FPRounding.TieAway, exact: false);
    public static Outcome FRINTX_scalar(ExecContext c, uint w) => RoundInt(c, w, FPCore.RoundingMode(Fpcr(c)), exact: true);
    public static Outcome FRINTI_scalar(ExecContext c, uint w) => RoundInt(c, w, FPCore.RoundingMode(Fpcr(c)), exact: false);

    // ------------------------------------------------------------------ compare

    /// <summary>FCMP/FCMPE: opc&lt;0&gt; (bit 3) compares with +0.0; FCMPE signals quiet NaNs too.</summary>
    private static Outcome Compare(ExecContext c, uint w, bool signalAllNaNs)
    {
        int size = FtSize(w);
        ulong operand1 = V(c, Rn(w), size);
        ulong operand2 = Bit(w, 3) ? 0 : V(c, Rm(w), size);
        c.Nzcv = FPCore.Compare(operand1, operand2, signalAllNaNs, size, Fpcr(c), ref Fpsr(c));
        return Outcome.Continue;
    }

    public static Outcome FCMP(ExecContext c, uint w) => Compare(c, w, signalAllNaNs: false);
    public static Outcome FCMPE(ExecContext c, uint w) => Compare(c, w, signalAllNaNs: true);

    /// <summary>FCCMP/FCCMPE: compare if the condition holds, else NZCV = #nzcv.</summary>
    private static Outcome CondCompare(ExecContext c, uint w, bool signalAllNaNs)
    {
        int size = FtSize(w);
        if (ConditionHolds(Bits(w, 15, 12), c.Nzcv))
            c.Nzcv = FPCore.Compare(V(c, Rn(w), size), V(c, Rm(w), size), signalAllNaNs, size, Fpcr(c), ref Fpsr(c));
        else
            c.Nzcv = Bits(w, 3, 0) << 28;
        return Outcome.Continue;
    }

    public static Outcome FCCMP(ExecContext c, uint w) => CondCompare(c, w, signalAllNaNs: false);
    public static Outcome FCCMPE(ExecContext c, uint w) => CondCompare(c, w, signalAllNaNs: true);

    // ------------------------------------------------------------------ immediate, select

    public static Outcome FMOV_scalar_imm(ExecContext c, uint w)
    {
        int size = FtSize(w);
        SetV(c, Rd(w), FPCore.ExpandImm(Bits(w, 20, 13), size));
        return Outcome.Continue;
    }

    public static Outcome FCSEL(ExecContext c, uint w)
    {
        int size = FtSize(w);
        int source = ConditionHolds(Bits(w, 15, 12), c.Nzcv) ? Rn(w) : Rm(w);
        SetV(c, Rd(w), V(c, source, size));
        return Outcome.Continue;
    }

    // ------------------------------------------------------------------ 2 source

    private enum Op2 { Mul, Div, Add, Sub, Max, Min, MaxNum, MinNum, NMul }

    private static Outcome TwoSource(ExecContext c, uint w, Op2 op)
    {
        int size = FtSize(w);
        ulong operand1 = V(c, Rn(w), size), operand2 = V(c, Rm(w), size);
        uint fpcr = Fpcr(c);
        ref uint fpsr = ref Fpsr(c);
        ulong result = op switch
        {
            Op2.Mul => FPCore.Mul(operand1, operand2, size, fpcr, ref fpsr),
            Op2.Div => FPCore.Div(operand1, operand2, size, fpcr, ref fpsr),
            Op2.Add => FPCore.Add(operand1, operand2, size, fpcr, ref fpsr),
            Op2.Sub => FPCore.Sub(operand1, operand2, size, fpcr, ref fpsr),
            Op2.Max => FPCore.Max(operand1, operand2, size, fpcr, ref fpsr),
            Op2.Min => FPCore.Min(operand1, operand2, size, fpcr, ref fpsr),
            Op2.MaxNum => FPCore.MaxNum(operand1, operand2, size, fpcr, ref fpsr),
            Op2.MinNum => FPCore.MinNum(operand1, operand2, size, fpcr, ref fpsr),
            _ => FPCore.Neg(FPCore.Mul(operand1, operand2, size, fpcr, ref fpsr), size),
        };
        SetV(c, Rd(w), result);
        return Outcome.Continue;
    }

    public static Outcome FMUL_scalar(ExecContext c, uint w) => TwoSource(c, w, Op2.Mul);
    public static Outcome FDIV_scalar(ExecContext c, uint w) => TwoSource(c, w, Op2.Div);
    public static Outcome FADD_scalar(ExecContext c, uint w) => TwoSource(c, w, Op2.Add);
    public static Outcome FSUB_scalar(ExecContext c, uint w) => TwoSource(c, w, Op2.Sub);
    public static Outcome FMAX_scalar(ExecContext c, uint w) => TwoSource(c, w, Op2.Max);
    public static Outcome FMIN_scalar(ExecContext c, uint w) => TwoSource(c, w, Op2.Min);
    public static Outcome FMAXNM_scalar(ExecContext c, uint w) => TwoSource(c, w, Op2.MaxNum);
    public static Outcome FMINNM_scalar(ExecContext c, uint w) => TwoSource(c, w, Op2.MinNum);
    public static Outcome FNMUL_scalar(ExecContext c, uint w) => TwoSource(c, w, Op2.NMul);

    // ------------------------------------------------------------------ 3 source

    /// <summary>FPMulAdd(operanda, operand1, operand2) with operanda negated when o1, operand1 when o0 != o1.</summary>
    private static Outcome ThreeSource(ExecContext c, uint w)
    {
        int size = FtSize(w);
        bool o1 = Bit(w, 21), o0 = Bit(w, 15);
        ulong operanda = V(c, Ra(w), size), operand1 = V(c, Rn(w), size), operand2 = V(c, Rm(w), size);
        if (o1) operanda = FPCore.Neg(operanda, size);
        if (o0 != o1) operand1 = FPCore.Neg(operand1, size);
        SetV(c, Rd(w), FPCore.MulAdd(operanda, operand1, operand2, size, Fpcr(c), ref Fpsr(c)));
        return Outcome.Continue;
    }

    public static Outcome FMADD(ExecContext c, uint w) => ThreeSource(c, w);
    public static Outcome FMSUB(ExecContext c, uint w) => ThreeSource(c, w);
    public static Outcome FNMADD(ExecContext c, uint w) => ThreeSource(c, w);
    public static Outcome FNMSUB(ExecContext c, uint w) => ThreeSource(c, w);
}
