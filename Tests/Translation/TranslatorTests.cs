using System.Runtime.Loader;
using A64Jit.Core.Decoding;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Translator;
using A64Jit.Translator.Blocks;
using A64Jit.Translator.Emission;
using A64Jit.Translator.Execution;
using static A64Jit.Tests.Translation.A64;

namespace A64Jit.Tests.Translation;

/// <summary>The translator's machinery: discovery, native IL with known results, cache, invalidation, faults, dumps.</summary>
[TestFixture]
public unsafe class TranslatorTests
{
    private const ulong C = TestCore.CodeBase;
    private const ulong D = TestCore.DataBase;

    [Test]
    public void DiscoveryStopsAtBranchesExceptionsPageEndAndCap()
    {
        using var core = new TestCore();
        core.Write(C, AddImm(0, 0, 1), AddImm(1, 1, 2), B(8), AddImm(2, 2, 3));
        var b = BlockDiscovery.Discover(core.Memory, C);
        Assert.That(b.Count, Is.EqualTo(3));
        Assert.That(b.End, Is.EqualTo(BlockEnd.Branch));

        core.Write(C + 0x100, AddImm(0, 0, 1), Udf());
        b = BlockDiscovery.Discover(core.Memory, C + 0x100);
        Assert.That((b.Count, b.End), Is.EqualTo((2, BlockEnd.Exceptional)));

        for (ulong a = C + 0xFF0; a < C + 0x1000; a += 4) core.Write(a, AddImm(0, 0, 1));
        b = BlockDiscovery.Discover(core.Memory, C + 0xFF0);
        Assert.That((b.Count, b.End), Is.EqualTo((4, BlockEnd.PageBoundary)));

        for (ulong a = C + 0x200; a < C + 0x300; a += 4) core.Write(a, AddImm(0, 0, 1));
        b = BlockDiscovery.Discover(core.Memory, C + 0x200, 10);
        Assert.That((b.Count, b.End), Is.EqualTo((10, BlockEnd.SizeCap)));

        // The last code page ends at CodeBase + CodeSize; the next page is unmapped.
        for (ulong a = C + TestCore.CodeSize - 8; a < C + TestCore.CodeSize; a += 4) core.Write(a, AddImm(0, 0, 1));
        b = BlockDiscovery.Discover(core.Memory, C + TestCore.CodeSize - 8);
        Assert.That((b.Count, b.End), Is.EqualTo((2, BlockEnd.PageBoundary)));
        Assert.That(BlockDiscovery.Discover(core.Memory, C + TestCore.CodeSize).Count, Is.Zero);
    }

