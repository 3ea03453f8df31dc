using System.Text;
using A64Jit.Core.Decoding;
using A64Jit.Core.Interpretation;
using A64Jit.Core.State;
using A64Jit.Translator.Emission;
using A64Jit.Translator.Execution;

namespace A64Jit.Tests.Translation;

/// <summary>
/// Differential lockstep test of translated code against the interpreter: random programs
/// drawn from the encodings that have interpreter methods (so the test grows with the
/// interpreter), run block by block by the translator and instruction by instruction by
/// the interpreter on twin cores, comparing the complete state and memory after every block.
/// </summary>
/// <remarks>
/// A64JIT_LOCKSTEP_BLOCKS sets the number of blocks (default 10,000); A64JIT_LOCKSTEP_SEED the
/// seed. Branch offsets are rewritten to land inside the program (forward and backward);
/// base registers point into the data region (its last page borders an unmapped one) so
/// loads and stores mostly hit, sometimes fault. A quarter of the programs run with every
/// native switch off (pure fallback), the rest with all native IL on; block size caps vary
/// and programs may start near the end of a page so blocks also end at page boundaries; a
/// third of the programs interpret cold code first (tiering) so both paths mix.
/// </remarks>
[TestFixture]
public unsafe class LockstepTests
{
    private static readonly HashSet<string> BranchFields26 = ["B", "BL"];
    private static readonly HashSet<string> BranchFields19 = ["B_cond", "CBZ", "CBNZ", "LDR_lit", "LDRSW_lit", "PRFM_lit"];
    private static readonly HashSet<string> BranchFields14 = ["TBZ", "TBNZ"];

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var v) && v > 0 ? v : fallback;

    /// <param name="nativeFocus">
    /// Draw only encodings that have native IL too (and put a B.cond after a compare half of
    /// the time, for the fused form); blocks default to half the general count.
    /// </param>
    private static readonly A64Jit.Core.Decoding.Encoding[] FlagSetters =
        new[] { "ADDS_imm", "SUBS_imm", "ADDS_shift", "SUBS_shift", "ADDS_ext", "SUBS_ext", "ANDS_imm", "ANDS_shift", "BICS_shift" }
            .Select(EncodingTable.Get).ToArray();
    private static readonly A64Jit.Core.Decoding.Encoding[] FlagReaders =
        new[] { "B_cond", "CSEL", "CSINC", "CSINV", "CSNEG", "CCMP_imm", "CCMP_reg", "CCMN_imm", "CCMN_reg", "ADC", "ADCS", "SBC", "SBCS" }
            .Select(EncodingTable.Get).ToArray();

    [TestCase(false)]
    [TestCase(true)]
    public void TranslatedBlocksAgreeWithTheInterpreter(bool nativeFocus)
    {
        var encodings = Interpreter.ImplementedEncodings.Where(e => e.Name != "UDF" && (!nativeFocus || BlockEmitter.HasNative(e.Id))).ToArray();
        Assert.That(encodings, Is.Not.Empty);
        int blocksWanted = EnvInt("A64JIT_LOCKSTEP_BLOCKS", 10_000) / (nativeFocus ? 2 : 1);
        bool fuse = nativeFocus && encodings.Any(e => e.Name == "B_cond");
        int seed = EnvInt("A64JIT_LOCKSTEP_SEED", Environment.TickCount & 0x7FFFFFFF);
        TestContext.Out.WriteLine($"seed {seed}; {encodings.Length} encodings with interpreter methods: {string.Join(' ', encodings.Select(e => e.Name))}");
        var rng = new Random(seed);

        using var jit = new TestCore();
        using var reference = new TestCore();
        int blocks = 0, programs = 0;
        long instructions = 0;
        var totals = new TranslationStats();
        while (blocks < blocksWanted)
        {
            programs++;
            int length = rng.Next(1, 48);
            ulong start = TestCore.CodeBase + (rng.Next(4) == 0 ? 0x1000 - 4ul * (ulong)rng.Next(1, 24) : 4ul * (ulong)rng.Next(0, 256));
            var words = new uint[length];
            int lastSetter = -10;
            for (int i = 0; i < length; i++)
            {
                bool afterCompare = i > 0 && fuse && (words[i - 1] & 0x7F000000u) is 0x71000000u or 0x6B000000u && rng.Next(2) == 0;
                // Deferred flags: flag-setting ALU instructions followed, directly or a few
                // instructions later (memory accesses that may fault, other ALU work), by readers.
                bool reader = fuse && i - lastSetter <= 3 && rng.Next(2) == 0;
                var pool = afterCompare ? [EncodingTable.Get("B_cond")] : reader ? FlagReaders : fuse && rng.Next(6) == 0 ? FlagSetters : encodings;
                words[i] = RandomWord(rng, pool, i, length);
                if (pool == FlagSetters) lastSetter = i;
            }

            // Fresh twin state: zeroed code and data, random registers.
            jit.Memory.WritePrivileged(TestCore.CodeBase, new byte[TestCore.CodeSize]);
            jit.Write(start, words);
            var dataBytes = new byte[TestCore.DataSize];
            rng.NextBytes(dataBytes);
            jit.Memory.WritePrivileged(TestCore.DataBase, dataBytes);
            var s = jit.State;
            *s = default;
            for (int i = 0; i < 31; i++)
                s->X[i] = rng.Next(4) switch
                {
                    0 => TestCore.DataBase + (ulong)rng.Next(0, (int)TestCore.DataSize),
                    1 => TestCore.DataBase + (ulong)rng.Next(0, 0x800) / 16 * 16,
                    2 => (ulong)rng.Next(-8, 256),
                    _ => (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63),
                };
            s->X[31] = TestCore.DataBase + 0x2000 + 16ul * (ulong)rng.Next(-64, 64);
            s->Nzcv = (uint)rng.Next(16) << 28;
            s->Pstate = rng.Next(2) == 0 ? 0 : (1u << 2) | PstateBits.SpSel;
            s->PC = start;
            reference.CopyFrom(jit);

            bool native = programs % 4 != 3;
            var options = new TranslatorOptions
            {
                Native = native ? NativeSwitches.AllNative() : NativeSwitches.NoneNative(),
                MaxBlockInstructions = rng.Next(3) == 0 ? rng.Next(1, 8) : 64,
                HotThreshold = rng.Next(3) == 0 ? rng.Next(1, 3) : 0,
                // Regions (loops inside one method) most of the time, sometimes capped small or off.
                MaxRegionBlocks = rng.Next(4) switch { 0 => 1, 1 => rng.Next(2, 4), _ => 16 },
                MaxRegionInstructions = rng.Next(3) == 0 ? rng.Next(4, 64) : 256,
                RegionLoopsOnly = rng.Next(2) == 0,
            };
            using var engine = new TranslatedEngine(jit.State, jit.Memory, options);
            var interp = new Interpreter(reference.State, reference.Memory);

            ulong executed = 0;
            while (executed < 400 && blocks < blocksWanted)
            {
                ulong pc = s->PC, before = s->InstructionsRetired;
                // A budget that may end inside a loop of a region, and sometimes a stop request
                // pending (a region polls it on its backward jumps and leaves there).
                ulong budget = rng.Next(3) == 0 ? (ulong)rng.Next(1, 40) : 400;
                bool stop = rng.Next(8) == 0;
                if (stop) s->StopRequest = reference.State->StopRequest = 1;
                var r = engine.StepTranslation(budget);
                s->StopRequest = reference.State->StopRequest = 0;
                ulong n = s->InstructionsRetired - before;
                var rr = StopReason.None;
                for (ulong k = 0; k < n && rr == StopReason.None; k++) rr = interp.Step();
                if (rr == StopReason.None && r != StopReason.None) rr = interp.Step();
                blocks++;
                executed += n;
                string diff = rr != r ? $"stop: translated {r}, interpreter {rr}\n" : "";
                if (n > budget) diff += $"{n} instructions retired on a budget of {budget}\n";
                diff += TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter");
                diff += TestCore.MemoryDifferences(jit, reference);
                if (diff.Length != 0)
                    Assert.Fail($"seed {seed}, program {programs} ({(native ? "native" : "fallback only")}, cap {options.MaxBlockInstructions}, region cap {options.MaxRegionBlocks}/{options.MaxRegionInstructions}{(options.RegionLoopsOnly ? " loops only" : "")}, budget {budget}{(stop ? ", stop requested" : "")}), block at 0x{pc:x}:\n" +
                                Listing(engine, pc, start, words) + diff);
                if (r != StopReason.None) break;
            }
            instructions += (long)executed;
            Accumulate(totals, engine.Stats);
        }
        TestContext.Out.WriteLine($"{blocks} blocks, {programs} programs, {instructions} guest instructions compared");
        TestContext.Out.WriteLine(totals);
    }

    private static void Accumulate(TranslationStats t, TranslationStats s)
    {
        t.BlocksTranslated += s.BlocksTranslated;
        t.InstructionsTranslated += s.InstructionsTranslated;
        t.NativeInstructionsTranslated += s.NativeInstructionsTranslated;
        t.FallbackInstructionsTranslated += s.FallbackInstructionsTranslated;
        t.FusedCompareBranches += s.FusedCompareBranches;
        t.RegionsTranslated += s.RegionsTranslated;
        t.RegionBlocksTranslated += s.RegionBlocksTranslated;
        t.EmitTicks += s.EmitTicks;
        t.JitTicks += s.JitTicks;
        t.BlocksExecuted += s.BlocksExecuted;
        t.InstructionsExecuted += s.InstructionsExecuted;
        t.InterpretedSteps += s.InterpretedSteps;
        t.FallbackExecutions += s.FallbackExecutions;
    }

    private static string Listing(TranslatedEngine engine, ulong pc, ulong start, uint[] words)
    {
        var sb = new StringBuilder();
        var block = A64Jit.Translator.Blocks.BlockDiscovery.Discover(engine.Memory, pc, engine.Options.MaxBlockInstructions);
        sb.Append("block:\n").Append(block.Disassemble());
        sb.Append("program:\n");
        for (int i = 0; i < words.Length; i++)
        {
            ulong a = start + 4ul * (ulong)i;
            var e = A64Jit.Core.Decoding.Decoder.DecodeEncoding(words[i]);
            string text;
            try { text = e == null ? ".inst" : e.Format(words[i], a).Replace('\t', ' '); } catch (Exception ex) { text = ex.GetType().Name; }
            sb.Append($"  {a:x8}: {words[i]:x8}  {text}\n");
        }
        return sb.ToString();
    }

    /// <summary>A random word of a random encoding; PC-relative offsets are redirected into the program.</summary>
    internal static uint RandomWord(Random rng, A64Jit.Core.Decoding.Encoding[] encodings, int index, int length)
    {
        for (int attempt = 0; ; attempt++)
        {
            var e = encodings[rng.Next(encodings.Length)];
            uint w = e.Value | ((uint)rng.NextInt64() & ~e.Mask);
            int target = rng.Next(-1, length + 1); // one before and one past the program too
            long delta = target - index;
            if (BranchFields26.Contains(e.Name)) w = e.Field("imm26").Insert(w, (uint)delta);
            else if (BranchFields19.Contains(e.Name)) w = e.Field(e.Name.EndsWith("_lit") ? "imm19" : "imm19").Insert(w, (uint)delta);
            else if (BranchFields14.Contains(e.Name)) w = e.Field("imm14").Insert(w, (uint)delta);
            // The generic timer's EL0 registers (op1 = 3, CRn = 14: CNTVCT, CNTV_TVAL, CNTV_CTL, ...)
            // follow host time, which differs between the two twins' runs: a value that depends on
            // when it was read cannot be compared (SystemNativeTests checks them on their own).
            if (e.Name is "MRS" or "MSR_reg" && ((w >> 16) & 7) == 3 && ((w >> 12) & 15) == 14) continue;
            if (A64Jit.Core.Decoding.Decoder.Decode(w) == e.Id) return w;
            if (attempt > 1000) throw new InvalidOperationException($"cannot draw a word of {e.Name}");
        }
    }
}
