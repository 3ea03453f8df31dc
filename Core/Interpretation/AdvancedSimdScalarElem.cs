using static A64Jit.Core.Interpretation.Pseudocode;
using static A64Jit.Core.Interpretation.AdvancedSimdScalarElements;

namespace A64Jit.Core.Interpretation;

/// <summary>
/// Semantics of the integer encodings of the Advanced SIMD vector x indexed element and
/// scalar x indexed element groups. The element of V[m] is selected by
/// size 01: index = H:L:M, m = Rm&lt;3:0&gt; (V0-V15); size 10: index = H:L, m = M:Rm&lt;3:0&gt;.
/// </summary>
public static partial class AdvancedSimdScalar
{
    /// <summary>The esize and the selected element of V[m] (element2).</summary>
    private static ulong IndexedElement(ExecContext c, uint w, out int esize)
    {
        uint size = Bits(w, 23, 22);
        uint h = Bits(w, 11, 11), l = Bits(w, 21, 21), mBit = Bits(w, 20, 20);
        int index, m;
        if (size == 1)
        {
            index = (int)(h << 2 | l << 1 | mBit);
            m = (int)Bits(w, 19, 16);
        }
        else
        {
            index = (int)(h << 1 | l);
            m = (int)(mBit << 4 | Bits(w, 19, 16));
        }
        esize = 8 << (int)size;
        return Elem(c.V(m), index, esize);
    }

    // ------------------------------------------------------------------ same-size results

    /// <summary>MUL/MLA/MLS (by element): Elem[result] = Elem[V[d]] ± element1 * element2 (esize bits).</summary>
    private static Outcome MulElem(ExecContext c, uint w, int op)
    {
        ulong element2 = IndexedElement(c, w, out int esize);
        int datasize = Bit(w, 30) ? 128 : 64;
        int elements = datasize / esize;
        int d = Rd(w);
        UInt128 operand1 = c.V(Rn(w));
        UInt128 operand3 = c.V(d);
        UInt128 result = UInt128.Zero;
        for (int e = 0; e < elements; e++)
        {
            ulong product = Elem(operand1, e, esize) * element2;
            ulong acc = Elem(operand3, e, esize);
            ulong value = op == 0 ? product : op > 0 ? acc + product : acc - product;
            result = WithElem(result, e, esize, value);
        }
        SetV(c, d, datasize, result);
        return Outcome.Continue;
    }

    public static Outcome MUL_elem(ExecContext c, uint w) => MulElem(c, w, 0);
    public static Outcome MLA_elem(ExecContext c, uint w) => MulElem(c, w, +1);
    public static Outcome MLS_elem(ExecContext c, uint w) => MulElem(c, w, -1);

    /// <summary>SQDMULH/SQRDMULH (by element), vector or scalar.</summary>
    private static Outcome DoublingMulHighElem(ExecContext c, uint w, bool scalar, bool rounding)
    {
        ulong element2 = IndexedElement(c, w, out int esize);
        int datasize = scalar ? esize : Bit(w, 30) ? 128 : 64;
        int elements = datasize / esize;
        UInt128 operand1 = c.V(Rn(w));
        UInt128 result = UInt128.Zero;
        for (int e = 0; e < elements; e++)
            result = WithElem(result, e, esize, DoublingMulHigh(c, Elem(operand1, e, esize), element2, esize, rounding));
        SetV(c, Rd(w), datasize, result);
        return Outcome.Continue;
    }

    public static Outcome SQDMULH_elem(ExecContext c, uint w) => DoublingMulHighElem(c, w, false, rounding: false);
    public static Outcome SQRDMULH_elem(ExecContext c, uint w) => DoublingMulHighElem(c, w, false, rounding: true);
    public static Outcome SQDMULH_elem_scalar(ExecContext c, uint w) => DoublingMulHighElem(c, w, true, rounding: false);
    public static Outcome SQRDMULH_elem_scalar(ExecContext c, uint w) => DoublingMulHighElem(c, w, true, rounding: true);

