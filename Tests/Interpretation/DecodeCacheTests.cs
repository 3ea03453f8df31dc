using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Runtime.Execution;
using A64Jit.Tests.Translation;
using static A64Jit.Tests.Translation.A64;

namespace A64Jit.Tests.Interpretation;

/// <summary>
/// The interpreter's decoded-instruction cache: whatever was cached, the instruction that
/// executes is the one in memory at that moment (self-modifying code, remapped and
/// re-protected pages, flushes, several engines on one memory), and steps, budgets and
/// stop requests count exactly as before.
/// </summary>
/// <remarks>
/// Expected register values follow from the instructions' definitions (ADD, MOVZ); where
/// a whole state is compared, the reference is the same program run by an interpreter
/// whose cache is emptied before every instruction (fetch, decode, execute each time).
/// </remarks>
[TestFixture]
public unsafe class DecodeCacheTests
{
    private const ulong C = TestCore.CodeBase;
    private const ulong D = TestCore.DataBase;
    private const uint Brk0 = 0xD4200000;       // brk #0
    private const uint Wfi = 0xD503207F;        // wfi

    private static uint ExitClass(CpuState* s) => Syndrome.ExceptionClass(s->ExitSyndrome);

    /// <summary>Runs <paramref name="core"/> to its first stop one instruction at a time with an emptied cache before each (decode every time).</summary>
    private static StopReason RunUncached(TestCore core, int limit = 10_000)
    {
        var reference = new Interpreter(core.Cpu, core.Memory);
        for (int i = 0; i < limit; i++)
        {
            reference.FlushDecodeCache();
            var r = reference.Step();
            if (r != StopReason.None) return r;
        }
        return StopReason.BudgetExhausted;
    }

    // ------------------------------------------------------------------ self-modifying code

    /// <summary>
    /// C+0x00: x0 += 1 (rewritten on the first pass to movz x0, #100: another encoding, so
    ///         a stale cached method would be found out even though it is given the new word)
    /// C+0x04: cbnz x5, C+0x14       ; second pass: done
    /// C+0x08: str w2, [x3]          ; x3 = C: overwrite the instruction that already ran
    /// C+0x0C: movz x5, #1
    /// C+0x10: b C
    /// C+0x14: brk #0
    /// </summary>
    private static uint[] RewriteOwnCode() =>
    [
        AddImm(0, 0, 1), Cbnz(5, 0x10), StrW(2, 3, 0), Movz(5, 1), B(-0x10), Brk0,
    ];

    private static void PrepareRewrite(TestCore core)
    {
        core.Write(C, RewriteOwnCode());
        var s = core.State;
        s->PC = C;
        s->X[0] = 0;
        s->X[2] = Movz(0, 100);
        s->X[3] = C;
        s->X[5] = 0;
    }

    [Test]
    public void AGuestStoreOverAnInstructionThatAlreadyRanMakesTheNewOneRun()
    {
        using var core = new TestCore(MemoryPermissions.All);
        PrepareRewrite(core);
        var interp = new Interpreter(core.Cpu, core.Memory);
        Assert.That(interp.Run(1000), Is.EqualTo(StopReason.Exception));
        Assert.That(ExitClass(core.State), Is.EqualTo(Syndrome.Brk64));
        Assert.That(core.State->X[0], Is.EqualTo(100ul), "first pass added 1, then the rewritten instruction set 100");
        Assert.That(core.State->InstructionsRetired, Is.EqualTo(7ul), "five on the first pass, ADD and CBNZ on the second");

        using var reference = new TestCore(MemoryPermissions.All);
        PrepareRewrite(reference);
        Assert.That(RunUncached(reference), Is.EqualTo(StopReason.Exception));
        Assert.That(core.State->Budget, Is.EqualTo(1000ul - 7));
        reference.State->Budget = core.State->Budget; // Step does not use the run budget
        Assert.That(TestCore.StateDifferences(core.State, reference.State, "cached", "uncached"), Is.Empty);
        Assert.That(TestCore.MemoryDifferences(core, reference), Is.Empty);
    }

