using static A64Jit.Core.Disassembly.LoadStoreSimdDisasm;

namespace A64Jit.Core.Decoding;

public static partial class EncodingTable
{
    private static Encoding Lsv(string name, string pattern, DisasmFormatter format, Func<uint, bool>? allocated = null) =>
        new(name, EncodingGroup.LoadStoreSimd, pattern, format, allocated);

    // Decode conditions of the SIMD&FP load/store encodings (the Arm ARM's unallocated field values).

    /// <summary>LD2/LD3/LD4/ST2/ST3/ST4 (multiple structures): size = 11 with Q = 0 (.1d) is reserved.</summary>
    private static bool LsvNotQ0Size11(uint w) => (w & 0x4000_0C00) != 0x0000_0C00;

    /// <summary>Literal loads and register pairs: opc = 11 is unallocated for SIMD&amp;FP registers.</summary>
    private static bool LsvOpcNot11(uint w) => (w >> 30) != 3;

    /// <summary>Single-register forms: opc&lt;1&gt; = 1 (128-bit) only with size = 00.</summary>
    private static bool LsvSizeOpcAllocated(uint w) => (w & 0x0080_0000) == 0 || (w >> 30) == 0;

    /// <summary>Register offset: as <see cref="LsvSizeOpcAllocated"/>, and option&lt;1&gt; = 0 is unallocated.</summary>
    private static bool LsvRegOffsetAllocated(uint w) => (w & 0x4000) != 0 && ((w & 0x0080_0000) == 0 || (w >> 30) == 0);

