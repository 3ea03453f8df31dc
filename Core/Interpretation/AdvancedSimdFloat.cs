using static A64Jit.Core.Interpretation.Pseudocode;
using static A64Jit.Core.Interpretation.SimdElements;

namespace A64Jit.Core.Interpretation;

/// <summary>
/// Semantics of the floating-point encodings of the Advanced SIMD groups (vector and scalar
/// three same, two-register miscellaneous, across lanes, pairwise, by element and the
/// fixed-point conversions by immediate). The arithmetic is <see cref="FPCore"/>'s, applied
/// per element; FPCR is used as is (A64 has no "standard FPSCR value").
/// </summary>
public static unsafe class AdvancedSimdFloat
{
    // ------------------------------------------------------------------ state and shapes

    private static uint Fpcr(ExecContext c) => c.State->Fpcr;

    private static ref uint Fpsr(ExecContext c) => ref c.State->Fpsr;

    private static int VecDataSize(uint w) => Bit(w, 30) ? 128 : 64;

    /// <summary>esize selected by sz (bit 22): 32 or 64.</summary>
    private static int SzSize(uint w) => Bit(w, 22) ? 64 : 32;

    /// <summary>One element of an FP operation on raw bits: a = Elem[V[n]], b = Elem[V[m]], d = Elem[V[d]].</summary>
    private delegate ulong FpOp(ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr);

    /// <summary>Vector three same / two-register misc: Elem[result, e] = op(Elem[V[n], e], Elem[V[m], e], Elem[V[d], e]).</summary>
    private static Outcome Vector(ExecContext c, uint w, bool useM, FpOp op)
    {
        int d = Rd(w);
        int datasize = VecDataSize(w), esize = SzSize(w);
        int elements = datasize / esize;
        UInt128 operand1 = c.V(Rn(w)), operand2 = useM ? c.V(Rm(w)) : 0, operand3 = c.V(d);
        UInt128 result = 0;
        uint fpcr = Fpcr(c);
        for (int e = 0; e < elements; e++)
            SetElem(ref result, e, esize, op(Elem(operand1, e, esize), Elem(operand2, e, esize), Elem(operand3, e, esize), esize, fpcr, ref Fpsr(c)));
        c.SetV(d, result);
        return Outcome.Continue;
    }

    /// <summary>Scalar: V[d] = ZeroExtend(op(V[n]&lt;esize&gt;, V[m]&lt;esize&gt;, V[d]&lt;esize&gt;)).</summary>
    private static Outcome Scalar(ExecContext c, uint w, int esize, bool useM, FpOp op)
    {
        int d = Rd(w);
        ulong a = Elem(c.V(Rn(w)), 0, esize), b = useM ? Elem(c.V(Rm(w)), 0, esize) : 0, x = Elem(c.V(d), 0, esize);
        ulong result = op(a, b, x, esize, Fpcr(c), ref Fpsr(c));
        c.SetV(d, (UInt128)Trunc(result, esize));
        return Outcome.Continue;
    }

    private static Outcome Vec3(ExecContext c, uint w, FpOp op) => Vector(c, w, true, op);
    private static Outcome Vec2(ExecContext c, uint w, FpOp op) => Vector(c, w, false, op);
    private static Outcome Sca3(ExecContext c, uint w, FpOp op) => Scalar(c, w, SzSize(w), true, op);
    private static Outcome Sca2(ExecContext c, uint w, FpOp op) => Scalar(c, w, SzSize(w), false, op);

    /// <summary>Pairwise vector: concat = V[m]:V[n] (datasize each); Elem[result, e] = op(Elem[concat, 2e], Elem[concat, 2e+1]).</summary>
    private static Outcome Pairwise(ExecContext c, uint w, FpOp op)
    {
        int d = Rd(w);
        int datasize = VecDataSize(w), esize = SzSize(w);
        int elements = datasize / esize;
        UInt128 operand1 = c.V(Rn(w)), operand2 = c.V(Rm(w));
        UInt128 result = 0;
        uint fpcr = Fpcr(c);
        for (int e = 0; e < elements; e++)
        {
            int i = 2 * e;
            ulong x = i < elements ? Elem(operand1, i, esize) : Elem(operand2, i - elements, esize);
            ulong y = i + 1 < elements ? Elem(operand1, i + 1, esize) : Elem(operand2, i + 1 - elements, esize);
            SetElem(ref result, e, esize, op(x, y, 0, esize, fpcr, ref Fpsr(c)));
        }
        c.SetV(d, result);
        return Outcome.Continue;
    }

    /// <summary>Pairwise scalar: V[d] = op(Elem[V[n], 0], Elem[V[n], 1]).</summary>
    private static Outcome PairScalar(ExecContext c, uint w, FpOp op)
    {
        int esize = SzSize(w);
        UInt128 operand = c.V(Rn(w));
        ulong result = op(Elem(operand, 0, esize), Elem(operand, 1, esize), 0, esize, Fpcr(c), ref Fpsr(c));
        c.SetV(Rd(w), (UInt128)Trunc(result, esize));
        return Outcome.Continue;
    }

