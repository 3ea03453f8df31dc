using static A64Jit.Core.Disassembly.Asm;

namespace A64Jit.Core.Disassembly;

/// <summary>
/// GNU objdump text for the LoadStoreSimd group (loads and stores of SIMD&amp;FP registers),
/// one method per encoding of the table.
/// </summary>
internal static class LoadStoreSimdDisasm
{
    // ----- register lists of the structure loads and stores

    private static readonly string[] Arrangements = ["8b", "16b", "4h", "8h", "2s", "4s", "1d", "2d"];
    private static readonly string[] LaneSuffixes = [".b", ".h", ".s", ".d"];
    private static readonly string[] ScalarPrefixes = ["b", "h", "s", "d"];

    /// <summary>Vector arrangement from size (bits 11:10) and Q (bit 30), e.g. ".16b".</summary>
    private static string Arrangement(uint w) => "." + Arrangements[Bits(w, 11, 10) << 1 | Bits(w, 30, 30)];

    /// <summary>
    /// objdump's register list: a range <c>{v2.16b-v5.16b}</c> for three or more registers whose
    /// numbers do not wrap past v31, otherwise every register, e.g. <c>{v31.8h, v0.8h, v1.8h}</c>.
    /// </summary>
    private static string RegList(int first, int count, string suffix)
    {
        if (count > 2 && first + count - 1 <= 31)
            return "{v" + first + suffix + "-v" + (first + count - 1) + suffix + "}";
        var sb = new System.Text.StringBuilder("{");
        for (int i = 0; i < count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append('v').Append((first + i) & 31).Append(suffix);
        }
        return sb.Append('}').ToString();
    }

    private static string Base(uint w) => "[" + Xsp(Rn(w)) + "]";

    // ----- multiple structures: post-index immediate = bytes transferred (8 or 16 per register)

    private static string MultList(uint w, int regs) => RegList(Rt(w), regs, Arrangement(w));
    private static string MultNoOffset(uint w, string mnemonic, int regs) => Op(mnemonic, MultList(w, regs), Base(w));
    private static string MultPostImm(uint w, string mnemonic, int regs) =>
        Op(mnemonic, MultList(w, regs), Base(w), Dec((Bit(w, 30) ? 16 : 8) * regs));
    private static string MultPostReg(uint w, string mnemonic, int regs) => Op(mnemonic, MultList(w, regs), Base(w), X(Rm(w)));

    // ----- single structure, one lane: index from Q:S:size, as many bits as the element allows

    private static string LaneList(uint w, int regs, int esizeLog2)
    {
        uint index = (Bits(w, 30, 30) << 3 | Bits(w, 12, 10)) >> esizeLog2;
        return RegList(Rt(w), regs, LaneSuffixes[esizeLog2]) + "[" + index + "]";
    }

    private static string SingleNoOffset(uint w, string mnemonic, int regs, int esizeLog2) => Op(mnemonic, LaneList(w, regs, esizeLog2), Base(w));
    private static string SinglePostImm(uint w, string mnemonic, int regs, int esizeLog2) =>
        Op(mnemonic, LaneList(w, regs, esizeLog2), Base(w), Dec(regs << esizeLog2));
    private static string SinglePostReg(uint w, string mnemonic, int regs, int esizeLog2) =>
        Op(mnemonic, LaneList(w, regs, esizeLog2), Base(w), X(Rm(w)));

    // ----- single structure and replicate: post-index immediate = one element per register

    private static string ReplNoOffset(uint w, string mnemonic, int regs) => Op(mnemonic, MultList(w, regs), Base(w));
    private static string ReplPostImm(uint w, string mnemonic, int regs) =>
        Op(mnemonic, MultList(w, regs), Base(w), Dec(regs << (int)Bits(w, 11, 10)));
    private static string ReplPostReg(uint w, string mnemonic, int regs) => Op(mnemonic, MultList(w, regs), Base(w), X(Rm(w)));

    // ----- scalar SIMD&FP registers: b/h/s/d by size, q when opc<1> = 1

