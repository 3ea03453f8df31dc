using System.Reflection;
using A64Jit.Core.Decoding;
using A64Jit.Core.Interpretation;
using A64Jit.Tests.Oracles;

namespace A64Jit.Tests.Interpretation;

/// <summary>
/// The Advanced SIMD floating-point encodings (the methods of <see cref="AdvancedSimdFloat"/>)
/// against Unicorn with operands concentrated where the algorithms branch: signed zeros,
/// infinities, quiet and signalling NaNs, denormals, values around the reciprocal-estimate
/// thresholds (2^-128, 2^126, 2^-1024, 2^1022), values whose products or sums underflow or
/// overflow, and values with random exponents over the whole range. Lanes hold single or
/// double values (so the lane width matches the instruction's half the time); FPCR walks
/// through every rounding mode with FZ, DN and AHP on and off. A64JIT_SIMDFP_PER_ENCODING
/// (default 300) cases per encoding; everything the generic differential test compares must agree.
/// </summary>
[TestFixture, Category("Unicorn")]
public class AdvancedSimdFloatEdgeTests
{
    private static int PerEncoding => ToolPaths.Count("A64JIT_SIMDFP_PER_ENCODING", 300);
    private static int Seed => ToolPaths.Count("A64JIT_SEED", 20261125);

    private DifferentialHarness? _harness;

    [OneTimeSetUp]
    public void Open()
    {
        if (!Unicorn.Available) Assert.Fail("libunicorn.so.2 is not installed (the test command installs libunicorn2)");
        _harness = new DifferentialHarness();
    }

    [OneTimeTearDown]
    public void Close() => _harness?.Dispose();

    public static IEnumerable<TestCaseData> Encodings()
    {
        foreach (var m in typeof(AdvancedSimdFloat).GetMethods(BindingFlags.Public | BindingFlags.Static))
            if (m.ReturnType == typeof(Outcome))
                yield return new TestCaseData(m.Name).SetName($"AdvancedSimdFloatEdges({m.Name})");
    }

    /// <summary>An N-bit operand (N = 32 or 64) drawn from the interesting regions.</summary>
    private static ulong Operand(Random rng, int size)
    {
        int e = size == 32 ? 8 : 11, f = size - e - 1;
        ulong sign = (ulong)rng.Next(2) << (size - 1);
        ulong fracMask = (1ul << f) - 1;
        ulong expMax = (1ul << e) - 1;
        ulong bias = (1ul << (e - 1)) - 1;
        ulong frac = ((ulong)rng.NextInt64() & fracMask);
        ulong Make(ulong exp, ulong fr) => sign | (exp << f) | (fr & fracMask);
        return rng.Next(12) switch
        {
            0 => sign,                                                         // zero
            1 => Make(expMax, 0),                                              // infinity
            2 => Make(expMax, (1ul << (f - 1)) | (uint)rng.Next(8)),         // quiet NaN
            3 => Make(expMax, 1ul << rng.Next(f - 1)),                         // signalling NaN
            4 => Make(0, rng.Next(2) == 0 ? frac : frac >> rng.Next(f)),      // denormal
            5 => Make((uint)rng.Next(1, 4), frac),                            // just above the denormals
            6 => Make(expMax - 1 - (uint)rng.Next(3), frac),                  // near the largest normals
            7 => Make((ulong)((long)bias + rng.Next(-3, 4)), rng.Next(2) == 0 ? 0 : frac), // around 1
            8 => Make((ulong)((long)bias + rng.Next(-(int)bias / 2, (int)bias / 2)), frac), // products near the limits
            9 => Make(bias + (uint)rng.Next(0, 66), rng.Next(2) == 0 ? 0 : frac >> rng.Next(f)), // integers, conversion limits
            10 => Make((ulong)rng.NextInt64(1, (long)expMax), rng.Next(2) == 0 ? frac : 0), // any normal
            _ => ((ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63)) & (size == 64 ? ulong.MaxValue : 0xFFFF_FFFFul), // random bits
        };
    }

    private static UInt128 Vector(Random rng)
    {
        int size = rng.Next(2) == 0 ? 32 : 64;
        UInt128 v = 0;
        for (int lane = 0; lane < 128 / size; lane++)
            v |= (UInt128)Operand(rng, size) << (lane * size);
        return v;
    }

    [TestCaseSource(nameof(Encodings))]
    public void AgreesWithUnicornOnEdges(string name)
    {
        var e = EncodingTable.Get(name);
        int seed = Seed;
        foreach (char ch in name) seed = unchecked(seed * 31 + ch);
        seed &= 0x7FFF_FFFF;
        var rng = new Random(seed);
        var h = _harness!;
        h.RandomizeData(rng);
        var failures = new List<string>();
        int cases = PerEncoding;
        for (int k = 0; k < cases; k++)
        {
            uint? word = DifferentialTests.RandomWord(e, rng, k);
            if (word == null) Assert.Fail($"{name}: no word of pattern {e.Pattern} decodes to {name}");
            var before = DifferentialTests.RandomRegisters(rng, memoryGroup: false, fpGroup: true);
            for (int i = 0; i < 32; i++) before.V[i] = Vector(rng);
            before.Fpcr = (uint)rng.Next(8) << 22 | (rng.Next(4) == 0 ? 1u << 26 : 0);
            var r = h.RunOne(word!.Value, before);
            if (r.Differences.Count > 0) failures.Add(DifferentialHarness.Describe(name, seed, k, word.Value, before.Pc, r));
        }
        TestContext.Out.WriteLine($"{name}: {cases} compared, {failures.Count} mismatches (seed {seed})");
        if (failures.Count > 0)
            Assert.Fail($"{failures.Count} of {cases} cases differ from Unicorn (A64JIT_SEED={Seed}):\n" + string.Join("\n", failures.Take(8)));
    }
}
