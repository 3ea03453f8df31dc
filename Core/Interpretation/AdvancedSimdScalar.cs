using static A64Jit.Core.Interpretation.Pseudocode;
using static A64Jit.Core.Interpretation.AdvancedSimdScalarElements;

namespace A64Jit.Core.Interpretation;

/// <summary>
/// Semantics of the integer encodings of the Advanced SIMD scalar groups (copy, pairwise,
/// three same, three different, two-register miscellaneous), one method per encoding of the
/// table. A scalar result of esize bits is written to V[d] with the bits above it cleared.
/// The shift-by-immediate and by-element groups are in the other AdvancedSimdScalar*.cs files.
/// </summary>
public static partial class AdvancedSimdScalar
{
    /// <summary>esize = 8 &lt;&lt; UInt(size) from bits 23:22.</summary>
    private static int SizeEsize(uint w) => 8 << (int)Bits(w, 23, 22);

    // ------------------------------------------------------------------ scalar copy

    /// <summary>DUP (element), scalar: V[d] = Elem[V[n], index, esize].</summary>
    public static Outcome DUP_elem_scalar(ExecContext c, uint w)
    {
        uint imm5 = Bits(w, 20, 16);
        int size = System.Numerics.BitOperations.TrailingZeroCount(imm5);
        if (size > 3) return c.Undefined();
        int index = (int)(imm5 >> (size + 1));
        int esize = 8 << size;
        ulong element = Elem(c.V(Rn(w)), index, esize);
        c.SetV(Rd(w), element);
        return Outcome.Continue;
    }

    // ------------------------------------------------------------------ scalar pairwise

    /// <summary>ADDP (scalar): D[d] = V[n].D[0] + V[n].D[1].</summary>
    public static Outcome ADDP_scalar(ExecContext c, uint w)
    {
        UInt128 operand = c.V(Rn(w));
        c.SetV(Rd(w), Elem(operand, 0, 64) + Elem(operand, 1, 64));
        return Outcome.Continue;
    }

    // ------------------------------------------------------------------ scalar three same

    private static Outcome SatAddSub(ExecContext c, uint w, bool unsigned, bool sub)
    {
        int esize = SizeEsize(w);
        Int128 element1 = Int(Elem(c.V(Rn(w)), 0, esize), esize, unsigned);
        Int128 element2 = Int(Elem(c.V(Rm(w)), 0, esize), esize, unsigned);
        Int128 sum = sub ? element1 - element2 : element1 + element2;
        c.SetV(Rd(w), SatQ(c, sum, esize, unsigned));
        return Outcome.Continue;
    }

    public static Outcome SQADD_scalar(ExecContext c, uint w) => SatAddSub(c, w, unsigned: false, sub: false);
    public static Outcome UQADD_scalar(ExecContext c, uint w) => SatAddSub(c, w, unsigned: true, sub: false);
    public static Outcome SQSUB_scalar(ExecContext c, uint w) => SatAddSub(c, w, unsigned: false, sub: true);
    public static Outcome UQSUB_scalar(ExecContext c, uint w) => SatAddSub(c, w, unsigned: true, sub: true);

    private enum Cmp { Gt, Ge, Hi, Hs, Eq, Tst }

    /// <summary>CMGT/CMGE/CMHI/CMHS/CMEQ/CMTST (register), scalar (64-bit only): all ones when the test holds.</summary>
    private static Outcome CompareReg(ExecContext c, uint w, Cmp cmp)
    {
        ulong a = (ulong)c.V(Rn(w)), b = (ulong)c.V(Rm(w));
        bool test = cmp switch
        {
            Cmp.Gt => (long)a > (long)b,
            Cmp.Ge => (long)a >= (long)b,
            Cmp.Hi => a > b,
            Cmp.Hs => a >= b,
            Cmp.Eq => a == b,
            _ => (a & b) != 0,
        };
        c.SetV(Rd(w), test ? ulong.MaxValue : 0ul);
        return Outcome.Continue;
    }

    public static Outcome CMGT_reg_scalar(ExecContext c, uint w) => CompareReg(c, w, Cmp.Gt);
    public static Outcome CMGE_reg_scalar(ExecContext c, uint w) => CompareReg(c, w, Cmp.Ge);
    public static Outcome CMHI_scalar(ExecContext c, uint w) => CompareReg(c, w, Cmp.Hi);
    public static Outcome CMHS_scalar(ExecContext c, uint w) => CompareReg(c, w, Cmp.Hs);
    public static Outcome CMEQ_reg_scalar(ExecContext c, uint w) => CompareReg(c, w, Cmp.Eq);
    public static Outcome CMTST_scalar(ExecContext c, uint w) => CompareReg(c, w, Cmp.Tst);

