using System.Runtime.CompilerServices;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.Intrinsics.X86;
using static A64Jit.Core.Interpretation.Pseudocode;

namespace A64Jit.Core.Interpretation;

/// <summary>Semantics of the data processing (register) group, one method per encoding of the table.</summary>
public static class DataProcessingRegister
{
    // ------------------------------------------------------------------ Data-processing (2 source)

    public static Outcome UDIV(ExecContext c, uint w)
    {
        int datasize = DataSize(w);
        ulong n = c.X(Rn(w), datasize), m = c.X(Rm(w), datasize);
        c.SetX(Rd(w), datasize, m == 0 ? 0 : n / m);
        return Outcome.Continue;
    }

    public static Outcome SDIV(ExecContext c, uint w)
    {
        int datasize = DataSize(w);
        long n = (long)SignExtend(c.X(Rn(w), datasize), datasize);
        long m = (long)SignExtend(c.X(Rm(w), datasize), datasize);
        // Integer division rounds toward zero; the one overflowing case (MIN / -1) wraps to MIN.
        long q = m == 0 ? 0 : (m == -1 ? unchecked(-n) : n / m);
        c.SetX(Rd(w), datasize, (ulong)q);
        return Outcome.Continue;
    }

    private static Outcome ShiftVariable(ExecContext c, uint w, uint shiftType)
    {
        int datasize = DataSize(w);
        int amount = (int)(c.X(Rm(w), 64) % (ulong)datasize);
        c.SetX(Rd(w), datasize, ShiftReg(c.X(Rn(w), datasize), shiftType, amount, datasize));
        return Outcome.Continue;
    }

    public static Outcome LSLV(ExecContext c, uint w) => ShiftVariable(c, w, 0);
    public static Outcome LSRV(ExecContext c, uint w) => ShiftVariable(c, w, 1);
    public static Outcome ASRV(ExecContext c, uint w) => ShiftVariable(c, w, 2);
    public static Outcome RORV(ExecContext c, uint w) => ShiftVariable(c, w, 3);

    // CRC32 and CRC32C: the Arm ARM's Poly32Mod2 over bit-reversed operands, with no
    // initial or final inversion, is the reflected CRC below (polynomials 0x04C11DB7 and
    // 0x1EDC6F41, reflected 0xEDB88320 and 0x82F63B78). The x86 CRC32 instruction
    // computes exactly the CRC32C step, so it is used when present.
    private static uint Crc(uint acc, ulong value, int bytes, uint reflectedPoly)
    {
        for (int i = 0; i < bytes; i++)
        {
            acc ^= (byte)(value >> (8 * i));
            for (int b = 0; b < 8; b++) acc = (acc & 1) != 0 ? (acc >> 1) ^ reflectedPoly : acc >> 1;
        }
        return acc;
    }

    private static Outcome Crc32(ExecContext c, uint w, int bytes, bool castagnoli)
    {
        uint acc = (uint)c.X(Rn(w), 32);
        ulong val = c.X(Rm(w), bytes == 8 ? 64 : 32);
        uint result = castagnoli && Sse42.X64.IsSupported ? HostCrc32C(acc, val, bytes) : Crc(acc, val, bytes, castagnoli ? 0x82F63B78u : 0xEDB88320u);
        c.SetX(Rd(w), 32, result);
        return Outcome.Continue;
    }

    private static uint HostCrc32C(uint acc, ulong val, int bytes) => bytes switch
    {
        1 => Sse42.Crc32(acc, (byte)val),
        2 => Sse42.Crc32(acc, (ushort)val),
        4 => Sse42.Crc32(acc, (uint)val),
        _ => (uint)Sse42.X64.Crc32(acc, val),
    };

    public static Outcome CRC32B(ExecContext c, uint w) => Crc32(c, w, 1, false);
    public static Outcome CRC32H(ExecContext c, uint w) => Crc32(c, w, 2, false);
    public static Outcome CRC32W(ExecContext c, uint w) => Crc32(c, w, 4, false);
    public static Outcome CRC32X(ExecContext c, uint w) => Crc32(c, w, 8, false);
    public static Outcome CRC32CB(ExecContext c, uint w) => Crc32(c, w, 1, true);
    public static Outcome CRC32CH(ExecContext c, uint w) => Crc32(c, w, 2, true);
    public static Outcome CRC32CW(ExecContext c, uint w) => Crc32(c, w, 4, true);
    public static Outcome CRC32CX(ExecContext c, uint w) => Crc32(c, w, 8, true);

    // ------------------------------------------------------------------ Data-processing (1 source)

