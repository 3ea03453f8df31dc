using System.Numerics;
using static A64Jit.Core.Interpretation.Pseudocode;

namespace A64Jit.Core.Interpretation;

/// <summary>
/// Semantics of the cryptographic extension (AES, SHA-1, SHA-256), one method per encoding
/// of the table. A 128-bit AES state is held as in FIPS-197: byte i of the register (bits
/// 8i+7:8i) is the state byte of row i MOD 4, column i DIV 4. The SHA instructions see a
/// register as four 32-bit words, word 0 in bits 31:0.
/// </summary>
public static class Crypto
{
    // ------------------------------------------------------------------ AES

    private static readonly byte[] SBox = new byte[256];
    private static readonly byte[] InvSBox = new byte[256];

    /// <summary>Products k * x in GF(2^8) for the MixColumns coefficients k = 0..14, at [k * 256 + x].</summary>
    private static readonly byte[] Products = new byte[15 * 256];

    /// <summary>
    /// The FIPS-197 S-box, computed from its definition: the multiplicative inverse in
    /// GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 (0 maps to 0), followed by the affine
    /// transformation b ^ ROL(b,1) ^ ROL(b,2) ^ ROL(b,3) ^ ROL(b,4) ^ 0x63.
    /// </summary>
    static Crypto()
    {
        for (int a = 0; a < 256; a++)
        {
            byte inverse = 0;
            if (a != 0)
            {
                for (int b = 1; b < 256; b++)
                {
                    if (GfMul((byte)a, (byte)b) == 1) { inverse = (byte)b; break; }
                }
            }
            uint x = inverse;
            uint s = x ^ Rol8(x, 1) ^ Rol8(x, 2) ^ Rol8(x, 3) ^ Rol8(x, 4) ^ 0x63;
            SBox[a] = (byte)s;
            InvSBox[(byte)s] = (byte)a;
        }
        for (int k = 0; k < 15; k++)
            for (int x = 0; x < 256; x++)
                Products[k * 256 + x] = GfMul((byte)k, (byte)x);
    }

    private static uint Mul(int k, byte x) => Products[k * 256 + x];

    private static uint Rol8(uint x, int n) => ((x << n) | (x >> (8 - n))) & 0xFF;

    /// <summary>Multiplication in GF(2^8) with the AES polynomial 0x11B.</summary>
    private static byte GfMul(byte a, byte b)
    {
        uint p = 0, x = a;
        for (uint y = b; y != 0; y >>= 1)
        {
            if ((y & 1) != 0) p ^= x;
            x <<= 1;
            if ((x & 0x100) != 0) x ^= 0x11B;
        }
        return (byte)p;
    }

    private static byte Byte(UInt128 v, int i) => (byte)(v >> (8 * i));

    /// <summary>AESSubBytes(AESShiftRows(op)): out[r + 4c] = S[in[r + 4((c + r) MOD 4)]].</summary>
    private static UInt128 SubBytesShiftRows(UInt128 op)
    {
        UInt128 result = UInt128.Zero;
        for (int c = 0; c < 4; c++)
            for (int r = 0; r < 4; r++)
                result |= (UInt128)SBox[Byte(op, r + 4 * ((c + r) & 3))] << (8 * (r + 4 * c));
        return result;
    }

    /// <summary>AESInvSubBytes(AESInvShiftRows(op)): out[r + 4c] = S⁻¹[in[r + 4((c - r) MOD 4)]].</summary>
    private static UInt128 InvSubBytesInvShiftRows(UInt128 op)
    {
        UInt128 result = UInt128.Zero;
        for (int c = 0; c < 4; c++)
            for (int r = 0; r < 4; r++)
                result |= (UInt128)InvSBox[Byte(op, r + 4 * ((c - r) & 3))] << (8 * (r + 4 * c));
        return result;
    }

