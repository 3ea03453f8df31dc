using A64Jit.Core.Decoding;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;

namespace A64Jit.Tests.Interpretation;

/// <summary>
/// Hand-computed results of the Arm ARM pseudo-code for the integer scalar, shift and
/// by-element semantics at their edges (rounding carries out of 64 bits, shift counts of
/// ±128, saturation of the doubling multiplies, mixed-signedness accumulation), independent
/// of any other engine; and that executing them allocates nothing.
/// </summary>
[TestFixture]
public unsafe class AdvancedSimdScalarTests
{
    private const ulong Code = 0x10000;
    private const uint Qc = 1u << 27;

    private GuestMemory _memory = null!;
    private CpuContext _cpu = null!;
    private Interpreter _interp = null!;
    private CpuState* S => _cpu.State;

    [SetUp]
    public void SetUp()
    {
        _memory = new GuestMemory();
        _cpu = new CpuContext();
        _memory.Map(Code, 0x1000, MemoryPermissions.ReadExecute);
        _interp = new Interpreter(_cpu, _memory);
    }

    [TearDown]
    public void TearDown()
    {
        _memory.Dispose();
        _cpu.Dispose();
    }

    /// <summary>Runs one instruction with V0, V1, V2 preset and FPSR clear; returns V0.</summary>
    private UInt128 Exec(uint word, UInt128 v0, UInt128 v1, UInt128 v2 = default)
    {
        _memory.WriteU32Privileged(Code, word);
        S->PC = Code;
        S->Fpsr = 0;
        _cpu.SetV(0, v0);
        _cpu.SetV(1, v1);
        _cpu.SetV(2, v2);
        Assert.That(_interp.Step(), Is.EqualTo(StopReason.None), Core.Disassembly.Disassembler.Format(word, Code));
        Assert.That(S->PC, Is.EqualTo(Code + 4));
        return _cpu.GetV(0);
    }

    private bool QcSet => (S->Fpsr & Qc) != 0;

    private static readonly UInt128 Junk = new(0xDEAD_BEEF_0BAD_F00D, 0x0123_4567_89AB_CDEF);

    [Test]
    public void WordsUsedHereAreTheInstructionsNamed()
    {
        (uint Word, string Text)[] words =
        [
            (0x7F402420, "urshr d0, d1, #64"), (0x5F402420, "srshr d0, d1, #64"), (0x7E62B420, "sqrdmulh h0, h1, h2"),
            (0x4FA2D820, "sqrdmulh v0.4s, v1.4s, v2.s[3]"), (0x5EE25C20, "sqrshl d0, d1, d2"), (0x7EA25C20, "uqrshl s0, s1, s2"),
            (0x7F0F6420, "sqshlu b0, b1, #7"), (0x5F723820, "sqdmlal s0, h1, v2.h[7]"), (0x2F088C20, "sqrshrun v0.8b, v1.8h, #8"),
            (0x6F088C20, "sqrshrun2 v0.16b, v1.8h, #8"), (0x7E612820, "sqxtun h0, s1"), (0x5E203820, "suqadd b0, b1"),
            (0x7E203820, "usqadd b0, b1"), (0x7F405420, "sli d0, d1, #0"), (0x7F404420, "sri d0, d1, #64"),
        ];
        foreach (var (word, text) in words)
            Assert.That(Core.Disassembly.Disassembler.Format(word, 0).Replace('\t', ' '), Is.EqualTo(text));
    }

    [Test]
    public void RoundingRightShiftBy64CarriesOutOfTheElement()
    {
        // URSHR #64: (x + 2^63) >> 64 is 1 exactly when x >= 2^63.
        Assert.That(Exec(0x7F402420, Junk, ulong.MaxValue), Is.EqualTo((UInt128)1));
        Assert.That(Exec(0x7F402420, Junk, 0x8000_0000_0000_0000), Is.EqualTo((UInt128)1));
        Assert.That(Exec(0x7F402420, Junk, 0x7FFF_FFFF_FFFF_FFFF), Is.EqualTo((UInt128)0));
        // SRSHR #64: (SInt(x) + 2^63) >> 64 is always 0.
        Assert.That(Exec(0x5F402420, Junk, 0x8000_0000_0000_0000), Is.EqualTo((UInt128)0));
        Assert.That(Exec(0x5F402420, Junk, ulong.MaxValue), Is.EqualTo((UInt128)0));
        Assert.That(QcSet, Is.False);
    }

