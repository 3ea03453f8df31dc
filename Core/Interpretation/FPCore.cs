using System.Numerics;
using System.Runtime.CompilerServices;

namespace A64Jit.Core.Interpretation;

/// <summary>FPType of the Arm ARM pseudo-code.</summary>
public enum FPType : byte { Zero, Nonzero, Infinity, QNaN, SNaN }

/// <summary>FPRounding of the Arm ARM pseudo-code.</summary>
public enum FPRounding : byte { TieEven, PosInf, NegInf, Zero, TieAway, Odd }

/// <summary>
/// An unpacked floating-point operand: its <see cref="FPType"/>, sign and, for
/// <see cref="FPType.Nonzero"/>, the exact value <c>Mant * 2^Exp</c> (Mant != 0).
/// </summary>
public struct FPUnpacked
{
    public FPType Type;
    public bool Sign;
    public int Exp;
    public ulong Mant;

    public readonly bool IsNaN => Type >= FPType.QNaN;
}

/// <summary>
/// The floating-point functions of the Arm ARM's shared pseudo-code (FPUnpack, FPRound,
/// FPProcessNaNs, FPAdd, FPMulAdd, FPToFixed, FPConvert, …) for half (N = 16), single
/// (N = 32) and double (N = 64) precision, in software: values are exact integers times a
/// power of two and rounding happens once, on up to 128-bit mantissas, so results and
/// FPSR flags are bit-exact regardless of the host. Operands and results are the raw bits
/// in the low N bits of a <see cref="ulong"/>; the functions take FPCR by value and
/// accumulate the cumulative exception flags into FPSR by reference, so the scalar and
/// vector instructions can share them. Floating-point exception traps are not implemented
/// (FPCR's trap enables read as zero), so every exception just sets its cumulative flag.
/// </summary>
public static class FPCore
{
    // FPSR cumulative exception bits.
    public const uint IOC = 1u << 0, DZC = 1u << 1, OFC = 1u << 2, UFC = 1u << 3, IXC = 1u << 4, IDC = 1u << 7;

    // FPCR control bits.
    public const uint AHP = 1u << 26, DN = 1u << 25, FZ = 1u << 24, FZ16 = 1u << 19;
    public const int RModeShift = 22;

    // ------------------------------------------------------------------ formats

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ExpBits(int n) => n == 16 ? 5 : n == 32 ? 8 : 11;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FracBits(int n) => n == 16 ? 10 : n == 32 ? 23 : 52;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mask(int n) => n >= 64 ? ulong.MaxValue : (1ul << n) - 1;

    /// <summary>FPRoundingMode(fpcr): FPCR.RMode as an <see cref="FPRounding"/>.</summary>
    public static FPRounding RoundingMode(uint fpcr) => (FPRounding)((fpcr >> RModeShift) & 3);

    public static ulong Zero(bool sign, int n) => sign ? 1ul << (n - 1) : 0;

    public static ulong Infinity(bool sign, int n) => Zero(sign, n) | (Mask(ExpBits(n)) << FracBits(n));

    public static ulong MaxNormal(bool sign, int n) => Zero(sign, n) | ((Mask(ExpBits(n)) - 1) << FracBits(n)) | Mask(FracBits(n));

    /// <summary>FPDefaultNaN(): positive, quiet, payload zero.</summary>
    public static ulong DefaultNaN(int n) => (Mask(ExpBits(n)) << FracBits(n)) | (1ul << (FracBits(n) - 1));

    public static ulong Neg(ulong op, int n) => op ^ (1ul << (n - 1));

    public static ulong Abs(ulong op, int n) => op & ~(1ul << (n - 1));

    // ------------------------------------------------------------------ unpack

    /// <summary>FPUnpack(fpval, fpcr): FPCR.AHP is ignored (IEEE half precision).</summary>
    public static FPUnpacked Unpack(ulong fpval, int n, uint fpcr, ref uint fpsr) => UnpackBase(fpval, n, fpcr & ~AHP, ref fpsr);

    /// <summary>FPUnpackCV(fpval, fpcr): for conversions; half precision inputs are never flushed (FZ16 ignored).</summary>
    public static FPUnpacked UnpackCV(ulong fpval, int n, uint fpcr, ref uint fpsr) => UnpackBase(fpval, n, fpcr & ~FZ16, ref fpsr);

