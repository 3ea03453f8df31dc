using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using A64Jit.Core.State;

namespace A64Jit.Core.Interpretation;

/// <summary>
/// The shared functions of the Arm ARM's pseudo-code (AddWithCarry, DecodeBitMasks,
/// ShiftReg, ExtendReg, ConditionHolds, …) and instruction field extraction, named as in
/// the manual so that each interpreter method reads like its Operation section.
/// Values of <c>datasize</c> bits are carried in a <see cref="ulong"/> whose bits above
/// <c>datasize</c> are zero.
/// </summary>
public static class Pseudocode
{
    // ------------------------------------------------------------------ fields

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Bits(uint w, int hi, int lo) => (w >> lo) & (uint)((1ul << (hi - lo + 1)) - 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Bit(uint w, int n) => ((w >> n) & 1) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Rd(uint w) => (int)(w & 31);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Rt(uint w) => (int)(w & 31);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Rn(uint w) => (int)((w >> 5) & 31);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Rt2(uint w) => (int)((w >> 10) & 31);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Ra(uint w) => (int)((w >> 10) & 31);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Rm(uint w) => (int)((w >> 16) & 31);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Rs(uint w) => (int)((w >> 16) & 31);

    /// <summary>64 when <c>sf</c> (bit 31) is set, else 32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DataSize(uint w) => Bit(w, 31) ? 64 : 32;

    // ------------------------------------------------------------------ bit vectors

    /// <summary>A value with the low <paramref name="n"/> bits set (n = 0..64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Ones(int n) => n >= 64 ? ulong.MaxValue : (1ul << n) - 1;

    /// <summary>Truncates <paramref name="x"/> to <paramref name="n"/> bits (the pseudo-code's implicit width).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Trunc(ulong x, int n) => x & Ones(n);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong SignExtend(ulong x, int bits, int datasize = 64) =>
        Trunc((ulong)((long)(x << (64 - bits)) >> (64 - bits)), datasize);

    public static ulong ZeroExtend(ulong x, int bits) => Trunc(x, bits);

    /// <summary>Bit <paramref name="datasize"/>-1 of <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TopBit(ulong x, int datasize) => ((x >> (datasize - 1)) & 1) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HighestSetBit(ulong x) => x == 0 ? -1 : 63 - BitOperations.LeadingZeroCount(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong LSL(ulong x, int shift, int datasize) => shift >= datasize ? 0 : Trunc(x << shift, datasize);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong LSR(ulong x, int shift, int datasize) => shift >= datasize ? 0 : Trunc(x, datasize) >> shift;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ASR(ulong x, int shift, int datasize)
    {
        long s = (long)(x << (64 - datasize)) >> (64 - datasize);
        return Trunc((ulong)(s >> Math.Min(shift, 63)), datasize);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ROR(ulong x, int shift, int datasize)
    {
        x = Trunc(x, datasize);
        int m = (uint)shift < (uint)datasize ? shift : shift % datasize;
        return m == 0 ? x : Trunc((x >> m) | (x << (datasize - m)), datasize);
    }

    /// <summary>Repeats the low <paramref name="esize"/> bits of <paramref name="x"/> to fill <paramref name="datasize"/> bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Replicate(ulong x, int esize, int datasize)
    {
        x = Trunc(x, esize);
        if (esize == datasize) return x;
        ulong r = 0;
        for (int i = 0; i < datasize; i += esize) r |= x << i;
        return r;
    }

    // ------------------------------------------------------------------ arithmetic

    /// <summary>
    /// AddWithCarry(x, y, carry_in): the <paramref name="datasize"/>-bit sum and the NZCV it
    /// produces, in <see cref="CpuState.Nzcv"/> layout (bits 31:28).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AddWithCarry(ulong x, ulong y, bool carryIn, int datasize, out uint nzcv)
    {
        ulong c = carryIn ? 1ul : 0ul;
        ulong result;
        bool carry;
        if (datasize == 64)
        {
            ulong partial = x + y;
            result = partial + c;
            carry = (partial < x) | (result < partial);
        }
        else
        {
            ulong wide = Trunc(x, datasize) + Trunc(y, datasize) + c;
            result = Trunc(wide, datasize);
            carry = (wide >> datasize) != 0;
        }
        bool overflow = TopBit((x ^ result) & (y ^ result), datasize);
        nzcv = Nzcv(TopBit(result, datasize), result == 0, carry, overflow);
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Nzcv(bool n, bool z, bool c, bool v) =>
        ((uint)Unsafe.BitCast<bool, byte>(n) << 31) | ((uint)Unsafe.BitCast<bool, byte>(z) << 30)
        | ((uint)Unsafe.BitCast<bool, byte>(c) << 29) | ((uint)Unsafe.BitCast<bool, byte>(v) << 28);

    /// <summary>
    /// ConditionHolds(cond) for a 4-bit condition code and the current NZCV (bits 31:28):
    /// one lookup in a table that <see cref="ConditionHoldsPseudocode"/> fills, so the
    /// interpreter's conditional instructions test a condition without branches.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ConditionHolds(uint cond, uint nzcv) =>
        ((Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(ConditionTable), (int)(cond & 15)) >> (int)((nzcv >> 28) & 15)) & 1) != 0;

    /// <summary>Entry <c>cond</c>: bit <c>i</c> set when the condition holds for NZCV = <c>i</c>.</summary>
    private static readonly ushort[] ConditionTable = BuildConditionTable();

    private static ushort[] BuildConditionTable()
    {
        var table = new ushort[16];
        for (uint cond = 0; cond < 16; cond++)
            for (uint flags = 0; flags < 16; flags++)
                if (ConditionHoldsPseudocode(cond, flags << 28)) table[cond] |= (ushort)(1u << (int)flags);
        return table;
    }

    /// <summary>ConditionHolds(cond) written as the Arm ARM's pseudo-code (the source of <see cref="ConditionHolds"/>'s table).</summary>
    public static bool ConditionHoldsPseudocode(uint cond, uint nzcv)
    {
        bool n = (nzcv & NzcvBits.N) != 0, z = (nzcv & NzcvBits.Z) != 0, c = (nzcv & NzcvBits.C) != 0, v = (nzcv & NzcvBits.V) != 0;
        bool result = (cond >> 1) switch
        {
            0b000 => z,              // EQ / NE
            0b001 => c,              // CS / CC
            0b010 => n,              // MI / PL
            0b011 => v,              // VS / VC
            0b100 => c && !z,        // HI / LS
            0b101 => n == v,         // GE / LT
            0b110 => n == v && !z,   // GT / LE
            _ => true,               // AL / NV
        };
        return (cond & 1) != 0 && cond != 0b1111 ? !result : result;
    }

    // ------------------------------------------------------------------ operands

    /// <summary>ShiftType: 0 LSL, 1 LSR, 2 ASR, 3 ROR.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ShiftReg(ulong value, uint shiftType, int amount, int datasize) => shiftType switch
    {
        0 => LSL(value, amount, datasize),
        1 => LSR(value, amount, datasize),
        2 => ASR(value, amount, datasize),
        _ => ROR(value, amount, datasize),
    };

    /// <summary>
    /// ExtendReg: extends the low bits of <paramref name="value"/> selected by
    /// <paramref name="extendType"/> (0 UXTB … 3 UXTX, 4 SXTB … 7 SXTX) and shifts it left.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ExtendReg(ulong value, uint extendType, int shift, int datasize)
    {
        bool unsigned = (extendType & 4) == 0;
        int len = 8 << (int)(extendType & 3);
        len = Math.Min(len, datasize - shift);
        ulong v = Trunc(value, len);
        if (!unsigned) v = SignExtend(v, len);
        return Trunc(v << shift, datasize);
    }

    /// <summary>
    /// DecodeBitMasks(immN, imms, immr, immediate) for a <paramref name="datasize"/>-bit
    /// operation; false where the pseudo-code says UNDEFINED (reserved values).
    /// </summary>
    public static bool DecodeBitMasks(uint immN, uint imms, uint immr, bool immediate, int datasize, out ulong wmask, out ulong tmask)
    {
        wmask = tmask = 0;
        int len = HighestSetBit((immN << 6) | (~imms & 0x3F));
        if (len < 1) return false;
        int esize = 1 << len;
        if (esize > datasize) return false;
        uint levels = (uint)Ones(len);
        if (immediate && (imms & levels) == levels) return false;
        int s = (int)(imms & levels);
        int r = (int)(immr & levels);
        int d = (s - r) & (int)levels;
        ulong welem = Ones(s + 1);
        ulong telem = Ones(d + 1);
        wmask = Replicate(ROR(welem, r, esize), esize, datasize);
        tmask = Replicate(telem, esize, datasize);
        return true;
    }
}