    // Loads and stores of SIMD&FP registers (bit 26 = 1). Structure forms are split by the
    // Arm ARM's variants, which differ in fixed bits: register count (_1reg.._4reg) for LD1/ST1
    // (multiple structures) and element size (_b/_h/_s/_d) for one lane. Post-indexed forms come
    // as _post_imm (Rm = 11111, the offset is the size of the transfer) and _post_reg (any other
    // Rm; the immediate form fixes more bits, so it wins for Rm = 11111).
    private static Encoding[] LoadStoreSimd() =>
    [
        // Advanced SIMD load/store multiple structures (and post-indexed): stores
        Lsv("ST1_mult_1reg",          "0 Q 0011000 0 000000 0111 size:2 Rn:5 Rt:5", ST1_mult_1reg),
        Lsv("ST1_mult_1reg_post_imm", "0 Q 0011001 0 0 11111 0111 size:2 Rn:5 Rt:5", ST1_mult_1reg_post_imm),
        Lsv("ST1_mult_1reg_post_reg", "0 Q 0011001 0 0 Rm:5 0111 size:2 Rn:5 Rt:5", ST1_mult_1reg_post_reg),
        Lsv("ST1_mult_2reg",          "0 Q 0011000 0 000000 1010 size:2 Rn:5 Rt:5", ST1_mult_2reg),
        Lsv("ST1_mult_2reg_post_imm", "0 Q 0011001 0 0 11111 1010 size:2 Rn:5 Rt:5", ST1_mult_2reg_post_imm),
        Lsv("ST1_mult_2reg_post_reg", "0 Q 0011001 0 0 Rm:5 1010 size:2 Rn:5 Rt:5", ST1_mult_2reg_post_reg),
        Lsv("ST1_mult_3reg",          "0 Q 0011000 0 000000 0110 size:2 Rn:5 Rt:5", ST1_mult_3reg),
        Lsv("ST1_mult_3reg_post_imm", "0 Q 0011001 0 0 11111 0110 size:2 Rn:5 Rt:5", ST1_mult_3reg_post_imm),
        Lsv("ST1_mult_3reg_post_reg", "0 Q 0011001 0 0 Rm:5 0110 size:2 Rn:5 Rt:5", ST1_mult_3reg_post_reg),
        Lsv("ST1_mult_4reg",          "0 Q 0011000 0 000000 0010 size:2 Rn:5 Rt:5", ST1_mult_4reg),
        Lsv("ST1_mult_4reg_post_imm", "0 Q 0011001 0 0 11111 0010 size:2 Rn:5 Rt:5", ST1_mult_4reg_post_imm),
        Lsv("ST1_mult_4reg_post_reg", "0 Q 0011001 0 0 Rm:5 0010 size:2 Rn:5 Rt:5", ST1_mult_4reg_post_reg),
        Lsv("ST2_mult",               "0 Q 0011000 0 000000 1000 size:2 Rn:5 Rt:5", ST2_mult, LsvNotQ0Size11),
        Lsv("ST2_mult_post_imm",      "0 Q 0011001 0 0 11111 1000 size:2 Rn:5 Rt:5", ST2_mult_post_imm, LsvNotQ0Size11),
        Lsv("ST2_mult_post_reg",      "0 Q 0011001 0 0 Rm:5 1000 size:2 Rn:5 Rt:5", ST2_mult_post_reg, LsvNotQ0Size11),
        Lsv("ST3_mult",               "0 Q 0011000 0 000000 0100 size:2 Rn:5 Rt:5", ST3_mult, LsvNotQ0Size11),
        Lsv("ST3_mult_post_imm",      "0 Q 0011001 0 0 11111 0100 size:2 Rn:5 Rt:5", ST3_mult_post_imm, LsvNotQ0Size11),
        Lsv("ST3_mult_post_reg",      "0 Q 0011001 0 0 Rm:5 0100 size:2 Rn:5 Rt:5", ST3_mult_post_reg, LsvNotQ0Size11),
        Lsv("ST4_mult",               "0 Q 0011000 0 000000 0000 size:2 Rn:5 Rt:5", ST4_mult, LsvNotQ0Size11),
        Lsv("ST4_mult_post_imm",      "0 Q 0011001 0 0 11111 0000 size:2 Rn:5 Rt:5", ST4_mult_post_imm, LsvNotQ0Size11),
        Lsv("ST4_mult_post_reg",      "0 Q 0011001 0 0 Rm:5 0000 size:2 Rn:5 Rt:5", ST4_mult_post_reg, LsvNotQ0Size11),

        // Advanced SIMD load/store multiple structures (and post-indexed): loads
        Lsv("LD1_mult_1reg",          "0 Q 0011000 1 000000 0111 size:2 Rn:5 Rt:5", LD1_mult_1reg),
        Lsv("LD1_mult_1reg_post_imm", "0 Q 0011001 1 0 11111 0111 size:2 Rn:5 Rt:5", LD1_mult_1reg_post_imm),
        Lsv("LD1_mult_1reg_post_reg", "0 Q 0011001 1 0 Rm:5 0111 size:2 Rn:5 Rt:5", LD1_mult_1reg_post_reg),
        Lsv("LD1_mult_2reg",          "0 Q 0011000 1 000000 1010 size:2 Rn:5 Rt:5", LD1_mult_2reg),
        Lsv("LD1_mult_2reg_post_imm", "0 Q 0011001 1 0 11111 1010 size:2 Rn:5 Rt:5", LD1_mult_2reg_post_imm),
        Lsv("LD1_mult_2reg_post_reg", "0 Q 0011001 1 0 Rm:5 1010 size:2 Rn:5 Rt:5", LD1_mult_2reg_post_reg),
        Lsv("LD1_mult_3reg",          "0 Q 0011000 1 000000 0110 size:2 Rn:5 Rt:5", LD1_mult_3reg),
        Lsv("LD1_mult_3reg_post_imm", "0 Q 0011001 1 0 11111 0110 size:2 Rn:5 Rt:5", LD1_mult_3reg_post_imm),
        Lsv("LD1_mult_3reg_post_reg", "0 Q 0011001 1 0 Rm:5 0110 size:2 Rn:5 Rt:5", LD1_mult_3reg_post_reg),
        Lsv("LD1_mult_4reg",          "0 Q 0011000 1 000000 0010 size:2 Rn:5 Rt:5", LD1_mult_4reg),
        Lsv("LD1_mult_4reg_post_imm", "0 Q 0011001 1 0 11111 0010 size:2 Rn:5 Rt:5", LD1_mult_4reg_post_imm),
        Lsv("LD1_mult_4reg_post_reg", "0 Q 0011001 1 0 Rm:5 0010 size:2 Rn:5 Rt:5", LD1_mult_4reg_post_reg),
        Lsv("LD2_mult",               "0 Q 0011000 1 000000 1000 size:2 Rn:5 Rt:5", LD2_mult, LsvNotQ0Size11),
        Lsv("LD2_mult_post_imm",      "0 Q 0011001 1 0 11111 1000 size:2 Rn:5 Rt:5", LD2_mult_post_imm, LsvNotQ0Size11),
        Lsv("LD2_mult_post_reg",      "0 Q 0011001 1 0 Rm:5 1000 size:2 Rn:5 Rt:5", LD2_mult_post_reg, LsvNotQ0Size11),
        Lsv("LD3_mult",               "0 Q 0011000 1 000000 0100 size:2 Rn:5 Rt:5", LD3_mult, LsvNotQ0Size11),
        Lsv("LD3_mult_post_imm",      "0 Q 0011001 1 0 11111 0100 size:2 Rn:5 Rt:5", LD3_mult_post_imm, LsvNotQ0Size11),
        Lsv("LD3_mult_post_reg",      "0 Q 0011001 1 0 Rm:5 0100 size:2 Rn:5 Rt:5", LD3_mult_post_reg, LsvNotQ0Size11),
        Lsv("LD4_mult",               "0 Q 0011000 1 000000 0000 size:2 Rn:5 Rt:5", LD4_mult, LsvNotQ0Size11),
        Lsv("LD4_mult_post_imm",      "0 Q 0011001 1 0 11111 0000 size:2 Rn:5 Rt:5", LD4_mult_post_imm, LsvNotQ0Size11),
        Lsv("LD4_mult_post_reg",      "0 Q 0011001 1 0 Rm:5 0000 size:2 Rn:5 Rt:5", LD4_mult_post_reg, LsvNotQ0Size11),

        // Advanced SIMD load/store single structure (and post-indexed): stores, one lane
        Lsv("ST1_single_b",           "0 Q 0011010 0 0 00000 000 S size:2 Rn:5 Rt:5", ST1_single_b),
        Lsv("ST1_single_b_post_imm",  "0 Q 0011011 0 0 11111 000 S size:2 Rn:5 Rt:5", ST1_single_b_post_imm),
        Lsv("ST1_single_b_post_reg",  "0 Q 0011011 0 0 Rm:5 000 S size:2 Rn:5 Rt:5", ST1_single_b_post_reg),
        Lsv("ST1_single_h",           "0 Q 0011010 0 0 00000 010 S size1 0 Rn:5 Rt:5", ST1_single_h),
        Lsv("ST1_single_h_post_imm",  "0 Q 0011011 0 0 11111 010 S size1 0 Rn:5 Rt:5", ST1_single_h_post_imm),
        Lsv("ST1_single_h_post_reg",  "0 Q 0011011 0 0 Rm:5 010 S size1 0 Rn:5 Rt:5", ST1_single_h_post_reg),
        Lsv("ST1_single_s",           "0 Q 0011010 0 0 00000 100 S 00 Rn:5 Rt:5", ST1_single_s),
        Lsv("ST1_single_s_post_imm",  "0 Q 0011011 0 0 11111 100 S 00 Rn:5 Rt:5", ST1_single_s_post_imm),
        Lsv("ST1_single_s_post_reg",  "0 Q 0011011 0 0 Rm:5 100 S 00 Rn:5 Rt:5", ST1_single_s_post_reg),
        Lsv("ST1_single_d",           "0 Q 0011010 0 0 00000 100 0 01 Rn:5 Rt:5", ST1_single_d),
        Lsv("ST1_single_d_post_imm",  "0 Q 0011011 0 0 11111 100 0 01 Rn:5 Rt:5", ST1_single_d_post_imm),
        Lsv("ST1_single_d_post_reg",  "0 Q 0011011 0 0 Rm:5 100 0 01 Rn:5 Rt:5", ST1_single_d_post_reg),
        Lsv("ST2_single_b",           "0 Q 0011010 0 1 00000 000 S size:2 Rn:5 Rt:5", ST2_single_b),
        Lsv("ST2_single_b_post_imm",  "0 Q 0011011 0 1 11111 000 S size:2 Rn:5 Rt:5", ST2_single_b_post_imm),
        Lsv("ST2_single_b_post_reg",  "0 Q 0011011 0 1 Rm:5 000 S size:2 Rn:5 Rt:5", ST2_single_b_post_reg),
        Lsv("ST2_single_h",           "0 Q 0011010 0 1 00000 010 S size1 0 Rn:5 Rt:5", ST2_single_h),
        Lsv("ST2_single_h_post_imm",  "0 Q 0011011 0 1 11111 010 S size1 0 Rn:5 Rt:5", ST2_single_h_post_imm),
        Lsv("ST2_single_h_post_reg",  "0 Q 0011011 0 1 Rm:5 010 S size1 0 Rn:5 Rt:5", ST2_single_h_post_reg),
        Lsv("ST2_single_s",           "0 Q 0011010 0 1 00000 100 S 00 Rn:5 Rt:5", ST2_single_s),
        Lsv("ST2_single_s_post_imm",  "0 Q 0011011 0 1 11111 100 S 00 Rn:5 Rt:5", ST2_single_s_post_imm),
        Lsv("ST2_single_s_post_reg",  "0 Q 0011011 0 1 Rm:5 100 S 00 Rn:5 Rt:5", ST2_single_s_post_reg),
        Lsv("ST2_single_d",           "0 Q 0011010 0 1 00000 100 0 01 Rn:5 Rt:5", ST2_single_d),
        Lsv("ST2_single_d_post_imm",  "0 Q 0011011 0 1 11111 100 0 01 Rn:5 Rt:5", ST2_single_d_post_imm),
        Lsv("ST2_single_d_post_reg",  "0 Q 0011011 0 1 Rm:5 100 0 01 Rn:5 Rt:5", ST2_single_d_post_reg),
        Lsv("ST3_single_b",           "0 Q 0011010 0 0 00000 001 S size:2 Rn:5 Rt:5", ST3_single_b),
        Lsv("ST3_single_b_post_imm",  "0 Q 0011011 0 0 11111 001 S size:2 Rn:5 Rt:5", ST3_single_b_post_imm),
        Lsv("ST3_single_b_post_reg",  "0 Q 0011011 0 0 Rm:5 001 S size:2 Rn:5 Rt:5", ST3_single_b_post_reg),
        Lsv("ST3_single_h",           "0 Q 0011010 0 0 00000 011 S size1 0 Rn:5 Rt:5", ST3_single_h),
        Lsv("ST3_single_h_post_imm",  "0 Q 0011011 0 0 11111 011 S size1 0 Rn:5 Rt:5", ST3_single_h_post_imm),
        Lsv("ST3_single_h_post_reg",  "0 Q 0011011 0 0 Rm:5 011 S size1 0 Rn:5 Rt:5", ST3_single_h_post_reg),
        Lsv("ST3_single_s",           "0 Q 0011010 0 0 00000 101 S 00 Rn:5 Rt:5", ST3_single_s),
        Lsv("ST3_single_s_post_imm",  "0 Q 0011011 0 0 11111 101 S 00 Rn:5 Rt:5", ST3_single_s_post_imm),
        Lsv("ST3_single_s_post_reg",  "0 Q 0011011 0 0 Rm:5 101 S 00 Rn:5 Rt:5", ST3_single_s_post_reg),
        Lsv("ST3_single_d",           "0 Q 0011010 0 0 00000 101 0 01 Rn:5 Rt:5", ST3_single_d),
        Lsv("ST3_single_d_post_imm",  "0 Q 0011011 0 0 11111 101 0 01 Rn:5 Rt:5", ST3_single_d_post_imm),
        Lsv("ST3_single_d_post_reg",  "0 Q 0011011 0 0 Rm:5 101 0 01 Rn:5 Rt:5", ST3_single_d_post_reg),
        Lsv("ST4_single_b",           "0 Q 0011010 0 1 00000 001 S size:2 Rn:5 Rt:5", ST4_single_b),
        Lsv("ST4_single_b_post_imm",  "0 Q 0011011 0 1 11111 001 S size:2 Rn:5 Rt:5", ST4_single_b_post_imm),
        Lsv("ST4_single_b_post_reg",  "0 Q 0011011 0 1 Rm:5 001 S size:2 Rn:5 Rt:5", ST4_single_b_post_reg),
        Lsv("ST4_single_h",           "0 Q 0011010 0 1 00000 011 S size1 0 Rn:5 Rt:5", ST4_single_h),
        Lsv("ST4_single_h_post_imm",  "0 Q 0011011 0 1 11111 011 S size1 0 Rn:5 Rt:5", ST4_single_h_post_imm),
        Lsv("ST4_single_h_post_reg",  "0 Q 0011011 0 1 Rm:5 011 S size1 0 Rn:5 Rt:5", ST4_single_h_post_reg),
        Lsv("ST4_single_s",           "0 Q 0011010 0 1 00000 101 S 00 Rn:5 Rt:5", ST4_single_s),
        Lsv("ST4_single_s_post_imm",  "0 Q 0011011 0 1 11111 101 S 00 Rn:5 Rt:5", ST4_single_s_post_imm),
        Lsv("ST4_single_s_post_reg",  "0 Q 0011011 0 1 Rm:5 101 S 00 Rn:5 Rt:5", ST4_single_s_post_reg),
        Lsv("ST4_single_d",           "0 Q 0011010 0 1 00000 101 0 01 Rn:5 Rt:5", ST4_single_d),
        Lsv("ST4_single_d_post_imm",  "0 Q 0011011 0 1 11111 101 0 01 Rn:5 Rt:5", ST4_single_d_post_imm),
        Lsv("ST4_single_d_post_reg",  "0 Q 0011011 0 1 Rm:5 101 0 01 Rn:5 Rt:5", ST4_single_d_post_reg),

        // Advanced SIMD load/store single structure (and post-indexed): loads, one lane
        Lsv("LD1_single_b",           "0 Q 0011010 1 0 00000 000 S size:2 Rn:5 Rt:5", LD1_single_b),
        Lsv("LD1_single_b_post_imm",  "0 Q 0011011 1 0 11111 000 S size:2 Rn:5 Rt:5", LD1_single_b_post_imm),
        Lsv("LD1_single_b_post_reg",  "0 Q 0011011 1 0 Rm:5 000 S size:2 Rn:5 Rt:5", LD1_single_b_post_reg),
        Lsv("LD1_single_h",           "0 Q 0011010 1 0 00000 010 S size1 0 Rn:5 Rt:5", LD1_single_h),
        Lsv("LD1_single_h_post_imm",  "0 Q 0011011 1 0 11111 010 S size1 0 Rn:5 Rt:5", LD1_single_h_post_imm),
        Lsv("LD1_single_h_post_reg",  "0 Q 0011011 1 0 Rm:5 010 S size1 0 Rn:5 Rt:5", LD1_single_h_post_reg),
        Lsv("LD1_single_s",           "0 Q 0011010 1 0 00000 100 S 00 Rn:5 Rt:5", LD1_single_s),
        Lsv("LD1_single_s_post_imm",  "0 Q 0011011 1 0 11111 100 S 00 Rn:5 Rt:5", LD1_single_s_post_imm),
        Lsv("LD1_single_s_post_reg",  "0 Q 0011011 1 0 Rm:5 100 S 00 Rn:5 Rt:5", LD1_single_s_post_reg),
        Lsv("LD1_single_d",           "0 Q 0011010 1 0 00000 100 0 01 Rn:5 Rt:5", LD1_single_d),
        Lsv("LD1_single_d_post_imm",  "0 Q 0011011 1 0 11111 100 0 01 Rn:5 Rt:5", LD1_single_d_post_imm),
        Lsv("LD1_single_d_post_reg",  "0 Q 0011011 1 0 Rm:5 100 0 01 Rn:5 Rt:5", LD1_single_d_post_reg),
        Lsv("LD2_single_b",           "0 Q 0011010 1 1 00000 000 S size:2 Rn:5 Rt:5", LD2_single_b),
        Lsv("LD2_single_b_post_imm",  "0 Q 0011011 1 1 11111 000 S size:2 Rn:5 Rt:5", LD2_single_b_post_imm),
        Lsv("LD2_single_b_post_reg",  "0 Q 0011011 1 1 Rm:5 000 S size:2 Rn:5 Rt:5", LD2_single_b_post_reg),
        Lsv("LD2_single_h",           "0 Q 0011010 1 1 00000 010 S size1 0 Rn:5 Rt:5", LD2_single_h),
        Lsv("LD2_single_h_post_imm",  "0 Q 0011011 1 1 11111 010 S size1 0 Rn:5 Rt:5", LD2_single_h_post_imm),
        Lsv("LD2_single_h_post_reg",  "0 Q 0011011 1 1 Rm:5 010 S size1 0 Rn:5 Rt:5", LD2_single_h_post_reg),
        Lsv("LD2_single_s",           "0 Q 0011010 1 1 00000 100 S 00 Rn:5 Rt:5", LD2_single_s),
        Lsv("LD2_single_s_post_imm",  "0 Q 0011011 1 1 11111 100 S 00 Rn:5 Rt:5", LD2_single_s_post_imm),
        Lsv("LD2_single_s_post_reg",  "0 Q 0011011 1 1 Rm:5 100 S 00 Rn:5 Rt:5", LD2_single_s_post_reg),
        Lsv("LD2_single_d",           "0 Q 0011010 1 1 00000 100 0 01 Rn:5 Rt:5", LD2_single_d),
        Lsv("LD2_single_d_post_imm",  "0 Q 0011011 1 1 11111 100 0 01 Rn:5 Rt:5", LD2_single_d_post_imm),
        Lsv("LD2_single_d_post_reg",  "0 Q 0011011 1 1 Rm:5 100 0 01 Rn:5 Rt:5", LD2_single_d_post_reg),
        Lsv("LD3_single_b",           "0 Q 0011010 1 0 00000 001 S size:2 Rn:5 Rt:5", LD3_single_b),
        Lsv("LD3_single_b_post_imm",  "0 Q 0011011 1 0 11111 001 S size:2 Rn:5 Rt:5", LD3_single_b_post_imm),
        Lsv("LD3_single_b_post_reg",  "0 Q 0011011 1 0 Rm:5 001 S size:2 Rn:5 Rt:5", LD3_single_b_post_reg),
        Lsv("LD3_single_h",           "0 Q 0011010 1 0 00000 011 S size1 0 Rn:5 Rt:5", LD3_single_h),
        Lsv("LD3_single_h_post_imm",  "0 Q 0011011 1 0 11111 011 S size1 0 Rn:5 Rt:5", LD3_single_h_post_imm),
        Lsv("LD3_single_h_post_reg",  "0 Q 0011011 1 0 Rm:5 011 S size1 0 Rn:5 Rt:5", LD3_single_h_post_reg),
        Lsv("LD3_single_s",           "0 Q 0011010 1 0 00000 101 S 00 Rn:5 Rt:5", LD3_single_s),
        Lsv("LD3_single_s_post_imm",  "0 Q 0011011 1 0 11111 101 S 00 Rn:5 Rt:5", LD3_single_s_post_imm),
        Lsv("LD3_single_s_post_reg",  "0 Q 0011011 1 0 Rm:5 101 S 00 Rn:5 Rt:5", LD3_single_s_post_reg),
        Lsv("LD3_single_d",           "0 Q 0011010 1 0 00000 101 0 01 Rn:5 Rt:5", LD3_single_d),
        Lsv("LD3_single_d_post_imm",  "0 Q 0011011 1 0 11111 101 0 01 Rn:5 Rt:5", LD3_single_d_post_imm),
        Lsv("LD3_single_d_post_reg",  "0 Q 0011011 1 0 Rm:5 101 0 01 Rn:5 Rt:5", LD3_single_d_post_reg),
        Lsv("LD4_single_b",           "0 Q 0011010 1 1 00000 001 S size:2 Rn:5 Rt:5", LD4_single_b),
        Lsv("LD4_single_b_post_imm",  "0 Q 0011011 1 1 11111 001 S size:2 Rn:5 Rt:5", LD4_single_b_post_imm),
        Lsv("LD4_single_b_post_reg",  "0 Q 0011011 1 1 Rm:5 001 S size:2 Rn:5 Rt:5", LD4_single_b_post_reg),
        Lsv("LD4_single_h",           "0 Q 0011010 1 1 00000 011 S size1 0 Rn:5 Rt:5", LD4_single_h),
        Lsv("LD4_single_h_post_imm",  "0 Q 0011011 1 1 11111 011 S size1 0 Rn:5 Rt:5", LD4_single_h_post_imm),
        Lsv("LD4_single_h_post_reg",  "0 Q 0011011 1 1 Rm:5 011 S size1 0 Rn:5 Rt:5", LD4_single_h_post_reg),
        Lsv("LD4_single_s",           "0 Q 0011010 1 1 00000 101 S 00 Rn:5 Rt:5", LD4_single_s),
        Lsv("LD4_single_s_post_imm",  "0 Q 0011011 1 1 11111 101 S 00 Rn:5 Rt:5", LD4_single_s_post_imm),
        Lsv("LD4_single_s_post_reg",  "0 Q 0011011 1 1 Rm:5 101 S 00 Rn:5 Rt:5", LD4_single_s_post_reg),
        Lsv("LD4_single_d",           "0 Q 0011010 1 1 00000 101 0 01 Rn:5 Rt:5", LD4_single_d),
        Lsv("LD4_single_d_post_imm",  "0 Q 0011011 1 1 11111 101 0 01 Rn:5 Rt:5", LD4_single_d_post_imm),
        Lsv("LD4_single_d_post_reg",  "0 Q 0011011 1 1 Rm:5 101 0 01 Rn:5 Rt:5", LD4_single_d_post_reg),

        // Advanced SIMD load single structure and replicate (and post-indexed)
        Lsv("LD1R",                   "0 Q 0011010 1 0 00000 110 0 size:2 Rn:5 Rt:5", LD1R),
        Lsv("LD1R_post_imm",          "0 Q 0011011 1 0 11111 110 0 size:2 Rn:5 Rt:5", LD1R_post_imm),
        Lsv("LD1R_post_reg",          "0 Q 0011011 1 0 Rm:5 110 0 size:2 Rn:5 Rt:5", LD1R_post_reg),
        Lsv("LD2R",                   "0 Q 0011010 1 1 00000 110 0 size:2 Rn:5 Rt:5", LD2R),
        Lsv("LD2R_post_imm",          "0 Q 0011011 1 1 11111 110 0 size:2 Rn:5 Rt:5", LD2R_post_imm),
        Lsv("LD2R_post_reg",          "0 Q 0011011 1 1 Rm:5 110 0 size:2 Rn:5 Rt:5", LD2R_post_reg),
        Lsv("LD3R",                   "0 Q 0011010 1 0 00000 111 0 size:2 Rn:5 Rt:5", LD3R),
        Lsv("LD3R_post_imm",          "0 Q 0011011 1 0 11111 111 0 size:2 Rn:5 Rt:5", LD3R_post_imm),
        Lsv("LD3R_post_reg",          "0 Q 0011011 1 0 Rm:5 111 0 size:2 Rn:5 Rt:5", LD3R_post_reg),
        Lsv("LD4R",                   "0 Q 0011010 1 1 00000 111 0 size:2 Rn:5 Rt:5", LD4R),
        Lsv("LD4R_post_imm",          "0 Q 0011011 1 1 11111 111 0 size:2 Rn:5 Rt:5", LD4R_post_imm),
        Lsv("LD4R_post_reg",          "0 Q 0011011 1 1 Rm:5 111 0 size:2 Rn:5 Rt:5", LD4R_post_reg),

        // Load register (literal), SIMD&FP
        Lsv("LDR_lit_fpsimd",         "opc:2 011 1 00 imm19:19 Rt:5", LDR_lit_fpsimd, LsvOpcNot11),

        // Load/store no-allocate pair (offset), SIMD&FP
        Lsv("STNP_fpsimd",            "opc:2 101 1 000 0 imm7:7 Rt2:5 Rn:5 Rt:5", STNP_fpsimd, LsvOpcNot11),
        Lsv("LDNP_fpsimd",            "opc:2 101 1 000 1 imm7:7 Rt2:5 Rn:5 Rt:5", LDNP_fpsimd, LsvOpcNot11),

        // Load/store register pair (post-indexed, offset, pre-indexed), SIMD&FP
        Lsv("STP_post_fpsimd",        "opc:2 101 1 001 0 imm7:7 Rt2:5 Rn:5 Rt:5", STP_post_fpsimd, LsvOpcNot11),
        Lsv("LDP_post_fpsimd",        "opc:2 101 1 001 1 imm7:7 Rt2:5 Rn:5 Rt:5", LDP_post_fpsimd, LsvOpcNot11),
        Lsv("STP_off_fpsimd",         "opc:2 101 1 010 0 imm7:7 Rt2:5 Rn:5 Rt:5", STP_off_fpsimd, LsvOpcNot11),
        Lsv("LDP_off_fpsimd",         "opc:2 101 1 010 1 imm7:7 Rt2:5 Rn:5 Rt:5", LDP_off_fpsimd, LsvOpcNot11),
        Lsv("STP_pre_fpsimd",         "opc:2 101 1 011 0 imm7:7 Rt2:5 Rn:5 Rt:5", STP_pre_fpsimd, LsvOpcNot11),
        Lsv("LDP_pre_fpsimd",         "opc:2 101 1 011 1 imm7:7 Rt2:5 Rn:5 Rt:5", LDP_pre_fpsimd, LsvOpcNot11),

        // Load/store register (unscaled immediate, post-indexed, pre-indexed, unsigned immediate), SIMD&FP
        Lsv("STUR_fpsimd",            "size:2 111 1 00 opc1 0 0 imm9:9 00 Rn:5 Rt:5", STUR_fpsimd, LsvSizeOpcAllocated),
        Lsv("LDUR_fpsimd",            "size:2 111 1 00 opc1 1 0 imm9:9 00 Rn:5 Rt:5", LDUR_fpsimd, LsvSizeOpcAllocated),
        Lsv("STR_imm_post_fpsimd",    "size:2 111 1 00 opc1 0 0 imm9:9 01 Rn:5 Rt:5", STR_imm_post_fpsimd, LsvSizeOpcAllocated),
        Lsv("LDR_imm_post_fpsimd",    "size:2 111 1 00 opc1 1 0 imm9:9 01 Rn:5 Rt:5", LDR_imm_post_fpsimd, LsvSizeOpcAllocated),
        Lsv("STR_imm_pre_fpsimd",     "size:2 111 1 00 opc1 0 0 imm9:9 11 Rn:5 Rt:5", STR_imm_pre_fpsimd, LsvSizeOpcAllocated),
        Lsv("LDR_imm_pre_fpsimd",     "size:2 111 1 00 opc1 1 0 imm9:9 11 Rn:5 Rt:5", LDR_imm_pre_fpsimd, LsvSizeOpcAllocated),
        Lsv("STR_imm_off_fpsimd",     "size:2 111 1 01 opc1 0 imm12:12 Rn:5 Rt:5", STR_imm_off_fpsimd, LsvSizeOpcAllocated),
        Lsv("LDR_imm_off_fpsimd",     "size:2 111 1 01 opc1 1 imm12:12 Rn:5 Rt:5", LDR_imm_off_fpsimd, LsvSizeOpcAllocated),

        // Load/store register (register offset), SIMD&FP
        Lsv("STR_reg_fpsimd",         "size:2 111 1 00 opc1 0 1 Rm:5 option:3 S 10 Rn:5 Rt:5", STR_reg_fpsimd, LsvRegOffsetAllocated),
        Lsv("LDR_reg_fpsimd",         "size:2 111 1 00 opc1 1 1 Rm:5 option:3 S 10 Rn:5 Rt:5", LDR_reg_fpsimd, LsvRegOffsetAllocated),
    ];
}
