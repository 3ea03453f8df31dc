using System.Diagnostics;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Translator;
using A64Jit.Translator.Execution;
using static A64Jit.Tests.Translation.A64;

namespace A64Jit.Tests.Translation;

/// <summary>
/// Chaining and region jumps against translations dropped from the cache: the per-core jump
/// cache is trusted only while <see cref="BlockContext.Dropped"/> is clear, and region jumps
/// test that flag (with the stop request at back edges). Expected states come from the interpreter.
/// </summary>
[TestFixture]
public unsafe class ChainDropTests
{
    private const ulong C = TestCore.CodeBase;
    private const int NE = 1;

    private static TranslatorOptions Blocks() => new() { MaxRegionBlocks = 1 };

    private static StopReason RunInterpreter(TestCore core, ulong budget) => new Interpreter(core.State, core.Memory).Run(budget);

    [Test]
    public void ADroppedTranslationIsNotChainedIntoWhenItsPageIsMarkedAgain()
    {
        // Page 0 counts and jumps to X on page 1; the 50th time it first rewrites X's first
        // instruction. While that store is reported, another core sharing the cache translates Y,
        // also on page 1, so the page carries the code mark again when the chain to X is looked up:
        // only the drop notice keeps this core's jump-cache entry of the old X from being entered.
        uint newWord = AddImm(2, 2, 100);
        uint[] page0 = [AddImm(0, 0, 1), SubsImm(4, 4, 1), BCond(NE, 0x1000 - 8), StrW(5, 6, 0), B(0x1000 - 16)];
        uint[] x = [AddImm(2, 2, 1), SubsImm(3, 3, 1), BCond(NE, -0x1000 - 8), Udf()];
        const ulong X = C + 0x1000, Y = C + 0x1800;
        using var jit = new TestCore(MemoryPermissions.All);
        using var reference = new TestCore(MemoryPermissions.All);
        using var other = new TestCore();
        jit.Write(C, page0);
        jit.Write(X, x);
        jit.Write(Y, AddImm(9, 9, 1), Udf());
        var s = jit.State;
        s->X[3] = 100;
        s->X[4] = 50;
        s->X[5] = newWord;
        s->X[6] = X;
        reference.CopyFrom(jit);
        using var engine = new TranslatedEngine(jit.State, jit.Memory, Blocks());
        using var second = new TranslatedEngine(other.State, jit.Memory, Blocks(), engine.Cache);
        int relooked = 0;
        void translateY(ulong page)
        {
            if (page != (X & ~GuestMemory.PageMask)) return;
            Assert.That(second.Lookup(Y), Is.Not.Null);
            relooked++;
        }
        // After the cache's own handlers (subscribed by the engine): the cache has dropped the page
        // when these run, and Y's translation marks it again.
        jit.Memory.CodeWrite += translateY;
        jit.Memory.CodeWritten += translateY;
        try
        {
            var r = engine.Run(1_000_000);
            Assert.That(r, Is.EqualTo(RunInterpreter(reference, 1_000_000)));
        }
        finally
        {
            jit.Memory.CodeWrite -= translateY;
            jit.Memory.CodeWritten -= translateY;
        }
        Assert.That(TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter"), Is.Empty);
        Assert.That(relooked, Is.GreaterThan(0), "the store was reported");
        Assert.That(engine.Cache.Find(Y, 0), Is.Not.Null, "page 1 carries the code mark again");
        Assert.That(engine.Stats.ChainedEntries, Is.GreaterThan(100));
    }

    [Test]
    public void AForwardRegionJumpAfterAStoreToItsTargetRunsTheNewCode()
    {
        // One region: block 0 stores a new first instruction into block 1, then jumps forward to it.
        uint newWord = AddImm(0, 0, 100);
        uint[] code = [StrW(4, 3, 0), B(12), Udf(), Udf(), AddImm(0, 0, 1), Udf()];
        foreach (bool chaining in new[] { true, false })
        {
            using var jit = new TestCore(MemoryPermissions.All);
            using var reference = new TestCore(MemoryPermissions.All);
            jit.Write(C, code);
            jit.State->X[3] = C + 16;
            jit.State->X[4] = newWord;
            reference.CopyFrom(jit);
            using var engine = new TranslatedEngine(jit.State, jit.Memory, new TranslatorOptions { Chaining = chaining });
            Assert.That(engine.Run(1000), Is.EqualTo(RunInterpreter(reference, 1000)));
            Assert.That(TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter"), Is.Empty, $"chaining {chaining}");
            Assert.That(engine.Stats.RegionsTranslated, Is.EqualTo(1), "the jump is inside a region");
            Assert.That(engine.Cache.BlocksInvalidated, Is.GreaterThan(0));
        }
    }

    [Test]
    public void ARegionLoopThatDropsAnotherTranslationAgreesWithTheInterpreter()
    {
        // A loop region on page 0 stores into a translated block on page 1 (a drop, not of the
        // region): the loop leaves its region at its next jump and the dispatcher enters it again;
        // the rewritten block runs new code, results and retired counts stay exact.
        uint[] page0 = [AddImm(0, 0, 1), StrW(4, 3, 0), SubsImm(1, 1, 1), BCond(NE, -12), B(0x1000 - 16)];
        uint[] page1 = [AddImm(2, 2, 1), Udf()];
        using var jit = new TestCore(MemoryPermissions.All);
        using var reference = new TestCore(MemoryPermissions.All);
        jit.Write(C, page0);
        jit.Write(C + 0x1000, page1);
        jit.State->X[1] = 300;
        jit.State->X[3] = C + 0x1000;
        jit.State->X[4] = AddImm(2, 2, 7);
        reference.CopyFrom(jit);
        using var engine = new TranslatedEngine(jit.State, jit.Memory);
        // Translate page 1 first so that the loop's stores drop something.
        Assert.That(engine.Lookup(C + 0x1000), Is.Not.Null);
        Assert.That(engine.Run(100_000), Is.EqualTo(RunInterpreter(reference, 100_000)));
        Assert.That(TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter"), Is.Empty);
        Assert.That(jit.State->X[2], Is.EqualTo(reference.State->X[2]));
    }

    /// <summary>
    /// A core runs chains and a region loop forever while another thread flushes the shared cache
    /// and forces collections (dropped translations' methods are freed once unreferenced: one still
    /// running must stay referenced), then asks it to stop. The state must be the one the
    /// interpreter reaches in the same number of instructions.
    /// </summary>
    [TestCase(false)]
    [TestCase(true)]
    public void FlushesAndCollectionsWhileACoreChainsAndLoops(bool singleBlocks)
    {
        // Page 0: x2 = 16; loop: x0 += 1; x2 -= 1; b.ne loop; b page 1. Page 1: x1 += 1; b page 0.
        uint[] page0 = [Movz(2, 16), AddImm(0, 0, 1), SubsImm(2, 2, 1), BCond(NE, -8), B(0x1000 - 16)];
        uint[] page1 = [AddImm(1, 1, 1), B(-0x1000 - 4)];
        using var jit = new TestCore();
        using var reference = new TestCore();
        jit.Write(C, page0);
        jit.Write(C + 0x1000, page1);
        reference.CopyFrom(jit);
        using var engine = new TranslatedEngine(jit.State, jit.Memory, singleBlocks ? Blocks() : new TranslatorOptions());
        StopReason r = StopReason.None;
        Exception? failure = null;
        var runner = new Thread(() =>
        {
            try { r = engine.Run(ulong.MaxValue); }
            catch (Exception e) { failure = e; }
        }, 1 << 20);
        runner.Start();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < 20 && runner.IsAlive; i++)
        {
            Thread.Sleep(2);
            engine.Cache.Flush();
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        engine.RequestStop();
        Assert.That(runner.Join(TimeSpan.FromSeconds(60)), Is.True, "the stop request was honoured");
        Assert.That(failure, Is.Null);
        Assert.That(r, Is.EqualTo(StopReason.StopRequested));
        var s = jit.State;
        ulong retired = s->InstructionsRetired;
        TestContext.Out.WriteLine($"{watch.ElapsedMilliseconds} ms, {retired} instructions; {engine.Stats}");
        Assert.That(engine.Stats.BlocksTranslated, Is.GreaterThan(3), "translated again after flushes");
        Assert.That(RunInterpreter(reference, retired), Is.EqualTo(StopReason.BudgetExhausted));
        // The run ended by the stop request with the rest of an unlimited budget, the reference by its budget.
        s->ExitReason = reference.State->ExitReason;
        s->Budget = reference.State->Budget;
        Assert.That(TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter"), Is.Empty);
    }
}
