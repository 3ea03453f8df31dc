using A64Jit.Core.Decoding;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using static A64Jit.Core.Interpretation.Pseudocode;

namespace A64Jit.Tests.Interpretation;

/// <summary>The interpreter's dispatch table, stop reasons and exit information.</summary>
[TestFixture]
public unsafe class InterpreterTests
{
    private const ulong Code = 0x10000;
    private const ulong Data = 0x20000;
    private const uint AddX0One = 0x91000400;   // add x0, x0, #1
    private const uint Udf = 0x00000000;        // udf #0

    private GuestMemory _memory = null!;
    private CpuContext _cpu = null!;
    private Interpreter _interp = null!;
    private CpuState* S => _cpu.State;

    [SetUp]
    public void SetUp()
    {
        _memory = new GuestMemory();
        _cpu = new CpuContext();
        _memory.Map(Code, 0x2000, MemoryPermissions.ReadExecute);
        _memory.Map(Data, 0x1000, MemoryPermissions.ReadWrite);
        _interp = new Interpreter(_cpu, _memory);
        S->PC = Code;
    }

    [TearDown]
    public void TearDown()
    {
        _memory.Dispose();
        _cpu.Dispose();
    }

    private void Code32(ulong address, params uint[] words)
    {
        for (int i = 0; i < words.Length; i++) _memory.WriteU32Privileged(address + 4 * (ulong)i, words[i]);
    }

    // ------------------------------------------------------------------ dispatch table

    [Test]
    public void DispatchTableIsConsistent() =>
        Assert.That(Interpreter.TableProblems, Is.Empty, string.Join("\n", Interpreter.TableProblems));

    [Test]
    public void EverySemanticsMethodIsNamedLikeItsEncodingAndLivesInItsGroupFolder()
    {
        Assert.That(Interpreter.ImplementedEncodings, Is.Not.Empty);
        foreach (var e in Interpreter.ImplementedEncodings)
        {
            var m = Interpreter.MethodOf(e.Id)!;
            Assert.That(m.Name, Is.EqualTo(e.Name));
            Assert.That(m.DeclaringType!.Namespace, Is.EqualTo("A64Jit.Core.Interpretation"));
        }
    }

    [Test]
    public void AddSubImmediateHasSemantics()
    {
        foreach (var name in new[] { "ADD_imm", "ADDS_imm", "SUB_imm", "SUBS_imm" })
            Assert.That(Interpreter.IsImplemented(EncodingTable.Get(name).Id), name);
    }

    // ------------------------------------------------------------------ stepping and running

    [Test]
    public void StepRetiresOneInstruction()
    {
        Code32(Code, AddX0One);
        S->X[0] = 41;
        Assert.That(_interp.Step(), Is.EqualTo(StopReason.None));
        Assert.That(S->X[0], Is.EqualTo(42ul));
        Assert.That(S->PC, Is.EqualTo(Code + 4));
        Assert.That(S->InstructionsRetired, Is.EqualTo(1ul));
    }

    [Test]
    public void RunStopsWhenTheBudgetIsSpent()
    {
        for (int i = 0; i < 64; i++) Code32(Code + 4 * (ulong)i, AddX0One);
        Assert.That(_interp.Run(10), Is.EqualTo(StopReason.BudgetExhausted));
        Assert.That(S->ExitReason, Is.EqualTo((uint)StopReason.BudgetExhausted));
        Assert.That(S->X[0], Is.EqualTo(10ul));
        Assert.That(S->PC, Is.EqualTo(Code + 40));
        Assert.That(S->InstructionsRetired, Is.EqualTo(10ul));
        Assert.That(S->Budget, Is.EqualTo(0ul));
    }

    [Test]
    public void RunWithZeroBudgetExecutesNothing()
    {
        Code32(Code, AddX0One);
        Assert.That(_interp.Run(0), Is.EqualTo(StopReason.BudgetExhausted));
        Assert.That(S->PC, Is.EqualTo(Code));
        Assert.That(S->InstructionsRetired, Is.EqualTo(0ul));
    }

