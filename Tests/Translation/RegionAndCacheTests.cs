using System.Diagnostics;
using System.Runtime.CompilerServices;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Translator;
using A64Jit.Translator.Execution;
using static A64Jit.Tests.Translation.A64;

namespace A64Jit.Tests.Translation;

/// <summary>
/// Regions (loops compiled into one method), the code cap and eviction, and one translation
/// cache shared by cores on several threads. Expected states come from the interpreter.
/// </summary>
[TestFixture]
public unsafe class RegionAndCacheTests
{
    private const ulong C = TestCore.CodeBase;
    private const ulong D = TestCore.DataBase;

    // x0 = 0; x1 = 1000; x3 = D; loop: x0 += 3; x2 = [x3 + 8]; [x3 + 16] = x0; x1 -= 1; b.ne loop; udf
    private static readonly uint[] CountingLoop =
    [
        Movz(0, 0), Movz(1, 1000), Movz(3, (uint)(D & 0xFFFF), 0), Movk(3, (uint)(D >> 16), 1),
        AddImm(0, 0, 3), LdrX(2, 3, 8), StrX(0, 3, 16), SubsImm(1, 1, 1), BCond(1, -16), Udf(),
    ];

    private static StopReason RunInterpreter(TestCore core, ulong budget) => new Interpreter(core.State, core.Memory).Run(budget);

