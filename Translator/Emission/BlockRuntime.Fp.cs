using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;

namespace A64Jit.Translator.Emission;

/// <summary>
/// Helpers called from translated code for SIMD&amp;FP instructions (public so that dumped
/// assemblies can call them too).
/// </summary>
/// <remarks>
/// Floating-point operations take a host fast path only where the host result is provably
/// the interpreter's: FPCR.RMode, FZ and DN at their defaults, operands and result zero or
/// normal well inside the exponent range (no overflow, no underflow, no subnormal, no NaN,
/// no infinity), and the Inexact flag computed exactly with error-free transformations
/// (TwoSum, the fused multiply-add residual). Everything else goes to <see cref="FPCore"/>
/// with the state's FPCR and FPSR, which is what the interpreter does.
/// </remarks>
public static unsafe class SimdFpRuntime
{
    /// <summary>FPCR bits that must be zero for the host fast path: RMode, FZ, DN.</summary>
    public const uint FastFpcrMask = (3u << FPCore.RModeShift) | FPCore.FZ | FPCore.DN;

    // ------------------------------------------------------------------ range predicates

    /// <summary>Double bits are a normal value with unbiased exponent in [-873, 947].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SafeD(ulong x) => (((uint)(x >> 52)) & 0x7FF) - 150u <= 1820u;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ZeroD(ulong x) => (x << 1) == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SafeOrZeroD(ulong x) => SafeD(x) || ZeroD(x);

    /// <summary>Single bits are a normal value with unbiased exponent in [-100, 100].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SafeS(uint x) => ((x >> 23) & 0xFF) - 27u <= 200u;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ZeroS(uint x) => (x << 1) == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SafeOrZeroS(uint x) => SafeS(x) || ZeroS(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Fast(CpuState* s) => (s->Fpcr & FastFpcrMask) == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double D(ulong x) => BitConverter.UInt64BitsToDouble(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong B(double x) => BitConverter.DoubleToUInt64Bits(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float F(ulong x) => BitConverter.UInt32BitsToSingle((uint)x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint B(float x) => BitConverter.SingleToUInt32Bits(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SetV(CpuState* s, int d, ulong value)
    {
        s->V[2 * d] = value;
        s->V[2 * d + 1] = 0;
    }

    // ------------------------------------------------------------------ exact host operations
    // Each returns false when the host result might differ from the architecture's; inexact
    // is set when the rounded result differs from the exact one.

    /// <summary>Two-operand operations: 0 add, 1 sub, 2 mul, 3 div.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryOpD(int op, ulong a, ulong b, out ulong result, ref bool inexact)
    {
        result = 0;
        if (!SafeOrZeroD(a) || !SafeOrZeroD(b)) return false;
        double x = D(a), y = D(b), r;
        switch (op)
        {
            case 0:
            case 1:
                {
                    if (op == 1) y = -y;
                    r = x + y;
                    if (!SafeOrZeroD(B(r))) return false;
                    double bb = r - x;
                    double err = (x - (r - bb)) + (y - bb);
                    if (err != 0) inexact = true;
                    break;
                }
            case 2:
                r = x * y;
                if (ZeroD(a) || ZeroD(b)) break;
                if (!SafeD(B(r))) return false;
                if (Math.FusedMultiplyAdd(x, y, -r) != 0) inexact = true;
                break;
            default:
                if (!SafeD(b)) return false;
                r = x / y;
                if (ZeroD(a)) break;
                if (!SafeD(B(r))) return false;
                if (Math.FusedMultiplyAdd(-r, y, x) != 0) inexact = true;
                break;
        }
        result = B(r);
        return true;
    }

    /// <summary>Single precision, computed through exact double products.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryOpS(int op, ulong a, ulong b, out ulong result, ref bool inexact)
    {
        result = 0;
        uint ua = (uint)a, ub = (uint)b;
        if (!SafeOrZeroS(ua) || !SafeOrZeroS(ub)) return false;
        float x = F(ua), y = F(ub), r;
        switch (op)
        {
            case 0:
            case 1:
                {
                    if (op == 1) y = -y;
                    r = x + y;
                    if (!SafeOrZeroS(B(r))) return false;
                    float bb = r - x;
                    float err = (x - (r - bb)) + (y - bb);
                    if (err != 0) inexact = true;
                    break;
                }
            case 2:
                {
                    r = x * y;
                    if (ZeroS(ua) || ZeroS(ub)) break;
                    if (!SafeS(B(r))) return false;
                    if ((double)x * y != r) inexact = true;
                    break;
                }
            default:
                if (!SafeS(ub)) return false;
                r = x / y;
                if (ZeroS(ua)) break;
                if (!SafeS(B(r))) return false;
                if ((double)r * y != x) inexact = true;
                break;
        }
        result = B(r);
        return true;
    }

