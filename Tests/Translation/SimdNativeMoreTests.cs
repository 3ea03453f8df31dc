using A64Jit.Core.Decoding;
using A64Jit.Core.State;
using A64Jit.Translator;
using A64Jit.Translator.Emission;
using A64Jit.Translator.Execution;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Disassembly;

namespace A64Jit.Tests.Translation;

/// <summary>
/// Native IL of the structure loads and stores (LD2-LD4/ST2-ST4 multiple structures,
/// LD1-LD4/ST1-ST4 single structure, LD2R-LD4R) against the interpreter at page edges, into
/// unmapped and read-only pages and with a misaligned SP (precise faults: nothing of the
/// faulting instruction visible), and the inline Vector128 shifts against the interpreter
/// over every shift amount. The random-block lockstep of <see cref="SimdFpNativeTests"/>
/// covers these encodings too (they are in its list).
/// </summary>
[TestFixture]
public unsafe class SimdNativeMoreTests
{
    /// <summary>Every structure encoding other than LD1/ST1 (multiple) and LD1R.</summary>
    public static readonly string[] StructureNames = BuildStructureNames();

    private static string[] BuildStructureNames()
    {
        var names = new List<string>();
        string[] suffixes = ["", "_post_imm", "_post_reg"];
        foreach (var op in new[] { "LD", "ST" })
            for (int k = 2; k <= 4; k++)
                foreach (var sfx in suffixes) names.Add($"{op}{k}_mult{sfx}");
        foreach (var op in new[] { "LD", "ST" })
            for (int k = 1; k <= 4; k++)
                foreach (var lane in new[] { "b", "h", "s", "d" })
                    foreach (var sfx in suffixes) names.Add($"{op}{k}_single_{lane}{sfx}");
        for (int k = 2; k <= 4; k++)
            foreach (var sfx in suffixes) names.Add($"LD{k}R{sfx}");
        return names.ToArray();
    }

    private static void RunOne(TestCore jit, TestCore reference, TranslatedEngine engine, uint w, string what)
    {
        reference.CopyFrom(jit);
        var r = engine.StepBlock();
        var rr = new Interpreter(reference.State, reference.Memory).Step();
        string diff = r != rr ? $"stop {r} vs {rr}\n" : "";
        diff += TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter");
        diff += TestCore.MemoryDifferences(jit, reference);
        if (diff.Length != 0) Assert.Fail($"{w:x8} {Disassembler.Format(w, TestCore.CodeBase)} {what}:\n{diff}");
    }

    private static uint AcceptedWord(Random rng, Encoding e)
    {
        for (int a = 0; a < 100_000; a++)
        {
            uint c = e.Value | ((uint)rng.NextInt64() & ~e.Mask);
            if (Decoder.Decode(c) == e.Id && BlockEmitter.AcceptsNative(e.Id, c)) return c;
        }
        throw new InvalidOperationException($"no accepted word of {e.Name}");
    }

    /// <summary>
    /// Every structure encoding, several arrangements each, from bases that straddle two mapped
    /// pages, run into the unmapped page after the data, start before it, or point into the
    /// read-only code (stores fault), with X1 or a misaligned SP as the base, SCTLR_EL1.SA on and off.
    /// </summary>
    [Test]
    public void StructureAccessesAtPageEdgesAndFaultsAgreeWithTheInterpreter()
    {
        using var jit = new TestCore();
        using var reference = new TestCore();
        var rng = new Random(17);
        int[] back = [0, 1, 3, 4, 8, 9, 15, 16, 17, 24, 31, 32, 33, 47, 48, 49, 63, 64, 65];
        var bases = new List<ulong>();
        foreach (var k in back)
        {
            bases.Add(TestCore.DataBase + 0x1000 - (ulong)k);
            bases.Add(TestCore.DataBase + TestCore.DataSize - (ulong)k);
        }
        bases.Add(TestCore.DataBase - 8);
        bases.Add(TestCore.DataBase + 0x2000);
        bases.Add(TestCore.CodeBase + 0x1000);
        int runs = 0;
        var data = new byte[TestCore.DataSize];
        foreach (var name in StructureNames)
        {
            var e = EncodingTable.Get(name);
            for (int variant = 0; variant < 3; variant++)
            {
                uint w = AcceptedWord(rng, e);
                int n = variant == 2 ? 31 : 1;
                w = (w & ~(31u << 5)) | (uint)n << 5;
                Assert.That(Decoder.Decode(w), Is.EqualTo(e.Id), $"{w:x8}");
                Assert.That(BlockEmitter.AcceptsNative(e.Id, w), Is.True, $"{w:x8} ({name}) is not native");
                jit.Memory.WritePrivileged(TestCore.CodeBase, new byte[TestCore.CodeSize]);
                jit.Write(TestCore.CodeBase, w);
                using var engine = new TranslatedEngine(jit.State, jit.Memory, new TranslatorOptions { Native = NativeSwitches.AllNative(), MaxBlockInstructions = 1, MaxRegionBlocks = 1 });
                foreach (var b in bases)
                {
                    ulong sctlr = rng.Next(2) == 0 ? 0 : 0x18ul;
                    rng.NextBytes(data);
                    jit.Memory.WritePrivileged(TestCore.DataBase, data);
                    var s = jit.State;
                    *s = default;
                    for (int v = 0; v < 64; v++) s->V[v] = (ulong)rng.NextInt64();
                    for (int x = 0; x < 31; x++) s->X[x] = (ulong)rng.Next(-16, 80);
                    s->X[1] = b;
                    s->X[31] = b;
                    s->SctlrEl1 = sctlr;
                    s->Pstate = rng.Next(2) == 0 ? 0 : (1u << 2) | PstateBits.SpSel;
                    s->PC = TestCore.CodeBase;
                    RunOne(jit, reference, engine, w, $"({name}) base 0x{b:x} SCTLR 0x{sctlr:x}");
                    runs++;
                }
                Assert.That(engine.Stats.FallbackInstructionsTranslated, Is.Zero, $"{w:x8} ({name}) translated natively");
            }
        }
        TestContext.Out.WriteLine($"{runs} runs over {StructureNames.Length} encodings");
    }