    private static int ScalarScale(uint w) => Bit(w, 23) ? 4 : (int)Bits(w, 31, 30);
    private static string ScalarReg(uint w, int n) => (Bit(w, 23) ? "q" : ScalarPrefixes[Bits(w, 31, 30)]) + n;

    private static string LdrLiteral(uint w, ulong pc)
    {
        string reg = "sdq"[(int)Bits(w, 31, 30)].ToString() + Rt(w);
        return Op("ldr", reg, Label(pc + (ulong)(SignExtend(Bits(w, 23, 5), 19) << 2)));
    }

    private static string Unscaled(uint w, string mnemonic)
    {
        long imm = SignExtend(Bits(w, 20, 12), 9);
        string address = imm == 0 ? Base(w) : "[" + Xsp(Rn(w)) + ", " + Dec(imm) + "]";
        return Op(mnemonic, ScalarReg(w, Rt(w)), address);
    }

    private static string PostIndexed(uint w, string mnemonic) =>
        Op(mnemonic, ScalarReg(w, Rt(w)), Base(w), Dec(SignExtend(Bits(w, 20, 12), 9)));

    private static string PreIndexed(uint w, string mnemonic) =>
        Op(mnemonic, ScalarReg(w, Rt(w)), "[" + Xsp(Rn(w)) + ", " + Dec(SignExtend(Bits(w, 20, 12), 9)) + "]!");

    private static string UnsignedOffset(uint w, string mnemonic)
    {
        long imm = (long)Bits(w, 21, 10) << ScalarScale(w);
        string address = imm == 0 ? Base(w) : "[" + Xsp(Rn(w)) + ", " + Dec(imm) + "]";
        return Op(mnemonic, ScalarReg(w, Rt(w)), address);
    }

    /// <summary>
    /// Register offset: Wm for UXTW/SXTW (option&lt;0&gt; = 0), Xm otherwise; LSL (option = 011) is
    /// omitted unless S = 1, an extend is always named; S = 1 shows the amount, even #0.
    /// </summary>
    private static string RegisterOffset(uint w, string mnemonic)
    {
        uint option = Bits(w, 15, 13);
        bool s = Bit(w, 12);
        string index = (option & 1) != 0 ? X(Rm(w)) : W(Rm(w));
        string amount = "#" + ScalarScale(w);
        string address = "[" + Xsp(Rn(w)) + ", " + index;
        if (option == 0b011) address += s ? ", lsl " + amount : "";
        else address += ", " + Extends[option] + (s ? " " + amount : "");
        return Op(mnemonic, ScalarReg(w, Rt(w)), address + "]");
    }

    // ----- register pairs: s/d/q by opc, imm7 scaled by the register size

    private static string PairRegs(uint w, out long offset)
    {
        int opc = (int)Bits(w, 31, 30);
        offset = SignExtend(Bits(w, 21, 15), 7) << (2 + opc);
        string p = "sdq"[opc].ToString();
        return p + Rt(w) + ", " + p + Rt2(w);
    }

    private static string PairOffset(uint w, string mnemonic)
    {
        string regs = PairRegs(w, out long offset);
        return Op(mnemonic, regs, offset == 0 ? Base(w) : "[" + Xsp(Rn(w)) + ", " + Dec(offset) + "]");
    }

    private static string PairPost(uint w, string mnemonic)
    {
        string regs = PairRegs(w, out long offset);
        return Op(mnemonic, regs, Base(w), Dec(offset));
    }

    private static string PairPre(uint w, string mnemonic)
    {
        string regs = PairRegs(w, out long offset);
        return Op(mnemonic, regs, "[" + Xsp(Rn(w)) + ", " + Dec(offset) + "]!");
    }