    /// <summary>
    /// Native IL of instructions the interpreter of this tree may not implement yet, checked
    /// against hand-computed results: a counted loop (SUBS + B.NE, fused), loads and stores,
    /// CBZ/CBNZ/TBNZ, BL/RET, BR, MOVZ/MOVK.
    /// </summary>
    [Test]
    public void NativeProgramComputesKnownResults()
    {
        using var core = new TestCore();
        core.Write(C,
            Movz(0, 0),                 // 00 x0 = 0
            Movz(1, 10),                // 04 x1 = 10
            AddImm(0, 0, 3),            // 08 loop: x0 += 3
            SubsImm(1, 1, 1),           // 0c x1 -= 1, flags
            BCond(1, -8),               // 10 b.ne loop
            Movz(2, 0x2, 0),            // 14 x2 = 0x2
            Movk(2, 0x0000, 1),         // 18
            Movz(2, (uint)(D >> 16), 1),// 1c x2 = D (0x20000)
            StrX(0, 2, 16),             // 20 [D+16] = x0
            LdrX(5, 2, 16),             // 24 x5 = [D+16]
            Movz(7, 16),                // 28 x7 = 16
            LdrXReg(6, 2, 7),           // 2c x6 = [D + x7]
            Cbz(6, 8),                  // 30 not taken
            Cbnz(6, 8),                 // 34 taken -> 3c
            Udf(),                      // 38 (skipped)
            Tbnz(6, 1, 8),              // 3c 30 = 0b11110: bit 1 set -> 44
            Udf(),                      // 40 (skipped)
            Bl(0x100 - 0x44),           // 44 call 0x100
            AddImm(9, 9, 1),            // 48 x9 += 1 after return
            Movz(10, 0x58),             // 4c
            AddImm(10, 10, (uint)(C & 0xFFF)), // 50 (C is page aligned)
            Br(10),                     // 54 -> x10 = 0x58 + ... (C=0x10000 needs the high part)
            Udf());                     // 58
        core.Write(C + 0x100, AddImm(8, 8, 7), Ret());
        core.Write(C + 0x58, Ldrsb(11, 2, 0), Udf());
        core.Memory.WritePrivileged(D, [0x80]);
        // x10 needs C's high bits: patch 0x4c to MOVZ x10, #1, LSL 16 and 0x50 to ADD x10, x10, #0x58.
        core.Write(C + 0x4c, Movz(10, 1, 1), AddImm(10, 10, 0x58));

        using var engine = new TranslatedEngine(core.State, core.Memory);
        var r = engine.Run(10_000);
        var s = core.State;
        Assert.That(r, Is.EqualTo(StopReason.Exception), TestContext.CurrentContext.Test.Name);
        Assert.That(s->PC, Is.EqualTo(C + 0x5c), "stopped at the UDF after the BR target");
        Assert.That(s->X[0], Is.EqualTo(30ul));
        Assert.That(s->X[1], Is.EqualTo(0ul));
        Assert.That(s->Nzcv, Is.EqualTo(NzcvBits.Z | NzcvBits.C), "flags of the last SUBS");
        Assert.That(s->X[5], Is.EqualTo(30ul));
        Assert.That(s->X[6], Is.EqualTo(30ul));
        Assert.That(s->X[8], Is.EqualTo(7ul));
        Assert.That(s->X[9], Is.EqualTo(1ul));
        Assert.That(s->X[30], Is.EqualTo(C + 0x48));
        Assert.That(s->X[11], Is.EqualTo(0xFFFF_FFFF_FFFF_FF80ul), "LDRSB sign-extends");
        Assert.That(core.Memory.ReadU64Privileged(D + 16), Is.EqualTo(30ul));
        // 2 + 10*3 loop, 9 to CBNZ, TBNZ, BL, 2 in the callee, 4 to BR, LDRSB = 50 instructions retired.
        Assert.That(s->InstructionsRetired, Is.EqualTo(50ul));
        Assert.That(engine.Stats.FusedCompareBranches, Is.GreaterThan(0));
        TestContext.Out.WriteLine(engine.Stats);
    }

    [Test]
    public void BudgetIsExactAndStopRequestsAreHonoured()
    {
        using var core = new TestCore();
        var words = new uint[40];
        for (int i = 0; i < 39; i++) words[i] = AddImm(0, 0, 1);
        words[39] = B(-39 * 4);
        core.Write(C, words);
        using var engine = new TranslatedEngine(core.State, core.Memory);
        Assert.That(engine.Run(1000), Is.EqualTo(StopReason.BudgetExhausted));
        Assert.That(core.State->InstructionsRetired, Is.EqualTo(1000ul));
        Assert.That(core.State->X[0], Is.EqualTo(1000ul - 1000ul / 40), "975 adds and 25 branches");
        engine.RequestStop();
        Assert.That(engine.Run(1000), Is.EqualTo(StopReason.StopRequested));
        Assert.That(core.State->InstructionsRetired, Is.EqualTo(1000ul));
    }

    [Test]
    public void ColdCodeIsInterpretedUntilItIsHot()
    {
        foreach (var name in new[] { "MOVZ", "ADD_imm", "SUBS_imm", "B_cond" })
            Assume.That(Interpreter.IsImplemented(EncodingTable.Get(name).Id), Is.True, $"cold code runs in the interpreter, which needs {name}");
        uint[] loop = [Movz(0, 0), Movz(1, 10), AddImm(0, 0, 3), SubsImm(1, 1, 1), BCond(1, -8), Udf()];
        using var hot = new TestCore();
        using var eager = new TestCore();
        hot.Write(C, loop);
        eager.Write(C, loop);
        using var tiered = new TranslatedEngine(hot.State, hot.Memory, new TranslatorOptions { HotThreshold = 3 });
        using var direct = new TranslatedEngine(eager.State, eager.Memory, new TranslatorOptions { MaxRegionBlocks = 1 });
        Assert.That(tiered.Run(1000), Is.EqualTo(direct.Run(1000)));
        Assert.That(TestCore.StateDifferences(hot.State, eager.State, "tiered", "eager"), Is.Empty);
        Assert.That(hot.State->X[0], Is.EqualTo(30ul));
        // The loop body (entered 9 times at C+8) gets hot; the entry block (once) and the exit (once) do not.
        // Translated as a region, the loop runs inside its method after the first entry.
        Assert.That(tiered.Stats.BlocksTranslated, Is.EqualTo(1));
        Assert.That(tiered.Stats.RegionsTranslated, Is.EqualTo(1));
        Assert.That(direct.Stats.BlocksTranslated, Is.EqualTo(3));
        Assert.That(tiered.Stats.InterpretedSteps, Is.GreaterThan(0));
        TestContext.Out.WriteLine($"tiered: {tiered.Stats}\neager: {direct.Stats}");
    }