    [Test]
    public void AStoreToTheNextInstructionIsSeenByItsFetch()
    {
        using var core = new TestCore(MemoryPermissions.All);
        // C+0: str w2, [x3] (x3 = C+4) ; C+4: x0 += 1, overwritten before it is fetched ; C+8: brk
        core.Write(C, StrW(2, 3, 0), AddImm(0, 0, 1), Brk0);
        var interp = new Interpreter(core.Cpu, core.Memory);
        var s = core.State;
        // Cache C+4's original word first.
        s->PC = C + 4;
        Assert.That(interp.Step(), Is.EqualTo(StopReason.None));
        Assert.That(s->X[0], Is.EqualTo(1ul));
        s->PC = C;
        s->X[2] = Movz(0, 0x77);
        s->X[3] = C + 4;
        Assert.That(interp.Run(10), Is.EqualTo(StopReason.Exception));
        Assert.That(s->X[0], Is.EqualTo(0x77ul), "the stored MOVZ ran, not the cached ADD");
    }

    [Test]
    public void AHostWriteBetweenRunsIsSeenWithoutAnyNotification()
    {
        using var core = new TestCore();
        core.Write(C, AddImm(0, 0, 1), Brk0);
        var interp = new Interpreter(core.Cpu, core.Memory);
        Assert.That(interp.Run(10), Is.EqualTo(StopReason.Exception));
        Assert.That(core.State->X[0], Is.EqualTo(1ul));

        core.Write(C, Movz(0, 41));
        core.State->PC = C;
        Assert.That(interp.Run(10), Is.EqualTo(StopReason.Exception));
        Assert.That(core.State->X[0], Is.EqualTo(41ul));

        // Undefined word 0 is also the word of an empty slot: it must still stop as UNDEFINED.
        core.Write(C, Udf());
        core.State->PC = C;
        Assert.That(interp.Run(10), Is.EqualTo(StopReason.Exception));
        Assert.That(ExitClass(core.State), Is.EqualTo(Syndrome.Unknown));
        Assert.That(core.State->PC, Is.EqualTo(C));
        Assert.That(core.State->X[0], Is.EqualTo(41ul));
    }

    [Test]
    public void CodeSharingASlotAlternatesCorrectly()
    {
        // Two loops DecodeCache.Size instructions apart use the same slots and call each other.
        ulong far = C + DecodeCache.Size * 4ul;
        using var memory = new GuestMemory(36);
        using var cpu = new CpuContext();
        memory.Map(C, far - C + 0x1000, MemoryPermissions.ReadExecute);
        void Write(ulong a, params uint[] words) { for (int i = 0; i < words.Length; i++) memory.WriteU32Privileged(a + 4ul * (ulong)i, words[i]); }
        // C: x0 += 1 ; subs x1, x1, #1 ; b.eq C+0x10 ; b far ; brk
        Write(C, AddImm(0, 0, 1), SubsImm(1, 1, 1), BCond(0, 8), B((long)(far - (C + 12))), Brk0);
        // far: x2 += 3 ; movz x4, #9 ; b C
        Write(far, AddImm(2, 2, 3), Movz(4, 9), B(-(long)(far + 8 - C)));
        var interp = new Interpreter(cpu, memory);
        var s = cpu.State;
        s->PC = C;
        s->X[1] = 50;
        Assert.That(interp.Run(10_000), Is.EqualTo(StopReason.Exception));
        Assert.That(ExitClass(s), Is.EqualTo(Syndrome.Brk64));
        Assert.That(s->X[0], Is.EqualTo(50ul));
        Assert.That(s->X[2], Is.EqualTo(49ul * 3));
        Assert.That(s->X[4], Is.EqualTo(9ul));
        Assert.That(s->InstructionsRetired, Is.EqualTo(49ul * 7 + 3));
    }

    // ------------------------------------------------------------------ mappings

    [Test]
    public void APageUnmappedAndMappedAgainWithOtherContentsRunsTheNewContents()
    {
        using var core = new TestCore();
        core.Write(C, AddImm(0, 0, 1), Brk0);
        var interp = new Interpreter(core.Cpu, core.Memory);
        Assert.That(interp.Run(10), Is.EqualTo(StopReason.Exception));
        Assert.That(core.State->X[0], Is.EqualTo(1ul));

        core.Memory.Unmap(C, 0x1000);
        core.State->PC = C;
        Assert.That(interp.Run(10), Is.EqualTo(StopReason.Exception));
        Assert.That(ExitClass(core.State), Is.EqualTo(Syndrome.InstructionAbortSameEl).Or.EqualTo(Syndrome.InstructionAbortLowerEl));
        Assert.That(core.State->ExitAddress, Is.EqualTo(C));
        Assert.That(core.State->X[0], Is.EqualTo(1ul), "nothing ran from the unmapped page");

        core.Memory.Map(C, 0x1000, MemoryPermissions.ReadExecute);
        core.Write(C, Movz(0, 500), AddImm(0, 0, 7), Brk0);
        core.State->PC = C;
        Assert.That(interp.Run(10), Is.EqualTo(StopReason.Exception));
        Assert.That(ExitClass(core.State), Is.EqualTo(Syndrome.Brk64));
        Assert.That(core.State->X[0], Is.EqualTo(507ul));
    }