    [Test]
    public void RunHonoursAndConsumesAStopRequest()
    {
        Code32(Code, AddX0One, AddX0One);
        _cpu.RequestStop();
        Assert.That(_interp.Run(100), Is.EqualTo(StopReason.StopRequested));
        Assert.That(S->PC, Is.EqualTo(Code));
        Assert.That(S->StopRequest, Is.EqualTo(0));
        Assert.That(_interp.Run(1), Is.EqualTo(StopReason.BudgetExhausted));
        Assert.That(S->PC, Is.EqualTo(Code + 4));
    }

    [Test]
    public void StopRequestFromAnotherThreadEndsAnEndlessRun()
    {
        // Code that runs off its end would fault; give it 2 pages of adds and a stop request
        // issued after a few instructions by watching the counter from another thread.
        for (int i = 0; i < 2048; i++) Code32(Code + 4 * (ulong)i, AddX0One);
        var state = S;
        var t = new Thread(() =>
        {
            while (Volatile.Read(ref state->InstructionsRetired) == 0) Thread.Yield();
            Interlocked.Exchange(ref state->StopRequest, 1);
        });
        t.Start();
        // Stops at the request or, if the thread is slow, at the unmapped page after the code.
        var reason = _interp.Run(ulong.MaxValue);
        t.Join();
        Assert.That(reason, Is.EqualTo(StopReason.StopRequested).Or.EqualTo(StopReason.Exception));
        Assert.That(S->InstructionsRetired, Is.GreaterThan(0ul));
    }

    [Test]
    public void RunningAllocatesNothing()
    {
        for (int i = 0; i < 1024; i++) Code32(Code + 4 * (ulong)i, i % 2 == 0 ? AddX0One : 0xF1000421); // subs x1, x1, #1
        _interp.Run(1000); // warm up (JIT, static tables)
        S->PC = Code;
        long before = GC.GetAllocatedBytesForCurrentThread();
        _interp.Run(1000);
        S->PC = Code;
        for (int i = 0; i < 100; i++) _interp.Step();
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.That(after - before, Is.Zero);
    }

    // ------------------------------------------------------------------ run contract

    private const uint Wfi = 0xD503207F;

    [TestCase(10ul)]
    [TestCase(4ul)]
    [TestCase(ulong.MaxValue)]
    public void WfiAfterOtherInstructionsTakesOneInstructionOfTheRemainingBudget(ulong budget)
    {
        Code32(Code, AddX0One, AddX0One, AddX0One, Wfi, AddX0One);
        S->SctlrEl1 = 1ul << 16; // nTWI: WFI at EL0 does not trap
        Assert.That(_interp.Run(budget), Is.EqualTo(StopReason.WaitForInterrupt));
        Assert.That(S->PC, Is.EqualTo(Code + 16));
        Assert.That(S->X[0], Is.EqualTo(3ul));
        Assert.That(S->InstructionsRetired, Is.EqualTo(4ul));
        Assert.That(S->Budget, Is.EqualTo(budget - 4));
    }

    [Test]
    public void BudgetEndingJustBeforeWfiStopsWithoutExecutingIt()
    {
        Code32(Code, AddX0One, AddX0One, AddX0One, Wfi);
        S->SctlrEl1 = 1ul << 16;
        Assert.That(_interp.Run(3), Is.EqualTo(StopReason.BudgetExhausted));
        Assert.That(S->PC, Is.EqualTo(Code + 12));
        Assert.That(S->InstructionsRetired, Is.EqualTo(3ul));
        Assert.That(S->Budget, Is.Zero);
        Assert.That(_interp.Run(1), Is.EqualTo(StopReason.WaitForInterrupt));
        Assert.That(S->InstructionsRetired, Is.EqualTo(4ul));
        Assert.That(S->Budget, Is.Zero);
    }

