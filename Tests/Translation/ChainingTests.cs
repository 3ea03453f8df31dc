using System.Diagnostics;
using A64Jit.Core.Decoding;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Translator;
using A64Jit.Translator.Emission;
using A64Jit.Translator.Execution;
using static A64Jit.Tests.Translation.A64;

namespace A64Jit.Tests.Translation;

/// <summary>
/// Direct chaining: translations that continue into their successor's translation without
/// returning to the engine. Expected states come from the interpreter (and from the same
/// engine with chaining off).
/// </summary>
[TestFixture]
public unsafe class ChainingTests
{
    private const ulong C = TestCore.CodeBase;
    private const ulong D = TestCore.DataBase;
    private const int NE = 1;

    /// <summary>Single-block translations only: every transition between blocks is a chain (or a dispatch).</summary>
    private static TranslatorOptions Blocks(bool chaining = true, int capacity = 16384, long maxCode = TranslationCache.DefaultMaxInstructions) =>
        new() { MaxRegionBlocks = 1, Chaining = chaining, CacheCapacity = capacity, MaxCodeInstructions = maxCode };

    /// <summary>
    /// A ring of <paramref name="ring"/> two-instruction blocks (<c>add x0, x0, #1; b next</c>), the
    /// last <c>subs x3, x3, #1; b.ne first</c>, then UDF. X3 is the number of rounds.
    /// </summary>
    private static uint[] RingProgram(int ring)
    {
        var words = new List<uint>();
        for (int i = 0; i < ring - 1; i++) { words.Add(AddImm(0, 0, 1)); words.Add(B(4)); }
        words.Add(SubsImm(3, 3, 1));
        words.Add(BCond(NE, -8L * (ring - 1) - 4));
        words.Add(Udf());
        return [.. words];
    }

    private static StopReason RunInterpreter(TestCore core, ulong budget) => new Interpreter(core.State, core.Memory).Run(budget);

    private static string Differences(TestCore a, TestCore b, string nameA, string nameB) =>
        TestCore.StateDifferences(a.State, b.State, nameA, nameB) + TestCore.MemoryDifferences(a, b);

    [Test]
    public void MillionsOfChainedTransitionsDoNotGrowTheHostStack()
    {
        const int ring = 256, rounds = 12_000;
        using var core = new TestCore();
        core.Write(C, RingProgram(ring));
        core.State->X[3] = rounds;
        using var engine = new TranslatedEngine(core.State, core.Memory, Blocks());
        StopReason r = StopReason.None;
        Exception? error = null;
        // A small stack: a chain that pushed a frame per transition would overflow it within a few
        // thousand transitions (a stack overflow ends the test process, which fails the run).
        var t = new Thread(() =>
        {
            try { r = engine.Run(ulong.MaxValue); }
            catch (Exception e) { error = e; }
        }, maxStackSize: 256 * 1024);
        t.Start();
        Assert.That(t.Join(TimeSpan.FromMinutes(2)), Is.True, "the ring finished");
        Assert.That(error, Is.Null);
        Assert.That(r, Is.EqualTo(StopReason.Exception), "the ring ends at the UDF");
        Assert.That(core.State->X[0], Is.EqualTo((ulong)(ring - 1) * rounds));
        long transitions = (long)ring * rounds;
        TestContext.Out.WriteLine(engine.Stats);
        Assert.That(engine.Stats.ChainedEntries, Is.GreaterThan(transitions - 2 * ring), "nearly every transition is a chain");
        Assert.That(engine.Stats.BlocksExecuted, Is.LessThan(4 * ring), "the engine dispatched only while translating");
    }

    [Test]
    public void RingsAgreeWithTheInterpreterWithChainingOnAndOff()
    {
        foreach (bool chaining in new[] { true, false })
        {
            using var jit = new TestCore();
            using var reference = new TestCore();
            jit.Write(C, RingProgram(64));
            jit.State->X[3] = 50;
            reference.CopyFrom(jit);
            using var engine = new TranslatedEngine(jit.State, jit.Memory, Blocks(chaining));
            Assert.That(engine.Run(1_000_000), Is.EqualTo(RunInterpreter(reference, 1_000_000)));
            Assert.That(Differences(jit, reference, "translated", "interpreter"), Is.Empty, $"chaining {chaining}");
            if (chaining) Assert.That(engine.Stats.ChainedEntries, Is.GreaterThan(1000));
            else Assert.That(engine.Stats.ChainedEntries, Is.Zero);
        }
    }