    [Test]
    public void APageMadeNonExecutableFaultsEvenThoughItsInstructionsAreCached()
    {
        using var core = new TestCore();
        core.Write(C, AddImm(0, 0, 1), B(-4));
        var interp = new Interpreter(core.Cpu, core.Memory);
        Assert.That(interp.Run(100), Is.EqualTo(StopReason.BudgetExhausted));
        ulong x0 = core.State->X[0];
        ulong pc = core.State->PC;
        ulong retired = core.State->InstructionsRetired;

        core.Memory.Protect(C, 0x1000, MemoryPermissions.Read);
        Assert.That(interp.Run(100), Is.EqualTo(StopReason.Exception));
        var s = core.State;
        Assert.That(ExitClass(s), Is.EqualTo(Syndrome.InstructionAbortSameEl).Or.EqualTo(Syndrome.InstructionAbortLowerEl));
        Assert.That(Syndrome.Iss(s->ExitSyndrome) & 0x3F, Is.EqualTo(Syndrome.PermissionFaultLevel3));
        Assert.That(s->ExitAccessKind, Is.EqualTo((uint)MemAccess.Fetch));
        Assert.That(s->ExitAddress, Is.EqualTo(pc));
        Assert.That(s->PC, Is.EqualTo(pc), "PC stays at the instruction that could not be fetched");
        Assert.That(s->X[0], Is.EqualTo(x0));
        Assert.That(s->InstructionsRetired, Is.EqualTo(retired));
        Assert.That(interp.Step(), Is.EqualTo(StopReason.Exception), "Step faults the same way");

        core.Memory.Protect(C, 0x1000, MemoryPermissions.ReadExecute);
        Assert.That(interp.Run(10), Is.EqualTo(StopReason.BudgetExhausted));
        Assert.That(s->X[0] - x0, Is.EqualTo(5ul), "execution resumes once the page is executable again: 5 adds, 5 branches");
    }

    // ------------------------------------------------------------------ flush

    [Test]
    public void FlushEmptiesTheCacheAndChangesNothingThatExecutes()
    {
        using var core = new TestCore();
        uint[] loop = [Movz(0, 0), Movz(1, 20), AddImm(0, 0, 3), SubsImm(1, 1, 1), BCond(1, -8), Brk0];
        core.Write(C, loop);
        var interp = new Interpreter(core.Cpu, core.Memory);
        var cache = interp.DecodeCache;
        Assert.That(interp.Run(1000), Is.EqualTo(StopReason.Exception));
        long firstFills = cache.Fills;
        Assert.That(firstFills, Is.EqualTo(loop.Length), "each instruction is decoded once");
        Assert.That(core.State->X[0], Is.EqualTo(60ul));

        core.State->PC = C;
        Assert.That(interp.Run(1000), Is.EqualTo(StopReason.Exception));
        Assert.That(cache.Fills, Is.EqualTo(firstFills), "a second run decodes nothing");

        interp.FlushDecodeCache();
        Assert.That(cache.Lookup(C + 8, AddImm(0, 0, 3)) == null, Is.True, "flushed");
        core.State->PC = C;
        Assert.That(interp.Run(1000), Is.EqualTo(StopReason.Exception));
        Assert.That(cache.Fills, Is.EqualTo(2 * firstFills), "after a flush every instruction is decoded again");
        Assert.That(core.State->X[0], Is.EqualTo(60ul));
        Assert.That((nint)cache.Lookup(C + 8, AddImm(0, 0, 3)), Is.EqualTo((nint)Interpreter.Handler(A64Jit.Core.Decoding.Decoder.Decode(AddImm(0, 0, 3)))));
    }

    // ------------------------------------------------------------------ several engines on one memory

