using A64Jit.Core.Disassembly;
using A64Jit.Core.Interpretation;
using A64Jit.Core.State;
using A64Jit.Translator;
using A64Jit.Translator.Emission;
using A64Jit.Translator.Execution;
using static A64Jit.Tests.Translation.A64;

namespace A64Jit.Tests.Translation;

/// <summary>
/// The inlined floating-point paths of translated code (taken when FPCR is default and
/// FPSR.IXC is already set, after one range test of the host result) against the interpreter:
/// operands aimed at the limits of those tests (results just below, at and above the smallest
/// normal and the largest finite value, cancellations into the subnormal range, division by
/// zero, square roots of subnormals and negatives), with FPSR.IXC set or clear and other
/// cumulative bits set, under FZ/DN/RMode; and whole programs that switch FPCR and FPSR with
/// MSR between blocks of a loop translated as a region.
/// </summary>
[TestFixture]
public unsafe class FpFastPathTests
{
    private const ulong SignD = 1ul << 63;

    private static ulong Bits(double x) => BitConverter.DoubleToUInt64Bits(x);

    private static double Dbl(ulong x) => BitConverter.UInt64BitsToDouble(x);

    /// <summary>x moved by k units in the last place (through zero and into the subnormals too).</summary>
    private static ulong Ulps(ulong x, int k)
    {
        long v = (long)(x & ~SignD);
        v += (x & SignD) != 0 ? -k : k;
        if (v < 0) return (ulong)(-v) | (~x & SignD);
        return (ulong)v | (x & SignD);
    }

    private static uint UlpsS(uint x, int k)
    {
        int v = (int)(x & 0x7FFF_FFFF);
        v += (x & 0x8000_0000) != 0 ? -k : k;
        if (v < 0) return (uint)(-v) | (~x & 0x8000_0000);
        return (uint)v | (x & 0x8000_0000);
    }

    // Result targets around the limits of the range tests: 2^-1022 (smallest normal), 2^-1021, the largest finite value, subnormals.
    private static readonly double[] TargetsD =
    [
        Math.ScaleB(1, -1022), Math.ScaleB(1, -1021), Math.ScaleB(1, -1020), double.MaxValue, Math.ScaleB(1, 1023), Math.ScaleB(1, -1060), Math.ScaleB(1, -1074), 1.0,
    ];

    private static readonly float[] TargetsS =
    [
        MathF.ScaleB(1, -126), MathF.ScaleB(1, -125), MathF.ScaleB(1, -124), float.MaxValue, MathF.ScaleB(1, 127), MathF.ScaleB(1, -140), MathF.ScaleB(1, -149), 1.0f,
    ];

    private static ulong AnyD(Random rng) => rng.Next(6) switch
    {
        0 => Bits((rng.NextDouble() + 0.5) * Math.ScaleB(1, rng.Next(-1074, 1024))) ^ ((ulong)rng.Next(2) << 63),
        1 => (ulong)rng.NextInt64() ^ ((ulong)rng.Next(2) << 63),
        2 => (ulong)rng.Next(0, 1 << 20) ^ ((ulong)rng.Next(2) << 63),                                   // subnormal or zero
        3 => new ulong[] { 0ul, SignD, 0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000, 0x7FF8_0000_0000_0000, 0x7FF4_0000_0000_0000, 0x0010_0000_0000_0000, 0x0020_0000_0000_0000 }[rng.Next(8)],
        _ => Bits((rng.NextDouble() + 0.5) * Math.ScaleB(1, rng.Next(-60, 60))) ^ ((ulong)rng.Next(2) << 63),
    };

    private static uint AnyS(Random rng) => rng.Next(6) switch
    {
        0 => BitConverter.SingleToUInt32Bits((float)((rng.NextDouble() + 0.5) * Math.ScaleB(1, rng.Next(-149, 128)))) ^ ((uint)rng.Next(2) << 31),
        1 => (uint)rng.Next() ^ ((uint)rng.Next(2) << 31),
        2 => (uint)rng.Next(0, 1 << 12) ^ ((uint)rng.Next(2) << 31),
        3 => new uint[] { 0u, 0x8000_0000, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0x7FA0_0000, 0x0080_0000, 0x0100_0000 }[rng.Next(8)],
        _ => BitConverter.SingleToUInt32Bits((float)((rng.NextDouble() + 0.5) * Math.ScaleB(1, rng.Next(-30, 30)))) ^ ((uint)rng.Next(2) << 31),
    };

