using static A64Jit.Core.Disassembly.Asm;

namespace A64Jit.Core.Disassembly;

/// <summary>GNU objdump text for the data processing (immediate) group, one method per encoding of the table.</summary>
internal static class DataProcessingImmediateDisasm
{
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
}