    [Test]
    public void ShiftByRegisterUsesTheSignedLowByte()
    {
        // SQRSHL d0, d1, d2: shift = SInt(d2<7:0>).
        Assert.That(Exec(0x5EE25C20, Junk, 1, 0x80), Is.EqualTo((UInt128)0));                 // -128: (1 + 2^127) >> 128
        Assert.That(Exec(0x5EE25C20, Junk, 3, new UInt128(1, 0x0100_0000_0000_00FF)), Is.EqualTo((UInt128)2)); // -1: (3 + 1) >> 1
        Assert.That(Exec(0x5EE25C20, Junk, unchecked((ulong)-3L), 0xFF), Is.EqualTo((UInt128)ulong.MaxValue)); // (-3 + 1) >> 1 = -1
        Assert.That(QcSet, Is.False);
        Assert.That(Exec(0x5EE25C20, Junk, ulong.MaxValue, 63), Is.EqualTo((UInt128)0x8000_0000_0000_0000)); // -1 << 63 fits
        Assert.That(QcSet, Is.False);
        Assert.That(Exec(0x5EE25C20, Junk, 1, 63), Is.EqualTo((UInt128)0x7FFF_FFFF_FFFF_FFFF));
        Assert.That(QcSet, Is.True);
        Assert.That(Exec(0x5EE25C20, Junk, 1, 127), Is.EqualTo((UInt128)0x7FFF_FFFF_FFFF_FFFF));
        Assert.That(QcSet, Is.True);
        Assert.That(Exec(0x5EE25C20, Junk, 0, 127), Is.EqualTo((UInt128)0));
        Assert.That(QcSet, Is.False);
        // UQRSHL s0, s1, s2 with shift -32: (2^32 - 1 + 2^31) >> 32 = 1.
        Assert.That(Exec(0x7EA25C20, Junk, 0xFFFF_FFFF, 0xFFFF_FFE0), Is.EqualTo((UInt128)1));
    }

    [Test]
    public void DoublingMultipliesSaturateOnlyAtTheMinimum()
    {
        // SQRDMULH h0, h1, h2: (2 * -32768 * -32768 + 2^15) >> 16 = 32768 -> 0x7FFF.
        Assert.That(Exec(0x7E62B420, Junk, 0x8000, 0x8000), Is.EqualTo((UInt128)0x7FFF));
        Assert.That(QcSet, Is.True);
        // (2 * -32768 * 32767 + 2^15) >> 16 = floor(-32766.5) = -32767.
        Assert.That(Exec(0x7E62B420, Junk, 0x8000, 0x7FFF), Is.EqualTo((UInt128)0x8001));
        Assert.That(QcSet, Is.False);
        // SQRDMULH v0.4s, v1.4s, v2.s[3]: lane 3 of V2 is the minimum; lanes of V1: min, 1, max, -1.
        UInt128 v1 = new(0xFFFF_FFFF_7FFF_FFFF, 0x0000_0001_8000_0000);
        UInt128 v2 = new(0x8000_0000_0000_0000, 0);
        UInt128 r = Exec(0x4FA2D820, Junk, v1, v2);
        // Lane 0: min * min -> 0x7FFFFFFF (QC). Lane 1: 2*1*min = -2^32; + 2^31 = -2^31; >> 32 = -1 -> 0xFFFFFFFF.
        // Lane 2: max * min: 2*(2^31-1)*(-2^31) + 2^31 = -2^63 + 2^32 + 2^31; >> 32 = -2^31 + 1 -> 0x80000001.
        // Lane 3: -1 * min: 2^32 + 2^31 >> 32 = 1.
        Assert.That(r, Is.EqualTo(new UInt128(0x0000_0001_8000_0001, 0xFFFF_FFFF_7FFF_FFFF)));
        Assert.That(QcSet, Is.True);
        // SQDMLAL s0, h1, v2.h[7]: 2 * min * min saturates to 0x7FFFFFFF; + 1 saturates again.
        UInt128 h7 = (UInt128)0x8000 << 112;
        Assert.That(Exec(0x5F723820, Junk & ~(UInt128)0xFFFF_FFFF | 1, 0x8000, h7), Is.EqualTo((UInt128)0x7FFF_FFFF));
        Assert.That(QcSet, Is.True);
        // Accumulator at the minimum: -2^31 + (2^31 - 1) = -1, QC from the product.
        Assert.That(Exec(0x5F723820, 0x8000_0000, 0x8000, h7), Is.EqualTo((UInt128)0xFFFF_FFFF));
        Assert.That(QcSet, Is.True);
    }

