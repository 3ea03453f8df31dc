using static A64Jit.Core.Interpretation.Pseudocode;
using static A64Jit.Core.Interpretation.AdvancedSimdScalarElements;

namespace A64Jit.Core.Interpretation;

/// <summary>
/// Semantics of the Advanced SIMD scalar and vector shift-by-immediate groups (integer forms).
/// immh:immb (bits 22:16) encodes both the element size (esize = 8 &lt;&lt; HighestSetBit(immh))
/// and the shift: right shifts by 2 * esize - UInt(immh:immb) (1..esize), left shifts by
/// UInt(immh:immb) - esize (0..esize-1).
/// </summary>
public static partial class AdvancedSimdScalar
{
    private static int ImmhEsize(uint w) => 8 << HighestSetBit(Bits(w, 22, 19));
    private static int ImmhImmb(uint w) => (int)Bits(w, 22, 16);
    private static int RightShift(uint w, int esize) => 2 * esize - ImmhImmb(w);
    private static int LeftShift(uint w, int esize) => ImmhImmb(w) - esize;

    /// <summary>datasize and element count: one esize element for the scalar forms, 64 or 128 bits by Q for the vector forms.</summary>
    private static void Shape(uint w, bool scalar, int esize, out int datasize, out int elements)
    {
        datasize = scalar ? esize : Bit(w, 30) ? 128 : 64;
        elements = datasize / esize;
    }

    // ------------------------------------------------------------------ right shifts (optionally rounding, accumulating)

    /// <summary>
    /// SSHR/USHR/SRSHR/URSHR/SSRA/USRA/SRSRA/URSRA: element = (Int(Elem[operand], unsigned) + round_const) &gt;&gt; shift;
    /// Elem[result] = Elem[operand2] + element, operand2 being V[d] when accumulating, else zero.
    /// </summary>
    private static Outcome ShiftRightImm(ExecContext c, uint w, bool scalar, bool unsigned, bool round, bool accumulate)
    {
        int esize = ImmhEsize(w);
        int shift = RightShift(w, esize);
        Shape(w, scalar, esize, out int datasize, out int elements);
        int d = Rd(w);
        UInt128 operand = c.V(Rn(w));
        UInt128 operand2 = accumulate ? c.V(d) : UInt128.Zero;
        UInt128 result = UInt128.Zero;
        for (int e = 0; e < elements; e++)
        {
            Int128 element = ShiftRight(Int(Elem(operand, e, esize), esize, unsigned), shift, round);
            result = WithElem(result, e, esize, Elem(operand2, e, esize) + Low(element, esize));
        }
        SetV(c, d, datasize, result);
        return Outcome.Continue;
    }

    public static Outcome SSHR_scalar(ExecContext c, uint w) => ShiftRightImm(c, w, true, unsigned: false, round: false, accumulate: false);
    public static Outcome USHR_scalar(ExecContext c, uint w) => ShiftRightImm(c, w, true, unsigned: true, round: false, accumulate: false);
    public static Outcome SSRA_scalar(ExecContext c, uint w) => ShiftRightImm(c, w, true, unsigned: false, round: false, accumulate: true);
    public static Outcome USRA_scalar(ExecContext c, uint w) => ShiftRightImm(c, w, true, unsigned: true, round: false, accumulate: true);
    public static Outcome SRSHR_scalar(ExecContext c, uint w) => ShiftRightImm(c, w, true, unsigned: false, round: true, accumulate: false);
    public static Outcome URSHR_scalar(ExecContext c, uint w) => ShiftRightImm(c, w, true, unsigned: true, round: true, accumulate: false);
    public static Outcome SRSRA_scalar(ExecContext c, uint w) => ShiftRightImm(c, w, true, unsigned: false, round: true, accumulate: true);
    public static Outcome URSRA_scalar(ExecContext c, uint w) => ShiftRightImm(c, w, true, unsigned: true, round: true, accumulate: true);

    public static Outcome SSHR_vector(ExecContext c, uint w) => ShiftRightImm(c, w, false, unsigned: false, round: false, accumulate: false);
    public static Outcome USHR_vector(ExecContext c, uint w) => ShiftRightImm(c, w, false, unsigned: true, round: false, accumulate: false);
    public static Outcome SSRA_vector(ExecContext c, uint w) => ShiftRightImm(c, w, false, unsigned: false, round: false, accumulate: true);
    public static Outcome USRA_vector(ExecContext c, uint w) => ShiftRightImm(c, w, false, unsigned: true, round: false, accumulate: true);
    public static Outcome SRSHR_vector(ExecContext c, uint w) => ShiftRightImm(c, w, false, unsigned: false, round: true, accumulate: false);
    public static Outcome URSHR_vector(ExecContext c, uint w) => ShiftRightImm(c, w, false, unsigned: true, round: true, accumulate: false);
    public static Outcome SRSRA_vector(ExecContext c, uint w) => ShiftRightImm(c, w, false, unsigned: false, round: true, accumulate: true);
    public static Outcome URSRA_vector(ExecContext c, uint w) => ShiftRightImm(c, w, false, unsigned: true, round: true, accumulate: true);

