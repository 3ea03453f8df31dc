using System.Numerics;
using System.Security.Cryptography;
using A64Jit.Tests.Oracles;

namespace A64Jit.Tests.Interpretation;

/// <summary>
/// The cryptographic extension on known-answer vectors: FIPS-197 AES-128 (Appendix C.1)
/// encryption with AESE/AESMC and decryption with AESD/AESIMC, and the FIPS 180-4 "abc"
/// digests of SHA-1 (SHA1C/P/M/H/SU0/SU1) and SHA-256 (SHA256H/H2/SU0/SU1). Each step runs
/// in both the interpreter and Unicorn (which must agree), and the end result must be the
/// published answer. Vector additions that are not crypto instructions (round-constant
/// additions, the final state addition, the last AddRoundKey) are done by the test.
/// </summary>
[TestFixture, Category("Unicorn")]
public class CryptoTests
{
    private DifferentialHarness? _harness;

    [OneTimeSetUp]
    public void Open()
    {
        if (!Unicorn.Available) Assert.Fail("libunicorn.so.2 is not installed (the test command installs libunicorn2)");
        _harness = new DifferentialHarness();
    }

    [OneTimeTearDown]
    public void Close() => _harness?.Dispose();

    // ------------------------------------------------------------------ encodings

    private static uint Aese(int d, int n) => 0x4E284800u | (uint)n << 5 | (uint)d;
    private static uint Aesd(int d, int n) => 0x4E285800u | (uint)n << 5 | (uint)d;
    private static uint Aesmc(int d, int n) => 0x4E286800u | (uint)n << 5 | (uint)d;
    private static uint Aesimc(int d, int n) => 0x4E287800u | (uint)n << 5 | (uint)d;
    private static uint Sha3(uint opc, int d, int n, int m) => 0x5E000000u | (uint)m << 16 | opc << 12 | (uint)n << 5 | (uint)d;
    private static uint Sha2(uint opc, int d, int n) => 0x5E280800u | opc << 12 | (uint)n << 5 | (uint)d;
    private static uint Sha1c(int d, int n, int m) => Sha3(0, d, n, m);
    private static uint Sha1p(int d, int n, int m) => Sha3(1, d, n, m);
    private static uint Sha1m(int d, int n, int m) => Sha3(2, d, n, m);
    private static uint Sha1su0(int d, int n, int m) => Sha3(3, d, n, m);
    private static uint Sha256h(int d, int n, int m) => Sha3(4, d, n, m);
    private static uint Sha256h2(int d, int n, int m) => Sha3(5, d, n, m);
    private static uint Sha256su1(int d, int n, int m) => Sha3(6, d, n, m);
    private static uint Sha1h(int d, int n) => Sha2(0, d, n);
    private static uint Sha1su1(int d, int n) => Sha2(1, d, n);
    private static uint Sha256su0(int d, int n) => Sha2(2, d, n);

    [Test]
    public void EncodingsUsedHereDecodeToTheirNames()
    {
        Assert.That(Disasm(Aese(0, 1)), Is.EqualTo("aese v0.16b, v1.16b"));
        Assert.That(Disasm(Aesimc(2, 3)), Is.EqualTo("aesimc v2.16b, v3.16b"));
        Assert.That(Disasm(Sha1m(0, 1, 4)), Is.EqualTo("sha1m q0, s1, v4.4s"));
        Assert.That(Disasm(Sha256su1(5, 7, 8)), Is.EqualTo("sha256su1 v5.4s, v7.4s, v8.4s"));
        Assert.That(Disasm(Sha1h(2, 0)), Is.EqualTo("sha1h s2, s0"));
        Assert.That(Disasm(Sha256su0(5, 6)), Is.EqualTo("sha256su0 v5.4s, v6.4s"));
    }

    private static string Disasm(uint w) => Core.Disassembly.Disassembler.Format(w, 0).Replace('\t', ' ');

    // ------------------------------------------------------------------ running steps

    /// <summary>Runs <paramref name="words"/> from <paramref name="state"/> in both engines; they must agree. Returns the new state.</summary>
    private RegisterSet Run(RegisterSet state, params uint[] words)
    {
        var before = state.Clone();
        before.Pc = DifferentialHarness.CodeBase;
        var r = _harness!.RunBlock(words, before);
        Assert.That(r.OursEnd.Stopped, Is.False, r.OursEnd.Detail);
        Assert.That(r.Differences, Is.Empty, string.Join("\n", r.Differences));
        return r.Ours.Clone();
    }

