using static A64Jit.Core.Disassembly.LoadStoreDisasm;

namespace A64Jit.Core.Decoding;

public static partial class EncodingTable
{
    private static Encoding Ls(string name, string pattern, DisasmFormatter format, Func<uint, bool>? allocated = null) =>
        new(name, EncodingGroup.LoadStore, pattern, format, allocated);

    // Register offset forms: option<1> == 0 is unallocated.
    private static bool LsRegOption(uint w) => (w & 0x4000) != 0;

    // LDPSW: Rt == Rt2, and with writeback Rn == Rt or Rn == Rt2 (Rn != SP), are CONSTRAINED
    // UNPREDICTABLE; objdump rejects them for LDPSW (not for LDP), and so do we.
    private static bool LsLdpswOffset(uint w) => (w & 31) != ((w >> 10) & 31);
    private static bool LsLdpswWriteback(uint w)
    {
        uint t = w & 31, t2 = (w >> 10) & 31, n = (w >> 5) & 31;
        return t != t2 && (n == 31 || (n != t && n != t2));
    }

    // CASP: Rs and Rt must be even.
    private static bool LsCaspEven(uint w) => (w & 0x1_0001) == 0;

    private static Encoding[] LoadStore() =>
    [
        // Load/store exclusive register (size 001000 0 L 0 Rs o0 Rt2 Rn Rt)
        Ls("STXRB",   "00 001000 0 0 0 Rs:5 0 Rt2:5 Rn:5 Rt:5", STXRB),
        Ls("STLXRB",  "00 001000 0 0 0 Rs:5 1 Rt2:5 Rn:5 Rt:5", STLXRB),
        Ls("LDXRB",   "00 001000 0 1 0 Rs:5 0 Rt2:5 Rn:5 Rt:5", LDXRB),
        Ls("LDAXRB",  "00 001000 0 1 0 Rs:5 1 Rt2:5 Rn:5 Rt:5", LDAXRB),
        Ls("STXRH",   "01 001000 0 0 0 Rs:5 0 Rt2:5 Rn:5 Rt:5", STXRH),
        Ls("STLXRH",  "01 001000 0 0 0 Rs:5 1 Rt2:5 Rn:5 Rt:5", STLXRH),
        Ls("LDXRH",   "01 001000 0 1 0 Rs:5 0 Rt2:5 Rn:5 Rt:5", LDXRH),
        Ls("LDAXRH",  "01 001000 0 1 0 Rs:5 1 Rt2:5 Rn:5 Rt:5", LDAXRH),
        Ls("STXR",    "1 sf 001000 0 0 0 Rs:5 0 Rt2:5 Rn:5 Rt:5", STXR),
        Ls("STLXR",   "1 sf 001000 0 0 0 Rs:5 1 Rt2:5 Rn:5 Rt:5", STLXR),
        Ls("LDXR",    "1 sf 001000 0 1 0 Rs:5 0 Rt2:5 Rn:5 Rt:5", LDXR),
        Ls("LDAXR",   "1 sf 001000 0 1 0 Rs:5 1 Rt2:5 Rn:5 Rt:5", LDAXR),

        // Load/store exclusive pair (1 sz 001000 0 L 1 Rs o0 Rt2 Rn Rt)
        Ls("STXP",    "1 sf 001000 0 0 1 Rs:5 0 Rt2:5 Rn:5 Rt:5", STXP),
        Ls("STLXP",   "1 sf 001000 0 0 1 Rs:5 1 Rt2:5 Rn:5 Rt:5", STLXP),
        Ls("LDXP",    "1 sf 001000 0 1 1 Rs:5 0 Rt2:5 Rn:5 Rt:5", LDXP),
        Ls("LDAXP",   "1 sf 001000 0 1 1 Rs:5 1 Rt2:5 Rn:5 Rt:5", LDAXP),

        // Compare and swap pair (0 sz 001000 0 L 1 Rs o0 11111 Rn Rt), ARMv8.1 LSE
        Ls("CASP",    "0 sf 001000 0 L 1 Rs:5 o0 11111 Rn:5 Rt:5", CASP, LsCaspEven),

        // Load/store ordered (size 001000 1 L 0 Rs o0 Rt2 Rn Rt); o0 == 0 (LDLAR/STLLR) is LOR
        // (Rs and Rt2 should be ones; objdump ignores them for STLR*, checks Rt2 and Rs<3:0> for LDARB/LDAR,
        // and Rt2 and all of Rs for LDARH)
        Ls("STLRB",   "00 001000 1 0 0 Rs:5 1 Rt2:5 Rn:5 Rt:5", STLRB),
        Ls("LDARB",   "00 001000 1 1 0 x 1111 1 11111 Rn:5 Rt:5", LDARB),
        Ls("STLRH",   "01 001000 1 0 0 Rs:5 1 Rt2:5 Rn:5 Rt:5", STLRH),
        Ls("LDARH",   "01 001000 1 1 0 11111 1 11111 Rn:5 Rt:5", LDARH),
        Ls("STLR",    "1 sf 001000 1 0 0 Rs:5 1 Rt2:5 Rn:5 Rt:5", STLR),
        Ls("LDAR",    "1 sf 001000 1 1 0 x 1111 1 11111 Rn:5 Rt:5", LDAR),

        // Compare and swap (size 001000 1 L 1 Rs o0 11111 Rn Rt), ARMv8.1 LSE
        Ls("CASB",    "00 001000 1 L 1 Rs:5 o0 11111 Rn:5 Rt:5", CASB),
        Ls("CASH",    "01 001000 1 L 1 Rs:5 o0 11111 Rn:5 Rt:5", CASH),
        Ls("CAS",     "1 sf 001000 1 L 1 Rs:5 o0 11111 Rn:5 Rt:5", CAS),

        // Load register (literal) (opc 011 0 00 imm19 Rt)
        Ls("LDR_lit",   "0 sf 011 0 00 imm19:19 Rt:5", LDR_lit),
        Ls("LDRSW_lit", "10 011 0 00 imm19:19 Rt:5", LDRSW_lit),
        Ls("PRFM_lit",  "11 011 0 00 imm19:19 Rt:5", PRFM_lit),

        // Load/store no-allocate pair (offset) (opc 101 0 000 L imm7 Rt2 Rn Rt)
        Ls("STNP",        "sf 0 101 0 000 0 imm7:7 Rt2:5 Rn:5 Rt:5", STNP),
        Ls("LDNP",        "sf 0 101 0 000 1 imm7:7 Rt2:5 Rn:5 Rt:5", LDNP),

        // Load/store register pair (post-indexed, offset, pre-indexed) (opc 101 0 idx L imm7 Rt2 Rn Rt)
        Ls("STP_post",    "sf 0 101 0 001 0 imm7:7 Rt2:5 Rn:5 Rt:5", STP_post),
        Ls("LDP_post",    "sf 0 101 0 001 1 imm7:7 Rt2:5 Rn:5 Rt:5", LDP_post),
        Ls("LDPSW_post",  "01 101 0 001 1 imm7:7 Rt2:5 Rn:5 Rt:5", LDPSW_post, LsLdpswWriteback),
        Ls("STP_offset",  "sf 0 101 0 010 0 imm7:7 Rt2:5 Rn:5 Rt:5", STP_offset),
        Ls("LDP_offset",  "sf 0 101 0 010 1 imm7:7 Rt2:5 Rn:5 Rt:5", LDP_offset),
        Ls("LDPSW_offset", "01 101 0 010 1 imm7:7 Rt2:5 Rn:5 Rt:5", LDPSW_offset, LsLdpswOffset),
        Ls("STP_pre",     "sf 0 101 0 011 0 imm7:7 Rt2:5 Rn:5 Rt:5", STP_pre),
        Ls("LDP_pre",     "sf 0 101 0 011 1 imm7:7 Rt2:5 Rn:5 Rt:5", LDP_pre),
        Ls("LDPSW_pre",   "01 101 0 011 1 imm7:7 Rt2:5 Rn:5 Rt:5", LDPSW_pre, LsLdpswWriteback),

        // Load/store register (unscaled immediate) (size 111 0 00 opc 0 imm9 00 Rn Rt)
        Ls("STURB",   "00 111 0 00 00 0 imm9:9 00 Rn:5 Rt:5", STURB),
        Ls("LDURB",   "00 111 0 00 01 0 imm9:9 00 Rn:5 Rt:5", LDURB),
        Ls("LDURSB",  "00 111 0 00 1 opc0 0 imm9:9 00 Rn:5 Rt:5", LDURSB),
        Ls("STURH",   "01 111 0 00 00 0 imm9:9 00 Rn:5 Rt:5", STURH),
        Ls("LDURH",   "01 111 0 00 01 0 imm9:9 00 Rn:5 Rt:5", LDURH),
        Ls("LDURSH",  "01 111 0 00 1 opc0 0 imm9:9 00 Rn:5 Rt:5", LDURSH),
        Ls("STUR",    "1 sf 111 0 00 00 0 imm9:9 00 Rn:5 Rt:5", STUR),
        Ls("LDUR",    "1 sf 111 0 00 01 0 imm9:9 00 Rn:5 Rt:5", LDUR),
        Ls("LDURSW",  "10 111 0 00 10 0 imm9:9 00 Rn:5 Rt:5", LDURSW),
        Ls("PRFUM",   "11 111 0 00 10 0 imm9:9 00 Rn:5 Rt:5", PRFUM),

        // Load/store register (immediate post-indexed) (size 111 0 00 opc 0 imm9 01 Rn Rt)
        Ls("STRB_imm_post",  "00 111 0 00 00 0 imm9:9 01 Rn:5 Rt:5", STRB_imm_post),
        Ls("LDRB_imm_post",  "00 111 0 00 01 0 imm9:9 01 Rn:5 Rt:5", LDRB_imm_post),
        Ls("LDRSB_imm_post", "00 111 0 00 1 opc0 0 imm9:9 01 Rn:5 Rt:5", LDRSB_imm_post),
        Ls("STRH_imm_post",  "01 111 0 00 00 0 imm9:9 01 Rn:5 Rt:5", STRH_imm_post),
        Ls("LDRH_imm_post",  "01 111 0 00 01 0 imm9:9 01 Rn:5 Rt:5", LDRH_imm_post),
        Ls("LDRSH_imm_post", "01 111 0 00 1 opc0 0 imm9:9 01 Rn:5 Rt:5", LDRSH_imm_post),
        Ls("STR_imm_post",   "1 sf 111 0 00 00 0 imm9:9 01 Rn:5 Rt:5", STR_imm_post),
        Ls("LDR_imm_post",   "1 sf 111 0 00 01 0 imm9:9 01 Rn:5 Rt:5", LDR_imm_post),
        Ls("LDRSW_imm_post", "10 111 0 00 10 0 imm9:9 01 Rn:5 Rt:5", LDRSW_imm_post),

        // Load/store register (unprivileged) (size 111 0 00 opc 0 imm9 10 Rn Rt)
        Ls("STTRB",   "00 111 0 00 00 0 imm9:9 10 Rn:5 Rt:5", STTRB),
        Ls("LDTRB",   "00 111 0 00 01 0 imm9:9 10 Rn:5 Rt:5", LDTRB),
        Ls("LDTRSB",  "00 111 0 00 1 opc0 0 imm9:9 10 Rn:5 Rt:5", LDTRSB),
        Ls("STTRH",   "01 111 0 00 00 0 imm9:9 10 Rn:5 Rt:5", STTRH),
        Ls("LDTRH",   "01 111 0 00 01 0 imm9:9 10 Rn:5 Rt:5", LDTRH),
        Ls("LDTRSH",  "01 111 0 00 1 opc0 0 imm9:9 10 Rn:5 Rt:5", LDTRSH),
        Ls("STTR",    "1 sf 111 0 00 00 0 imm9:9 10 Rn:5 Rt:5", STTR),
        Ls("LDTR",    "1 sf 111 0 00 01 0 imm9:9 10 Rn:5 Rt:5", LDTR),
        Ls("LDTRSW",  "10 111 0 00 10 0 imm9:9 10 Rn:5 Rt:5", LDTRSW),

        // Load/store register (immediate pre-indexed) (size 111 0 00 opc 0 imm9 11 Rn Rt)
        Ls("STRB_imm_pre",   "00 111 0 00 00 0 imm9:9 11 Rn:5 Rt:5", STRB_imm_pre),
        Ls("LDRB_imm_pre",   "00 111 0 00 01 0 imm9:9 11 Rn:5 Rt:5", LDRB_imm_pre),
        Ls("LDRSB_imm_pre",  "00 111 0 00 1 opc0 0 imm9:9 11 Rn:5 Rt:5", LDRSB_imm_pre),
        Ls("STRH_imm_pre",   "01 111 0 00 00 0 imm9:9 11 Rn:5 Rt:5", STRH_imm_pre),
        Ls("LDRH_imm_pre",   "01 111 0 00 01 0 imm9:9 11 Rn:5 Rt:5", LDRH_imm_pre),
        Ls("LDRSH_imm_pre",  "01 111 0 00 1 opc0 0 imm9:9 11 Rn:5 Rt:5", LDRSH_imm_pre),
        Ls("STR_imm_pre",    "1 sf 111 0 00 00 0 imm9:9 11 Rn:5 Rt:5", STR_imm_pre),
        Ls("LDR_imm_pre",    "1 sf 111 0 00 01 0 imm9:9 11 Rn:5 Rt:5", LDR_imm_pre),
        Ls("LDRSW_imm_pre",  "10 111 0 00 10 0 imm9:9 11 Rn:5 Rt:5", LDRSW_imm_pre),

        // Atomic memory operations (size 111 0 00 A R 1 Rs o3 opc 00 Rn Rt), ARMv8.1 LSE
        Ls("LDADDB",  "00 111 0 00 A R 1 Rs:5 0 000 00 Rn:5 Rt:5", LDADDB),
        Ls("LDADDH",  "01 111 0 00 A R 1 Rs:5 0 000 00 Rn:5 Rt:5", LDADDH),
        Ls("LDADD",   "1 sf 111 0 00 A R 1 Rs:5 0 000 00 Rn:5 Rt:5", LDADD),
        Ls("LDCLRB",  "00 111 0 00 A R 1 Rs:5 0 001 00 Rn:5 Rt:5", LDCLRB),
        Ls("LDCLRH",  "01 111 0 00 A R 1 Rs:5 0 001 00 Rn:5 Rt:5", LDCLRH),
        Ls("LDCLR",   "1 sf 111 0 00 A R 1 Rs:5 0 001 00 Rn:5 Rt:5", LDCLR),
        Ls("LDEORB",  "00 111 0 00 A R 1 Rs:5 0 010 00 Rn:5 Rt:5", LDEORB),
        Ls("LDEORH",  "01 111 0 00 A R 1 Rs:5 0 010 00 Rn:5 Rt:5", LDEORH),
        Ls("LDEOR",   "1 sf 111 0 00 A R 1 Rs:5 0 010 00 Rn:5 Rt:5", LDEOR),
        Ls("LDSETB",  "00 111 0 00 A R 1 Rs:5 0 011 00 Rn:5 Rt:5", LDSETB),
        Ls("LDSETH",  "01 111 0 00 A R 1 Rs:5 0 011 00 Rn:5 Rt:5", LDSETH),
        Ls("LDSET",   "1 sf 111 0 00 A R 1 Rs:5 0 011 00 Rn:5 Rt:5", LDSET),
        Ls("LDSMAXB", "00 111 0 00 A R 1 Rs:5 0 100 00 Rn:5 Rt:5", LDSMAXB),
        Ls("LDSMAXH", "01 111 0 00 A R 1 Rs:5 0 100 00 Rn:5 Rt:5", LDSMAXH),
        Ls("LDSMAX",  "1 sf 111 0 00 A R 1 Rs:5 0 100 00 Rn:5 Rt:5", LDSMAX),
        Ls("LDSMINB", "00 111 0 00 A R 1 Rs:5 0 101 00 Rn:5 Rt:5", LDSMINB),
        Ls("LDSMINH", "01 111 0 00 A R 1 Rs:5 0 101 00 Rn:5 Rt:5", LDSMINH),
        Ls("LDSMIN",  "1 sf 111 0 00 A R 1 Rs:5 0 101 00 Rn:5 Rt:5", LDSMIN),
        Ls("LDUMAXB", "00 111 0 00 A R 1 Rs:5 0 110 00 Rn:5 Rt:5", LDUMAXB),
        Ls("LDUMAXH", "01 111 0 00 A R 1 Rs:5 0 110 00 Rn:5 Rt:5", LDUMAXH),
        Ls("LDUMAX",  "1 sf 111 0 00 A R 1 Rs:5 0 110 00 Rn:5 Rt:5", LDUMAX),
        Ls("LDUMINB", "00 111 0 00 A R 1 Rs:5 0 111 00 Rn:5 Rt:5", LDUMINB),
        Ls("LDUMINH", "01 111 0 00 A R 1 Rs:5 0 111 00 Rn:5 Rt:5", LDUMINH),
        Ls("LDUMIN",  "1 sf 111 0 00 A R 1 Rs:5 0 111 00 Rn:5 Rt:5", LDUMIN),
        Ls("SWPB",    "00 111 0 00 A R 1 Rs:5 1 000 00 Rn:5 Rt:5", SWPB),
        Ls("SWPH",    "01 111 0 00 A R 1 Rs:5 1 000 00 Rn:5 Rt:5", SWPH),
        Ls("SWP",     "1 sf 111 0 00 A R 1 Rs:5 1 000 00 Rn:5 Rt:5", SWP),
        Ls("LDAPRB",  "00 111 0 00 1 0 1 11111 1 100 00 Rn:5 Rt:5", LDAPRB),
        Ls("LDAPRH",  "01 111 0 00 1 0 1 11111 1 100 00 Rn:5 Rt:5", LDAPRH),
        Ls("LDAPR",   "1 sf 111 0 00 1 0 1 11111 1 100 00 Rn:5 Rt:5", LDAPR),

        // Load/store register (register offset) (size 111 0 00 opc 1 Rm option S 10 Rn Rt)
        Ls("STRB_reg",  "00 111 0 00 00 1 Rm:5 option:3 S 10 Rn:5 Rt:5", STRB_reg, LsRegOption),
        Ls("LDRB_reg",  "00 111 0 00 01 1 Rm:5 option:3 S 10 Rn:5 Rt:5", LDRB_reg, LsRegOption),
        Ls("LDRSB_reg", "00 111 0 00 1 opc0 1 Rm:5 option:3 S 10 Rn:5 Rt:5", LDRSB_reg, LsRegOption),
        Ls("STRH_reg",  "01 111 0 00 00 1 Rm:5 option:3 S 10 Rn:5 Rt:5", STRH_reg, LsRegOption),
        Ls("LDRH_reg",  "01 111 0 00 01 1 Rm:5 option:3 S 10 Rn:5 Rt:5", LDRH_reg, LsRegOption),
        Ls("LDRSH_reg", "01 111 0 00 1 opc0 1 Rm:5 option:3 S 10 Rn:5 Rt:5", LDRSH_reg, LsRegOption),
        Ls("STR_reg",   "1 sf 111 0 00 00 1 Rm:5 option:3 S 10 Rn:5 Rt:5", STR_reg, LsRegOption),
        Ls("LDR_reg",   "1 sf 111 0 00 01 1 Rm:5 option:3 S 10 Rn:5 Rt:5", LDR_reg, LsRegOption),
        Ls("LDRSW_reg", "10 111 0 00 10 1 Rm:5 option:3 S 10 Rn:5 Rt:5", LDRSW_reg, LsRegOption),
        Ls("PRFM_reg",  "11 111 0 00 10 1 Rm:5 option:3 S 10 Rn:5 Rt:5", PRFM_reg, LsRegOption),

        // Load/store register (unsigned immediate) (size 111 0 01 opc imm12 Rn Rt)
        Ls("STRB_imm_offset",  "00 111 0 01 00 imm12:12 Rn:5 Rt:5", STRB_imm_offset),
        Ls("LDRB_imm_offset",  "00 111 0 01 01 imm12:12 Rn:5 Rt:5", LDRB_imm_offset),
        Ls("LDRSB_imm_offset", "00 111 0 01 1 opc0 imm12:12 Rn:5 Rt:5", LDRSB_imm_offset),
        Ls("STRH_imm_offset",  "01 111 0 01 00 imm12:12 Rn:5 Rt:5", STRH_imm_offset),
        Ls("LDRH_imm_offset",  "01 111 0 01 01 imm12:12 Rn:5 Rt:5", LDRH_imm_offset),
        Ls("LDRSH_imm_offset", "01 111 0 01 1 opc0 imm12:12 Rn:5 Rt:5", LDRSH_imm_offset),
        Ls("STR_imm_offset",   "1 sf 111 0 01 00 imm12:12 Rn:5 Rt:5", STR_imm_offset),
        Ls("LDR_imm_offset",   "1 sf 111 0 01 01 imm12:12 Rn:5 Rt:5", LDR_imm_offset),
        Ls("LDRSW_imm_offset", "10 111 0 01 10 imm12:12 Rn:5 Rt:5", LDRSW_imm_offset),
        Ls("PRFM_imm_offset",  "11 111 0 01 10 imm12:12 Rn:5 Rt:5", PRFM_imm_offset),
    ];
}