    /// <summary>AESMixColumns (coefficients 2 3 1 1) or AESInvMixColumns (14 11 13 9), column by column.</summary>
    private static UInt128 MixColumns(UInt128 op, bool inverse)
    {
        int k0 = inverse ? 14 : 2, k1 = inverse ? 11 : 3, k2 = inverse ? 13 : 1, k3 = inverse ? 9 : 1;
        UInt128 result = UInt128.Zero;
        for (int c = 0; c < 4; c++)
        {
            byte s0 = Byte(op, 4 * c), s1 = Byte(op, 4 * c + 1), s2 = Byte(op, 4 * c + 2), s3 = Byte(op, 4 * c + 3);
            uint t0 = Mul(k0, s0) ^ Mul(k1, s1) ^ Mul(k2, s2) ^ Mul(k3, s3);
            uint t1 = Mul(k3, s0) ^ Mul(k0, s1) ^ Mul(k1, s2) ^ Mul(k2, s3);
            uint t2 = Mul(k2, s0) ^ Mul(k3, s1) ^ Mul(k0, s2) ^ Mul(k1, s3);
            uint t3 = Mul(k1, s0) ^ Mul(k2, s1) ^ Mul(k3, s2) ^ Mul(k0, s3);
            result |= (UInt128)(t0 | t1 << 8 | t2 << 16 | t3 << 24) << (32 * c);
        }
        return result;
    }

    /// <summary>AESE: V[d] = AESSubBytes(AESShiftRows(V[d] EOR V[n])).</summary>
    public static Outcome AESE(ExecContext c, uint w)
    {
        int d = Rd(w);
        c.SetV(d, SubBytesShiftRows(c.V(d) ^ c.V(Rn(w))));
        return Outcome.Continue;
    }

    /// <summary>AESD: V[d] = AESInvSubBytes(AESInvShiftRows(V[d] EOR V[n])).</summary>
    public static Outcome AESD(ExecContext c, uint w)
    {
        int d = Rd(w);
        c.SetV(d, InvSubBytesInvShiftRows(c.V(d) ^ c.V(Rn(w))));
        return Outcome.Continue;
    }

    /// <summary>AESMC: V[d] = AESMixColumns(V[n]).</summary>
    public static Outcome AESMC(ExecContext c, uint w)
    {
        c.SetV(Rd(w), MixColumns(c.V(Rn(w)), inverse: false));
        return Outcome.Continue;
    }

    /// <summary>AESIMC: V[d] = AESInvMixColumns(V[n]).</summary>
    public static Outcome AESIMC(ExecContext c, uint w)
    {
        c.SetV(Rd(w), MixColumns(c.V(Rn(w)), inverse: true));
        return Outcome.Continue;
    }

    // ------------------------------------------------------------------ SHA common

    private static uint Word(UInt128 v, int e) => (uint)(v >> (32 * e));

    private static UInt128 Words(uint w0, uint w1, uint w2, uint w3) =>
        (UInt128)w0 | (UInt128)w1 << 32 | (UInt128)w2 << 64 | (UInt128)w3 << 96;

    private static uint SHAchoose(uint x, uint y, uint z) => ((y ^ z) & x) ^ z;
    private static uint SHAmajority(uint x, uint y, uint z) => (x & y) | ((x | y) & z);
    private static uint SHAparity(uint x, uint y, uint z) => x ^ y ^ z;

    // ------------------------------------------------------------------ SHA-1

    private enum Sha1Function { Choose, Parity, Majority }

    /// <summary>
    /// SHA1C/SHA1P/SHA1M: four rounds on X = V[d] (a, b, c, d in words 0-3), Y = S[n] (e) and
    /// W = V[m]: t = f(X&lt;63:32&gt;, X&lt;95:64&gt;, X&lt;127:96&gt;); Y = Y + ROL(X&lt;31:0&gt;, 5) + t + W[e];
    /// X&lt;63:32&gt; = ROL(X&lt;63:32&gt;, 30); &lt;Y, X&gt; = ROL(Y:X, 32).
    /// </summary>
    private static Outcome Sha1Hash(ExecContext c, uint w, Sha1Function f)
    {
        int d = Rd(w);
        UInt128 x = c.V(d);
        uint y = (uint)c.V(Rn(w));
        UInt128 wv = c.V(Rm(w));
        uint x0 = Word(x, 0), x1 = Word(x, 1), x2 = Word(x, 2), x3 = Word(x, 3);
        for (int e = 0; e < 4; e++)
        {
            uint t = f switch
            {
                Sha1Function.Choose => SHAchoose(x1, x2, x3),
                Sha1Function.Parity => SHAparity(x1, x2, x3),
                _ => SHAmajority(x1, x2, x3),
            };
            y = y + BitOperations.RotateLeft(x0, 5) + t + Word(wv, e);
            x1 = BitOperations.RotateLeft(x1, 30);
            // ROL(Y:X, 32) on 160 bits: Y becomes X<127:96>, X becomes X<95:0>:Y.
            uint top = x3;
            x3 = x2; x2 = x1; x1 = x0; x0 = y;
            y = top;
        }
        c.SetV(d, Words(x0, x1, x2, x3));
        return Outcome.Continue;
    }