    [Test]
    public void SelfModifyingCodeRunsTheNewCode()
    {
        using var core = new TestCore(MemoryPermissions.All);
        // 0x100: x0 += 5, then stop.
        core.Write(C + 0x100, AddImm(0, 0, 5), Udf());
        // 0x000: store the word in w2 over 0x100, then branch there.
        core.Write(C, StrW(2, 3, 0), B(0x100 - 4));
        using var engine = new TranslatedEngine(core.State, core.Memory);
        var s = core.State;

        s->PC = C + 0x100;
        Assert.That(engine.Run(100), Is.EqualTo(StopReason.Exception));
        Assert.That(s->X[0], Is.EqualTo(5ul));
        Assert.That(core.Memory.IsCodePage(C), Is.True, "a page with translations is marked");

        s->PC = C;
        s->X[2] = AddImm(0, 0, 100);
        s->X[3] = C + 0x100;
        Assert.That(engine.Run(100), Is.EqualTo(StopReason.Exception));
        Assert.That(s->X[0], Is.EqualTo(105ul), "the rewritten instruction ran");
        Assert.That(engine.Cache.PageInvalidations, Is.GreaterThanOrEqualTo(1));

        // A write by the host (loader, debugger) invalidates too.
        core.Write(C + 0x100, AddImm(0, 0, 1000));
        s->PC = C + 0x100;
        Assert.That(engine.Run(100), Is.EqualTo(StopReason.Exception));
        Assert.That(s->X[0], Is.EqualTo(1105ul));
    }

    [Test]
    public void RemappedOrNonExecutablePagesAreNotServedFromTheCache()
    {
        using var core = new TestCore();
        core.Write(C, AddImm(0, 0, 1), Udf());
        using var engine = new TranslatedEngine(core.State, core.Memory);
        engine.Run(10);
        Assert.That(core.State->X[0], Is.EqualTo(1ul));

        // munmap + mmap of new code at the same address: no write is reported, the mark is gone.
        core.Memory.Unmap(C, 0x1000);
        core.Memory.Map(C, 0x1000, MemoryPermissions.ReadExecute);
        core.Write(C, AddImm(0, 0, 10), Udf());
        core.State->PC = C;
        engine.Run(10);
        Assert.That(core.State->X[0], Is.EqualTo(11ul), "the new code ran");

        // mprotect without execute: the next entry faults as an instruction abort.
        core.Memory.Protect(C, 0x1000, MemoryPermissions.Read);
        core.State->PC = C;
        Assert.That(engine.Run(10), Is.EqualTo(StopReason.Exception));
        Assert.That(core.State->ExitAccessKind, Is.EqualTo((uint)MemAccess.Fetch));
        Assert.That(core.State->X[0], Is.EqualTo(11ul));
    }

    [Test]
    public void FlushDropsEverythingAndUnmarksPages()
    {
        using var core = new TestCore();
        core.Write(C, AddImm(0, 0, 1), Udf());
        using var engine = new TranslatedEngine(core.State, core.Memory);
        engine.Run(10);
        Assert.That(engine.Cache.Count, Is.EqualTo(1));
        Assert.That(core.Memory.IsCodePage(C), Is.True);
        engine.Cache.Flush();
        Assert.That(engine.Cache.Count, Is.Zero);
        Assert.That(core.Memory.IsCodePage(C), Is.False);
        core.State->PC = C;
        engine.Run(10);
        Assert.That(engine.Stats.BlocksTranslated, Is.EqualTo(2));
        Assert.That(core.State->X[0], Is.EqualTo(2ul));
    }