    /// <summary>
    /// SSHL/USHL/SRSHL/URSHL/SQSHL/UQSHL/SQRSHL/UQRSHL (register), scalar:
    /// shift = SInt(Elem[operand2]&lt;7:0&gt;); element = (Int(element1) + round_const) &lt;&lt; shift,
    /// saturated (setting QC) or truncated to esize bits.
    /// </summary>
    private static Outcome ShiftReg(ExecContext c, uint w, bool unsigned, bool rounding, bool saturating)
    {
        int esize = SizeEsize(w);
        Int128 element = Int(Elem(c.V(Rn(w)), 0, esize), esize, unsigned);
        int shift = (sbyte)(byte)(ulong)c.V(Rm(w));
        Int128 shifted = ShiftByRegister(element, shift, rounding);
        ulong result = saturating ? SatQ(c, shifted, esize, unsigned) : Low(shifted, esize);
        c.SetV(Rd(w), result);
        return Outcome.Continue;
    }

    public static Outcome SSHL_scalar(ExecContext c, uint w) => ShiftReg(c, w, unsigned: false, rounding: false, saturating: false);
    public static Outcome USHL_scalar(ExecContext c, uint w) => ShiftReg(c, w, unsigned: true, rounding: false, saturating: false);
    public static Outcome SRSHL_scalar(ExecContext c, uint w) => ShiftReg(c, w, unsigned: false, rounding: true, saturating: false);
    public static Outcome URSHL_scalar(ExecContext c, uint w) => ShiftReg(c, w, unsigned: true, rounding: true, saturating: false);
    public static Outcome SQSHL_reg_scalar(ExecContext c, uint w) => ShiftReg(c, w, unsigned: false, rounding: false, saturating: true);
    public static Outcome UQSHL_reg_scalar(ExecContext c, uint w) => ShiftReg(c, w, unsigned: true, rounding: false, saturating: true);
    public static Outcome SQRSHL_scalar(ExecContext c, uint w) => ShiftReg(c, w, unsigned: false, rounding: true, saturating: true);
    public static Outcome UQRSHL_scalar(ExecContext c, uint w) => ShiftReg(c, w, unsigned: true, rounding: true, saturating: true);

    /// <summary>ADD/SUB (vector), scalar (64-bit only).</summary>
    public static Outcome ADD_scalar(ExecContext c, uint w)
    {
        c.SetV(Rd(w), (ulong)c.V(Rn(w)) + (ulong)c.V(Rm(w)));
        return Outcome.Continue;
    }

    public static Outcome SUB_scalar(ExecContext c, uint w)
    {
        c.SetV(Rd(w), (ulong)c.V(Rn(w)) - (ulong)c.V(Rm(w)));
        return Outcome.Continue;
    }

    /// <summary>
    /// SQDMULH/SQRDMULH: SignedSatQ((2 * element1 * element2 + round_const) &gt;&gt; esize, esize),
    /// round_const = 1 &lt;&lt; (esize - 1) when rounding.
    /// </summary>
    internal static ulong DoublingMulHigh(ExecContext c, ulong a, ulong b, int esize, bool rounding)
    {
        Int128 product = 2 * Int(a, esize, false) * Int(b, esize, false);
        if (rounding) product += (Int128)1 << (esize - 1);
        return SatQ(c, product >> esize, esize, unsigned: false);
    }

    private static Outcome DoublingMulHighScalar(ExecContext c, uint w, bool rounding)
    {
        int esize = SizeEsize(w);
        ulong result = DoublingMulHigh(c, Elem(c.V(Rn(w)), 0, esize), Elem(c.V(Rm(w)), 0, esize), esize, rounding);
        c.SetV(Rd(w), result);
        return Outcome.Continue;
    }

    public static Outcome SQDMULH_scalar(ExecContext c, uint w) => DoublingMulHighScalar(c, w, rounding: false);
    public static Outcome SQRDMULH_scalar(ExecContext c, uint w) => DoublingMulHighScalar(c, w, rounding: true);

    // ------------------------------------------------------------------ scalar three different

    /// <summary>
    /// SQDMULL/SQDMLAL/SQDMLSL on one element pair: (product, sat1) = SignedSatQ(2 * e1 * e2, 2 * esize);
    /// accum = acc ± product; (result, sat2) = SignedSatQ(accum, 2 * esize); QC if either saturated.
    /// <paramref name="op"/> is 0 for multiply only, +1 to accumulate, -1 to subtract.
    /// </summary>
    internal static ulong DoublingMulLong(ExecContext c, ulong a, ulong b, ulong accumulator, int esize, int op)
    {
        ulong product = SatQ(c, 2 * Int(a, esize, false) * Int(b, esize, false), 2 * esize, unsigned: false);
        if (op == 0) return product;
        Int128 acc = Int(accumulator, 2 * esize, false);
        Int128 p = Int(product, 2 * esize, false);
        return SatQ(c, op > 0 ? acc + p : acc - p, 2 * esize, unsigned: false);
    }

    private static Outcome DoublingMulLongScalar(ExecContext c, uint w, int op)
    {
        int esize = SizeEsize(w);
        int d = Rd(w);
        ulong result = DoublingMulLong(c, Elem(c.V(Rn(w)), 0, esize), Elem(c.V(Rm(w)), 0, esize),
            Elem(c.V(d), 0, 2 * esize), esize, op);
        c.SetV(d, result);
        return Outcome.Continue;
    }