    // ----- one method per encoding
    // ----- Advanced SIMD load/store multiple structures (and post-indexed): stores
    public static string ST1_mult_1reg(uint w, ulong pc)          => MultNoOffset(w, "st1", 1);
    public static string ST1_mult_1reg_post_imm(uint w, ulong pc) => MultPostImm(w, "st1", 1);
    public static string ST1_mult_1reg_post_reg(uint w, ulong pc) => MultPostReg(w, "st1", 1);
    public static string ST1_mult_2reg(uint w, ulong pc)          => MultNoOffset(w, "st1", 2);
    public static string ST1_mult_2reg_post_imm(uint w, ulong pc) => MultPostImm(w, "st1", 2);
    public static string ST1_mult_2reg_post_reg(uint w, ulong pc) => MultPostReg(w, "st1", 2);
    public static string ST1_mult_3reg(uint w, ulong pc)          => MultNoOffset(w, "st1", 3);
    public static string ST1_mult_3reg_post_imm(uint w, ulong pc) => MultPostImm(w, "st1", 3);
    public static string ST1_mult_3reg_post_reg(uint w, ulong pc) => MultPostReg(w, "st1", 3);
    public static string ST1_mult_4reg(uint w, ulong pc)          => MultNoOffset(w, "st1", 4);
    public static string ST1_mult_4reg_post_imm(uint w, ulong pc) => MultPostImm(w, "st1", 4);
    public static string ST1_mult_4reg_post_reg(uint w, ulong pc) => MultPostReg(w, "st1", 4);
    public static string ST2_mult(uint w, ulong pc)               => MultNoOffset(w, "st2", 2);
    public static string ST2_mult_post_imm(uint w, ulong pc)      => MultPostImm(w, "st2", 2);
    public static string ST2_mult_post_reg(uint w, ulong pc)      => MultPostReg(w, "st2", 2);
    public static string ST3_mult(uint w, ulong pc)               => MultNoOffset(w, "st3", 3);
    public static string ST3_mult_post_imm(uint w, ulong pc)      => MultPostImm(w, "st3", 3);
    public static string ST3_mult_post_reg(uint w, ulong pc)      => MultPostReg(w, "st3", 3);
    public static string ST4_mult(uint w, ulong pc)               => MultNoOffset(w, "st4", 4);
    public static string ST4_mult_post_imm(uint w, ulong pc)      => MultPostImm(w, "st4", 4);
    public static string ST4_mult_post_reg(uint w, ulong pc)      => MultPostReg(w, "st4", 4);

    // ----- Advanced SIMD load/store multiple structures (and post-indexed): loads
    public static string LD1_mult_1reg(uint w, ulong pc)          => MultNoOffset(w, "ld1", 1);
    public static string LD1_mult_1reg_post_imm(uint w, ulong pc) => MultPostImm(w, "ld1", 1);
    public static string LD1_mult_1reg_post_reg(uint w, ulong pc) => MultPostReg(w, "ld1", 1);
    public static string LD1_mult_2reg(uint w, ulong pc)          => MultNoOffset(w, "ld1", 2);
    public static string LD1_mult_2reg_post_imm(uint w, ulong pc) => MultPostImm(w, "ld1", 2);
    public static string LD1_mult_2reg_post_reg(uint w, ulong pc) => MultPostReg(w, "ld1", 2);
    public static string LD1_mult_3reg(uint w, ulong pc)          => MultNoOffset(w, "ld1", 3);
    public static string LD1_mult_3reg_post_imm(uint w, ulong pc) => MultPostImm(w, "ld1", 3);
    public static string LD1_mult_3reg_post_reg(uint w, ulong pc) => MultPostReg(w, "ld1", 3);
    public static string LD1_mult_4reg(uint w, ulong pc)          => MultNoOffset(w, "ld1", 4);
    public static string LD1_mult_4reg_post_imm(uint w, ulong pc) => MultPostImm(w, "ld1", 4);
    public static string LD1_mult_4reg_post_reg(uint w, ulong pc) => MultPostReg(w, "ld1", 4);
    public static string LD2_mult(uint w, ulong pc)               => MultNoOffset(w, "ld2", 2);
    public static string LD2_mult_post_imm(uint w, ulong pc)      => MultPostImm(w, "ld2", 2);
    public static string LD2_mult_post_reg(uint w, ulong pc)      => MultPostReg(w, "ld2", 2);
    public static string LD3_mult(uint w, ulong pc)               => MultNoOffset(w, "ld3", 3);
    public static string LD3_mult_post_imm(uint w, ulong pc)      => MultPostImm(w, "ld3", 3);
    public static string LD3_mult_post_reg(uint w, ulong pc)      => MultPostReg(w, "ld3", 3);
    public static string LD4_mult(uint w, ulong pc)               => MultNoOffset(w, "ld4", 4);
    public static string LD4_mult_post_imm(uint w, ulong pc)      => MultPostImm(w, "ld4", 4);
    public static string LD4_mult_post_reg(uint w, ulong pc)      => MultPostReg(w, "ld4", 4);