    /// <summary>Known results of LD4/ST4 (.16B) and LD2 (.4S), the de-interleaving of the Arm ARM, besides the interpreter.</summary>
    [Test]
    public void InterleavedStructuresHaveTheArchitecturalLayout()
    {
        using var jit = new TestCore();
        var bytes = new byte[64];
        for (int k = 0; k < 64; k++) bytes[k] = (byte)k;
        jit.Memory.WritePrivileged(TestCore.DataBase + 0x100, bytes);
        // ld4 {v4.16b-v7.16b}, [x1], #64 ; ld2 {v8.4s, v9.4s}, [x2] ; st4 {v4.16b-v7.16b}, [x3]
        jit.Write(TestCore.CodeBase, 0x4CDF0024u, 0x4C408848u, 0x4C000064u, A64.B(0));
        var s = jit.State;
        *s = default;
        s->X[1] = TestCore.DataBase + 0x100;
        s->X[2] = TestCore.DataBase + 0x100;
        s->X[3] = TestCore.DataBase + 0x200;
        s->PC = TestCore.CodeBase;
        using var engine = new TranslatedEngine(jit.State, jit.Memory, new TranslatorOptions { Native = NativeSwitches.AllNative() });
        engine.StepBlock();
        Assert.That(engine.Stats.FallbackInstructionsTranslated, Is.Zero);
        for (int r = 0; r < 4; r++)
            for (int e = 0; e < 16; e++)
                Assert.That((byte)(s->V[2 * (4 + r) + e / 8] >> (8 * (e % 8))), Is.EqualTo((byte)(4 * e + r)), $"v{4 + r}.b[{e}]");
        Assert.That(s->X[1], Is.EqualTo(TestCore.DataBase + 0x140));
        // LD2 .4S: v8 = words 0, 2, 4, 6; v9 = words 1, 3, 5, 7.
        for (int e = 0; e < 4; e++)
        {
            uint w8 = (uint)(s->V[16 + e / 2] >> (32 * (e % 2))), w9 = (uint)(s->V[18 + e / 2] >> (32 * (e % 2)));
            Assert.That(w8, Is.EqualTo(BitConverter.ToUInt32(bytes, 8 * e)), $"v8.s[{e}]");
            Assert.That(w9, Is.EqualTo(BitConverter.ToUInt32(bytes, 8 * e + 4)), $"v9.s[{e}]");
        }
        Assert.That(jit.ReadRange(TestCore.DataBase + 0x200, 64), Is.EqualTo(bytes), "ST4 re-interleaves");
    }

    private static readonly string[] ShiftNames =
    [
        "SHL_vector", "USHR_vector", "SSHR_vector", "USRA_vector", "SSRA_vector", "URSHR_vector", "SRSHR_vector", "URSRA_vector",
        "SRSRA_vector", "SRI_vector", "SLI_vector", "SSHLL_vector", "USHLL_vector", "SHLL", "SHRN_vector", "RSHRN_vector", "XTN",
    ];