    private static UInt128 Words(uint w0, uint w1, uint w2, uint w3) =>
        (UInt128)w0 | (UInt128)w1 << 32 | (UInt128)w2 << 64 | (UInt128)w3 << 96;

    private static uint Word(UInt128 v, int i) => (uint)(v >> (32 * i));

    private static UInt128 AddWords(UInt128 a, UInt128 b) =>
        Words(Word(a, 0) + Word(b, 0), Word(a, 1) + Word(b, 1), Word(a, 2) + Word(b, 2), Word(a, 3) + Word(b, 3));

    private static UInt128 FromBytes(ReadOnlySpan<byte> b)
    {
        UInt128 v = 0;
        for (int i = 15; i >= 0; i--) v = (v << 8) | b[i];
        return v;
    }

    private static byte[] ToBytes(UInt128 v)
    {
        var b = new byte[16];
        for (int i = 0; i < 16; i++) b[i] = (byte)(v >> (8 * i));
        return b;
    }

    // ------------------------------------------------------------------ AES

    /// <summary>The AES S-box for the test's key expansion: x^254 in GF(2^8) (the inverse), then the affine map.</summary>
    private static byte SubByte(byte a)
    {
        static byte Mul(byte x, byte y)
        {
            int p = 0, xx = x;
            for (int yy = y; yy != 0; yy >>= 1)
            {
                if ((yy & 1) != 0) p ^= xx;
                xx <<= 1;
                if ((xx & 0x100) != 0) xx ^= 0x11B;
            }
            return (byte)p;
        }
        byte inv = 1, b = a;
        for (int e = 254; e != 0; e >>= 1)
        {
            if ((e & 1) != 0) inv = Mul(inv, b);
            b = Mul(b, b);
        }
        if (a == 0) inv = 0;
        int s = inv;
        int r = s ^ (byte)(s << 1 | s >> 7) ^ (byte)(s << 2 | s >> 6) ^ (byte)(s << 3 | s >> 5) ^ (byte)(s << 4 | s >> 4) ^ 0x63;
        return (byte)r;
    }

    /// <summary>FIPS-197 KeyExpansion for a 128-bit key: 11 round keys as registers (byte 0 = first key byte).</summary>
    private static UInt128[] ExpandKey128(byte[] key)
    {
        var w = new byte[176];
        key.CopyTo(w, 0);
        byte rcon = 1;
        for (int i = 16; i < 176; i += 4)
        {
            byte t0 = w[i - 4], t1 = w[i - 3], t2 = w[i - 2], t3 = w[i - 1];
            if (i % 16 == 0)
            {
                (t0, t1, t2, t3) = ((byte)(SubByte(t1) ^ rcon), SubByte(t2), SubByte(t3), SubByte(t0));
                rcon = (byte)((rcon << 1) ^ ((rcon & 0x80) != 0 ? 0x1B : 0));
            }
            w[i] = (byte)(w[i - 16] ^ t0);
            w[i + 1] = (byte)(w[i - 15] ^ t1);
            w[i + 2] = (byte)(w[i - 14] ^ t2);
            w[i + 3] = (byte)(w[i - 13] ^ t3);
        }
        var keys = new UInt128[11];
        for (int r = 0; r < 11; r++) keys[r] = FromBytes(w.AsSpan(16 * r, 16));
        return keys;
    }

