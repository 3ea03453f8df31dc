using static A64Jit.Core.Disassembly.Asm;

namespace A64Jit.Core.Disassembly;

/// <summary>GNU objdump text for the LoadStore group (general-purpose registers), one method per encoding of the table.</summary>
internal static class LoadStoreDisasm
{
    private static readonly string[] PrfTypes = ["pld", "pli", "pst"];
    private static readonly string[] PrfTargets = ["l1", "l2", "l3"];

    private static int Rs(uint w) => (int)((w >> 16) & 31);

    // Register of the width selected by bit 30 (size<0> of 32/64-bit forms).
    private static string Rsf(uint w, int n) => Bit(w, 30) ? X(n) : W(n);
    private static string Rsf30(uint w) => Bit(w, 30) ? X(Rt(w)) : W(Rt(w));
    // Register of the width selected by bit 31 (opc<1> of pair forms).
    private static string P(uint w, int n) => Bit(w, 31) ? X(n) : W(n);

    private static string Base(uint w) => Xsp(Rn(w));
    private static string Mem0(uint w) => "[" + Base(w) + "]";

    private static string MemOffset(uint w, long offset) => offset == 0 ? Mem0(w) : "[" + Base(w) + ", " + Dec(offset) + "]";
    private static long Imm9(uint w) => SignExtend(Bits(w, 20, 12), 9);
    private static string MemUnscaled(uint w) => MemOffset(w, Imm9(w));
    private static string MemPost(uint w) => Mem0(w) + ", " + Dec(Imm9(w));
    private static string MemPre(uint w) => "[" + Base(w) + ", " + Dec(Imm9(w)) + "]!";
    private static string MemUnsigned(uint w) => MemOffset(w, (long)Bits(w, 21, 10) << (int)Bits(w, 31, 30));

    private static long Imm7(uint w, int scale) => SignExtend(Bits(w, 21, 15), 7) << scale;
    private static string PairOff(uint w, int scale) => MemOffset(w, Imm7(w, scale));
    private static string PairPost(uint w, int scale) => Mem0(w) + ", " + Dec(Imm7(w, scale));
    private static string PairPre(uint w, int scale) => "[" + Base(w) + ", " + Dec(Imm7(w, scale)) + "]!";

    // Register offset: [Xn, Rm{, extend {#amount}}].
    private static string MemReg(uint w)
    {
        uint option = Bits(w, 15, 13);
        bool s = Bit(w, 12);
        int size = (int)Bits(w, 31, 30);
        // 128-bit forms do not occur here; the shift amount is the access size.
        string index = (option & 1) != 0 ? X(Rm(w)) : W(Rm(w));
        string text = "[" + Base(w) + ", " + index;
        if (option == 0b011)
        {
            if (s) text += ", lsl #" + size;
        }
        else
        {
            text += ", " + Extends[option];
            if (s) text += " #" + size;
        }
        return text + "]";
    }

    private static string Literal(uint w, ulong pc) => Label(pc + (ulong)(SignExtend(Bits(w, 23, 5), 19) << 2));

    private static string PrfOp(uint w)
    {
        int rt = Rt(w);
        int type = rt >> 3, target = (rt >> 1) & 3;
        if (type == 3 || target == 3) return "#0x" + rt.ToString("x2");
        return PrfTypes[type] + PrfTargets[target] + ((rt & 1) != 0 ? "strm" : "keep");
    }

    // CAS/CASP ordering suffix: L (bit 22) = acquire, o0 (bit 15) = release.
    private static string CasOrder(uint w) => (Bit(w, 22) ? "a" : "") + (Bit(w, 15) ? "l" : "");

    // Atomic memory operations: A (bit 23) = acquire, R (bit 22) = release; the ST<op> alias when Rt is
    // the zero register and there is no acquire.
    private static string Atomic(uint w, string op, string size, bool hasStoreAlias)
    {
        bool a = Bit(w, 23), r = Bit(w, 22);
        bool x = size.Length == 0 && Bit(w, 30);
        string rs = x ? X(Rs(w)) : W(Rs(w)), rt = x ? X(Rt(w)) : W(Rt(w));
        string order = (a ? "a" : "") + (r ? "l" : "");
        if (hasStoreAlias && !a && Rt(w) == 31) return Op("st" + op + order + size, rs, Mem0(w));
        return Op((hasStoreAlias ? "ld" : "") + op + order + size, rs, rt, Mem0(w));
    }