    // ----- Advanced SIMD load/store single structure (and post-indexed): stores, one lane
    public static string ST1_single_b(uint w, ulong pc)           => SingleNoOffset(w, "st1", 1, 0);
    public static string ST1_single_b_post_imm(uint w, ulong pc)  => SinglePostImm(w, "st1", 1, 0);
    public static string ST1_single_b_post_reg(uint w, ulong pc)  => SinglePostReg(w, "st1", 1, 0);
    public static string ST1_single_h(uint w, ulong pc)           => SingleNoOffset(w, "st1", 1, 1);
    public static string ST1_single_h_post_imm(uint w, ulong pc)  => SinglePostImm(w, "st1", 1, 1);
    public static string ST1_single_h_post_reg(uint w, ulong pc)  => SinglePostReg(w, "st1", 1, 1);
    public static string ST1_single_s(uint w, ulong pc)           => SingleNoOffset(w, "st1", 1, 2);
    public static string ST1_single_s_post_imm(uint w, ulong pc)  => SinglePostImm(w, "st1", 1, 2);
    public static string ST1_single_s_post_reg(uint w, ulong pc)  => SinglePostReg(w, "st1", 1, 2);
    public static string ST1_single_d(uint w, ulong pc)           => SingleNoOffset(w, "st1", 1, 3);
    public static string ST1_single_d_post_imm(uint w, ulong pc)  => SinglePostImm(w, "st1", 1, 3);
    public static string ST1_single_d_post_reg(uint w, ulong pc)  => SinglePostReg(w, "st1", 1, 3);
    public static string ST2_single_b(uint w, ulong pc)           => SingleNoOffset(w, "st2", 2, 0);
    public static string ST2_single_b_post_imm(uint w, ulong pc)  => SinglePostImm(w, "st2", 2, 0);
    public static string ST2_single_b_post_reg(uint w, ulong pc)  => SinglePostReg(w, "st2", 2, 0);
    public static string ST2_single_h(uint w, ulong pc)           => SingleNoOffset(w, "st2", 2, 1);
    public static string ST2_single_h_post_imm(uint w, ulong pc)  => SinglePostImm(w, "st2", 2, 1);
    public static string ST2_single_h_post_reg(uint w, ulong pc)  => SinglePostReg(w, "st2", 2, 1);
    public static string ST2_single_s(uint w, ulong pc)           => SingleNoOffset(w, "st2", 2, 2);
    public static string ST2_single_s_post_imm(uint w, ulong pc)  => SinglePostImm(w, "st2", 2, 2);
    public static string ST2_single_s_post_reg(uint w, ulong pc)  => SinglePostReg(w, "st2", 2, 2);
    public static string ST2_single_d(uint w, ulong pc)           => SingleNoOffset(w, "st2", 2, 3);
    public static string ST2_single_d_post_imm(uint w, ulong pc)  => SinglePostImm(w, "st2", 2, 3);
    public static string ST2_single_d_post_reg(uint w, ulong pc)  => SinglePostReg(w, "st2", 2, 3);
    public static string ST3_single_b(uint w, ulong pc)           => SingleNoOffset(w, "st3", 3, 0);
    public static string ST3_single_b_post_imm(uint w, ulong pc)  => SinglePostImm(w, "st3", 3, 0);
    public static string ST3_single_b_post_reg(uint w, ulong pc)  => SinglePostReg(w, "st3", 3, 0);
    public static string ST3_single_h(uint w, ulong pc)           => SingleNoOffset(w, "st3", 3, 1);
    public static string ST3_single_h_post_imm(uint w, ulong pc)  => SinglePostImm(w, "st3", 3, 1);
    public static string ST3_single_h_post_reg(uint w, ulong pc)  => SinglePostReg(w, "st3", 3, 1);
    public static string ST3_single_s(uint w, ulong pc)           => SingleNoOffset(w, "st3", 3, 2);
    public static string ST3_single_s_post_imm(uint w, ulong pc)  => SinglePostImm(w, "st3", 3, 2);
    public static string ST3_single_s_post_reg(uint w, ulong pc)  => SinglePostReg(w, "st3", 3, 2);
    public static string ST3_single_d(uint w, ulong pc)           => SingleNoOffset(w, "st3", 3, 3);
    public static string ST3_single_d_post_imm(uint w, ulong pc)  => SinglePostImm(w, "st3", 3, 3);
    public static string ST3_single_d_post_reg(uint w, ulong pc)  => SinglePostReg(w, "st3", 3, 3);
    public static string ST4_single_b(uint w, ulong pc)           => SingleNoOffset(w, "st4", 4, 0);
    public static string ST4_single_b_post_imm(uint w, ulong pc)  => SinglePostImm(w, "st4", 4, 0);
    public static string ST4_single_b_post_reg(uint w, ulong pc)  => SinglePostReg(w, "st4", 4, 0);
    public static string ST4_single_h(uint w, ulong pc)           => SingleNoOffset(w, "st4", 4, 1);
    public static string ST4_single_h_post_imm(uint w, ulong pc)  => SinglePostImm(w, "st4", 4, 1);
    public static string ST4_single_h_post_reg(uint w, ulong pc)  => SinglePostReg(w, "st4", 4, 1);
    public static string ST4_single_s(uint w, ulong pc)           => SingleNoOffset(w, "st4", 4, 2);
    public static string ST4_single_s_post_imm(uint w, ulong pc)  => SinglePostImm(w, "st4", 4, 2);
    public static string ST4_single_s_post_reg(uint w, ulong pc)  => SinglePostReg(w, "st4", 4, 2);
    public static string ST4_single_d(uint w, ulong pc)           => SingleNoOffset(w, "st4", 4, 3);
    public static string ST4_single_d_post_imm(uint w, ulong pc)  => SinglePostImm(w, "st4", 4, 3);
    public static string ST4_single_d_post_reg(uint w, ulong pc)  => SinglePostReg(w, "st4", 4, 3);

