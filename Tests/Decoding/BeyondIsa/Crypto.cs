namespace A64Jit.Tests.Decoding;

public static partial class BeyondIsa
{
    /// <summary>
    /// Encodings near the Crypto group that objdump decodes but that belong to
    /// architecture extensions outside A64Jit's ISA (ARMv8.0-A plus LSE and LDAPR).
    /// </summary>
    private static readonly Pattern[] Crypto =
    [
        // Cryptographic three-register SHA512: 11001110 011 Rm 1 O 00 opcode Rn Rd
        new(0xFFE0_F800, 0xCE60_8000, "SHA512 (SHA512H, SHA512H2)"),
        new(0xFFE0_FC00, 0xCE60_8800, "SHA512 (SHA512SU1)"),
        new(0xFFE0_FC00, 0xCE60_8C00, "SHA3 (RAX1)"),
        new(0xFFE0_F800, 0xCE60_C000, "SM3 (SM3PARTW1, SM3PARTW2)"),
        new(0xFFE0_FC00, 0xCE60_C800, "SM4 (SM4EKEY)"),
        // Cryptographic four-register: 11001110 0 Op0 Rm 0 Ra Rn Rd
        new(0xFFE0_8000, 0xCE00_0000, "SHA3 (EOR3)"),
        new(0xFFE0_8000, 0xCE20_0000, "SHA3 (BCAX)"),
        new(0xFFE0_8000, 0xCE40_0000, "SM3 (SM3SS1)"),
        // XAR: 11001110 100 Rm imm6 Rn Rd
        new(0xFFE0_0000, 0xCE80_0000, "SHA3 (XAR)"),
        // Cryptographic two-register SHA512: 11001110 11000000 1000 opcode Rn Rd
        new(0xFFFF_FC00, 0xCEC0_8000, "SHA512 (SHA512SU0)"),
        new(0xFFFF_FC00, 0xCEC0_8400, "SM4 (SM4E)"),
        // Cryptographic three-register, imm2: 11001110 010 Rm 10 imm2 opcode Rn Rd
        new(0xFFE0_C000, 0xCE40_8000, "SM3 (SM3TT1A, SM3TT1B, SM3TT2A, SM3TT2B)"),
    ];
}