    [Test]
    public void Aes128EncryptsAndDecryptsTheFips197Example()
    {
        byte[] key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
        byte[] plaintext = Convert.FromHexString("00112233445566778899aabbccddeeff");
        byte[] ciphertext = Convert.FromHexString("69c4e0d86a7b0430d8cdb78070b4c55a");
        var keys = ExpandKey128(key);
        // The test's key expansion itself: the last round key of FIPS-197 Appendix C.1.
        Assert.That(Convert.ToHexStringLower(ToBytes(keys[10])), Is.EqualTo("13111d7fe3944a17f307a78b4d2b30c5"));

        // Encryption: v0 = state, v1..v11 = round keys 0..10.
        var s = new RegisterSet();
        s.V[0] = FromBytes(plaintext);
        for (int r = 0; r < 11; r++) s.V[1 + r] = keys[r];
        var program = new List<uint>();
        for (int r = 0; r < 9; r++) { program.Add(Aese(0, 1 + r)); program.Add(Aesmc(0, 0)); }
        program.Add(Aese(0, 10));
        s = Run(s, [.. program]);
        Assert.That(Convert.ToHexStringLower(ToBytes(s.V[0] ^ keys[10])), Is.EqualTo(Convert.ToHexStringLower(ciphertext)));

        // Decryption (equivalent inverse cipher): round keys 1..9 through AESIMC first.
        s = new RegisterSet();
        s.V[0] = FromBytes(ciphertext);
        for (int r = 0; r < 11; r++) s.V[1 + r] = keys[r];
        program.Clear();
        for (int r = 1; r <= 9; r++) program.Add(Aesimc(1 + r, 1 + r));
        program.Add(Aesd(0, 11));
        for (int r = 9; r >= 1; r--) { program.Add(Aesimc(0, 0)); program.Add(Aesd(0, 1 + r)); }
        s = Run(s, [.. program]);
        Assert.That(Convert.ToHexStringLower(ToBytes(s.V[0] ^ keys[0])), Is.EqualTo(Convert.ToHexStringLower(plaintext)));
    }

    [Test]
    public void AesRoundsMatchTheDotNetCipherOnRandomBlocks()
    {
        var rng = new Random(20261125);
        using var aes = System.Security.Cryptography.Aes.Create();
        for (int k = 0; k < 30; k++)
        {
            byte[] key = new byte[16], block = new byte[16];
            rng.NextBytes(key);
            rng.NextBytes(block);
            aes.Key = key;
            byte[] expected = aes.EncryptEcb(block, PaddingMode.None);
            var keys = ExpandKey128(key);
            var s = new RegisterSet();
            s.V[0] = FromBytes(block);
            for (int r = 0; r < 11; r++) s.V[1 + r] = keys[r];
            var program = new List<uint>();
            for (int r = 0; r < 9; r++) { program.Add(Aese(0, 1 + r)); program.Add(Aesmc(0, 0)); }
            program.Add(Aese(0, 10));
            s = Run(s, [.. program]);
            Assert.That(ToBytes(s.V[0] ^ keys[10]), Is.EqualTo(expected), $"block {k}");
        }
    }

    // ------------------------------------------------------------------ SHA-1

    private static uint[] PadOneBlock(ReadOnlySpan<byte> message)
    {
        Assert.That(message.Length, Is.LessThan(56));
        var block = new byte[64];
        message.CopyTo(block);
        block[message.Length] = 0x80;
        ulong bits = (ulong)message.Length * 8;
        for (int i = 0; i < 8; i++) block[63 - i] = (byte)(bits >> (8 * i));
        var w = new uint[16];
        for (int i = 0; i < 16; i++) w[i] = (uint)(block[4 * i] << 24 | block[4 * i + 1] << 16 | block[4 * i + 2] << 8 | block[4 * i + 3]);
        return w;
    }

    private static string Hex(params uint[] words) => string.Concat(words.Select(x => x.ToString("x8")));

    [TestCase("abc", "a9993e364706816aba3e25717850c26c9cd0d89d")]
    [TestCase("", "da39a3ee5e6b4b0d3255bfef95601890afd80709")]
    [TestCase("The quick brown fox jumps over the lazy dog", "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12")]
    public void Sha1DigestsAKnownMessage(string message, string digest)
    {
        byte[] bytes = System.Text.Encoding.ASCII.GetBytes(message);
        Assert.That(Convert.ToHexStringLower(SHA1.HashData(bytes)), Is.EqualTo(digest));
        uint[] w = PadOneBlock(bytes);
        uint[] h = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];

