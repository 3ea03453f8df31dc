using static A64Jit.Core.Disassembly.Asm;

namespace A64Jit.Core.Disassembly;

/// <summary>GNU objdump text for the DataProcessingRegister group, one method per encoding of the table.</summary>
internal static class DataProcessingRegisterDisasm
{
    // ----- helpers

    private static bool Sf(uint w) => Bit(w, 31);

    private static int Cond(uint w) => (int)Bits(w, 15, 12);

    /// <summary>Rm with its optional shift ("lsl #0" is left out), for the shifted-register forms.</summary>
    private static string ShiftedRm(uint w)
    {
        string rm = R(Sf(w), Rm(w));
        uint shift = Bits(w, 23, 22), amount = Bits(w, 15, 10);
        return shift == 0 && amount == 0 ? rm : rm + ", " + Shifts[shift] + " " + Dec(amount);
    }

    /// <summary>Rm with its extend, for the extended-register forms. <paramref name="lslAllowed"/>: the
    /// form writes "lsl" for UXTW/UXTX here because the stack pointer is an operand.</summary>
    private static string ExtendedRm(uint w, bool lslAllowed)
    {
        bool sf = Sf(w);
        uint option = Bits(w, 15, 13), amount = Bits(w, 12, 10);
        string rm = sf && (option & 3) == 3 ? X(Rm(w)) : W(Rm(w));
        if (lslAllowed && option == (sf ? 3u : 2u))
            return amount == 0 ? rm : rm + ", lsl " + Dec(amount);
        string ext = rm + ", " + Extends[option];
        return amount == 0 ? ext : ext + " " + Dec(amount);
    }

    private static string ThreeRegs(string mnemonic, uint w)
    {
        bool sf = Sf(w);
        return Op(mnemonic, R(sf, Rd(w)), R(sf, Rn(w)), R(sf, Rm(w)));
    }

    private static string TwoRegs(string mnemonic, uint w)
    {
        bool sf = Sf(w);
        return Op(mnemonic, R(sf, Rd(w)), R(sf, Rn(w)));
    }

    // ----- Data-processing (2 source)

    public static string UDIV(uint w, ulong pc) => ThreeRegs("udiv", w);
    public static string SDIV(uint w, ulong pc) => ThreeRegs("sdiv", w);
    public static string LSLV(uint w, ulong pc) => ThreeRegs("lsl", w);
    public static string LSRV(uint w, ulong pc) => ThreeRegs("lsr", w);
    public static string ASRV(uint w, ulong pc) => ThreeRegs("asr", w);
    public static string RORV(uint w, ulong pc) => ThreeRegs("ror", w);

    private static string Crc(string mnemonic, uint w, bool x) => Op(mnemonic, W(Rd(w)), W(Rn(w)), x ? X(Rm(w)) : W(Rm(w)));

    public static string CRC32B(uint w, ulong pc) => Crc("crc32b", w, false);
    public static string CRC32H(uint w, ulong pc) => Crc("crc32h", w, false);
    public static string CRC32W(uint w, ulong pc) => Crc("crc32w", w, false);
    public static string CRC32X(uint w, ulong pc) => Crc("crc32x", w, true);
    public static string CRC32CB(uint w, ulong pc) => Crc("crc32cb", w, false);
    public static string CRC32CH(uint w, ulong pc) => Crc("crc32ch", w, false);
    public static string CRC32CW(uint w, ulong pc) => Crc("crc32cw", w, false);
    public static string CRC32CX(uint w, ulong pc) => Crc("crc32cx", w, true);

    // ----- Data-processing (1 source)

    public static string RBIT(uint w, ulong pc) => TwoRegs("rbit", w);
    public static string REV16(uint w, ulong pc) => TwoRegs("rev16", w);
    public static string REV_32(uint w, ulong pc) => TwoRegs("rev", w);
    public static string REV32(uint w, ulong pc) => TwoRegs("rev32", w);
    // REV64 is an alias objdump never prints: it shows "rev".
    public static string REV_64(uint w, ulong pc) => TwoRegs("rev", w);
    public static string CLZ(uint w, ulong pc) => TwoRegs("clz", w);
    public static string CLS(uint w, ulong pc) => TwoRegs("cls", w);

    // ----- Logical (shifted register)

