using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Runtime.Execution;
using A64Jit.Translator;
using A64Jit.Translator.Execution;
using static A64Jit.Tests.Translation.A64;

namespace A64Jit.Tests.Translation;

/// <summary>
/// Background compilation (<see cref="TranslatorOptions.BackgroundCompilation"/>): hot blocks are
/// compiled on another thread while the engine interprets them. Expected states come from the
/// interpreter run on a twin core; the races that matter (code written, unmapped, flushed while a
/// translation of it is compiled) are made deterministic by pausing the compiler.
/// </summary>
[TestFixture]
public unsafe class BackgroundCompilationTests
{
    private const ulong C = TestCore.CodeBase;
    private const ulong D = TestCore.DataBase;
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(60);

    private static uint AddReg(int d, int n, int m) => Check("ADD_shift", 0x8B000000u | (uint)m << 16 | (uint)n << 5 | (uint)d);

    // Nested loops with a call: 300 x 50 inner iterations; the callee counts in memory.
    private static readonly uint[] NestedLoops = BuildNestedLoops();

    private static uint[] BuildNestedLoops()
    {
        var w = new uint[24];
        w[0] = Movz(0, 0);
        w[1] = Movz(1, 300);
        w[2] = Movz(3, (uint)(D & 0xFFFF));
        w[3] = Movk(3, (uint)(D >> 16), 1);
        w[4] = Movz(2, 50);                 // outer:
        w[5] = AddImm(0, 0, 3);             // inner:
        w[6] = Bl((20 - 6) * 4);
        w[7] = SubsImm(2, 2, 1);
        w[8] = BCond(1, (5 - 8) * 4);       // b.ne inner
        w[9] = StrX(0, 3, 16);
        w[10] = SubsImm(1, 1, 1);
        w[11] = BCond(1, (4 - 11) * 4);     // b.ne outer
        w[12] = Udf();
        for (int i = 13; i < 20; i++) w[i] = Udf();
        w[20] = LdrX(6, 3, 8);              // func:
        w[21] = AddImm(6, 6, 1);
        w[22] = StrX(6, 3, 8);
        w[23] = Ret();
        return w;
    }

    private static TranslatorOptions Background(int hot, int capacity = BackgroundCompiler.DefaultCapacity, int maxRegionBlocks = 16) =>
        new() { BackgroundCompilation = true, HotThreshold = hot, BackgroundQueueCapacity = capacity, MaxRegionBlocks = maxRegionBlocks };

    private static void AssertSame(TestCore jit, TestCore reference, string what)
    {
        Assert.That(TestCore.StateDifferences(jit.State, reference.State, "background", "interpreter"), Is.Empty, what);
        Assert.That(TestCore.MemoryDifferences(jit, reference), Is.Empty, what);
    }

    private static void AssertAccounted(BackgroundCompiler bc)
    {
        Assert.That(bc.Requested, Is.EqualTo(bc.Completed + bc.Refused + bc.Failures + bc.Abandoned + bc.Taken + bc.Queued + (bc.IsBusy ? 1 : 0)),
            $"requested {bc.Requested}, completed {bc.Completed}, refused {bc.Refused}, failed {bc.Failures}, abandoned {bc.Abandoned}, taken {bc.Taken}");
    }

    [Test]
    public void ResultsEqualTheInterpretersInEveryChunk([Values(0, 1, 4, 16)] int hot)
    {
        using var jit = new TestCore();
        using var reference = new TestCore();
        jit.Write(C, NestedLoops);
        reference.Write(C, NestedLoops);
        using var engine = new TranslatedEngine(jit.State, jit.Memory, Background(hot));
        var interpreter = new Interpreter(reference.State, reference.Memory);
        var rng = new Random(hot + 1);
        for (int chunk = 0; ; chunk++)
        {
            ulong budget = (ulong)rng.Next(1, 3000);
            var r = engine.Run(budget);
            var rr = interpreter.Run(budget);
            Assert.That(r, Is.EqualTo(rr), $"chunk {chunk}");
            AssertSame(jit, reference, $"chunk {chunk}, budget {budget}");
            if (r != StopReason.BudgetExhausted) break;
            // Sometimes let the compiler catch up, sometimes race with it.
            if (rng.Next(4) == 0) Assert.That(engine.Background!.WaitIdle(Idle), Is.True);
        }
        Assert.That(jit.State->X[0], Is.EqualTo(3ul * 300 * 50));
        var bc = engine.Background!;
        Assert.That(bc.WaitIdle(Idle), Is.True);
        Assert.That(bc.Failures, Is.Zero, bc.LastFailure?.ToString());
        Assert.That(bc.Completed, Is.GreaterThan(0));
        Assert.That(engine.Stats.BlocksExecuted, Is.GreaterThan(0), "translated code ran");
        AssertAccounted(bc);
        TestContext.Out.WriteLine($"hot {hot}: {engine.Stats}; requested {bc.Requested}, completed {bc.Completed}, refused {bc.Refused}, dropped {bc.Dropped}");
    }

