using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using A64Jit.Core.Interpretation;
using A64Jit.Core.State;

namespace A64Jit.Translator.Emission;

/// <summary>
/// Small per-operation entry points for floating point in translated code, written to be
/// inlined into the translation: the host computes the result and one test decides whether
/// it is the architecture's; everything else calls the exact paths of
/// <see cref="SimdFpRuntime"/> out of line.
/// </summary>
/// <remarks>
/// The inlined path is taken only when FPCR.RMode/FZ/DN are at their defaults and FPSR.IXC is
/// already set (one 64-bit load covers FPCR and FPSR, which are adjacent in
/// <see cref="CpuState"/>). Inexact then needs no computing, because the flag is cumulative,
/// and the result needs only a range test:
/// <list type="bullet">
/// <item>add, subtract (and FABD): a finite result implies finite operands and no overflow; a
/// sum that is subnormal or zero is exact, so it raises no Underflow (tininess and inexactness
/// are both required) and, with FZ clear, subnormal operands raise no Input Denormal;</item>
/// <item>multiply, divide, fused multiply-add: the result must be a normal number with a biased
/// exponent of at least 2, so neither the rounded nor the unrounded value is tiny (Underflow
/// is detected before rounding), no operand was an infinity or NaN, no division was by zero
/// and nothing overflowed;</item>
/// <item>square root: a positive finite operand (subnormal allowed) has a normal, exact-mode
/// IEEE result.</item>
/// </list>
/// IEEE 754 round-to-nearest results of the host are then those of FPCore.
/// </remarks>
public static unsafe class SimdFpFast
{
    /// <summary>Bits of (FPCR | FPSR &lt;&lt; 32) that are tested, and the value they must have.</summary>
    private const ulong IxcMask = SimdFpRuntime.FastFpcrMask | ((ulong)FPCore.IXC << 32);
    private const ulong IxcWant = (ulong)FPCore.IXC << 32;

    /// <summary>Smallest magnitudes with a biased exponent of 2.</summary>
    private const double MinD = 4.4501477170144028e-308;   // 2^-1021
    private const float MinS = 2.3509887e-38f;              // 2^-125

    /// <summary>
    /// True when the inlined paths may be taken: FPCR.RMode/FZ/DN clear and FPSR.IXC set.
    /// Translated code evaluates it once per block (FPCR changes only through MSR, which ends
    /// a block, and within a block FPSR bits are only ever set) and passes it to the entry points.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool FastMode(CpuState* s) => (*(ulong*)&s->Fpcr & IxcMask) == IxcWant;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool FiniteD(ulong r) => ((uint)(r >> 52) & 0x7FF) != 0x7FF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool FiniteS(ulong r) => (((uint)r >> 23) & 0xFF) != 0xFF;

    /// <summary>A finite normal number with a biased exponent of at least 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool NormalD(ulong r) => ((uint)(r >> 52) & 0x7FF) - 2u <= 0x7FCu;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool NormalS(ulong r) => (((uint)r >> 23) & 0xFF) - 2u <= 0xFCu;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double D(ulong x) => BitConverter.UInt64BitsToDouble(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float F(ulong x) => BitConverter.UInt32BitsToSingle((uint)x);

    // ------------------------------------------------------------------ scalar
    // The scalar entry points take the operands' values (the low 64 bits of the V registers,
    // which translated code may hold in locals) as well as the register numbers (the state is
    // always current, so the exact path reads the registers), write V[d] in the state and
    // return its new low 64 bits.

    /// <summary>FADD/FSUB/FMUL/FDIV/FNMUL (scalar) of double: op 0 add, 1 sub, 2 mul, 3 div, 4 nmul.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ArithD(CpuState* s, bool fast, int op, ulong a, ulong b, int d, int n, int m)
    {
        double x = D(a), y = D(b);
        double r = op switch { 0 => x + y, 1 => x - y, 2 => x * y, 4 => -(x * y), _ => x / y };
        ulong bits = BitConverter.DoubleToUInt64Bits(r);
        if (fast && (op <= 1 ? FiniteD(bits) : NormalD(bits)))
        {
            s->V[2 * d] = bits;
            s->V[2 * d + 1] = 0;
            return bits;
        }
        return ArithSlow(s, op, 64, d, n, m);
    }