    /// <summary>
    /// Run keeps PC in a register between instructions: a run of k instructions over
    /// fall-throughs, taken and untaken branches, a call and a return must leave exactly
    /// the state of k single steps (Step reads and writes PC in the state every time).
    /// </summary>
    [Test]
    public void RunOfKInstructionsEqualsKSteps()
    {
        // 0x00: mov x1, #5 ; 0x04: add x0, x0, #1 ; 0x08: bl 0x20 ; 0x0c: subs x1, x1, #1 ;
        // 0x10: b.ne 0x04 ; 0x14: b 0x00 ; ... 0x20: add x2, x2, #3 ; 0x24: cbz x3, 0x2c ;
        // 0x28: udf ; 0x2c: ret
        uint[] program =
        [
            0xD28000A1, 0x91000400, 0x94000006, 0xF1000421, 0x54FFFFA1, 0x17FFFFFB, 0, 0,
            0x91000C42, 0xB4000043, 0x00000000, 0xD65F03C0,
        ];
        Code32(Code, program);
        using var otherCpu = new CpuContext();
        var reference = new Interpreter(otherCpu, _memory);
        var r = otherCpu.State;
        for (ulong k = 0; k < 120; k += 7)
        {
            S->PC = r->PC = Code;
            for (int i = 0; i < 31; i++) S->X[i] = r->X[i] = 0;
            S->InstructionsRetired = r->InstructionsRetired = 0;
            Assert.That(_interp.Run(k), Is.EqualTo(StopReason.BudgetExhausted));
            for (ulong i = 0; i < k; i++) Assert.That(reference.Step(), Is.EqualTo(StopReason.None));
            Assert.That(S->PC, Is.EqualTo(r->PC), $"PC after {k}");
            Assert.That(S->InstructionsRetired, Is.EqualTo(k));
            Assert.That(r->InstructionsRetired, Is.EqualTo(k));
            Assert.That(S->Nzcv, Is.EqualTo(r->Nzcv), $"NZCV after {k}");
            for (int i = 0; i < 31; i++) Assert.That(S->X[i], Is.EqualTo(r->X[i]), $"X{i} after {k}");
        }
    }

    [Test]
    public void RunStopsAtTheFirstException()
    {
        Code32(Code, AddX0One, AddX0One, Udf, AddX0One);
        Assert.That(_interp.Run(100), Is.EqualTo(StopReason.Exception));
        Assert.That(S->PC, Is.EqualTo(Code + 8));
        Assert.That(S->X[0], Is.EqualTo(2ul));
        Assert.That(S->InstructionsRetired, Is.EqualTo(2ul));
        Assert.That(S->Budget, Is.EqualTo(98ul));
    }

    // ------------------------------------------------------------------ exceptions

    [Test]
    public void UndefinedInstructionStopsWithUnknownReason()
    {
        Code32(Code, Udf);
        S->X[0] = 5;
        Assert.That(_interp.Step(), Is.EqualTo(StopReason.Exception));
        Assert.That(S->ExitSyndrome, Is.EqualTo(0x0200_0000u), "EC 0, IL 1, ISS 0");
        Assert.That(S->PC, Is.EqualTo(Code));
        Assert.That(S->X[0], Is.EqualTo(5ul));
        Assert.That(S->InstructionsRetired, Is.EqualTo(0ul));
    }

    [Test]
    public void TableEncodingWithoutSemanticsStopsWithUnknownReason()
    {
        var missing = EncodingTable.All.FirstOrDefault(e => !Interpreter.IsImplemented(e.Id));
        if (missing == null) Assert.Pass("every encoding of the table has semantics");
        uint? word = DifferentialTests.RandomWord(missing!, new Random(1), 2);
        Assert.That(word, Is.Not.Null);
        Code32(Code, word!.Value);
        Assert.That(_interp.Step(), Is.EqualTo(StopReason.Exception));
        Assert.That(S->ExitSyndrome, Is.EqualTo(0x0200_0000u));
        Assert.That(S->PC, Is.EqualTo(Code));
    }

    [Test]
    public void FetchFromUnmappedMemoryIsAnInstructionAbort()
    {
        S->PC = 0x50000;
        Assert.That(_interp.Step(), Is.EqualTo(StopReason.Exception));
        Assert.That(Syndrome.ExceptionClass(S->ExitSyndrome), Is.EqualTo(Syndrome.InstructionAbortLowerEl));
        Assert.That(Syndrome.Iss(S->ExitSyndrome), Is.EqualTo(Syndrome.TranslationFaultLevel3));
        Assert.That(S->ExitSyndrome & Syndrome.IL, Is.Not.Zero);
        Assert.That(S->ExitAddress, Is.EqualTo(0x50000ul));
        Assert.That(S->ExitAccessKind, Is.EqualTo((uint)MemAccess.Fetch));
        Assert.That(S->ExitAccessSize, Is.EqualTo(4u));
        Assert.That(S->PC, Is.EqualTo(0x50000ul));
    }

