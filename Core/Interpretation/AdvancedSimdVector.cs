using System.Numerics;
using static A64Jit.Core.Interpretation.Pseudocode;
using static A64Jit.Core.Interpretation.SimdElements;

namespace A64Jit.Core.Interpretation;

// Advanced SIMD three same (integer and bitwise), three different and two-register
// miscellaneous (integer) encodings.
public static partial class AdvancedSimd
{
    // ------------------------------------------------------------------ shared shapes

    /// <summary>One element of an elementwise operation: operands from V[n], V[m] and V[d] (for accumulating forms).</summary>
    private delegate ulong ElementOp(ulong n, ulong m, ulong d, int esize, ref bool sat);

    /// <summary>Three same: Elem[result, e] = op(Elem[V[n], e], Elem[V[m], e], Elem[V[d], e]).</summary>
    private static Outcome ThreeSame(ExecContext c, uint w, ElementOp op)
    {
        int d = Rd(w);
        int datasize = VecSize(w), esize = ESize(w);
        int elements = datasize / esize;
        UInt128 operand1 = c.V(Rn(w)), operand2 = c.V(Rm(w)), operand3 = c.V(d);
        UInt128 result = 0;
        bool sat = false;
        for (int e = 0; e < elements; e++)
            SetElem(ref result, e, esize, op(Elem(operand1, e, esize), Elem(operand2, e, esize), Elem(operand3, e, esize), esize, ref sat));
        c.SetV(d, result);
        SetQc(c, sat);
        return Outcome.Continue;
    }

    /// <summary>Two-register miscellaneous: Elem[result, e] = op(Elem[V[n], e], Elem[V[d], e]).</summary>
    private static Outcome TwoMisc(ExecContext c, uint w, ElementOp op)
    {
        int d = Rd(w);
        int datasize = VecSize(w), esize = ESize(w);
        int elements = datasize / esize;
        UInt128 operand = c.V(Rn(w)), operand2 = c.V(d);
        UInt128 result = 0;
        bool sat = false;
        for (int e = 0; e < elements; e++)
            SetElem(ref result, e, esize, op(Elem(operand, e, esize), 0, Elem(operand2, e, esize), esize, ref sat));
        c.SetV(d, result);
        SetQc(c, sat);
        return Outcome.Continue;
    }

    private static long S(ulong x, int esize) => SInt(x, esize);
    private static ulong Mask(bool test) => test ? ulong.MaxValue : 0;

    // ------------------------------------------------------------------ three same: arithmetic

    public static Outcome SHADD(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => (ulong)((S(a, es) + S(b, es)) >> 1));
    public static Outcome UHADD(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => (a + b) >> 1);
    public static Outcome SRHADD(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => (ulong)((S(a, es) + S(b, es) + 1) >> 1));
    public static Outcome URHADD(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => (a + b + 1) >> 1);
    public static Outcome SHSUB(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => (ulong)((S(a, es) - S(b, es)) >> 1));
    public static Outcome UHSUB(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => (ulong)(((long)a - (long)b) >> 1));