    // ----- Advanced SIMD load/store single structure (and post-indexed): loads, one lane
    public static string LD1_single_b(uint w, ulong pc)           => SingleNoOffset(w, "ld1", 1, 0);
    public static string LD1_single_b_post_imm(uint w, ulong pc)  => SinglePostImm(w, "ld1", 1, 0);
    public static string LD1_single_b_post_reg(uint w, ulong pc)  => SinglePostReg(w, "ld1", 1, 0);
    public static string LD1_single_h(uint w, ulong pc)           => SingleNoOffset(w, "ld1", 1, 1);
    public static string LD1_single_h_post_imm(uint w, ulong pc)  => SinglePostImm(w, "ld1", 1, 1);
    public static string LD1_single_h_post_reg(uint w, ulong pc)  => SinglePostReg(w, "ld1", 1, 1);
    public static string LD1_single_s(uint w, ulong pc)           => SingleNoOffset(w, "ld1", 1, 2);
    public static string LD1_single_s_post_imm(uint w, ulong pc)  => SinglePostImm(w, "ld1", 1, 2);
    public static string LD1_single_s_post_reg(uint w, ulong pc)  => SinglePostReg(w, "ld1", 1, 2);
    public static string LD1_single_d(uint w, ulong pc)           => SingleNoOffset(w, "ld1", 1, 3);
    public static string LD1_single_d_post_imm(uint w, ulong pc)  => SinglePostImm(w, "ld1", 1, 3);
    public static string LD1_single_d_post_reg(uint w, ulong pc)  => SinglePostReg(w, "ld1", 1, 3);
    public static string LD2_single_b(uint w, ulong pc)           => SingleNoOffset(w, "ld2", 2, 0);
    public static string LD2_single_b_post_imm(uint w, ulong pc)  => SinglePostImm(w, "ld2", 2, 0);
    public static string LD2_single_b_post_reg(uint w, ulong pc)  => SinglePostReg(w, "ld2", 2, 0);
    public static string LD2_single_h(uint w, ulong pc)           => SingleNoOffset(w, "ld2", 2, 1);
    public static string LD2_single_h_post_imm(uint w, ulong pc)  => SinglePostImm(w, "ld2", 2, 1);
    public static string LD2_single_h_post_reg(uint w, ulong pc)  => SinglePostReg(w, "ld2", 2, 1);
    public static string LD2_single_s(uint w, ulong pc)           => SingleNoOffset(w, "ld2", 2, 2);
    public static string LD2_single_s_post_imm(uint w, ulong pc)  => SinglePostImm(w, "ld2", 2, 2);
    public static string LD2_single_s_post_reg(uint w, ulong pc)  => SinglePostReg(w, "ld2", 2, 2);
    public static string LD2_single_d(uint w, ulong pc)           => SingleNoOffset(w, "ld2", 2, 3);
    public static string LD2_single_d_post_imm(uint w, ulong pc)  => SinglePostImm(w, "ld2", 2, 3);
    public static string LD2_single_d_post_reg(uint w, ulong pc)  => SinglePostReg(w, "ld2", 2, 3);
    public static string LD3_single_b(uint w, ulong pc)           => SingleNoOffset(w, "ld3", 3, 0);
    public static string LD3_single_b_post_imm(uint w, ulong pc)  => SinglePostImm(w, "ld3", 3, 0);
    public static string LD3_single_b_post_reg(uint w, ulong pc)  => SinglePostReg(w, "ld3", 3, 0);
    public static string LD3_single_h(uint w, ulong pc)           => SingleNoOffset(w, "ld3", 3, 1);
    public static string LD3_single_h_post_imm(uint w, ulong pc)  => SinglePostImm(w, "ld3", 3, 1);
    public static string LD3_single_h_post_reg(uint w, ulong pc)  => SinglePostReg(w, "ld3", 3, 1);
    public static string LD3_single_s(uint w, ulong pc)           => SingleNoOffset(w, "ld3", 3, 2);
    public static string LD3_single_s_post_imm(uint w, ulong pc)  => SinglePostImm(w, "ld3", 3, 2);
    public static string LD3_single_s_post_reg(uint w, ulong pc)  => SinglePostReg(w, "ld3", 3, 2);
    public static string LD3_single_d(uint w, ulong pc)           => SingleNoOffset(w, "ld3", 3, 3);
    public static string LD3_single_d_post_imm(uint w, ulong pc)  => SinglePostImm(w, "ld3", 3, 3);
    public static string LD3_single_d_post_reg(uint w, ulong pc)  => SinglePostReg(w, "ld3", 3, 3);
    public static string LD4_single_b(uint w, ulong pc)           => SingleNoOffset(w, "ld4", 4, 0);
    public static string LD4_single_b_post_imm(uint w, ulong pc)  => SinglePostImm(w, "ld4", 4, 0);
    public static string LD4_single_b_post_reg(uint w, ulong pc)  => SinglePostReg(w, "ld4", 4, 0);
    public static string LD4_single_h(uint w, ulong pc)           => SingleNoOffset(w, "ld4", 4, 1);
    public static string LD4_single_h_post_imm(uint w, ulong pc)  => SinglePostImm(w, "ld4", 4, 1);
    public static string LD4_single_h_post_reg(uint w, ulong pc)  => SinglePostReg(w, "ld4", 4, 1);
    public static string LD4_single_s(uint w, ulong pc)           => SingleNoOffset(w, "ld4", 4, 2);
    public static string LD4_single_s_post_imm(uint w, ulong pc)  => SinglePostImm(w, "ld4", 4, 2);
    public static string LD4_single_s_post_reg(uint w, ulong pc)  => SinglePostReg(w, "ld4", 4, 2);
    public static string LD4_single_d(uint w, ulong pc)           => SingleNoOffset(w, "ld4", 4, 3);
    public static string LD4_single_d_post_imm(uint w, ulong pc)  => SinglePostImm(w, "ld4", 4, 3);
    public static string LD4_single_d_post_reg(uint w, ulong pc)  => SinglePostReg(w, "ld4", 4, 3);