    public static Outcome SHA1C(ExecContext c, uint w) => Sha1Hash(c, w, Sha1Function.Choose);
    public static Outcome SHA1P(ExecContext c, uint w) => Sha1Hash(c, w, Sha1Function.Parity);
    public static Outcome SHA1M(ExecContext c, uint w) => Sha1Hash(c, w, Sha1Function.Majority);

    /// <summary>SHA1H: V[d] = ZeroExtend(ROL(V[n]&lt;31:0&gt;, 30)).</summary>
    public static Outcome SHA1H(ExecContext c, uint w)
    {
        c.SetV(Rd(w), BitOperations.RotateLeft((uint)c.V(Rn(w)), 30));
        return Outcome.Continue;
    }

    /// <summary>SHA1SU0: V[d] = (V[n]&lt;63:0&gt; : V[d]&lt;127:64&gt;) EOR V[d] EOR V[m].</summary>
    public static Outcome SHA1SU0(ExecContext c, uint w)
    {
        int d = Rd(w);
        UInt128 operand1 = c.V(d), operand2 = c.V(Rn(w)), operand3 = c.V(Rm(w));
        UInt128 result = (operand2 << 64) | (operand1 >> 64);
        c.SetV(d, result ^ operand1 ^ operand3);
        return Outcome.Continue;
    }

    /// <summary>
    /// SHA1SU1: T = V[d] EOR LSR(V[n], 32); each word ROL(T[i], 1), and the top word also
    /// EOR ROL(T[0], 2).
    /// </summary>
    public static Outcome SHA1SU1(ExecContext c, uint w)
    {
        int d = Rd(w);
        UInt128 t = c.V(d) ^ (c.V(Rn(w)) >> 32);
        uint t0 = Word(t, 0), t1 = Word(t, 1), t2 = Word(t, 2), t3 = Word(t, 3);
        uint r0 = BitOperations.RotateLeft(t0, 1);
        uint r1 = BitOperations.RotateLeft(t1, 1);
        uint r2 = BitOperations.RotateLeft(t2, 1);
        uint r3 = BitOperations.RotateLeft(t3, 1) ^ BitOperations.RotateLeft(t0, 2);
        c.SetV(d, Words(r0, r1, r2, r3));
        return Outcome.Continue;
    }

    // ------------------------------------------------------------------ SHA-256

    private static uint Sigma0(uint x) => BitOperations.RotateRight(x, 2) ^ BitOperations.RotateRight(x, 13) ^ BitOperations.RotateRight(x, 22);
    private static uint Sigma1(uint x) => BitOperations.RotateRight(x, 6) ^ BitOperations.RotateRight(x, 11) ^ BitOperations.RotateRight(x, 25);