    public static Outcome SQDMLAL_scalar(ExecContext c, uint w) => DoublingMulLongScalar(c, w, +1);
    public static Outcome SQDMLSL_scalar(ExecContext c, uint w) => DoublingMulLongScalar(c, w, -1);
    public static Outcome SQDMULL_scalar(ExecContext c, uint w) => DoublingMulLongScalar(c, w, 0);

    // ------------------------------------------------------------------ scalar two-register miscellaneous

    /// <summary>
    /// SUQADD (U = 0) / USQADD (U = 1): op1 = Int(Elem[V[n]], !unsigned), op2 = Int(Elem[V[d]], unsigned),
    /// result SatQ(op1 + op2, esize, unsigned).
    /// </summary>
    private static Outcome SatAccumulate(ExecContext c, uint w, bool unsigned)
    {
        int esize = SizeEsize(w);
        int d = Rd(w);
        Int128 op1 = Int(Elem(c.V(Rn(w)), 0, esize), esize, !unsigned);
        Int128 op2 = Int(Elem(c.V(d), 0, esize), esize, unsigned);
        c.SetV(d, SatQ(c, op1 + op2, esize, unsigned));
        return Outcome.Continue;
    }

    public static Outcome SUQADD_scalar(ExecContext c, uint w) => SatAccumulate(c, w, unsigned: false);
    public static Outcome USQADD_scalar(ExecContext c, uint w) => SatAccumulate(c, w, unsigned: true);

    private static Outcome SatAbsNeg(ExecContext c, uint w, bool neg)
    {
        int esize = SizeEsize(w);
        Int128 element = Int(Elem(c.V(Rn(w)), 0, esize), esize, false);
        element = neg ? -element : Int128.Abs(element);
        c.SetV(Rd(w), SatQ(c, element, esize, unsigned: false));
        return Outcome.Continue;
    }

    public static Outcome SQABS_scalar(ExecContext c, uint w) => SatAbsNeg(c, w, neg: false);
    public static Outcome SQNEG_scalar(ExecContext c, uint w) => SatAbsNeg(c, w, neg: true);

    private enum CmpZero { Gt, Ge, Eq, Le, Lt }

    /// <summary>CMGT/CMGE/CMEQ/CMLE/CMLT (zero), scalar (64-bit only).</summary>
    private static Outcome CompareZero(ExecContext c, uint w, CmpZero cmp)
    {
        long element = (long)(ulong)c.V(Rn(w));
        bool test = cmp switch
        {
            CmpZero.Gt => element > 0,
            CmpZero.Ge => element >= 0,
            CmpZero.Eq => element == 0,
            CmpZero.Le => element <= 0,
            _ => element < 0,
        };
        c.SetV(Rd(w), test ? ulong.MaxValue : 0ul);
        return Outcome.Continue;
    }

    public static Outcome CMGT_zero_scalar(ExecContext c, uint w) => CompareZero(c, w, CmpZero.Gt);
    public static Outcome CMGE_zero_scalar(ExecContext c, uint w) => CompareZero(c, w, CmpZero.Ge);
    public static Outcome CMEQ_zero_scalar(ExecContext c, uint w) => CompareZero(c, w, CmpZero.Eq);
    public static Outcome CMLE_zero_scalar(ExecContext c, uint w) => CompareZero(c, w, CmpZero.Le);
    public static Outcome CMLT_zero_scalar(ExecContext c, uint w) => CompareZero(c, w, CmpZero.Lt);

    /// <summary>ABS, scalar (64-bit only): the low 64 bits of |SInt(element)| (ABS of the minimum is the minimum).</summary>
    public static Outcome ABS_scalar(ExecContext c, uint w)
    {
        long element = (long)(ulong)c.V(Rn(w));
        c.SetV(Rd(w), element < 0 ? 0ul - (ulong)element : (ulong)element);
        return Outcome.Continue;
    }

    /// <summary>NEG (vector), scalar (64-bit only).</summary>
    public static Outcome NEG_scalar(ExecContext c, uint w)
    {
        c.SetV(Rd(w), 0ul - (ulong)c.V(Rn(w)));
        return Outcome.Continue;
    }

    /// <summary>SQXTN/UQXTN/SQXTUN, scalar: SatQ(Int(Elem[V[n], 0, 2 * esize], srcUnsigned), esize, dstUnsigned).</summary>
    private static Outcome SatNarrow(ExecContext c, uint w, bool srcUnsigned, bool dstUnsigned)
    {
        int esize = SizeEsize(w);
        Int128 element = Int(Elem(c.V(Rn(w)), 0, 2 * esize), 2 * esize, srcUnsigned);
        c.SetV(Rd(w), SatQ(c, element, esize, dstUnsigned));
        return Outcome.Continue;
    }

    public static Outcome SQXTN_scalar(ExecContext c, uint w) => SatNarrow(c, w, srcUnsigned: false, dstUnsigned: false);
    public static Outcome UQXTN_scalar(ExecContext c, uint w) => SatNarrow(c, w, srcUnsigned: true, dstUnsigned: true);
    public static Outcome SQXTUN_scalar(ExecContext c, uint w) => SatNarrow(c, w, srcUnsigned: false, dstUnsigned: true);
}