    private static string Logical(string mnemonic, uint w) =>
        Op(mnemonic, R(Sf(w), Rd(w)), R(Sf(w), Rn(w)), ShiftedRm(w));

    public static string AND_shift(uint w, ulong pc) => Logical("and", w);
    public static string BIC_shift(uint w, ulong pc) => Logical("bic", w);
    public static string EOR_shift(uint w, ulong pc) => Logical("eor", w);
    public static string EON_shift(uint w, ulong pc) => Logical("eon", w);
    public static string BICS_shift(uint w, ulong pc) => Logical("bics", w);

    public static string ORR_shift(uint w, ulong pc)
    {
        if (Rn(w) == 31 && Bits(w, 23, 22) == 0 && Bits(w, 15, 10) == 0)
            return Op("mov", R(Sf(w), Rd(w)), R(Sf(w), Rm(w)));
        return Logical("orr", w);
    }

    public static string ORN_shift(uint w, ulong pc)
    {
        if (Rn(w) == 31) return Op("mvn", R(Sf(w), Rd(w)), ShiftedRm(w));
        return Logical("orn", w);
    }

    public static string ANDS_shift(uint w, ulong pc)
    {
        if (Rd(w) == 31) return Op("tst", R(Sf(w), Rn(w)), ShiftedRm(w));
        return Logical("ands", w);
    }

    // ----- Add/subtract (shifted register)

    public static string ADD_shift(uint w, ulong pc) => Logical("add", w);

    public static string ADDS_shift(uint w, ulong pc)
    {
        if (Rd(w) == 31) return Op("cmn", R(Sf(w), Rn(w)), ShiftedRm(w));
        return Logical("adds", w);
    }

    public static string SUB_shift(uint w, ulong pc)
    {
        if (Rn(w) == 31) return Op("neg", R(Sf(w), Rd(w)), ShiftedRm(w));
        return Logical("sub", w);
    }

    public static string SUBS_shift(uint w, ulong pc)
    {
        if (Rd(w) == 31) return Op("cmp", R(Sf(w), Rn(w)), ShiftedRm(w));
        if (Rn(w) == 31) return Op("negs", R(Sf(w), Rd(w)), ShiftedRm(w));
        return Logical("subs", w);
    }

    // ----- Add/subtract (extended register)

    public static string ADD_ext(uint w, ulong pc)
    {
        bool sf = Sf(w);
        return Op("add", Rsp(sf, Rd(w)), Rsp(sf, Rn(w)), ExtendedRm(w, Rd(w) == 31 || Rn(w) == 31));
    }

    public static string SUB_ext(uint w, ulong pc)
    {
        bool sf = Sf(w);
        return Op("sub", Rsp(sf, Rd(w)), Rsp(sf, Rn(w)), ExtendedRm(w, Rd(w) == 31 || Rn(w) == 31));
    }

    public static string ADDS_ext(uint w, ulong pc)
    {
        bool sf = Sf(w);
        string rm = ExtendedRm(w, Rn(w) == 31);
        if (Rd(w) == 31) return Op("cmn", Rsp(sf, Rn(w)), rm);
        return Op("adds", R(sf, Rd(w)), Rsp(sf, Rn(w)), rm);
    }

    public static string SUBS_ext(uint w, ulong pc)
    {
        bool sf = Sf(w);
        string rm = ExtendedRm(w, Rn(w) == 31);
        if (Rd(w) == 31) return Op("cmp", Rsp(sf, Rn(w)), rm);
        return Op("subs", R(sf, Rd(w)), Rsp(sf, Rn(w)), rm);
    }

    // ----- Add/subtract (with carry)

    public static string ADC(uint w, ulong pc) => ThreeRegs("adc", w);
    public static string ADCS(uint w, ulong pc) => ThreeRegs("adcs", w);

    public static string SBC(uint w, ulong pc) =>
        Rn(w) == 31 ? Op("ngc", R(Sf(w), Rd(w)), R(Sf(w), Rm(w))) : ThreeRegs("sbc", w);

    public static string SBCS(uint w, ulong pc) =>
        Rn(w) == 31 ? Op("ngcs", R(Sf(w), Rd(w)), R(Sf(w), Rm(w))) : ThreeRegs("sbcs", w);

    // ----- Conditional compare