    /// <summary>Across lanes (4S only): Reduce(op, V[n], 32) = op(op(e0, e1), op(e2, e3)).</summary>
    private static Outcome Across(ExecContext c, uint w, FpOp op)
    {
        UInt128 v = c.V(Rn(w));
        uint fpcr = Fpcr(c);
        ulong lo = op(Elem(v, 0, 32), Elem(v, 1, 32), 0, 32, fpcr, ref Fpsr(c));
        ulong hi = op(Elem(v, 2, 32), Elem(v, 3, 32), 0, 32, fpcr, ref Fpsr(c));
        ulong result = op(lo, hi, 0, 32, fpcr, ref Fpsr(c));
        c.SetV(Rd(w), (UInt128)Trunc(result, 32));
        return Outcome.Continue;
    }

    // ------------------------------------------------------------------ element functions

    private static ulong Ones64(bool test, int n) => test ? Ones(n) : 0;

    /// <summary>FPCompareEQ / GE / GT through FPCompare's NZCV (EQ: quiet; GE, GT: signalling).</summary>
    private static bool CompareEQ(ulong a, ulong b, int n, uint fpcr, ref uint fpsr) =>
        FPCore.Compare(a, b, false, n, fpcr, ref fpsr) == 0b0110u << 28;

    private static bool CompareGE(ulong a, ulong b, int n, uint fpcr, ref uint fpsr)
    {
        uint nzcv = FPCore.Compare(a, b, true, n, fpcr, ref fpsr);
        return nzcv == 0b0110u << 28 || nzcv == 0b0010u << 28;
    }

    private static bool CompareGT(ulong a, ulong b, int n, uint fpcr, ref uint fpsr) =>
        FPCore.Compare(a, b, true, n, fpcr, ref fpsr) == 0b0010u << 28;

    private static ulong One(int n) => FPCore.ExpandImm(0x70, n);          // 1.0
    private static ulong Two(bool sign, int n) => FPCore.ExpandImm(sign ? 0x80u : 0x00u, n);   // ±2.0
    private static ulong Three(int n) => FPCore.ExpandImm(0x08, n);        // 3.0
    private static ulong OnePointFive(int n) => FPCore.ExpandImm(0x78, n); // 1.5

    /// <summary>FPMulX: as FPMul, but infinity times zero is ±2.0.</summary>
    private static ulong MulX(ulong op1, ulong op2, int n, uint fpcr, ref uint fpsr)
    {
        var a = FPCore.Unpack(op1, n, fpcr, ref fpsr);
        var b = FPCore.Unpack(op2, n, fpcr, ref fpsr);
        if (FPCore.ProcessNaNs(a.Type, b.Type, op1, op2, n, fpcr, ref fpsr, out ulong result)) return result;
        bool inf1 = a.Type == FPType.Infinity, inf2 = b.Type == FPType.Infinity;
        bool zero1 = a.Type == FPType.Zero, zero2 = b.Type == FPType.Zero;
        if ((inf1 && zero2) || (zero1 && inf2)) return Two(a.Sign ^ b.Sign, n);
        return FPCore.Mul(op1, op2, n, fpcr, ref fpsr);
    }

    /// <summary>FPRecipStepFused: 2.0 - op1 * op2 with a single rounding.</summary>
    private static ulong RecipStepFused(ulong op1, ulong op2, int n, uint fpcr, ref uint fpsr)
    {
        op1 = FPCore.Neg(op1, n);
        var a = FPCore.Unpack(op1, n, fpcr, ref fpsr);
        var b = FPCore.Unpack(op2, n, fpcr, ref fpsr);
        if (FPCore.ProcessNaNs(a.Type, b.Type, op1, op2, n, fpcr, ref fpsr, out ulong result)) return result;
        bool inf1 = a.Type == FPType.Infinity, inf2 = b.Type == FPType.Infinity;
        bool zero1 = a.Type == FPType.Zero, zero2 = b.Type == FPType.Zero;
        if ((inf1 && zero2) || (zero1 && inf2)) return Two(false, n);
        if (inf1 || inf2) return FPCore.Infinity(a.Sign ^ b.Sign, n);
        return FPCore.MulAdd(Two(false, n), op1, op2, n, fpcr, ref fpsr);
    }

    /// <summary>FPRSqrtStepFused: (3.0 - op1 * op2) / 2.0 with a single rounding.</summary>
    private static ulong RSqrtStepFused(ulong op1, ulong op2, int n, uint fpcr, ref uint fpsr)
    {
        op1 = FPCore.Neg(op1, n);
        var a = FPCore.Unpack(op1, n, fpcr, ref fpsr);
        var b = FPCore.Unpack(op2, n, fpcr, ref fpsr);
        if (FPCore.ProcessNaNs(a.Type, b.Type, op1, op2, n, fpcr, ref fpsr, out ulong result)) return result;
        bool inf1 = a.Type == FPType.Infinity, inf2 = b.Type == FPType.Infinity;
        bool zero1 = a.Type == FPType.Zero, zero2 = b.Type == FPType.Zero;
        if ((inf1 && zero2) || (zero1 && inf2)) return OnePointFive(n);
        if (inf1 || inf2) return FPCore.Infinity(a.Sign ^ b.Sign, n);
        if (zero1 || zero2) return OnePointFive(n);
        // 3 + value1 * value2, exactly, then halved and rounded once.
        bool sp = a.Sign ^ b.Sign;
        UInt128 mp = (UInt128)a.Mant * b.Mant;
        int ep = a.Exp + b.Exp;
        FPCore.AddReals(false, 0, 3, sp, ep, mp, out bool s, out int e, out UInt128 m, out bool sticky);
        if (m == 0 && !sticky) return FPCore.Zero(FPCore.RoundingMode(fpcr) == FPRounding.NegInf, n);
        return FPCore.Round(s, e - 1, m, sticky, n, fpcr, ref fpsr);
    }