    /// <summary>FADD/FSUB/FMUL/FDIV/FNMUL (scalar) of single.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ArithS(CpuState* s, bool fast, int op, ulong a, ulong b, int d, int n, int m)
    {
        float x = F(a), y = F(b);
        float r = op switch { 0 => x + y, 1 => x - y, 2 => x * y, 4 => -(x * y), _ => x / y };
        ulong bits = BitConverter.SingleToUInt32Bits(r);
        if (fast && (op <= 1 ? FiniteS(bits) : NormalS(bits)))
        {
            s->V[2 * d] = bits;
            s->V[2 * d + 1] = 0;
            return bits;
        }
        return ArithSlow(s, op, 32, d, n, m);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong ArithSlow(CpuState* s, int op, int size, int d, int n, int m)
    {
        SimdFpRuntime.ScalarOp(s, op, size, d, n, m);
        return s->V[2 * d];
    }

    /// <summary>FMADD/FMSUB/FNMADD/FNMSUB of double (addend value c in V[a]): negA negates the addend, negN the first multiplicand.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MulAddD(CpuState* s, bool fast, bool negA, bool negN, ulong vn, ulong vm, ulong va, int d, int n, int m, int a)
    {
        double c = D(va), x = D(vn), y = D(vm);
        if (negA) c = -c;
        if (negN) x = -x;
        ulong bits = BitConverter.DoubleToUInt64Bits(Math.FusedMultiplyAdd(x, y, c));
        if (fast && NormalD(bits))
        {
            s->V[2 * d] = bits;
            s->V[2 * d + 1] = 0;
            return bits;
        }
        return MulAddSlow(s, 64, negA, negN, d, n, m, a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MulAddS(CpuState* s, bool fast, bool negA, bool negN, ulong vn, ulong vm, ulong va, int d, int n, int m, int a)
    {
        float c = F(va), x = F(vn), y = F(vm);
        if (negA) c = -c;
        if (negN) x = -x;
        ulong bits = BitConverter.SingleToUInt32Bits(MathF.FusedMultiplyAdd(x, y, c));
        if (fast && NormalS(bits))
        {
            s->V[2 * d] = bits;
            s->V[2 * d + 1] = 0;
            return bits;
        }
        return MulAddSlow(s, 32, negA, negN, d, n, m, a);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong MulAddSlow(CpuState* s, int size, bool negA, bool negN, int d, int n, int m, int a)
    {
        SimdFpRuntime.ScalarMulAdd(s, size, negA, negN, d, n, m, a);
        return s->V[2 * d];
    }

    /// <summary>FSQRT (scalar) of double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong SqrtD(CpuState* s, bool fast, ulong a, int d, int n)
    {
        if (fast && a - 1 < 0x7FF0_0000_0000_0000ul - 1)
        {
            ulong bits = BitConverter.DoubleToUInt64Bits(Math.Sqrt(D(a)));
            s->V[2 * d] = bits;
            s->V[2 * d + 1] = 0;
            return bits;
        }
        return SqrtSlow(s, 64, d, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong SqrtS(CpuState* s, bool fast, ulong a, int d, int n)
    {
        if (fast && (uint)a - 1 < 0x7F80_0000u - 1)
        {
            ulong bits = BitConverter.SingleToUInt32Bits(MathF.Sqrt(F(a)));
            s->V[2 * d] = bits;
            s->V[2 * d + 1] = 0;
            return bits;
        }
        return SqrtSlow(s, 32, d, n);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong SqrtSlow(CpuState* s, int size, int d, int n)
    {
        SimdFpRuntime.ScalarSqrt(s, size, d, n);
        return s->V[2 * d];
    }

    /// <summary>FCMP/FCMPE of the values a and b (the low size bits; b is 0 for the compare with zero): NZCV in bits 31:28.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Compare(CpuState* s, int size, bool signalAll, ulong a, ulong b)
    {
        // Ordered operands compare as the host does unless FZ flushes subnormal ones (RMode and DN play no part).
        if ((s->Fpcr & FPCore.FZ) == 0)
        {
            double x = size == 64 ? D(a) : F(a), y = size == 64 ? D(b) : F(b);
            if (x == y) return 0x6000_0000u;
            if (x < y) return 0x8000_0000u;
            if (x > y) return 0x2000_0000u;
        }
        return CompareSlow(s, size, signalAll, a, b);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static uint CompareSlow(CpuState* s, int size, bool signalAll, ulong a, ulong b) =>
        FPCore.Compare(size == 32 ? (uint)a : a, size == 32 ? (uint)b : b, signalAll, size, s->Fpcr, ref s->Fpsr);

    // ------------------------------------------------------------------ vector

    /// <summary>
    /// FADD/FSUB/FMUL/FDIV/FABD/FMLA/FMLS (vector) of 2D: op 0 add, 1 sub, 2 mul, 3 div, 4 abd,
    /// 5 mla, 6 mls. Both lanes pass the test or the whole instruction takes the exact path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Vector2D(CpuState* s, bool fast, int op, int d, int n, int m)
    {
        Vector128<double> x = Vector128.Load((double*)(s->V + 2 * n)), y = Vector128.Load((double*)(s->V + 2 * m));
        Vector128<double> r = op switch
        {
            0 => x + y,
            1 => x - y,
            2 => x * y,
            3 => x / y,
            4 => Vector128.Abs(x - y),
            5 => Vector128.FusedMultiplyAdd(x, y, Vector128.Load((double*)(s->V + 2 * d))),
            _ => Vector128.FusedMultiplyAdd(-x, y, Vector128.Load((double*)(s->V + 2 * d))),
        };
        Vector128<double> a = Vector128.Abs(r), ok = Vector128.LessThan(a, Vector128.Create(double.PositiveInfinity));
        if (op is not (0 or 1 or 4)) ok &= Vector128.GreaterThanOrEqual(a, Vector128.Create(MinD));
        if (fast && ok.ExtractMostSignificantBits() == 0b11)
        {
            r.Store((double*)(s->V + 2 * d));
            return;
        }
        VectorSlow(s, op, 64, 128, d, n, m);
    }

    /// <summary>The same operations on 4S.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Vector4S(CpuState* s, bool fast, int op, int d, int n, int m)
    {
        Vector128<float> x = Vector128.Load((float*)(s->V + 2 * n)), y = Vector128.Load((float*)(s->V + 2 * m));
        Vector128<float> r = op switch
        {
            0 => x + y,
            1 => x - y,
            2 => x * y,
            3 => x / y,
            4 => Vector128.Abs(x - y),
            5 => Vector128.FusedMultiplyAdd(x, y, Vector128.Load((float*)(s->V + 2 * d))),
            _ => Vector128.FusedMultiplyAdd(-x, y, Vector128.Load((float*)(s->V + 2 * d))),
        };
        Vector128<float> a = Vector128.Abs(r), ok = Vector128.LessThan(a, Vector128.Create(float.PositiveInfinity));
        if (op is not (0 or 1 or 4)) ok &= Vector128.GreaterThanOrEqual(a, Vector128.Create(MinS));
        if (fast && ok.ExtractMostSignificantBits() == 0b1111)
        {
            r.Store((float*)(s->V + 2 * d));
            return;
        }
        VectorSlow(s, op, 32, 128, d, n, m);
    }

    /// <summary>The same operations on 2S (the upper half of V[d] is cleared).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Vector2S(CpuState* s, bool fast, int op, int d, int n, int m)
    {
        Vector128<float> x = Vector128.CreateScalar(s->V[2 * n]).AsSingle(), y = Vector128.CreateScalar(s->V[2 * m]).AsSingle();
        Vector128<float> r = op switch
        {
            0 => x + y,
            1 => x - y,
            2 => x * y,
            3 => x / y,
            4 => Vector128.Abs(x - y),
            5 => Vector128.FusedMultiplyAdd(x, y, Vector128.CreateScalar(s->V[2 * d]).AsSingle()),
            _ => Vector128.FusedMultiplyAdd(-x, y, Vector128.CreateScalar(s->V[2 * d]).AsSingle()),
        };
        Vector128<float> a = Vector128.Abs(r), ok = Vector128.LessThan(a, Vector128.Create(float.PositiveInfinity));
        if (op is not (0 or 1 or 4)) ok &= Vector128.GreaterThanOrEqual(a, Vector128.Create(MinS));
        if (fast && (ok.ExtractMostSignificantBits() & 0b11) == 0b11)   // the two lanes of the 64-bit vector
        {
            s->V[2 * d] = r.AsUInt64().ToScalar();
            s->V[2 * d + 1] = 0;
            return;
        }
        VectorSlow(s, op, 32, 64, d, n, m);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void VectorSlow(CpuState* s, int op, int esize, int datasize, int d, int n, int m) =>
        SimdFpRuntime.VectorOp(s, op, esize, datasize, d, n, m);
}
