using A64Jit.Core.State;
using A64Jit.Core.Interpretation;
using static A64Jit.Core.Interpretation.Pseudocode;

namespace A64Jit.Tests.Interpretation;

/// <summary>The shared pseudo-code functions on values whose results the Arm ARM fixes.</summary>
[TestFixture]
public class PseudocodeTests
{
    private const uint N = NzcvBits.N, Z = NzcvBits.Z, C = NzcvBits.C, V = NzcvBits.V;

    [TestCase(0ul, 0ul, false, 64, 0ul, Z)]
    [TestCase(ulong.MaxValue, 1ul, false, 64, 0ul, Z | C)]
    [TestCase(0x7FFF_FFFF_FFFF_FFFFul, 1ul, false, 64, 0x8000_0000_0000_0000ul, N | V)]
    [TestCase(0x8000_0000_0000_0000ul, 0x8000_0000_0000_0000ul, false, 64, 0ul, Z | C | V)]
    [TestCase(ulong.MaxValue, 0ul, true, 64, 0ul, Z | C)]
    [TestCase(5ul, ~3ul, true, 64, 2ul, C)]                     // 5 - 3
    [TestCase(3ul, ~5ul, true, 64, 0xFFFF_FFFF_FFFF_FFFEul, N)] // 3 - 5
    [TestCase(0x7FFF_FFFFul, 1ul, false, 32, 0x8000_0000ul, N | V)]
    [TestCase(0xFFFF_FFFFul, 1ul, false, 32, 0ul, Z | C)]
    [TestCase(0xFFFF_FFFFul, 0xFFFF_FFFFul, true, 32, 0xFFFF_FFFFul, N | C)]
    public void AddWithCarry(ulong x, ulong y, bool carry, int datasize, ulong result, uint nzcv)
    {
        Assert.That(Pseudocode.AddWithCarry(x, y, carry, datasize, out uint flags), Is.EqualTo(result));
        Assert.That(flags, Is.EqualTo(nzcv));
    }

    [Test]
    public void DecodeBitMasksAcceptsExactlyTheArchitecturalImmediates()
    {
        // 5334 distinct 64-bit logical immediate values, 1302 distinct 32-bit ones (immr bits
        // above the element size are ignored, so several encodings give the same value).
        foreach (int datasize in new[] { 32, 64 })
        {
            var values = new HashSet<ulong>();
            for (uint n = 0; n < (datasize == 64 ? 2u : 1u); n++)
                for (uint immr = 0; immr < 64; immr++)
                    for (uint imms = 0; imms < 64; imms++)
                    {
                        if (!DecodeBitMasks(n, imms, immr, true, datasize, out ulong wmask, out _)) continue;
                        values.Add(wmask);
                        Assert.That(wmask, Is.Not.EqualTo(0ul).And.Not.EqualTo(Ones(datasize)));
                        Assert.That(wmask & ~Ones(datasize), Is.EqualTo(0ul));
                    }
            Assert.That(values.Count, Is.EqualTo(datasize == 64 ? 5334 : 1302), $"datasize {datasize}");
        }
    }

    [Test]
    public void DecodeBitMasksExamples()
    {
        // and x0, x0, #0xff: N=1 immr=0 imms=000111
        Assert.That(DecodeBitMasks(1, 0b000111, 0, true, 64, out ulong w, out _), Is.True);
        Assert.That(w, Is.EqualTo(0xFFul));
        // #0xaaaaaaaaaaaaaaaa: esize 2, one bit set, rotated by 1
        Assert.That(DecodeBitMasks(0, 0b111100, 1, true, 64, out w, out _), Is.True);
        Assert.That(w, Is.EqualTo(0xAAAA_AAAA_AAAA_AAAAul));
        // UBFX-style use (immediate = false): lsr x0, x1, #4 is UBFM immr=4 imms=63
        Assert.That(DecodeBitMasks(1, 63, 4, false, 64, out w, out ulong t), Is.True);
        Assert.That(w, Is.EqualTo(ulong.MaxValue));
        Assert.That(t, Is.EqualTo(0x0FFF_FFFF_FFFF_FFFFul));
        // All ones is reserved for immediates.
        Assert.That(DecodeBitMasks(1, 63, 0, true, 64, out _, out _), Is.False);
        // N = 1 for a 32-bit operation is unallocated.
        Assert.That(DecodeBitMasks(1, 7, 0, true, 32, out _, out _), Is.False);
    }