    [Test]
    public void StatisticsCountBackgroundWork()
    {
        using var core = new TestCore();
        core.Write(C, NestedLoops);
        using var engine = new TranslatedEngine(core.State, core.Memory, Background(2));
        StopReason r;
        do
        {
            r = engine.Run(5000);
            Assert.That(engine.Background!.WaitIdle(Idle), Is.True);
        }
        while (r == StopReason.BudgetExhausted);
        Assert.That(r, Is.EqualTo(StopReason.Exception));
        var st = engine.Stats;
        Assert.That(engine.Background.Completed, Is.GreaterThan(0));
        // Made in the background, or by the engine when it took a request back from the queue.
        Assert.That(st.BlocksTranslated, Is.InRange(engine.Background.Completed, engine.Background.Completed + engine.Background.Taken));
        Assert.That(st.BlocksTranslated, Is.EqualTo(engine.Cache.Count));
        Assert.That(st.InstructionsTranslated, Is.EqualTo(engine.Cache.InstructionCount));
        Assert.That(st.JitTicks, Is.GreaterThan(0));
        Assert.That(st.EmitTicks, Is.GreaterThan(0));
        Assert.That((ulong)st.InstructionsExecuted, Is.EqualTo(core.State->InstructionsRetired));
    }

    [Test]
    public void TheTieredEngineReportsBackgroundTranslations()
    {
        using var cpu = new CpuContext();
        using var memory = new GuestMemory(36);
        memory.Map(C, TestCore.CodeSize, MemoryPermissions.ReadExecute);
        memory.Map(D, TestCore.DataSize, MemoryPermissions.ReadWrite);
        for (int i = 0; i < NestedLoops.Length; i++) memory.WriteU32Privileged(C + 4ul * (ulong)i, NestedLoops[i]);
        cpu.State->PC = C;
        using var engine = new TranslatingEngine(EnginePolicy.Tiered, cpu, memory, backgroundCompilation: true);
        Assert.That(engine.BackgroundCompiler, Is.Not.Null);
        // Past the tiered warm-up, so that blocks get hot: the program is run again from its start when it ends.
        for (int k = 0; k < 80; k++)
            if (engine.Run(10_000) == StopReason.Exception) cpu.State->PC = C;
        Assert.That(engine.BackgroundCompiler!.WaitIdle(Idle), Is.True);
        Assert.That(engine.BackgroundCompiler.Completed, Is.GreaterThan(0));
        Assert.That(engine.Statistics.BlocksTranslated, Is.EqualTo((ulong)engine.TranslationStatistics.BlocksTranslated));
        var bc = engine.BackgroundCompiler;
        Assert.That(engine.Statistics.BlocksTranslated, Is.InRange((ulong)bc.Completed, (ulong)(bc.Completed + bc.Taken)));
        Assert.That(engine.Statistics.TranslationTime, Is.GreaterThan(TimeSpan.Zero));
    }