    /// <summary>FPUnpackBase: denormals are flushed to zero (IDC) when FPCR.FZ (FZ16 for half, without IDC).</summary>
    public static FPUnpacked UnpackBase(ulong fpval, int n, uint fpcr, ref uint fpsr)
    {
        int e = ExpBits(n), f = FracBits(n);
        var u = new FPUnpacked { Sign = ((fpval >> (n - 1)) & 1) != 0 };
        ulong exp = (fpval >> f) & Mask(e);
        ulong frac = fpval & Mask(f);
        int bias = (1 << (e - 1)) - 1;
        if (exp == 0)
        {
            if (frac == 0)
            {
                u.Type = FPType.Zero;
            }
            else if (n == 16 ? (fpcr & FZ16) != 0 : (fpcr & FZ) != 0)
            {
                u.Type = FPType.Zero;
                if (n != 16) fpsr |= IDC;   // FPProcessException(FPExc_InputDenorm)
            }
            else
            {
                u.Type = FPType.Nonzero;
                u.Mant = frac;
                u.Exp = 1 - bias - f;
            }
        }
        else if (exp == Mask(e) && !(n == 16 && (fpcr & AHP) != 0))
        {
            if (frac == 0) u.Type = FPType.Infinity;
            else u.Type = ((frac >> (f - 1)) & 1) != 0 ? FPType.QNaN : FPType.SNaN;
        }
        else
        {
            u.Type = FPType.Nonzero;
            u.Mant = frac | (1ul << f);
            u.Exp = (int)exp - bias - f;
        }
        return u;
    }

    // ------------------------------------------------------------------ round

    /// <summary>FPRound(value, fpcr, rounding) for the nonzero value <c>(mant + sticky) * 2^exp</c>; FPCR.AHP ignored.</summary>
    public static ulong Round(bool sign, int exp, UInt128 mant, bool sticky, int n, uint fpcr, FPRounding rounding, ref uint fpsr) =>
        RoundBase(sign, exp, mant, sticky, n, fpcr & ~AHP, rounding, ref fpsr);

    /// <summary>FPRound with FPCR's rounding mode.</summary>
    public static ulong Round(bool sign, int exp, UInt128 mant, bool sticky, int n, uint fpcr, ref uint fpsr) =>
        RoundBase(sign, exp, mant, sticky, n, fpcr & ~AHP, RoundingMode(fpcr), ref fpsr);

    /// <summary>FPRoundCV: for conversions; half precision results are never flushed (FZ16 ignored), AHP honoured.</summary>
    public static ulong RoundCV(bool sign, int exp, UInt128 mant, bool sticky, int n, uint fpcr, FPRounding rounding, ref uint fpsr) =>
        RoundBase(sign, exp, mant, sticky, n, fpcr & ~FZ16, rounding, ref fpsr);