    // ------------------------------------------------------------------ shift and insert, shift left

    /// <summary>
    /// SRI: mask = LSR(Ones(esize), shift); Elem[result] = (Elem[V[d]] AND NOT(mask)) OR LSR(Elem[V[n]], shift).
    /// SLI: the same with LSL and the left shift amount.
    /// </summary>
    private static Outcome ShiftInsert(ExecContext c, uint w, bool scalar, bool left)
    {
        int esize = ImmhEsize(w);
        int shift = left ? LeftShift(w, esize) : RightShift(w, esize);
        Shape(w, scalar, esize, out int datasize, out int elements);
        int d = Rd(w);
        UInt128 operand = c.V(Rn(w));
        UInt128 operand2 = c.V(d);
        ulong mask = left ? LSL(Ones(esize), shift, esize) : LSR(Ones(esize), shift, esize);
        UInt128 result = UInt128.Zero;
        for (int e = 0; e < elements; e++)
        {
            ulong element = Elem(operand, e, esize);
            ulong shifted = left ? LSL(element, shift, esize) : LSR(element, shift, esize);
            result = WithElem(result, e, esize, (Elem(operand2, e, esize) & ~mask) | shifted);
        }
        SetV(c, d, datasize, result);
        return Outcome.Continue;
    }

    public static Outcome SRI_scalar(ExecContext c, uint w) => ShiftInsert(c, w, true, left: false);
    public static Outcome SLI_scalar(ExecContext c, uint w) => ShiftInsert(c, w, true, left: true);
    public static Outcome SRI_vector(ExecContext c, uint w) => ShiftInsert(c, w, false, left: false);
    public static Outcome SLI_vector(ExecContext c, uint w) => ShiftInsert(c, w, false, left: true);

    /// <summary>SHL: Elem[result] = LSL(Elem[V[n]], shift).</summary>
    private static Outcome ShiftLeftImm(ExecContext c, uint w, bool scalar)
    {
        int esize = ImmhEsize(w);
        int shift = LeftShift(w, esize);
        Shape(w, scalar, esize, out int datasize, out int elements);
        UInt128 operand = c.V(Rn(w));
        UInt128 result = UInt128.Zero;
        for (int e = 0; e < elements; e++)
            result = WithElem(result, e, esize, LSL(Elem(operand, e, esize), shift, esize));
        SetV(c, Rd(w), datasize, result);
        return Outcome.Continue;
    }

    public static Outcome SHL_scalar(ExecContext c, uint w) => ShiftLeftImm(c, w, true);
    public static Outcome SHL_vector(ExecContext c, uint w) => ShiftLeftImm(c, w, false);

    /// <summary>SQSHLU/SQSHL/UQSHL (immediate): SatQ(Int(Elem[V[n]], srcUnsigned) &lt;&lt; shift, esize, dstUnsigned).</summary>
    private static Outcome SatShiftLeftImm(ExecContext c, uint w, bool scalar, bool srcUnsigned, bool dstUnsigned)
    {
        int esize = ImmhEsize(w);
        int shift = LeftShift(w, esize);
        Shape(w, scalar, esize, out int datasize, out int elements);
        UInt128 operand = c.V(Rn(w));
        UInt128 result = UInt128.Zero;
        for (int e = 0; e < elements; e++)
        {
            Int128 element = Int(Elem(operand, e, esize), esize, srcUnsigned) << shift;
            result = WithElem(result, e, esize, SatQ(c, element, esize, dstUnsigned));
        }
        SetV(c, Rd(w), datasize, result);
        return Outcome.Continue;
    }

    public static Outcome SQSHLU_scalar(ExecContext c, uint w) => SatShiftLeftImm(c, w, true, srcUnsigned: false, dstUnsigned: true);
    public static Outcome SQSHL_imm_scalar(ExecContext c, uint w) => SatShiftLeftImm(c, w, true, srcUnsigned: false, dstUnsigned: false);
    public static Outcome UQSHL_imm_scalar(ExecContext c, uint w) => SatShiftLeftImm(c, w, true, srcUnsigned: true, dstUnsigned: true);
    public static Outcome SQSHLU_vector(ExecContext c, uint w) => SatShiftLeftImm(c, w, false, srcUnsigned: false, dstUnsigned: true);
    public static Outcome SQSHL_imm_vector(ExecContext c, uint w) => SatShiftLeftImm(c, w, false, srcUnsigned: false, dstUnsigned: false);
    public static Outcome UQSHL_imm_vector(ExecContext c, uint w) => SatShiftLeftImm(c, w, false, srcUnsigned: true, dstUnsigned: true);

    // ------------------------------------------------------------------ narrowing right shifts