    private static ulong ReverseBits(ulong x, int datasize)
    {
        x = ((x >> 1) & 0x5555555555555555) | ((x & 0x5555555555555555) << 1);
        x = ((x >> 2) & 0x3333333333333333) | ((x & 0x3333333333333333) << 2);
        x = ((x >> 4) & 0x0F0F0F0F0F0F0F0F) | ((x & 0x0F0F0F0F0F0F0F0F) << 4);
        x = BinaryPrimitives.ReverseEndianness(x);
        return datasize == 64 ? x : x >> 32;
    }

    public static Outcome RBIT(ExecContext c, uint w)
    {
        int datasize = DataSize(w);
        c.SetX(Rd(w), datasize, ReverseBits(c.X(Rn(w), datasize), datasize));
        return Outcome.Continue;
    }

    /// <summary>Reverses the bytes within each container of <paramref name="containerBytes"/> bytes.</summary>
    private static ulong ReverseBytesIn(ulong x, int containerBytes, int datasize)
    {
        ulong result = 0;
        int containers = datasize / 8 / containerBytes;
        for (int k = 0; k < containers; k++)
            for (int b = 0; b < containerBytes; b++)
            {
                ulong by = (x >> (8 * (k * containerBytes + b))) & 0xFF;
                result |= by << (8 * (k * containerBytes + containerBytes - 1 - b));
            }
        return result;
    }

    private static Outcome Rev(ExecContext c, uint w, int containerBytes)
    {
        int datasize = DataSize(w);
        c.SetX(Rd(w), datasize, ReverseBytesIn(c.X(Rn(w), datasize), containerBytes, datasize));
        return Outcome.Continue;
    }

    public static Outcome REV16(ExecContext c, uint w) => Rev(c, w, 2);
    public static Outcome REV_32(ExecContext c, uint w) => Rev(c, w, 4);
    public static Outcome REV32(ExecContext c, uint w) => Rev(c, w, 4);
    public static Outcome REV_64(ExecContext c, uint w) => Rev(c, w, 8);

    public static Outcome CLZ(ExecContext c, uint w)
    {
        int datasize = DataSize(w);
        ulong x = c.X(Rn(w), datasize);
        int result = BitOperations.LeadingZeroCount(x) - (64 - datasize);
        c.SetX(Rd(w), datasize, (ulong)result);
        return Outcome.Continue;
    }

    public static Outcome CLS(ExecContext c, uint w)
    {
        int datasize = DataSize(w);
        ulong x = c.X(Rn(w), datasize);
        // CountLeadingSignBits(x) = CountLeadingZeroBits(x<N-1:1> EOR x<N-2:0>)
        ulong diff = Trunc((x >> 1) ^ x, datasize - 1);
        int result = BitOperations.LeadingZeroCount(diff) - (64 - (datasize - 1));
        c.SetX(Rd(w), datasize, (ulong)result);
        return Outcome.Continue;
    }

    // ------------------------------------------------------------------ Logical (shifted register)

    private enum LogicalOp { And, Orr, Eor }

    /// <summary>Chooses the 64- or 32-bit body by sf, so each is compiled with a constant datasize.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome Logical(ExecContext c, uint w, LogicalOp op, bool invert, bool setFlags) =>
        Bit(w, 31) ? Logical(c, w, 64, op, invert, setFlags) : Logical(c, w, 32, op, invert, setFlags);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome Logical(ExecContext c, uint w, int datasize, LogicalOp op, bool invert, bool setFlags)
    {
        ulong operand1 = c.X(Rn(w), datasize);
        ulong operand2 = ShiftReg(c.X(Rm(w), datasize), Bits(w, 23, 22), (int)Bits(w, 15, 10), datasize);
        if (invert) operand2 = Trunc(~operand2, datasize);
        ulong result = op switch
        {
            LogicalOp.And => operand1 & operand2,
            LogicalOp.Orr => operand1 | operand2,
            _ => operand1 ^ operand2,
        };
        if (setFlags) c.Nzcv = Nzcv(TopBit(result, datasize), result == 0, false, false);
        c.SetX(Rd(w), datasize, result);
        return Outcome.Continue;
    }

    public static Outcome AND_shift(ExecContext c, uint w) => Logical(c, w, LogicalOp.And, false, false);
    public static Outcome BIC_shift(ExecContext c, uint w) => Logical(c, w, LogicalOp.And, true, false);
    public static Outcome ORR_shift(ExecContext c, uint w) => Logical(c, w, LogicalOp.Orr, false, false);
    public static Outcome ORN_shift(ExecContext c, uint w) => Logical(c, w, LogicalOp.Orr, true, false);
    public static Outcome EOR_shift(ExecContext c, uint w) => Logical(c, w, LogicalOp.Eor, false, false);
    public static Outcome EON_shift(ExecContext c, uint w) => Logical(c, w, LogicalOp.Eor, true, false);
    public static Outcome ANDS_shift(ExecContext c, uint w) => Logical(c, w, LogicalOp.And, false, true);
    public static Outcome BICS_shift(ExecContext c, uint w) => Logical(c, w, LogicalOp.And, true, true);

