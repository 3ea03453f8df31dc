using System.Runtime.CompilerServices;
using static A64Jit.Core.Interpretation.Pseudocode;

namespace A64Jit.Core.Interpretation;

/// <summary>
/// Element access on 128-bit vector values (the Arm ARM's <c>Elem[vector, e, esize]</c>) and
/// the saturation helpers of the Advanced SIMD pseudo-code (SignedSatQ, UnsignedSatQ,
/// SatQ). Element <c>e</c> of size <c>esize</c> bits occupies bits
/// <c>(e+1)*esize-1 : e*esize</c>.
/// </summary>
public static class SimdElements
{
    /// <summary>FPSR.QC, the cumulative saturation bit.</summary>
    public const uint FpsrQc = 1u << 27;

    /// <summary>Elem[v, e, esize], zero-extended.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Elem(UInt128 v, int e, int esize) => (ulong)(v >> (e * esize)) & Ones(esize);

    /// <summary>SInt(Elem[v, e, esize]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long SElem(UInt128 v, int e, int esize) => SInt(Elem(v, e, esize), esize);

    /// <summary>Elem[v, e, esize] = value (the low esize bits of value).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt128 WithElem(UInt128 v, int e, int esize, ulong value)
    {
        int shift = e * esize;
        UInt128 mask = (UInt128)Ones(esize) << shift;
        return (v & ~mask) | ((UInt128)(value & Ones(esize)) << shift);
    }

    /// <summary>Sets Elem[v, e, esize] = value in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetElem(ref UInt128 v, int e, int esize, ulong value) => v = WithElem(v, e, esize, value);

    /// <summary>The signed value of the low <paramref name="bits"/> bits of <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long SInt(ulong x, int bits) => (long)(x << (64 - bits)) >> (64 - bits);

    /// <summary>The low <paramref name="datasize"/> bits of <paramref name="v"/> (64 or 128).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt128 Low(UInt128 v, int datasize) => datasize >= 128 ? v : (UInt128)(ulong)v;

    /// <summary>Vpart[n, part]: the low (part 0) or high (part 1) 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Half(UInt128 v, int part) => part == 0 ? (ulong)v : (ulong)(v >> 64);

    /// <summary>Replicates the low esize bits of x over datasize (64 or 128) bits.</summary>
    public static UInt128 Replicate128(ulong x, int esize, int datasize)
    {
        ulong r = Replicate(x, esize, 64);
        return datasize == 128 ? new UInt128(r, r) : r;
    }

    // ------------------------------------------------------------------ saturation

    /// <summary>SignedSatQ(i, n): i clamped to the signed n-bit range, as n bits; sat set when clamped.</summary>
    public static ulong SignedSat(Int128 i, int n, ref bool sat)
    {
        Int128 max = (Int128.One << (n - 1)) - 1, min = -(Int128.One << (n - 1));
        if (i > max) { sat = true; i = max; }
        else if (i < min) { sat = true; i = min; }
        return (ulong)i & Ones(n);
    }

    /// <summary>UnsignedSatQ(i, n): i clamped to 0 .. 2^n-1; sat set when clamped.</summary>
    public static ulong UnsignedSat(Int128 i, int n, ref bool sat)
    {
        Int128 max = (Int128.One << n) - 1;
        if (i > max) { sat = true; i = max; }
        else if (i < 0) { sat = true; i = 0; }
        return (ulong)i & Ones(n);
    }

    /// <summary>SatQ(i, n, unsigned).</summary>
    public static ulong Sat(Int128 i, int n, bool unsigned, ref bool sat) =>
        unsigned ? UnsignedSat(i, n, ref sat) : SignedSat(i, n, ref sat);

    /// <summary>Int(Elem, unsigned): the element's value as an integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Int128 Int(ulong x, int bits, bool unsigned) => unsigned ? (Int128)Trunc(x, bits) : (Int128)SInt(x, bits);

    /// <summary>Sets FPSR.QC when <paramref name="sat"/>.</summary>
    public static unsafe void SetQc(ExecContext c, bool sat)
    {
        if (sat) c.State->Fpsr |= FpsrQc;
    }
}