    /// <summary>Operands (a, b, c) of one kind of operation whose exact result lands next to a target.</summary>
    private static (ulong a, ulong b, ulong c) OperandsD(Random rng, char kind)
    {
        ulong a = AnyD(rng), b = AnyD(rng), c = AnyD(rng);
        if (rng.Next(4) == 0) return (a, b, c);
        double t = TargetsD[rng.Next(TargetsD.Length)] * (rng.Next(2) == 0 ? 1 : -1);
        double x = (rng.NextDouble() + 0.5) * Math.ScaleB(1, rng.Next(-500, 500));
        int k = rng.Next(-3, 4);
        switch (kind)
        {
            case 'm': a = Bits(x); b = Ulps(Bits(t / x), k); break;                               // a * b near t
            case 'd': a = Ulps(Bits(t * x), k); b = Bits(x); break;                               // a / b near t
            case 'a': a = Bits(x); b = Ulps(Bits(t - x), k); break;                               // a + b near t
            case 'f':                                                                              // c + a * b near t
                a = Bits(x); b = Bits((rng.NextDouble() + 0.5) * Math.ScaleB(1, rng.Next(-520, 500)));
                c = Ulps(Bits(t - Dbl(a) * Dbl(b)), k);
                break;
            case 'q': a = Ulps(Bits(t * Math.Abs(t)), k); break;                                  // sqrt(a) near |t|
        }
        return (a, b, c);
    }

    private static (uint a, uint b, uint c) OperandsS(Random rng, char kind)
    {
        uint a = AnyS(rng), b = AnyS(rng), c = AnyS(rng);
        if (rng.Next(4) == 0) return (a, b, c);
        float t = TargetsS[rng.Next(TargetsS.Length)] * (rng.Next(2) == 0 ? 1 : -1);
        float x = (float)((rng.NextDouble() + 0.5) * Math.ScaleB(1, rng.Next(-60, 60)));
        int k = rng.Next(-3, 4);
        uint B(float v) => BitConverter.SingleToUInt32Bits(v);
        switch (kind)
        {
            case 'm': a = B(x); b = UlpsS(B(t / x), k); break;
            case 'd': a = UlpsS(B(t * x), k); b = B(x); break;
            case 'a': a = B(x); b = UlpsS(B(t - x), k); break;
            case 'f':
                a = B(x); b = B((float)((rng.NextDouble() + 0.5) * Math.ScaleB(1, rng.Next(-70, 60))));
                c = UlpsS(B((float)(t - (double)BitConverter.UInt32BitsToSingle(a) * BitConverter.UInt32BitsToSingle(b))), k);
                break;
            case 'q': a = UlpsS(B(t * MathF.Abs(t)), k); break;
        }
        return (a, b, c);
    }

    /// <summary>FPSR before the instruction: mostly IXC (the inlined path), sometimes clear, sometimes other cumulative bits.</summary>
    private static uint RandomFpsr(Random rng) => rng.Next(8) switch
    {
        0 => 0,
        1 => (uint)rng.Next(0x100) & 0x9F,
        2 => FPCore.IXC | FPCore.UFC,
        _ => FPCore.IXC,
    };

    /// <summary>FPCR: mostly the default, else FZ, DN, a rounding mode or a mix.</summary>
    private static uint RandomFpcr(Random rng) => rng.Next(6) switch
    {
        0 => (uint)rng.Next(8) << 22 | (uint)rng.Next(2) << 25,
        1 => FPCore.FZ,
        _ => 0,
    };