    [Test]
    public void ShiftsAndRotates()
    {
        Assert.That(ShiftReg(0x8000_0001, 0, 1, 32), Is.EqualTo(2ul));
        Assert.That(ShiftReg(0x8000_0001, 1, 31, 32), Is.EqualTo(1ul));
        Assert.That(ShiftReg(0x8000_0000, 2, 31, 32), Is.EqualTo(0xFFFF_FFFFul));
        Assert.That(ShiftReg(0x8000_0000_0000_0000, 2, 63, 64), Is.EqualTo(ulong.MaxValue));
        Assert.That(ShiftReg(1, 3, 1, 32), Is.EqualTo(0x8000_0000ul));
        Assert.That(ShiftReg(1, 3, 1, 64), Is.EqualTo(0x8000_0000_0000_0000ul));
        Assert.That(ShiftReg(0x1234, 3, 0, 64), Is.EqualTo(0x1234ul));
    }

    [Test]
    public void Extends()
    {
        Assert.That(ExtendReg(0x1FF, 0, 0, 64), Is.EqualTo(0xFFul));                     // UXTB
        Assert.That(ExtendReg(0x80, 4, 0, 64), Is.EqualTo(0xFFFF_FFFF_FFFF_FF80ul));     // SXTB
        Assert.That(ExtendReg(0x8000, 5, 2, 32), Is.EqualTo(0xFFFE_0000ul));             // SXTH #2
        Assert.That(ExtendReg(0xFFFF_FFFF, 6, 4, 64), Is.EqualTo(0xFFFF_FFFF_FFFF_FFF0ul)); // SXTW #4
        Assert.That(ExtendReg(0x8000_0000_0000_0001, 3, 1, 64), Is.EqualTo(2ul));        // UXTX #1
    }

    [Test]
    public void Conditions()
    {
        Assert.That(ConditionHolds(0b0000, Z), Is.True);        // EQ
        Assert.That(ConditionHolds(0b0001, Z), Is.False);       // NE
        Assert.That(ConditionHolds(0b1000, C), Is.True);        // HI
        Assert.That(ConditionHolds(0b1000, C | Z), Is.False);
        Assert.That(ConditionHolds(0b1010, N | V), Is.True);    // GE
        Assert.That(ConditionHolds(0b1011, N), Is.True);        // LT
        Assert.That(ConditionHolds(0b1100, 0), Is.True);        // GT
        Assert.That(ConditionHolds(0b1101, Z), Is.True);        // LE
        Assert.That(ConditionHolds(0b1110, 0), Is.True);        // AL
        Assert.That(ConditionHolds(0b1111, 0), Is.True);        // NV behaves as AL
    }

    /// <summary>
    /// Every condition on every NZCV value, against the Arm ARM's table of condition codes
    /// (C1.2.4): ConditionHolds reads a table built at start-up, so all 256 entries are checked.
    /// </summary>
    [Test]
    public void EveryConditionOnEveryFlagValue()
    {
        for (uint flags = 0; flags < 16; flags++)
        {
            bool n = (flags & 8) != 0, z = (flags & 4) != 0, c = (flags & 2) != 0, v = (flags & 1) != 0;
            bool[] expected =
            [
                z, !z,                      // EQ, NE
                c, !c,                      // CS, CC
                n, !n,                      // MI, PL
                v, !v,                      // VS, VC
                c && !z, !(c && !z),        // HI, LS
                n == v, n != v,             // GE, LT
                !z && n == v, z || n != v,  // GT, LE
                true, true,                 // AL, NV
            ];
            for (uint cond = 0; cond < 16; cond++)
            {
                Assert.That(ConditionHolds(cond, flags << 28), Is.EqualTo(expected[cond]), $"cond {cond:x}, NZCV {flags:b4}");
                Assert.That(ConditionHolds(cond, (flags << 28) | 0x0FFF_FFFFu), Is.EqualTo(expected[cond]), "bits below NZCV are ignored");
            }
        }
    }

    [Test]
    public void Extension()
    {
        Assert.That(SignExtend(0x80, 8), Is.EqualTo(0xFFFF_FFFF_FFFF_FF80ul));
        Assert.That(SignExtend(0x80, 8, 32), Is.EqualTo(0xFFFF_FF80ul));
        Assert.That(SignExtend(0x7F, 8), Is.EqualTo(0x7Ful));
        Assert.That(Replicate(0b01, 2, 16), Is.EqualTo(0x5555ul));
        Assert.That(ROR(0b1, 1, 8), Is.EqualTo(0x80ul));
    }
}