    // loop (at L): bl F (on the next page); x0 += x5; every `period` iterations rewrite F's
    // first instruction to MOVZ x5, #x1; x1 -= 1; b.ne loop. F: movz x5, #1; ret.
    private static (uint[] Loop, uint[] F) SelfModifying(uint iterations, uint period)
    {
        const ulong f = C + 0x1000;
        uint movzX5 = Movz(5, 0);
        var w = new List<uint>
        {
            Movz(0, 0), Movz(1, iterations),
            Movz(3, (uint)(f & 0xFFFF)), Movk(3, (uint)(f >> 16), 1),
            Movz(4, movzX5 & 0xFFFF), Movk(4, movzX5 >> 16, 1),
            Movz(9, period),
        };
        int loop = w.Count;
        w.Add(Bl((long)(f - (C + 4ul * (ulong)w.Count))));
        w.Add(AddReg(0, 0, 5));
        w.Add(SubsImm(9, 9, 1));
        w.Add(BCond(1, 5 * 4));     // b.ne skip
        w.Add(Movz(9, period));
        w.Add(LslW(7, 1, 5));
        w.Add(OrrW(7, 4, 7));
        w.Add(StrW(7, 3, 0));
        w.Add(SubsImm(1, 1, 1));    // skip:
        w.Add(BCond(1, (loop - w.Count) * 4));
        w.Add(Udf());
        return (w.ToArray(), [Movz(5, 1), Ret()]);
    }

    [Test]
    public void CodeRewrittenWhileItIsCompiledIsNeverRunStale([Values(1u, 3u, 7u, 40u)] uint period, [Values(0, 2)] int hot)
    {
        using var jit = new TestCore(MemoryPermissions.All);
        using var reference = new TestCore(MemoryPermissions.All);
        var (loop, f) = SelfModifying(6000, period);
        foreach (var core in new[] { jit, reference })
        {
            core.Write(C, loop);
            core.Write(C + 0x1000, f);
        }
        using var engine = new TranslatedEngine(jit.State, jit.Memory, Background(hot));
        var interpreter = new Interpreter(reference.State, reference.Memory);
        var rng = new Random((int)period * 10 + hot);
        for (int chunk = 0; ; chunk++)
        {
            ulong budget = (ulong)rng.Next(100, 5000);
            var r = engine.Run(budget);
            var rr = interpreter.Run(budget);
            Assert.That(r, Is.EqualTo(rr), $"chunk {chunk}");
            AssertSame(jit, reference, $"chunk {chunk}");
            if (r != StopReason.BudgetExhausted) break;
            if (rng.Next(8) == 0) Thread.Sleep(1);
            if (rng.Next(8) == 0) Assert.That(engine.Background!.WaitIdle(Idle), Is.True);
        }
        var bc = engine.Background!;
        Assert.That(bc.WaitIdle(Idle), Is.True);
        Assert.That(bc.Failures, Is.Zero, bc.LastFailure?.ToString());
        AssertAccounted(bc);
        TestContext.Out.WriteLine($"period {period}, hot {hot}: requested {bc.Requested}, completed {bc.Completed}, refused {bc.Refused}; {engine.Stats}");
    }

    // x1 = 1000; loop: movz x5, #1; x0 += x5; x1 -= 1; b.ne loop; udf.
    private static readonly uint[] SimpleLoop = [Movz(1, 1000), Movz(5, 1), AddReg(0, 0, 5), SubsImm(1, 1, 1), BCond(1, -12), Udf()];
    private const ulong LoopPc = C + 4;

    /// <summary>Runs both cores until the compiler (paused) holds a request for the loop.</summary>
    private static void RunUntilRequested(TranslatedEngine engine, Interpreter interpreter)
    {
        for (int i = 0; i < 100 && !engine.Background!.IsPending(LoopPc, 0); i++)
        {
            Assert.That(engine.Run(4), Is.EqualTo(StopReason.BudgetExhausted));
            Assert.That(interpreter.Run(4), Is.EqualTo(StopReason.BudgetExhausted));
        }
        Assert.That(engine.Background!.IsPending(LoopPc, 0), Is.True, "the loop was not requested");
        Assert.That(engine.Cache.Find(LoopPc, 0), Is.Null);
    }

    private static void FinishAndCompare(TranslatedEngine engine, Interpreter interpreter, TestCore jit, TestCore reference)
    {
        Assert.That(engine.Run(100_000), Is.EqualTo(StopReason.Exception));
        Assert.That(interpreter.Run(100_000), Is.EqualTo(StopReason.Exception));
        AssertSame(jit, reference, "at the end");
    }