    /// <summary>Every scalar and vector arithmetic word with an inlined path, over operands aimed at the limits of its range test.</summary>
    [Test]
    public void InlinedArithmeticAgreesWithTheInterpreterNearItsLimits()
    {
        // d = 0, n = 1, m = 2, a = 3; kind: a add/sub, m mul, d div, f fused, q sqrt.
        var words = new List<(uint w, char kind)>();
        foreach (uint ft in new[] { 0u, 1u })
        {
            uint f = ft << 22, regs = 2u << 16 | 1u << 5;
            words.Add((Check("FADD_scalar", 0x1E202800 | f | regs), 'a'));
            words.Add((Check("FSUB_scalar", 0x1E203800 | f | regs), 'a'));
            words.Add((Check("FMUL_scalar", 0x1E200800 | f | regs), 'm'));
            words.Add((Check("FNMUL_scalar", 0x1E208800 | f | regs), 'm'));
            words.Add((Check("FDIV_scalar", 0x1E201800 | f | regs), 'd'));
            words.Add((Check("FMADD", 0x1F000000 | f | regs | 3u << 10), 'f'));
            words.Add((Check("FMSUB", 0x1F008000 | f | regs | 3u << 10), 'f'));
            words.Add((Check("FNMADD", 0x1F200000 | f | regs | 3u << 10), 'f'));
            words.Add((Check("FNMSUB", 0x1F208000 | f | regs | 3u << 10), 'f'));
            words.Add((Check("FSQRT_scalar", 0x1E21C000 | f | 1u << 5), 'q'));
            words.Add((Check("FADD_vector", 0x4E20D400 | f | regs), 'a'));
            words.Add((Check("FSUB_vector", 0x4EA0D400 | f | regs), 'a'));
            words.Add((Check("FABD_vector", 0x6EA0D400 | f | regs), 'a'));
            words.Add((Check("FMUL_vector", 0x6E20DC00 | f | regs), 'm'));
            words.Add((Check("FDIV_vector", 0x6E20FC00 | f | regs), 'd'));
            words.Add((Check("FMLA_vector", 0x4E20CC00 | f | regs | 3), 'f'));
            words.Add((Check("FMLS_vector", 0x4EA0CC00 | f | regs | 3), 'f'));
            if (ft == 0)
            {
                words.Add((Check("FADD_vector", 0x0E20D400 | regs), 'a'));                 // 2S
                words.Add((Check("FMUL_vector", 0x2E20DC00 | regs), 'm'));
                words.Add((Check("FDIV_vector", 0x2E20FC00 | regs), 'd'));
                words.Add((Check("FMLA_vector", 0x0E20CC00 | regs | 3), 'f'));
            }
        }
        using var jit = new TestCore();
        using var reference = new TestCore();
        var rng = new Random(31);
        int runs = 0, nearMinNormal = 0, subnormal = 0, infinite = 0;
        const int PerWord = 2_500;
        foreach (var (w, kind) in words)
        {
            bool dbl = ((w >> 22) & 1) != 0, vector = ((w >> 28) & 1) == 0, fused = kind == 'f';
            int d = vector && fused ? 3 : 0;
            jit.Memory.WritePrivileged(TestCore.CodeBase, new byte[TestCore.CodeSize]);
            jit.Write(TestCore.CodeBase, w, B(0));
            using var engine = new TranslatedEngine(jit.State, jit.Memory, new TranslatorOptions { Native = NativeSwitches.AllNative(), MaxBlockInstructions = 1, MaxRegionBlocks = 1 });
            for (int k = 0; k < PerWord; k++)
            {
                var s = jit.State;
                *s = default;
                // Each 64-bit half gets its own operands (two double lanes or two pairs of single lanes).
                for (int half = 0; half < 2; half++)
                {
                    ulong a, b, c;
                    if (dbl) (a, b, c) = OperandsD(rng, kind);
                    else
                    {
                        var (a0, b0, c0) = OperandsS(rng, kind);
                        var (a1, b1, c1) = OperandsS(rng, kind);
                        (a, b, c) = (a0 | (ulong)a1 << 32, b0 | (ulong)b1 << 32, c0 | (ulong)c1 << 32);
                    }
                    // Scalar FMADD: d = a + n * m with a in V3; vector FMLA: V3 += V1 * V2.
                    s->V[2 + half] = a;
                    s->V[4 + half] = b;
                    s->V[6 + half] = c;
                }
                s->V[0] = ~0ul; s->V[1] = ~0ul;
                s->Fpcr = RandomFpcr(rng);
                s->Fpsr = RandomFpsr(rng);
                s->PC = TestCore.CodeBase;
                reference.CopyFrom(jit);
                var r = engine.StepBlock();
                var rr = new Interpreter(reference.State, reference.Memory).Step();
                string diff = r != rr ? $"stop {r} vs {rr}\n" : "";
                diff += TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter");
                if (diff.Length != 0)
                {
                    var t = reference.State;
                    Assert.Fail($"{w:x8} {Disassembler.Format(w, TestCore.CodeBase)} V1 {t->V[3]:x16}:{t->V[2]:x16} V2 {t->V[5]:x16}:{t->V[4]:x16} " +
                                $"V3 {t->V[7]:x16}:{t->V[6]:x16} FPCR 0x{t->Fpcr:x}:\n{diff}");
                }
                // What the interpreter produced in the low lane: count the results at the limits, so the test is known to reach them.
                ulong res = reference.State->V[2 * d];
                uint exp = dbl ? (uint)(res >> 52) & 0x7FF : (uint)(res >> 23) & 0xFF;
                uint maxExp = dbl ? 0x7FFu : 0xFFu;
                bool nonzero = dbl ? (res << 1) != 0 : ((uint)res << 1) != 0;
                if (exp is 1 or 2) nearMinNormal++;
                if (exp == 0 && nonzero) subnormal++;
                if (exp == maxExp) infinite++;
                runs++;
            }
            Assert.That(engine.Stats.NativeInstructionsTranslated, Is.EqualTo(1), $"{Disassembler.Format(w, TestCore.CodeBase)} is native");
        }
        TestContext.Out.WriteLine($"{runs} runs of {words.Count} words; results near the smallest normal {nearMinNormal}, subnormal {subnormal}, infinite or NaN {infinite}");
        Assert.That(nearMinNormal, Is.GreaterThan(runs / 50));
        Assert.That(subnormal, Is.GreaterThan(runs / 50));
        Assert.That(infinite, Is.GreaterThan(runs / 50));
    }