    /// <summary>
    /// SHRN/RSHRN and the saturating SQSHRN/UQSHRN/SQRSHRN/UQRSHRN/SQSHRUN/SQRSHRUN:
    /// element = (Int(Elem[V[n], e, 2 * esize], srcUnsigned) + round_const) &gt;&gt; shift, then either
    /// truncated or SatQ(element, esize, dstUnsigned). The scalar forms write one esize element to
    /// V[d]; the vector forms write Vpart[d, Q] (the "2" variants fill the upper half).
    /// </summary>
    private static Outcome ShiftRightNarrow(ExecContext c, uint w, bool scalar, bool round, bool saturating, bool srcUnsigned, bool dstUnsigned)
    {
        int esize = ImmhEsize(w);
        int shift = RightShift(w, esize);
        int elements = scalar ? 1 : 64 / esize;
        UInt128 operand = c.V(Rn(w));
        UInt128 result = UInt128.Zero;
        for (int e = 0; e < elements; e++)
        {
            Int128 element = ShiftRight(Int(Elem(operand, e, 2 * esize), 2 * esize, srcUnsigned), shift, round);
            ulong narrowed = saturating ? SatQ(c, element, esize, dstUnsigned) : Low(element, esize);
            result = WithElem(result, e, esize, narrowed);
        }
        if (scalar) c.SetV(Rd(w), result);
        else SetVpart(c, Rd(w), Bit(w, 30) ? 1 : 0, (ulong)result);
        return Outcome.Continue;
    }

    public static Outcome SQSHRUN_scalar(ExecContext c, uint w) => ShiftRightNarrow(c, w, true, round: false, saturating: true, srcUnsigned: false, dstUnsigned: true);
    public static Outcome SQRSHRUN_scalar(ExecContext c, uint w) => ShiftRightNarrow(c, w, true, round: true, saturating: true, srcUnsigned: false, dstUnsigned: true);
    public static Outcome SQSHRN_scalar(ExecContext c, uint w) => ShiftRightNarrow(c, w, true, round: false, saturating: true, srcUnsigned: false, dstUnsigned: false);
    public static Outcome UQSHRN_scalar(ExecContext c, uint w) => ShiftRightNarrow(c, w, true, round: false, saturating: true, srcUnsigned: true, dstUnsigned: true);
    public static Outcome SQRSHRN_scalar(ExecContext c, uint w) => ShiftRightNarrow(c, w, true, round: true, saturating: true, srcUnsigned: false, dstUnsigned: false);
    public static Outcome UQRSHRN_scalar(ExecContext c, uint w) => ShiftRightNarrow(c, w, true, round: true, saturating: true, srcUnsigned: true, dstUnsigned: true);

    public static Outcome SHRN_vector(ExecContext c, uint w) => ShiftRightNarrow(c, w, false, round: false, saturating: false, srcUnsigned: true, dstUnsigned: true);
    public static Outcome RSHRN_vector(ExecContext c, uint w) => ShiftRightNarrow(c, w, false, round: true, saturating: false, srcUnsigned: true, dstUnsigned: true);
    public static Outcome SQSHRUN_vector(ExecContext c, uint w) => ShiftRightNarrow(c, w, false, round: false, saturating: true, srcUnsigned: false, dstUnsigned: true);
    public static Outcome SQRSHRUN_vector(ExecContext c, uint w) => ShiftRightNarrow(c, w, false, round: true, saturating: true, srcUnsigned: false, dstUnsigned: true);
    public static Outcome SQSHRN_vector(ExecContext c, uint w) => ShiftRightNarrow(c, w, false, round: false, saturating: true, srcUnsigned: false, dstUnsigned: false);
    public static Outcome UQSHRN_vector(ExecContext c, uint w) => ShiftRightNarrow(c, w, false, round: false, saturating: true, srcUnsigned: true, dstUnsigned: true);
    public static Outcome SQRSHRN_vector(ExecContext c, uint w) => ShiftRightNarrow(c, w, false, round: true, saturating: true, srcUnsigned: false, dstUnsigned: false);
    public static Outcome UQRSHRN_vector(ExecContext c, uint w) => ShiftRightNarrow(c, w, false, round: true, saturating: true, srcUnsigned: true, dstUnsigned: true);

    // ------------------------------------------------------------------ lengthening left shifts

    /// <summary>SSHLL/USHLL (and the "2" variants): Elem[result, e, 2 * esize] = Int(Elem[Vpart[n, Q], e, esize], unsigned) &lt;&lt; shift.</summary>
    private static Outcome ShiftLeftLong(ExecContext c, uint w, bool unsigned)
    {
        int esize = ImmhEsize(w);
        int shift = LeftShift(w, esize);
        int elements = 64 / esize;
        UInt128 operand = Vpart(c, Rn(w), Bit(w, 30) ? 1 : 0);
        UInt128 result = UInt128.Zero;
        for (int e = 0; e < elements; e++)
        {
            Int128 element = Int(Elem(operand, e, esize), esize, unsigned) << shift;
            result = WithElem(result, e, 2 * esize, Low(element, 2 * esize));
        }
        c.SetV(Rd(w), result);
        return Outcome.Continue;
    }

    public static Outcome SSHLL_vector(ExecContext c, uint w) => ShiftLeftLong(c, w, unsigned: false);
    public static Outcome USHLL_vector(ExecContext c, uint w) => ShiftLeftLong(c, w, unsigned: true);
}