    // ----- Advanced SIMD load single structure and replicate (and post-indexed)
    public static string LD1R(uint w, ulong pc)                   => ReplNoOffset(w, "ld1r", 1);
    public static string LD1R_post_imm(uint w, ulong pc)          => ReplPostImm(w, "ld1r", 1);
    public static string LD1R_post_reg(uint w, ulong pc)          => ReplPostReg(w, "ld1r", 1);
    public static string LD2R(uint w, ulong pc)                   => ReplNoOffset(w, "ld2r", 2);
    public static string LD2R_post_imm(uint w, ulong pc)          => ReplPostImm(w, "ld2r", 2);
    public static string LD2R_post_reg(uint w, ulong pc)          => ReplPostReg(w, "ld2r", 2);
    public static string LD3R(uint w, ulong pc)                   => ReplNoOffset(w, "ld3r", 3);
    public static string LD3R_post_imm(uint w, ulong pc)          => ReplPostImm(w, "ld3r", 3);
    public static string LD3R_post_reg(uint w, ulong pc)          => ReplPostReg(w, "ld3r", 3);
    public static string LD4R(uint w, ulong pc)                   => ReplNoOffset(w, "ld4r", 4);
    public static string LD4R_post_imm(uint w, ulong pc)          => ReplPostImm(w, "ld4r", 4);
    public static string LD4R_post_reg(uint w, ulong pc)          => ReplPostReg(w, "ld4r", 4);

