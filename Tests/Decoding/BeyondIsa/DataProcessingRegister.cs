namespace A64Jit.Tests.Decoding;

public static partial class BeyondIsa
{
    /// <summary>
    /// Encodings near the DataProcessingRegister group that objdump decodes but that belong to
    /// architecture extensions outside A64Jit's ISA (ARMv8.0-A plus LSE and LDAPR).
    /// </summary>
    private static readonly Pattern[] DataProcessingRegister =
    [
        // Data-processing (2 source): sf 0 S 11010110 Rm opcode:6 Rn Rd
        new(0xFFE0_FC00, 0x9AC0_0000, "FEAT_MTE: SUBP (sf=1 S=0 opcode=000000)"),
        new(0xFFE0_FC00, 0xBAC0_0000, "FEAT_MTE: SUBPS / CMPP (sf=1 S=1 opcode=000000)"),
        new(0xFFE0_FC00, 0x9AC0_1000, "FEAT_MTE: IRG (sf=1 S=0 opcode=000100)"),
        new(0xFFE0_FC00, 0x9AC0_1400, "FEAT_MTE: GMI (sf=1 S=0 opcode=000101)"),
        new(0xFFE0_FC00, 0x9AC0_3000, "FEAT_PAuth: PACGA (sf=1 S=0 opcode=001100)"),
        new(0x7FE0_F000, 0x1AC0_6000, "FEAT_CSSC: SMAX/UMAX/SMIN/UMIN (register) (S=0 opcode=0110xx)"),

        // Data-processing (1 source): sf 1 S 11010110 opcode2:5 opcode:6 Rn Rd
        new(0x7FFF_F800, 0x5AC0_1800, "FEAT_CSSC: CTZ / CNT (S=0 opcode2=00000 opcode=00011x)"),
        new(0x7FFF_FC00, 0x5AC0_2000, "FEAT_CSSC: ABS (S=0 opcode2=00000 opcode=001000)"),
        new(0xFFFF_E000, 0xDAC1_0000, "FEAT_PAuth: PACIA/PACIB/PACDA/PACDB/AUTIA/AUTIB/AUTDA/AUTDB (sf=1 opcode2=00001 opcode=000xxx)"),
        new(0xFFFF_E3E0, 0xDAC1_23E0, "FEAT_PAuth: PACIZA..AUTDZB (sf=1 opcode2=00001 opcode=001xxx Rn=11111)"),
        new(0xFFFF_FBE0, 0xDAC1_43E0, "FEAT_PAuth: XPACI / XPACD (sf=1 opcode2=00001 opcode=01000x Rn=11111)"),

        // Rotate right into flags: sf=1 op=0 S=1 11010000 imm6 00001 Rn o2=0 mask
        new(0xFFE0_7C10, 0xBA00_0400, "FEAT_FlagM: RMIF"),
        // Evaluate into flags: sf=0 op=0 S=1 11010000 opcode2=000000 sz 0010 Rn o3=0 mask=1101
        new(0xFFFF_BC1F, 0x3A00_080D, "FEAT_FlagM: SETF8 / SETF16"),

        // Min/max (immediate) lies in the data processing (immediate) class:
        // sf 0 0 1000111 0 opc:4 imm8 Rn Rd with opc = 00xx.
        new(0x7FF0_0000, 0x11C0_0000, "FEAT_CSSC: SMAX/UMAX/SMIN/UMIN (immediate)"),
    ];
}
