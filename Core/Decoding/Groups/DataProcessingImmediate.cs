using static A64Jit.Core.Disassembly.DataProcessingImmediateDisasm;

namespace A64Jit.Core.Decoding;

public static partial class EncodingTable
{
    private static Encoding Dpi(string name, string pattern, DisasmFormatter format, Func<uint, bool>? allocated = null) =>
        new(name, EncodingGroup.DataProcessingImmediate, pattern, format, allocated);

    private static Encoding[] DataProcessingImmediate() =>
    [
        // PC-rel. addressing
        Dpi("ADR",  "0 immlo:2 10000 immhi:19 Rd:5", ADR),
        Dpi("ADRP", "1 immlo:2 10000 immhi:19 Rd:5", ADRP),

        // Add/subtract (immediate)
        Dpi("ADD_imm",  "sf 0 0 100010 sh imm12:12 Rn:5 Rd:5", ADD_imm),
        Dpi("ADDS_imm", "sf 0 1 100010 sh imm12:12 Rn:5 Rd:5", ADDS_imm),
        Dpi("SUB_imm",  "sf 1 0 100010 sh imm12:12 Rn:5 Rd:5", SUB_imm),
        Dpi("SUBS_imm", "sf 1 1 100010 sh imm12:12 Rn:5 Rd:5", SUBS_imm),

        // Logical (immediate): sf == 0 && N == 1 and DecodeBitMasks failures are unallocated
        Dpi("AND_imm",  "sf 00 100100 N immr:6 imms:6 Rn:5 Rd:5", AND_imm,  LogicalImmAllocated),
        Dpi("ORR_imm",  "sf 01 100100 N immr:6 imms:6 Rn:5 Rd:5", ORR_imm,  LogicalImmAllocated),
        Dpi("EOR_imm",  "sf 10 100100 N immr:6 imms:6 Rn:5 Rd:5", EOR_imm,  LogicalImmAllocated),
        Dpi("ANDS_imm", "sf 11 100100 N immr:6 imms:6 Rn:5 Rd:5", ANDS_imm, LogicalImmAllocated),

        // Move wide (immediate): opc == 01 is unallocated, as is hw<1> == 1 for 32 bits
        Dpi("MOVN", "sf 00 100101 hw:2 imm16:16 Rd:5", MOVN, MoveWideAllocated),
        Dpi("MOVZ", "sf 10 100101 hw:2 imm16:16 Rd:5", MOVZ, MoveWideAllocated),
        Dpi("MOVK", "sf 11 100101 hw:2 imm16:16 Rd:5", MOVK, MoveWideAllocated),

        // Bitfield: N must equal sf, and for 32 bits immr<5> and imms<5> must be zero
        Dpi("SBFM", "sf 00 100110 N immr:6 imms:6 Rn:5 Rd:5", SBFM, BitfieldAllocated),
        Dpi("BFM",  "sf 01 100110 N immr:6 imms:6 Rn:5 Rd:5", BFM,  BitfieldAllocated),
        Dpi("UBFM", "sf 10 100110 N immr:6 imms:6 Rn:5 Rd:5", UBFM, BitfieldAllocated),

        // Extract: N must equal sf, and for 32 bits imms<5> must be zero
        Dpi("EXTR", "sf 00 100111 N 0 Rm:5 imms:6 Rn:5 Rd:5", EXTR, ExtractAllocated),
    ];

    /// <summary>DecodeBitMasks' reserved cases: N:NOT(imms) has no set bit above bit 0, or the element's imms is all ones.</summary>
    private static bool LogicalImmAllocated(uint w)
    {
        uint n = (w >> 22) & 1, imms = (w >> 10) & 63;
        if ((w >> 31) == 0 && n != 0) return false;
        uint combined = (n << 6) | (~imms & 63);
        if (combined < 2) return false;
        uint levels = (1u << (31 - System.Numerics.BitOperations.LeadingZeroCount(combined))) - 1;
        return (imms & levels) != levels;
    }

    private static bool MoveWideAllocated(uint w) => (w >> 31) != 0 || ((w >> 22) & 1) == 0;

    private static bool BitfieldAllocated(uint w)
    {
        uint sf = w >> 31, n = (w >> 22) & 1;
        if (sf != n) return false;
        return sf != 0 || (w & 0x0020_8000u) == 0;
    }

    private static bool ExtractAllocated(uint w)
    {
        uint sf = w >> 31, n = (w >> 22) & 1;
        if (sf != n) return false;
        return sf != 0 || ((w >> 15) & 1) == 0;
    }
}
