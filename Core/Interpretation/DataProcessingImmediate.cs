using System.Runtime.CompilerServices;
using static A64Jit.Core.Interpretation.Pseudocode;

namespace A64Jit.Core.Interpretation;

/// <summary>Semantics of the data processing (immediate) group, one method per encoding of the table.</summary>
public static class DataProcessingImmediate
{
    // ------------------------------------------------------------------ Add/subtract (immediate)

    /// <summary>imm = ZeroExtend(imm12, datasize), shifted left by 12 when sh == 1.</summary>
    private static ulong AddSubImmediate(uint w) => (ulong)Bits(w, 21, 10) << (Bit(w, 22) ? 12 : 0);

    /// <summary>Chooses the 64- or 32-bit body by sf, so each is compiled with a constant datasize.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome AddSubImm(ExecContext c, uint w, bool subOp, bool setFlags) =>
        Bit(w, 31) ? AddSubImm(c, w, 64, subOp, setFlags) : AddSubImm(c, w, 32, subOp, setFlags);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome AddSubImm(ExecContext c, uint w, int datasize, bool subOp, bool setFlags)
    {
        int d = Rd(w), n = Rn(w);
        ulong imm = AddSubImmediate(w);

        ulong operand1 = c.XOrSP(n, datasize);
        ulong operand2 = imm;
        bool carryIn = false;
        if (subOp)
        {
            operand2 = Trunc(~operand2, datasize);
            carryIn = true;
        }
        ulong result = AddWithCarry(operand1, operand2, carryIn, datasize, out uint nzcv);

        if (setFlags)
        {
            c.Nzcv = nzcv;
            c.SetX(d, datasize, result);
        }
        else
        {
            c.SetXOrSP(d, datasize, result);
        }
        return Outcome.Continue;
    }

    public static Outcome ADD_imm(ExecContext c, uint w) => AddSubImm(c, w, subOp: false, setFlags: false);
    public static Outcome ADDS_imm(ExecContext c, uint w) => AddSubImm(c, w, subOp: false, setFlags: true);
    public static Outcome SUB_imm(ExecContext c, uint w) => AddSubImm(c, w, subOp: true, setFlags: false);
    public static Outcome SUBS_imm(ExecContext c, uint w) => AddSubImm(c, w, subOp: true, setFlags: true);

    // ------------------------------------------------------------------ PC-rel. addressing

    public static Outcome ADR(ExecContext c, uint w)
    {
        long imm = (long)SignExtend((Bits(w, 23, 5) << 2) | Bits(w, 30, 29), 21);
        c.SetX(Rd(w), 64, c.PC + (ulong)imm);
        return Outcome.Continue;
    }

    public static Outcome ADRP(ExecContext c, uint w)
    {
        long imm = (long)SignExtend((Bits(w, 23, 5) << 2) | Bits(w, 30, 29), 21) << 12;
        c.SetX(Rd(w), 64, (c.PC & ~0xFFFul) + (ulong)imm);
        return Outcome.Continue;
    }

    // ------------------------------------------------------------------ Logical (immediate)

    private enum LogicalOp { And, Orr, Eor }

    /// <summary>Chooses the 64- or 32-bit body by sf, so each is compiled with a constant datasize.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome LogicalImm(ExecContext c, uint w, LogicalOp op, bool setFlags) =>
        Bit(w, 31) ? LogicalImm(c, w, 64, op, setFlags) : LogicalImm(c, w, 32, op, setFlags);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome LogicalImm(ExecContext c, uint w, int datasize, LogicalOp op, bool setFlags)
    {
        if (!DecodeBitMasks(Bits(w, 22, 22), Bits(w, 15, 10), Bits(w, 21, 16), true, datasize, out ulong imm, out _))
            return c.Undefined();
        ulong operand1 = c.X(Rn(w), datasize);
        ulong result = op switch
        {
            LogicalOp.And => operand1 & imm,
            LogicalOp.Orr => operand1 | imm,
            _ => operand1 ^ imm,
        };
        if (setFlags)
        {
            c.Nzcv = Nzcv(TopBit(result, datasize), result == 0, false, false);
            c.SetX(Rd(w), datasize, result);
        }
        else c.SetXOrSP(Rd(w), datasize, result);
        return Outcome.Continue;
    }