    /// <summary>Every shift-by-immediate encoding, every arrangement and every shift amount, over lanes of edge values.</summary>
    [Test]
    public void VectorShiftsOverEveryAmountAgreeWithTheInterpreter()
    {
        ulong[] lanePatterns = [0, ~0ul, 0x8080808080808080, 0x7F7F7F7F7F7F7F7F, 0x0101010101010101, 0x8000800080008000, 0x7FFF7FFF7FFF7FFF,
                                0x8000000080000000, 0x7FFFFFFF7FFFFFFF, 0x8000000000000000, 0x7FFFFFFFFFFFFFFF, 0x0123456789ABCDEF, 0xFEDCBA9876543210,
                                0xC0C0C0C0C0C0C0C0, 0x4040404040404040, 0x00FF00FF00FF00FF];
        using var jit = new TestCore();
        using var reference = new TestCore();
        var rng = new Random(29);
        int runs = 0, words = 0;
        foreach (var name in ShiftNames)
        {
            var e = EncodingTable.Get(name);
            // Bits 22:16 (immh:immb) or 23:22 (size) and Q over all values; registers random.
            for (uint imm = 0; imm < 128; imm++)
                for (uint q = 0; q < 2; q++)
                {
                    uint w = e.Value | ((uint)rng.NextInt64() & ~e.Mask & 0x3FF);
                    w = (w & ~(1u << 30)) | q << 30;
                    if (name is "SHLL" or "XTN") { if (imm >= 4) continue; w = (w & ~(3u << 22)) | imm << 22; }
                    else w = (w & ~(0x7Fu << 16)) | imm << 16;
                    if (Decoder.Decode(w) != e.Id || !BlockEmitter.AcceptsNative(e.Id, w)) continue;
                    words++;
                    jit.Memory.WritePrivileged(TestCore.CodeBase, new byte[TestCore.CodeSize]);
                    jit.Write(TestCore.CodeBase, w);
                    using var engine = new TranslatedEngine(jit.State, jit.Memory, new TranslatorOptions { Native = NativeSwitches.AllNative(), MaxBlockInstructions = 1, MaxRegionBlocks = 1 });
                    for (int t = 0; t < 4; t++)
                    {
                        var s = jit.State;
                        *s = default;
                        for (int v = 0; v < 64; v++) s->V[v] = rng.Next(3) == 0 ? (ulong)rng.NextInt64() : lanePatterns[rng.Next(lanePatterns.Length)];
                        s->PC = TestCore.CodeBase;
                        RunOne(jit, reference, engine, w, "");
                        runs++;
                    }
                    Assert.That(engine.Stats.FallbackInstructionsTranslated, Is.Zero, $"{w:x8} translated natively");
                }
        }
        TestContext.Out.WriteLine($"{runs} runs of {words} words");
        Assert.That(words, Is.GreaterThan(1000));
    }

    /// <summary>TBL/TBX with 1-4 table registers (wrapping past V31), index bytes inside, at and past the table's end.</summary>
    [Test]
    public void TableLookupsAgreeWithTheInterpreter()
    {
        using var jit = new TestCore();
        using var reference = new TestCore();
        var rng = new Random(31);
        int runs = 0;
        for (int variant = 0; variant < 64; variant++)
        {
            uint len = (uint)(variant & 3), q = (uint)(variant >> 2) & 1, tbx = (uint)(variant >> 3) & 1;
            int n = variant % 5 == 0 ? 30 + (variant & 1) : rng.Next(32), m = rng.Next(32), d = rng.Next(32);
            uint w = 0x0E000000u | q << 30 | (uint)m << 16 | len << 13 | tbx << 12 | (uint)n << 5 | (uint)d;
            var e = EncodingTable.Get(tbx == 1 ? "TBX" : "TBL");
            Assert.That(Decoder.Decode(w), Is.EqualTo(e.Id), $"{w:x8}");
            jit.Memory.WritePrivileged(TestCore.CodeBase, new byte[TestCore.CodeSize]);
            jit.Write(TestCore.CodeBase, w);
            using var engine = new TranslatedEngine(jit.State, jit.Memory, new TranslatorOptions { Native = NativeSwitches.AllNative(), MaxBlockInstructions = 1, MaxRegionBlocks = 1 });
            for (int t = 0; t < 20; t++)
            {
                var s = jit.State;
                *s = default;
                for (int v = 0; v < 64; v++) s->V[v] = (ulong)rng.NextInt64();
                var idx = new byte[16];
                for (int k = 0; k < 16; k++) idx[k] = (byte)(rng.Next(4) == 0 ? rng.Next(256) : rng.Next(0, 72));
                s->V[2 * m] = BitConverter.ToUInt64(idx, 0);
                s->V[2 * m + 1] = BitConverter.ToUInt64(idx, 8);
                s->PC = TestCore.CodeBase;
                RunOne(jit, reference, engine, w, "");
                runs++;
            }
            Assert.That(engine.Stats.FallbackInstructionsTranslated, Is.Zero, $"{w:x8} translated natively");
        }
        TestContext.Out.WriteLine($"{runs} runs");
    }
}
