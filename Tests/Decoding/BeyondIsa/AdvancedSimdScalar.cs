namespace A64Jit.Tests.Decoding;

public static partial class BeyondIsa
{
    /// <summary>
    /// Encodings near the Advanced SIMD scalar, shift-by-immediate and by-element groups that
    /// objdump decodes but that belong to architecture extensions outside A64Jit's ISA.
    /// Bit strings run from bit 31 to bit 0 (spaces ignored, x = either value).
    /// </summary>
    private static readonly Pattern[] AdvancedSimdScalar =
    [
        // Advanced SIMD scalar three same FP16: 01 U 11110 a 10 Rm 00 opcode:3 1 Rn Rd
        AssP("01 0 11110 0 10 xxxxx 00 011 1 xxxxx xxxxx", "FP16 (FMULX scalar, half)"),
        AssP("01 0 11110 0 10 xxxxx 00 100 1 xxxxx xxxxx", "FP16 (FCMEQ scalar, half)"),
        AssP("01 0 11110 0 10 xxxxx 00 111 1 xxxxx xxxxx", "FP16 (FRECPS scalar, half)"),
        AssP("01 0 11110 1 10 xxxxx 00 111 1 xxxxx xxxxx", "FP16 (FRSQRTS scalar, half)"),
        AssP("01 1 11110 0 10 xxxxx 00 100 1 xxxxx xxxxx", "FP16 (FCMGE scalar, half)"),
        AssP("01 1 11110 0 10 xxxxx 00 101 1 xxxxx xxxxx", "FP16 (FACGE scalar, half)"),
        AssP("01 1 11110 1 10 xxxxx 00 010 1 xxxxx xxxxx", "FP16 (FABD scalar, half)"),
        AssP("01 1 11110 1 10 xxxxx 00 100 1 xxxxx xxxxx", "FP16 (FCMGT scalar, half)"),
        AssP("01 1 11110 1 10 xxxxx 00 101 1 xxxxx xxxxx", "FP16 (FACGT scalar, half)"),

        // Advanced SIMD scalar two-register miscellaneous FP16: 01 U 11110 a 111100 opcode:5 10 Rn Rd
        AssP("01 0 11110 0 111100 11010 10 xxxxx xxxxx", "FP16 (FCVTNS scalar, half)"),
        AssP("01 0 11110 0 111100 11011 10 xxxxx xxxxx", "FP16 (FCVTMS scalar, half)"),
        AssP("01 0 11110 0 111100 11100 10 xxxxx xxxxx", "FP16 (FCVTAS scalar, half)"),
        AssP("01 0 11110 0 111100 11101 10 xxxxx xxxxx", "FP16 (SCVTF scalar, half)"),
        AssP("01 0 11110 1 111100 01100 10 xxxxx xxxxx", "FP16 (FCMGT zero scalar, half)"),
        AssP("01 0 11110 1 111100 01101 10 xxxxx xxxxx", "FP16 (FCMEQ zero scalar, half)"),
        AssP("01 0 11110 1 111100 01110 10 xxxxx xxxxx", "FP16 (FCMLT zero scalar, half)"),
        AssP("01 0 11110 1 111100 11010 10 xxxxx xxxxx", "FP16 (FCVTPS scalar, half)"),
        AssP("01 0 11110 1 111100 11011 10 xxxxx xxxxx", "FP16 (FCVTZS scalar, half)"),
        AssP("01 0 11110 1 111100 11101 10 xxxxx xxxxx", "FP16 (FRECPE scalar, half)"),
        AssP("01 0 11110 1 111100 11111 10 xxxxx xxxxx", "FP16 (FRECPX scalar, half)"),
        AssP("01 1 11110 0 111100 11010 10 xxxxx xxxxx", "FP16 (FCVTNU scalar, half)"),
        AssP("01 1 11110 0 111100 11011 10 xxxxx xxxxx", "FP16 (FCVTMU scalar, half)"),
        AssP("01 1 11110 0 111100 11100 10 xxxxx xxxxx", "FP16 (FCVTAU scalar, half)"),
        AssP("01 1 11110 0 111100 11101 10 xxxxx xxxxx", "FP16 (UCVTF scalar, half)"),
        AssP("01 1 11110 1 111100 01100 10 xxxxx xxxxx", "FP16 (FCMGE zero scalar, half)"),
        AssP("01 1 11110 1 111100 01101 10 xxxxx xxxxx", "FP16 (FCMLE zero scalar, half)"),
        AssP("01 1 11110 1 111100 11010 10 xxxxx xxxxx", "FP16 (FCVTPU scalar, half)"),
        AssP("01 1 11110 1 111100 11011 10 xxxxx xxxxx", "FP16 (FCVTZU scalar, half)"),
        AssP("01 1 11110 1 111100 11101 10 xxxxx xxxxx", "FP16 (FRSQRTE scalar, half)"),

        // Advanced SIMD scalar pairwise, half precision: 01 0 11110 o1 0 11000 opcode:5 10 Rn Rd
        AssP("01 0 11110 0 0 11000 01100 10 xxxxx xxxxx", "FP16 (FMAXNMP scalar, half)"),
        AssP("01 0 11110 0 0 11000 01101 10 xxxxx xxxxx", "FP16 (FADDP scalar, half)"),
        AssP("01 0 11110 0 0 11000 01111 10 xxxxx xxxxx", "FP16 (FMAXP scalar, half)"),
        AssP("01 0 11110 1 0 11000 01100 10 xxxxx xxxxx", "FP16 (FMINNMP scalar, half)"),
        AssP("01 0 11110 1 0 11000 01111 10 xxxxx xxxxx", "FP16 (FMINP scalar, half)"),

        // Advanced SIMD scalar three same extra: 01 U 11110 size 0 Rm 1 000 S 1 Rn Rd (size = 01 or 10)
        AssP("01 1 11110 01 0 xxxxx 1 000 x 1 xxxxx xxxxx", "RDM (SQRDMLAH/SQRDMLSH scalar)"),
        AssP("01 1 11110 10 0 xxxxx 1 000 x 1 xxxxx xxxxx", "RDM (SQRDMLAH/SQRDMLSH scalar)"),

        // Advanced SIMD scalar shift by immediate, half-precision fixed-point conversions (immh = 001x)
        AssP("01 x 111110 001x xxx 11100 1 xxxxx xxxxx", "FP16 (SCVTF/UCVTF fixed-point scalar, half)"),
        AssP("01 x 111110 001x xxx 11111 1 xxxxx xxxxx", "FP16 (FCVTZS/FCVTZU fixed-point scalar, half)"),

        // Advanced SIMD shift by immediate (vector), half-precision fixed-point conversions (immh = 001x)
        AssP("0 x x 011110 001x xxx 11100 1 xxxxx xxxxx", "FP16 (SCVTF/UCVTF fixed-point vector, half)"),
        AssP("0 x x 011110 001x xxx 11111 1 xxxxx xxxxx", "FP16 (FCVTZS/FCVTZU fixed-point vector, half)"),

        // Advanced SIMD scalar x indexed element: 01 U 11111 size L M Rm:4 opcode:4 H 0 Rn Rd
        AssP("01 0 11111 00 xx xxxx 0001 x 0 xxxxx xxxxx", "FP16 (FMLA by element scalar, half)"),
        AssP("01 0 11111 00 xx xxxx 0101 x 0 xxxxx xxxxx", "FP16 (FMLS by element scalar, half)"),
        AssP("01 0 11111 00 xx xxxx 1001 x 0 xxxxx xxxxx", "FP16 (FMUL by element scalar, half)"),
        AssP("01 1 11111 00 xx xxxx 1001 x 0 xxxxx xxxxx", "FP16 (FMULX by element scalar, half)"),
        AssP("01 1 11111 01 xx xxxx 11x1 x 0 xxxxx xxxxx", "RDM (SQRDMLAH/SQRDMLSH by element scalar)"),
        AssP("01 1 11111 10 xx xxxx 11x1 x 0 xxxxx xxxxx", "RDM (SQRDMLAH/SQRDMLSH by element scalar)"),

        // Advanced SIMD vector x indexed element: 0 Q U 01111 size L M Rm:4 opcode:4 H 0 Rn Rd
        AssP("0 x 0 01111 00 xx xxxx 0001 x 0 xxxxx xxxxx", "FP16 (FMLA by element, half)"),
        AssP("0 x 0 01111 00 xx xxxx 0101 x 0 xxxxx xxxxx", "FP16 (FMLS by element, half)"),
        AssP("0 x 0 01111 00 xx xxxx 1001 x 0 xxxxx xxxxx", "FP16 (FMUL by element, half)"),
        AssP("0 x 1 01111 00 xx xxxx 1001 x 0 xxxxx xxxxx", "FP16 (FMULX by element, half)"),
        AssP("0 x 1 01111 01 xx xxxx 11x1 x 0 xxxxx xxxxx", "RDM (SQRDMLAH/SQRDMLSH by element)"),
        AssP("0 x 1 01111 10 xx xxxx 11x1 x 0 xxxxx xxxxx", "RDM (SQRDMLAH/SQRDMLSH by element)"),
        AssP("0 x x 01111 10 xx xxxx 1110 x 0 xxxxx xxxxx", "DotProd (SDOT/UDOT by element)"),
        AssP("0 x 0 01111 00 xx xxxx 1111 x 0 xxxxx xxxxx", "I8MM (SUDOT by element)"),
        AssP("0 x 0 01111 10 xx xxxx 1111 x 0 xxxxx xxxxx", "I8MM (USDOT by element)"),
        AssP("0 x 0 01111 01 xx xxxx 1111 x 0 xxxxx xxxxx", "BF16 (BFDOT by element)"),
        AssP("0 x 0 01111 11 xx xxxx 1111 x 0 xxxxx xxxxx", "BF16 (BFMLALB/BFMLALT by element)"),
        AssP("0 1 1 01111 01 xx xxxx 0xx1 x 0 xxxxx xxxxx", "FCMA (FCMLA by element, half)"),
        AssP("0 0 1 01111 01 xx xxxx 0xx1 0 0 xxxxx xxxxx", "FCMA (FCMLA by element, half)"),
        AssP("0 1 1 01111 10 0x xxxx 0xx1 x 0 xxxxx xxxxx", "FCMA (FCMLA by element, single)"),
        AssP("0 x 0 01111 10 xx xxxx 0000 x 0 xxxxx xxxxx", "FHM (FMLAL by element)"),
        AssP("0 x 0 01111 10 xx xxxx 0100 x 0 xxxxx xxxxx", "FHM (FMLSL by element)"),
        AssP("0 x 1 01111 10 xx xxxx 1000 x 0 xxxxx xxxxx", "FHM (FMLAL2 by element)"),
        AssP("0 x 1 01111 10 xx xxxx 1100 x 0 xxxxx xxxxx", "FHM (FMLSL2 by element)"),
    ];

    /// <summary>A pattern from a bit string (bit 31 first; 0, 1 or x; spaces ignored).</summary>
    private static Pattern AssP(string bits, string extension)
    {
        uint mask = 0, value = 0;
        int n = 0;
        foreach (char c in bits)
        {
            if (c == ' ') continue;
            mask <<= 1; value <<= 1; n++;
            if (c == '0') mask |= 1;
            else if (c == '1') { mask |= 1; value |= 1; }
            else if (c != 'x') throw new ArgumentException($"bad bit '{c}' in '{bits}'");
        }
        if (n != 32) throw new ArgumentException($"'{bits}' has {n} bits, not 32");
        return new Pattern(mask, value, extension);
    }
}