    public enum Change { GuestStore, HostWrite, UnmapAndMapAgain, Flush, InvalidatePage }

    [Test]
    public void ATranslationOfCodeChangedWhileItWasCompiledIsRefused([Values] Change change)
    {
        using var jit = new TestCore(MemoryPermissions.All);
        using var reference = new TestCore(MemoryPermissions.All);
        jit.Write(C, SimpleLoop);
        reference.Write(C, SimpleLoop);
        using var engine = new TranslatedEngine(jit.State, jit.Memory, Background(2));
        var interpreter = new Interpreter(reference.State, reference.Memory);
        var bc = engine.Background!;
        bc.Pause();
        RunUntilRequested(engine, interpreter);
        bool rewritten = change != Change.Flush && change != Change.InvalidatePage;
        uint movz2 = Movz(5, 2);
        foreach (var core in new[] { jit, reference })
        {
            switch (change)
            {
                case Change.GuestStore:
                    Assert.That(core.Memory.TryWrite32(LoopPc, movz2), Is.True);
                    break;
                case Change.HostWrite:
                    core.Write(LoopPc, movz2);
                    break;
                case Change.UnmapAndMapAgain:
                    // No invalidation is reported: the page simply loses its code mark.
                    core.Memory.Unmap(C, 0x1000);
                    core.Memory.Map(C, 0x1000, MemoryPermissions.All);
                    var code = (uint[])SimpleLoop.Clone();
                    code[1] = movz2;
                    core.Write(C, code);
                    break;
            }
        }
        if (change == Change.Flush) engine.Cache.Flush();
        if (change == Change.InvalidatePage) engine.Cache.InvalidatePage(LoopPc);
        bc.Resume();
        Assert.That(bc.WaitIdle(Idle), Is.True);
        Assert.That(bc.Refused, Is.EqualTo(1), "the translation made from the old code was not refused");
        Assert.That(engine.Cache.Find(LoopPc, 0), Is.Null);
        Assert.That(engine.Stats.TranslationsRefused, Is.EqualTo(1));
        // The loop is requested again and compiled from the new code; results stay the interpreter's.
        FinishAndCompare(engine, interpreter, jit, reference);
        // x5 = 2 from the next iteration on when the code was rewritten (reference and engine agree).
        Assert.That(jit.State->X[5], Is.EqualTo(rewritten ? 2ul : 1ul));
        Assert.That(bc.WaitIdle(Idle), Is.True);
        Assert.That(bc.Failures, Is.Zero, bc.LastFailure?.ToString());
    }

    [Test]
    public void AHotBlockStillQueuedIsTakenBackAndTranslatedByTheEngine()
    {
        using var jit = new TestCore();
        using var reference = new TestCore();
        jit.Write(C, SimpleLoop);
        reference.Write(C, SimpleLoop);
        using var engine = new TranslatedEngine(jit.State, jit.Memory, Background(2));
        var interpreter = new Interpreter(reference.State, reference.Memory);
        var bc = engine.Background!;
        bc.Pause();
        RunUntilRequested(engine, interpreter);
        // The compiler holds the request (paused); the loop keeps being entered, so the engine takes it back.
        for (int i = 0; i < 400 && engine.Cache.Find(LoopPc, 0) == null; i++)
        {
            Thread.Sleep(1);
            Assert.That(engine.Run(8), Is.EqualTo(StopReason.BudgetExhausted));
            Assert.That(interpreter.Run(8), Is.EqualTo(StopReason.BudgetExhausted));
        }
        Assert.That(engine.Cache.Find(LoopPc, 0), Is.Not.Null, "the hot loop was not taken back");
        Assert.That(bc.Taken, Is.EqualTo(1));
        Assert.That(bc.IsPending(LoopPc, 0), Is.False);
        Assert.That(bc.Queued, Is.Zero);
        AssertSame(jit, reference, "after the take-back");
        bc.Resume();
        FinishAndCompare(engine, interpreter, jit, reference);
        Assert.That(bc.WaitIdle(Idle), Is.True);
        AssertAccounted(bc);
    }

