using System.Text;
using Decoder = A64Jit.Core.Decoding.Decoder;
using A64Jit.Core.Decoding;
using A64Jit.Core.Disassembly;
using A64Jit.Tests.Oracles;

namespace A64Jit.Tests.Decoding;

/// <summary>
/// The decoder and disassembler against GNU objdump: the text must agree (whitespace
/// aside) for every word objdump decodes within A64Jit's ISA, and a word objdump calls
/// undefined must be undefined here. Counts: A64JIT_DISASM_PER_ENCODING (default 200)
/// words per encoding, A64JIT_DISASM_RANDOM (default 40,000) uniformly random words per
/// top-level class; A64JIT_SEED changes the seed.
/// </summary>
[TestFixture, Category("Objdump")]
public class DisassemblerTests
{
    private const ulong Base = 0x400000;

    public enum TopLevelClass { Reserved, DataProcessingImmediate, BranchExceptionSystem, LoadStore, DataProcessingRegister, FpSimd }

    public static TopLevelClass ClassOf(uint w)
    {
        uint op0 = (w >> 25) & 0xF;
        if ((op0 & 0b1100) == 0b0000) return TopLevelClass.Reserved;
        if ((op0 & 0b1110) == 0b1000) return TopLevelClass.DataProcessingImmediate;
        if ((op0 & 0b1110) == 0b1010) return TopLevelClass.BranchExceptionSystem;
        if ((op0 & 0b0101) == 0b0100) return TopLevelClass.LoadStore;
        if ((op0 & 0b0111) == 0b0101) return TopLevelClass.DataProcessingRegister;
        return TopLevelClass.FpSimd;
    }

    private static int Seed => ToolPaths.Count("A64JIT_SEED", 20261125);

    [OneTimeSetUp]
    public void RequireObjdump()
    {
        if (!Objdump.Available) Assert.Fail($"{Objdump.Tool} is not installed (the test command installs binutils-aarch64-linux-gnu)");
    }

    public sealed class Tally
    {
        public int Compared, Matched, BeyondIsa, UndefinedAgreed, ObjdumpDeviations;
        public readonly List<string> Mismatches = new();
        public readonly Dictionary<string, int> MismatchByGroup = new();
    }

    /// <summary>Compares words with objdump and collects the disagreements.</summary>
    public static Tally Compare(IReadOnlyList<uint> words)
    {
        var t = new Tally();
        const int batch = 200_000;
        for (int start = 0; start < words.Count; start += batch)
        {
            var chunk = words.Skip(start).Take(batch).ToList();
            var theirs = Objdump.Disassemble(chunk, Base);
            for (int i = 0; i < chunk.Count; i++)
            {
                uint w = chunk[i];
                ulong pc = Base + (ulong)i * 4;
                string ours;
                try { ours = Disassembler.Format(w, pc); }
                catch (Exception ex) { ours = "EXCEPTION " + ex.GetType().Name + ": " + ex.Message; }
                string theirText = theirs[i];
                var enc = Decoder.DecodeEncoding(w);
                t.Compared++;
                if (Objdump.IsUndefined(theirText))
                {
                    if (enc == null) { t.UndefinedAgreed++; t.Matched++; continue; }
                    Record(t, w, enc.Group.ToString() + "/" + enc.Name, ours, theirText);
                    continue;
                }
                if (enc == null)
                {
                    if (BeyondIsa.Classify(w) != null) { t.BeyondIsa++; t.Matched++; continue; }
                    // objdump deviates from the Arm ARM here; undefined is the Arm ARM's answer.
                    if (ObjdumpDeviations.Classify(w) != null) { t.ObjdumpDeviations++; t.Matched++; continue; }
                    Record(t, w, "undecoded:" + ClassOf(w), ours, theirText);
                    continue;
                }
                if (Objdump.Normalize(ours) == Objdump.Normalize(theirText)) t.Matched++;
                else Record(t, w, enc.Group + "/" + enc.Name, ours, theirText);
            }
        }
        return t;
    }

    private static void Record(Tally t, uint w, string where, string ours, string theirs)
    {
        t.MismatchByGroup[where] = t.MismatchByGroup.GetValueOrDefault(where) + 1;
        if (t.Mismatches.Count < 60) t.Mismatches.Add($"0x{w:x8} [{where}] ours: '{ours}'  objdump: '{theirs}'");
    }

    private static void Report(string title, Tally t)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{title}: {t.Compared} words, {t.Matched} agree ({t.UndefinedAgreed} undefined in both, {t.BeyondIsa} beyond the ISA, {t.ObjdumpDeviations} where objdump deviates from the Arm ARM and the Arm ARM's answer was checked), {t.Compared - t.Matched} disagree");
        foreach (var kv in t.MismatchByGroup.OrderByDescending(kv => kv.Value).Take(40)) sb.AppendLine($"  {kv.Key}: {kv.Value}");
        foreach (var m in t.Mismatches) sb.AppendLine("  " + m);
        TestContext.Out.WriteLine(sb.ToString());
        Assert.That(t.Compared - t.Matched, Is.EqualTo(0), sb.ToString());
    }

    /// <summary>A word matching <paramref name="e"/>'s pattern with random operand fields.</summary>
    public static uint RandomWord(A64Jit.Core.Decoding.Encoding e, Random rng) => ((uint)rng.NextInt64(0, 1L << 32) & ~e.Mask) | e.Value;

    public static IEnumerable<EncodingGroup> Groups => Enum.GetValues<EncodingGroup>();

    [TestCaseSource(nameof(Groups))]
    public void EveryEncodingWithRandomFields(EncodingGroup group)
    {
        int per = ToolPaths.Count("A64JIT_DISASM_PER_ENCODING", 200);
        var rng = new Random(Seed + (int)group);
        var words = new List<uint>();
        foreach (var e in EncodingTable.All.Where(e => e.Group == group))
        {
            // Boundary field values (all zeros, all ones) plus random ones.
            words.Add(e.Value);
            words.Add(e.Value | ~e.Mask);
            for (int i = 0; i < per; i++) words.Add(RandomWord(e, rng));
        }
        if (words.Count == 0) Assert.Inconclusive($"no encodings of {group} in the table yet");
        Report($"{group}, every encoding", Compare(words));
    }

    /// <summary>Uniformly random words over the whole 32-bit space (A64JIT_DISASM_UNIFORM, default 100,000).</summary>
    [Test]
    public void UniformlyRandomWordsOverTheWholeSpace()
    {
        int n = ToolPaths.Count("A64JIT_DISASM_UNIFORM", 100_000);
        var rng = new Random(Seed * 13);
        var words = new List<uint>(n);
        for (int i = 0; i < n; i++) words.Add((uint)rng.NextInt64(0, 1L << 32));
        Report("uniformly random words", Compare(words));
    }

    public static IEnumerable<TopLevelClass> Classes => Enum.GetValues<TopLevelClass>();

    [TestCaseSource(nameof(Classes))]
    public void UniformlyRandomWords(TopLevelClass cls)
    {
        int n = ToolPaths.Count("A64JIT_DISASM_RANDOM", 40_000);
        var rng = new Random(Seed * 7 + (int)cls);
        var words = new List<uint>(n);
        while (words.Count < n)
        {
            uint w = (uint)rng.NextInt64(0, 1L << 32);
            if (ClassOf(w) == cls) words.Add(w);
        }
        Report($"random words, {cls}", Compare(words));
    }
}
