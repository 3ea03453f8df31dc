using static A64Jit.Core.Disassembly.Asm;

namespace A64Jit.Core.Disassembly;

/// <summary>GNU objdump text for the Crypto group, one method per encoding of the table.</summary>
internal static class CryptoDisasm
{
    private static string B16(int n) => "v" + n + ".16b";
    private static string S4(int n) => "v" + n + ".4s";

    private static string Aes(string m, uint w) => Op(m, B16(Rd(w)), B16(Rn(w)));
    private static string Vector3(string m, uint w) => Op(m, S4(Rd(w)), S4(Rn(w)), S4(Rm(w)));
    private static string Vector2(string m, uint w) => Op(m, S4(Rd(w)), S4(Rn(w)));

    // ----- AES
    public static string AESE(uint w, ulong pc) => Aes("aese", w);
    public static string AESD(uint w, ulong pc) => Aes("aesd", w);
    public static string AESMC(uint w, ulong pc) => Aes("aesmc", w);
    public static string AESIMC(uint w, ulong pc) => Aes("aesimc", w);

    // ----- three-register SHA
    public static string SHA1C(uint w, ulong pc) => Op("sha1c", "q" + Rd(w), "s" + Rn(w), S4(Rm(w)));
    public static string SHA1P(uint w, ulong pc) => Op("sha1p", "q" + Rd(w), "s" + Rn(w), S4(Rm(w)));
    public static string SHA1M(uint w, ulong pc) => Op("sha1m", "q" + Rd(w), "s" + Rn(w), S4(Rm(w)));
    public static string SHA1SU0(uint w, ulong pc) => Vector3("sha1su0", w);
    public static string SHA256H(uint w, ulong pc) => Op("sha256h", "q" + Rd(w), "q" + Rn(w), S4(Rm(w)));
    public static string SHA256H2(uint w, ulong pc) => Op("sha256h2", "q" + Rd(w), "q" + Rn(w), S4(Rm(w)));
    public static string SHA256SU1(uint w, ulong pc) => Vector3("sha256su1", w);

    // ----- two-register SHA
    public static string SHA1H(uint w, ulong pc) => Op("sha1h", "s" + Rd(w), "s" + Rn(w));
    public static string SHA1SU1(uint w, ulong pc) => Vector2("sha1su1", w);
    public static string SHA256SU0(uint w, ulong pc) => Vector2("sha256su0", w);
}