    // System register encodings (MSR/MRS FPCR, FPSR).
    private static uint MsrFpcr(int t) => Check("MSR_reg", 0xD51B4400u | (uint)t);
    private static uint MsrFpsr(int t) => Check("MSR_reg", 0xD51B4420u | (uint)t);
    private static uint MrsFpsr(int t) => Check("MRS", 0xD53B4420u | (uint)t);
    private static uint FpD(string name, uint op, int d, int n, int m) => Check(name, op | 1u << 22 | (uint)m << 16 | (uint)n << 5 | (uint)d);
    private static uint FpS(string name, uint op, int d, int n, int m) => Check(name, op | (uint)m << 16 | (uint)n << 5 | (uint)d);
    private static uint LdrDReg(int t, int n, int m) => Check("LDR_reg_fpsimd", 0xFC607800u | (uint)m << 16 | (uint)n << 5 | (uint)t);   // LDR Dt, [Xn, Xm, LSL #3]
    private static uint LdrQReg(int t, int n, int m) => Check("LDR_reg_fpsimd", 0x3CE07800u | (uint)m << 16 | (uint)n << 5 | (uint)t);   // LDR Qt, [Xn, Xm, LSL #4]
    private static uint LdrXRegScaled(int t, int n, int m) => Check("LDR_reg", 0xF8607800u | (uint)m << 16 | (uint)n << 5 | (uint)t);    // LDR Xt, [Xn, Xm, LSL #3]
    private static uint StrQPost(int t, int n) => Check("STR_imm_post_fpsimd", 0x3C800400u | 16u << 12 | (uint)n << 5 | (uint)t);     // STR Qt, [Xn], #16
    private static uint StrXPost(int t, int n) => Check("STR_imm_post", 0xF8000400u | 8u << 12 | (uint)n << 5 | (uint)t);             // STR Xt, [Xn], #8
    private static uint AndImm63(int d, int n) => Check("AND_imm", 0x92400000u | 5u << 10 | (uint)n << 5 | (uint)d);                   // AND Xd, Xn, #63