    [Test]
    public void ATranslationOfAPageMappedAgainIsRefusedEvenAfterAnotherCoreTranslatedTheNewCode()
    {
        using var jit = new TestCore(MemoryPermissions.All);
        using var reference = new TestCore(MemoryPermissions.All);
        jit.Write(C, SimpleLoop);
        reference.Write(C, SimpleLoop);
        using var engine = new TranslatedEngine(jit.State, jit.Memory, Background(2));
        var interpreter = new Interpreter(reference.State, reference.Memory);
        var bc = engine.Background!;
        bc.Pause();
        RunUntilRequested(engine, interpreter);
        var code = (uint[])SimpleLoop.Clone();
        code[1] = Movz(5, 7);
        foreach (var core in new[] { jit, reference })
        {
            core.Memory.Unmap(C, 0x1000);
            core.Memory.Map(C, 0x1000, MemoryPermissions.All);
            core.Write(C, code);
        }
        // A second core sharing the cache translates the new loop synchronously (one block, so its state does not matter).
        using (var other = new CpuContext())
        {
            other.State->PC = LoopPc;
            other.State->X[1] = 5;
            using var second = new TranslatedEngine(other.State, jit.Memory, new TranslatorOptions(), engine.Cache);
            second.StepBlock();
        }
        var fresh = engine.Cache.Find(LoopPc, 0);
        Assert.That(fresh, Is.Not.Null);
        Assert.That(fresh!.Guest.Instructions[0].Word, Is.EqualTo(code[1]));
        bc.Resume();
        Assert.That(bc.WaitIdle(Idle), Is.True);
        Assert.That(bc.Refused, Is.EqualTo(1), "the translation of the unmapped code was added");
        Assert.That(engine.Cache.Find(LoopPc, 0), Is.SameAs(fresh));
        FinishAndCompare(engine, interpreter, jit, reference);
        Assert.That(jit.State->X[5], Is.EqualTo(7ul));
    }

    [Test]
    public void APageWrittenWhileItIsCompiledBecomesVolatile()
    {
        // loop: str x0, [x1]; add x0, x0, #1; b loop -- the data word is on the code's page.
        using var jit = new TestCore(MemoryPermissions.All);
        using var reference = new TestCore(MemoryPermissions.All);
        uint[] code = [StrX(0, 1, 0), AddImm(0, 0, 1), B(-8)];
        foreach (var core in new[] { jit, reference })
        {
            core.Write(C, code);
            core.State->X[1] = C + 0x800;
        }
        using var engine = new TranslatedEngine(jit.State, jit.Memory, Background(2));
        var interpreter = new Interpreter(reference.State, reference.Memory);
        for (int k = 0; k < 300; k++)
        {
            Assert.That(engine.Run(1000), Is.EqualTo(StopReason.BudgetExhausted));
            Assert.That(interpreter.Run(1000), Is.EqualTo(StopReason.BudgetExhausted));
            // Let each request finish: its translation is refused (the loop wrote the page meanwhile) or dropped.
            Assert.That(engine.Background!.WaitIdle(Idle), Is.True);
        }
        AssertSame(jit, reference, "after 300,000 instructions");
        var bc = engine.Background!;
        Assert.That(engine.Cache.IsVolatile(C), Is.True);
        Assert.That(bc.Requested, Is.LessThanOrEqualTo(TranslationCache.VolatileThreshold + 2), "requests for a page written every iteration");
        TestContext.Out.WriteLine($"requested {bc.Requested}, completed {bc.Completed}, refused {bc.Refused}");
    }

    // 512 two-instruction blocks: x0 += k; b next (over a UDF, so that every block ends at a taken branch); the last one stops.
    private static void WriteChain(TestCore core, int n = 512)
    {
        for (int k = 0; k < n; k++)
            core.Write(C + 12ul * (ulong)k, AddImm(0, 0, (uint)k), k == n - 1 ? Udf() : B(8), Udf());
    }

    private static ulong ChainSum(int n = 512) => (ulong)n * (ulong)(n - 1) / 2;