    // ------------------------------------------------------------------ Add/subtract (shifted register)

    /// <summary>Chooses the 64- or 32-bit body by sf, so each is compiled with a constant datasize.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome AddSubShifted(ExecContext c, uint w, bool subOp, bool setFlags) =>
        Bit(w, 31) ? AddSubShifted(c, w, 64, subOp, setFlags) : AddSubShifted(c, w, 32, subOp, setFlags);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome AddSubShifted(ExecContext c, uint w, int datasize, bool subOp, bool setFlags)
    {
        ulong operand1 = c.X(Rn(w), datasize);
        ulong operand2 = ShiftReg(c.X(Rm(w), datasize), Bits(w, 23, 22), (int)Bits(w, 15, 10), datasize);
        if (subOp) operand2 = Trunc(~operand2, datasize);
        ulong result = AddWithCarry(operand1, operand2, subOp, datasize, out uint nzcv);
        if (setFlags) c.Nzcv = nzcv;
        c.SetX(Rd(w), datasize, result);
        return Outcome.Continue;
    }

    public static Outcome ADD_shift(ExecContext c, uint w) => AddSubShifted(c, w, false, false);
    public static Outcome ADDS_shift(ExecContext c, uint w) => AddSubShifted(c, w, false, true);
    public static Outcome SUB_shift(ExecContext c, uint w) => AddSubShifted(c, w, true, false);
    public static Outcome SUBS_shift(ExecContext c, uint w) => AddSubShifted(c, w, true, true);

    // ------------------------------------------------------------------ Add/subtract (extended register)

    /// <summary>Chooses the 64- or 32-bit body by sf, so each is compiled with a constant datasize.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome AddSubExtended(ExecContext c, uint w, bool subOp, bool setFlags) =>
        Bit(w, 31) ? AddSubExtended(c, w, 64, subOp, setFlags) : AddSubExtended(c, w, 32, subOp, setFlags);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome AddSubExtended(ExecContext c, uint w, int datasize, bool subOp, bool setFlags)
    {
        ulong operand1 = c.XOrSP(Rn(w), datasize);
        ulong operand2 = ExtendReg(c.X(Rm(w), 64), Bits(w, 15, 13), (int)Bits(w, 12, 10), datasize);
        if (subOp) operand2 = Trunc(~operand2, datasize);
        ulong result = AddWithCarry(operand1, operand2, subOp, datasize, out uint nzcv);
        if (setFlags)
        {
            c.Nzcv = nzcv;
            c.SetX(Rd(w), datasize, result);
        }
        else c.SetXOrSP(Rd(w), datasize, result);
        return Outcome.Continue;
    }

    public static Outcome ADD_ext(ExecContext c, uint w) => AddSubExtended(c, w, false, false);
    public static Outcome ADDS_ext(ExecContext c, uint w) => AddSubExtended(c, w, false, true);
    public static Outcome SUB_ext(ExecContext c, uint w) => AddSubExtended(c, w, true, false);
    public static Outcome SUBS_ext(ExecContext c, uint w) => AddSubExtended(c, w, true, true);

    // ------------------------------------------------------------------ Add/subtract (with carry)

    /// <summary>Chooses the 64- or 32-bit body by sf, so each is compiled with a constant datasize.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome AddSubCarry(ExecContext c, uint w, bool subOp, bool setFlags) =>
        Bit(w, 31) ? AddSubCarry(c, w, 64, subOp, setFlags) : AddSubCarry(c, w, 32, subOp, setFlags);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome AddSubCarry(ExecContext c, uint w, int datasize, bool subOp, bool setFlags)
    {
        ulong operand1 = c.X(Rn(w), datasize);
        ulong operand2 = c.X(Rm(w), datasize);
        if (subOp) operand2 = Trunc(~operand2, datasize);
        ulong result = AddWithCarry(operand1, operand2, c.CarryFlag, datasize, out uint nzcv);
        if (setFlags) c.Nzcv = nzcv;
        c.SetX(Rd(w), datasize, result);
        return Outcome.Continue;
    }

    public static Outcome ADC(ExecContext c, uint w) => AddSubCarry(c, w, false, false);
    public static Outcome ADCS(ExecContext c, uint w) => AddSubCarry(c, w, false, true);
    public static Outcome SBC(ExecContext c, uint w) => AddSubCarry(c, w, true, false);
    public static Outcome SBCS(ExecContext c, uint w) => AddSubCarry(c, w, true, true);

    // ------------------------------------------------------------------ Conditional compare

