using static A64Jit.Core.Disassembly.DataProcessingRegisterDisasm;

namespace A64Jit.Core.Decoding;

public static partial class EncodingTable
{
    private static Encoding Dpr(string name, string pattern, DisasmFormatter format, Func<uint, bool>? allocated = null) =>
        new(name, EncodingGroup.DataProcessingRegister, pattern, format, allocated);

    // sf == 0 && imm6<5> == 1 is unallocated in the shifted-register forms.
    private static bool DprShiftAmountOk(uint w) => (w & 0x8000_8000u) != 0x0000_8000u;

    // Add/subtract (shifted register): shift == 11 is reserved, plus the 32-bit shift amount rule.
    private static bool DprAddSubShiftOk(uint w) => ((w >> 22) & 3) != 3 && DprShiftAmountOk(w);

    // Add/subtract (extended register): imm3 > 4 is unallocated.
    private static bool DprExtendAmountOk(uint w) => ((w >> 10) & 7) <= 4;

    private static Encoding[] DataProcessingRegister() =>
    [
        // Data-processing (2 source)
        Dpr("UDIV",    "sf 0 0 11010110 Rm:5 000010 Rn:5 Rd:5", UDIV),
        Dpr("SDIV",    "sf 0 0 11010110 Rm:5 000011 Rn:5 Rd:5", SDIV),
        Dpr("LSLV",    "sf 0 0 11010110 Rm:5 001000 Rn:5 Rd:5", LSLV),
        Dpr("LSRV",    "sf 0 0 11010110 Rm:5 001001 Rn:5 Rd:5", LSRV),
        Dpr("ASRV",    "sf 0 0 11010110 Rm:5 001010 Rn:5 Rd:5", ASRV),
        Dpr("RORV",    "sf 0 0 11010110 Rm:5 001011 Rn:5 Rd:5", RORV),
        Dpr("CRC32B",  "0 0 0 11010110 Rm:5 010000 Rn:5 Rd:5", CRC32B),
        Dpr("CRC32H",  "0 0 0 11010110 Rm:5 010001 Rn:5 Rd:5", CRC32H),
        Dpr("CRC32W",  "0 0 0 11010110 Rm:5 010010 Rn:5 Rd:5", CRC32W),
        Dpr("CRC32X",  "1 0 0 11010110 Rm:5 010011 Rn:5 Rd:5", CRC32X),
        Dpr("CRC32CB", "0 0 0 11010110 Rm:5 010100 Rn:5 Rd:5", CRC32CB),
        Dpr("CRC32CH", "0 0 0 11010110 Rm:5 010101 Rn:5 Rd:5", CRC32CH),
        Dpr("CRC32CW", "0 0 0 11010110 Rm:5 010110 Rn:5 Rd:5", CRC32CW),
        Dpr("CRC32CX", "1 0 0 11010110 Rm:5 010111 Rn:5 Rd:5", CRC32CX),

        // Data-processing (1 source)
        Dpr("RBIT",    "sf 1 0 11010110 00000 000000 Rn:5 Rd:5", RBIT),
        Dpr("REV16",   "sf 1 0 11010110 00000 000001 Rn:5 Rd:5", REV16),
        Dpr("REV_32",  "0 1 0 11010110 00000 000010 Rn:5 Rd:5", REV_32),
        Dpr("REV32",   "1 1 0 11010110 00000 000010 Rn:5 Rd:5", REV32),
        Dpr("REV_64",  "1 1 0 11010110 00000 000011 Rn:5 Rd:5", REV_64),
        Dpr("CLZ",     "sf 1 0 11010110 00000 000100 Rn:5 Rd:5", CLZ),
        Dpr("CLS",     "sf 1 0 11010110 00000 000101 Rn:5 Rd:5", CLS),

        // Logical (shifted register)
        Dpr("AND_shift",  "sf 00 01010 shift:2 0 Rm:5 imm6:6 Rn:5 Rd:5", AND_shift, DprShiftAmountOk),
        Dpr("BIC_shift",  "sf 00 01010 shift:2 1 Rm:5 imm6:6 Rn:5 Rd:5", BIC_shift, DprShiftAmountOk),
        Dpr("ORR_shift",  "sf 01 01010 shift:2 0 Rm:5 imm6:6 Rn:5 Rd:5", ORR_shift, DprShiftAmountOk),
        Dpr("ORN_shift",  "sf 01 01010 shift:2 1 Rm:5 imm6:6 Rn:5 Rd:5", ORN_shift, DprShiftAmountOk),
        Dpr("EOR_shift",  "sf 10 01010 shift:2 0 Rm:5 imm6:6 Rn:5 Rd:5", EOR_shift, DprShiftAmountOk),
        Dpr("EON_shift",  "sf 10 01010 shift:2 1 Rm:5 imm6:6 Rn:5 Rd:5", EON_shift, DprShiftAmountOk),
        Dpr("ANDS_shift", "sf 11 01010 shift:2 0 Rm:5 imm6:6 Rn:5 Rd:5", ANDS_shift, DprShiftAmountOk),
        Dpr("BICS_shift", "sf 11 01010 shift:2 1 Rm:5 imm6:6 Rn:5 Rd:5", BICS_shift, DprShiftAmountOk),

        // Add/subtract (shifted register)
        Dpr("ADD_shift",  "sf 0 0 01011 shift:2 0 Rm:5 imm6:6 Rn:5 Rd:5", ADD_shift, DprAddSubShiftOk),
        Dpr("ADDS_shift", "sf 0 1 01011 shift:2 0 Rm:5 imm6:6 Rn:5 Rd:5", ADDS_shift, DprAddSubShiftOk),
        Dpr("SUB_shift",  "sf 1 0 01011 shift:2 0 Rm:5 imm6:6 Rn:5 Rd:5", SUB_shift, DprAddSubShiftOk),
        Dpr("SUBS_shift", "sf 1 1 01011 shift:2 0 Rm:5 imm6:6 Rn:5 Rd:5", SUBS_shift, DprAddSubShiftOk),

        // Add/subtract (extended register)
        Dpr("ADD_ext",  "sf 0 0 01011 00 1 Rm:5 option:3 imm3:3 Rn:5 Rd:5", ADD_ext, DprExtendAmountOk),
        Dpr("ADDS_ext", "sf 0 1 01011 00 1 Rm:5 option:3 imm3:3 Rn:5 Rd:5", ADDS_ext, DprExtendAmountOk),
        Dpr("SUB_ext",  "sf 1 0 01011 00 1 Rm:5 option:3 imm3:3 Rn:5 Rd:5", SUB_ext, DprExtendAmountOk),
        Dpr("SUBS_ext", "sf 1 1 01011 00 1 Rm:5 option:3 imm3:3 Rn:5 Rd:5", SUBS_ext, DprExtendAmountOk),

        // Add/subtract (with carry)
        Dpr("ADC",  "sf 0 0 11010000 Rm:5 000000 Rn:5 Rd:5", ADC),
        Dpr("ADCS", "sf 0 1 11010000 Rm:5 000000 Rn:5 Rd:5", ADCS),
        Dpr("SBC",  "sf 1 0 11010000 Rm:5 000000 Rn:5 Rd:5", SBC),
        Dpr("SBCS", "sf 1 1 11010000 Rm:5 000000 Rn:5 Rd:5", SBCS),

        // Conditional compare (register)
        Dpr("CCMN_reg", "sf 0 1 11010010 Rm:5 cond:4 0 0 Rn:5 0 nzcv:4", CCMN_reg),
        Dpr("CCMP_reg", "sf 1 1 11010010 Rm:5 cond:4 0 0 Rn:5 0 nzcv:4", CCMP_reg),

        // Conditional compare (immediate)
        Dpr("CCMN_imm", "sf 0 1 11010010 imm5:5 cond:4 1 0 Rn:5 0 nzcv:4", CCMN_imm),
        Dpr("CCMP_imm", "sf 1 1 11010010 imm5:5 cond:4 1 0 Rn:5 0 nzcv:4", CCMP_imm),

        // Conditional select
        Dpr("CSEL",  "sf 0 0 11010100 Rm:5 cond:4 0 0 Rn:5 Rd:5", CSEL),
        Dpr("CSINC", "sf 0 0 11010100 Rm:5 cond:4 0 1 Rn:5 Rd:5", CSINC),
        Dpr("CSINV", "sf 1 0 11010100 Rm:5 cond:4 0 0 Rn:5 Rd:5", CSINV),
        Dpr("CSNEG", "sf 1 0 11010100 Rm:5 cond:4 0 1 Rn:5 Rd:5", CSNEG),

        // Data-processing (3 source)
        Dpr("MADD",   "sf 00 11011 000 Rm:5 0 Ra:5 Rn:5 Rd:5", MADD),
        Dpr("MSUB",   "sf 00 11011 000 Rm:5 1 Ra:5 Rn:5 Rd:5", MSUB),
        Dpr("SMADDL", "1 00 11011 001 Rm:5 0 Ra:5 Rn:5 Rd:5", SMADDL),
        Dpr("SMSUBL", "1 00 11011 001 Rm:5 1 Ra:5 Rn:5 Rd:5", SMSUBL),
        Dpr("SMULH",  "1 00 11011 010 Rm:5 0 Ra:5 Rn:5 Rd:5", SMULH),
        Dpr("UMADDL", "1 00 11011 101 Rm:5 0 Ra:5 Rn:5 Rd:5", UMADDL),
        Dpr("UMSUBL", "1 00 11011 101 Rm:5 1 Ra:5 Rn:5 Rd:5", UMSUBL),
        Dpr("UMULH",  "1 00 11011 110 Rm:5 0 Ra:5 Rn:5 Rd:5", UMULH),
    ];
}
