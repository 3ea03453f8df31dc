using static A64Jit.Core.Disassembly.Asm;

namespace A64Jit.Core.Disassembly;

/// <summary>GNU objdump text for the data processing (immediate) group, one method per encoding of the table.</summary>
internal static class DataProcessingImmediateDisasm
{
    // ----- PC-rel. addressing

    public static string ADR(uint w, ulong pc)
    {
        long imm = SignExtend((Bits(w, 23, 5) << 2) | Bits(w, 30, 29), 21);
        return Op("adr", X(Rd(w)), Label(pc + (ulong)imm));
    }

    public static string ADRP(uint w, ulong pc)
    {
        long imm = SignExtend((Bits(w, 23, 5) << 2) | Bits(w, 30, 29), 21) << 12;
        return Op("adrp", X(Rd(w)), Label((pc & ~0xFFFul) + (ulong)imm));
    }

    // ----- Add/subtract (immediate)

    private static string AddSubImmOperand(uint w)
    {
        string imm = Hex(Bits(w, 21, 10));
        return Bit(w, 22) ? imm + ", lsl #12" : imm;
    }

    public static string ADD_imm(uint w, ulong pc)
    {
        bool sf = Bit(w, 31);
        if (!Bit(w, 22) && Bits(w, 21, 10) == 0 && (Rd(w) == 31 || Rn(w) == 31))
            return Op("mov", Rsp(sf, Rd(w)), Rsp(sf, Rn(w)));
        return Op("add", Rsp(sf, Rd(w)), Rsp(sf, Rn(w)), AddSubImmOperand(w));
    }

    public static string ADDS_imm(uint w, ulong pc)
    {
        bool sf = Bit(w, 31);
        if (Rd(w) == 31) return Op("cmn", Rsp(sf, Rn(w)), AddSubImmOperand(w));
        return Op("adds", R(sf, Rd(w)), Rsp(sf, Rn(w)), AddSubImmOperand(w));
    }

    public static string SUB_imm(uint w, ulong pc)
    {
        bool sf = Bit(w, 31);
        return Op("sub", Rsp(sf, Rd(w)), Rsp(sf, Rn(w)), AddSubImmOperand(w));
    }

    public static string SUBS_imm(uint w, ulong pc)
    {
        bool sf = Bit(w, 31);
        if (Rd(w) == 31) return Op("cmp", Rsp(sf, Rn(w)), AddSubImmOperand(w));
        return Op("subs", R(sf, Rd(w)), Rsp(sf, Rn(w)), AddSubImmOperand(w));
    }

    // ----- Logical (immediate)

    /// <summary>
    /// The Arm ARM's DecodeBitMasks for a logical immediate (wmask only): false when the
    /// N:imms:immr combination is reserved.
    /// </summary>
    internal static bool DecodeBitMask(bool n, uint imms, uint immr, int dataSize, out ulong mask)
    {
        mask = 0;
        uint combined = (n ? 64u : 0u) | (~imms & 63);
        if (combined == 0) return false;
        int len = 31 - System.Numerics.BitOperations.LeadingZeroCount(combined);
        if (len < 1) return false;
        uint levels = (1u << len) - 1;
        if ((imms & levels) == levels) return false;
        int s = (int)(imms & levels), r = (int)(immr & levels), esize = 1 << len;
        ulong emask = esize == 64 ? ulong.MaxValue : (1ul << esize) - 1;
        ulong welem = s + 1 == 64 ? ulong.MaxValue : (1ul << (s + 1)) - 1;
        ulong rotated = r == 0 ? welem : ((welem >> r) | (welem << (esize - r))) & emask;
        for (int i = 0; i < dataSize; i += esize) mask |= rotated << i;
        if (dataSize == 32) mask &= 0xFFFF_FFFF;
        return true;
    }

    private static ulong LogicalImm(uint w)
    {
        DecodeBitMask(Bit(w, 22), Bits(w, 15, 10), Bits(w, 21, 16), Bit(w, 31) ? 64 : 32, out ulong m);
        return m;
    }

    /// <summary>
    /// objdump prints ORR with XZR/WZR as "mov" unless the value could come from one MOVZ or
    /// MOVN (which objdump prefers then), except that MOVZ/MOVN cannot write SP.
    /// </summary>
    private static bool IsWideConstant(ulong value, bool sf)
    {
        ulong mask = sf ? ulong.MaxValue : 0xFFFF_FFFFul;
        ulong inverted = ~value & mask;
        for (int shift = 0; shift < (sf ? 64 : 32); shift += 16)
        {
            ulong keep = ~(0xFFFFul << shift) & mask;
            if ((value & keep) == 0 || (inverted & keep) == 0) return true;
        }
        return false;
    }

    private static string MovComment(bool sf, ulong value) =>
        sf ? ((long)value).ToString() : ((int)(uint)value).ToString();

    public static string AND_imm(uint w, ulong pc)
    {
        bool sf = Bit(w, 31);
        return Op("and", Rsp(sf, Rd(w)), R(sf, Rn(w)), Hex(LogicalImm(w)));
    }

    public static string ORR_imm(uint w, ulong pc)
    {
        bool sf = Bit(w, 31);
        ulong imm = LogicalImm(w);
        if (Rn(w) == 31 && (Rd(w) == 31 || !IsWideConstant(imm, sf)))
            return Comment(Op("mov", Rsp(sf, Rd(w)), Hex(imm)), "#" + MovComment(sf, imm));
        return Op("orr", Rsp(sf, Rd(w)), R(sf, Rn(w)), Hex(imm));
    }