    public static Outcome SQADD_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => SignedSat((Int128)S(a, es) + S(b, es), es, ref s));
    public static Outcome UQADD_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => UnsignedSat((Int128)a + b, es, ref s));
    public static Outcome SQSUB_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => SignedSat((Int128)S(a, es) - S(b, es), es, ref s));
    public static Outcome UQSUB_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => UnsignedSat((Int128)a - b, es, ref s));

    public static Outcome CMGT_reg_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => Mask(S(a, es) > S(b, es)));
    public static Outcome CMGE_reg_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => Mask(S(a, es) >= S(b, es)));
    public static Outcome CMHI_reg_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => Mask(a > b));
    public static Outcome CMHS_reg_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => Mask(a >= b));
    public static Outcome CMEQ_reg_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => Mask(a == b));
    public static Outcome CMTST_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => Mask((a & b) != 0));

    public static Outcome SMAX(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => S(a, es) >= S(b, es) ? a : b);
    public static Outcome SMIN(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => S(a, es) <= S(b, es) ? a : b);
    public static Outcome UMAX(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => a >= b ? a : b);
    public static Outcome UMIN(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => a <= b ? a : b);

    private static ulong AbsDiff(ulong a, ulong b, int esize, bool unsigned)
    {
        Int128 x = Int(a, esize, unsigned), y = Int(b, esize, unsigned);
        return (ulong)(x > y ? x - y : y - x);
    }

    public static Outcome SABD(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => AbsDiff(a, b, es, false));
    public static Outcome UABD(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => AbsDiff(a, b, es, true));
    public static Outcome SABA(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => d + AbsDiff(a, b, es, false));
    public static Outcome UABA(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => d + AbsDiff(a, b, es, true));

    public static Outcome ADD_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => a + b);
    public static Outcome SUB_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => a - b);
    public static Outcome MUL_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => a * b);
    public static Outcome MLA_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => d + a * b);
    public static Outcome MLS_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => d - a * b);
    public static Outcome PMUL(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => (ulong)PolynomialMult(a, b));

    /// <summary>SQDMULH / SQRDMULH: SignedSatQ((2 * a * b + round) &gt;&gt; esize).</summary>
    private static ulong DoublingMulHigh(ulong a, ulong b, int esize, bool round, ref bool sat)
    {
        Int128 product = 2 * (Int128)S(a, esize) * S(b, esize);
        if (round) product += Int128.One << (esize - 1);
        return SignedSat(product >> esize, esize, ref sat);
    }

    public static Outcome SQDMULH_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => DoublingMulHigh(a, b, es, false, ref s));
    public static Outcome SQRDMULH_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => DoublingMulHigh(a, b, es, true, ref s));

    /// <summary>PolynomialMult(op1, op2): carry-less product of two 64-bit values.</summary>
    public static UInt128 PolynomialMult(ulong op1, ulong op2)
    {
        UInt128 result = 0;
        for (int i = 0; i < 64; i++)
            if (((op2 >> i) & 1) != 0) result ^= (UInt128)op1 << i;
        return result;
    }

    // ------------------------------------------------------------------ three same: shifts by register

    /// <summary>
    /// SSHL/USHL/SRSHL/URSHL/SQSHL/UQSHL/SQRSHL/UQRSHL: shift = SInt(Elem[m]&lt;7:0&gt;);
    /// element = (Int(Elem[n], unsigned) + round_const) &lt;&lt; shift (a right shift when negative),
    /// round_const = 1 &lt;&lt; (-shift - 1) for rounding right shifts; saturated or truncated to esize.
    /// </summary>
    private static ulong ShiftByRegister(ulong a, ulong b, int esize, bool unsigned, bool rounding, bool saturating, ref bool sat)
    {
        int shift = (sbyte)(byte)b;
        Int128 element = Int(a, esize, unsigned);
        Int128 result;
        if (shift >= 0)
        {
            if (element == 0) result = 0;
            else if (shift >= esize)
            {
                // Every bit leaves the element: the truncated result is 0, the saturated one the bound of element's sign.
                if (!saturating) return 0;
                result = element > 0 ? Int128.One << 100 : -(Int128.One << 100);
            }
            else result = element << shift;
        }
        else
        {
            int k = -shift;
            if (k > esize + 1) result = rounding || element >= 0 ? 0 : -1;
            else
            {
                Int128 roundConst = rounding ? Int128.One << (k - 1) : 0;
                result = (element + roundConst) >> k;
            }
        }
        return saturating ? Sat(result, esize, unsigned, ref sat) : (ulong)result & Ones(esize);
    }

    public static Outcome SSHL_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => ShiftByRegister(a, b, es, false, false, false, ref s));
    public static Outcome USHL_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => ShiftByRegister(a, b, es, true, false, false, ref s));
    public static Outcome SRSHL_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => ShiftByRegister(a, b, es, false, true, false, ref s));
    public static Outcome URSHL_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => ShiftByRegister(a, b, es, true, true, false, ref s));
    public static Outcome SQSHL_reg_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => ShiftByRegister(a, b, es, false, false, true, ref s));
    public static Outcome UQSHL_reg_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => ShiftByRegister(a, b, es, true, false, true, ref s));
    public static Outcome SQRSHL_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => ShiftByRegister(a, b, es, false, true, true, ref s));
    public static Outcome UQRSHL_vector(ExecContext c, uint w) => ThreeSame(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => ShiftByRegister(a, b, es, true, true, true, ref s));

    // ------------------------------------------------------------------ three same: pairwise

    private delegate ulong PairOp(ulong a, ulong b, int esize);

    /// <summary>Pairwise: concat = V[m]:V[n] (datasize bits each); Elem[result, e] = op(Elem[concat, 2e], Elem[concat, 2e+1]).</summary>
    private static Outcome Pairwise(ExecContext c, uint w, PairOp op)
    {
        int datasize = VecSize(w), esize = ESize(w);
        int elements = datasize / esize;
        UInt128 operand1 = c.V(Rn(w)), operand2 = c.V(Rm(w));
        UInt128 result = 0;
        for (int e = 0; e < elements; e++)
        {
            int i = 2 * e;
            ulong element1 = i < elements ? Elem(operand1, i, esize) : Elem(operand2, i - elements, esize);
            ulong element2 = i + 1 < elements ? Elem(operand1, i + 1, esize) : Elem(operand2, i + 1 - elements, esize);
            SetElem(ref result, e, esize, op(element1, element2, esize));
        }
        c.SetV(Rd(w), result);
        return Outcome.Continue;
    }

    public static Outcome ADDP_vector(ExecContext c, uint w) => Pairwise(c, w, static (a, b, es) => a + b);
    public static Outcome SMAXP(ExecContext c, uint w) => Pairwise(c, w, static (a, b, es) => S(a, es) >= S(b, es) ? a : b);
    public static Outcome SMINP(ExecContext c, uint w) => Pairwise(c, w, static (a, b, es) => S(a, es) <= S(b, es) ? a : b);
    public static Outcome UMAXP(ExecContext c, uint w) => Pairwise(c, w, static (a, b, es) => a >= b ? a : b);
    public static Outcome UMINP(ExecContext c, uint w) => Pairwise(c, w, static (a, b, es) => a <= b ? a : b);

    // ------------------------------------------------------------------ three same: bitwise

    private enum Logic : byte { And, Bic, Orr, Orn, Eor, Bsl, Bit, Bif }

    private static Outcome Bitwise(ExecContext c, uint w, Logic op)
    {
        int d = Rd(w);
        int datasize = VecSize(w);
        UInt128 n = c.V(Rn(w)), m = c.V(Rm(w)), vd = c.V(d);
        UInt128 result = op switch
        {
            Logic.And => n & m,
            Logic.Bic => n & ~m,
            Logic.Orr => n | m,
            Logic.Orn => n | ~m,
            Logic.Eor => n ^ m,
            // operand1 EOR ((operand1 EOR operand2) AND operand3)
            Logic.Bsl => m ^ ((m ^ n) & vd),
            Logic.Bit => vd ^ ((vd ^ n) & m),
            _ => vd ^ ((vd ^ n) & ~m),
        };
        SetVd(c, d, result, datasize);
        return Outcome.Continue;
    }

    public static Outcome AND_vector(ExecContext c, uint w) => Bitwise(c, w, Logic.And);
    public static Outcome BIC_vector_reg(ExecContext c, uint w) => Bitwise(c, w, Logic.Bic);
    public static Outcome ORR_vector_reg(ExecContext c, uint w) => Bitwise(c, w, Logic.Orr);
    public static Outcome ORN_vector(ExecContext c, uint w) => Bitwise(c, w, Logic.Orn);
    public static Outcome EOR_vector(ExecContext c, uint w) => Bitwise(c, w, Logic.Eor);
    public static Outcome BSL(ExecContext c, uint w) => Bitwise(c, w, Logic.Bsl);
    public static Outcome BIT(ExecContext c, uint w) => Bitwise(c, w, Logic.Bit);
    public static Outcome BIF(ExecContext c, uint w) => Bitwise(c, w, Logic.Bif);

    // ------------------------------------------------------------------ three different

    /// <summary>One element of a long operation: a and b already extended, d the 2*esize accumulator element.</summary>
    private delegate ulong LongOp(Int128 a, Int128 b, ulong d, int esize2, ref bool sat);

    /// <summary>
    /// Long and wide forms: operand1 = Vpart[n, part] (or all of V[n] for the wide forms,
    /// elements of 2*esize), operand2 = Vpart[m, part]; result elements of 2*esize.
    /// </summary>
    private static Outcome ThreeDifferent(ExecContext c, uint w, bool unsigned, bool wide, LongOp op)
    {
        int d = Rd(w);
        int esize = ESize(w), esize2 = 2 * esize;
        int part = Bit(w, 30) ? 1 : 0;
        int elements = 64 / esize;
        UInt128 n = c.V(Rn(w)), acc = c.V(d);
        UInt128 nPart = Half(n, part), mPart = Half(c.V(Rm(w)), part);
        UInt128 result = 0;
        bool sat = false;
        for (int e = 0; e < elements; e++)
        {
            Int128 a = wide ? Int(Elem(n, e, esize2), esize2, unsigned) : Int(Elem(nPart, e, esize), esize, unsigned);
            Int128 b = Int(Elem(mPart, e, esize), esize, unsigned);
            SetElem(ref result, e, esize2, op(a, b, Elem(acc, e, esize2), esize2, ref sat));
        }
        c.SetV(d, result);
        SetQc(c, sat);
        return Outcome.Continue;
    }

    private static ulong Abs(Int128 x) => (ulong)(x < 0 ? -x : x);

    public static Outcome SADDL(ExecContext c, uint w) => ThreeDifferent(c, w, false, false, static (Int128 a, Int128 b, ulong d, int es, ref bool s) => (ulong)(a + b));
    public static Outcome UADDL(ExecContext c, uint w) => ThreeDifferent(c, w, true, false, static (Int128 a, Int128 b, ulong d, int es, ref bool s) => (ulong)(a + b));
    public static Outcome SADDW(ExecContext c, uint w) => ThreeDifferent(c, w, false, true, static (Int128 a, Int128 b, ulong d, int es, ref bool s) => (ulong)(a + b));
    public static Outcome UADDW(ExecContext c, uint w) => ThreeDifferent(c, w, true, true, static (Int128 a, Int128 b, ulong d, int es, ref bool s) => (ulong)(a + b));
    public static Outcome SSUBL(ExecContext c, uint w) => ThreeDifferent(c, w, false, false, static (Int128 a, Int128 b, ulong d, int es, ref bool s) => (ulong)(a - b));
    public static Outcome USUBL(ExecContext c, uint w) => ThreeDifferent(c, w, true, false, static (Int128 a, Int128 b, ulong d, int es, ref bool s) => (ulong)(a - b));
    public static Outcome SSUBW(ExecContext c, uint w) => ThreeDifferent(c, w, false, true, static (Int128 a, Int128 b, ulong d, int es, ref bool s) => (ulong)(a - b));
    public static Outcome USUBW(ExecContext c, uint w) => ThreeDifferent(c, w, true, true, static (Int128 a, Int128 b, ulong d, int es, ref bool s) => (ulong)(a - b));
    public static Outcome SABAL(ExecContext c, uint w) => ThreeDifferent(c, w, false, false, static (Int128 a, Int128 b, ulong d, int es, ref bool s) => d + Abs(a - b));
    public static Outcome UABAL(ExecContext c, uint w) => ThreeDifferent(c, w, true, false, static (Int128 a, Int128 b, ulong d, int es, ref bool s) => d + Abs(a - b));
    public static Outcome SABDL(ExecContext c, uint w) => ThreeDifferent(c, w, false, false, static (Int128 a, Int128 b, ulong d, int es, ref bool s) => Abs(a - b));
    public static Outcome UABDL(ExecContext c, uint w) => ThreeDifferent(c, w, true, false, static (Int128 a, Int128 b, ulong d, int es, ref bool s) => Abs(a - b));
    public static Outcome SMLAL_vector(ExecContext c, uint w) => ThreeDifferent(c, w, false, false, static (Int128 a, Int128 b, ulong d, int es, ref bool s) => d + (ulong)(a * b));
    public static Outcome UMLAL_vector(ExecContext c, uint w) => ThreeDifferent(c, w, true, false, static (Int128 a, Int128 b, ulong d, int es, ref bool s) => d + (ulong)(a * b));
    public static Outcome SMLSL_vector(ExecContext c, uint w) => ThreeDifferent(c, w, false, false, static (Int128 a, Int128 b, ulong d, int es, ref bool s) => d - (ulong)(a * b));
    public static Outcome UMLSL_vector(ExecContext c, uint w) => ThreeDifferent(c, w, true, false, static (Int128 a, Int128 b, ulong d, int es, ref bool s) => d - (ulong)(a * b));
    public static Outcome SMULL_vector(ExecContext c, uint w) => ThreeDifferent(c, w, false, false, static (Int128 a, Int128 b, ulong d, int es, ref bool s) => (ulong)(a * b));
    public static Outcome UMULL_vector(ExecContext c, uint w) => ThreeDifferent(c, w, true, false, static (Int128 a, Int128 b, ulong d, int es, ref bool s) => (ulong)(a * b));

    /// <summary>SQDMLAL/SQDMLSL/SQDMULL: product = SignedSatQ(2*a*b); accumulated and saturated again.</summary>
    private static ulong DoublingMulLong(Int128 a, Int128 b, ulong d, int esize2, int accumulate, ref bool sat)
    {
        ulong product = SignedSat(2 * a * b, esize2, ref sat);
        if (accumulate == 0) return product;
        Int128 accum = (Int128)SInt(d, esize2) + accumulate * (Int128)SInt(product, esize2);
        return SignedSat(accum, esize2, ref sat);
    }

    public static Outcome SQDMULL_vector(ExecContext c, uint w) => ThreeDifferent(c, w, false, false, static (Int128 a, Int128 b, ulong d, int es, ref bool s) => DoublingMulLong(a, b, d, es, 0, ref s));
    public static Outcome SQDMLAL_vector(ExecContext c, uint w) => ThreeDifferent(c, w, false, false, static (Int128 a, Int128 b, ulong d, int es, ref bool s) => DoublingMulLong(a, b, d, es, 1, ref s));
    public static Outcome SQDMLSL_vector(ExecContext c, uint w) => ThreeDifferent(c, w, false, false, static (Int128 a, Int128 b, ulong d, int es, ref bool s) => DoublingMulLong(a, b, d, es, -1, ref s));

    /// <summary>PMULL/PMULL2: 8B→8H (size 00) or 1D→1Q (size 11) polynomial products of Vpart[n, part] and Vpart[m, part].</summary>
    public static Outcome PMULL(ExecContext c, uint w)
    {
        int esize = ESize(w);
        int part = Bit(w, 30) ? 1 : 0;
        ulong operand1 = Half(c.V(Rn(w)), part), operand2 = Half(c.V(Rm(w)), part);
        UInt128 result;
        if (esize == 64) result = PolynomialMult(operand1, operand2);
        else
        {
            result = 0;
            for (int e = 0; e < 8; e++)
                SetElem(ref result, e, 16, (ulong)PolynomialMult(Elem(operand1, e, 8), Elem(operand2, e, 8)));
        }
        c.SetV(Rd(w), result);
        return Outcome.Continue;
    }

    /// <summary>ADDHN/SUBHN/RADDHN/RSUBHN: the high halves of 2*esize sums or differences, to Vpart[d, part].</summary>
    private static Outcome HighNarrow(ExecContext c, uint w, bool sub, bool round)
    {
        int esize = ESize(w), esize2 = 2 * esize;
        int part = Bit(w, 30) ? 1 : 0;
        int elements = 64 / esize;
        UInt128 operand1 = c.V(Rn(w)), operand2 = c.V(Rm(w));
        UInt128 result = 0;
        for (int e = 0; e < elements; e++)
        {
            ulong a = Elem(operand1, e, esize2), b = Elem(operand2, e, esize2);
            ulong sum = sub ? a - b : a + b;
            if (round) sum += 1ul << (esize - 1);
            SetElem(ref result, e, esize, Trunc(sum, esize2) >> esize);
        }
        SetVpart(c, Rd(w), part, (ulong)result);
        return Outcome.Continue;
    }

    public static Outcome ADDHN(ExecContext c, uint w) => HighNarrow(c, w, sub: false, round: false);
    public static Outcome SUBHN(ExecContext c, uint w) => HighNarrow(c, w, sub: true, round: false);
    public static Outcome RADDHN(ExecContext c, uint w) => HighNarrow(c, w, sub: false, round: true);
    public static Outcome RSUBHN(ExecContext c, uint w) => HighNarrow(c, w, sub: true, round: true);

    // ------------------------------------------------------------------ two-register miscellaneous

    /// <summary>REV16/REV32/REV64: reverses the esize elements inside each container of <paramref name="container"/> bits.</summary>
    private static Outcome Reverse(ExecContext c, uint w, int container)
    {
        int datasize = VecSize(w), esize = ESize(w);
        int elements = datasize / esize;
        int perContainer = container / esize;
        UInt128 operand = c.V(Rn(w));
        UInt128 result = 0;
        for (int e = 0; e < elements; e++)
        {
            int rev = (e / perContainer) * perContainer + (perContainer - 1 - e % perContainer);
            SetElem(ref result, rev, esize, Elem(operand, e, esize));
        }
        c.SetV(Rd(w), result);
        return Outcome.Continue;
    }

    public static Outcome REV16_vector(ExecContext c, uint w) => Reverse(c, w, 16);
    public static Outcome REV32_vector(ExecContext c, uint w) => Reverse(c, w, 32);
    public static Outcome REV64(ExecContext c, uint w) => Reverse(c, w, 64);

    /// <summary>SADDLP/UADDLP/SADALP/UADALP: sums of adjacent element pairs, 2*esize wide, optionally accumulated into V[d].</summary>
    private static Outcome AddLongPairwise(ExecContext c, uint w, bool unsigned, bool accumulate)
    {
        int d = Rd(w);
        int datasize = VecSize(w), esize = ESize(w), esize2 = 2 * esize;
        int elements = datasize / esize2;
        UInt128 operand = c.V(Rn(w)), acc = c.V(d);
        UInt128 result = 0;
        for (int e = 0; e < elements; e++)
        {
            Int128 sum = Int(Elem(operand, 2 * e, esize), esize, unsigned) + Int(Elem(operand, 2 * e + 1, esize), esize, unsigned);
            ulong r = (ulong)sum;
            if (accumulate) r += Elem(acc, e, esize2);
            SetElem(ref result, e, esize2, r);
        }
        c.SetV(d, result);
        return Outcome.Continue;
    }

    public static Outcome SADDLP(ExecContext c, uint w) => AddLongPairwise(c, w, unsigned: false, accumulate: false);
    public static Outcome UADDLP(ExecContext c, uint w) => AddLongPairwise(c, w, unsigned: true, accumulate: false);
    public static Outcome SADALP(ExecContext c, uint w) => AddLongPairwise(c, w, unsigned: false, accumulate: true);
    public static Outcome UADALP(ExecContext c, uint w) => AddLongPairwise(c, w, unsigned: true, accumulate: true);

    // In TwoMisc's ElementOp, the operand is the first argument and Elem[V[d], e] the third.
    public static Outcome SUQADD_vector(ExecContext c, uint w) => TwoMisc(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => SignedSat((Int128)a + S(d, es), es, ref s));
    public static Outcome USQADD_vector(ExecContext c, uint w) => TwoMisc(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => UnsignedSat((Int128)S(a, es) + d, es, ref s));

    /// <summary>CountLeadingSignBits(x) = CountLeadingZeroBits(x&lt;N-1:1&gt; EOR x&lt;N-2:0&gt;).</summary>
    private static ulong LeadingSignBits(ulong x, int esize) => LeadingZeros((x ^ (x >> 1)) & Ones(esize - 1), esize - 1);

    private static ulong LeadingZeros(ulong x, int esize) => (ulong)(esize - 1 - HighestSetBit(x));

    public static Outcome CLS_vector(ExecContext c, uint w) => TwoMisc(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => LeadingSignBits(a, es));
    public static Outcome CLZ_vector(ExecContext c, uint w) => TwoMisc(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => LeadingZeros(a, es));
    public static Outcome CNT_vector(ExecContext c, uint w) => TwoMisc(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => (ulong)BitOperations.PopCount(a));
    public static Outcome NOT_vector(ExecContext c, uint w) => TwoMisc(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => ~a);

    // RBIT (vector) has size = 01 in its encoding but operates on bytes.
    public static Outcome RBIT_vector(ExecContext c, uint w) => TwoMisc(c, w & ~(3u << 22), static (ulong a, ulong b, ulong d, int es, ref bool s) =>
    {
        ulong r = 0;
        for (int i = 0; i < 8; i++) r |= ((a >> i) & 1) << (7 - i);
        return r;
    });

    public static Outcome SQABS_vector(ExecContext c, uint w) => TwoMisc(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => SignedSat(Int128.Abs(S(a, es)), es, ref s));
    public static Outcome SQNEG_vector(ExecContext c, uint w) => TwoMisc(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => SignedSat(-(Int128)S(a, es), es, ref s));
    public static Outcome ABS_vector(ExecContext c, uint w) => TwoMisc(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => (ulong)Int128.Abs(S(a, es)));
    public static Outcome NEG_vector(ExecContext c, uint w) => TwoMisc(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => 0 - a);

    public static Outcome CMGT_zero_vector(ExecContext c, uint w) => TwoMisc(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => Mask(S(a, es) > 0));
    public static Outcome CMGE_zero_vector(ExecContext c, uint w) => TwoMisc(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => Mask(S(a, es) >= 0));
    public static Outcome CMEQ_zero_vector(ExecContext c, uint w) => TwoMisc(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => Mask(a == 0));
    public static Outcome CMLE_zero_vector(ExecContext c, uint w) => TwoMisc(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => Mask(S(a, es) <= 0));
    public static Outcome CMLT_zero_vector(ExecContext c, uint w) => TwoMisc(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) => Mask(S(a, es) < 0));

    private enum NarrowKind : byte { Xtn, SignedSat, UnsignedSat, SignedToUnsignedSat }

    /// <summary>XTN/SQXTN/UQXTN/SQXTUN: 2*esize elements of V[n] narrowed to esize, to Vpart[d, part].</summary>
    private static Outcome Narrow(ExecContext c, uint w, NarrowKind kind)
    {
        int esize = ESize(w), esize2 = 2 * esize;
        int part = Bit(w, 30) ? 1 : 0;
        int elements = 64 / esize;
        UInt128 operand = c.V(Rn(w));
        UInt128 result = 0;
        bool sat = false;
        for (int e = 0; e < elements; e++)
        {
            ulong element = Elem(operand, e, esize2);
            ulong r = kind switch
            {
                NarrowKind.Xtn => element,
                NarrowKind.SignedSat => SignedSat(SInt(element, esize2), esize, ref sat),
                NarrowKind.UnsignedSat => UnsignedSat(element, esize, ref sat),
                _ => UnsignedSat(SInt(element, esize2), esize, ref sat),
            };
            SetElem(ref result, e, esize, r);
        }
        SetVpart(c, Rd(w), part, (ulong)result);
        SetQc(c, sat);
        return Outcome.Continue;
    }

    public static Outcome XTN(ExecContext c, uint w) => Narrow(c, w, NarrowKind.Xtn);
    public static Outcome SQXTN_vector(ExecContext c, uint w) => Narrow(c, w, NarrowKind.SignedSat);
    public static Outcome UQXTN_vector(ExecContext c, uint w) => Narrow(c, w, NarrowKind.UnsignedSat);
    public static Outcome SQXTUN_vector(ExecContext c, uint w) => Narrow(c, w, NarrowKind.SignedToUnsignedSat);

    /// <summary>SHLL/SHLL2: elements of Vpart[n, part] widened to 2*esize and shifted left by esize.</summary>
    public static Outcome SHLL(ExecContext c, uint w)
    {
        int esize = ESize(w), esize2 = 2 * esize;
        int part = Bit(w, 30) ? 1 : 0;
        int elements = 64 / esize;
        UInt128 operand = Half(c.V(Rn(w)), part);
        UInt128 result = 0;
        for (int e = 0; e < elements; e++)
            SetElem(ref result, e, esize2, Elem(operand, e, esize) << esize);
        c.SetV(Rd(w), result);
        return Outcome.Continue;
    }

    /// <summary>RecipEstimate(a), a in 256..511: the 9-bit reciprocal estimate.</summary>
    private static ulong RecipEstimate(ulong a)
    {
        a = a * 2 + 1;
        ulong b = (1ul << 19) / a;
        return (b + 1) / 2;
    }

    /// <summary>RecipSqrtEstimate(a), a in 128..511: the 9-bit reciprocal square root estimate.</summary>
    private static ulong RecipSqrtEstimate(ulong a)
    {
        if (a < 256) a = a * 2 + 1;
        else
        {
            a = (a >> 1) << 1;
            a = (a + 1) * 2;
        }
        ulong b = 512;
        while (a * (b + 1) * (b + 1) < (1ul << 28)) b++;
        return (b + 1) / 2;
    }

    /// <summary>URECPE: UnsignedRecipEstimate on 32-bit elements.</summary>
    public static Outcome URECPE(ExecContext c, uint w) => TwoMisc(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) =>
        (a >> 31) == 0 ? 0xFFFF_FFFFul : (RecipEstimate((a >> 23) & 0x1FF) & 0x1FF) << 23);

    /// <summary>URSQRTE: UnsignedRSqrtEstimate on 32-bit elements.</summary>
    public static Outcome URSQRTE(ExecContext c, uint w) => TwoMisc(c, w, static (ulong a, ulong b, ulong d, int es, ref bool s) =>
        (a >> 30) == 0 ? 0xFFFF_FFFFul : (RecipSqrtEstimate((a >> 23) & 0x1FF) & 0x1FF) << 23);
}