    /// <summary>
    /// SHA256hash(X, Y, W, part1): four rounds with X = (a, b, c, d) and Y = (e, f, g, h) in words 0-3;
    /// returns X for part 1, Y for part 2.
    /// </summary>
    private static UInt128 Sha256Hash(UInt128 xv, UInt128 yv, UInt128 wv, bool part1)
    {
        uint x0 = Word(xv, 0), x1 = Word(xv, 1), x2 = Word(xv, 2), x3 = Word(xv, 3);
        uint y0 = Word(yv, 0), y1 = Word(yv, 1), y2 = Word(yv, 2), y3 = Word(yv, 3);
        for (int e = 0; e < 4; e++)
        {
            uint chs = SHAchoose(y0, y1, y2);
            uint maj = SHAmajority(x0, x1, x2);
            uint t1 = y3 + Sigma1(y0) + chs + Word(wv, e);
            x3 = t1 + x3;
            y3 = t1 + Sigma0(x0) + maj;
            // ROL(Y:X, 32) on 256 bits: Y = Y<95:0>:X<127:96>, X = X<95:0>:Y<127:96>.
            uint xTop = x3, yTop = y3;
            x3 = x2; x2 = x1; x1 = x0; x0 = yTop;
            y3 = y2; y2 = y1; y1 = y0; y0 = xTop;
        }
        return part1 ? Words(x0, x1, x2, x3) : Words(y0, y1, y2, y3);
    }

    /// <summary>SHA256H: V[d] = SHA256hash(V[d], V[n], V[m], TRUE).</summary>
    public static Outcome SHA256H(ExecContext c, uint w)
    {
        int d = Rd(w);
        c.SetV(d, Sha256Hash(c.V(d), c.V(Rn(w)), c.V(Rm(w)), part1: true));
        return Outcome.Continue;
    }

    /// <summary>SHA256H2: V[d] = SHA256hash(V[n], V[d], V[m], FALSE).</summary>
    public static Outcome SHA256H2(ExecContext c, uint w)
    {
        int d = Rd(w);
        c.SetV(d, Sha256Hash(c.V(Rn(w)), c.V(d), c.V(Rm(w)), part1: false));
        return Outcome.Continue;
    }

    /// <summary>
    /// SHA256SU0: T = V[n]&lt;31:0&gt; : V[d]&lt;127:32&gt;; word e of the result is
    /// (ROR(T[e], 7) EOR ROR(T[e], 18) EOR LSR(T[e], 3)) + V[d][e].
    /// </summary>
    public static Outcome SHA256SU0(ExecContext c, uint w)
    {
        int d = Rd(w);
        UInt128 operand1 = c.V(d), operand2 = c.V(Rn(w));
        UInt128 t = ((UInt128)(uint)operand2 << 96) | (operand1 >> 32);
        Span<uint> r = stackalloc uint[4];
        for (int e = 0; e < 4; e++)
        {
            uint elt = Word(t, e);
            elt = BitOperations.RotateRight(elt, 7) ^ BitOperations.RotateRight(elt, 18) ^ (elt >> 3);
            r[e] = elt + Word(operand1, e);
        }
        c.SetV(d, Words(r[0], r[1], r[2], r[3]));
        return Outcome.Continue;
    }

    /// <summary>
    /// SHA256SU1: T0 = V[m]&lt;31:0&gt; : V[n]&lt;127:32&gt;; words 0-1 from T1 = V[m]&lt;127:64&gt;, words 2-3
    /// from the new words 0-1: sigma1(T1[i]) + V[d][e] + T0[e], sigma1(x) = ROR(x,17) EOR ROR(x,19) EOR LSR(x,10).
    /// </summary>
    public static Outcome SHA256SU1(ExecContext c, uint w)
    {
        int d = Rd(w);
        UInt128 operand1 = c.V(d), operand2 = c.V(Rn(w)), operand3 = c.V(Rm(w));
        UInt128 t0 = ((UInt128)(uint)operand3 << 96) | (operand2 >> 32);
        uint r0 = SmallSigma1(Word(operand3, 2)) + Word(operand1, 0) + Word(t0, 0);
        uint r1 = SmallSigma1(Word(operand3, 3)) + Word(operand1, 1) + Word(t0, 1);
        uint r2 = SmallSigma1(r0) + Word(operand1, 2) + Word(t0, 2);
        uint r3 = SmallSigma1(r1) + Word(operand1, 3) + Word(t0, 3);
        c.SetV(d, Words(r0, r1, r2, r3));
        return Outcome.Continue;
    }

    private static uint SmallSigma1(uint x) => BitOperations.RotateRight(x, 17) ^ BitOperations.RotateRight(x, 19) ^ (x >> 10);
}