    [Test]
    public void TwoInterpretersOnOneMemorySeeEachOthersCodeWrites()
    {
        using var core = new TestCore(MemoryPermissions.All);
        using var cpu2 = new CpuContext();
        core.Write(C + 0x100, AddImm(0, 0, 1), Brk0);
        core.Write(C, StrW(2, 3, 0), Brk0);
        var a = new Interpreter(core.Cpu, core.Memory);
        var b = new Interpreter(cpu2, core.Memory);

        cpu2.State->PC = C + 0x100;
        Assert.That(b.Run(10), Is.EqualTo(StopReason.Exception));
        Assert.That(cpu2.State->X[0], Is.EqualTo(1ul));

        // Core A rewrites the code core B has cached.
        core.State->PC = C;
        core.State->X[2] = Movz(0, 21);
        core.State->X[3] = C + 0x100;
        Assert.That(a.Run(10), Is.EqualTo(StopReason.Exception));

        cpu2.State->PC = C + 0x100;
        Assert.That(b.Run(10), Is.EqualTo(StopReason.Exception));
        Assert.That(cpu2.State->X[0], Is.EqualTo(21ul), "core B ran the instruction core A wrote");
    }

    [TestCase(EnginePolicy.Translator)]
    [TestCase(EnginePolicy.Tiered)]
    public void InterpreterAndTranslatorShareOneMemory(EnginePolicy policy)
    {
        using var core = new TestCore(MemoryPermissions.All);
        using var cpu2 = new CpuContext();
        // C+0x100: x0 += 1 ; brk.   C: str w2, [x3] ; brk (the writer).
        core.Write(C + 0x100, AddImm(0, 0, 1), Brk0);
        core.Write(C, StrW(2, 3, 0), Brk0);
        using var interp = ExecutionEngines.Create(EnginePolicy.Interpreter, core.Cpu, core.Memory);
        using var jit = ExecutionEngines.Create(policy, cpu2, core.Memory);
        var si = core.State;
        var sj = cpu2.State;

        void RunBoth(long delta)
        {
            ulong i0 = si->X[0], j0 = sj->X[0];
            for (int k = 0; k < 20; k++) // enough entries for the tiered engine to translate
            {
                si->PC = C + 0x100;
                sj->PC = C + 0x100;
                Assert.That(interp.Run(10), Is.EqualTo(StopReason.Exception));
                Assert.That(jit.Run(10), Is.EqualTo(StopReason.Exception));
            }
            Assert.That(si->X[0] - i0, Is.EqualTo(unchecked((ulong)(20 * delta))), "interpreter");
            Assert.That(sj->X[0] - j0, Is.EqualTo(unchecked((ulong)(20 * delta))), ExecutionEngines.Name(policy));
        }

        RunBoth(1);
        if (policy == EnginePolicy.Translator) Assert.That(core.Memory.IsCodePage(C + 0x100), Is.True, "the translator marked the page");

        // The interpreter's core rewrites code the translator translated (the write is reported) ...
        si->PC = C;
        si->X[2] = SubImm(0, 0, 2);
        si->X[3] = C + 0x100;
        Assert.That(interp.Run(10), Is.EqualTo(StopReason.Exception));
        RunBoth(-2);

        // ... and the translator's core rewrites code both have run (with yet another encoding).
        sj->PC = C;
        sj->X[2] = AddImm(0, 0, 3);
        sj->X[3] = C + 0x100;
        Assert.That(jit.Run(10), Is.EqualTo(StopReason.Exception));
        RunBoth(3);

        // A remap with other contents: no write is reported to anyone.
        core.Memory.Unmap(C, TestCore.CodeSize);
        core.Memory.Map(C, TestCore.CodeSize, MemoryPermissions.All);
        core.Write(C + 0x100, SubImm(0, 0, 4), Brk0);
        RunBoth(-4);
    }

    // ------------------------------------------------------------------ steps, budgets, stops

    [Test]
    public void BudgetsAreExact()
    {
        using var core = new TestCore();
        var words = new uint[40];
        for (int i = 0; i < 39; i++) words[i] = AddImm(0, 0, 1);
        words[39] = B(-39 * 4);
        core.Write(C, words);
        var interp = new Interpreter(core.Cpu, core.Memory);
        var s = core.State;

        Assert.That(interp.Run(0), Is.EqualTo(StopReason.BudgetExhausted));
        Assert.That(s->InstructionsRetired, Is.Zero);
        Assert.That(s->PC, Is.EqualTo(C));

        Assert.That(interp.Run(1000), Is.EqualTo(StopReason.BudgetExhausted));
        Assert.That(s->InstructionsRetired, Is.EqualTo(1000ul));
        Assert.That(s->X[0], Is.EqualTo(1000ul - 1000ul / 40), "975 adds and 25 branches");
        Assert.That(s->Budget, Is.Zero);
        Assert.That(s->PC, Is.EqualTo(C));
        Assert.That(s->ExitReason, Is.EqualTo((uint)StopReason.BudgetExhausted));

        // Budgets of every size from every position of the loop: the 40-instruction loop
        // retires one add per instruction except at its branch (index 39).
        ulong index = 0, expectedX0 = s->X[0];
        for (ulong budget = 1; budget <= 45; budget++)
        {
            ulong retired = s->InstructionsRetired;
            Assert.That(interp.Run(budget), Is.EqualTo(StopReason.BudgetExhausted));
            for (ulong k = 0; k < budget; k++)
            {
                if (index < 39) { expectedX0++; index++; }
                else index = 0;
            }
            Assert.That(s->InstructionsRetired - retired, Is.EqualTo(budget));
            Assert.That(s->X[0], Is.EqualTo(expectedX0));
            Assert.That(s->PC, Is.EqualTo(C + 4 * index));
            Assert.That(s->Budget, Is.Zero);
        }
    }