    // ----- Load register (literal), SIMD&FP
    public static string LDR_lit_fpsimd(uint w, ulong pc)         => LdrLiteral(w, pc);

    // ----- Load/store no-allocate pair (offset), SIMD&FP
    public static string STNP_fpsimd(uint w, ulong pc)            => PairOffset(w, "stnp");
    public static string LDNP_fpsimd(uint w, ulong pc)            => PairOffset(w, "ldnp");

    // ----- Load/store register pair (post-indexed, offset, pre-indexed), SIMD&FP
    public static string STP_post_fpsimd(uint w, ulong pc)        => PairPost(w, "stp");
    public static string LDP_post_fpsimd(uint w, ulong pc)        => PairPost(w, "ldp");
    public static string STP_off_fpsimd(uint w, ulong pc)         => PairOffset(w, "stp");
    public static string LDP_off_fpsimd(uint w, ulong pc)         => PairOffset(w, "ldp");
    public static string STP_pre_fpsimd(uint w, ulong pc)         => PairPre(w, "stp");
    public static string LDP_pre_fpsimd(uint w, ulong pc)         => PairPre(w, "ldp");

    // ----- Load/store register (unscaled immediate, post-indexed, pre-indexed, unsigned immediate), SIMD&FP
    public static string STUR_fpsimd(uint w, ulong pc)            => Unscaled(w, "stur");
    public static string LDUR_fpsimd(uint w, ulong pc)            => Unscaled(w, "ldur");
    public static string STR_imm_post_fpsimd(uint w, ulong pc)    => PostIndexed(w, "str");
    public static string LDR_imm_post_fpsimd(uint w, ulong pc)    => PostIndexed(w, "ldr");
    public static string STR_imm_pre_fpsimd(uint w, ulong pc)     => PreIndexed(w, "str");
    public static string LDR_imm_pre_fpsimd(uint w, ulong pc)     => PreIndexed(w, "ldr");
    public static string STR_imm_off_fpsimd(uint w, ulong pc)     => UnsignedOffset(w, "str");
    public static string LDR_imm_off_fpsimd(uint w, ulong pc)     => UnsignedOffset(w, "ldr");

    // ----- Load/store register (register offset), SIMD&FP
    public static string STR_reg_fpsimd(uint w, ulong pc)         => RegisterOffset(w, "str");
    public static string LDR_reg_fpsimd(uint w, ulong pc)         => RegisterOffset(w, "ldr");
}