    [Test]
    public void CacheIsBoundedAndEvictsTheOldest()
    {
        using var core = new TestCore();
        for (int i = 0; i < 10; i++) core.Write(C + 0x40ul * (ulong)i, AddImm(0, 0, (uint)i), Udf());
        using var engine = new TranslatedEngine(core.State, core.Memory, new TranslatorOptions { CacheCapacity = 4 });
        for (int i = 0; i < 10; i++) Assert.That(engine.Lookup(C + 0x40ul * (ulong)i), Is.Not.Null);
        Assert.That(engine.Cache.Count, Is.EqualTo(4));
        Assert.That(engine.Cache.Evictions, Is.EqualTo(6));
        uint mode = BlockCompiler.ModeOf(core.State);
        Assert.That(engine.Cache.TryGet(C, mode, out _), Is.False, "oldest evicted");
        Assert.That(engine.Cache.TryGet(C + 0x40 * 9, mode, out _), Is.True);
        Assert.That(engine.Cache.TryGet(C + 0x40 * 9, mode ^ (1u << 2), out _), Is.False, "keyed by EL too");
    }

    /// <summary>
    /// A load that faults in the middle of a block: the earlier instructions are retired, PC is
    /// at the load, the abort is reported, later instructions have no effect. The reference is
    /// the interpreter for the instructions before the load and ExecContext's abort for the load
    /// (what the interpreter's LDR does); once the interpreter implements LDR the whole block is
    /// also compared with it directly.
    /// </summary>
    [TestCase(true, false)]
    [TestCase(true, true)]
    [TestCase(false, false)]
    public void FaultInTheMiddleOfABlockIsPrecise(bool native, bool subsViaFallback)
    {
        if (!native)
            Assume.That(Interpreter.IsImplemented(EncodingTable.Get("LDR_imm_offset").Id), Is.True,
                "the fallback form needs the interpreter's LDR (immediate), not in this tree yet");
        ulong bad = D + TestCore.DataSize + 0x10; // unmapped
        uint[] code = [AddImm(1, 1, 1), SubsImm(2, 2, 3), AddImm(3, 3, 4), LdrX(4, 5, 8), AddImm(1, 1, 1), Udf()];
        using var jit = new TestCore();
        using var reference = new TestCore();
        jit.Write(C, code);
        var s = jit.State;
        s->X[1] = 10; s->X[2] = 2; s->X[3] = 7; s->X[4] = 0x1234; s->X[5] = bad - 8; s->Nzcv = NzcvBits.V;
        reference.CopyFrom(jit);

        var switches = native ? NativeSwitches.AllNative() : NativeSwitches.NoneNative();
        // With SUBS through the interpreter, registers are dirty in IL locals on both sides of a fallback.
        if (subsViaFallback) switches.Set("SUBS_imm", false);
        var options = new TranslatorOptions { Native = switches };
        using var engine = new TranslatedEngine(s, jit.Memory, options);
        var r = engine.Run(100);

        var interp = new Interpreter(reference.State, reference.Memory);
        if (Interpreter.IsImplemented(EncodingTable.Get("LDR_imm_offset").Id) && Interpreter.IsImplemented(EncodingTable.Get("ADD_imm").Id))
        {
            Assert.That(interp.Run(100), Is.EqualTo(r));
        }
        else
        {
            for (int i = 0; i < 3; i++) Assert.That(interp.Step(), Is.EqualTo(StopReason.None));
            var c = interp.Context;
            c.Abort(c.Memory.Check(bad, 8, MemAccess.Read));
            reference.State->Budget = s->Budget;
        }
        Assert.That(r, Is.EqualTo(StopReason.Exception));
        Assert.That(s->PC, Is.EqualTo(C + 12));
        Assert.That(s->ExitAddress, Is.EqualTo(bad));
        Assert.That(s->X[2], Is.EqualTo(ulong.MaxValue), "SUBS before the fault retired");
        Assert.That(TestCore.StateDifferences(s, reference.State, "translated", "reference"), Is.Empty);
    }