    public static string EOR_imm(uint w, ulong pc)
    {
        bool sf = Bit(w, 31);
        return Op("eor", Rsp(sf, Rd(w)), R(sf, Rn(w)), Hex(LogicalImm(w)));
    }

    public static string ANDS_imm(uint w, ulong pc)
    {
        bool sf = Bit(w, 31);
        if (Rd(w) == 31) return Op("tst", R(sf, Rn(w)), Hex(LogicalImm(w)));
        return Op("ands", R(sf, Rd(w)), R(sf, Rn(w)), Hex(LogicalImm(w)));
    }

    // ----- Move wide (immediate)

    private static string MoveWideOperands(uint w, string mnemonic)
    {
        bool sf = Bit(w, 31);
        uint hw = Bits(w, 22, 21);
        string imm = Hex(Bits(w, 20, 5));
        return hw == 0 ? Op(mnemonic, R(sf, Rd(w)), imm) : Op(mnemonic, R(sf, Rd(w)), imm, "lsl #" + (hw * 16));
    }

    public static string MOVN(uint w, ulong pc)
    {
        bool sf = Bit(w, 31);
        uint imm16 = Bits(w, 20, 5), hw = Bits(w, 22, 21);
        if ((imm16 == 0 && hw != 0) || (!sf && imm16 == 0xFFFF)) return MoveWideOperands(w, "movn");
        ulong value = ~((ulong)imm16 << (int)(hw * 16));
        if (!sf) value &= 0xFFFF_FFFF;
        return Comment(Op("mov", R(sf, Rd(w)), Hex(value)), "#" + MovComment(sf, value));
    }

    public static string MOVZ(uint w, ulong pc)
    {
        bool sf = Bit(w, 31);
        uint imm16 = Bits(w, 20, 5), hw = Bits(w, 22, 21);
        if (imm16 == 0 && hw != 0) return MoveWideOperands(w, "movz");
        ulong value = (ulong)imm16 << (int)(hw * 16);
        return Comment(Op("mov", R(sf, Rd(w)), Hex(value)), "#" + MovComment(sf, value));
    }

    public static string MOVK(uint w, ulong pc) => MoveWideOperands(w, "movk");

    // ----- Bitfield

    private static bool BfxPreferred(bool sf, bool unsigned, uint imms, uint immr)
    {
        if (imms < immr) return false;
        if (imms == (sf ? 63u : 31u)) return false;
        if (immr == 0)
        {
            if (!sf && (imms == 7 || imms == 15)) return false;
            if (sf && !unsigned && (imms == 7 || imms == 15 || imms == 31)) return false;
        }
        return true;
    }

    public static string SBFM(uint w, ulong pc)
    {
        bool sf = Bit(w, 31);
        uint immr = Bits(w, 21, 16), imms = Bits(w, 15, 10), width = sf ? 64u : 32u;
        string d = R(sf, Rd(w)), n = R(sf, Rn(w));
        if (imms == width - 1) return Op("asr", d, n, Dec(immr));
        if (imms < immr) return Op("sbfiz", d, n, Dec((width - immr) & (width - 1)), Dec(imms + 1));
        if (BfxPreferred(sf, false, imms, immr)) return Op("sbfx", d, n, Dec(immr), Dec(imms - immr + 1));
        // immr == 0 here: sign extensions
        return imms switch
        {
            7 => Op("sxtb", d, W(Rn(w))),
            15 => Op("sxth", d, W(Rn(w))),
            _ => Op("sxtw", d, W(Rn(w))),
        };
    }

    public static string BFM(uint w, ulong pc)
    {
        bool sf = Bit(w, 31);
        uint immr = Bits(w, 21, 16), imms = Bits(w, 15, 10), width = sf ? 64u : 32u;
        string d = R(sf, Rd(w));
        if (imms < immr)
        {
            string lsb = Dec((width - immr) & (width - 1)), bits = Dec(imms + 1);
            return Rn(w) == 31 ? Op("bfc", d, lsb, bits) : Op("bfi", d, R(sf, Rn(w)), lsb, bits);
        }
        return Op("bfxil", d, R(sf, Rn(w)), Dec(immr), Dec(imms - immr + 1));
    }

    public static string UBFM(uint w, ulong pc)
    {
        bool sf = Bit(w, 31);
        uint immr = Bits(w, 21, 16), imms = Bits(w, 15, 10), width = sf ? 64u : 32u;
        string d = R(sf, Rd(w)), n = R(sf, Rn(w));
        if (imms != width - 1 && imms + 1 == immr) return Op("lsl", d, n, Dec(width - 1 - imms));
        if (imms == width - 1) return Op("lsr", d, n, Dec(immr));
        if (imms < immr) return Op("ubfiz", d, n, Dec((width - immr) & (width - 1)), Dec(imms + 1));
        if (BfxPreferred(sf, true, imms, immr)) return Op("ubfx", d, n, Dec(immr), Dec(imms - immr + 1));
        return imms == 7 ? Op("uxtb", d, W(Rn(w))) : Op("uxth", d, W(Rn(w)));
    }

    // ----- Extract

    public static string EXTR(uint w, ulong pc)
    {
        bool sf = Bit(w, 31);
        uint imms = Bits(w, 15, 10);
        if (Rn(w) == Rm(w)) return Op("ror", R(sf, Rd(w)), R(sf, Rn(w)), Dec(imms));
        return Op("extr", R(sf, Rd(w)), R(sf, Rn(w)), R(sf, Rm(w)), Dec(imms));
    }
}