    [Test]
    public void BudgetsEndingInAChainAreExact()
    {
        var program = RingProgram(8);
        using var jit = new TestCore();
        using var reference = new TestCore();
        jit.Write(C, program);
        using var engine = new TranslatedEngine(jit.State, jit.Memory, Blocks());
        var budgets = new List<ulong>();
        for (ulong b = 1; b <= 40; b++) budgets.Add(b);
        budgets.AddRange([63, 64, 65, 99, 100, 101, 157, 158, 159, 160, 161]);
        foreach (ulong budget in budgets)
        {
            var s = jit.State;
            *s = default;
            s->PC = C;
            s->X[3] = 10;
            reference.CopyFrom(jit);
            // Twice: the first run translates, the second runs chained translations.
            for (int pass = 0; pass < 2; pass++)
            {
                *s = *reference.State;
                var r = engine.Run(budget);
                using var fresh = new TestCore();
                fresh.CopyFrom(reference);
                var rr = RunInterpreter(fresh, budget);
                Assert.That(r, Is.EqualTo(rr), $"budget {budget}");
                Assert.That(s->InstructionsRetired, Is.LessThanOrEqualTo(budget));
                Assert.That(Differences(jit, fresh, "translated", "interpreter"), Is.Empty, $"budget {budget}, pass {pass}");
            }
        }
        Assert.That(engine.Stats.ChainedEntries, Is.GreaterThan(0));
    }

    [Test]
    public void RunsResumedAfterABudgetContinueExactly()
    {
        // Many short runs over a chained ring: the state after every run equals the interpreter's
        // after the same runs (no instruction lost or repeated at the cuts).
        using var jit = new TestCore();
        using var reference = new TestCore();
        jit.Write(C, RingProgram(16));
        jit.State->X[3] = 200;
        reference.CopyFrom(jit);
        using var engine = new TranslatedEngine(jit.State, jit.Memory, Blocks());
        var interp = new Interpreter(reference.State, reference.Memory);
        var rng = new Random(7);
        for (int k = 0; k < 2000; k++)
        {
            ulong budget = (ulong)rng.Next(1, 60);
            var r = engine.Run(budget);
            var rr = interp.Run(budget);
            Assert.That(r, Is.EqualTo(rr), $"run {k}");
            Assert.That(Differences(jit, reference, "translated", "interpreter"), Is.Empty, $"run {k}, budget {budget}");
            if (r != StopReason.BudgetExhausted) break;
        }
        Assert.That(engine.Stats.ChainedEntries, Is.GreaterThan(1000));
    }