    [Test]
    public void FetchFromNonExecutableMemoryIsAPermissionFault()
    {
        _memory.WriteU32Privileged(Data, AddX0One);
        S->PC = Data;
        Assert.That(_interp.Step(), Is.EqualTo(StopReason.Exception));
        Assert.That(Syndrome.ExceptionClass(S->ExitSyndrome), Is.EqualTo(Syndrome.InstructionAbortLowerEl));
        Assert.That(Syndrome.Iss(S->ExitSyndrome), Is.EqualTo(Syndrome.PermissionFaultLevel3));
        Assert.That(S->X[0], Is.EqualTo(0ul));
    }

    [Test]
    public void FetchFaultAtEl1IsASameLevelAbort()
    {
        _cpu.Pstate = (1u << 2) | PstateBits.SpSel; // EL1h
        S->PC = 0x50000;
        _interp.Step();
        Assert.That(Syndrome.ExceptionClass(S->ExitSyndrome), Is.EqualTo(Syndrome.InstructionAbortSameEl));
    }

    [Test]
    public void FetchBeyondTheAddressSpaceIsAnAddressSizeFault()
    {
        S->PC = 0xFFFF_0000_0000_0000;
        Assert.That(_interp.Step(), Is.EqualTo(StopReason.Exception));
        Assert.That(Syndrome.ExceptionClass(S->ExitSyndrome), Is.EqualTo(Syndrome.InstructionAbortLowerEl));
        Assert.That(Syndrome.Iss(S->ExitSyndrome), Is.EqualTo(Syndrome.AddressSizeFaultLevel0));
    }

    [Test]
    public void MisalignedPcIsAPcAlignmentFault()
    {
        S->PC = Code + 2;
        Assert.That(_interp.Step(), Is.EqualTo(StopReason.Exception));
        Assert.That(Syndrome.ExceptionClass(S->ExitSyndrome), Is.EqualTo(Syndrome.PcAlignment));
        Assert.That(S->ExitAddress, Is.EqualTo(Code + 2));
        Assert.That(S->PC, Is.EqualTo(Code + 2));
    }

    [Test]
    public void ExecutionRunsAcrossPages()
    {
        Code32(Code + 0xFFC, AddX0One, AddX0One);
        S->PC = Code + 0xFFC;
        Assert.That(_interp.Run(2), Is.EqualTo(StopReason.BudgetExhausted));
        Assert.That(S->X[0], Is.EqualTo(2ul));
    }

    // ------------------------------------------------------------------ memory helpers of ExecContext

    [Test]
    public void LoadFromUnmappedMemoryReportsADataAbortAndChangesNothing()
    {
        var c = _interp.Context;
        Assert.That(c.Read(0x90008, 8, out ulong v), Is.False);
        Assert.That(v, Is.EqualTo(0ul));
        Assert.That(S->ExitReason, Is.EqualTo((uint)StopReason.Exception));
        Assert.That(Syndrome.ExceptionClass(S->ExitSyndrome), Is.EqualTo(Syndrome.DataAbortLowerEl));
        Assert.That(Syndrome.Iss(S->ExitSyndrome), Is.EqualTo(Syndrome.TranslationFaultLevel3));
        Assert.That(S->ExitAddress, Is.EqualTo(0x90008ul));
        Assert.That(S->ExitAccessSize, Is.EqualTo(8u));
        Assert.That(S->ExitAccessKind, Is.EqualTo((uint)MemAccess.Read));
    }

    [Test]
    public void StoreToReadOnlyMemoryReportsAWriteAbortAndWritesNothing()
    {
        var c = _interp.Context;
        Assert.That(c.Write(Code + 16, 4, 0xAABBCCDD), Is.False);
        Assert.That(Syndrome.ExceptionClass(S->ExitSyndrome), Is.EqualTo(Syndrome.DataAbortLowerEl));
        Assert.That(Syndrome.Iss(S->ExitSyndrome), Is.EqualTo(Syndrome.PermissionFaultLevel3 | Syndrome.WnR));
        Assert.That(S->ExitAccessKind, Is.EqualTo((uint)MemAccess.Write));
        Assert.That(_memory.ReadU32Privileged(Code + 16), Is.EqualTo(0u));
    }