    public static Outcome AND_imm(ExecContext c, uint w) => LogicalImm(c, w, LogicalOp.And, false);
    public static Outcome ORR_imm(ExecContext c, uint w) => LogicalImm(c, w, LogicalOp.Orr, false);
    public static Outcome EOR_imm(ExecContext c, uint w) => LogicalImm(c, w, LogicalOp.Eor, false);
    public static Outcome ANDS_imm(ExecContext c, uint w) => LogicalImm(c, w, LogicalOp.And, true);

    // ------------------------------------------------------------------ Move wide (immediate)

    private static int MoveWideShift(uint w) => (int)Bits(w, 22, 21) * 16;

    public static Outcome MOVN(ExecContext c, uint w)
    {
        int datasize = DataSize(w);
        c.SetX(Rd(w), datasize, Trunc(~((ulong)Bits(w, 20, 5) << MoveWideShift(w)), datasize));
        return Outcome.Continue;
    }

    public static Outcome MOVZ(ExecContext c, uint w)
    {
        int datasize = DataSize(w);
        c.SetX(Rd(w), datasize, (ulong)Bits(w, 20, 5) << MoveWideShift(w));
        return Outcome.Continue;
    }

    public static Outcome MOVK(ExecContext c, uint w)
    {
        int datasize = DataSize(w);
        int pos = MoveWideShift(w);
        ulong result = c.X(Rd(w), datasize);
        result = (result & ~(0xFFFFul << pos)) | ((ulong)Bits(w, 20, 5) << pos);
        c.SetX(Rd(w), datasize, result);
        return Outcome.Continue;
    }

    // ------------------------------------------------------------------ Bitfield

    /// <summary>Chooses the 64- or 32-bit body by sf, so each is compiled with a constant datasize.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome Bitfield(ExecContext c, uint w, bool inzero, bool extend) =>
        Bit(w, 31) ? Bitfield(c, w, 64, inzero, extend) : Bitfield(c, w, 32, inzero, extend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Outcome Bitfield(ExecContext c, uint w, int datasize, bool inzero, bool extend)
    {
        int r = (int)Bits(w, 21, 16), s = (int)Bits(w, 15, 10);
        if (!DecodeBitMasks(Bits(w, 22, 22), (uint)s, (uint)r, false, datasize, out ulong wmask, out ulong tmask))
            return c.Undefined();
        ulong dst = inzero ? 0 : c.X(Rd(w), datasize);
        ulong src = c.X(Rn(w), datasize);
        // Perform bitfield move on low bits
        ulong bot = (dst & ~wmask) | (ROR(src, r, datasize) & wmask);
        // Determine extension bits (sign, zero or dest register)
        ulong top = extend ? (((src >> s) & 1) != 0 ? Ones(datasize) : 0) : dst;
        // Combine extension bits and result bits
        c.SetX(Rd(w), datasize, (top & ~tmask) | (bot & tmask));
        return Outcome.Continue;
    }

    public static Outcome SBFM(ExecContext c, uint w) => Bitfield(c, w, inzero: true, extend: true);
    public static Outcome BFM(ExecContext c, uint w) => Bitfield(c, w, inzero: false, extend: false);
    public static Outcome UBFM(ExecContext c, uint w) => Bitfield(c, w, inzero: true, extend: false);

    // ------------------------------------------------------------------ Extract

    public static Outcome EXTR(ExecContext c, uint w)
    {
        int datasize = DataSize(w);
        int lsb = (int)Bits(w, 15, 10);
        ulong hi = c.X(Rn(w), datasize), lo = c.X(Rm(w), datasize);
        ulong result = lsb == 0 ? lo : Trunc((lo >> lsb) | (hi << (datasize - lsb)), datasize);
        c.SetX(Rd(w), datasize, result);
        return Outcome.Continue;
    }
}