    // ------------------------------------------------------------------ lengthening

    /// <summary>
    /// SMULL/UMULL/SMLAL/UMLAL/SMLSL/UMLSL (by element): operand1 = Vpart[n, Q];
    /// Elem[result, e, 2 * esize] = Elem[V[d]] ± Int(element1, unsigned) * Int(element2, unsigned).
    /// </summary>
    private static Outcome MulLongElem(ExecContext c, uint w, bool unsigned, int op)
    {
        ulong element2 = IndexedElement(c, w, out int esize);
        int elements = 64 / esize;
        int d = Rd(w);
        UInt128 operand1 = Vpart(c, Rn(w), Bit(w, 30) ? 1 : 0);
        UInt128 operand3 = c.V(d);
        Int128 e2 = Int(element2, esize, unsigned);
        UInt128 result = UInt128.Zero;
        for (int e = 0; e < elements; e++)
        {
            ulong product = Low(Int(Elem(operand1, e, esize), esize, unsigned) * e2, 2 * esize);
            ulong acc = Elem(operand3, e, 2 * esize);
            ulong value = op == 0 ? product : op > 0 ? acc + product : acc - product;
            result = WithElem(result, e, 2 * esize, value);
        }
        c.SetV(d, result);
        return Outcome.Continue;
    }

    public static Outcome SMULL_elem(ExecContext c, uint w) => MulLongElem(c, w, unsigned: false, 0);
    public static Outcome UMULL_elem(ExecContext c, uint w) => MulLongElem(c, w, unsigned: true, 0);
    public static Outcome SMLAL_elem(ExecContext c, uint w) => MulLongElem(c, w, unsigned: false, +1);
    public static Outcome UMLAL_elem(ExecContext c, uint w) => MulLongElem(c, w, unsigned: true, +1);
    public static Outcome SMLSL_elem(ExecContext c, uint w) => MulLongElem(c, w, unsigned: false, -1);
    public static Outcome UMLSL_elem(ExecContext c, uint w) => MulLongElem(c, w, unsigned: true, -1);

    /// <summary>SQDMULL/SQDMLAL/SQDMLSL (by element), vector (operand1 = Vpart[n, Q]) or scalar (element 0 of V[n]).</summary>
    private static Outcome DoublingMulLongElem(ExecContext c, uint w, bool scalar, int op)
    {
        ulong element2 = IndexedElement(c, w, out int esize);
        int elements = scalar ? 1 : 64 / esize;
        int d = Rd(w);
        UInt128 operand1 = scalar ? c.V(Rn(w)) : Vpart(c, Rn(w), Bit(w, 30) ? 1 : 0);
        UInt128 operand3 = c.V(d);
        UInt128 result = UInt128.Zero;
        for (int e = 0; e < elements; e++)
        {
            ulong value = DoublingMulLong(c, Elem(operand1, e, esize), element2, Elem(operand3, e, 2 * esize), esize, op);
            result = WithElem(result, e, 2 * esize, value);
        }
        c.SetV(d, result);
        return Outcome.Continue;
    }

    public static Outcome SQDMULL_elem(ExecContext c, uint w) => DoublingMulLongElem(c, w, false, 0);
    public static Outcome SQDMLAL_elem(ExecContext c, uint w) => DoublingMulLongElem(c, w, false, +1);
    public static Outcome SQDMLSL_elem(ExecContext c, uint w) => DoublingMulLongElem(c, w, false, -1);
    public static Outcome SQDMULL_elem_scalar(ExecContext c, uint w) => DoublingMulLongElem(c, w, true, 0);
    public static Outcome SQDMLAL_elem_scalar(ExecContext c, uint w) => DoublingMulLongElem(c, w, true, +1);
    public static Outcome SQDMLSL_elem_scalar(ExecContext c, uint w) => DoublingMulLongElem(c, w, true, -1);
}