    /// <summary>
    /// The inline fast path indexes the page table with the page number masked to the table;
    /// an address beyond the address space whose masked index names a mapped page must still
    /// fault (here D + 2^36 in a 36-bit space aliases D).
    /// </summary>
    [Test]
    public void AddressesBeyondTheAddressSpaceFaultEvenWhenTheirIndexAliasesAMappedPage()
    {
        using var core = new TestCore();
        core.Write(C, LdrX(0, 1, 0), StrX(0, 2, 0), Udf());
        using var engine = new TranslatedEngine(core.State, core.Memory);
        var s = core.State;
        s->X[1] = D + (1ul << 36);
        Assert.That(engine.Run(10), Is.EqualTo(StopReason.Exception));
        Assert.That((s->PC, s->ExitAddress, s->ExitAccessKind), Is.EqualTo((C, D + (1ul << 36), (uint)MemAccess.Read)));
        s->X[1] = D;
        s->X[2] = D + (1ul << 40);
        s->PC = C;
        Assert.That(engine.Run(10), Is.EqualTo(StopReason.Exception));
        Assert.That((s->PC, s->ExitAddress, s->ExitAccessKind), Is.EqualTo((C + 4, D + (1ul << 40), (uint)MemAccess.Write)));
    }

    /// <summary>Blocks written to an assembly through Cecil behave exactly like their DynamicMethods.</summary>
    [Test]
    public void DumpedAssemblyBehavesLikeDynamicMethods()
    {
        using var core = new TestCore();
        core.Write(C,
            AddImm(0, 0, 3), SubsImm(1, 1, 1), BCond(1, -8),
            StrX(0, 2, 16), LdrX(5, 2, 16), LdrXReg(6, 2, 7), Ldrsb(11, 2, 0), Cbnz(6, 8), Udf(),
            SubImm(31, 31, 32), AddImm(12, 31, 8, sf: false), Tbnz(12, 3, -4 * 11),
            Movz(13, 0xFFFF, 3), Movk(13, 0x1234, 1), Br(14));
        // Then random blocks of every encoding with native IL, one block per 64 bytes.
        var rngCode = new Random(17);
        var nativeIds = BlockEmitter.NativeEncodingIds.ToArray();
        const int randomBlocks = 60;
        var random = new List<uint>();
        for (int b = 0; b < randomBlocks; b++)
            for (int k = 0; k < 16; k++)
            {
                uint w;
                while (true)
                {
                    var e = EncodingTable.All[nativeIds[rngCode.Next(nativeIds.Length)]];
                    w = e.Value | ((uint)rngCode.NextInt64() & ~e.Mask);
                    if (A64Jit.Core.Decoding.Decoder.Decode(w) == e.Id && BlockEmitter.AcceptsNative(e.Id, w) && (k == 15) == BlockDiscovery.IsBlockEnd(e.Id)) break;
                }
                random.Add(w);
            }
        core.Write(C + 0x400, random.ToArray());
        var path = Path.Combine(Path.GetTempPath(), $"a64jit-translate-{Guid.NewGuid():N}.dll");
        var blocks = TranslationDump.Write(path, core.Memory, C, C + 15 * 4)
            .Concat(TranslationDump.Write(path + ".random.dll", core.Memory, C + 0x400, C + 0x400 + randomBlocks * 64ul)).ToList();
        Assert.That(blocks.Count, Is.GreaterThanOrEqualTo(4 + randomBlocks));
        var alc = new AssemblyLoadContext("dump-test", isCollectible: true);
        try
        {
            var types = new[] { path, path + ".random.dll" }.Select(p => alc.LoadFromAssemblyPath(p).GetType(TranslationDump.TypeName)!).ToArray();
            var rng = new Random(11);
            foreach (var block in blocks)
            {
                var type = types[block.Pc >= C + 0x400 ? 1 : 0];
                var loaded = type.GetMethod(block.MethodName)!.CreateDelegate<BlockFunc>();
                var dynamic = BlockCompiler.Compile(block.Guest, 0, NativeSwitches.AllNative()).Func;
                for (int k = 0; k < 8; k++)
                {
                    using var a = new TestCore();
                    using var b = new TestCore();
                    a.Memory.WritePrivileged(C, core.ReadRange(C, TestCore.CodeSize));
                    var s = a.State;
                    for (int i = 0; i < 31; i++) s->X[i] = (ulong)rng.NextInt64();
                    for (int i = 0; i < 31; i += 2) s->X[i] = D + (ulong)rng.Next(0, 0x800);
                    s->X[2] = D + (ulong)rng.Next(0, 64) * 8;
                    s->X[7] = (ulong)rng.Next(-4, 64) * 8;
                    s->X[31] = D + 0x1000;
                    s->Nzcv = (uint)rng.Next(16) << 28;
                    s->X[1] = (ulong)rng.Next(0, 4);
                    s->X[14] = C + (ulong)rng.Next(0, 15) * 4;
                    s->PC = block.Pc;
                    b.CopyFrom(a);
                    var ctxA = new BlockContext(new ExecContext(a.State, a.Memory));
                    var ctxB = new BlockContext(new ExecContext(b.State, b.Memory));
                    ulong ra = dynamic(a.State, ctxA), rb = loaded(b.State, ctxB);
                    Assert.That(rb, Is.EqualTo(ra), block.Guest.Disassemble());
                    Assert.That(TestCore.StateDifferences(a.State, b.State, "DynamicMethod", "assembly"), Is.Empty, block.Guest.Disassemble());
                    Assert.That(TestCore.MemoryDifferences(a, b), Is.Empty, block.Guest.Disassemble());
                }
            }
        }
        finally
        {
            alc.Unload();
            File.Delete(path);
            File.Delete(path + ".random.dll");
        }
    }