    /// <summary>
    /// FPRoundBase for the real value <c>(mant + s) * 2^exp</c> where s is 0, or (when
    /// <paramref name="sticky"/>) some value strictly between 0 and 1. Requires mant != 0 and
    /// mant &lt; 2^127; when sticky, mant must carry at least F + 3 significant bits.
    /// </summary>
    public static ulong RoundBase(bool sign, int exp, UInt128 mant, bool sticky, int n, uint fpcr, FPRounding rounding, ref uint fpsr)
    {
        int e = ExpBits(n), f = FracBits(n);
        int minimumExp = 2 - (1 << (e - 1));
        int exponent = exp + HighestBit(mant);   // value = 1.x * 2^exponent

        bool flush = n == 16 ? (fpcr & FZ16) != 0 : (fpcr & FZ) != 0;
        if (flush && exponent < minimumExp)
        {
            fpsr |= UFC;   // flushing an output to zero sets UFC directly
            return Zero(sign, n);
        }

        int biasedExp = Math.Max(exponent - minimumExp + 1, 0);
        // int_mant = RoundDown(value / 2^q) where q is the weight of the result's last bit.
        int q = (biasedExp == 0 ? minimumExp : exponent) - f;
        int shift = q - exp;
        ulong intMant;
        bool inexact;
        int vsHalf;   // the discarded part against one half of the last bit: -1 below, 0 equal, 1 above
        if (shift <= 0)
        {
            intMant = (ulong)(mant << -shift);
            inexact = sticky;
            vsHalf = -1;
        }
        else if (shift >= 128)
        {
            intMant = 0;
            inexact = true;
            vsHalf = -1;   // mant < 2^127 <= half
        }
        else
        {
            UInt128 rem = mant & ((UInt128.One << shift) - 1);
            UInt128 half = UInt128.One << (shift - 1);
            intMant = (ulong)(mant >> shift);
            inexact = rem != 0 || sticky;
            vsHalf = rem > half ? 1 : rem < half ? -1 : sticky ? 1 : 0;
        }

        if (biasedExp == 0 && inexact) fpsr |= UFC;   // tininess is detected before rounding

        bool roundUp, overflowToInf;
        switch (rounding)
        {
            case FPRounding.TieEven:
                roundUp = vsHalf > 0 || (vsHalf == 0 && (intMant & 1) != 0);
                overflowToInf = true;
                break;
            case FPRounding.PosInf:
                roundUp = inexact && !sign;
                overflowToInf = !sign;
                break;
            case FPRounding.NegInf:
                roundUp = inexact && sign;
                overflowToInf = sign;
                break;
            case FPRounding.TieAway:
                roundUp = vsHalf >= 0;
                overflowToInf = true;
                break;
            default:   // Zero, Odd
                roundUp = false;
                overflowToInf = false;
                break;
        }

        if (roundUp)
        {
            intMant++;
            if (intMant == 1ul << f) biasedExp = 1;   // a denormal rounded up to the smallest normal
            if (intMant == 1ul << (f + 1))            // the mantissa overflowed
            {
                biasedExp++;
                intMant >>= 1;
            }
        }
        if (inexact && rounding == FPRounding.Odd) intMant |= 1;

        ulong result;
        if (n != 16 || (fpcr & AHP) == 0)
        {
            if (biasedExp >= (1 << e) - 1)
            {
                result = overflowToInf ? Infinity(sign, n) : MaxNormal(sign, n);
                fpsr |= OFC;
                inexact = true;   // an overflow is always inexact
            }
            else
            {
                result = Zero(sign, n) | ((ulong)biasedExp << f) | (intMant & Mask(f));
            }
        }
        else
        {
            // Alternative half precision: no infinities; out of range is Invalid Operation.
            if (biasedExp >= 1 << e)
            {
                result = Zero(sign, n) | Mask(n - 1);
                fpsr |= IOC;
                inexact = false;
            }
            else
            {
                result = Zero(sign, n) | ((ulong)biasedExp << f) | (intMant & Mask(f));
            }
        }
        if (inexact) fpsr |= IXC;
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HighestBit(UInt128 x)
    {
        ulong hi = (ulong)(x >> 64);
        return hi != 0 ? 127 - BitOperations.LeadingZeroCount(hi) : 63 - BitOperations.LeadingZeroCount((ulong)x);
    }

    /// <summary>Rounds an exactly representable value (no flags can arise) back to its encoding.</summary>
    private static ulong Encode(in FPUnpacked u, int n, uint fpcr, ref uint fpsr) => u.Type switch
    {
        FPType.Zero => Zero(u.Sign, n),
        FPType.Infinity => Infinity(u.Sign, n),
        _ => Round(u.Sign, u.Exp, u.Mant, false, n, fpcr, FPRounding.Zero, ref fpsr),
    };

    // ------------------------------------------------------------------ NaNs

    /// <summary>FPProcessNaN: quiets a signalling NaN (IOC); the default NaN when FPCR.DN.</summary>
    public static ulong ProcessNaN(FPType type, ulong op, int n, uint fpcr, ref uint fpsr)
    {
        ulong result = op & Mask(n);
        if (type == FPType.SNaN)
        {
            result |= 1ul << (FracBits(n) - 1);
            fpsr |= IOC;
        }
        if ((fpcr & DN) != 0) result = DefaultNaN(n);
        return result;
    }

    /// <summary>FPProcessNaNs: the first signalling NaN, else the first quiet NaN; false when neither operand is a NaN.</summary>
    public static bool ProcessNaNs(FPType type1, FPType type2, ulong op1, ulong op2, int n, uint fpcr, ref uint fpsr, out ulong result)
    {
        if (type1 == FPType.SNaN) result = ProcessNaN(type1, op1, n, fpcr, ref fpsr);
        else if (type2 == FPType.SNaN) result = ProcessNaN(type2, op2, n, fpcr, ref fpsr);
        else if (type1 == FPType.QNaN) result = ProcessNaN(type1, op1, n, fpcr, ref fpsr);
        else if (type2 == FPType.QNaN) result = ProcessNaN(type2, op2, n, fpcr, ref fpsr);
        else
        {
            result = 0;
            return false;
        }
        return true;
    }

    /// <summary>FPProcessNaNs3: signalling NaNs in operand order, then quiet NaNs in operand order.</summary>
    public static bool ProcessNaNs3(FPType type1, FPType type2, FPType type3, ulong op1, ulong op2, ulong op3, int n, uint fpcr, ref uint fpsr, out ulong result)
    {
        if (type1 == FPType.SNaN) result = ProcessNaN(type1, op1, n, fpcr, ref fpsr);
        else if (type2 == FPType.SNaN) result = ProcessNaN(type2, op2, n, fpcr, ref fpsr);
        else if (type3 == FPType.SNaN) result = ProcessNaN(type3, op3, n, fpcr, ref fpsr);
        else if (type1 == FPType.QNaN) result = ProcessNaN(type1, op1, n, fpcr, ref fpsr);
        else if (type2 == FPType.QNaN) result = ProcessNaN(type2, op2, n, fpcr, ref fpsr);
        else if (type3 == FPType.QNaN) result = ProcessNaN(type3, op3, n, fpcr, ref fpsr);
        else
        {
            result = 0;
            return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ exact real arithmetic

    /// <summary>
    /// The exact sum of <c>(-1)^s1 * m1 * 2^e1</c> and <c>(-1)^s2 * m2 * 2^e2</c> (m1, m2 nonzero,
    /// below 2^126) as <c>(-1)^s * (m + sticky) * 2^e</c>, with m of at least 124 significant bits
    /// unless the sum is exact; m = 0 and no sticky for an exact zero.
    /// </summary>
    internal static void AddReals(bool s1, int e1, UInt128 m1, bool s2, int e2, UInt128 m2, out bool s, out int e, out UInt128 m, out bool sticky)
    {
        int sh1 = 125 - HighestBit(m1);
        m1 <<= sh1;
        e1 -= sh1;
        int sh2 = 125 - HighestBit(m2);
        m2 <<= sh2;
        e2 -= sh2;
        if (e1 < e2 || (e1 == e2 && m1 < m2))
        {
            (s1, s2) = (s2, s1);
            (e1, e2) = (e2, e1);
            (m1, m2) = (m2, m1);
        }
        int d = e1 - e2;
        sticky = false;
        if (d >= 127)
        {
            sticky = true;
            m2 = 0;
        }
        else if (d > 0)
        {
            sticky = (m2 & ((UInt128.One << d) - 1)) != 0;
            m2 >>= d;
        }
        if (s1 == s2)
        {
            m = m1 + m2;
        }
        else
        {
            m = m1 - m2;
            if (sticky) m -= 1;   // m1 - (m2 + t) = (m1 - m2 - 1) + (1 - t)
        }
        s = s1;
        e = e1;
    }

    /// <summary>-1, 0 or 1 as the real value of <paramref name="a"/> is below, equal to or above <paramref name="b"/>'s (not NaNs).</summary>
    public static int CompareValues(in FPUnpacked a, in FPUnpacked b)
    {
        int ma = Magnitude(a), mb = Magnitude(b);
        int sa = a.Type == FPType.Zero ? 0 : a.Sign ? -1 : 1;
        int sb = b.Type == FPType.Zero ? 0 : b.Sign ? -1 : 1;
        if (sa != sb) return sa < sb ? -1 : 1;
        if (sa == 0) return 0;
        int c = ma != mb ? (ma < mb ? -1 : 1) : CompareFinite(a, b);
        return sa > 0 ? c : -c;
    }

    // 0 zero, 1 finite, 2 infinite
    private static int Magnitude(in FPUnpacked u) => u.Type == FPType.Zero ? 0 : u.Type == FPType.Infinity ? 2 : 1;

    /// <summary>Compares the magnitudes of two finite nonzero values.</summary>
    private static int CompareFinite(in FPUnpacked a, in FPUnpacked b)
    {
        int ha = HighestBit(a.Mant), hb = HighestBit(b.Mant);
        int ta = a.Exp + ha, tb = b.Exp + hb;
        if (ta != tb) return ta < tb ? -1 : 1;
        ulong xa = a.Mant << (63 - ha), xb = b.Mant << (63 - hb);
        return xa == xb ? 0 : xa < xb ? -1 : 1;
    }

    // ------------------------------------------------------------------ arithmetic

    /// <summary>FPAdd(op1, op2, fpcr).</summary>
    public static ulong Add(ulong op1, ulong op2, int n, uint fpcr, ref uint fpsr) => AddSub(op1, op2, false, n, fpcr, ref fpsr);

    /// <summary>FPSub(op1, op2, fpcr).</summary>
    public static ulong Sub(ulong op1, ulong op2, int n, uint fpcr, ref uint fpsr) => AddSub(op1, op2, true, n, fpcr, ref fpsr);

    private static ulong AddSub(ulong op1, ulong op2, bool subtract, int n, uint fpcr, ref uint fpsr)
    {
        FPRounding rounding = RoundingMode(fpcr);
        var a = Unpack(op1, n, fpcr, ref fpsr);
        var b = Unpack(op2, n, fpcr, ref fpsr);
        if (ProcessNaNs(a.Type, b.Type, op1, op2, n, fpcr, ref fpsr, out ulong result)) return result;
        bool sign2 = b.Sign ^ subtract;
        bool inf1 = a.Type == FPType.Infinity, inf2 = b.Type == FPType.Infinity;
        bool zero1 = a.Type == FPType.Zero, zero2 = b.Type == FPType.Zero;
        if (inf1 && inf2 && a.Sign != sign2)
        {
            fpsr |= IOC;
            return DefaultNaN(n);
        }
        if ((inf1 && !a.Sign) || (inf2 && !sign2)) return Infinity(false, n);
        if ((inf1 && a.Sign) || (inf2 && sign2)) return Infinity(true, n);
        if (zero1 && zero2 && a.Sign == sign2) return Zero(a.Sign, n);
        return SumAndRound(a.Sign, a.Exp, zero1 ? 0 : a.Mant, sign2, b.Exp, zero2 ? 0 : b.Mant, n, fpcr, rounding, ref fpsr);
    }

    /// <summary>FPRound(value1 + value2) where either may be zero (mantissa 0); an exact zero takes its sign from the rounding mode.</summary>
    private static ulong SumAndRound(bool s1, int e1, UInt128 m1, bool s2, int e2, UInt128 m2, int n, uint fpcr, FPRounding rounding, ref uint fpsr)
    {
        bool s;
        int e;
        UInt128 m;
        bool sticky = false;
        if (m1 == 0) (s, e, m) = (s2, e2, m2);
        else if (m2 == 0) (s, e, m) = (s1, e1, m1);
        else AddReals(s1, e1, m1, s2, e2, m2, out s, out e, out m, out sticky);
        if (m == 0 && !sticky) return Zero(rounding == FPRounding.NegInf, n);
        return Round(s, e, m, sticky, n, fpcr, rounding, ref fpsr);
    }

    /// <summary>FPMul(op1, op2, fpcr).</summary>
    public static ulong Mul(ulong op1, ulong op2, int n, uint fpcr, ref uint fpsr)
    {
        var a = Unpack(op1, n, fpcr, ref fpsr);
        var b = Unpack(op2, n, fpcr, ref fpsr);
        if (ProcessNaNs(a.Type, b.Type, op1, op2, n, fpcr, ref fpsr, out ulong result)) return result;
        bool inf1 = a.Type == FPType.Infinity, inf2 = b.Type == FPType.Infinity;
        bool zero1 = a.Type == FPType.Zero, zero2 = b.Type == FPType.Zero;
        bool sign = a.Sign ^ b.Sign;
        if ((inf1 && zero2) || (zero1 && inf2))
        {
            fpsr |= IOC;
            return DefaultNaN(n);
        }
        if (inf1 || inf2) return Infinity(sign, n);
        if (zero1 || zero2) return Zero(sign, n);
        return Round(sign, a.Exp + b.Exp, (UInt128)a.Mant * b.Mant, false, n, fpcr, ref fpsr);
    }

    /// <summary>FPDiv(op1, op2, fpcr).</summary>
    public static ulong Div(ulong op1, ulong op2, int n, uint fpcr, ref uint fpsr)
    {
        var a = Unpack(op1, n, fpcr, ref fpsr);
        var b = Unpack(op2, n, fpcr, ref fpsr);
        if (ProcessNaNs(a.Type, b.Type, op1, op2, n, fpcr, ref fpsr, out ulong result)) return result;
        bool inf1 = a.Type == FPType.Infinity, inf2 = b.Type == FPType.Infinity;
        bool zero1 = a.Type == FPType.Zero, zero2 = b.Type == FPType.Zero;
        bool sign = a.Sign ^ b.Sign;
        if ((inf1 && inf2) || (zero1 && zero2))
        {
            fpsr |= IOC;
            return DefaultNaN(n);
        }
        if (inf1 || zero2)
        {
            if (!inf1) fpsr |= DZC;
            return Infinity(sign, n);
        }
        if (zero1 || inf2) return Zero(sign, n);
        int sh = 125 - HighestBit(a.Mant);
        UInt128 dividend = (UInt128)a.Mant << sh;
        UInt128 quotient = dividend / b.Mant;
        bool sticky = quotient * b.Mant != dividend;
        return Round(sign, a.Exp - sh - b.Exp, quotient, sticky, n, fpcr, ref fpsr);
    }

    /// <summary>FPMulAdd(addend, op1, op2, fpcr): addend + op1 * op2 with a single rounding.</summary>
    public static ulong MulAdd(ulong addend, ulong op1, ulong op2, int n, uint fpcr, ref uint fpsr)
    {
        FPRounding rounding = RoundingMode(fpcr);
        var a = Unpack(addend, n, fpcr, ref fpsr);
        var x = Unpack(op1, n, fpcr, ref fpsr);
        var y = Unpack(op2, n, fpcr, ref fpsr);
        bool inf1 = x.Type == FPType.Infinity, inf2 = y.Type == FPType.Infinity;
        bool zero1 = x.Type == FPType.Zero, zero2 = y.Type == FPType.Zero;
        bool done = ProcessNaNs3(a.Type, x.Type, y.Type, addend, op1, op2, n, fpcr, ref fpsr, out ulong result);
        // A quiet NaN addend does not hide the Invalid Operation of infinity times zero.
        if (a.Type == FPType.QNaN && ((inf1 && zero2) || (zero1 && inf2)))
        {
            fpsr |= IOC;
            return DefaultNaN(n);
        }
        if (done) return result;

        bool infA = a.Type == FPType.Infinity, zeroA = a.Type == FPType.Zero;
        bool signP = x.Sign ^ y.Sign;
        bool infP = inf1 || inf2;
        bool zeroP = zero1 || zero2;
        if ((inf1 && zero2) || (zero1 && inf2) || (infA && infP && a.Sign != signP))
        {
            fpsr |= IOC;
            return DefaultNaN(n);
        }
        if ((infA && !a.Sign) || (infP && !signP)) return Infinity(false, n);
        if ((infA && a.Sign) || (infP && signP)) return Infinity(true, n);
        if (zeroA && zeroP && a.Sign == signP) return Zero(a.Sign, n);
        UInt128 product = zeroP ? 0 : (UInt128)x.Mant * y.Mant;
        return SumAndRound(a.Sign, a.Exp, zeroA ? 0 : a.Mant, signP, x.Exp + y.Exp, product, n, fpcr, rounding, ref fpsr);
    }

    /// <summary>FPSqrt(op, fpcr).</summary>
    public static ulong Sqrt(ulong op, int n, uint fpcr, ref uint fpsr)
    {
        var u = Unpack(op, n, fpcr, ref fpsr);
        if (u.IsNaN) return ProcessNaN(u.Type, op, n, fpcr, ref fpsr);
        if (u.Type == FPType.Zero) return Zero(u.Sign, n);
        if (u.Type == FPType.Infinity && !u.Sign) return Infinity(false, n);
        if (u.Sign)
        {
            fpsr |= IOC;
            return DefaultNaN(n);
        }
        // value = m * 2^e; scale m to [2^124, 2^126) with an even exponent, then take the integer root.
        int sh = 124 - HighestBit(u.Mant);
        if (((u.Exp - sh) & 1) != 0) sh++;
        UInt128 m = (UInt128)u.Mant << sh;
        ulong r = ISqrt(m);
        bool sticky = (UInt128)r * r != m;
        return Round(false, (u.Exp - sh) / 2, r, sticky, n, fpcr, ref fpsr);
    }

    /// <summary>floor(sqrt(m)) for m &lt; 2^126.</summary>
    private static ulong ISqrt(UInt128 m)
    {
        ulong r = (ulong)Math.Sqrt((double)m);
        if (r != 0) r = (ulong)((r + m / r) >> 1);
        while ((UInt128)r * r > m) r--;
        while ((UInt128)(r + 1) * (r + 1) <= m) r++;
        return r;
    }

    // ------------------------------------------------------------------ max / min

    /// <summary>FPMax(op1, op2, fpcr).</summary>
    public static ulong Max(ulong op1, ulong op2, int n, uint fpcr, ref uint fpsr) => MaxMin(op1, op2, true, n, fpcr, ref fpsr);

    /// <summary>FPMin(op1, op2, fpcr).</summary>
    public static ulong Min(ulong op1, ulong op2, int n, uint fpcr, ref uint fpsr) => MaxMin(op1, op2, false, n, fpcr, ref fpsr);

    private static ulong MaxMin(ulong op1, ulong op2, bool max, int n, uint fpcr, ref uint fpsr)
    {
        var a = Unpack(op1, n, fpcr, ref fpsr);
        var b = Unpack(op2, n, fpcr, ref fpsr);
        if (ProcessNaNs(a.Type, b.Type, op1, op2, n, fpcr, ref fpsr, out ulong result)) return result;
        int c = CompareValues(a, b);
        FPUnpacked pick = (max ? c > 0 : c < 0) ? a : b;
        if (pick.Type == FPType.Zero) pick.Sign = max ? a.Sign && b.Sign : a.Sign || b.Sign;
        return Encode(pick, n, fpcr, ref fpsr);
    }

    /// <summary>FPMaxNum(op1, op2, fpcr): a single quiet NaN loses to a number.</summary>
    public static ulong MaxNum(ulong op1, ulong op2, int n, uint fpcr, ref uint fpsr) => MaxMinNum(op1, op2, true, n, fpcr, ref fpsr);

    /// <summary>FPMinNum(op1, op2, fpcr).</summary>
    public static ulong MinNum(ulong op1, ulong op2, int n, uint fpcr, ref uint fpsr) => MaxMinNum(op1, op2, false, n, fpcr, ref fpsr);

    private static ulong MaxMinNum(ulong op1, ulong op2, bool max, int n, uint fpcr, ref uint fpsr)
    {
        FPType type1 = Unpack(op1, n, fpcr, ref fpsr).Type;
        FPType type2 = Unpack(op2, n, fpcr, ref fpsr).Type;
        if (type1 == FPType.QNaN && type2 != FPType.QNaN) op1 = Infinity(max, n);
        else if (type1 != FPType.QNaN && type2 == FPType.QNaN) op2 = Infinity(max, n);
        return MaxMin(op1, op2, max, n, fpcr, ref fpsr);
    }

    // ------------------------------------------------------------------ compare

    /// <summary>FPCompare(op1, op2, signal_nans, fpcr) as NZCV in bits 31:28.</summary>
    public static uint Compare(ulong op1, ulong op2, bool signalNaNs, int n, uint fpcr, ref uint fpsr)
    {
        var a = Unpack(op1, n, fpcr, ref fpsr);
        var b = Unpack(op2, n, fpcr, ref fpsr);
        if (a.IsNaN || b.IsNaN)
        {
            if (a.Type == FPType.SNaN || b.Type == FPType.SNaN || signalNaNs) fpsr |= IOC;
            return 0b0011u << 28;
        }
        int c = CompareValues(a, b);
        return c == 0 ? 0b0110u << 28 : c < 0 ? 0b1000u << 28 : 0b0010u << 28;
    }

    // ------------------------------------------------------------------ integers

    /// <summary>
    /// Splits |value| * 2^shiftUp (value = mant * 2^exp) into its integer part and where the
    /// fraction lies against one half; false when the integer part needs more than 65 bits.
    /// </summary>
    private static bool IntegerPart(ulong mant, int exp, out UInt128 intMag, out bool inexact, out int vsHalf)
    {
        if (exp >= 0)
        {
            inexact = false;
            vsHalf = -1;
            if (HighestBit(mant) + exp > 65)
            {
                intMag = 0;
                return false;
            }
            intMag = (UInt128)mant << exp;
            return true;
        }
        int s = -exp;
        inexact = true;
        if (s > 100)
        {
            intMag = 0;
            vsHalf = -1;   // mant < 2^64 < half
            return true;
        }
        UInt128 m = mant;
        UInt128 rem = m & ((UInt128.One << s) - 1);
        UInt128 half = UInt128.One << (s - 1);
        intMag = m >> s;
        inexact = rem != 0;
        vsHalf = rem > half ? 1 : rem < half ? -1 : 0;
        return true;
    }

    /// <summary>Whether rounding the magnitude (with the given fraction) goes away from zero.</summary>
    private static bool RoundsUp(FPRounding rounding, bool sign, UInt128 intMag, bool inexact, int vsHalf) => rounding switch
    {
        FPRounding.TieEven => vsHalf > 0 || (vsHalf == 0 && ((ulong)intMag & 1) != 0),
        FPRounding.PosInf => inexact && !sign,
        FPRounding.NegInf => inexact && sign,
        FPRounding.TieAway => inexact && vsHalf >= 0,
        _ => false,
    };

    /// <summary>FPRoundInt(op, fpcr, rounding, exact): IXC only when <paramref name="exact"/> and the value changed.</summary>
    public static ulong RoundInt(ulong op, int n, uint fpcr, FPRounding rounding, bool exact, ref uint fpsr)
    {
        var u = Unpack(op, n, fpcr, ref fpsr);
        if (u.IsNaN) return ProcessNaN(u.Type, op, n, fpcr, ref fpsr);
        if (u.Type == FPType.Infinity) return Infinity(u.Sign, n);
        if (u.Type == FPType.Zero) return Zero(u.Sign, n);
        if (u.Exp >= 0) return Encode(u, n, fpcr, ref fpsr);   // already an integer
        IntegerPart(u.Mant, u.Exp, out UInt128 intMag, out bool inexact, out int vsHalf);
        if (RoundsUp(rounding, u.Sign, intMag, inexact, vsHalf)) intMag++;
        ulong result = intMag == 0 ? Zero(u.Sign, n) : Round(u.Sign, 0, intMag, false, n, fpcr, FPRounding.Zero, ref fpsr);
        if (inexact && exact) fpsr |= IXC;
        return result;
    }

    /// <summary>
    /// FPToFixed(op, fbits, unsigned, fpcr, rounding) into <paramref name="m"/> bits (returned
    /// zero-extended): NaNs give 0 and out-of-range values saturate, both with IOC (and no IXC).
    /// </summary>
    public static ulong ToFixed(ulong op, int n, int fbits, bool unsigned, int m, uint fpcr, FPRounding rounding, ref uint fpsr)
    {
        var u = Unpack(op, n, fpcr, ref fpsr);
        if (u.IsNaN)
        {
            fpsr |= IOC;
            return 0;
        }
        if (u.Type == FPType.Zero) return 0;
        UInt128 intMag = 0;
        bool inexact = false, fits = u.Type == FPType.Nonzero;
        if (fits)
        {
            fits = IntegerPart(u.Mant, u.Exp + fbits, out intMag, out inexact, out int vsHalf);
            if (fits && RoundsUp(rounding, u.Sign, intMag, inexact, vsHalf)) intMag++;
        }
        // SatQ(int_result, M, unsigned)
        UInt128 limit = unsigned ? (u.Sign ? 0 : (UInt128.One << m) - 1) : (UInt128.One << (m - 1)) - (u.Sign ? 0u : 1u);
        if (!fits || intMag > limit)
        {
            fpsr |= IOC;
            if (unsigned) return u.Sign ? 0 : Mask(m);
            return u.Sign ? 1ul << (m - 1) : Mask(m - 1);
        }
        if (inexact) fpsr |= IXC;
        ulong mag = (ulong)intMag;
        return (u.Sign ? 0 - mag : mag) & Mask(m);
    }

    /// <summary>FixedToFP(op, fbits, unsigned, fpcr, rounding) from the low <paramref name="m"/> bits of <paramref name="op"/>.</summary>
    public static ulong FixedToFP(ulong op, int m, int fbits, bool unsigned, int n, uint fpcr, FPRounding rounding, ref uint fpsr)
    {
        op &= Mask(m);
        bool sign = !unsigned && ((op >> (m - 1)) & 1) != 0;
        ulong mag = sign ? (0 - op) & Mask(m) : op;
        if (mag == 0) return Zero(false, n);
        return Round(sign, -fbits, mag, false, n, fpcr, rounding, ref fpsr);
    }

    // ------------------------------------------------------------------ conversion

    /// <summary>FPConvertNaN: the NaN's payload carried across formats, quieted.</summary>
    public static ulong ConvertNaN(ulong op, int n, int m)
    {
        bool sign = ((op >> (n - 1)) & 1) != 0;
        ulong frac = n switch   // 51 bits below the quiet bit
        {
            64 => op & Mask(51),
            32 => (op & Mask(22)) << 29,
            _ => (op & Mask(9)) << 42,
        };
        int f = FracBits(m);
        return Zero(sign, m) | (Mask(ExpBits(m) + 1) << (f - 1)) | (frac >> (52 - f));
    }

    /// <summary>FPConvert(op, fpcr, rounding) from <paramref name="n"/> to <paramref name="m"/> bits (FPCR.AHP selects the alternative half format).</summary>
    public static ulong Convert(ulong op, int n, int m, uint fpcr, FPRounding rounding, ref uint fpsr)
    {
        var u = UnpackCV(op, n, fpcr, ref fpsr);
        bool altHp = m == 16 && (fpcr & AHP) != 0;
        if (u.IsNaN)
        {
            ulong result;
            if (altHp) result = Zero(u.Sign, m);
            else if ((fpcr & DN) != 0) result = DefaultNaN(m);
            else result = ConvertNaN(op, n, m);
            if (u.Type == FPType.SNaN || altHp) fpsr |= IOC;
            return result;
        }
        if (u.Type == FPType.Infinity)
        {
            if (altHp)
            {
                fpsr |= IOC;
                return Zero(u.Sign, m) | Mask(m - 1);
            }
            return Infinity(u.Sign, m);
        }
        if (u.Type == FPType.Zero) return Zero(u.Sign, m);
        return RoundCV(u.Sign, u.Exp, u.Mant, false, m, fpcr, rounding, ref fpsr);
    }

    /// <summary>VFPExpandImm(imm8) for an N-bit format.</summary>
    public static ulong ExpandImm(uint imm8, int n)
    {
        int e = ExpBits(n), f = FracBits(n);
        ulong sign = (imm8 >> 7) & 1;
        ulong b6 = (imm8 >> 6) & 1;
        ulong exp = ((b6 ^ 1) << (e - 1)) | ((b6 != 0 ? Mask(e - 3) : 0) << 2) | ((imm8 >> 4) & 3);
        ulong frac = (ulong)(imm8 & 15) << (f - 4);
        return (sign << (n - 1)) | (exp << f) | frac;
    }
}
