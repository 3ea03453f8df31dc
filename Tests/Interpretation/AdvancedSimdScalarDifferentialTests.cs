using A64Jit.Core.Decoding;
using A64Jit.Core.Interpretation;
using A64Jit.Tests.Oracles;

namespace A64Jit.Tests.Interpretation;

/// <summary>
/// The integer scalar, shift-by-immediate and by-element semantics (class
/// <see cref="AdvancedSimdScalar"/>) against Unicorn on inputs the generic generator rarely
/// produces: every lane of every vector register holds an integer boundary value of one
/// element size (0, ±1, the signed and unsigned extremes and their neighbours, shift counts
/// around ±esize), so that saturation (FPSR.QC), rounding carries and out-of-range shift
/// counts are exercised. FPSR starts with QC clear in most cases so that setting it is seen.
/// A64JIT_DIFF_PER_ENCODING (default 50) sets the number of cases per encoding.
/// </summary>
[TestFixture, Category("Unicorn")]
public class AdvancedSimdScalarDifferentialTests
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
            if (Interpreter.MethodOf(e.Id)!.DeclaringType == typeof(AdvancedSimdScalar))
                yield return new TestCaseData(e.Name).SetName($"IntegerBoundaries({e.Name})");
    }

    [Test]
    public void TheIntegerEncodingsHaveSemantics()
    {
        // The integer encodings of the scalar, shift-by-immediate and by-element groups.
        string[] expected =
        [
            "DUP_elem_scalar", "ADDP_scalar", "SQDMLAL_scalar", "SQDMLSL_scalar", "SQDMULL_scalar",
            "SQADD_scalar", "UQADD_scalar", "SQSUB_scalar", "UQSUB_scalar", "CMGT_reg_scalar", "CMHI_scalar",
            "CMGE_reg_scalar", "CMHS_scalar", "SSHL_scalar", "USHL_scalar", "SQSHL_reg_scalar", "UQSHL_reg_scalar",
            "SRSHL_scalar", "URSHL_scalar", "SQRSHL_scalar", "UQRSHL_scalar", "ADD_scalar", "SUB_scalar",
            "CMTST_scalar", "CMEQ_reg_scalar", "SQDMULH_scalar", "SQRDMULH_scalar",
            "SUQADD_scalar", "USQADD_scalar", "SQABS_scalar", "SQNEG_scalar", "CMGT_zero_scalar", "CMGE_zero_scalar",
            "CMEQ_zero_scalar", "CMLE_zero_scalar", "CMLT_zero_scalar", "ABS_scalar", "NEG_scalar", "SQXTN_scalar",
            "UQXTN_scalar", "SQXTUN_scalar",
            "SSHR_scalar", "USHR_scalar", "SSRA_scalar", "USRA_scalar", "SRSHR_scalar", "URSHR_scalar", "SRSRA_scalar",
            "URSRA_scalar", "SRI_scalar", "SHL_scalar", "SLI_scalar", "SQSHLU_scalar", "SQSHL_imm_scalar",
            "UQSHL_imm_scalar", "SQSHRUN_scalar", "SQRSHRUN_scalar", "SQSHRN_scalar", "UQSHRN_scalar", "SQRSHRN_scalar",
            "UQRSHRN_scalar",
            "SSHR_vector", "USHR_vector", "SSRA_vector", "USRA_vector", "SRSHR_vector", "URSHR_vector", "SRSRA_vector",
            "URSRA_vector", "SRI_vector", "SHL_vector", "SLI_vector", "SQSHLU_vector", "SQSHL_imm_vector",
            "UQSHL_imm_vector", "SHRN_vector", "RSHRN_vector", "SQSHRUN_vector", "SQRSHRUN_vector", "SQSHRN_vector",
            "UQSHRN_vector", "SQRSHRN_vector", "UQRSHRN_vector", "SSHLL_vector", "USHLL_vector",
            "SMLAL_elem", "UMLAL_elem", "SQDMLAL_elem", "SMLSL_elem", "UMLSL_elem", "SQDMLSL_elem", "MLA_elem",
            "MLS_elem", "MUL_elem", "SMULL_elem", "UMULL_elem", "SQDMULL_elem", "SQDMULH_elem", "SQRDMULH_elem",
            "SQDMLAL_elem_scalar", "SQDMLSL_elem_scalar", "SQDMULL_elem_scalar", "SQDMULH_elem_scalar",
            "SQRDMULH_elem_scalar",
        ];
        var missing = expected.Where(n => !Interpreter.IsImplemented(EncodingTable.Get(n).Id)).ToList();
        Assert.That(missing, Is.Empty);
        var implemented = Encodings().Select(t => (string)t.Arguments[0]!).ToHashSet();
        Assert.That(implemented, Is.EquivalentTo(expected));
    }

    [TestCaseSource(nameof(Encodings))]
    public void IntegerBoundariesAgreeWithUnicorn(string name)
    {
        var e = EncodingTable.Get(name);
        int seed = Seed ^ StableHash("boundaries " + name);
        var rng = new Random(seed);
        var h = _harness!;
        h.RandomizeData(rng);

        var failures = new List<string>();
        int cases = PerEncoding, saturated = 0;
        for (int k = 0; k < cases; k++)
        {
            uint word = DifferentialTests.RandomWord(e, rng, k)
                ?? throw new AssertionException($"{name}: no word of pattern {e.Pattern} decodes to {name}");
            var before = DifferentialTests.RandomRegisters(rng, memoryGroup: false, fpGroup: true);
            int hint = ElementSizeHint(e, word);
            int esize = rng.Next(4) switch { 0 or 1 => hint, 2 => Math.Min(64, 2 * hint), _ => 8 << rng.Next(4) };
            for (int i = 0; i < 32; i++) before.V[i] = BoundaryVector(rng, esize);
            before.Fpsr = rng.Next(4) == 0 ? before.Fpsr : 0;
            var r = h.RunOne(word, before);
            if ((before.Fpsr & (1u << 27)) == 0 && (r.Ours.Fpsr & (1u << 27)) != 0) saturated++;
            if (r.Differences.Count > 0) failures.Add(DifferentialHarness.Describe(name, seed, k, word, before.Pc, r));
        }
        TestContext.Out.WriteLine($"{name}: {cases} boundary cases, {saturated} set FPSR.QC, {failures.Count} mismatches (seed {seed})");
        if (failures.Count > 0)
            Assert.Fail($"{failures.Count} of {cases} cases differ from Unicorn (A64JIT_SEED={Seed}):\n" + string.Join("\n", failures.Take(12)));
    }

    /// <summary>The element size the word operates on: 8 &lt;&lt; HighestSetBit(immh) for shifts by immediate, else 8 &lt;&lt; size.</summary>
    private static int ElementSizeHint(Encoding e, uint word)
    {
        if (e.Fields.Any(f => f.Name == "immh"))
        {
            uint immh = (word >> 19) & 0xF;
            return immh == 0 ? 8 : 8 << (31 - System.Numerics.BitOperations.LeadingZeroCount(immh));
        }
        return 8 << (int)((word >> 22) & 3);
    }

    /// <summary>A vector whose esize-bit lanes are integer boundary values (or, now and then, random bits).</summary>
    public static UInt128 BoundaryVector(Random rng, int esize)
    {
        UInt128 v = 0;
        ulong mask = esize == 64 ? ulong.MaxValue : (1ul << esize) - 1;
        bool allMinimum = rng.Next(5) == 0; // both operands at the signed minimum: the doubling multiplies' only overflow
        for (int lane = 0; lane < 128 / esize; lane++)
            v |= (UInt128)((allMinimum ? 1ul << (esize - 1) : BoundaryLane(rng, esize)) & mask) << (lane * esize);
        return v;
    }

    private static ulong BoundaryLane(Random rng, int esize)
    {
        ulong signedMin = 1ul << (esize - 1);
        ulong signedMax = signedMin - 1;
        ulong unsignedMax = esize == 64 ? ulong.MaxValue : (1ul << esize) - 1;
        switch (rng.Next(12))
        {
            case 0: return signedMin;
            case 1: return signedMax;
            case 2: return unsignedMax;                      // -1
            case 3: return rng.Next(2) == 0 ? signedMin + 1 : signedMax - 1;
            case 4: return (ulong)rng.Next(0, 3);            // 0, 1, 2
            case 5: return unsignedMax - 1;                   // -2
            case 6:
            {
                // Shift counts for the shift-by-register forms: around ±esize, ±2·esize and the byte extremes.
                int[] counts = [esize - 1, esize, esize + 1, -esize + 1, -esize, -esize - 1, 2 * esize, -2 * esize, 127, -128, 63, -64, -63, 64];
                return (ulong)(long)counts[rng.Next(counts.Length)];
            }
            case 7: return signedMin >> rng.Next(esize);      // a single bit
            case 8: return (signedMin >> 1) + (ulong)rng.Next(-1, 2); // rounding-carry neighbourhood
            default: return (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63);
        }
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