    /// <summary>Translation cost per guest instruction, IL emission and RyuJIT included (printed, not asserted).</summary>
    [TestCase(1, true, false)]
    [TestCase(1, true, true)]
    [TestCase(16, false, false)]
    public void TranslationTimePerInstruction(int regionBlocks, bool loopsOnly, bool minOpts)
    {
        using var core = new TestCore();
        var rng = new Random(5);
        var words = new List<uint>();
        for (int blk = 0; blk < 100; blk++)
        {
            for (int i = 0; i < 19; i++)
            {
                int d = rng.Next(0, 31), n = rng.Next(0, 31);
                words.Add((rng.Next(5)) switch
                {
                    0 => AddImm(d, n, (uint)rng.Next(4096)),
                    1 => SubsImm(d, n, (uint)rng.Next(4096)),
                    2 => LdrX(d, 2, (uint)rng.Next(64) * 8),
                    3 => StrX(d, 2, (uint)rng.Next(64) * 8),
                    _ => Movz(d, (uint)rng.Next(65536)),
                });
            }
            words.Add(BCond(rng.Next(14), 8));
        }
        core.Write(C, words.ToArray());
        using var engine = new TranslatedEngine(core.State, core.Memory, new TranslatorOptions { MaxRegionBlocks = regionBlocks, RegionLoopsOnly = loopsOnly, MinOpts = minOpts });
        engine.Lookup(C + 0x1000 - 80); // warm up the emitter and the helpers' own JIT
        long emit0 = engine.Stats.EmitTicks, jit0 = engine.Stats.JitTicks, n0 = engine.Stats.InstructionsTranslated;
        var cpu0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        for (int blk = 0; blk < 100; blk++) engine.Lookup(C + (ulong)blk * 80);
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu0;
        double us = (engine.Stats.EmitTicks - emit0 + engine.Stats.JitTicks - jit0) * 1e6 / System.Diagnostics.Stopwatch.Frequency;
        double jitUs = (engine.Stats.JitTicks - jit0) * 1e6 / System.Diagnostics.Stopwatch.Frequency;
        long count = engine.Stats.InstructionsTranslated - n0;
        TestContext.Out.WriteLine($"RyuJIT forced before first run: {BlockCompiler.CanForceJit}; machine load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        TestContext.Out.WriteLine($"process CPU time while translating: {cpu.TotalMicroseconds / count:F2} µs per instruction (less sensitive to other load than the wall-clock figure below)");
        TestContext.Out.WriteLine($"{count} guest instructions in {engine.Stats.BlocksTranslated - 1} translations ({engine.Stats.RegionsTranslated} regions): {us / count:F2} µs per instruction ({jitUs / count:F2} µs of it RyuJIT), {us / (engine.Stats.BlocksTranslated - 1):F0} µs per block");
        Assert.That(count, Is.GreaterThan(1900), "one block is cut at the page boundary");
    }
}