    [Test]
    public void PageCrossingStoreThatFaultsOnTheSecondPageWritesNothing()
    {
        var c = _interp.Context;
        // Data page is RW, the next page (Data + 0x1000) is unmapped.
        Assert.That(c.Write(Data + 0xFFC, 8, ulong.MaxValue), Is.False);
        Assert.That(S->ExitAddress, Is.EqualTo(Data + 0x1000));
        Assert.That(_memory.ReadU32Privileged(Data + 0xFFC), Is.EqualTo(0u));
        Assert.That(c.Write128(Data + 0xFF8, UInt128.MaxValue), Is.False);
        Assert.That(_memory.ReadU64Privileged(Data + 0xFF8), Is.EqualTo(0ul));
    }

    [Test]
    public void ReadsAndWritesOfEverySizeRoundTrip()
    {
        var c = _interp.Context;
        foreach (int size in new[] { 1, 2, 4, 8 })
        {
            ulong value = 0x8877_6655_4433_2211 & Ones(8 * size);
            Assert.That(c.Write(Data + 0x101, size, 0x8877_6655_4433_2211), Is.True);
            Assert.That(c.Read(Data + 0x101, size, out ulong v), Is.True);
            Assert.That(v, Is.EqualTo(value), $"size {size}");
        }
        var q = new UInt128(0x0102_0304_0506_0708, 0x090A_0B0C_0D0E_0F10);
        Assert.That(c.Write128(Data + 0x203, q), Is.True);
        Assert.That(c.Read128(Data + 0x203, out var r), Is.True);
        Assert.That(r, Is.EqualTo(q));
    }

    [Test]
    public void ProbeReportsWithoutAccessing()
    {
        var c = _interp.Context;
        Assert.That(c.Probe(Data, 16, MemAccess.Write), Is.True);
        Assert.That(c.Probe(Code, 4, MemAccess.Write), Is.False);
        Assert.That(Syndrome.Iss(S->ExitSyndrome), Is.EqualTo(Syndrome.PermissionFaultLevel3 | Syndrome.WnR));
    }

    [Test]
    public void StackPointerAlignmentCheckFollowsSctlr()
    {
        var c = _interp.Context;
        S->X[31] = Data + 8;
        Assert.That(c.CheckSPAlignment(), Is.True, "checks off");
        S->SctlrEl1 = ExecContext.SctlrSa0;
        Assert.That(c.CheckSPAlignment(), Is.False, "EL0 uses SA0");
        Assert.That(S->ExitSyndrome, Is.EqualTo(Syndrome.Make(Syndrome.SpAlignment, 0)));
        S->X[31] = Data + 16;
        Assert.That(c.CheckSPAlignment(), Is.True);
        _cpu.Pstate = (1u << 2) | PstateBits.SpSel;
        S->X[31] = Data + 4;
        Assert.That(c.CheckSPAlignment(), Is.True, "EL1 uses SA, which is clear");
        S->SctlrEl1 = ExecContext.SctlrSa;
        Assert.That(c.CheckSPAlignment(), Is.False);
    }

    [Test]
    public void AlignmentFaultSyndrome()
    {
        _interp.Context.AlignmentFault(Data + 3, 8, MemAccess.Write);
        Assert.That(S->ExitSyndrome, Is.EqualTo(Syndrome.Make(Syndrome.DataAbortLowerEl, Syndrome.AlignmentFault | Syndrome.WnR)));
        Assert.That(S->ExitAddress, Is.EqualTo(Data + 3));
    }

    // ------------------------------------------------------------------ register 31

    [Test]
    public void Register31IsZeroOrStackPointerByAccessor()
    {
        var c = _interp.Context;
        S->X[31] = 0x7000;
        Assert.That(c.X(31), Is.EqualTo(0ul));
        Assert.That(c.XOrSP(31), Is.EqualTo(0x7000ul));
        c.SetX(31, 64, 5);
        Assert.That(S->X[31], Is.EqualTo(0x7000ul), "a write to XZR is discarded");
        c.SetXOrSP(31, 32, 0x1_2345_6789);
        Assert.That(S->X[31], Is.EqualTo(0x2345_6789ul), "a 32-bit write to SP zero-extends");
        S->X[3] = ulong.MaxValue;
        c.SetX(3, 32, ulong.MaxValue);
        Assert.That(S->X[3], Is.EqualTo(0xFFFF_FFFFul), "a W write zero-extends");
    }
}