    /// <summary>Chooses the 64- or 32-bit body by sf, so each is compiled with a constant datasize.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome CondCompare(ExecContext c, uint w, bool subOp, bool immediate) =>
        Bit(w, 31) ? CondCompare(c, w, 64, subOp, immediate) : CondCompare(c, w, 32, subOp, immediate);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome CondCompare(ExecContext c, uint w, int datasize, bool subOp, bool immediate)
    {
        uint cond = Bits(w, 15, 12);
        uint flags = Bits(w, 3, 0) << 28;
        if (ConditionHolds(cond, c.Nzcv))
        {
            ulong operand1 = c.X(Rn(w), datasize);
            ulong operand2 = immediate ? Bits(w, 20, 16) : c.X(Rm(w), datasize);
            if (subOp) operand2 = Trunc(~operand2, datasize);
            AddWithCarry(operand1, operand2, subOp, datasize, out flags);
        }
        c.Nzcv = flags;
        return Outcome.Continue;
    }

    public static Outcome CCMN_reg(ExecContext c, uint w) => CondCompare(c, w, false, false);
    public static Outcome CCMP_reg(ExecContext c, uint w) => CondCompare(c, w, true, false);
    public static Outcome CCMN_imm(ExecContext c, uint w) => CondCompare(c, w, false, true);
    public static Outcome CCMP_imm(ExecContext c, uint w) => CondCompare(c, w, true, true);

    // ------------------------------------------------------------------ Conditional select

    /// <summary>Chooses the 64- or 32-bit body by sf, so each is compiled with a constant datasize.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome CondSelect(ExecContext c, uint w, bool elseInv, bool elseInc) =>
        Bit(w, 31) ? CondSelect(c, w, 64, elseInv, elseInc) : CondSelect(c, w, 32, elseInv, elseInc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome CondSelect(ExecContext c, uint w, int datasize, bool elseInv, bool elseInc)
    {
        ulong result;
        if (ConditionHolds(Bits(w, 15, 12), c.Nzcv)) result = c.X(Rn(w), datasize);
        else
        {
            result = c.X(Rm(w), datasize);
            if (elseInv) result = Trunc(~result, datasize);
            if (elseInc) result = Trunc(result + 1, datasize);
        }
        c.SetX(Rd(w), datasize, result);
        return Outcome.Continue;
    }

    public static Outcome CSEL(ExecContext c, uint w) => CondSelect(c, w, false, false);
    public static Outcome CSINC(ExecContext c, uint w) => CondSelect(c, w, false, true);
    public static Outcome CSINV(ExecContext c, uint w) => CondSelect(c, w, true, false);
    public static Outcome CSNEG(ExecContext c, uint w) => CondSelect(c, w, true, true);

    // ------------------------------------------------------------------ Data-processing (3 source)

    /// <summary>Chooses the 64- or 32-bit body by sf, so each is compiled with a constant datasize.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome MulAdd(ExecContext c, uint w, bool sub) =>
        Bit(w, 31) ? MulAdd(c, w, 64, sub) : MulAdd(c, w, 32, sub);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome MulAdd(ExecContext c, uint w, int datasize, bool sub)
    {
        ulong product = c.X(Rn(w), datasize) * c.X(Rm(w), datasize);
        ulong a = c.X(Ra(w), datasize);
        c.SetX(Rd(w), datasize, sub ? a - product : a + product);
        return Outcome.Continue;
    }

    public static Outcome MADD(ExecContext c, uint w) => MulAdd(c, w, false);
    public static Outcome MSUB(ExecContext c, uint w) => MulAdd(c, w, true);

    private static Outcome MulAddLong(ExecContext c, uint w, bool unsigned, bool sub)
    {
        ulong n = c.X(Rn(w), 32), m = c.X(Rm(w), 32);
        ulong product = unsigned ? n * m : (ulong)((long)(int)(uint)n * (int)(uint)m);
        ulong a = c.X(Ra(w), 64);
        c.SetX(Rd(w), 64, sub ? a - product : a + product);
        return Outcome.Continue;
    }

    public static Outcome SMADDL(ExecContext c, uint w) => MulAddLong(c, w, false, false);
    public static Outcome SMSUBL(ExecContext c, uint w) => MulAddLong(c, w, false, true);
    public static Outcome UMADDL(ExecContext c, uint w) => MulAddLong(c, w, true, false);
    public static Outcome UMSUBL(ExecContext c, uint w) => MulAddLong(c, w, true, true);

    public static Outcome SMULH(ExecContext c, uint w)
    {
        long high = Math.BigMul((long)c.X(Rn(w)), (long)c.X(Rm(w)), out _);
        c.SetX(Rd(w), 64, (ulong)high);
        return Outcome.Continue;
    }

    public static Outcome UMULH(ExecContext c, uint w)
    {
        ulong high = Math.BigMul(c.X(Rn(w)), c.X(Rm(w)), out _);
        c.SetX(Rd(w), 64, high);
        return Outcome.Continue;
    }
}