    /// <summary>addend + op1 * op2 with one rounding (double).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryMulAddD(ulong addend, ulong op1, ulong op2, out ulong result, ref bool inexact)
    {
        result = 0;
        if (!SafeOrZeroD(addend) || !SafeOrZeroD(op1) || !SafeOrZeroD(op2)) return false;
        double c = D(addend), a = D(op1), x = D(op2);
        double r1 = Math.FusedMultiplyAdd(a, x, c);
        if (ZeroD(op1) || ZeroD(op2))
        {
            // Product exactly zero: the sum is c (or a signed zero) exactly.
            result = B(r1);
            return true;
        }
        double u1 = a * x;
        if (!SafeD(B(u1)) || !SafeOrZeroD(B(r1))) return false;
        // Error of the FMA (Boldo and Muller): r1 + r2 + r3 = a*x + c exactly.
        double u2 = Math.FusedMultiplyAdd(a, x, -u1);
        double alpha1 = c + u2;
        double t = alpha1 - c;
        double z = (c - (alpha1 - t)) + (u2 - t);
        double beta1 = u1 + alpha1;
        t = beta1 - u1;
        double beta2 = (u1 - (beta1 - t)) + (alpha1 - t);
        double gamma = (beta1 - r1) + beta2;
        double r2 = gamma + z;
        double r3 = z - (r2 - gamma);
        if (r2 != 0 || r3 != 0) inexact = true;
        result = B(r1);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryMulAddS(ulong addend, ulong op1, ulong op2, out ulong result, ref bool inexact)
    {
        result = 0;
        uint uc = (uint)addend, ua = (uint)op1, ux = (uint)op2;
        if (!SafeOrZeroS(uc) || !SafeOrZeroS(ua) || !SafeOrZeroS(ux)) return false;
        float c = F(uc), a = F(ua), x = F(ux);
        float r = MathF.FusedMultiplyAdd(a, x, c);
        if (!SafeOrZeroS(B(r))) return false;
        double p = (double)a * x;                // exact
        double sum = p + c;                      // TwoSum in double
        double bb = sum - p;
        double err = (p - (sum - bb)) + (c - bb);
        if (ZeroS(B(r)) && (sum != 0 || err != 0)) return false;   // underflow to zero
        if (err != 0 || sum != r) inexact = true;
        result = B(r);
        return true;
    }

    // ------------------------------------------------------------------ scalar instructions

    /// <summary>FADD/FSUB/FMUL/FDIV/FNMUL (scalar): op 0 add, 1 sub, 2 mul, 3 div, 4 nmul.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ScalarOp(CpuState* s, int op, int size, int d, int n, int m)
    {
        ulong a = s->V[2 * n], b = s->V[2 * m];
        if (size == 32) { a = (uint)a; b = (uint)b; }
        bool inexact = false;
        int hostOp = op == 4 ? 2 : op;
        if (Fast(s) && (size == 64 ? TryOpD(hostOp, a, b, out ulong r, ref inexact) : TryOpS(hostOp, a, b, out r, ref inexact)))
        {
            if (op == 4) r ^= 1ul << (size - 1);
            if (inexact) s->Fpsr |= FPCore.IXC;
            SetV(s, d, r);
            return;
        }
        ScalarOpSlow(s, op, size, d, a, b);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ScalarOpSlow(CpuState* s, int op, int size, int d, ulong a, ulong b)
    {
        uint fpcr = s->Fpcr;
        ulong r = op switch
        {
            0 => FPCore.Add(a, b, size, fpcr, ref s->Fpsr),
            1 => FPCore.Sub(a, b, size, fpcr, ref s->Fpsr),
            2 => FPCore.Mul(a, b, size, fpcr, ref s->Fpsr),
            3 => FPCore.Div(a, b, size, fpcr, ref s->Fpsr),
            _ => FPCore.Neg(FPCore.Mul(a, b, size, fpcr, ref s->Fpsr), size),
        };
        SetV(s, d, r);
    }

    /// <summary>FMADD/FMSUB/FNMADD/FNMSUB: negA negates the addend, negN the first multiplicand.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ScalarMulAdd(CpuState* s, int size, bool negA, bool negN, int d, int n, int m, int a)
    {
        ulong va = s->V[2 * a], vn = s->V[2 * n], vm = s->V[2 * m];
        ulong sign = 1ul << (size - 1);
        if (size == 32) { va = (uint)va; vn = (uint)vn; vm = (uint)vm; }
        if (negA) va ^= sign;
        if (negN) vn ^= sign;
        bool inexact = false;
        if (Fast(s) && (size == 64 ? TryMulAddD(va, vn, vm, out ulong r, ref inexact) : TryMulAddS(va, vn, vm, out r, ref inexact)))
        {
            if (inexact) s->Fpsr |= FPCore.IXC;
            SetV(s, d, r);
            return;
        }
        ScalarMulAddSlow(s, size, d, va, vn, vm);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ScalarMulAddSlow(CpuState* s, int size, int d, ulong va, ulong vn, ulong vm) =>
        SetV(s, d, FPCore.MulAdd(va, vn, vm, size, s->Fpcr, ref s->Fpsr));

    /// <summary>FSQRT (scalar).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ScalarSqrt(CpuState* s, int size, int d, int n)
    {
        ulong a = s->V[2 * n];
        if (Fast(s))
        {
            if (size == 64)
            {
                if (SafeD(a) && (long)a > 0)
                {
                    double x = D(a), r = Math.Sqrt(x);
                    if (Math.FusedMultiplyAdd(-r, r, x) != 0) s->Fpsr |= FPCore.IXC;
                    SetV(s, d, B(r));
                    return;
                }
            }
            else
            {
                uint ua = (uint)a;
                if (SafeS(ua) && (int)ua > 0)
                {
                    float x = F(ua), r = MathF.Sqrt(x);
                    if ((double)r * r != x) s->Fpsr |= FPCore.IXC;
                    SetV(s, d, B(r));
                    return;
                }
            }
        }
        ScalarSqrtSlow(s, size, d, size == 32 ? (uint)a : a);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ScalarSqrtSlow(CpuState* s, int size, int d, ulong a) =>
        SetV(s, d, FPCore.Sqrt(a, size, s->Fpcr, ref s->Fpsr));

    /// <summary>FMAX/FMIN/FMAXNM/FMINNM (scalar): op 0 max, 1 min, 2 maxnm, 3 minnm.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ScalarMaxMin(CpuState* s, int op, int size, int d, int n, int m)
    {
        ulong a = s->V[2 * n], b = s->V[2 * m];
        if (size == 32) { a = (uint)a; b = (uint)b; }
        if (Fast(s))
        {
            bool ok;
            double x, y;
            if (size == 64) { ok = SafeOrZeroD(a) && SafeOrZeroD(b); x = D(a); y = D(b); }
            else { ok = SafeOrZeroS((uint)a) && SafeOrZeroS((uint)b); x = F(a); y = F(b); }
            if (ok)
            {
                bool max = (op & 1) == 0;
                ulong r;
                if (x == y) r = max ? a & b : a | b;   // equal values; for +0/-0 the sign follows max/min
                else r = (x > y) == max ? a : b;
                SetV(s, d, r);
                return;
            }
        }
        ScalarMaxMinSlow(s, op, size, d, a, b);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ScalarMaxMinSlow(CpuState* s, int op, int size, int d, ulong a, ulong b)
    {
        uint fpcr = s->Fpcr;
        SetV(s, d, op switch
        {
            0 => FPCore.Max(a, b, size, fpcr, ref s->Fpsr),
            1 => FPCore.Min(a, b, size, fpcr, ref s->Fpsr),
            2 => FPCore.MaxNum(a, b, size, fpcr, ref s->Fpsr),
            _ => FPCore.MinNum(a, b, size, fpcr, ref s->Fpsr),
        });
    }

    /// <summary>FCMP/FCMPE: NZCV (bits 31:28) of comparing V[n] with V[m] or with +0.0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Compare(CpuState* s, int size, bool signalAll, bool withZero, int n, int m)
    {
        ulong a = s->V[2 * n], b = withZero ? 0 : s->V[2 * m];
        if (size == 32) { a = (uint)a; b = (uint)b; }
        if (Fast(s))
        {
            double x = size == 64 ? D(a) : F(a), y = size == 64 ? D(b) : F(b);
            if (!double.IsNaN(x) && !double.IsNaN(y))
                return x == y ? 0x6000_0000u : x < y ? 0x8000_0000u : 0x2000_0000u;
        }
        return CompareSlow(s, size, signalAll, a, b);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static uint CompareSlow(CpuState* s, int size, bool signalAll, ulong a, ulong b) =>
        FPCore.Compare(a, b, signalAll, size, s->Fpcr, ref s->Fpsr);

    /// <summary>FCCMP/FCCMPE: the comparison if the condition holds, else #nzcv.</summary>
    public static uint CondCompare(CpuState* s, uint nzcv, int cond, uint imm, int size, bool signalAll, int n, int m) =>
        Pseudocode.ConditionHolds((uint)cond, nzcv) ? Compare(s, size, signalAll, false, n, m) : imm << 28;

    /// <summary>FCSEL.</summary>
    public static void Select(CpuState* s, uint nzcv, int cond, int size, int d, int n, int m)
    {
        ulong v = s->V[2 * (Pseudocode.ConditionHolds((uint)cond, nzcv) ? n : m)];
        SetV(s, d, size == 32 ? (uint)v : v);
    }

    /// <summary>FCVT between single (32) and double (64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Convert(CpuState* s, int from, int to, int d, int n)
    {
        ulong a = s->V[2 * n];
        if (from == 32) a = (uint)a;
        if (Fast(s))
        {
            if (from == 32)
            {
                float x = F(a);
                if (!float.IsNaN(x)) { SetV(s, d, B((double)x)); return; }
            }
            else if (SafeOrZeroD(a))
            {
                float r = (float)D(a);
                if (SafeOrZeroS(B(r)) && (ZeroD(a) || !ZeroS(B(r))))
                {
                    if ((double)r != D(a)) s->Fpsr |= FPCore.IXC;
                    SetV(s, d, B(r));
                    return;
                }
            }
        }
        ConvertSlow(s, from, to, d, a);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ConvertSlow(CpuState* s, int from, int to, int d, ulong a)
    {
        uint fpcr = s->Fpcr;
        SetV(s, d, FPCore.Convert(a, from, to, fpcr, FPCore.RoundingMode(fpcr), ref s->Fpsr));
    }

    /// <summary>SCVTF/UCVTF (scalar, integer): the integer (intsize bits of x) to a float of fltsize bits in V[d].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FromInt(CpuState* s, ulong x, int intsize, bool unsigned, int fltsize, int d)
    {
        if (intsize == 32) x = unsigned ? (uint)x : (ulong)(long)(int)x;
        // Exact conversions need no rounding and raise nothing in any mode.
        ulong mag = unsigned || (long)x >= 0 ? x : (ulong)(-(long)x);
        int width = 64 - BitOperations.LeadingZeroCount(mag) - BitOperations.TrailingZeroCount(mag | (1ul << 63));
        if (width <= (fltsize == 64 ? 53 : 24))
        {
            double v = unsigned ? (double)(long)(x >> 1) * 2 + (double)(x & 1) : (double)(long)x;
            SetV(s, d, fltsize == 64 ? B(v) : B((float)v));
            return;
        }
        FromIntSlow(s, x, unsigned, fltsize, d);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FromIntSlow(CpuState* s, ulong x, bool unsigned, int fltsize, int d)
    {
        uint fpcr = s->Fpcr;
        SetV(s, d, FPCore.FixedToFP(x, 64, 0, unsigned, fltsize, fpcr, FPCore.RoundingMode(fpcr), ref s->Fpsr));
    }

    /// <summary>FCVTZS/FCVTZU (scalar, integer): V[n] rounded toward zero to an intsize-bit integer (zero-extended to 64 bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ToIntZero(CpuState* s, int fltsize, int intsize, bool unsigned, int n)
    {
        ulong a = s->V[2 * n];
        if (fltsize == 32) a = (uint)a;
        if (Fast(s))
        {
            double x = fltsize == 64 ? D(a) : F(a);
            double lo = unsigned ? -1.0 : -Math.ScaleB(1.0, intsize - 1) - 1.0;
            double hi = unsigned ? Math.ScaleB(1.0, intsize) : Math.ScaleB(1.0, intsize - 1);
            bool normal = fltsize == 64 ? SafeOrZeroD(a) : SafeOrZeroS((uint)a);
            if (normal && x > lo && x < hi)
            {
                double t = Math.Truncate(x);
                if (t != x) s->Fpsr |= FPCore.IXC;
                ulong r = unsigned ? (t >= 9223372036854775808.0 ? (ulong)(long)(t - 9223372036854775808.0) | (1ul << 63) : (ulong)(long)t) : (ulong)(long)t;
                return intsize == 32 ? (uint)r : r;
            }
        }
        return ToIntZeroSlow(s, fltsize, intsize, unsigned, a);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong ToIntZeroSlow(CpuState* s, int fltsize, int intsize, bool unsigned, ulong a)
    {
        ulong r = FPCore.ToFixed(a, fltsize, 0, unsigned, intsize, s->Fpcr, FPRounding.Zero, ref s->Fpsr);
        return intsize == 32 ? (uint)r : r;
    }

    /// <summary>FRINTN/P/M/Z/A/X/I (scalar): mode 0 N, 1 P, 2 M, 3 Z, 4 A, 5 X, 6 I (X and I round as FPCR says).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RoundToIntegral(CpuState* s, int mode, int size, int d, int n)
    {
        ulong a = s->V[2 * n];
        if (size == 32) a = (uint)a;
        if (Fast(s) && (size == 64 ? SafeOrZeroD(a) : SafeOrZeroS((uint)a)))
        {
            double x = size == 64 ? D(a) : F(a);
            double r = mode switch
            {
                1 => Math.Ceiling(x),
                2 => Math.Floor(x),
                3 => Math.Truncate(x),
                4 => Math.Round(x, MidpointRounding.AwayFromZero),
                _ => Math.Round(x, MidpointRounding.ToEven),
            };
            if (mode == 5 && r != x) s->Fpsr |= FPCore.IXC;
            SetV(s, d, size == 64 ? B(r) : B((float)r));
            return;
        }
        RoundToIntegralSlow(s, mode, size, d, a);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RoundToIntegralSlow(CpuState* s, int mode, int size, int d, ulong a)
    {
        uint fpcr = s->Fpcr;
        FPRounding rounding = mode switch
        {
            0 => FPRounding.TieEven,
            1 => FPRounding.PosInf,
            2 => FPRounding.NegInf,
            3 => FPRounding.Zero,
            4 => FPRounding.TieAway,
            _ => FPCore.RoundingMode(fpcr),
        };
        SetV(s, d, FPCore.RoundInt(a, size, fpcr, rounding, mode == 5, ref s->Fpsr));
    }

    // ------------------------------------------------------------------ vector FP

    /// <summary>
    /// FADD/FSUB/FMUL/FDIV/FABD/FMLA/FMLS (vector): op 0 add, 1 sub, 2 mul, 3 div, 4 abd, 5 mla, 6 mls;
    /// lanes of esize bits over datasize bits. All lanes take the fast path or none does.
    /// </summary>
    public static void VectorOp(CpuState* s, int op, int esize, int datasize, int d, int n, int m)
    {
        ulong* vn = s->V + 2 * n, vm = s->V + 2 * m;
        int elements = datasize / esize;
        Span<ulong> res = stackalloc ulong[4];
        if (Fast(s))
        {
            bool inexact = false, ok = true;
            ulong* vd = s->V + 2 * d;
            ulong sign = 1ul << (esize - 1);
            for (int e = 0; e < elements && ok; e++)
            {
                ulong a = Lane(vn, e, esize), b = Lane(vm, e, esize);
                if (op >= 5)
                {
                    ulong acc = Lane(vd, e, esize);
                    if (op == 6) a ^= sign;
                    ok = esize == 64 ? TryMulAddD(acc, a, b, out res[e], ref inexact) : TryMulAddS(acc, a, b, out res[e], ref inexact);
                }
                else
                {
                    int hop = op == 4 ? 1 : op;
                    ok = esize == 64 ? TryOpD(hop, a, b, out res[e], ref inexact) : TryOpS(hop, a, b, out res[e], ref inexact);
                    if (op == 4) res[e] &= ~sign;
                }
            }
            if (ok)
            {
                if (inexact) s->Fpsr |= FPCore.IXC;
                StoreLanes(s, d, res, elements, esize, datasize);
                return;
            }
        }
        VectorOpSlow(s, op, esize, datasize, d, n, m);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void VectorOpSlow(CpuState* s, int op, int esize, int datasize, int d, int n, int m)
    {
        ulong* vn = s->V + 2 * n, vm = s->V + 2 * m;
        int elements = datasize / esize;
        Span<ulong> res = stackalloc ulong[4];
        uint fpcr = s->Fpcr;
        for (int e = 0; e < elements; e++)
        {
            ulong a = Lane(vn, e, esize), b = Lane(vm, e, esize), acc = Lane(s->V + 2 * d, e, esize);
            res[e] = op switch
            {
                0 => FPCore.Add(a, b, esize, fpcr, ref s->Fpsr),
                1 => FPCore.Sub(a, b, esize, fpcr, ref s->Fpsr),
                2 => FPCore.Mul(a, b, esize, fpcr, ref s->Fpsr),
                3 => FPCore.Div(a, b, esize, fpcr, ref s->Fpsr),
                4 => FPCore.Abs(FPCore.Sub(a, b, esize, fpcr, ref s->Fpsr), esize),
                5 => FPCore.MulAdd(acc, a, b, esize, fpcr, ref s->Fpsr),
                _ => FPCore.MulAdd(acc, FPCore.Neg(a, esize), b, esize, fpcr, ref s->Fpsr),
            };
        }
        StoreLanes(s, d, res, elements, esize, datasize);
    }

    private static ulong Lane(ulong* v, int e, int esize) =>
        esize == 64 ? v[e] : (uint)(v[e >> 1] >> (32 * (e & 1)));

    private static void StoreLanes(CpuState* s, int d, Span<ulong> res, int elements, int esize, int datasize)
    {
        ulong lo, hi;
        if (esize == 64) { lo = res[0]; hi = datasize == 128 ? res[1] : 0; }
        else
        {
            lo = (res[0] & 0xFFFF_FFFF) | (res[1] << 32);
            hi = datasize == 128 ? (res[2] & 0xFFFF_FFFF) | (res[3] << 32) : 0;
        }
        s->V[2 * d] = lo;
        s->V[2 * d + 1] = hi;
    }

    // ------------------------------------------------------------------ memory slow paths

}

/// <summary>Helpers for integer Advanced SIMD instructions called from translated code (exact on the host).</summary>
public static unsafe class SimdIntRuntime
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Ld(CpuState* s, int n) => Vector128.Load(s->V + 2 * n);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void St(CpuState* s, int d, Vector128<ulong> v, bool q)
    {
        if (!q) v &= Vector128.Create(ulong.MaxValue, 0ul);
        v.Store(s->V + 2 * d);
    }

    /// <summary>Element e of esize = 8 &lt;&lt; size bits of the vector at <paramref name="p"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Get(byte* p, int size, int e) => size switch
    {
        0 => p[e],
        1 => ((ushort*)p)[e],
        2 => ((uint*)p)[e],
        _ => ((ulong*)p)[e],
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Set(byte* p, int size, int e, ulong v)
    {
        switch (size)
        {
            case 0: p[e] = (byte)v; break;
            case 1: ((ushort*)p)[e] = (ushort)v; break;
            case 2: ((uint*)p)[e] = (uint)v; break;
            default: ((ulong*)p)[e] = v; break;
        }
    }

    // Operations of ThreeSame.
    public const int Add = 0, Sub = 1, Mul = 2, Mla = 3, Mls = 4, Cmeq = 5, Cmhi = 6, Cmhs = 7, Cmgt = 8, Cmge = 9,
        And = 10, Bic = 11, Orr = 12, Orn = 13, Eor = 14, Bsl = 15, Bit = 16, Bif = 17, Cmtst = 18;

    /// <summary>Three registers of the same arrangement: Vd = op(Vn, Vm) (Vd also read by MLA/MLS/BSL/BIT/BIF).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ThreeSame(CpuState* s, int op, int size, bool q, int d, int n, int m)
    {
        var a = Ld(s, n);
        var b = Ld(s, m);
        var dv = Ld(s, d);
        Vector128<ulong> r = op switch
        {
            And => a & b,
            Bic => Vector128.AndNot(a, b),
            Orr => a | b,
            Orn => a | ~b,
            Eor => a ^ b,
            Bsl => Vector128.ConditionalSelect(dv, a, b),
            Bit => Vector128.ConditionalSelect(b, a, dv),
            Bif => Vector128.ConditionalSelect(b, dv, a),
            _ => size switch
            {
                0 => Lanes<byte, sbyte>(op, a, b, dv),
                1 => Lanes<ushort, short>(op, a, b, dv),
                2 => Lanes<uint, int>(op, a, b, dv),
                _ => Lanes<ulong, long>(op, a, b, dv),
            },
        };
        St(s, d, r, q);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Lanes<TU, TS>(int op, Vector128<ulong> a, Vector128<ulong> b, Vector128<ulong> dv)
        where TU : unmanaged where TS : unmanaged
    {
        var x = a.As<ulong, TU>();
        var y = b.As<ulong, TU>();
        switch (op)
        {
            case Add: return (x + y).AsUInt64();
            case Sub: return (x - y).AsUInt64();
            case Mul: return (x * y).AsUInt64();
            case Mla: return (dv.As<ulong, TU>() + x * y).AsUInt64();
            case Mls: return (dv.As<ulong, TU>() - x * y).AsUInt64();
            case Cmeq: return Vector128.Equals(x, y).AsUInt64();
            case Cmhi: return Vector128.GreaterThan(x, y).AsUInt64();
            case Cmhs: return Vector128.GreaterThanOrEqual(x, y).AsUInt64();
            case Cmgt: return Vector128.GreaterThan(a.As<ulong, TS>(), b.As<ulong, TS>()).AsUInt64();
            case Cmge: return Vector128.GreaterThanOrEqual(a.As<ulong, TS>(), b.As<ulong, TS>()).AsUInt64();
            default: return (~Vector128.Equals(x & y, Vector128<TU>.Zero)).AsUInt64();   // CMTST
        }
    }

    /// <summary>CMEQ/CMGT/CMGE/CMLE/CMLT (zero): op 0 eq, 1 gt, 2 ge, 3 le, 4 lt.</summary>
    public static void CompareZero(CpuState* s, int op, int size, bool q, int d, int n)
    {
        var a = Ld(s, n);
        Vector128<ulong> r = size switch
        {
            0 => CmpZero<sbyte>(op, a),
            1 => CmpZero<short>(op, a),
            2 => CmpZero<int>(op, a),
            _ => CmpZero<long>(op, a),
        };
        St(s, d, r, q);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> CmpZero<T>(int op, Vector128<ulong> a) where T : unmanaged
    {
        var x = a.As<ulong, T>();
        var z = Vector128<T>.Zero;
        return (op switch
        {
            0 => Vector128.Equals(x, z),
            1 => Vector128.GreaterThan(x, z),
            2 => Vector128.GreaterThanOrEqual(x, z),
            3 => Vector128.LessThanOrEqual(x, z),
            _ => Vector128.LessThan(x, z),
        }).AsUInt64();
    }

    /// <summary>ADDV/UMAXV/UMINV/SMAXV/SMINV: op 0 add, 1 umax, 2 umin, 3 smax, 4 smin.</summary>
    public static void Across(CpuState* s, int op, int size, bool q, int d, int n)
    {
        byte* p = (byte*)(s->V + 2 * n);
        int esize = 8 << size, elements = (q ? 16 : 8) >> size;
        ulong mask = esize == 64 ? ulong.MaxValue : (1ul << esize) - 1;
        ulong acc = Get(p, size, 0);
        for (int e = 1; e < elements; e++)
        {
            ulong v = Get(p, size, e);
            switch (op)
            {
                case 0: acc += v; break;
                case 1: if (v > acc) acc = v; break;
                case 2: if (v < acc) acc = v; break;
                case 3: if (SignExt(v, esize) > SignExt(acc, esize)) acc = v; break;
                default: if (SignExt(v, esize) < SignExt(acc, esize)) acc = v; break;
            }
        }
        s->V[2 * d] = acc & mask;
        s->V[2 * d + 1] = 0;
    }

    private static long SignExt(ulong v, int bits) => (long)(v << (64 - bits)) >> (64 - bits);

    /// <summary>ADDP (vector): pairwise sums of the concatenation Vm:Vn.</summary>
    public static void AddPairwise(CpuState* s, int size, bool q, int d, int n, int m) => Pairwise(s, 0, size, q, d, n, m);

    /// <summary>ADDP/UMAXP/UMINP/SMAXP/SMINP (vector): op 0 add, 1 umax, 2 umin, 3 smax, 4 smin over pairs of Vm:Vn.</summary>
    public static void Pairwise(CpuState* s, int op, int size, bool q, int d, int n, int m)
    {
        int bytes = q ? 16 : 8;
        byte* cat = stackalloc byte[32];
        Buffer.MemoryCopy(s->V + 2 * n, cat, 32, bytes);
        Buffer.MemoryCopy(s->V + 2 * m, cat + bytes, 32 - bytes, bytes);
        byte* r = stackalloc byte[16];
        *(Vector128<byte>*)r = Vector128<byte>.Zero;
        int elements = bytes >> size;
        int esize = 8 << size;
        for (int e = 0; e < elements; e++)
        {
            ulong x = Get(cat, size, 2 * e), y = Get(cat, size, 2 * e + 1);
            Set(r, size, e, op switch
            {
                0 => x + y,
                1 => Math.Max(x, y),
                2 => Math.Min(x, y),
                3 => SignExt(x, esize) >= SignExt(y, esize) ? x : y,
                _ => SignExt(x, esize) <= SignExt(y, esize) ? x : y,
            });
        }
        St(s, d, Vector128.Load((ulong*)r), q);
    }

    /// <summary>FNEG/FABS (vector): the sign bit of each lane flipped (neg) or cleared.</summary>
    public static void SignOp(CpuState* s, bool neg, int esize, bool q, int d, int n)
    {
        var sign = esize == 64 ? Vector128.Create(1ul << 63) : Vector128.Create(0x8000_0000_8000_0000ul);
        var a = Ld(s, n);
        St(s, d, neg ? a ^ sign : Vector128.AndNot(a, sign), q);
    }

    /// <summary>SMULL/UMULL/SMLAL/UMLAL (vector): lanes of half <paramref name="part"/> multiplied into lanes of twice the size (accumulated into Vd).</summary>
    public static void MulLong(CpuState* s, bool signed, bool accumulate, int size, int part, int d, int n, int m)
    {
        byte* a = (byte*)(s->V + 2 * n) + 8 * part, b = (byte*)(s->V + 2 * m) + 8 * part;
        byte* r = stackalloc byte[16];
        *(Vector128<ulong>*)r = accumulate ? Ld(s, d) : Vector128<ulong>.Zero;
        int esize = 8 << size, elements = 8 >> size;
        for (int e = 0; e < elements; e++)
        {
            ulong x = Get(a, size, e), y = Get(b, size, e);
            ulong p = signed ? (ulong)(SignExt(x, esize) * SignExt(y, esize)) : x * y;
            Set(r, size + 1, e, accumulate ? Get(r, size + 1, e) + p : p);
        }
        St(s, d, Vector128.Load((ulong*)r), true);
    }

    /// <summary>NOT (vector).</summary>
    public static void Not(CpuState* s, bool q, int d, int n) => St(s, d, ~Ld(s, n), q);

    /// <summary>CNT (vector): population count per byte.</summary>
    public static void CountBits(CpuState* s, bool q, int d, int n)
    {
        ulong lo = s->V[2 * n], hi = q ? s->V[2 * n + 1] : 0;
        s->V[2 * d] = PopBytes(lo);
        s->V[2 * d + 1] = PopBytes(hi);
    }

    private static ulong PopBytes(ulong x)
    {
        x -= (x >> 1) & 0x5555555555555555ul;
        x = (x & 0x3333333333333333ul) + ((x >> 2) & 0x3333333333333333ul);
        return (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Ful;
    }
}