    [Test]
    public void StopsLeaveTheRemainingBudgetAndWfiConsumesItsInstruction()
    {
        using var core = new TestCore();
        core.Write(C, AddImm(0, 0, 1), AddImm(0, 0, 1), Wfi, AddImm(0, 0, 1), Brk0);
        var interp = new Interpreter(core.Cpu, core.Memory);
        var s = core.State;
        core.Cpu.Pstate = 0x5; // EL1h: WFI completes without trapping
        Assert.That(interp.Run(100), Is.EqualTo(StopReason.WaitForInterrupt));
        Assert.That(s->InstructionsRetired, Is.EqualTo(3ul));
        Assert.That(s->Budget, Is.EqualTo(97ul), "two adds and the WFI");
        Assert.That(s->PC, Is.EqualTo(C + 12));
        Assert.That(interp.Run(100), Is.EqualTo(StopReason.Exception));
        Assert.That(ExitClass(s), Is.EqualTo(Syndrome.Brk64));
        Assert.That(s->Budget, Is.EqualTo(99ul), "one add retired; the BRK did not");
        Assert.That(s->InstructionsRetired, Is.EqualTo(4ul));
        Assert.That(s->PC, Is.EqualTo(C + 16));
        Assert.That(s->X[0], Is.EqualTo(3ul));
    }

    [Test]
    public void StopRequestsAreHonouredBeforeAndDuringARun()
    {
        using var core = new TestCore();
        core.Write(C, AddImm(0, 0, 1), B(-4));
        var interp = new Interpreter(core.Cpu, core.Memory);
        var s = core.State;

        core.Cpu.RequestStop();
        Assert.That(interp.Run(1000), Is.EqualTo(StopReason.StopRequested));
        Assert.That(s->InstructionsRetired, Is.Zero);
        Assert.That(s->StopRequest, Is.Zero, "the request is consumed");
        Assert.That(s->Budget, Is.EqualTo(1000ul));

        using var started = new ManualResetEventSlim();
        var stopper = new Thread(() =>
        {
            started.Wait();
            while (Volatile.Read(ref s->InstructionsRetired) < 100_000) Thread.Yield();
            core.Cpu.RequestStop();
        });
        stopper.Start();
        started.Set();
        const ulong budget = 20_000_000_000;
        Assert.That(interp.Run(budget), Is.EqualTo(StopReason.StopRequested));
        stopper.Join();
        Assert.That(s->InstructionsRetired, Is.GreaterThanOrEqualTo(100_000ul));
        Assert.That(s->Budget, Is.EqualTo(budget - s->InstructionsRetired), "the budget left is what did not retire");
    }

    [Test]
    public void StepsAndRunsRetireTheSameInstructions()
    {
        uint[] loop = [Movz(0, 0), Movz(1, 30), AddImm(0, 0, 5), SubsImm(1, 1, 1), BCond(1, -8), Brk0];
        using var stepped = new TestCore();
        using var run = new TestCore();
        stepped.Write(C, loop);
        run.Write(C, loop);
        var a = new Interpreter(stepped.Cpu, stepped.Memory);
        var b = new Interpreter(run.Cpu, run.Memory);
        for (ulong n = 0; n < 60; n += 7)
        {
            for (ulong k = 0; k < 7; k++) Assert.That(a.Step(), Is.EqualTo(StopReason.None));
            Assert.That(b.Run(7), Is.EqualTo(StopReason.BudgetExhausted));
            run.State->Budget = stepped.State->Budget;
            run.State->ExitReason = stepped.State->ExitReason;
            Assert.That(TestCore.StateDifferences(stepped.State, run.State, "stepped", "run"), Is.Empty);
        }
    }
}