    public static string STXRB(uint w, ulong pc) => Op("stxrb", W(Rs(w)), W(Rt(w)), Mem0(w));
    public static string STLXRB(uint w, ulong pc) => Op("stlxrb", W(Rs(w)), W(Rt(w)), Mem0(w));
    public static string LDXRB(uint w, ulong pc) => Op("ldxrb", W(Rt(w)), Mem0(w));
    public static string LDAXRB(uint w, ulong pc) => Op("ldaxrb", W(Rt(w)), Mem0(w));
    public static string STXRH(uint w, ulong pc) => Op("stxrh", W(Rs(w)), W(Rt(w)), Mem0(w));
    public static string STLXRH(uint w, ulong pc) => Op("stlxrh", W(Rs(w)), W(Rt(w)), Mem0(w));
    public static string LDXRH(uint w, ulong pc) => Op("ldxrh", W(Rt(w)), Mem0(w));
    public static string LDAXRH(uint w, ulong pc) => Op("ldaxrh", W(Rt(w)), Mem0(w));
    public static string STXR(uint w, ulong pc) => Op("stxr", W(Rs(w)), Rsf(w, Rt(w)), Mem0(w));
    public static string STLXR(uint w, ulong pc) => Op("stlxr", W(Rs(w)), Rsf(w, Rt(w)), Mem0(w));
    public static string LDXR(uint w, ulong pc) => Op("ldxr", Rsf(w, Rt(w)), Mem0(w));
    public static string LDAXR(uint w, ulong pc) => Op("ldaxr", Rsf(w, Rt(w)), Mem0(w));
    public static string STXP(uint w, ulong pc) => Op("stxp", W(Rs(w)), Rsf(w, Rt(w)), Rsf(w, Rt2(w)), Mem0(w));
    public static string STLXP(uint w, ulong pc) => Op("stlxp", W(Rs(w)), Rsf(w, Rt(w)), Rsf(w, Rt2(w)), Mem0(w));
    public static string LDXP(uint w, ulong pc) => Op("ldxp", Rsf(w, Rt(w)), Rsf(w, Rt2(w)), Mem0(w));
    public static string LDAXP(uint w, ulong pc) => Op("ldaxp", Rsf(w, Rt(w)), Rsf(w, Rt2(w)), Mem0(w));
    public static string STLRB(uint w, ulong pc) => Op("stlrb", W(Rt(w)), Mem0(w));
    public static string LDARB(uint w, ulong pc) => Op("ldarb", W(Rt(w)), Mem0(w));
    public static string STLRH(uint w, ulong pc) => Op("stlrh", W(Rt(w)), Mem0(w));
    public static string LDARH(uint w, ulong pc) => Op("ldarh", W(Rt(w)), Mem0(w));
    public static string STLR(uint w, ulong pc) => Op("stlr", Rsf(w, Rt(w)), Mem0(w));
    public static string LDAR(uint w, ulong pc) => Op("ldar", Rsf(w, Rt(w)), Mem0(w));
    public static string CASB(uint w, ulong pc) => Op("cas" + CasOrder(w) + "b", W(Rs(w)), W(Rt(w)), Mem0(w));
    public static string CASH(uint w, ulong pc) => Op("cas" + CasOrder(w) + "h", W(Rs(w)), W(Rt(w)), Mem0(w));
    public static string CAS(uint w, ulong pc) => Op("cas" + CasOrder(w), Rsf(w, Rs(w)), Rsf(w, Rt(w)), Mem0(w));
    public static string CASP(uint w, ulong pc) => Op("casp" + CasOrder(w), Rsf(w, Rs(w)), Rsf(w, Rs(w) + 1), Rsf(w, Rt(w)), Rsf(w, Rt(w) + 1), Mem0(w));
    public static string LDR_lit(uint w, ulong pc) => Op("ldr", Rsf(w, Rt(w)), Literal(w, pc));
    public static string LDRSW_lit(uint w, ulong pc) => Op("ldrsw", X(Rt(w)), Literal(w, pc));
    public static string PRFM_lit(uint w, ulong pc) => Op("prfm", PrfOp(w), Literal(w, pc));
    public static string STNP(uint w, ulong pc) => Op("stnp", P(w, Rt(w)), P(w, Rt2(w)), PairOff(w, Bit(w, 31) ? 3 : 2));
    public static string LDNP(uint w, ulong pc) => Op("ldnp", P(w, Rt(w)), P(w, Rt2(w)), PairOff(w, Bit(w, 31) ? 3 : 2));
    public static string STP_post(uint w, ulong pc) => Op("stp", P(w, Rt(w)), P(w, Rt2(w)), PairPost(w, Bit(w, 31) ? 3 : 2));
    public static string LDP_post(uint w, ulong pc) => Op("ldp", P(w, Rt(w)), P(w, Rt2(w)), PairPost(w, Bit(w, 31) ? 3 : 2));
    public static string STP_offset(uint w, ulong pc) => Op("stp", P(w, Rt(w)), P(w, Rt2(w)), PairOff(w, Bit(w, 31) ? 3 : 2));
    public static string LDP_offset(uint w, ulong pc) => Op("ldp", P(w, Rt(w)), P(w, Rt2(w)), PairOff(w, Bit(w, 31) ? 3 : 2));
    public static string STP_pre(uint w, ulong pc) => Op("stp", P(w, Rt(w)), P(w, Rt2(w)), PairPre(w, Bit(w, 31) ? 3 : 2));
    public static string LDP_pre(uint w, ulong pc) => Op("ldp", P(w, Rt(w)), P(w, Rt2(w)), PairPre(w, Bit(w, 31) ? 3 : 2));
    public static string LDPSW_post(uint w, ulong pc) => Op("ldpsw", X(Rt(w)), X(Rt2(w)), PairPost(w, 2));
    public static string LDPSW_offset(uint w, ulong pc) => Op("ldpsw", X(Rt(w)), X(Rt2(w)), PairOff(w, 2));
    public static string LDPSW_pre(uint w, ulong pc) => Op("ldpsw", X(Rt(w)), X(Rt2(w)), PairPre(w, 2));
    public static string STURB(uint w, ulong pc) => Op("sturb", W(Rt(w)), MemUnscaled(w));
    public static string LDURB(uint w, ulong pc) => Op("ldurb", W(Rt(w)), MemUnscaled(w));
    public static string LDURSB(uint w, ulong pc) => Op("ldursb", Bit(w, 22) ? W(Rt(w)) : X(Rt(w)), MemUnscaled(w));
    public static string STURH(uint w, ulong pc) => Op("sturh", W(Rt(w)), MemUnscaled(w));
    public static string LDURH(uint w, ulong pc) => Op("ldurh", W(Rt(w)), MemUnscaled(w));
    public static string LDURSH(uint w, ulong pc) => Op("ldursh", Bit(w, 22) ? W(Rt(w)) : X(Rt(w)), MemUnscaled(w));
    public static string STUR(uint w, ulong pc) => Op("stur", Rsf30(w), MemUnscaled(w));
    public static string LDUR(uint w, ulong pc) => Op("ldur", Rsf30(w), MemUnscaled(w));
    public static string LDURSW(uint w, ulong pc) => Op("ldursw", X(Rt(w)), MemUnscaled(w));
    public static string PRFUM(uint w, ulong pc) => Op("prfum", PrfOp(w), MemUnscaled(w));
    public static string STRB_imm_post(uint w, ulong pc) => Op("strb", W(Rt(w)), MemPost(w));
    public static string LDRB_imm_post(uint w, ulong pc) => Op("ldrb", W(Rt(w)), MemPost(w));
    public static string LDRSB_imm_post(uint w, ulong pc) => Op("ldrsb", Bit(w, 22) ? W(Rt(w)) : X(Rt(w)), MemPost(w));
    public static string STRH_imm_post(uint w, ulong pc) => Op("strh", W(Rt(w)), MemPost(w));
    public static string LDRH_imm_post(uint w, ulong pc) => Op("ldrh", W(Rt(w)), MemPost(w));
    public static string LDRSH_imm_post(uint w, ulong pc) => Op("ldrsh", Bit(w, 22) ? W(Rt(w)) : X(Rt(w)), MemPost(w));
    public static string STR_imm_post(uint w, ulong pc) => Op("str", Rsf30(w), MemPost(w));
    public static string LDR_imm_post(uint w, ulong pc) => Op("ldr", Rsf30(w), MemPost(w));
    public static string LDRSW_imm_post(uint w, ulong pc) => Op("ldrsw", X(Rt(w)), MemPost(w));
    public static string STTRB(uint w, ulong pc) => Op("sttrb", W(Rt(w)), MemUnscaled(w));
    public static string LDTRB(uint w, ulong pc) => Op("ldtrb", W(Rt(w)), MemUnscaled(w));
    public static string LDTRSB(uint w, ulong pc) => Op("ldtrsb", Bit(w, 22) ? W(Rt(w)) : X(Rt(w)), MemUnscaled(w));
    public static string STTRH(uint w, ulong pc) => Op("sttrh", W(Rt(w)), MemUnscaled(w));
    public static string LDTRH(uint w, ulong pc) => Op("ldtrh", W(Rt(w)), MemUnscaled(w));
    public static string LDTRSH(uint w, ulong pc) => Op("ldtrsh", Bit(w, 22) ? W(Rt(w)) : X(Rt(w)), MemUnscaled(w));
    public static string STTR(uint w, ulong pc) => Op("sttr", Rsf30(w), MemUnscaled(w));
    public static string LDTR(uint w, ulong pc) => Op("ldtr", Rsf30(w), MemUnscaled(w));
    public static string LDTRSW(uint w, ulong pc) => Op("ldtrsw", X(Rt(w)), MemUnscaled(w));
    public static string STRB_imm_pre(uint w, ulong pc) => Op("strb", W(Rt(w)), MemPre(w));
    public static string LDRB_imm_pre(uint w, ulong pc) => Op("ldrb", W(Rt(w)), MemPre(w));
    public static string LDRSB_imm_pre(uint w, ulong pc) => Op("ldrsb", Bit(w, 22) ? W(Rt(w)) : X(Rt(w)), MemPre(w));
    public static string STRH_imm_pre(uint w, ulong pc) => Op("strh", W(Rt(w)), MemPre(w));
    public static string LDRH_imm_pre(uint w, ulong pc) => Op("ldrh", W(Rt(w)), MemPre(w));
    public static string LDRSH_imm_pre(uint w, ulong pc) => Op("ldrsh", Bit(w, 22) ? W(Rt(w)) : X(Rt(w)), MemPre(w));
    public static string STR_imm_pre(uint w, ulong pc) => Op("str", Rsf30(w), MemPre(w));
    public static string LDR_imm_pre(uint w, ulong pc) => Op("ldr", Rsf30(w), MemPre(w));
    public static string LDRSW_imm_pre(uint w, ulong pc) => Op("ldrsw", X(Rt(w)), MemPre(w));
    public static string STRB_reg(uint w, ulong pc) => Op("strb", W(Rt(w)), MemReg(w));
    public static string LDRB_reg(uint w, ulong pc) => Op("ldrb", W(Rt(w)), MemReg(w));
    public static string LDRSB_reg(uint w, ulong pc) => Op("ldrsb", Bit(w, 22) ? W(Rt(w)) : X(Rt(w)), MemReg(w));
    public static string STRH_reg(uint w, ulong pc) => Op("strh", W(Rt(w)), MemReg(w));
    public static string LDRH_reg(uint w, ulong pc) => Op("ldrh", W(Rt(w)), MemReg(w));
    public static string LDRSH_reg(uint w, ulong pc) => Op("ldrsh", Bit(w, 22) ? W(Rt(w)) : X(Rt(w)), MemReg(w));
    public static string STR_reg(uint w, ulong pc) => Op("str", Rsf30(w), MemReg(w));
    public static string LDR_reg(uint w, ulong pc) => Op("ldr", Rsf30(w), MemReg(w));
    public static string LDRSW_reg(uint w, ulong pc) => Op("ldrsw", X(Rt(w)), MemReg(w));
    public static string PRFM_reg(uint w, ulong pc) => Op("prfm", PrfOp(w), MemReg(w));
    public static string STRB_imm_offset(uint w, ulong pc) => Op("strb", W(Rt(w)), MemUnsigned(w));
    public static string LDRB_imm_offset(uint w, ulong pc) => Op("ldrb", W(Rt(w)), MemUnsigned(w));
    public static string LDRSB_imm_offset(uint w, ulong pc) => Op("ldrsb", Bit(w, 22) ? W(Rt(w)) : X(Rt(w)), MemUnsigned(w));
    public static string STRH_imm_offset(uint w, ulong pc) => Op("strh", W(Rt(w)), MemUnsigned(w));
    public static string LDRH_imm_offset(uint w, ulong pc) => Op("ldrh", W(Rt(w)), MemUnsigned(w));
    public static string LDRSH_imm_offset(uint w, ulong pc) => Op("ldrsh", Bit(w, 22) ? W(Rt(w)) : X(Rt(w)), MemUnsigned(w));
    public static string STR_imm_offset(uint w, ulong pc) => Op("str", Rsf30(w), MemUnsigned(w));
    public static string LDR_imm_offset(uint w, ulong pc) => Op("ldr", Rsf30(w), MemUnsigned(w));
    public static string LDRSW_imm_offset(uint w, ulong pc) => Op("ldrsw", X(Rt(w)), MemUnsigned(w));
    public static string PRFM_imm_offset(uint w, ulong pc) => Op("prfm", PrfOp(w), MemUnsigned(w));
    public static string LDADDB(uint w, ulong pc) => Atomic(w, "add", "b", true);
    public static string LDADDH(uint w, ulong pc) => Atomic(w, "add", "h", true);
    public static string LDADD(uint w, ulong pc) => Atomic(w, "add", "", true);
    public static string LDCLRB(uint w, ulong pc) => Atomic(w, "clr", "b", true);
    public static string LDCLRH(uint w, ulong pc) => Atomic(w, "clr", "h", true);
    public static string LDCLR(uint w, ulong pc) => Atomic(w, "clr", "", true);
    public static string LDEORB(uint w, ulong pc) => Atomic(w, "eor", "b", true);
    public static string LDEORH(uint w, ulong pc) => Atomic(w, "eor", "h", true);
    public static string LDEOR(uint w, ulong pc) => Atomic(w, "eor", "", true);
    public static string LDSETB(uint w, ulong pc) => Atomic(w, "set", "b", true);
    public static string LDSETH(uint w, ulong pc) => Atomic(w, "set", "h", true);
    public static string LDSET(uint w, ulong pc) => Atomic(w, "set", "", true);
    public static string LDSMAXB(uint w, ulong pc) => Atomic(w, "smax", "b", true);
    public static string LDSMAXH(uint w, ulong pc) => Atomic(w, "smax", "h", true);
    public static string LDSMAX(uint w, ulong pc) => Atomic(w, "smax", "", true);
    public static string LDSMINB(uint w, ulong pc) => Atomic(w, "smin", "b", true);
    public static string LDSMINH(uint w, ulong pc) => Atomic(w, "smin", "h", true);
    public static string LDSMIN(uint w, ulong pc) => Atomic(w, "smin", "", true);
    public static string LDUMAXB(uint w, ulong pc) => Atomic(w, "umax", "b", true);
    public static string LDUMAXH(uint w, ulong pc) => Atomic(w, "umax", "h", true);
    public static string LDUMAX(uint w, ulong pc) => Atomic(w, "umax", "", true);
    public static string LDUMINB(uint w, ulong pc) => Atomic(w, "umin", "b", true);
    public static string LDUMINH(uint w, ulong pc) => Atomic(w, "umin", "h", true);
    public static string LDUMIN(uint w, ulong pc) => Atomic(w, "umin", "", true);
    public static string SWPB(uint w, ulong pc) => Atomic(w, "swp", "b", false);
    public static string SWPH(uint w, ulong pc) => Atomic(w, "swp", "h", false);
    public static string SWP(uint w, ulong pc) => Atomic(w, "swp", "", false);
    public static string LDAPRB(uint w, ulong pc) => Op("ldaprb", W(Rt(w)), Mem0(w));
    public static string LDAPRH(uint w, ulong pc) => Op("ldaprh", W(Rt(w)), Mem0(w));
    public static string LDAPR(uint w, ulong pc) => Op("ldapr", Rsf30(w), Mem0(w));
}
