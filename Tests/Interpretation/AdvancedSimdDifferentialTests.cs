using A64Jit.Core.Decoding;
using A64Jit.Core.Interpretation;
using A64Jit.Tests.Oracles;

namespace A64Jit.Tests.Interpretation;

/// <summary>
/// Advanced SIMD vector (integer and bitwise) encodings against Unicorn with integer edge
/// values in the vector lanes, which the generic test (FP edge values) rarely produces: per
/// lane of 8, 16, 32 or 64 bits 0, 1, 2, the signed and unsigned extremes and their
/// neighbours, small signed shift counts (around ±esize, for the shift-by-register forms) or
/// random bits; FPSR.QC starts set or clear. X registers are random (DUP/INS/SMOV/UMOV).
/// A64JIT_DIFF_PER_ENCODING (default 50) cases per encoding; A64JIT_SEED.
/// </summary>
[TestFixture, Category("Unicorn")]
public class AdvancedSimdDifferentialTests
{
    private static int PerEncoding => ToolPaths.Count("A64JIT_DIFF_PER_ENCODING", 50);
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
        foreach (var e in Interpreter.ImplementedEncodings)
            if (e.Group == EncodingGroup.AdvancedSimd)
                yield return new TestCaseData(e.Name).SetName($"AdvancedSimdIntegerEdges({e.Name})");
    }

    /// <summary>One lane of <paramref name="esize"/> bits: an integer edge value, a small shift count or random bits.</summary>
    private static ulong Lane(Random rng, int esize)
    {
        ulong mask = esize == 64 ? ulong.MaxValue : (1ul << esize) - 1;
        ulong smax = mask >> 1, smin = smax + 1;
        ulong random = (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63);
        ulong v = rng.Next(12) switch
        {
            0 => 0,
            1 => 1,
            2 => 2,
            3 => mask,
            4 => mask - 1,
            5 => smax,
            6 => smin,
            7 => smin + 1,
            8 => smax - 1,
            9 or 10 => (ulong)(long)rng.Next(-Math.Min(esize, 64) - 2, Math.Min(esize, 64) + 3),
            _ => random,
        };
        return v & mask;
    }

    private static UInt128 IntegerVector(Random rng)
    {
        int esize = 8 << rng.Next(4);
        UInt128 v = 0;
        for (int lane = 0; lane < 128 / esize; lane++)
            v |= (UInt128)Lane(rng, esize) << (lane * esize);
        return v;
    }

    [TestCaseSource(nameof(Encodings))]
    public void IntegerEdgesAgreeWithUnicorn(string name)
    {
        var e = EncodingTable.Get(name);
        int seed = Seed ^ StableHash(name + "integer");
        var rng = new Random(seed);
        var h = _harness!;
        var failures = new List<string>();
        int cases = PerEncoding, qcSet = 0;
        for (int k = 0; k < cases; k++)
        {
            uint w = DifferentialTests.RandomWord(e, rng, k) ?? throw new InvalidOperationException($"no word for {name}");
            var before = DifferentialTests.RandomRegisters(rng, memoryGroup: false, fpGroup: true);
            for (int i = 0; i < 32; i++) before.V[i] = IntegerVector(rng);
            before.Fpsr = rng.Next(2) == 0 ? 0 : 1u << 27;
            var r = h.RunOne(w, before);
            if (!r.OursEnd.Stopped && (r.Ours.Fpsr & ~before.Fpsr & (1u << 27)) != 0) qcSet++;
            if (r.Differences.Count > 0) failures.Add(DifferentialHarness.Describe(name, seed, k, w, before.Pc, r));
        }
        TestContext.Out.WriteLine($"{name}: {cases} compared, QC newly set in {qcSet}, {failures.Count} mismatches (seed {seed})");
        if (failures.Count > 0)
            Assert.Fail($"{failures.Count} of {cases} cases differ from Unicorn (A64JIT_SEED={Seed}):\n" + string.Join("\n", failures.Take(12)));
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

/// <summary>The interpreter's SIMD semantics allocate nothing per instruction (no Unicorn needed).</summary>
[TestFixture]
public unsafe class AdvancedSimdAllocationTests
{
    [Test]
    public void SimdInstructionsAllocateNothing()
    {
        const ulong code = 0x10000, data = 0x20000;
        using var memory = new Core.Memory.GuestMemory();
        using var cpu = new Core.State.CpuContext();
        memory.Map(code, 0x1000, Core.Memory.MemoryPermissions.ReadExecute);
        memory.Map(data, 0x1000, Core.Memory.MemoryPermissions.ReadWrite);
        var interp = new Interpreter(cpu, memory);
        var rng = new Random(7);
        var words = new List<uint>();
        foreach (var e in Interpreter.ImplementedEncodings)
        {
            if (e.Group is not (EncodingGroup.AdvancedSimd or EncodingGroup.LoadStoreSimd)) continue;
            for (int k = 0; k < 4; k++) words.Add(DifferentialTests.RandomWord(e, rng, k + 2)!.Value);
        }

        void RunAll()
        {
            var s = cpu.State;
            foreach (uint w in words)
            {
                memory.WriteU32Privileged(code, w);
                s->PC = code;
                // Every base and offset register points into the data page; vectors hold small values.
                for (int i = 0; i < 32; i++) s->X[i] = data + 0x400 + (ulong)(i * 8);
                for (int i = 0; i < 64; i++) s->V[i] = 0x0102_0304_0506_0708ul * (ulong)i;
                interp.Step();
            }
        }

        RunAll(); // warm up (JIT, static tables, cached delegates)
        long before = GC.GetAllocatedBytesForCurrentThread();
        RunAll();
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.That(after - before, Is.Zero, $"{words.Count} instructions");
    }
}
