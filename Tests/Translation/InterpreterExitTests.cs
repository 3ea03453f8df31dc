using A64Jit.Core.Interpretation;
using A64Jit.Core.State;
using A64Jit.Translator.Emission;
using A64Jit.Translator.Execution;

namespace A64Jit.Tests.Translation;

/// <summary>
/// Interpreter exits: a load or store the inline path cannot perform (here: crossing a page
/// boundary) leaves the translation at that instruction, and the engine runs it in the
/// interpreter before it goes on (<see cref="A64Jit.Translator.BlockContext.InterpretNext"/>).
/// A hot loop whose accesses now and then cross a page must stay translated, leave exactly once
/// per iteration with a crossing access and end in the interpreter's state; a budget that runs out right at an
/// exit must not lose or repeat the instruction; a single block step includes the instruction
/// the interpreter ran for it.
/// </summary>
[TestFixture]
public unsafe class InterpreterExitTests
{
    // loop: ldr x2, [x1] ; add x0, x0, x2 ; str x0, [x1, #1] ; add x1, x1, #5 ; subs x3, x3, #1 ; b.ne loop ; brk #0
    // (x1 advances by 5, so the 8-byte load and the store at x1 + 1 cross a page boundary now and then)
    private static readonly uint[] Loop =
    [
        A64.LdrX(2, 1, 0),
        A64.Check("ADD_shift", 0x8B020000u),            // add x0, x0, x2
        A64.Check("STUR", 0xF8001020u),                 // stur x0, [x1, #1]
        A64.AddImm(1, 1, 5),
        A64.SubsImm(3, 3, 1),
        A64.BCond(1, -20),                              // b.ne loop
        A64.Check("BRK", 0xD4200000u),
    ];

    private const int Iterations = 3000;  // x1 covers DataBase + 0x100 .. + 0x3C58: three page boundaries

    private static void Setup(TestCore c)
    {
        c.Write(TestCore.CodeBase, Loop);
        var data = new byte[TestCore.DataSize];
        new Random(3).NextBytes(data);
        c.Memory.WritePrivileged(TestCore.DataBase, data);
        var s = c.State;
        s->PC = TestCore.CodeBase;
        s->X[0] = 0;
        s->X[1] = TestCore.DataBase + 0x100;
        s->X[3] = Iterations;
    }

    /// <summary>
    /// Iterations of the loop with an access that crosses a page boundary (the load's 8 bytes at
    /// x1 or the store's at x1 + 1): each leaves the translation once, at its first such access;
    /// the rest of that iteration's block then runs in the interpreter.
    /// </summary>
    private static int CrossingIterations()
    {
        int n = 0;
        for (int k = 0; k < Iterations; k++)
        {
            ulong x1 = TestCore.DataBase + 0x100 + 5ul * (ulong)k;
            if ((x1 & 0xFFF) > 0xFF8 || ((x1 + 1) & 0xFFF) > 0xFF8) n++;
        }
        return n;
    }

    private static string Differences(TestCore jit, TestCore reference)
    {
        jit.State->Budget = reference.State->Budget;  // the engine's bookkeeping, not architectural state
        return TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter")
               + TestCore.MemoryDifferences(jit.Memory, reference.Memory, [(TestCore.DataBase, TestCore.DataSize)]);
    }

    [TestCase(1, TestName = "InterpreterExits(single blocks)")]
    [TestCase(8, TestName = "InterpreterExits(regions)")]
    public void AHotLoopLeavesOncePerCrossingIteration(int maxRegionBlocks)
    {
        using var jit = new TestCore();
        using var reference = new TestCore();
        Setup(jit);
        Setup(reference);
        using var engine = new TranslatedEngine(jit.State, jit.Memory,
            new TranslatorOptions { Native = NativeSwitches.AllNative(), MaxRegionBlocks = maxRegionBlocks });
        var rj = engine.Run(ulong.MaxValue);
        var ri = new Interpreter(reference.State, reference.Memory).Run(ulong.MaxValue);
        Assert.That(rj, Is.EqualTo(StopReason.Exception), "the BRK after the loop");
        Assert.That(ri, Is.EqualTo(StopReason.Exception));
        Assert.That(Differences(jit, reference), Is.Empty);
        int crossing = CrossingIterations();
        Assert.That(crossing, Is.GreaterThan(2), "the loop crosses pages");
        Assert.That(engine.Stats.InterpreterExits, Is.EqualTo(crossing), "one exit per iteration with a crossing access, none otherwise");
        Assert.That(engine.Stats.FallbackInstructionsTranslated, Is.Zero, "every instruction was translated to native IL");
        // The loop ran translated: the interpreter ran the crossing accesses and at most the rest of their blocks.
        Assert.That(engine.Stats.InterpretedSteps, Is.LessThan(crossing * Loop.Length + 50));
    }

    [Test]
    public void ABudgetEndingAtAnExitNeitherLosesNorRepeatsTheAccess()
    {
        // Budgets that end just before, at and after the first crossing access: the run is cut
        // there and resumed, and the end state is the interpreter's.
        ulong first = 0;
        for (int k = 0; ; k++)
            if (((TestCore.DataBase + 0x100 + 5ul * (ulong)k) & 0xFFF) > 0xFF8) { first = (ulong)k * 6; break; }
        for (ulong cut = first - 3; cut <= first + 3; cut++)
        {
            using var jit = new TestCore();
            using var reference = new TestCore();
            Setup(jit);
            Setup(reference);
            using var engine = new TranslatedEngine(jit.State, jit.Memory,
                new TranslatorOptions { Native = NativeSwitches.AllNative(), HotThreshold = 0 });
            var r1 = engine.Run(cut);
            Assert.That(r1, Is.EqualTo(StopReason.BudgetExhausted), $"cut {cut}");
            Assert.That(jit.State->InstructionsRetired, Is.EqualTo(cut), $"cut {cut}: the budget is exact");
            var rj = engine.Run(ulong.MaxValue);
            var ri = new Interpreter(reference.State, reference.Memory).Run(ulong.MaxValue);
            Assert.That((rj, ri), Is.EqualTo((StopReason.Exception, StopReason.Exception)), $"cut {cut}");
            Assert.That(Differences(jit, reference), Is.Empty, $"cut {cut}");
            Assert.That(engine.Stats.InterpreterExits, Is.GreaterThan(0), $"cut {cut}");
        }
    }

    [Test]
    public void ABlockStepIncludesTheInstructionTheInterpreterRan()
    {
        using var jit = new TestCore();
        Setup(jit);
        var s = jit.State;
        s->X[1] = TestCore.DataBase + 0xFFC;  // the first load crosses into the next page
        using var engine = new TranslatedEngine(s, jit.Memory, new TranslatorOptions { Native = NativeSwitches.AllNative() });
        Assert.That(engine.StepBlock(), Is.EqualTo(StopReason.None));
        Assert.That(engine.Stats.InterpreterExits, Is.EqualTo(1));
        Assert.That(s->InstructionsRetired, Is.EqualTo(1ul), "the load, by the interpreter");
        Assert.That(s->PC, Is.EqualTo(TestCore.CodeBase + 4));
        Assert.That(s->X[2], Is.EqualTo(BitConverter.ToUInt64(jit.ReadRange(TestCore.DataBase + 0xFFC, 8))));
    }
}