    [Test]
    public void TheQueueIsBoundedAndDeduplicated()
    {
        using var core = new TestCore();
        core.Write(C, Enumerable.Repeat(AddImm(0, 0, 1), 64).Append(Udf()).ToArray());
        using var cache = new TranslationCache(core.Memory);
        var stats = new TranslationStats();
        using var bc = new BackgroundCompiler(cache, new TranslatorOptions(), stats, capacity: 4);
        bc.Pause();
        int accepted = 0;
        for (int i = 0; i < 20; i++)
            if (bc.Request(C + 4ul * (ulong)i, 0)) accepted++;
        Assert.That(accepted, Is.EqualTo(4));
        Assert.That(bc.Queued, Is.EqualTo(4));
        Assert.That(bc.Dropped, Is.EqualTo(16));
        Assert.That(bc.Request(C, 0), Is.False, "a pending (PC, mode) is not queued twice");
        Assert.That(bc.Dropped, Is.EqualTo(16), "a duplicate is not a drop");
        Assert.That(bc.Request(C + 0x3000, 0), Is.False, "an unmapped entry is not queued");
        bc.Resume();
        Assert.That(bc.WaitIdle(Idle), Is.True);
        Assert.That(bc.Completed, Is.EqualTo(4));
        Assert.That(cache.Count, Is.EqualTo(4));
        Assert.That(stats.BlocksTranslated, Is.EqualTo(4));
        for (int i = 0; i < 4; i++) Assert.That(cache.Find(C + 4ul * (ulong)i, 0), Is.Not.Null);
        Assert.That(bc.Request(C, 0), Is.False, "already in the cache");
        cache.InvalidatePage(C);
        Assert.That(bc.Request(C, 0), Is.True, "requested again once dropped");
        Assert.That(new TestDelegate(() => new BackgroundCompiler(cache, new TranslatorOptions(), stats, capacity: 0)), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void TheCompilerThreadEndsWhenIdleAndStartsAgain()
    {
        using var core = new TestCore();
        core.Write(C, Enumerable.Repeat(AddImm(0, 0, 1), 8).Append(Udf()).ToArray());
        using var cache = new TranslationCache(core.Memory);
        using var bc = new BackgroundCompiler(cache, new TranslatorOptions(), new TranslationStats());
        Assert.That(bc.HasThread, Is.False, "started on the first request");
        Assert.That(bc.Request(C, 0), Is.True);
        Assert.That(bc.HasThread, Is.True);
        Assert.That(bc.WaitIdle(Idle), Is.True);
        var deadline = DateTime.UtcNow + BackgroundCompiler.IdleExit + TimeSpan.FromSeconds(30);
        while (bc.HasThread && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.That(bc.HasThread, Is.False, "the idle thread did not end");
        Assert.That(bc.Request(C + 4, 0), Is.True);
        Assert.That(bc.WaitIdle(Idle), Is.True);
        Assert.That(bc.Completed, Is.EqualTo(2));
        Assert.That(cache.Find(C + 4, 0), Is.Not.Null);
    }

    [Test]
    public void AFullQueueDropsRequestsAndTheBlocksAreInterpreted()
    {
        using var core = new TestCore();
        WriteChain(core);
        using var engine = new TranslatedEngine(core.State, core.Memory, Background(0, capacity: 8, maxRegionBlocks: 1));
        engine.Background!.Pause();
        Assert.That(engine.Run(100_000), Is.EqualTo(StopReason.Exception));
        Assert.That(core.State->X[0], Is.EqualTo(ChainSum()));
        var bc = engine.Background;
        Assert.That(bc.MaxQueued, Is.EqualTo(8));
        Assert.That(bc.Queued, Is.EqualTo(8));
        Assert.That(bc.Dropped, Is.GreaterThan(400));
        bc.Resume();
        Assert.That(bc.WaitIdle(Idle), Is.True);
        Assert.That(bc.Completed, Is.EqualTo(8));
        AssertAccounted(bc);
    }

    [Test]
    public void DisposingTheEngineWhileCompilingIsSafe()
    {
        for (int round = 0; round < 5; round++)
        {
            using var core = new TestCore();
            WriteChain(core);
            var engine = new TranslatedEngine(core.State, core.Memory, Background(0, maxRegionBlocks: 1));
            Assert.That(engine.Run(100_000), Is.EqualTo(StopReason.Exception));
            var bc = engine.Background!;
            engine.Dispose();
            Assert.That(bc.Queued, Is.Zero);
            Assert.That(bc.IsBusy, Is.False);
            Assert.That(bc.Failures, Is.Zero, bc.LastFailure?.ToString());
            AssertAccounted(bc);
            Assert.That(bc.Request(C, 0), Is.False, "a disposed compiler takes no requests");
            engine.Dispose();
            // Pages whose requests were abandoned are no longer held as code; the translated ones still are.
            if (engine.Cache.Count == 0) Assert.That(core.Memory.IsCodePage(C), Is.False);
            TestContext.Out.WriteLine($"round {round}: completed {bc.Completed}, abandoned {bc.Abandoned}");
        }
    }

    [Test]
    public void DisposingTheMemoryWhileCompilingIsSafe()
    {
        var rng = new Random(5);
        for (int round = 0; round < 8; round++)
        {
            var core = new TestCore();
            WriteChain(core);
            var engine = new TranslatedEngine(core.State, core.Memory, Background(0, maxRegionBlocks: 1));
            var bc = engine.Background!;
            bc.Pause();
            Assert.That(engine.Run(100_000), Is.EqualTo(StopReason.Exception));
            bc.Resume();
            Thread.Sleep(rng.Next(3));
            core.Dispose();
            Assert.That(bc.WaitIdle(Idle), Is.True);
            // Compilations after the disposal failed (ObjectDisposedException) or were refused; none reads freed memory.
            if (bc.LastFailure != null) Assert.That(bc.LastFailure, Is.TypeOf<ObjectDisposedException>());
            AssertAccounted(bc);
            engine.Dispose();
            TestContext.Out.WriteLine($"round {round}: completed {bc.Completed}, refused {bc.Refused}, failed {bc.Failures}");
        }
    }

    [Test]
    public void SynchronousUnlessAskedAndWhenStepping()
    {
        using var core = new TestCore();
        core.Write(C, NestedLoops);
        using (var plain = new TranslatedEngine(core.State, core.Memory))
            Assert.That(plain.Background, Is.Null, "background compilation is off by default");

        // Stepping translates on the spot even with a background compiler.
        using var engine = new TranslatedEngine(core.State, core.Memory, Background(0));
        Assert.That(engine.StepBlock(), Is.EqualTo(StopReason.None));
        Assert.That(engine.Cache.Find(C, 0), Is.Not.Null);
        Assert.That(engine.StepTranslation(1000), Is.EqualTo(StopReason.None));
        Assert.That(engine.Cache.Find(C + 80, 0), Is.Not.Null, "the callee");
        Assert.That(engine.Background!.Requested, Is.Zero);
        Assert.That(engine.Stats.BlocksTranslated, Is.EqualTo(2));

        using var cpu = new CpuContext();
        using var memory = new GuestMemory(36);
        using (var jitPolicy = new TranslatingEngine(EnginePolicy.Translator, cpu, memory))
            Assert.That(jitPolicy.BackgroundCompiler, Is.Null, "the translator policy translates synchronously");
        using (var tieredOff = new TranslatingEngine(EnginePolicy.Tiered, cpu, memory, backgroundCompilation: false))
            Assert.That(tieredOff.BackgroundCompiler, Is.Null);
        using (var tiered = new TranslatingEngine(EnginePolicy.Tiered, cpu, memory))
            Assert.That(tiered.BackgroundCompiler != null, Is.EqualTo(TranslatingEngine.TieredBackgroundCompilation), "A64JIT_BACKGROUND_COMPILE decides");
    }

    [Test]
    public void SynchronousRunsAreDeterministic()
    {
        TranslationStats RunOnce()
        {
            using var core = new TestCore();
            core.Write(C, NestedLoops);
            using var engine = new TranslatedEngine(core.State, core.Memory, new TranslatorOptions { HotThreshold = 4 });
            for (int k = 0; k < 1000 && engine.Run(777) == StopReason.BudgetExhausted; k++) { }
            return engine.Stats;
        }
        var a = RunOnce();
        var b = RunOnce();
        Assert.That((a.BlocksTranslated, a.BlocksExecuted, a.InterpretedSteps, a.InstructionsExecuted),
            Is.EqualTo((b.BlocksTranslated, b.BlocksExecuted, b.InterpretedSteps, b.InstructionsExecuted)));
    }
}