    /// <summary>RecipEstimate(a) for 256 &lt;= a &lt; 512.</summary>
    private static int RecipEstimate(int a)
    {
        a = a * 2 + 1;
        int b = (1 << 19) / a;
        return (b + 1) / 2;
    }

    /// <summary>RecipSqrtEstimate(a) for 128 &lt;= a &lt; 512.</summary>
    private static int RecipSqrtEstimate(int a)
    {
        if (a < 256) a = a * 2 + 1;
        else
        {
            a = (a >> 1) << 1;
            a = (a + 1) * 2;
        }
        long b = 512;
        while (a * (b + 1) * (b + 1) < (1L << 28)) b++;
        return (int)((b + 1) / 2);
    }

    /// <summary>FPRecipEstimate(operand, fpcr).</summary>
    private static ulong RecipEstimateFP(ulong op, int n, uint fpcr, ref uint fpsr)
    {
        int eb = FPCore.ExpBits(n), f = FPCore.FracBits(n);
        var u = FPCore.Unpack(op, n, fpcr, ref fpsr);
        if (u.IsNaN) return FPCore.ProcessNaN(u.Type, op, n, fpcr, ref fpsr);
        if (u.Type == FPType.Infinity) return FPCore.Zero(u.Sign, n);
        if (u.Type == FPType.Zero)
        {
            fpsr |= FPCore.DZC;
            return FPCore.Infinity(u.Sign, n);
        }
        // |value| = Mant * 2^Exp; log2 floor = Exp + HighestBit(Mant)
        int lg = u.Exp + HighestSetBit(u.Mant);
        int tiny = n == 16 ? -16 : n == 32 ? -128 : -1024;
        if (lg < tiny)
        {
            bool overflowToInf = FPCore.RoundingMode(fpcr) switch
            {
                FPRounding.TieEven => true,
                FPRounding.PosInf => !u.Sign,
                FPRounding.NegInf => u.Sign,
                _ => false,
            };
            fpsr |= FPCore.OFC | FPCore.IXC;
            return overflowToInf ? FPCore.Infinity(u.Sign, n) : FPCore.MaxNormal(u.Sign, n);
        }
        bool fz = n == 16 ? (fpcr & FPCore.FZ16) != 0 : (fpcr & FPCore.FZ) != 0;
        int big = n == 16 ? 14 : n == 32 ? 126 : 1022;
        if (fz && lg >= big)
        {
            fpsr |= FPCore.UFC;
            return FPCore.Zero(u.Sign, n);
        }
        long exp = (long)((op >> f) & Ones(eb));
        ulong fraction = op & Ones(f);
        if (exp == 0)
        {
            if (((fraction >> (f - 1)) & 1) == 0)
            {
                exp = -1;
                fraction = (fraction << 2) & Ones(f);
            }
            else fraction = (fraction << 1) & Ones(f);
        }
        int scaled = (int)(0x100 | (fraction >> (f - 8)));
        long resultExp = (n == 16 ? 29 : n == 32 ? 253 : 2045) - exp;
        int estimate = RecipEstimate(scaled);
        fraction = (ulong)(estimate & 0xFF) << (f - 8);
        if (resultExp == 0) fraction = (1ul << (f - 1)) | (fraction >> 1);
        else if (resultExp == -1)
        {
            fraction = (1ul << (f - 2)) | (fraction >> 2);
            resultExp = 0;
        }
        return (u.Sign ? 1ul << (n - 1) : 0) | (((ulong)resultExp & Ones(eb)) << f) | fraction;
    }

    /// <summary>FPRSqrtEstimate(operand, fpcr).</summary>
    private static ulong RSqrtEstimateFP(ulong op, int n, uint fpcr, ref uint fpsr)
    {
        int eb = FPCore.ExpBits(n), f = FPCore.FracBits(n);
        var u = FPCore.Unpack(op, n, fpcr, ref fpsr);
        if (u.IsNaN) return FPCore.ProcessNaN(u.Type, op, n, fpcr, ref fpsr);
        if (u.Type == FPType.Zero)
        {
            fpsr |= FPCore.DZC;
            return FPCore.Infinity(u.Sign, n);
        }
        if (u.Sign)
        {
            fpsr |= FPCore.IOC;
            return FPCore.DefaultNaN(n);
        }
        if (u.Type == FPType.Infinity) return FPCore.Zero(false, n);
        long exp = (long)((op >> f) & Ones(eb));
        ulong fraction = op & Ones(f);
        if (exp == 0)
        {
            while (((fraction >> (f - 1)) & 1) == 0)
            {
                fraction = (fraction << 1) & Ones(f);
                exp--;
            }
            fraction = (fraction << 1) & Ones(f);
        }
        int scaled = (exp & 1) == 0 ? (int)(0x100 | (fraction >> (f - 8))) : (int)(0x80 | (fraction >> (f - 7)));
        long num = (n == 16 ? 44 : n == 32 ? 380 : 3068) - exp;
        long resultExp = num >= 0 ? num / 2 : -((-num + 1) / 2);
        int estimate = RecipSqrtEstimate(scaled);
        return (((ulong)resultExp & Ones(eb)) << f) | ((ulong)(estimate & 0xFF) << (f - 8));
    }