    [Test]
    public void NarrowingAndMixedSignednessSaturation()
    {
        // SQRSHRUN v0.8b, v1.8h, #8: (SInt(x) + 128) >> 8, unsigned-saturated.
        UInt128 v1 = new(0x1234_FFFF_0000_FF80, 0x007F_0080_8000_7FFF);
        // lanes 0..7: 0x7FFF -> 128, 0x8000 -> -128 -> 0 (QC), 0x0080 -> 1, 0x007F -> 0,
        //             0xFF80 -> 0, 0 -> 0, 0xFFFF -> 0, 0x1234 -> 18.
        Assert.That(Exec(0x2F088C20, Junk, v1), Is.EqualTo((UInt128)0x1200_0000_0001_0080));
        Assert.That(QcSet, Is.True);
        // The "2" form writes the upper half and keeps the lower.
        Assert.That(Exec(0x6F088C20, Junk, v1), Is.EqualTo(new UInt128(0x1200_0000_0001_0080, (ulong)Junk)));
        // SQXTUN h0, s1.
        Assert.That(Exec(0x7E612820, Junk, 0x0001_0000), Is.EqualTo((UInt128)0xFFFF));
        Assert.That(QcSet, Is.True);
        Assert.That(Exec(0x7E612820, Junk, 0xFFFF_FFFF), Is.EqualTo((UInt128)0));
        Assert.That(QcSet, Is.True);
        Assert.That(Exec(0x7E612820, Junk, 0x0000_FFFF), Is.EqualTo((UInt128)0xFFFF));
        Assert.That(QcSet, Is.False);
        // SQSHLU b0, b1, #7.
        Assert.That(Exec(0x7F0F6420, Junk, 0x01), Is.EqualTo((UInt128)0x80));
        Assert.That(QcSet, Is.False);
        Assert.That(Exec(0x7F0F6420, Junk, 0x02), Is.EqualTo((UInt128)0xFF));
        Assert.That(QcSet, Is.True);
        Assert.That(Exec(0x7F0F6420, Junk, 0xFF), Is.EqualTo((UInt128)0));
        Assert.That(QcSet, Is.True);
        // SUQADD b0, b1: signed accumulator b0 plus unsigned b1, signed saturation.
        Assert.That(Exec(0x5E203820, 0x7F, 0x01), Is.EqualTo((UInt128)0x7F));
        Assert.That(QcSet, Is.True);
        Assert.That(Exec(0x5E203820, 0x80, 0xFF), Is.EqualTo((UInt128)0x7F));
        Assert.That(QcSet, Is.False);
        // USQADD b0, b1: unsigned accumulator b0 plus signed b1, unsigned saturation.
        Assert.That(Exec(0x7E203820, 0x01, 0xFF), Is.EqualTo((UInt128)0));
        Assert.That(QcSet, Is.False);
        Assert.That(Exec(0x7E203820, 0x00, 0x80), Is.EqualTo((UInt128)0));
        Assert.That(QcSet, Is.True);
        Assert.That(Exec(0x7E203820, 0xFF, 0x01), Is.EqualTo((UInt128)0xFF));
        Assert.That(QcSet, Is.True);
    }

    [Test]
    public void ShiftAndInsertAtTheExtremes()
    {
        // SLI #0 replaces the whole element; SRI #64 keeps it. Both clear the upper half.
        Assert.That(Exec(0x7F405420, Junk, new UInt128(7, 0x1234_5678)), Is.EqualTo((UInt128)0x1234_5678));
        Assert.That(Exec(0x7F404420, Junk, new UInt128(7, 0x1234_5678)), Is.EqualTo((UInt128)(ulong)Junk));
    }

    [Test]
    public void ExecutingAllocatesNothing()
    {
        var rng = new Random(7);
        var words = new List<uint>();
        foreach (var e in Interpreter.ImplementedEncodings)
        {
            var type = Interpreter.MethodOf(e.Id)!.DeclaringType;
            if (type != typeof(AdvancedSimdScalar) && type != typeof(Crypto)) continue;
            for (int k = 0; k < 4; k++) words.Add(DifferentialTests.RandomWord(e, rng, 2 + k)!.Value);
        }
        for (int i = 0; i < words.Count && i < 1024; i++) _memory.WriteU32Privileged(Code + 4 * (ulong)i, words[i]);
        int count = Math.Min(words.Count, 1024);
        for (int i = 0; i < 32; i++) _cpu.SetV(i, new UInt128((ulong)rng.NextInt64(), (ulong)rng.NextInt64()));
        S->PC = Code;
        Assert.That(_interp.Run((ulong)count), Is.EqualTo(StopReason.BudgetExhausted)); // warm up (JIT, static tables)
        S->PC = Code;
        long before = GC.GetAllocatedBytesForCurrentThread();
        _interp.Run((ulong)count);
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.That(after - before, Is.Zero);
    }
}