        // v0 = abcd, v1 = e, v2 = next e, v4 = W + K, v5..v8 = the message schedule (rotating).
        var s = new RegisterSet();
        s.V[0] = Words(h[0], h[1], h[2], h[3]);
        s.V[1] = h[4];
        for (int i = 0; i < 4; i++) s.V[5 + i] = Words(w[4 * i], w[4 * i + 1], w[4 * i + 2], w[4 * i + 3]);
        for (int j = 0; j < 20; j++)
        {
            uint k = j < 5 ? 0x5A827999u : j < 10 ? 0x6ED9EBA1u : j < 15 ? 0x8F1BBCDCu : 0xCA62C1D6u;
            int wa = 5 + j % 4, wb = 5 + (j + 1) % 4, wc = 5 + (j + 2) % 4, wd = 5 + (j + 3) % 4;
            s.V[4] = AddWords(s.V[wa], Words(k, k, k, k));
            uint hash = j < 5 ? Sha1c(0, 1, 4) : j < 10 ? Sha1p(0, 1, 4) : j < 15 ? Sha1m(0, 1, 4) : Sha1p(0, 1, 4);
            s = j < 16
                ? Run(s, Sha1h(2, 0), hash, Sha1su0(wa, wb, wc), Sha1su1(wa, wd))
                : Run(s, Sha1h(2, 0), hash);
            s.V[1] = s.V[2];
        }
        uint[] result =
        [
            h[0] + Word(s.V[0], 0), h[1] + Word(s.V[0], 1), h[2] + Word(s.V[0], 2), h[3] + Word(s.V[0], 3), h[4] + Word(s.V[1], 0),
        ];
        Assert.That(Hex(result), Is.EqualTo(digest));
    }

    // ------------------------------------------------------------------ SHA-256

    /// <summary>floor(x^(1/k)) for a non-negative integer.</summary>
    private static BigInteger IntegerRoot(BigInteger x, int k)
    {
        BigInteger lo = 0, hi = BigInteger.One << (int)(x.GetBitLength() / k + 1);
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (BigInteger.Pow(mid, k) <= x) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    /// <summary>The first 32 bits of the fractional part of the k-th root of <paramref name="prime"/> (FIPS 180-4 §4.2.2, §5.3.3).</summary>
    private static uint RootFraction(int prime, int k) => (uint)(IntegerRoot(new BigInteger(prime) << (32 * k), k) & uint.MaxValue);

    private static int[] Primes(int count)
    {
        var p = new List<int>();
        for (int n = 2; p.Count < count; n++)
            if (p.All(q => n % q != 0)) p.Add(n);
        return [.. p];
    }

    [TestCase("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [TestCase("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [TestCase("The quick brown fox jumps over the lazy dog", "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592")]
    public void Sha256DigestsAKnownMessage(string message, string digest)
    {
        byte[] bytes = System.Text.Encoding.ASCII.GetBytes(message);
        Assert.That(Convert.ToHexStringLower(SHA256.HashData(bytes)), Is.EqualTo(digest));
        int[] primes = Primes(64);
        uint[] kc = primes.Select(p => RootFraction(p, 3)).ToArray();
        uint[] h = primes.Take(8).Select(p => RootFraction(p, 2)).ToArray();
        Assert.That(kc[0], Is.EqualTo(0x428A2F98u));
        Assert.That(h[0], Is.EqualTo(0x6A09E667u));
        uint[] w = PadOneBlock(bytes);

        // v0 = abcd, v1 = efgh, v2 = copy of abcd, v4 = W + K, v5..v8 = the message schedule (rotating).
        var s = new RegisterSet();
        s.V[0] = Words(h[0], h[1], h[2], h[3]);
        s.V[1] = Words(h[4], h[5], h[6], h[7]);
        for (int i = 0; i < 4; i++) s.V[5 + i] = Words(w[4 * i], w[4 * i + 1], w[4 * i + 2], w[4 * i + 3]);
        for (int j = 0; j < 16; j++)
        {
            int wa = 5 + j % 4, wb = 5 + (j + 1) % 4, wc = 5 + (j + 2) % 4, wd = 5 + (j + 3) % 4;
            s.V[4] = AddWords(s.V[wa], Words(kc[4 * j], kc[4 * j + 1], kc[4 * j + 2], kc[4 * j + 3]));
            s.V[2] = s.V[0];
            s = j < 12
                ? Run(s, Sha256h(0, 1, 4), Sha256h2(1, 2, 4), Sha256su0(wa, wb), Sha256su1(wa, wc, wd))
                : Run(s, Sha256h(0, 1, 4), Sha256h2(1, 2, 4));
        }
        var result = new uint[8];
        for (int i = 0; i < 4; i++)
        {
            result[i] = h[i] + Word(s.V[0], i);
            result[4 + i] = h[4 + i] + Word(s.V[1], i);
        }
        Assert.That(Hex(result), Is.EqualTo(digest));
    }
}
