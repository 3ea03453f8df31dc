using A64Jit.Core.Decoding;
using A64Jit.Core.Interpretation;
using A64Jit.Tests.Oracles;
using Decoder = A64Jit.Core.Decoding.Decoder;

namespace A64Jit.Tests.Interpretation;

/// <summary>
/// The interpreter against Unicorn, one instruction at a time: for every encoding that has
/// semantics, A64JIT_DIFF_PER_ENCODING (default 50) words drawn from the encoding's pattern
/// (fields at 0, all-ones or random) run from the same random registers (with boundary
/// values such as 0, 1, -1, INT_MAX, INT_MIN) and memory in both; X0–X30, SP, PC, NZCV,
/// V0–V31, FPCR, FPSR, the data region and the way the instruction ended must agree.
/// A64JIT_SEED changes the seed; a failure prints seed, case, word and disassembly.
/// </summary>
[TestFixture, Category("Unicorn")]
public class DifferentialTests
{
    private static int PerEncoding => ToolPaths.Count("A64JIT_DIFF_PER_ENCODING", 50);
    private static int Seed => ToolPaths.Count("A64JIT_SEED", 20261125);

    private static readonly ulong[] Boundary =
    [
        0, 1, 2, ulong.MaxValue, ulong.MaxValue - 1,
        0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, 0x8000_0000_0000_0001,
        0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000, 0xFFFF_FFFF_8000_0000, 0xFFFF_FFFF_7FFF_FFFF,
        0xFFF, 0x1000, 0xFFF000, 0xFFFF, 0x10000, 0x8000, 0x80, 0x7F, 0xFF,
    ];

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
        foreach (var e in Interpreter.ImplementedEncodings)
            yield return new TestCaseData(e.Name).SetName($"Differential({e.Group}.{e.Name})");
    }

    [TestCaseSource(nameof(Encodings))]
    public void AgreesWithUnicorn(string name)
    {
        var e = EncodingTable.Get(name);
        int seed = Seed ^ StableHash(name);
        var rng = new Random(seed);
        bool memoryGroup = e.Group is EncodingGroup.LoadStore or EncodingGroup.LoadStoreSimd;
        bool fpGroup = e.Group is EncodingGroup.FloatingPoint or EncodingGroup.AdvancedSimd or EncodingGroup.Crypto or EncodingGroup.LoadStoreSimd;
        var h = _harness!;
        h.RandomizeData(rng);

        var failures = new List<string>();
        int cases = PerEncoding, compared = 0, stops = 0;
        for (int k = 0; k < cases; k++)
        {
            uint? word = RandomWord(e, rng, k);
            if (word == null) Assert.Fail($"{name}: no word of pattern {e.Pattern} decodes to {name}");
            var before = RandomRegisters(rng, memoryGroup, fpGroup);
            var r = h.RunOne(word!.Value, before);
            compared++;
            if (r.OursEnd.Stopped) stops++;
            if (r.Differences.Count > 0) failures.Add(DifferentialHarness.Describe(name, seed, k, word.Value, before.Pc, r));
        }
        TestContext.Out.WriteLine($"{e.Group}/{name}: {compared} compared, {stops} stopped, {failures.Count} mismatches (seed {seed})");
        if (failures.Count > 0)
            Assert.Fail($"{failures.Count} of {compared} cases differ from Unicorn (A64JIT_SEED={Seed}):\n" + string.Join("\n", failures.Take(12)));
    }

    /// <summary>
    /// A word of <paramref name="e"/>'s pattern whose named fields are 0, all-ones or random
    /// (case 0: all zero, case 1: all ones) and that decodes to <paramref name="e"/> itself.
    /// </summary>
    public static uint? RandomWord(Encoding e, Random rng, int caseIndex)
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            uint w = (uint)rng.NextInt64(0, 1L << 32);
            if (attempt == 0 && caseIndex == 0) w = 0;
            else if (attempt == 0 && caseIndex == 1) w = ~0u;
            else
            {
                foreach (var f in e.Fields)
                {
                    int pick = rng.Next(4);
                    if (pick == 0) w = f.Insert(w, 0);
                    else if (pick == 1) w = f.Insert(w, ~0u);
                }
            }
            w = (w & ~e.Mask) | e.Value;
            if (Decoder.Decode(w) == e.Id) return w;
        }
        return null;
    }

    private static ulong RandomValue(Random rng, bool memoryGroup)
    {
        int pick = rng.Next(memoryGroup ? 12 : 10);
        ulong random = (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63);
        return pick switch
        {
            < 4 => Boundary[rng.Next(Boundary.Length)],
            4 => Boundary[rng.Next(Boundary.Length)] + (ulong)rng.Next(-4, 5),
            5 => random & 0xFFFF_FFFF,
            6 => random & 0xFFFF,
            >= 10 => DifferentialHarness.DataBase + (ulong)rng.Next((int)DifferentialHarness.DataSize),
            _ => random,
        };
    }

    public static RegisterSet RandomRegisters(Random rng, bool memoryGroup, bool fpGroup)
    {
        var r = new RegisterSet();
        for (int i = 0; i < 31; i++) r.X[i] = RandomValue(rng, memoryGroup);
        r.Sp = RandomValue(rng, memoryGroup);
        r.Pc = DifferentialHarness.CodeBase + 4 * (ulong)rng.Next((int)(DifferentialHarness.CodeSize / 4));
        r.Nzcv = (uint)rng.Next(16) << 28;
        for (int i = 0; i < 32; i++)
            r.V[i] = new UInt128(RandomValue(rng, false), RandomValue(rng, false));
        if (fpGroup)
        {
            // RMode (23:22), FZ (24), DN (25), AHP (26); cumulative flags IOC..IXC, IDC and QC.
            r.Fpcr = (uint)rng.Next(8) << 22 | (rng.Next(4) == 0 ? 1u << 26 : 0);
            r.Fpsr = rng.Next(2) == 0 ? 0 : (uint)rng.Next(0x100) & 0x9F | (rng.Next(4) == 0 ? 1u << 27 : 0);
        }
        return r;
    }

    private static int StableHash(string s)
    {
        unchecked
        {
            int h = (int)2166136261;
            foreach (char c in s) h = (h ^ c) * 16777619;
            return h & 0x7FFF_FFFF;
        }
    }
}