    private static string CondCompare(string mnemonic, uint w, bool immediate)
    {
        bool sf = Sf(w);
        int cond = Cond(w);
        string second = immediate ? Hex(Bits(w, 20, 16)) : R(sf, Rm(w));
        return WithConditionComment(Op(mnemonic, R(sf, Rn(w)), second, Hex(Bits(w, 3, 0)), Conditions[cond]), cond);
    }

    public static string CCMN_reg(uint w, ulong pc) => CondCompare("ccmn", w, false);
    public static string CCMP_reg(uint w, ulong pc) => CondCompare("ccmp", w, false);
    public static string CCMN_imm(uint w, ulong pc) => CondCompare("ccmn", w, true);
    public static string CCMP_imm(uint w, ulong pc) => CondCompare("ccmp", w, true);

    // ----- Conditional select

    private static string CondSelect(string mnemonic, uint w)
    {
        bool sf = Sf(w);
        int cond = Cond(w);
        return WithConditionComment(Op(mnemonic, R(sf, Rd(w)), R(sf, Rn(w)), R(sf, Rm(w)), Conditions[cond]), cond);
    }

    /// <summary>The one-register alias (cset, csetm) or two-register alias (cinc, cinv, cneg) with the inverted condition.</summary>
    private static string CondAlias(string mnemonic, uint w, bool withRn)
    {
        bool sf = Sf(w);
        int cond = Cond(w) ^ 1;
        string text = withRn
            ? Op(mnemonic, R(sf, Rd(w)), R(sf, Rn(w)), Conditions[cond])
            : Op(mnemonic, R(sf, Rd(w)), Conditions[cond]);
        return WithConditionComment(text, cond);
    }

    // Conditions al and nv (111x) never take an alias.
    private static bool AliasableCond(uint w) => Bits(w, 15, 13) != 7;

    public static string CSEL(uint w, ulong pc) => CondSelect("csel", w);

    public static string CSINC(uint w, ulong pc)
    {
        if (AliasableCond(w) && Rn(w) == Rm(w))
            return Rn(w) == 31 ? CondAlias("cset", w, false) : CondAlias("cinc", w, true);
        return CondSelect("csinc", w);
    }

    public static string CSINV(uint w, ulong pc)
    {
        if (AliasableCond(w) && Rn(w) == Rm(w))
            return Rn(w) == 31 ? CondAlias("csetm", w, false) : CondAlias("cinv", w, true);
        return CondSelect("csinv", w);
    }

    public static string CSNEG(uint w, ulong pc)
    {
        if (AliasableCond(w) && Rn(w) == Rm(w)) return CondAlias("cneg", w, true);
        return CondSelect("csneg", w);
    }

    // ----- Data-processing (3 source)

    private static string MulAdd(string mnemonic, string alias, uint w)
    {
        bool sf = Sf(w);
        if (Ra(w) == 31) return Op(alias, R(sf, Rd(w)), R(sf, Rn(w)), R(sf, Rm(w)));
        return Op(mnemonic, R(sf, Rd(w)), R(sf, Rn(w)), R(sf, Rm(w)), R(sf, Ra(w)));
    }

    private static string LongMulAdd(string mnemonic, string alias, uint w)
    {
        if (Ra(w) == 31) return Op(alias, X(Rd(w)), W(Rn(w)), W(Rm(w)));
        return Op(mnemonic, X(Rd(w)), W(Rn(w)), W(Rm(w)), X(Ra(w)));
    }

    public static string MADD(uint w, ulong pc) => MulAdd("madd", "mul", w);
    public static string MSUB(uint w, ulong pc) => MulAdd("msub", "mneg", w);
    public static string SMADDL(uint w, ulong pc) => LongMulAdd("smaddl", "smull", w);
    public static string SMSUBL(uint w, ulong pc) => LongMulAdd("smsubl", "smnegl", w);
    public static string UMADDL(uint w, ulong pc) => LongMulAdd("umaddl", "umull", w);
    public static string UMSUBL(uint w, ulong pc) => LongMulAdd("umsubl", "umnegl", w);

    // Ra should be 11111; objdump ignores it.
    public static string SMULH(uint w, ulong pc) => Op("smulh", X(Rd(w)), X(Rn(w)), X(Rm(w)));
    public static string UMULH(uint w, ulong pc) => Op("umulh", X(Rd(w)), X(Rn(w)), X(Rm(w)));
}