    /// <summary>
    /// A loop whose blocks are separated by MSR FPCR / MSR FPSR (new FZ, DN, RMode and cleared or
    /// set cumulative flags every iteration, from tables) runs FP arithmetic over operands from a
    /// table of values near the limits and stores every result and FPSR; translated (blocks and
    /// regions, jit and tiered) and interpreted runs must leave identical states and memory.
    /// </summary>
    [Test]
    public void FpcrAndFpsrChangesBetweenBlocksAgreeWithTheInterpreter()
    {
        const ulong Data = TestCore.DataBase;
        const ulong Operands = Data, FpcrTable = Data + 0x800, FpsrTable = Data + 0xA00, Out = Data + 0x1000;
        const int Iterations = 60;   // 184 bytes of results each
        uint[] body =
        [
            Movz(20, (uint)(Operands & 0xFFFF)), Movk(20, (uint)(Operands >> 16), 1),
            Movz(21, (uint)(FpcrTable & 0xFFFF)), Movk(21, (uint)(FpcrTable >> 16), 1),
            Movz(22, (uint)(FpsrTable & 0xFFFF)), Movk(22, (uint)(FpsrTable >> 16), 1),
            Movz(23, (uint)(Out & 0xFFFF)), Movk(23, (uint)(Out >> 16), 1),
            Movz(19, 0), Movz(24, Iterations),
            // loop:
            AndImm63(12, 19),
            LdrXRegScaled(10, 21, 12), MsrFpcr(10),                                             // new FPCR ends the block
            AndImm63(13, 24),
            LdrXRegScaled(11, 22, 13), MsrFpsr(11),                                             // new FPSR ends the block
            AddImm(14, 12, 1), AndImm63(14, 14), AddImm(15, 12, 7), AndImm63(15, 15), AddImm(16, 12, 29), AndImm63(16, 16),
            LdrDReg(1, 20, 12), LdrDReg(2, 20, 14), LdrDReg(3, 20, 15),
            FpD("FMUL_scalar", 0x1E200800, 4, 1, 2),
            FpD("FADD_scalar", 0x1E202800, 5, 4, 3),
            FpD("FDIV_scalar", 0x1E201800, 6, 5, 2),
            FpD("FSUB_scalar", 0x1E203800, 7, 6, 1),
            Check("FMADD", 0x1F400000u | 2u << 16 | 3u << 10 | 1u << 5 | 8),                    // FMADD d8, d1, d2, d3
            Check("FSQRT_scalar", 0x1E61C000u | 5u << 5 | 9),                                     // FSQRT d9, d5
            FpS("FMUL_scalar", 0x1E200800, 10, 1, 2),
            FpS("FADD_scalar", 0x1E202800, 11, 10, 3),
            LdrQReg(16, 20, 16), LdrQReg(17, 20, 14), LdrQReg(18, 20, 15),
            Check("FMLA_vector", 0x4E60CC00u | 17u << 16 | 16u << 5 | 18),                       // FMLA v18.2d, v16.2d, v17.2d
            Check("FMUL_vector", 0x6E20DC00u | 17u << 16 | 16u << 5 | 19),                       // FMUL v19.4s, v16.4s, v17.4s
            Check("FADD_vector", 0x4E60D400u | 18u << 16 | 16u << 5 | 20),                       // FADD v20.2d, v16.2d, v18.2d
            MrsFpsr(9),
            StrQPost(4, 23), StrQPost(5, 23), StrQPost(6, 23), StrQPost(7, 23), StrQPost(8, 23), StrQPost(9, 23),
            StrQPost(10, 23), StrQPost(11, 23), StrQPost(18, 23), StrQPost(19, 23), StrQPost(20, 23), StrXPost(9, 23),
            AddImm(19, 19, 1), SubsImm(24, 24, 1),
        ];
        int loopStart = 10;
        var program = new List<uint>(body);
        program.Add(BCond(1, -4L * (program.Count - loopStart)));                                // B.NE loop
        program.Add(Udf());

        var rng = new Random(47);
        var data = new byte[TestCore.DataSize];
        for (int i = 0; i < 128; i++)
        {
            var (a, b, _) = OperandsD(rng, "amdfq"[rng.Next(5)]);
            ulong v = rng.Next(4) switch { 0 => a, 1 => b, 2 => AnyS(rng) | (ulong)AnyS(rng) << 32, _ => AnyD(rng) };
            BitConverter.TryWriteBytes(data.AsSpan(i * 8), v);
            if (i >= 64) continue;
            BitConverter.TryWriteBytes(data.AsSpan(0x800 + i * 8), (ulong)RandomFpcr(rng));
            BitConverter.TryWriteBytes(data.AsSpan(0xA00 + i * 8), (ulong)RandomFpsr(rng));
        }
        foreach (var options in new[]
                 {
                     new TranslatorOptions { Native = NativeSwitches.AllNative() },
                     new TranslatorOptions { Native = NativeSwitches.AllNative(), MaxRegionBlocks = 1 },
                     new TranslatorOptions { Native = NativeSwitches.AllNative(), HotThreshold = 3 },
                 })
        {
            using var jit = new TestCore();
            using var reference = new TestCore();
            foreach (var core in new[] { jit, reference })
            {
                core.Write(TestCore.CodeBase, program.ToArray());
                core.Memory.WritePrivileged(Data, data);
                core.State->PC = TestCore.CodeBase;
            }
            using var engine = new TranslatedEngine(jit.State, jit.Memory, options);
            var r = engine.Run(1_000_000);
            var rr = new Interpreter(reference.State, reference.Memory).Run(1_000_000);
            Assert.That(r, Is.EqualTo(rr));
            Assert.That(r, Is.EqualTo(StopReason.Exception), "the program ends at the UDF");
            Assert.That(reference.State->X[19], Is.EqualTo((ulong)Iterations));
            Assert.That(TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter"), Is.Empty);
            Assert.That(TestCore.MemoryDifferences(jit, reference), Is.Empty);
            TestContext.Out.WriteLine(engine.Stats);
        }
    }
    /// <summary>
    /// Blocks of scalar FP arithmetic on a few registers (V0-V5) mixed with every other kind of
    /// writer of those registers: loads (single, pair, LD1 of two registers), MOVI, FMOV from a
    /// general register, INS, FCVT, FCSEL, vector arithmetic, an instruction that goes through the
    /// interpreter, and stores of the results; translated blocks must agree with the
    /// interpreter (the translation keeps values of V registers it already has in locals).
    /// </summary>
    [Test]
    public void CachedVRegistersFollowEveryWriter()
    {
        var rng = new Random(53);
        int R() => rng.Next(6);
        uint Fp(uint op, bool dbl) => op | (dbl ? 1u << 22 : 0) | (uint)R() << 16 | (uint)R() << 5 | (uint)R();
        var makers = new Func<uint>[]
        {
            () => Fp(0x1E202800, rng.Next(2) == 0),                                           // FADD
            () => Fp(0x1E203800, rng.Next(2) == 0),                                           // FSUB
            () => Fp(0x1E200800, rng.Next(2) == 0),                                           // FMUL
            () => Fp(0x1E201800, rng.Next(2) == 0),                                           // FDIV
            () => Fp(0x1E208800, rng.Next(2) == 0),                                           // FNMUL
            () => Fp(0x1F000000, rng.Next(2) == 0) | (uint)R() << 10,                         // FMADD
            () => Fp(0x1F208000, rng.Next(2) == 0) | (uint)R() << 10,                         // FNMSUB
            () => 0x1E61C000u | (uint)R() << 5 | (uint)R(),                                   // FSQRT d
            () => 0x1E604000u | (uint)R() << 5 | (uint)R(),                                   // FMOV d, d
            () => 0x1E20C000u | (uint)R() << 5 | (uint)R(),                                   // FABS s
            () => 0x1E614000u | (uint)R() << 5 | (uint)R(),                                   // FNEG d
            () => 0x1E602000u | (uint)R() << 16 | (uint)R() << 5,                             // FCMP d
            () => 0xFD400000u | (uint)rng.Next(16) << 10 | 1u << 5 | (uint)R(),                // LDR d, [x1, #]
            () => 0xBD400000u | (uint)rng.Next(16) << 10 | 1u << 5 | (uint)R(),                // LDR s, [x1, #]
            () => 0x3DC00000u | (uint)rng.Next(8) << 10 | 1u << 5 | (uint)R(),                 // LDR q, [x1, #]
            () => 0x6D400000u | (uint)rng.Next(8) << 15 | (uint)R() << 10 | 1u << 5 | (uint)R(),   // LDP d, d, [x1, #]
            () => 0x4C40AC00u | 1u << 5 | (uint)R(),                                          // LD1 {vt.2d, vt+1.2d}, [x1]
            () => 0x6F00E400u | (uint)R(),                                                    // MOVI vd.2d, #0
            () => 0x9E670000u | (uint)rng.Next(3, 6) << 5 | (uint)R(),                        // FMOV d, x3..x5
            () => 0x4E0C1C00u | 3u << 5 | (uint)R(),                                          // INS vd.s[1], w3
            () => 0x1E624000u | (uint)R() << 5 | (uint)R(),                                   // FCVT s, d
            () => 0x1E600C00u | (uint)R() << 16 | (uint)rng.Next(14) << 12 | (uint)R() << 5 | (uint)R(),   // FCSEL d
            () => 0x4E60D400u | (uint)R() << 16 | (uint)R() << 5 | (uint)R(),                 // FADD v.2d
            () => 0x5EE1D800u | (uint)R() << 5 | (uint)R(),                                   // FRECPE d (interpreter)
            () => 0xFD000000u | (uint)rng.Next(16) << 10 | 2u << 5 | (uint)R(),                // STR d, [x2, #]
            () => 0x91000400u | 6u << 5 | 6,                                                  // ADD x6, x6, #1
        };
        // Each maker decodes, and the one meant for the interpreter is not native.
        for (int k = 0; k < makers.Length; k++)
            for (int t = 0; t < 20; t++)
            {
                uint w = makers[k]();
                int id = Core.Decoding.Decoder.Decode(w);
                Assert.That(id, Is.Not.EqualTo(-1), $"maker {k}: {w:x8} does not decode");
                Assert.That(BlockEmitter.HasNative(id), Is.EqualTo(k != 23), $"maker {k}: {w:x8} {Disassembler.Format(w, 0)}");
            }
        using var jit = new TestCore();
        using var reference = new TestCore();
        var options = new TranslatorOptions { Native = NativeSwitches.AllNative(), MaxRegionBlocks = 1 };
        for (int program = 0; program < 800; program++)
        {
            int length = rng.Next(4, 32);
            var words = new uint[length + 1];
            for (int k = 0; k < length; k++) words[k] = makers[rng.Next(4) == 0 ? rng.Next(12, makers.Length) : rng.Next(12)]();
            words[length] = B(0);
            jit.Memory.WritePrivileged(TestCore.CodeBase, new byte[TestCore.CodeSize]);
            jit.Write(TestCore.CodeBase, words);
            var data = new byte[0x400];
            for (int k = 0; k < data.Length; k += 8)
                BitConverter.TryWriteBytes(data.AsSpan(k), rng.Next(3) == 0 ? AnyS(rng) | (ulong)AnyS(rng) << 32 : rng.Next(2) == 0 ? AnyD(rng) : Bits(rng.Next(-99, 99) / 8.0));
            jit.Memory.WritePrivileged(TestCore.DataBase, data);
            var s = jit.State;
            *s = default;
            for (int v = 0; v < 12; v++) s->V[v] = rng.Next(3) == 0 ? AnyD(rng) : Bits((rng.NextDouble() - 0.5) * 64);
            s->X[1] = TestCore.DataBase;
            s->X[2] = TestCore.DataBase + 0x200;
            for (int x = 3; x < 6; x++) s->X[x] = rng.Next(2) == 0 ? AnyD(rng) : Bits(rng.Next(-9, 9) * 0.75);
            s->Nzcv = (uint)rng.Next(16) << 28;
            s->Fpcr = rng.Next(8) == 0 ? RandomFpcr(rng) : 0;
            s->Fpsr = rng.Next(4) == 0 ? 0 : FPCore.IXC;
            s->PC = TestCore.CodeBase;
            reference.CopyFrom(jit);
            using var engine = new TranslatedEngine(jit.State, jit.Memory, options);
            var r = engine.StepBlock();
            var interp = new Interpreter(reference.State, reference.Memory);
            var rr = StopReason.None;
            for (int k = 0; k <= length && rr == StopReason.None; k++) rr = interp.Step();
            string diff = r != rr ? $"stop {r} vs {rr}\n" : "";
            diff += TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter");
            diff += TestCore.MemoryDifferences(jit, reference);
            if (diff.Length != 0)
            {
                var listing = string.Join("\n", words.Select((w, k) => $"  {w:x8} {Disassembler.Format(w, TestCore.CodeBase + 4ul * (ulong)k)}"));
                Assert.Fail($"program {program}:\n{listing}\n{diff}");
            }
        }
    }
}