    [Test]
    public void ALoopRunsInsideItsRegion()
    {
        using var jit = new TestCore();
        using var reference = new TestCore();
        jit.Write(C, CountingLoop);
        reference.Write(C, CountingLoop);
        using var engine = new TranslatedEngine(jit.State, jit.Memory);
        var r = engine.Run(100_000);
        var rr = RunInterpreter(reference, 100_000);
        Assert.That(r, Is.EqualTo(rr));
        Assert.That(r, Is.EqualTo(StopReason.Exception), "the loop ends at the UDF");
        Assert.That(TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter"), Is.Empty);
        Assert.That(TestCore.MemoryDifferences(jit, reference), Is.Empty);
        Assert.That(jit.State->X[0], Is.EqualTo(3000ul));
        // The loop is one region: the 1000 iterations never return to the dispatcher (entry, loop, exit).
        Assert.That(engine.Stats.RegionsTranslated, Is.EqualTo(1));
        Assert.That(engine.Stats.BlocksExecuted, Is.LessThanOrEqualTo(3));
        TestContext.Out.WriteLine(engine.Stats);

        // Regions of everything reachable from the entry: one method runs the whole program.
        using var whole = new TestCore();
        whole.Write(C, CountingLoop);
        using var engine2 = new TranslatedEngine(whole.State, whole.Memory, new TranslatorOptions { RegionLoopsOnly = false });
        Assert.That(engine2.Run(100_000), Is.EqualTo(StopReason.Exception));
        Assert.That(TestCore.StateDifferences(whole.State, reference.State, "translated", "interpreter"), Is.Empty);
        Assert.That(engine2.Stats.BlocksExecuted, Is.EqualTo(1));
    }

    [Test]
    public void BudgetsEndingInsideALoopAreExact()
    {
        using var jit = new TestCore();
        using var reference = new TestCore();
        foreach (ulong budget in new ulong[] { 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 13, 17, 40, 41, 42, 43, 44, 45, 999, 1000, 4003, 4005 })
        {
            jit.Write(C, CountingLoop);
            reference.CopyFrom(jit);
            var s = jit.State;
            *s = default;
            s->PC = C;
            *reference.State = *s;
            using var engine = new TranslatedEngine(jit.State, jit.Memory);
            // Run in chunks of the budget so that the loop is entered both at its start and in its middle.
            for (int k = 0; k < 3; k++)
            {
                var r = engine.Run(budget);
                var rr = RunInterpreter(reference, budget);
                Assert.That(r, Is.EqualTo(rr), $"budget {budget}, chunk {k}");
                Assert.That(TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter"), Is.Empty, $"budget {budget}, chunk {k}");
                if (r != StopReason.BudgetExhausted) break;
            }
            Assert.That(TestCore.MemoryDifferences(jit, reference), Is.Empty);
        }
    }

    [Test]
    public void AStopRequestLeavesAnEndlessLoop()
    {
        using var core = new TestCore();
        core.Write(C, AddImm(0, 0, 1), B(-4));
        using var engine = new TranslatedEngine(core.State, core.Memory);
        StopReason r = StopReason.None;
        var runner = new Thread(() => r = engine.Run(ulong.MaxValue));
        var watch = Stopwatch.StartNew();
        runner.Start();
        Thread.Sleep(200);
        engine.RequestStop();
        Assert.That(runner.Join(TimeSpan.FromSeconds(30)), Is.True, "the loop did not honour the stop request");
        Assert.That(r, Is.EqualTo(StopReason.StopRequested));
        var s = core.State;
        // Consistent state: retired = adds + branches, PC at one of the two instructions.
        ulong adds = s->X[0], retired = s->InstructionsRetired;
        Assert.That(retired == 2 * adds && s->PC == C || retired == 2 * adds - 1 && s->PC == C + 4, Is.True, $"x0 {adds}, retired {retired}, pc 0x{s->PC:x}");
        Assert.That(engine.Stats.RegionsTranslated, Is.EqualTo(1));
    }

    [Test]
    public void AStoreToTheRunningLoopsCodeTakesEffectOnTheNextIteration()
    {
        // loop: x0 += 1 (rewritten to x0 += 100 on the 5th iteration); x1 -= 1; if x1 == 5 store w4 over the add; b.ne loop
        uint patched = AddImm(0, 0, 100);
        uint[] code =
        [
            Movz(0, 0), Movz(1, 10), Movz(3, (uint)(C & 0xFFFF), 0), Movk(3, (uint)(C >> 16), 1),
            Movz(4, patched & 0xFFFF), Movk(4, patched >> 16, 1),
            AddImm(0, 0, 1), SubImm(1, 1, 1), SubsImm(2, 1, 5), BCond(1, 8), StrW(4, 3, 6 * 4), Cbnz(1, -20), Udf(),
        ];
        using var jit = new TestCore(MemoryPermissions.All);
        using var reference = new TestCore(MemoryPermissions.All);
        jit.Write(C, code);
        reference.Write(C, code);
        using var engine = new TranslatedEngine(jit.State, jit.Memory);
        var r = engine.Run(10_000);
        var rr = RunInterpreter(reference, 10_000);
        Assert.That(r, Is.EqualTo(rr));
        Assert.That(TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter"), Is.Empty);
        Assert.That(jit.State->X[0], Is.EqualTo(5ul + 5 * 100), "five iterations before the store, five after");
        Assert.That(engine.Cache.PageInvalidations, Is.GreaterThan(0));
    }

    [Test]
    public void TheCodeCapBoundsLiveTranslationsAndEvictedOnesAreCollected()
    {
        using var core = new TestCore();
        // 1024 distinct two-instruction blocks: x0 += k; branch to the next one; the last one stops.
        const int n = 1024;
        for (int k = 0; k < n; k++)
            core.Write(C + 8ul * (ulong)k, AddImm(0, 0, (uint)k), k == n - 1 ? Udf() : B(4));
        const long cap = 100;
        using var engine = new TranslatedEngine(core.State, core.Memory, new TranslatorOptions { MaxCodeInstructions = cap, MaxRegionBlocks = 1 });
        var weak = RunFirstBlockAndWatchIt(engine);
        long peak = 0;
        while (true)
        {
            var r = engine.Run(64);
            peak = Math.Max(peak, engine.Cache.InstructionCount);
            Assert.That(engine.Cache.InstructionCount, Is.LessThanOrEqualTo(cap));
            if (r != StopReason.BudgetExhausted) break;
        }
        ulong expected = 0;
        for (int k = 0; k < n; k++) expected += (ulong)k;
        Assert.That(core.State->X[0], Is.EqualTo(expected));
        Assert.That(engine.Stats.BlocksTranslated, Is.GreaterThanOrEqualTo(n));
        Assert.That(engine.Cache.Evictions, Is.GreaterThan(n / 2));
        Assert.That(peak, Is.GreaterThan(cap / 2));
        for (int i = 0; i < 10 && weak.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.That(weak.IsAlive, Is.False, "an evicted translation (and its DynamicMethod) stayed reachable");
    }

    /// <summary>Runs the first block and returns a weak reference to its translation's delegate (no strong reference escapes).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference RunFirstBlockAndWatchIt(TranslatedEngine engine)
    {
        engine.StepBlock();
        var b = engine.Cache.Find(C, 0) ?? throw new InvalidOperationException("first block not translated");
        return new WeakReference(b.Func);
    }

    /// <summary>
    /// Several cores share one memory and one translation cache on their own threads. Runners
    /// spin in a loop whose first instruction a writer core keeps rewriting (MOVZ x5, #v with
    /// v counting up); the main thread sends stop requests. Every run must end with a budget
    /// spent exactly or a stop, with a state consistent with the loop, and once the writer is
    /// done every runner must execute the last version of the code.
    /// </summary>
    [Test]
    public void CoresOnThreadsShareOneCacheWhileOneRewritesTheCodeOthersRun()
    {
        const int runners = 3;
        const uint versions = 250;
        using var memory = new GuestMemory(36);
        memory.Map(C, 0x2000, MemoryPermissions.All);
        memory.Map(D, 0x1000, MemoryPermissions.ReadWrite);
        void write(ulong a, params uint[] w) { for (int i = 0; i < w.Length; i++) memory.WriteU32Privileged(a + 4ul * (ulong)i, w[i]); }
        // Runner loop on the first page.
        write(C, Movz(5, 0), AddImm(0, 0, 1), B(-8));
        // Writer on the second page: w2 += 1; w4 = w2 << 5 | w6 (MOVZ x5 template); [x3] = w4; loop.
        const ulong W = C + 0x1000;
        write(W, AddImm(2, 2, 1, sf: false), LslW(4, 2, 5), OrrW(4, 4, 6), StrW(4, 3, 0), B(-16));
        using var cache = new TranslationCache(memory);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();

        var cpus = new CpuContext[runners + 1];
        var engines = new TranslatedEngine[runners + 1];
        for (int i = 0; i <= runners; i++)
        {
            cpus[i] = new CpuContext();
            engines[i] = new TranslatedEngine(cpus[i].State, memory, null, cache);
        }
        try
        {
            var ws = cpus[runners].State;
            ws->PC = W;
            ws->X[3] = C;
            ws->X[6] = Movz(5, 0);
            for (int i = 0; i < runners; i++) cpus[i].State->PC = C;
            int writerDone = 0;
            var watch = Stopwatch.StartNew();
            var limit = TimeSpan.FromSeconds(60);

            var writer = new Thread(() =>
            {
                try
                {
                    // Five instructions per version, in runs of varying length; between runs the
                    // writer waits (up to 2 ms) for the runners to make progress on the current code.
                    var rng = new Random(7);
                    ulong left = 5ul * versions;
                    while (left > 0 && watch.Elapsed < limit)
                    {
                        ulong b = Math.Min(left, (ulong)rng.Next(1, 12));
                        var r = engines[runners].Run(b);
                        if (r != StopReason.BudgetExhausted) { failures.Enqueue($"writer stopped with {r}"); return; }
                        left -= b;
                        ulong seen = RunnerProgress(cpus, runners);
                        var wait = Stopwatch.StartNew();
                        while (RunnerProgress(cpus, runners) < seen + 2000 && wait.Elapsed.TotalMilliseconds < 2) Thread.Yield();
                    }
                }
                catch (Exception e) { failures.Enqueue("writer: " + e); }
                finally { Volatile.Write(ref writerDone, 1); }
            });

            var threads = new List<Thread> { writer };
            for (int i = 0; i < runners; i++)
            {
                int id = i;
                threads.Add(new Thread(() =>
                {
                    try
                    {
                        var s = cpus[id].State;
                        var rng = new Random(id);
                        while (Volatile.Read(ref writerDone) == 0 && watch.Elapsed < limit)
                        {
                            ulong before = s->InstructionsRetired, budget = (ulong)rng.Next(1, 5000);
                            var r = engines[id].Run(budget);
                            ulong ran = s->InstructionsRetired - before;
                            if (r == StopReason.BudgetExhausted ? ran != budget : r != StopReason.StopRequested || ran > budget)
                                failures.Enqueue($"runner {id}: {r} after {ran} of {budget}");
                            string bad = LoopStateProblem(s);
                            if (bad.Length != 0) failures.Enqueue($"runner {id}: {bad}");
                            if (!failures.IsEmpty) return;
                        }
                    }
                    catch (Exception e) { failures.Enqueue($"runner {id}: {e}"); }
                }));
            }
            foreach (var t in threads) t.Start();
            var rngMain = new Random(11);
            while (Volatile.Read(ref writerDone) == 0 && watch.Elapsed < limit)
            {
                engines[rngMain.Next(runners)].RequestStop();
                Thread.Sleep(1);
            }
            foreach (var t in threads) Assert.That(t.Join(limit), Is.True, "a core did not finish (deadlock or lost stop)");
            Assert.That(failures, Is.Empty);
            Assert.That(ws->X[2], Is.EqualTo((ulong)versions), "the writer ran every version");
            Assert.That(memory.ReadU32Privileged(C), Is.EqualTo(Movz(5, versions)));

            // Every runner now executes the last version of the code.
            for (int i = 0; i < runners; i++)
            {
                var s = cpus[i].State;
                Interlocked.Exchange(ref s->StopRequest, 0);
                Assert.That(engines[i].Run(3 + (ulong)i), Is.EqualTo(StopReason.BudgetExhausted));
                Assert.That(s->X[5], Is.EqualTo((ulong)versions), $"runner {i} ran stale code");
                Assert.That(LoopStateProblem(s), Is.Empty);
            }
            TestContext.Out.WriteLine($"{watch.Elapsed.TotalMilliseconds:F0} ms; cache: {cache.Count} translations, {cache.PageInvalidations} page invalidations, {cache.Refused} refused; " +
                                      string.Join("; ", engines.Select(e => $"{e.Stats.BlocksTranslated} translated, {e.Stats.InstructionsExecuted} run")));
        }
        finally
        {
            foreach (var e in engines) e?.Dispose();
            foreach (var c in cpus) c?.Dispose();
        }
    }

    private static ulong RunnerProgress(CpuContext[] cpus, int runners)
    {
        ulong sum = 0;
        for (int i = 0; i < runners; i++) sum += Volatile.Read(ref cpus[i].State->InstructionsRetired);
        return sum;
    }

    /// <summary>Checks x0 (iterations), the retired count and PC against each other for the runner loop (3 instructions).</summary>
    private static string LoopStateProblem(CpuState* s)
    {
        ulong retired = s->InstructionsRetired, full = retired / 3, part = retired % 3;
        ulong wantX0 = full + (part >= 2 ? 1ul : 0);
        ulong wantPc = C + 4 * part;
        return s->X[0] == wantX0 && s->PC == wantPc ? "" : $"x0 {s->X[0]} (want {wantX0}), pc 0x{s->PC:x} (want 0x{wantPc:x}) after {retired} instructions";
    }
}