    [Test]
    public void AStopRequestEndsAnEndlessChain()
    {
        // Two blocks on different pages jumping to each other forever: no region, only chains.
        using var core = new TestCore();
        core.Write(C, AddImm(0, 0, 1), B(0x1000 - 4));
        core.Write(C + 0x1000, AddImm(1, 1, 1), B(-0x1000 - 4));
        using var engine = new TranslatedEngine(core.State, core.Memory, Blocks());
        StopReason r = StopReason.None;
        var t = new Thread(() => r = engine.Run(ulong.MaxValue));
        t.Start();
        var sw = Stopwatch.StartNew();
        while (core.State->X[1] < 1_000_000 && sw.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(1);
        engine.RequestStop();
        Assert.That(t.Join(TimeSpan.FromSeconds(30)), Is.True, "the stop request was honoured");
        Assert.That(r, Is.EqualTo(StopReason.StopRequested));
        var s = core.State;
        Assert.That(s->X[0] + s->X[1], Is.EqualTo(s->InstructionsRetired / 2), "every block ran whole");
        Assert.That(s->PC, Is.EqualTo(C).Or.EqualTo(C + 0x1000), "stopped at a block boundary");
        Assert.That(engine.Stats.ChainedEntries, Is.GreaterThan(100_000));
    }

    [Test]
    public void AChainedToTranslationWhoseCodeIsWrittenIsNotEntered()
    {
        // Page 0: count, and on the 50th iteration store a new instruction into the block on page 1
        // (already translated and chained to 49 times) before jumping there.
        uint newWord = AddImm(2, 2, 100);
        uint[] page0 =
        [
            AddImm(0, 0, 1),
            SubsImm(4, 4, 1),
            BCond(NE, 0x1000 - 8),        // to page 1 while x4 != 0
            StrW(5, 6, 0),                // the 50th time: rewrite page 1's first instruction
            B(0x1000 - 16),
        ];
        uint[] page1 = [AddImm(2, 2, 1), SubsImm(3, 3, 1), BCond(NE, -0x1000 - 8), Udf()];
        foreach (bool chaining in new[] { true, false })
        {
            using var jit = new TestCore(MemoryPermissions.All);
            using var reference = new TestCore(MemoryPermissions.All);
            jit.Write(C, page0);
            jit.Write(C + 0x1000, page1);
            var s = jit.State;
            s->X[3] = 100;
            s->X[4] = 50;
            s->X[5] = newWord;
            s->X[6] = C + 0x1000;
            reference.CopyFrom(jit);
            using var engine = new TranslatedEngine(jit.State, jit.Memory, Blocks(chaining));
            Assert.That(engine.Run(1_000_000), Is.EqualTo(RunInterpreter(reference, 1_000_000)));
            Assert.That(Differences(jit, reference, "translated", "interpreter"), Is.Empty, $"chaining {chaining}");
            Assert.That(s->X[2], Is.GreaterThan(100ul), "the rewritten instruction ran");
            Assert.That(engine.Cache.BlocksInvalidated, Is.GreaterThan(0));
            if (chaining) Assert.That(engine.Stats.ChainedEntries, Is.GreaterThan(100));
        }
    }

    [Test]
    public void AChainedToPageUnmappedIsNotEntered()
    {
        // The ring's second page is unmapped between two runs: the chain into it must fault the
        // fetch (as the interpreter does), not run the translation of the unmapped code.
        using var jit = new TestCore();
        using var reference = new TestCore();
        jit.Write(C, AddImm(0, 0, 1), B(0x1000 - 4));
        jit.Write(C + 0x1000, AddImm(1, 1, 1), B(-0x1000 - 4));
        reference.CopyFrom(jit);
        using var engine = new TranslatedEngine(jit.State, jit.Memory, Blocks());
        Assert.That(engine.Run(10_000), Is.EqualTo(RunInterpreter(reference, 10_000)));
        Assert.That(engine.Stats.ChainedEntries, Is.GreaterThan(1000));
        Assert.That(Differences(jit, reference, "translated", "interpreter"), Is.Empty);
        jit.Memory.Unmap(C + 0x1000, 0x1000);
        reference.Memory.Unmap(C + 0x1000, 0x1000);
        var r = engine.Run(10_000);
        Assert.That(r, Is.EqualTo(RunInterpreter(reference, 10_000)));
        Assert.That(r, Is.EqualTo(StopReason.Exception), "instruction abort");
        Assert.That(TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter"), Is.Empty);
    }

    /// <summary>
    /// Five times: a ring of 6 blocks run 20 rounds (fits the cache: chained), then a ring of 48
    /// blocks run twice (does not fit: every translation is evicted before it is needed again).
    /// </summary>
    private static uint[] TwoRings()
    {
        var w = new List<uint>();
        int outer = w.Count;
        w.Add(Movz(3, 20));
        int a = w.Count;
        for (int i = 0; i < 5; i++) { w.Add(AddImm(0, 0, 1)); w.Add(B(4)); }
        w.Add(SubsImm(3, 3, 1));
        w.Add(BCond(NE, 4L * (a - w.Count)));
        w.Add(Movz(4, 2));
        int b = w.Count;
        for (int i = 0; i < 47; i++) { w.Add(AddImm(1, 1, 1)); w.Add(B(4)); }
        w.Add(SubsImm(4, 4, 1));
        w.Add(BCond(NE, 4L * (b - w.Count)));
        w.Add(SubsImm(5, 5, 1));
        w.Add(BCond(NE, 4L * (outer - w.Count)));
        w.Add(Udf());
        return [.. w];
    }

    [Test]
    public void EvictionUnderTheCodeCapWithChains()
    {
        // A cache of 8 translations, or a code cap of 24 instructions (12 translations): the large
        // ring's translations are evicted all the time while the small ring's chain into each other.
        foreach (var (capacity, maxCode) in new[] { (8, 1L << 20), (16384, 24L) })
        {
            using var jit = new TestCore();
            using var reference = new TestCore();
            jit.Write(C, TwoRings());
            jit.State->X[5] = 5;
            reference.CopyFrom(jit);
            using var engine = new TranslatedEngine(jit.State, jit.Memory, Blocks(capacity: capacity, maxCode: maxCode));
            Assert.That(engine.Run(1_000_000), Is.EqualTo(RunInterpreter(reference, 1_000_000)));
            Assert.That(Differences(jit, reference, "translated", "interpreter"), Is.Empty);
            Assert.That(jit.State->X[1], Is.EqualTo(5ul * 2 * 47), "the large ring ran");
            Assert.That(engine.Cache.Evictions, Is.GreaterThan(100));
            Assert.That(engine.Cache.Count, Is.LessThanOrEqualTo(capacity));
            Assert.That(engine.Cache.InstructionCount, Is.LessThanOrEqualTo(maxCode));
            Assert.That(engine.Stats.ChainedEntries, Is.GreaterThan(300), "the small ring chained");
            TestContext.Out.WriteLine(engine.Stats);
        }
    }

    [Test]
    public void StepBlockAndStepTranslationDoNotChain()
    {
        using var core = new TestCore();
        core.Write(C, RingProgram(8));
        core.State->X[3] = 1000;
        using var engine = new TranslatedEngine(core.State, core.Memory, Blocks());
        engine.Run(200); // translate the ring
        long chained = engine.Stats.ChainedEntries;
        for (int k = 0; k < 50; k++)
        {
            ulong before = core.State->InstructionsRetired;
            Assert.That(engine.StepBlock(), Is.EqualTo(StopReason.None));
            Assert.That(core.State->InstructionsRetired - before, Is.EqualTo(2ul), "one block of two instructions");
            before = core.State->InstructionsRetired;
            Assert.That(engine.StepTranslation(1000), Is.EqualTo(StopReason.None));
            Assert.That(core.State->InstructionsRetired - before, Is.EqualTo(2ul), "one translation of one block");
        }
        Assert.That(engine.Stats.ChainedEntries, Is.EqualTo(chained));
    }

    [Test]
    public void RandomProgramsAgreeWithTheInterpreterWithChaining()
    {
        // Random programs of interpreter-implemented encodings (branches redirected inside the
        // program), run with Run(budget): chaining on against the interpreter and against chaining off.
        var encodings = Interpreter.ImplementedEncodings.Where(e => e.Name != "UDF").ToArray();
        // Control flow and integer arithmetic (few memory accesses and hardly any faults): long runs
        // of many small blocks, the case chaining is for.
        string[] flowNames =
        [
            "B", "BL", "B_cond", "CBZ", "CBNZ", "TBZ", "TBNZ", "RET", "BR", "BLR",
            "ADD_imm", "ADDS_imm", "SUB_imm", "SUBS_imm", "MOVZ", "MOVK", "ADD_shift", "SUBS_shift", "ORR_shift", "AND_imm",
            "CSEL", "CSINC", "CCMP_imm", "MADD", "LDR_imm_offset", "STR_imm_offset",
        ];
        var flow = encodings.Where(e => flowNames.Contains(e.Name)).ToArray();
        Assert.That(flow, Has.Length.EqualTo(flowNames.Length));
        int programsWanted = int.TryParse(Environment.GetEnvironmentVariable("A64JIT_CHAIN_PROGRAMS"), out int p) ? p : 300;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("A64JIT_LOCKSTEP_SEED"), out int sd) ? sd : Environment.TickCount & 0x7FFFFFFF;
        TestContext.Out.WriteLine($"seed {seed}");
        var rng = new Random(seed);
        using var on = new TestCore();
        using var off = new TestCore();
        using var reference = new TestCore();
        long chained = 0, instructions = 0;
        for (int program = 0; program < programsWanted; program++)
        {
            int length = rng.Next(4, 64);
            ulong start = C + (rng.Next(4) == 0 ? 0x1000 - 4ul * (ulong)rng.Next(1, 24) : 4ul * (ulong)rng.Next(0, 256));
            var pool = rng.Next(4) != 0 ? flow : encodings;
            var words = new uint[length];
            for (int i = 0; i < length; i++) words[i] = LockstepTests.RandomWord(rng, pool, i, length);
            on.Memory.WritePrivileged(C, new byte[TestCore.CodeSize]);
            on.Write(start, words);
            var data = new byte[TestCore.DataSize];
            rng.NextBytes(data);
            on.Memory.WritePrivileged(D, data);
            var s = on.State;
            *s = default;
            for (int i = 0; i < 31; i++)
                s->X[i] = rng.Next(4) switch
                {
                    0 => D + (ulong)rng.Next(0, (int)TestCore.DataSize),
                    1 => start + 4ul * (ulong)rng.Next(0, length),
                    2 => (ulong)rng.Next(-8, 256),
                    _ => (ulong)rng.NextInt64(),
                };
            s->X[31] = D + 0x2000 + 16ul * (ulong)rng.Next(-64, 64);
            s->Nzcv = (uint)rng.Next(16) << 28;
            s->Pstate = rng.Next(2) == 0 ? 0 : (1u << 2) | PstateBits.SpSel;
            s->PC = start;
            off.CopyFrom(on);
            reference.CopyFrom(on);
            int regionBlocks = rng.Next(3) == 0 ? 16 : 1;
            int hot = rng.Next(3) == 0 ? rng.Next(1, 3) : 0;
            TranslatorOptions Options(bool chaining) => new()
            {
                MaxRegionBlocks = regionBlocks,
                HotThreshold = hot,
                Chaining = chaining,
                MaxBlockInstructions = rng.Next(4) == 0 ? 3 : 64,
            };
            var optionsOn = Options(true);
            var optionsOff = new TranslatorOptions { MaxRegionBlocks = regionBlocks, HotThreshold = hot, Chaining = false, MaxBlockInstructions = optionsOn.MaxBlockInstructions };
            using var engineOn = new TranslatedEngine(on.State, on.Memory, optionsOn);
            using var engineOff = new TranslatedEngine(off.State, off.Memory, optionsOff);
            var interp = new Interpreter(reference.State, reference.Memory);
            for (int run = 0; run < 4; run++)
            {
                ulong budget = rng.Next(3) == 0 ? (ulong)rng.Next(1, 50) : 2000;
                var r = engineOn.Run(budget);
                var rOff = engineOff.Run(budget);
                var rr = interp.Run(budget);
                string diff = r != rr ? $"stop: chained {r}, interpreter {rr}\n" : "";
                diff += Differences(on, reference, "chained", "interpreter");
                if (rOff != r) diff += $"stop: chaining off {rOff}\n";
                diff += Differences(on, off, "chained", "chaining off");
                if (diff.Length != 0)
                    Assert.Fail($"seed {seed}, program {program} at 0x{start:x} ({length} words, region cap {regionBlocks}, hot {hot}, cap {optionsOn.MaxBlockInstructions}), run {run}, budget {budget}:\n" +
                                string.Join('\n', words.Select((w, i) => $"  {start + 4ul * (ulong)i:x8}: {w:x8}  {Describe(w, start + 4ul * (ulong)i)}")) + "\n" + diff);
                if (r != StopReason.BudgetExhausted) break;
            }
            chained += engineOn.Stats.ChainedEntries;
            instructions += engineOn.Stats.InstructionsExecuted;
        }
        TestContext.Out.WriteLine($"{programsWanted} programs, {instructions} instructions, {chained} chained entries");
        Assert.That(chained, Is.GreaterThan(0), "the programs chained");
    }

    private static string Describe(uint word, ulong pc)
    {
        try { return A64Jit.Core.Disassembly.Disassembler.Format(word, pc); }
        catch (Exception e) { return e.GetType().Name; }
    }
}