    /// <summary>FPRecpX(operand, fpcr).</summary>
    private static ulong RecpX(ulong op, int n, uint fpcr, ref uint fpsr)
    {
        int eb = FPCore.ExpBits(n), f = FPCore.FracBits(n);
        var u = FPCore.Unpack(op, n, fpcr, ref fpsr);
        if (u.IsNaN) return FPCore.ProcessNaN(u.Type, op, n, fpcr, ref fpsr);
        ulong exp = (op >> f) & Ones(eb);
        ulong resultExp = exp == 0 ? Ones(eb) - 1 : ~exp & Ones(eb);
        return (op & (1ul << (n - 1))) | (resultExp << f);
    }

    // ------------------------------------------------------------------ three same (vector)

    public static Outcome FADD_vector(ExecContext c, uint w) => Vec3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.Add(a, b, n, fpcr, ref fpsr));
    public static Outcome FSUB_vector(ExecContext c, uint w) => Vec3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.Sub(a, b, n, fpcr, ref fpsr));
    public static Outcome FMUL_vector(ExecContext c, uint w) => Vec3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.Mul(a, b, n, fpcr, ref fpsr));
    public static Outcome FDIV_vector(ExecContext c, uint w) => Vec3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.Div(a, b, n, fpcr, ref fpsr));
    public static Outcome FMAX_vector(ExecContext c, uint w) => Vec3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.Max(a, b, n, fpcr, ref fpsr));
    public static Outcome FMIN_vector(ExecContext c, uint w) => Vec3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.Min(a, b, n, fpcr, ref fpsr));
    public static Outcome FMAXNM_vector(ExecContext c, uint w) => Vec3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.MaxNum(a, b, n, fpcr, ref fpsr));
    public static Outcome FMINNM_vector(ExecContext c, uint w) => Vec3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.MinNum(a, b, n, fpcr, ref fpsr));
    public static Outcome FABD_vector(ExecContext c, uint w) => Vec3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.Abs(FPCore.Sub(a, b, n, fpcr, ref fpsr), n));
    public static Outcome FMLA_vector(ExecContext c, uint w) => Vec3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.MulAdd(d, a, b, n, fpcr, ref fpsr));
    public static Outcome FMLS_vector(ExecContext c, uint w) => Vec3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.MulAdd(d, FPCore.Neg(a, n), b, n, fpcr, ref fpsr));
    public static Outcome FMULX_vector(ExecContext c, uint w) => Vec3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => MulX(a, b, n, fpcr, ref fpsr));
    public static Outcome FCMEQ_reg_vector(ExecContext c, uint w) => Vec3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => Ones64(CompareEQ(a, b, n, fpcr, ref fpsr), n));
    public static Outcome FCMGE_reg_vector(ExecContext c, uint w) => Vec3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => Ones64(CompareGE(a, b, n, fpcr, ref fpsr), n));
    public static Outcome FCMGT_reg_vector(ExecContext c, uint w) => Vec3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => Ones64(CompareGT(a, b, n, fpcr, ref fpsr), n));
    public static Outcome FACGE_vector(ExecContext c, uint w) => Vec3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => Ones64(CompareGE(FPCore.Abs(a, n), FPCore.Abs(b, n), n, fpcr, ref fpsr), n));
    public static Outcome FACGT_vector(ExecContext c, uint w) => Vec3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => Ones64(CompareGT(FPCore.Abs(a, n), FPCore.Abs(b, n), n, fpcr, ref fpsr), n));
    public static Outcome FRECPS_vector(ExecContext c, uint w) => Vec3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => RecipStepFused(a, b, n, fpcr, ref fpsr));
    public static Outcome FRSQRTS_vector(ExecContext c, uint w) => Vec3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => RSqrtStepFused(a, b, n, fpcr, ref fpsr));

    public static Outcome FADDP_vector(ExecContext c, uint w) => Pairwise(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.Add(a, b, n, fpcr, ref fpsr));
    public static Outcome FMAXP_vector(ExecContext c, uint w) => Pairwise(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.Max(a, b, n, fpcr, ref fpsr));
    public static Outcome FMINP_vector(ExecContext c, uint w) => Pairwise(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.Min(a, b, n, fpcr, ref fpsr));
    public static Outcome FMAXNMP_vector(ExecContext c, uint w) => Pairwise(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.MaxNum(a, b, n, fpcr, ref fpsr));
    public static Outcome FMINNMP_vector(ExecContext c, uint w) => Pairwise(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.MinNum(a, b, n, fpcr, ref fpsr));

    // ------------------------------------------------------------------ three same (scalar)

    public static Outcome FABD_scalar(ExecContext c, uint w) => Sca3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.Abs(FPCore.Sub(a, b, n, fpcr, ref fpsr), n));
    public static Outcome FMULX_scalar(ExecContext c, uint w) => Sca3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => MulX(a, b, n, fpcr, ref fpsr));
    public static Outcome FCMEQ_reg_scalar(ExecContext c, uint w) => Sca3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => Ones64(CompareEQ(a, b, n, fpcr, ref fpsr), n));
    public static Outcome FCMGE_reg_scalar(ExecContext c, uint w) => Sca3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => Ones64(CompareGE(a, b, n, fpcr, ref fpsr), n));
    public static Outcome FCMGT_reg_scalar(ExecContext c, uint w) => Sca3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => Ones64(CompareGT(a, b, n, fpcr, ref fpsr), n));
    public static Outcome FACGE_scalar(ExecContext c, uint w) => Sca3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => Ones64(CompareGE(FPCore.Abs(a, n), FPCore.Abs(b, n), n, fpcr, ref fpsr), n));
    public static Outcome FACGT_scalar(ExecContext c, uint w) => Sca3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => Ones64(CompareGT(FPCore.Abs(a, n), FPCore.Abs(b, n), n, fpcr, ref fpsr), n));
    public static Outcome FRECPS_scalar(ExecContext c, uint w) => Sca3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => RecipStepFused(a, b, n, fpcr, ref fpsr));
    public static Outcome FRSQRTS_scalar(ExecContext c, uint w) => Sca3(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => RSqrtStepFused(a, b, n, fpcr, ref fpsr));

    public static Outcome FADDP_scalar(ExecContext c, uint w) => PairScalar(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.Add(a, b, n, fpcr, ref fpsr));
    public static Outcome FMAXP_scalar(ExecContext c, uint w) => PairScalar(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.Max(a, b, n, fpcr, ref fpsr));
    public static Outcome FMINP_scalar(ExecContext c, uint w) => PairScalar(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.Min(a, b, n, fpcr, ref fpsr));
    public static Outcome FMAXNMP_scalar(ExecContext c, uint w) => PairScalar(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.MaxNum(a, b, n, fpcr, ref fpsr));
    public static Outcome FMINNMP_scalar(ExecContext c, uint w) => PairScalar(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.MinNum(a, b, n, fpcr, ref fpsr));

    // ------------------------------------------------------------------ across lanes

    public static Outcome FMAXV(ExecContext c, uint w) => Across(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.Max(a, b, n, fpcr, ref fpsr));
    public static Outcome FMINV(ExecContext c, uint w) => Across(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.Min(a, b, n, fpcr, ref fpsr));
    public static Outcome FMAXNMV(ExecContext c, uint w) => Across(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.MaxNum(a, b, n, fpcr, ref fpsr));
    public static Outcome FMINNMV(ExecContext c, uint w) => Across(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.MinNum(a, b, n, fpcr, ref fpsr));

    // ------------------------------------------------------------------ two-register misc (vector)

    public static Outcome FABS_vector(ExecContext c, uint w) => Vec2(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.Abs(a, n));
    public static Outcome FNEG_vector(ExecContext c, uint w) => Vec2(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.Neg(a, n));
    public static Outcome FSQRT_vector(ExecContext c, uint w) => Vec2(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.Sqrt(a, n, fpcr, ref fpsr));

    public static Outcome FRINTN_vector(ExecContext c, uint w) => Vec2(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.RoundInt(a, n, fpcr, FPRounding.TieEven, false, ref fpsr));
    public static Outcome FRINTA_vector(ExecContext c, uint w) => Vec2(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.RoundInt(a, n, fpcr, FPRounding.TieAway, false, ref fpsr));
    public static Outcome FRINTP_vector(ExecContext c, uint w) => Vec2(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.RoundInt(a, n, fpcr, FPRounding.PosInf, false, ref fpsr));
    public static Outcome FRINTM_vector(ExecContext c, uint w) => Vec2(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.RoundInt(a, n, fpcr, FPRounding.NegInf, false, ref fpsr));
    public static Outcome FRINTZ_vector(ExecContext c, uint w) => Vec2(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.RoundInt(a, n, fpcr, FPRounding.Zero, false, ref fpsr));
    public static Outcome FRINTX_vector(ExecContext c, uint w) => Vec2(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.RoundInt(a, n, fpcr, FPCore.RoundingMode(fpcr), true, ref fpsr));
    public static Outcome FRINTI_vector(ExecContext c, uint w) => Vec2(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.RoundInt(a, n, fpcr, FPCore.RoundingMode(fpcr), false, ref fpsr));

    public static Outcome FCVTNS_vector(ExecContext c, uint w) => Vec2(c, w, FcvtnsLane);
    public static Outcome FCVTNU_vector(ExecContext c, uint w) => Vec2(c, w, FcvtnuLane);
    public static Outcome FCVTMS_vector(ExecContext c, uint w) => Vec2(c, w, FcvtmsLane);
    public static Outcome FCVTMU_vector(ExecContext c, uint w) => Vec2(c, w, FcvtmuLane);
    public static Outcome FCVTAS_vector(ExecContext c, uint w) => Vec2(c, w, FcvtasLane);
    public static Outcome FCVTAU_vector(ExecContext c, uint w) => Vec2(c, w, FcvtauLane);
    public static Outcome FCVTPS_vector(ExecContext c, uint w) => Vec2(c, w, FcvtpsLane);
    public static Outcome FCVTPU_vector(ExecContext c, uint w) => Vec2(c, w, FcvtpuLane);
    public static Outcome FCVTZS_vector(ExecContext c, uint w) => Vec2(c, w, FcvtzsLane);
    public static Outcome FCVTZU_vector(ExecContext c, uint w) => Vec2(c, w, FcvtzuLane);
    public static Outcome SCVTF_vector(ExecContext c, uint w) => Vec2(c, w, ScvtfLane);
    public static Outcome UCVTF_vector(ExecContext c, uint w) => Vec2(c, w, UcvtfLane);

    public static Outcome FCMGT_zero_vector(ExecContext c, uint w) => Vec2(c, w, FcmgtZeroLane);
    public static Outcome FCMGE_zero_vector(ExecContext c, uint w) => Vec2(c, w, FcmgeZeroLane);
    public static Outcome FCMEQ_zero_vector(ExecContext c, uint w) => Vec2(c, w, FcmeqZeroLane);
    public static Outcome FCMLE_zero_vector(ExecContext c, uint w) => Vec2(c, w, FcmleZeroLane);
    public static Outcome FCMLT_zero_vector(ExecContext c, uint w) => Vec2(c, w, FcmltZeroLane);

    public static Outcome FRECPE_vector(ExecContext c, uint w) => Vec2(c, w, FrecpeLane);
    public static Outcome FRSQRTE_vector(ExecContext c, uint w) => Vec2(c, w, FrsqrteLane);

    /// <summary>FCVTN/FCVTN2: 2*esize elements of V[n] narrowed to Vpart[d, Q] (esize 16 when sz = 0, 32 when sz = 1).</summary>
    public static Outcome FCVTN_vector(ExecContext c, uint w) => Narrow(c, w, Bit(w, 22) ? 32 : 16, odd: false);

    /// <summary>FCVTXN/FCVTXN2: double to single with rounding to odd.</summary>
    public static Outcome FCVTXN_vector(ExecContext c, uint w) => Narrow(c, w, 32, odd: true);

    private static Outcome Narrow(ExecContext c, uint w, int esize, bool odd)
    {
        int d = Rd(w);
        int part = Bit(w, 30) ? 1 : 0;
        int elements = 64 / esize;
        UInt128 operand = c.V(Rn(w));
        uint fpcr = Fpcr(c);
        FPRounding rounding = odd ? FPRounding.Odd : FPCore.RoundingMode(fpcr);
        ulong result = 0;
        for (int e = 0; e < elements; e++)
        {
            ulong r = FPCore.Convert(Elem(operand, e, 2 * esize), 2 * esize, esize, fpcr, rounding, ref Fpsr(c));
            result |= Trunc(r, esize) << (e * esize);
        }
        UInt128 v = c.V(d);
        c.SetV(d, part == 0 ? (UInt128)result : new UInt128(result, (ulong)v));
        return Outcome.Continue;
    }

    /// <summary>FCVTL/FCVTL2: the esize elements of Vpart[n, Q] widened (esize 16 when sz = 0, 32 when sz = 1).</summary>
    public static Outcome FCVTL_vector(ExecContext c, uint w)
    {
        int esize = Bit(w, 22) ? 32 : 16;
        int elements = 64 / esize;
        ulong operand = Half(c.V(Rn(w)), Bit(w, 30) ? 1 : 0);
        uint fpcr = Fpcr(c);
        UInt128 result = 0;
        for (int e = 0; e < elements; e++)
        {
            ulong x = (operand >> (e * esize)) & Ones(esize);
            SetElem(ref result, e, 2 * esize, FPCore.Convert(x, esize, 2 * esize, fpcr, FPCore.RoundingMode(fpcr), ref Fpsr(c)));
        }
        c.SetV(Rd(w), result);
        return Outcome.Continue;
    }

    // Lane operations shared by the vector and scalar forms of the two-register misc group.
    private static ulong FcvtnsLane(ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.ToFixed(a, n, 0, false, n, fpcr, FPRounding.TieEven, ref fpsr);
    private static ulong FcvtnuLane(ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.ToFixed(a, n, 0, true, n, fpcr, FPRounding.TieEven, ref fpsr);
    private static ulong FcvtmsLane(ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.ToFixed(a, n, 0, false, n, fpcr, FPRounding.NegInf, ref fpsr);
    private static ulong FcvtmuLane(ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.ToFixed(a, n, 0, true, n, fpcr, FPRounding.NegInf, ref fpsr);
    private static ulong FcvtasLane(ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.ToFixed(a, n, 0, false, n, fpcr, FPRounding.TieAway, ref fpsr);
    private static ulong FcvtauLane(ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.ToFixed(a, n, 0, true, n, fpcr, FPRounding.TieAway, ref fpsr);
    private static ulong FcvtpsLane(ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.ToFixed(a, n, 0, false, n, fpcr, FPRounding.PosInf, ref fpsr);
    private static ulong FcvtpuLane(ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.ToFixed(a, n, 0, true, n, fpcr, FPRounding.PosInf, ref fpsr);
    private static ulong FcvtzsLane(ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.ToFixed(a, n, 0, false, n, fpcr, FPRounding.Zero, ref fpsr);
    private static ulong FcvtzuLane(ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.ToFixed(a, n, 0, true, n, fpcr, FPRounding.Zero, ref fpsr);
    private static ulong ScvtfLane(ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.FixedToFP(a, n, 0, false, n, fpcr, FPCore.RoundingMode(fpcr), ref fpsr);
    private static ulong UcvtfLane(ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => FPCore.FixedToFP(a, n, 0, true, n, fpcr, FPCore.RoundingMode(fpcr), ref fpsr);
    private static ulong FcmgtZeroLane(ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => Ones64(CompareGT(a, 0, n, fpcr, ref fpsr), n);
    private static ulong FcmgeZeroLane(ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => Ones64(CompareGE(a, 0, n, fpcr, ref fpsr), n);
    private static ulong FcmeqZeroLane(ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => Ones64(CompareEQ(a, 0, n, fpcr, ref fpsr), n);
    private static ulong FcmleZeroLane(ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => Ones64(CompareGE(0, a, n, fpcr, ref fpsr), n);
    private static ulong FcmltZeroLane(ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => Ones64(CompareGT(0, a, n, fpcr, ref fpsr), n);
    private static ulong FrecpeLane(ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => RecipEstimateFP(a, n, fpcr, ref fpsr);
    private static ulong FrsqrteLane(ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => RSqrtEstimateFP(a, n, fpcr, ref fpsr);

    // ------------------------------------------------------------------ two-register misc (scalar)

    public static Outcome FCVTNS_simd_scalar(ExecContext c, uint w) => Sca2(c, w, FcvtnsLane);
    public static Outcome FCVTNU_simd_scalar(ExecContext c, uint w) => Sca2(c, w, FcvtnuLane);
    public static Outcome FCVTMS_simd_scalar(ExecContext c, uint w) => Sca2(c, w, FcvtmsLane);
    public static Outcome FCVTMU_simd_scalar(ExecContext c, uint w) => Sca2(c, w, FcvtmuLane);
    public static Outcome FCVTAS_simd_scalar(ExecContext c, uint w) => Sca2(c, w, FcvtasLane);
    public static Outcome FCVTAU_simd_scalar(ExecContext c, uint w) => Sca2(c, w, FcvtauLane);
    public static Outcome FCVTPS_simd_scalar(ExecContext c, uint w) => Sca2(c, w, FcvtpsLane);
    public static Outcome FCVTPU_simd_scalar(ExecContext c, uint w) => Sca2(c, w, FcvtpuLane);
    public static Outcome FCVTZS_simd_scalar(ExecContext c, uint w) => Sca2(c, w, FcvtzsLane);
    public static Outcome FCVTZU_simd_scalar(ExecContext c, uint w) => Sca2(c, w, FcvtzuLane);
    public static Outcome SCVTF_simd_scalar(ExecContext c, uint w) => Sca2(c, w, ScvtfLane);
    public static Outcome UCVTF_simd_scalar(ExecContext c, uint w) => Sca2(c, w, UcvtfLane);

    public static Outcome FCMGT_zero_scalar(ExecContext c, uint w) => Sca2(c, w, FcmgtZeroLane);
    public static Outcome FCMGE_zero_scalar(ExecContext c, uint w) => Sca2(c, w, FcmgeZeroLane);
    public static Outcome FCMEQ_zero_scalar(ExecContext c, uint w) => Sca2(c, w, FcmeqZeroLane);
    public static Outcome FCMLE_zero_scalar(ExecContext c, uint w) => Sca2(c, w, FcmleZeroLane);
    public static Outcome FCMLT_zero_scalar(ExecContext c, uint w) => Sca2(c, w, FcmltZeroLane);

    public static Outcome FRECPE_scalar(ExecContext c, uint w) => Sca2(c, w, FrecpeLane);
    public static Outcome FRSQRTE_scalar(ExecContext c, uint w) => Sca2(c, w, FrsqrteLane);
    public static Outcome FRECPX_scalar(ExecContext c, uint w) => Sca2(c, w, static (ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => RecpX(a, n, fpcr, ref fpsr));

    /// <summary>FCVTXN (scalar): S[d] = FPConvert(D[n]) with rounding to odd.</summary>
    public static Outcome FCVTXN_scalar(ExecContext c, uint w)
    {
        ulong r = FPCore.Convert(Elem(c.V(Rn(w)), 0, 64), 64, 32, Fpcr(c), FPRounding.Odd, ref Fpsr(c));
        c.SetV(Rd(w), (UInt128)Trunc(r, 32));
        return Outcome.Continue;
    }

    // ------------------------------------------------------------------ fixed-point conversions by immediate

    /// <summary>esize from immh (1xxx: 64, 01xx: 32) and fracbits = 2 * esize - UInt(immh:immb).</summary>
    private static int FixedShape(uint w, out int fracbits)
    {
        uint immhb = Bits(w, 22, 16);
        int esize = Bit(w, 22) ? 64 : 32;
        fracbits = 2 * esize - (int)immhb;
        return esize;
    }

    private delegate ulong FixedOp(ulong a, int n, int fracbits, uint fpcr, ref uint fpsr);

    private static Outcome FixedVector(ExecContext c, uint w, FixedOp op)
    {
        int d = Rd(w);
        int esize = FixedShape(w, out int fracbits);
        int elements = VecDataSize(w) / esize;
        UInt128 operand = c.V(Rn(w));
        UInt128 result = 0;
        uint fpcr = Fpcr(c);
        for (int e = 0; e < elements; e++)
            SetElem(ref result, e, esize, op(Elem(operand, e, esize), esize, fracbits, fpcr, ref Fpsr(c)));
        c.SetV(d, result);
        return Outcome.Continue;
    }

    private static Outcome FixedScalar(ExecContext c, uint w, FixedOp op)
    {
        int esize = FixedShape(w, out int fracbits);
        ulong r = op(Elem(c.V(Rn(w)), 0, esize), esize, fracbits, Fpcr(c), ref Fpsr(c));
        c.SetV(Rd(w), (UInt128)Trunc(r, esize));
        return Outcome.Continue;
    }

    public static Outcome SCVTF_fix_vector(ExecContext c, uint w) => FixedVector(c, w, static (ulong a, int n, int fb, uint fpcr, ref uint fpsr) => FPCore.FixedToFP(a, n, fb, false, n, fpcr, FPCore.RoundingMode(fpcr), ref fpsr));
    public static Outcome UCVTF_fix_vector(ExecContext c, uint w) => FixedVector(c, w, static (ulong a, int n, int fb, uint fpcr, ref uint fpsr) => FPCore.FixedToFP(a, n, fb, true, n, fpcr, FPCore.RoundingMode(fpcr), ref fpsr));
    public static Outcome FCVTZS_fix_vector(ExecContext c, uint w) => FixedVector(c, w, static (ulong a, int n, int fb, uint fpcr, ref uint fpsr) => FPCore.ToFixed(a, n, fb, false, n, fpcr, FPRounding.Zero, ref fpsr));
    public static Outcome FCVTZU_fix_vector(ExecContext c, uint w) => FixedVector(c, w, static (ulong a, int n, int fb, uint fpcr, ref uint fpsr) => FPCore.ToFixed(a, n, fb, true, n, fpcr, FPRounding.Zero, ref fpsr));
    public static Outcome SCVTF_fix_simd_scalar(ExecContext c, uint w) => FixedScalar(c, w, static (ulong a, int n, int fb, uint fpcr, ref uint fpsr) => FPCore.FixedToFP(a, n, fb, false, n, fpcr, FPCore.RoundingMode(fpcr), ref fpsr));
    public static Outcome UCVTF_fix_simd_scalar(ExecContext c, uint w) => FixedScalar(c, w, static (ulong a, int n, int fb, uint fpcr, ref uint fpsr) => FPCore.FixedToFP(a, n, fb, true, n, fpcr, FPCore.RoundingMode(fpcr), ref fpsr));
    public static Outcome FCVTZS_fix_simd_scalar(ExecContext c, uint w) => FixedScalar(c, w, static (ulong a, int n, int fb, uint fpcr, ref uint fpsr) => FPCore.ToFixed(a, n, fb, false, n, fpcr, FPRounding.Zero, ref fpsr));
    public static Outcome FCVTZU_fix_simd_scalar(ExecContext c, uint w) => FixedScalar(c, w, static (ulong a, int n, int fb, uint fpcr, ref uint fpsr) => FPCore.ToFixed(a, n, fb, true, n, fpcr, FPRounding.Zero, ref fpsr));

    // ------------------------------------------------------------------ by element

    /// <summary>The selected element of V[m] for the FP by-element forms: sz 0 index = H:L, sz 1 index = H; m = M:Rm.</summary>
    private static ulong FpIndexedElement(ExecContext c, uint w, out int esize)
    {
        int m = (int)Bits(w, 20, 16);
        int index;
        if (Bit(w, 22))
        {
            esize = 64;
            index = (int)Bits(w, 11, 11);
        }
        else
        {
            esize = 32;
            index = (int)(Bits(w, 11, 11) << 1 | Bits(w, 21, 21));
        }
        return Elem(c.V(m), index, esize);
    }

    /// <summary>op: 0 FMUL, 1 FMLA, 2 FMLS, 3 FMULX.</summary>
    private static ulong ElemOp(int op, ulong a, ulong b, ulong d, int n, uint fpcr, ref uint fpsr) => op switch
    {
        0 => FPCore.Mul(a, b, n, fpcr, ref fpsr),
        1 => FPCore.MulAdd(d, a, b, n, fpcr, ref fpsr),
        2 => FPCore.MulAdd(d, FPCore.Neg(a, n), b, n, fpcr, ref fpsr),
        _ => MulX(a, b, n, fpcr, ref fpsr),
    };

    private static Outcome ByElementVector(ExecContext c, uint w, int op)
    {
        int d = Rd(w);
        ulong element2 = FpIndexedElement(c, w, out int esize);
        int elements = VecDataSize(w) / esize;
        UInt128 operand1 = c.V(Rn(w)), operand3 = c.V(d);
        UInt128 result = 0;
        uint fpcr = Fpcr(c);
        for (int e = 0; e < elements; e++)
            SetElem(ref result, e, esize, ElemOp(op, Elem(operand1, e, esize), element2, Elem(operand3, e, esize), esize, fpcr, ref Fpsr(c)));
        c.SetV(d, result);
        return Outcome.Continue;
    }

    private static Outcome ByElementScalar(ExecContext c, uint w, int op)
    {
        int d = Rd(w);
        ulong element2 = FpIndexedElement(c, w, out int esize);
        ulong r = ElemOp(op, Elem(c.V(Rn(w)), 0, esize), element2, Elem(c.V(d), 0, esize), esize, Fpcr(c), ref Fpsr(c));
        c.SetV(d, (UInt128)Trunc(r, esize));
        return Outcome.Continue;
    }

    public static Outcome FMUL_elem(ExecContext c, uint w) => ByElementVector(c, w, 0);
    public static Outcome FMLA_elem(ExecContext c, uint w) => ByElementVector(c, w, 1);
    public static Outcome FMLS_elem(ExecContext c, uint w) => ByElementVector(c, w, 2);
    public static Outcome FMULX_elem(ExecContext c, uint w) => ByElementVector(c, w, 3);
    public static Outcome FMUL_elem_scalar(ExecContext c, uint w) => ByElementScalar(c, w, 0);
    public static Outcome FMLA_elem_scalar(ExecContext c, uint w) => ByElementScalar(c, w, 1);
    public static Outcome FMLS_elem_scalar(ExecContext c, uint w) => ByElementScalar(c, w, 2);
    public static Outcome FMULX_elem_scalar(ExecContext c, uint w) => ByElementScalar(c, w, 3);
}
