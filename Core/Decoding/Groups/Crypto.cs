using static A64Jit.Core.Disassembly.CryptoDisasm;

namespace A64Jit.Core.Decoding;

public static partial class EncodingTable
{
    private static Encoding Cry(string name, string pattern, DisasmFormatter format, Func<uint, bool>? allocated = null) =>
        new(name, EncodingGroup.Crypto, pattern, format, allocated);

    private static Encoding[] Crypto() =>
    [
        // Cryptographic AES (size = 00)
        Cry("AESE",   "01001110 00 10100 00100 10 Rn:5 Rd:5", AESE),
        Cry("AESD",   "01001110 00 10100 00101 10 Rn:5 Rd:5", AESD),
        Cry("AESMC",  "01001110 00 10100 00110 10 Rn:5 Rd:5", AESMC),
        Cry("AESIMC", "01001110 00 10100 00111 10 Rn:5 Rd:5", AESIMC),

        // Cryptographic three-register SHA (size = 00)
        Cry("SHA1C",     "01011110 00 0 Rm:5 0 000 00 Rn:5 Rd:5", SHA1C),
        Cry("SHA1P",     "01011110 00 0 Rm:5 0 001 00 Rn:5 Rd:5", SHA1P),
        Cry("SHA1M",     "01011110 00 0 Rm:5 0 010 00 Rn:5 Rd:5", SHA1M),
        Cry("SHA1SU0",   "01011110 00 0 Rm:5 0 011 00 Rn:5 Rd:5", SHA1SU0),
        Cry("SHA256H",   "01011110 00 0 Rm:5 0 100 00 Rn:5 Rd:5", SHA256H),
        Cry("SHA256H2",  "01011110 00 0 Rm:5 0 101 00 Rn:5 Rd:5", SHA256H2),
        Cry("SHA256SU1", "01011110 00 0 Rm:5 0 110 00 Rn:5 Rd:5", SHA256SU1),

        // Cryptographic two-register SHA (size = 00)
        Cry("SHA1H",     "01011110 00 10100 00000 10 Rn:5 Rd:5", SHA1H),
        Cry("SHA1SU1",   "01011110 00 10100 00001 10 Rn:5 Rd:5", SHA1SU1),
        Cry("SHA256SU0", "01011110 00 10100 00010 10 Rn:5 Rd:5", SHA256SU0),
    ];
}
