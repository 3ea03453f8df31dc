using static A64Jit.Core.Disassembly.BranchExceptionSystemDisasm;

namespace A64Jit.Core.Decoding;

public static partial class EncodingTable
{
    private static Encoding Bes(string name, string pattern, DisasmFormatter format, Func<uint, bool>? allocated = null) =>
        new(name, EncodingGroup.BranchExceptionSystem, pattern, format, allocated);

    private static Encoding[] BranchExceptionSystem() =>
    [
        // Reserved: permanently undefined (op0 = 0000, op1 = 000000000)
        Bes("UDF", "0000000000000000 imm16:16", UDF),

        // Conditional branch (immediate); o1 = 1 or o0 = 1 (BC.cond) is not ARMv8.0
        Bes("B_cond", "0101010 0 imm19:19 0 cond:4", B_cond),

        // Exception generation; op2 must be 000
        Bes("SVC",   "11010100 000 imm16:16 000 01", SVC),
        Bes("HVC",   "11010100 000 imm16:16 000 10", HVC),
        Bes("SMC",   "11010100 000 imm16:16 000 11", SMC),
        Bes("BRK",   "11010100 001 imm16:16 000 00", BRK),
        Bes("HLT",   "11010100 010 imm16:16 000 00", HLT),
        Bes("DCPS1", "11010100 101 imm16:16 000 01", DCPS1),
        Bes("DCPS2", "11010100 101 imm16:16 000 10", DCPS2),
        Bes("DCPS3", "11010100 101 imm16:16 000 11", DCPS3),

        // Hints: NOP..SEVL have their own behaviour, every other hint number executes as a NOP
        Bes("NOP",   "1101010100 0 00 011 0010 0000 000 11111", NOP),
        Bes("YIELD", "1101010100 0 00 011 0010 0000 001 11111", YIELD),
        Bes("WFE",   "1101010100 0 00 011 0010 0000 010 11111", WFE),
        Bes("WFI",   "1101010100 0 00 011 0010 0000 011 11111", WFI),
        Bes("SEV",   "1101010100 0 00 011 0010 0000 100 11111", SEV),
        Bes("SEVL",  "1101010100 0 00 011 0010 0000 101 11111", SEVL),
        Bes("HINT",  "1101010100 0 00 011 0010 CRm:4 op2:3 11111", HINT),

        // Barriers (CRn = 0011); op2 = 111 (SB), 011 (TCOMMIT) and 001 (DSB nXS) are later extensions
        Bes("CLREX", "1101010100 0 00 011 0011 CRm:4 010 11111", CLREX),
        Bes("DSB",   "1101010100 0 00 011 0011 CRm:4 100 11111", DSB),
        Bes("DMB",   "1101010100 0 00 011 0011 CRm:4 101 11111", DMB),
        Bes("ISB",   "1101010100 0 00 011 0011 CRm:4 110 11111", ISB),

        // PSTATE: only SPSel, DAIFSet and DAIFClr are ARMv8.0 fields
        Bes("MSR_imm", "1101010100 0 00 op1:3 0100 CRm:4 op2:3 11111", MSR_imm, MsrImmAllocated),

        // System instructions
        Bes("SYS",  "1101010100 0 01 op1:3 CRn:4 CRm:4 op2:3 Rt:5", SYS),
        Bes("SYSL", "1101010100 1 01 op1:3 CRn:4 CRm:4 op2:3 Rt:5", SYSL),

        // System register move
        Bes("MSR_reg", "1101010100 0 1 o0 op1:3 CRn:4 CRm:4 op2:3 Rt:5", MSR_reg),
        Bes("MRS",     "1101010100 1 1 o0 op1:3 CRn:4 CRm:4 op2:3 Rt:5", MRS),

        // Unconditional branch (register); the pointer-authentication forms are not ARMv8.0
        Bes("BR",   "1101011 0000 11111 000000 Rn:5 00000", BR),
        Bes("BLR",  "1101011 0001 11111 000000 Rn:5 00000", BLR),
        Bes("RET",  "1101011 0010 11111 000000 Rn:5 00000", RET),
        Bes("ERET", "1101011 0100 11111 000000 11111 00000", ERET),
        Bes("DRPS", "1101011 0101 11111 000000 11111 00000", DRPS),

        // Unconditional branch (immediate)
        Bes("B",  "0 00101 imm26:26", B),
        Bes("BL", "1 00101 imm26:26", BL),

        // Compare and branch (immediate)
        Bes("CBZ",  "sf 011010 0 imm19:19 Rt:5", CBZ),
        Bes("CBNZ", "sf 011010 1 imm19:19 Rt:5", CBNZ),

        // Test and branch (immediate)
        Bes("TBZ",  "b5 011011 0 b40:5 imm14:14 Rt:5", TBZ),
        Bes("TBNZ", "b5 011011 1 b40:5 imm14:14 Rt:5", TBNZ),
    ];

    /// <summary>MSR (immediate): SPSel (op1 = 000, op2 = 101, CRm = 000x), DAIFSet (011, 110), DAIFClr (011, 111).</summary>
    private static bool MsrImmAllocated(uint w)
    {
        uint op1 = (w >> 16) & 7, op2 = (w >> 5) & 7, crm = (w >> 8) & 15;
        if (op1 == 0) return op2 == 5 && crm <= 1;
        return op1 == 3 && op2 >= 6;
    }
}
