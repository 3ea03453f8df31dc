using System.Runtime.CompilerServices;
using static A64Jit.Core.Interpretation.Pseudocode;

namespace A64Jit.Core.Interpretation;

/// <summary>
/// Element access and saturation helpers of the Arm ARM's SIMD pseudo-code (Elem[], Vpart[],
/// Int(), SatQ(), FPSR.QC) used by the scalar, shift-by-immediate, by-element and crypto
/// semantics. Integers are carried in <see cref="Int128"/>, which holds every intermediate
/// value of these instructions exactly (64-bit operands, doubled products, rounding constants).
/// </summary>
internal static unsafe class AdvancedSimdScalarElements
{
    /// <summary>FPSR.QC, the cumulative saturation flag (bit 27).</summary>
    public const uint FpsrQc = 1u << 27;

    /// <summary>Elem[vector, e, esize], zero-extended.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Elem(UInt128 vector, int e, int esize) => (ulong)(vector >> (e * esize)) & Ones(esize);

    /// <summary>Elem[vector, e, esize] = value: returns the vector with that element replaced.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt128 WithElem(UInt128 vector, int e, int esize, ulong value)
    {
        int shift = e * esize;
        UInt128 mask = (UInt128)Ones(esize) << shift;
        return (vector & ~mask) | ((UInt128)(value & Ones(esize)) << shift);
    }

    /// <summary>Int(x, unsigned) for an <paramref name="esize"/>-bit value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Int128 Int(ulong x, int esize, bool unsigned) =>
        unsigned ? (Int128)Trunc(x, esize) : (Int128)(long)SignExtend(x, esize);

    /// <summary>The low <paramref name="n"/> bits of an integer (the pseudo-code's <c>i&lt;n-1:0&gt;</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Low(Int128 i, int n) => Trunc((ulong)i, n);

    /// <summary>
    /// SatQ(i, N, unsigned): <paramref name="i"/> clamped to the N-bit signed or unsigned range,
    /// as N bits, and whether it had to be clamped.
    /// </summary>
    public static ulong SatQ(Int128 i, int n, bool unsigned, out bool saturated)
    {
        Int128 max = unsigned ? ((Int128)1 << n) - 1 : ((Int128)1 << (n - 1)) - 1;
        Int128 min = unsigned ? 0 : -((Int128)1 << (n - 1));
        saturated = true;
        if (i > max) return Low(max, n);
        if (i < min) return Low(min, n);
        saturated = false;
        return Low(i, n);
    }

    /// <summary>SatQ that sets FPSR.QC when it clamps.</summary>
    public static ulong SatQ(ExecContext c, Int128 i, int n, bool unsigned)
    {
        ulong r = SatQ(i, n, unsigned, out bool sat);
        if (sat) SetQc(c);
        return r;
    }

    /// <summary>FPSR.QC = '1'.</summary>
    public static void SetQc(ExecContext c) => c.State->Fpsr |= FpsrQc;

    /// <summary>
    /// <c>(x + round_const) &lt;&lt; shift</c> of the shift-by-register instructions (SSHL, SRSHL,
    /// SQSHL, SQRSHL and unsigned forms), for an operand of at most 64 bits and a shift of
    /// -128..127, where a negative shift shifts right and round_const is <c>1 &lt;&lt; (-shift - 1)</c>
    /// when rounding a right shift. Left shifts by 64 or more of a non-zero value give a value
    /// with the same sign, zero low 64 bits and a magnitude beyond every saturation bound.
    /// </summary>
    public static Int128 ShiftByRegister(Int128 x, int shift, bool rounding)
    {
        if (shift >= 0)
        {
            if (shift >= 64) return x == 0 ? 0 : x > 0 ? (Int128)1 << 100 : -((Int128)1 << 100);
            return x << shift;
        }
        int right = -shift;
        if (right > 64)
        {
            // |x| < 2^64 <= 2^(right-1): (x + 2^(right-1)) >> right is 0; x >> right is the sign.
            return rounding ? 0 : (x < 0 ? -1 : 0);
        }
        if (rounding) x += (Int128)1 << (right - 1);
        return x >> right;
    }

    /// <summary><c>(x + round_const) &gt;&gt; shift</c> for a right shift by an immediate 1..64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Int128 ShiftRight(Int128 x, int shift, bool rounding) =>
        (rounding ? x + ((Int128)1 << (shift - 1)) : x) >> shift;

    /// <summary>Vpart[n, part]: the low (part 0) or high (part 1) 64 bits of V[n].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Vpart(ExecContext c, int n, int part) => part == 0 ? (ulong)c.V(n) : (ulong)(c.V(n) >> 64);

    /// <summary>Vpart[d, part] = value: part 0 writes the low half and clears the high half; part 1 writes the high half only.</summary>
    public static void SetVpart(ExecContext c, int d, int part, ulong value)
    {
        if (part == 0) c.SetV(d, value);
        else c.SetV(d, (c.V(d) & ulong.MaxValue) | ((UInt128)value << 64));
    }

    /// <summary>V[d] = value for a <paramref name="datasize"/>-bit result: bits above it are cleared.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetV(ExecContext c, int d, int datasize, UInt128 value) =>
        c.SetV(d, datasize == 128 ? value : value & Ones(datasize));
}
