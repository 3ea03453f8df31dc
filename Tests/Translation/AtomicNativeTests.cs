using A64Jit.Core.Decoding;
using A64Jit.Core.Disassembly;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Translator;
using A64Jit.Translator.Emission;
using A64Jit.Translator.Execution;
using Decoder = A64Jit.Core.Decoding.Decoder;

namespace A64Jit.Tests.Translation;

/// <summary>
/// Native IL of the exclusive, acquire/release and atomic memory instructions against the
/// interpreter (the reference, itself checked against Unicorn and the Arm ARM in
/// Tests/Interpretation): every listed encoding is translated natively; random blocks mixing
/// them with ordinary loads and stores, CLREX, address arithmetic and SVCs, on addresses that
/// collide (so load-exclusive/store-exclusive pairs succeed and fail, CAS compares succeed and
/// fail), are misaligned (alignment faults), cross into unmapped memory (data aborts) or hit the
/// read-only code page (permission faults), run on twin cores block by block; the whole state
/// (exclusive monitor and exit information included) and memory are compared after every block.
/// An exception is "handled" identically on both cores (monitor cleared, instruction skipped),
/// so later store-exclusives see a monitor cleared by an exception.
/// </summary>
/// <remarks>
/// A64JIT_ATOMIC_LOCKSTEP_BLOCKS sets the number of random blocks (default 800), A64JIT_ATOMIC_UNICORN_BLOCKS
/// those compared with Unicorn (default 300); A64JIT_LOCKSTEP_SEED the seed.
/// </remarks>
[TestFixture]
public unsafe class AtomicNativeTests
{
    /// <summary>Encodings this part of the translator emits natively.</summary>
    public static readonly string[] AtomicNames =
    [
        "LDXRB", "LDAXRB", "LDXRH", "LDAXRH", "LDXR", "LDAXR", "STXRB", "STLXRB", "STXRH", "STLXRH", "STXR", "STLXR",
        "LDXP", "LDAXP", "STXP", "STLXP", "CLREX",
        "LDARB", "LDARH", "LDAR", "LDAPRB", "LDAPRH", "LDAPR", "STLRB", "STLRH", "STLR",
        "CASB", "CASH", "CAS", "CASP",
        "LDADDB", "LDADDH", "LDADD", "LDCLRB", "LDCLRH", "LDCLR", "LDEORB", "LDEORH", "LDEOR", "LDSETB", "LDSETH", "LDSET",
        "LDSMAXB", "LDSMAXH", "LDSMAX", "LDSMINB", "LDSMINH", "LDSMIN", "LDUMAXB", "LDUMAXH", "LDUMAX", "LDUMINB", "LDUMINH", "LDUMIN",
        "SWPB", "SWPH", "SWP",
    ];

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var v) && v > 0 ? v : fallback;

    /// <summary>Values memory words and registers are drawn from, so that CAS comparisons often succeed at every size.</summary>
    private static readonly ulong[] Values =
    [
        0, 1, 2, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF,
        0x8000_0000_0000_0000, 0x7FFF_FFFF_FFFF_FFFF, ulong.MaxValue, 0xFFFF_FFFF_FFFF_FF80, 0x1234_5678_9ABC_DEF0,
    ];

    private static ulong RandomValue(Random rng) => rng.Next(4) == 0 ? (ulong)rng.NextInt64() ^ ((ulong)rng.Next(2) << 63) : Values[rng.Next(Values.Length)];

    private static bool HasField(Encoding e, string name) => e.Fields.Any(f => f.Name == name);

    /// <summary>A word of <paramref name="e"/> with the given register fields (those the encoding has); 0 if it does not decode as e.</summary>
    private static uint Word(Random rng, Encoding e, int rn, int rt, int rs, int rt2)
    {
        uint w = e.Value | ((uint)rng.NextInt64() & ~e.Mask);
        if (HasField(e, "Rn")) w = (w & ~(31u << 5)) | (uint)rn << 5;
        if (HasField(e, "Rt")) w = (w & ~31u) | (uint)rt;
        if (HasField(e, "Rs")) w = (w & ~(31u << 16)) | (uint)rs << 16;
        if (HasField(e, "Rt2")) w = (w & ~(31u << 10)) | (uint)rt2 << 10;
        return Decoder.Decode(w) == e.Id ? w : 0;
    }

    [Test]
    public void EveryListedEncodingIsTranslatedNatively()
    {
        var rng = new Random(5);
        using var core = new TestCore();
        var missing = new List<string>();
        foreach (var name in AtomicNames)
        {
            var e = EncodingTable.Get(name);
            Assert.That(BlockEmitter.HasNative(e.Id), Is.True, $"{name} has no native IL");
            uint w = 0;
            for (int k = 0; k < 10_000 && w == 0; k++)
            {
                uint c = Word(rng, e, rng.Next(32), rng.Next(31), rng.Next(31), rng.Next(31));
                if (c != 0 && BlockEmitter.AcceptsNative(e.Id, c)) w = c;
            }
            Assert.That(w, Is.Not.Zero, $"no accepted word of {name}");
            core.Memory.WritePrivileged(TestCore.CodeBase, new byte[TestCore.CodeSize]);
            core.Write(TestCore.CodeBase, w, A64.B(0));
            var s = core.State;
            *s = default;
            for (int i = 0; i < 32; i++) s->X[i] = TestCore.DataBase + 0x1000;
            s->PC = TestCore.CodeBase;
            using var engine = new TranslatedEngine(core.State, core.Memory, new TranslatorOptions { Native = NativeSwitches.AllNative(), MaxBlockInstructions = 1, MaxRegionBlocks = 1 });
            var r = engine.StepBlock();
            if (engine.Stats.NativeInstructionsTranslated != 1 || engine.Stats.FallbackInstructionsTranslated != 0 || engine.Stats.FallbackExecutions != 0)
                missing.Add($"{name} ({w:x8})");
            Assert.That(r, Is.EqualTo(StopReason.None), $"{name} ({w:x8}) stopped: syndrome 0x{s->ExitSyndrome:x}");
        }
        Assert.That(missing, Is.Empty, "translated through the fallback: " + string.Join(", ", missing));
    }

    /// <summary>Addresses of the base registers X0–X7: colliding, misaligned, at the end of the data region, in the read-only code, unmapped.</summary>
    private static ulong RandomAddress(Random rng) => rng.Next(16) switch
    {
        < 11 => TestCore.DataBase + 0x100 + 16ul * (ulong)rng.Next(0, 4),
        11 => TestCore.DataBase + 16ul * (ulong)rng.Next(0, (int)TestCore.DataSize / 16),
        12 => TestCore.DataBase + 0x100 + 16ul * (ulong)rng.Next(0, 4) + (ulong)(1 << rng.Next(0, 4)),
        13 => TestCore.DataBase + TestCore.DataSize - (ulong)(1 << rng.Next(0, 5)),
        14 => TestCore.CodeBase + 0x800 + 8ul * (ulong)rng.Next(0, 4),
        _ => rng.Next(2) == 0 ? TestCore.DataBase + 0x100 + (ulong)rng.Next(0, 64) : (ulong)rng.Next(0, 0x100) * 8,
    };

    private static Encoding[] Named(params string[] names) => names.Select(EncodingTable.Get).ToArray();

    private static readonly Encoding[] LoadExclusives = Named("LDXRB", "LDAXRB", "LDXRH", "LDAXRH", "LDXR", "LDAXR", "LDXP", "LDAXP");
    private static readonly Encoding[] Ordinary = Named("LDR_imm_offset", "STR_imm_offset", "LDRB_imm_offset", "STRB_imm_offset", "STRH_imm_offset",
        "LDRH_imm_offset", "STUR", "LDUR", "STP_offset", "LDP_offset");

    /// <summary>The store-exclusive that matches a load-exclusive word (same size, same base), with random Rs/Rt.</summary>
    private static uint MatchingStoreExclusive(Random rng, uint load, int rn)
    {
        // Load and store exclusives differ in bit 22 (L); o0 (bit 15) picks the release form.
        uint w = load & ~(1u << 22);
        w = (w & ~(1u << 15)) | (uint)rng.Next(2) << 15;
        w = (w & ~(31u << 16)) | (uint)rng.Next(8, 31) << 16;
        w = (w & ~31u) | (uint)rng.Next(8, 31);
        w = (w & ~(31u << 10)) | (uint)rng.Next(8, 31) << 10;
        w = (w & ~(31u << 5)) | (uint)rn << 5;
        return w;
    }

    private static uint[] RandomProgram(Random rng, Encoding[] atomics)
    {
        var words = new List<uint>();
        int length = rng.Next(1, 20);
        while (words.Count < length)
        {
            int rn = rng.Next(10) == 0 ? 31 : rng.Next(0, 8);
            int pick = rng.Next(100);
            uint w = 0;
            if (pick < 15)
            {
                // A load-exclusive, a few other instructions, then a store-exclusive: the same size and base mostly.
                var e = LoadExclusives[rng.Next(LoadExclusives.Length)];
                w = Word(rng, e, rn, rng.Next(8, 31), 31, rng.Next(8, 31));
                if (w == 0) continue;
                words.Add(w);
                for (int k = rng.Next(0, 3); k > 0; k--)
                {
                    uint o = rng.Next(4) switch
                    {
                        0 => 0xD503305Fu | (uint)rng.Next(16) << 8,                      // CLREX
                        1 => Word(rng, Ordinary[rng.Next(Ordinary.Length)], rng.Next(0, 8), rng.Next(8, 20), 0, rng.Next(20, 31)),
                        _ => Word(rng, atomics[rng.Next(atomics.Length)], rng.Next(0, 8), rng.Next(8, 31), rng.Next(8, 31), rng.Next(8, 31)),
                    };
                    if (o != 0) words.Add(o);
                }
                uint st = MatchingStoreExclusive(rng, w, rng.Next(5) == 0 ? rng.Next(0, 8) : rn);
                if (rng.Next(6) == 0) st ^= 1u << 30;                                    // another size
                if (Decoder.Decode(st) >= 0) words.Add(st);
                continue;
            }
            if (pick < 75) w = Word(rng, atomics[rng.Next(atomics.Length)], rn, rng.Next(4) == 0 ? rng.Next(32) : rng.Next(8, 31),
                                    rng.Next(4) == 0 ? rng.Next(32) : rng.Next(8, 31), rng.Next(8, 31));
            else if (pick < 88)
            {
                w = Word(rng, Ordinary[rng.Next(Ordinary.Length)], rn, rng.Next(8, 31), 0, rng.Next(8, 31));
                if (w != 0 && !BlockEmitter.AcceptsNative(Decoder.Decode(w), w)) w = 0;   // LDP into one register
            }
            else if (pick < 93) w = A64.AddImm(rng.Next(0, 8), rng.Next(0, 8), (uint)rng.Next(0, 17));
            else if (pick < 97) w = 0xD503305Fu | (uint)rng.Next(16) << 8;                 // CLREX
            else w = 0xD4000001u;                                                            // SVC #0
            if (w != 0) words.Add(w);
        }
        return words.ToArray();
    }

    [Test]
    public void RandomBlocksAgreeWithTheInterpreter()
    {
        var atomics = Named(AtomicNames);
        int blocksWanted = EnvInt("A64JIT_ATOMIC_LOCKSTEP_BLOCKS", 800);
        int seed = EnvInt("A64JIT_LOCKSTEP_SEED", Environment.TickCount & 0x7FFFFFFF);
        TestContext.Out.WriteLine($"seed {seed}");
        var rng = new Random(seed);
        using var jit = new TestCore();
        using var reference = new TestCore();
        int blocks = 0, programs = 0, stops = 0;
        var declined = new SortedDictionary<string, int>();
        var stats = new TranslationStats();
        var data = new byte[TestCore.DataSize];
        while (blocks < blocksWanted)
        {
            programs++;
            var words = RandomProgram(rng, atomics);
            foreach (var w in words)
            {
                int id = Decoder.Decode(w);
                if (w != 0xD4000001u && !BlockEmitter.AcceptsNative(id, w)) declined[EncodingTable.All[id].Name + $" {w:x8}"] = 1;
            }
            ulong start = TestCore.CodeBase + 4ul * (ulong)rng.Next(0, 256);
            jit.Memory.WritePrivileged(TestCore.CodeBase, new byte[TestCore.CodeSize]);
            jit.Write(start, words);
            for (int k = 0; k + 8 <= data.Length; k += 8) BitConverter.TryWriteBytes(data.AsSpan(k), RandomValue(rng));
            jit.Memory.WritePrivileged(TestCore.DataBase, data);
            var s = jit.State;
            *s = default;
            for (int i = 0; i < 8; i++) s->X[i] = RandomAddress(rng);
            for (int i = 8; i < 31; i++) s->X[i] = RandomValue(rng);
            s->X[31] = rng.Next(3) == 0 ? RandomAddress(rng) : TestCore.DataBase + 0x100 + 16ul * (ulong)rng.Next(0, 4);
            s->Nzcv = (uint)rng.Next(16) << 28;
            s->SctlrEl1 = rng.Next(4) == 0 ? 0x18ul : 0;   // SP alignment checks now and then
            s->Pstate = rng.Next(2) == 0 ? 0 : (1u << 2) | PstateBits.SpSel;
            if (rng.Next(4) == 0)
            {
                // A monitor armed before the block, sometimes for an address the block uses.
                s->ExclusiveAddress = rng.Next(2) == 0 ? s->X[rng.Next(0, 8)] : RandomAddress(rng);
                s->ExclusiveSize = (uint)(1 << rng.Next(0, 5));
                s->ExclusiveValueLo = RandomValue(rng);
            }
            s->PC = start;
            reference.CopyFrom(jit);

            var options = new TranslatorOptions { Native = NativeSwitches.AllNative(), MaxBlockInstructions = rng.Next(3) == 0 ? rng.Next(1, 8) : 64 };
            using var engine = new TranslatedEngine(jit.State, jit.Memory, options);
            var interp = new Interpreter(reference.State, reference.Memory);
            ulong executed = 0;
            int exceptions = 0;
            while (executed < 100 && blocks < blocksWanted)
            {
                ulong pc = s->PC, before = s->InstructionsRetired;
                if (pc < start || pc >= start + 4ul * (ulong)words.Length) break;
                var r = engine.StepBlock();
                ulong n = s->InstructionsRetired - before;
                var rr = StopReason.None;
                for (ulong k = 0; k < n && rr == StopReason.None; k++) rr = interp.Step();
                if (rr == StopReason.None && r != StopReason.None) rr = interp.Step();
                blocks++;
                executed += n;
                string diff = rr != r ? $"stop: translated {r}, interpreter {rr}\n" : "";
                diff += TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter");
                diff += TestCore.MemoryDifferences(jit, reference);
                if (diff.Length != 0)
                {
                    var listing = string.Join("\n", words.Select((w, k) => $"  {start + 4ul * (ulong)k:x}: {w:x8} {Disassembler.Format(w, start + 4ul * (ulong)k)}"));
                    Assert.Fail($"seed {seed}, program {programs}, block at 0x{pc:x}:\n{listing}\n{diff}");
                }
                if (r != StopReason.None)
                {
                    stops++;
                    if (r != StopReason.Exception || ++exceptions > 3) break;
                    // The exception is taken and returns past the instruction: the monitor is cleared, as by ExceptionEntry.
                    foreach (var c in new[] { jit.State, reference.State })
                    {
                        c->ExclusiveSize = 0;
                        c->ExitReason = c->ExitSyndrome = 0;
                        c->ExitAddress = 0;
                        c->ExitAccessSize = c->ExitAccessKind = 0;
                        c->PC += 4;
                    }
                }
            }
            stats.NativeInstructionsTranslated += engine.Stats.NativeInstructionsTranslated;
            stats.FallbackInstructionsTranslated += engine.Stats.FallbackInstructionsTranslated;
        }
        TestContext.Out.WriteLine($"{blocks} blocks, {programs} programs, {stops} stops; translated {stats.NativeInstructionsTranslated} native, {stats.FallbackInstructionsTranslated} fallback");
        Assert.That(declined.Keys, Is.Empty, "words drawn that are not translated natively (only SVC should be)");
    }

    // ------------------------------------------------------------------ hand-written programs

    private static uint Ldxr(int t, int n, int size) => A64.Check(size switch { 1 => "LDXRB", 2 => "LDXRH", _ => "LDXR" },
        (uint)Log2(size) << 30 | 0x085F7C00u | (uint)n << 5 | (uint)t);
    private static uint Stxr(int s, int t, int n, int size) => A64.Check(size switch { 1 => "STXRB", 2 => "STXRH", _ => "STXR" },
        (uint)Log2(size) << 30 | 0x08007C00u | (uint)s << 16 | (uint)n << 5 | (uint)t);
    private static uint Ldaxp(int t, int t2, int n) => A64.Check("LDAXP", 0xC87F8000u | (uint)t2 << 10 | (uint)n << 5 | (uint)t);
    private static uint Stlxp(int s, int t, int t2, int n) => A64.Check("STLXP", 0xC8208000u | (uint)s << 16 | (uint)t2 << 10 | (uint)n << 5 | (uint)t);
    private static uint Clrex() => A64.Check("CLREX", 0xD5033F5Fu);
    private static uint Casal(int s, int t, int n) => A64.Check("CAS", 0xC8E0FC00u | (uint)s << 16 | (uint)n << 5 | (uint)t);
    private static uint Ldaddal(int s, int t, int n) => A64.Check("LDADD", 0xF8E00000u | (uint)s << 16 | (uint)n << 5 | (uint)t);
    private static uint SwpaW(int s, int t, int n) => A64.Check("SWP", 0xB8A08000u | (uint)s << 16 | (uint)n << 5 | (uint)t);
    private static uint StlrW(int t, int n) => A64.Check("STLR", 0x889FFC00u | (uint)n << 5 | (uint)t);
    private static uint LdarW(int t, int n) => A64.Check("LDAR", 0x88DFFC00u | (uint)n << 5 | (uint)t);
    private static uint Svc() => A64.Check("SVC", 0xD4000001u);
    private static uint SubsReg(int d, int n, int m) => A64.Check("SUBS_shift", 0xEB000000u | (uint)m << 16 | (uint)n << 5 | (uint)d);
    private static uint MovReg(int d, int m) => A64.Check("ORR_shift", 0xAA0003E0u | (uint)m << 16 | (uint)d);

    private static int Log2(int size) => size switch { 1 => 0, 2 => 1, 4 => 2, _ => 3 };

    /// <summary>
    /// Runs <paramref name="words"/> (at CodeBase, ending in SVC) on the translator and on the
    /// interpreter from the same registers and data; the two final states and memories must be
    /// identical. Returns the translated core for the caller's checks against the Arm ARM.
    /// </summary>
    private static TestCore RunBoth(uint[] words, Action<TestCore> setup, out StopReason stop)
    {
        var jit = new TestCore();
        using var reference = new TestCore();
        jit.Write(TestCore.CodeBase, words);
        var s = jit.State;
        *s = default;
        s->PC = TestCore.CodeBase;
        setup(jit);
        reference.CopyFrom(jit);
        using (var engine = new TranslatedEngine(jit.State, jit.Memory, new TranslatorOptions { Native = NativeSwitches.AllNative() }))
        {
            stop = engine.Run(10_000);
            Assert.That(engine.Stats.FallbackInstructionsTranslated, Is.LessThanOrEqualTo(1), "only the final SVC runs through the fallback");
        }
        var rr = new Interpreter(reference.State, reference.Memory).Run(10_000);
        Assert.That(stop, Is.EqualTo(rr));
        Assert.That(TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter") + TestCore.MemoryDifferences(jit, reference), Is.Empty);
        return jit;
    }

    private const ulong A = TestCore.DataBase + 0x100;

    private static void Registers(TestCore c)
    {
        var s = c.State;
        s->X[0] = A;
        s->X[4] = A + 8;
        s->X[3] = X3;
        s->X[5] = X5;
        c.Memory.WriteU64Privileged(A, Initial);
        c.Memory.WriteU64Privileged(A + 8, 0x9999_EEEE_FFFF_0000);
    }

    private static ulong Mem(TestCore c, ulong a) => BitConverter.ToUInt64(c.ReadRange(a, 8));

    // Store-exclusive status by AArch64.ExclusiveMonitorsPass: 0 only when this core's monitor was
    // armed by a load-exclusive of the same address and size and not cleared since.
    private const ulong Initial = 0xAAAA_BBBB_CCCC_DDDD, X3 = 0x1111_2222_3333_4444, X5 = 0x5555_6666_7777_8888;

    private static readonly (string Name, uint[] Code, ulong Status, ulong Memory)[] MonitorCases =
    [
        ("LDXR then STXR", [Ldxr(1, 0, 8), Stxr(2, 3, 0, 8), Svc()], 0, X3),
        ("STXR with the monitor open", [Stxr(2, 3, 0, 8), Svc()], 1, Initial),
        ("CLREX between", [Ldxr(1, 0, 8), Clrex(), Stxr(2, 3, 0, 8), Svc()], 1, Initial),
        ("another address", [Ldxr(1, 4, 8), Stxr(2, 3, 0, 8), Svc()], 1, Initial),
        ("another size", [Ldxr(1, 0, 8), Stxr(2, 3, 0, 4), Svc()], 1, Initial),
        ("second STXR fails (the first stores X5)", [Ldxr(1, 0, 8), Stxr(6, 5, 0, 8), Stxr(2, 3, 0, 8), Svc()], 1, X5),
        ("byte exclusive", [Ldxr(1, 0, 1), Stxr(2, 3, 0, 1), Svc()], 0, (Initial & ~0xFFul) | (X3 & 0xFF)),
        ("exclusive pair", [Ldaxp(1, 7, 0), Stlxp(2, 3, 5, 0), Svc()], 0, X3),
    ];

    [Test]
    public void StoreExclusiveSucceedsOnlyWithAnArmedMonitor([Range(0, 7)] int k)
    {
        var (name, code, status, memory) = MonitorCases[k];
        using var c = RunBoth(code, Registers, out var stop);
        var s = c.State;
        Assert.That(stop, Is.EqualTo(StopReason.Exception), name);
        Assert.That(s->X[2], Is.EqualTo(status), $"{name}: status");
        Assert.That(s->ExclusiveSize, Is.Zero, $"{name}: a store-exclusive leaves the monitor open");
        Assert.That(Mem(c, A), Is.EqualTo(memory), $"{name}: memory");
        if (name == "exclusive pair") Assert.That(Mem(c, A + 8), Is.EqualTo(X5), "upper element");
    }

    [Test]
    public void CompareAndSwapSucceedsAndFails()
    {
        // X1 = compare value; success when it equals memory.
        using (var c = RunBoth([Casal(1, 3, 0), Svc()], t => { Registers(t); t.State->X[1] = 0xAAAA_BBBB_CCCC_DDDD; }, out _))
        {
            Assert.That(Mem(c, A), Is.EqualTo(0x1111_2222_3333_4444ul));
            Assert.That(c.State->X[1], Is.EqualTo(0xAAAA_BBBB_CCCC_DDDDul));
        }
        using (var c = RunBoth([Casal(1, 3, 0), Svc()], t => { Registers(t); t.State->X[1] = 0xAAAA_BBBB_CCCC_DDDC; }, out _))
        {
            Assert.That(Mem(c, A), Is.EqualTo(0xAAAA_BBBB_CCCC_DDDDul));
            Assert.That(c.State->X[1], Is.EqualTo(0xAAAA_BBBB_CCCC_DDDDul));
        }
    }

    [Test]
    public void MisalignedAccessesTakeAnAlignmentFault([Values(false, true)] bool el1)
    {
        foreach (var (word, write) in new[] { (Ldxr(1, 0, 8), false), (Stxr(2, 3, 0, 4), true), (LdarW(1, 0), false), (StlrW(3, 0), true),
                                             (Casal(1, 3, 0), true), (Ldaddal(3, 1, 0), true), (SwpaW(3, 1, 0), true), (Ldaxp(1, 7, 0), false) })
        {
            using var c = RunBoth([MovReg(9, 3), word, Svc()], t => { Registers(t); t.State->X[0] = A + (el1 ? 1ul : 6ul); if (el1) t.State->Pstate = 1u << 2 | PstateBits.SpSel; }, out var stop);
            var s = c.State;
            Assert.That(stop, Is.EqualTo(StopReason.Exception));
            uint ec = el1 ? Syndrome.DataAbortSameEl : Syndrome.DataAbortLowerEl;
            Assert.That(s->ExitSyndrome, Is.EqualTo(Syndrome.Make(ec, Syndrome.AlignmentFault | (write ? Syndrome.WnR : 0))), Disassembler.Format(word, 0));
            Assert.That(s->ExitAddress, Is.EqualTo(s->X[0]));
            Assert.That(s->PC, Is.EqualTo(TestCore.CodeBase + 4), "PC at the faulting instruction");
            Assert.That(s->X[9], Is.EqualTo(0x1111_2222_3333_4444ul), "the instruction before it retired");
            Assert.That(Mem(c, A), Is.EqualTo(0xAAAA_BBBB_CCCC_DDDDul));
        }
    }

    /// <summary>Atomic stores into a page of translated code go through the code-write notification: the rewritten code runs.</summary>
    [Test]
    public void AtomicStoresToTranslatedCodeInvalidateIt([Values("STLR", "SWP", "CAS", "STXR", "LDADD")] string how)
    {
        using var core = new TestCore(MemoryPermissions.All);
        const ulong Target = TestCore.CodeBase + 0x800;
        uint before = A64.Movz(0, 1), after = A64.Movz(0, 2);
        uint store = how switch
        {
            "STLR" => StlrW(3, 1),
            "SWP" => SwpaW(3, 4, 1),
            "CAS" => A64.Check("CAS", 0x88E0FC00u | 5u << 16 | 1u << 5 | 3u),  // CASAL W5, W3, [X1]
            "STXR" => Stxr(6, 3, 1, 4),
            _ => A64.Check("LDADD", 0xB8E00000u | 7u << 16 | 1u << 5 | 4u),    // LDADDAL W7, W4, [X1]
        };
        // main: BL target; (Rewrite) LDXR if needed; store; BL target; SVC.   target: MOVZ X0, #n; RET
        var main = new List<uint> { A64.Bl((long)(Target - TestCore.CodeBase)), MovReg(20, 0) };
        if (how == "STXR") main.Add(Ldxr(8, 1, 4));
        main.Add(store);
        main.Add(A64.Bl((long)Target - (long)(TestCore.CodeBase + 4ul * (ulong)main.Count)));
        main.Add(Svc());
        core.Write(TestCore.CodeBase, main.ToArray());
        core.Write(Target, before, A64.Ret());
        var s = core.State;
        s->PC = TestCore.CodeBase;
        s->X[1] = Target;
        s->X[3] = after;
        s->X[5] = before;
        s->X[7] = after - before;
        using var engine = new TranslatedEngine(core.State, core.Memory, new TranslatorOptions { Native = NativeSwitches.AllNative() });
        var r = engine.Run(1000);
        Assert.That(r, Is.EqualTo(StopReason.Exception));
        Assert.That(engine.Stats.FallbackInstructionsTranslated, Is.LessThanOrEqualTo(1), "only the final SVC runs through the fallback");
        Assert.That(s->X[20], Is.EqualTo(1ul), "the first call ran the original code");
        Assert.That(s->X[0], Is.EqualTo(2ul), "the second call ran the rewritten code");
        Assert.That(engine.Cache.PageInvalidations, Is.GreaterThan(0));
    }

    /// <summary>
    /// Two cores on two host threads share memory and run (1) LDADDAL increments, (2) CASAL
    /// retry loops, (3) a SWPA spin lock around a plain load/add/store released by STLR. The
    /// counter must end at exactly 2 × N: the read-modify-writes are atomic on the host and the
    /// lock orders the plain accesses. (With LDADD and CAS left to the interpreter's
    /// non-atomic read-then-write, the LDADD count came out short: 165,426 of 200,000.)
    /// </summary>
    [Test]
    public void AtomicsAreAtomicAcrossHostThreads([Values("LDADD", "CAS", "SWP lock")] string how)
    {
        const int N = 100_000;
        using var memory = new GuestMemory(36);
        memory.Map(TestCore.CodeBase, TestCore.CodeSize, MemoryPermissions.ReadExecute);
        memory.Map(TestCore.DataBase, TestCore.DataSize, MemoryPermissions.ReadWrite);
        uint[] code = how switch
        {
            // X0 = &counter, X1 = 1, X3 = N
            "LDADD" => [Ldaddal(1, 2, 0), A64.SubsImm(3, 3, 1), A64.BCond(1, -8), Svc()],
            // L: LDR X4,[X0]; R: ADD X5,X4,#1; MOV X6,X4; CASAL X6,X5,[X0]; CMP X6,X4; MOV X4,X6; B.NE R; SUBS X3,X3,#1; B.NE L; SVC
            "CAS" => [A64.LdrX(4, 0, 0), A64.AddImm(5, 4, 1), MovReg(6, 4), Casal(6, 5, 0), SubsReg(31, 6, 4), MovReg(4, 6), A64.BCond(1, -20),
                      A64.SubsImm(3, 3, 1), A64.BCond(1, -32), Svc()],
            // X8 = &lock. L: SWPA W1,W9,[X8]; CBNZ W9,L; LDR X4,[X0]; ADD X4,X4,#1; STR X4,[X0]; STLR WZR,[X8]; SUBS X3,X3,#1; B.NE L; SVC
            _ => [SwpaW(1, 9, 8), A64.Check("CBNZ", 0x35000000u | (0x7FFFFu & unchecked((uint)-1)) << 5 | 9u), A64.LdrX(4, 0, 0), A64.AddImm(4, 4, 1),
                  A64.StrX(4, 0, 0), StlrW(31, 8), A64.SubsImm(3, 3, 1), A64.BCond(1, -28), Svc()],
        };
        for (int i = 0; i < code.Length; i++) memory.WriteU32Privileged(TestCore.CodeBase + 4ul * (ulong)i, code[i]);
        const ulong Counter = TestCore.DataBase + 0x40, Lock = TestCore.DataBase + 0x80;
        var cpus = new[] { new CpuContext(), new CpuContext() };
        try
        {
            var results = new StopReason[2];
            var threads = new Thread[2];
            using var start = new Barrier(2);
            for (int k = 0; k < 2; k++)
            {
                var s = cpus[k].State;
                s->PC = TestCore.CodeBase;
                s->X[0] = Counter;
                s->X[1] = 1;
                s->X[3] = N;
                s->X[8] = Lock;
                int id = k;
                threads[k] = new Thread(() =>
                {
                    using var engine = new TranslatedEngine(cpus[id].State, memory, new TranslatorOptions { Native = NativeSwitches.AllNative() });
                    engine.Lookup(TestCore.CodeBase);   // translate first, then start together
                    start.SignalAndWait();
                    // In slices until the SVC: a core spinning on the lock while the holder's host
                    // thread is descheduled (a loaded machine) may use any number of instructions.
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    StopReason r;
                    while ((r = engine.Run(10ul * N)) == StopReason.BudgetExhausted && clock.Elapsed < TimeSpan.FromSeconds(100)) { }
                    results[id] = r;
                });
            }
            foreach (var t in threads) t.Start();
            foreach (var t in threads) Assert.That(t.Join(TimeSpan.FromSeconds(120)), Is.True, "a core did not finish");
            Assert.That(results, Is.All.EqualTo(StopReason.Exception));
            Assert.That(BitConverter.ToUInt64(ReadData(memory, Counter, 8)), Is.EqualTo((ulong)(2 * N)));
        }
        finally
        {
            foreach (var c in cpus) c.Dispose();
        }
    }

    /// <summary>
    /// Random blocks of these encodings against Unicorn where Unicorn follows the Arm ARM
    /// (see LoadStoreDifferentialTests): aligned, mapped addresses; LD{S,U}{MAX,MIN} only at 64
    /// bits (Unicorn compares narrow operands at 64 bits); exclusives only as "CLREX; load-exclusive;
    /// store-exclusive of the same size and base" (succeeds) and "CLREX; store-exclusive" (fails),
    /// because Unicorn's monitor compares values and outlives a run. Registers, NZCV, PC and the
    /// data region must agree. A64JIT_ATOMIC_UNICORN_BLOCKS sets the count (default 300).
    /// </summary>
    [Test]
    public void AlignedBlocksAgreeWithUnicorn()
    {
        if (!Oracles.Unicorn.Available) Assert.Fail("libunicorn.so.2 is not installed (the test command installs libunicorn2)");
        int cases = EnvInt("A64JIT_ATOMIC_UNICORN_BLOCKS", 300);
        int seed = EnvInt("A64JIT_LOCKSTEP_SEED", Environment.TickCount & 0x7FFFFFFF);
        var rng = new Random(seed);
        var rmw = Named(AtomicNames.Where(n => !n.Contains('X') && n != "CLREX"
                        && !((n.StartsWith("LDSM") || n.StartsWith("LDUM")) && (n.EndsWith('B') || n.EndsWith('H')))).ToArray());
        // (LDSMAX/LDSMIN/LDUMAX/LDUMIN of 32 bits are drawn as 64-bit words below.)
        using var uc = new Oracles.Unicorn();
        uc.Map(TestCore.CodeBase, TestCore.CodeSize, 5);
        uc.Map(TestCore.DataBase, TestCore.DataSize, 3);
        using var core = new TestCore();
        var data = new byte[TestCore.DataSize];
        var failures = new System.Text.StringBuilder();
        int failed = 0, compared = 0;
        for (int k = 0; k < cases; k++)
        {
            var words = new List<uint>();
            int length = rng.Next(1, 10);
            while (words.Count < length)
            {
                int rn = rng.Next(0, 8), pick = rng.Next(10);
                if (pick < 2)
                {
                    var e = LoadExclusives[rng.Next(LoadExclusives.Length)];
                    uint ld = Word(rng, e, rn, rng.Next(8, 20), 31, rng.Next(20, 31));
                    if (ld == 0) continue;
                    words.Add(Clrex());
                    if (rng.Next(4) != 0) words.Add(ld);
                    words.Add(MatchingStoreExclusive(rng, ld, rn));
                    continue;
                }
                if (pick < 4)
                {
                    int t = rng.Next(8, 31);
                    uint off = 8u * (uint)rng.Next(0, 4);
                    words.Add(rng.Next(2) == 0 ? A64.StrX(t, rn, off) : A64.LdrX(t, rn, off));
                    continue;
                }
                var a = rmw[rng.Next(rmw.Length)];
                bool pair = a.Name == "CASP";
                uint w = Word(rng, a, rn, pair ? 2 * rng.Next(4, 14) : rng.Next(8, 31), pair ? 2 * rng.Next(4, 14) : rng.Next(8, 31), 31);
                if (a.Name is "LDSMAX" or "LDSMIN" or "LDUMAX" or "LDUMIN") w |= 1u << 30;   // 64 bits only
                if (w != 0) words.Add(w);
            }
            ulong pc = TestCore.CodeBase + 0x100 + 4ul * (ulong)rng.Next(0, 256);
            words.Add(A64.B(4));
            var code = words.ToArray();
            core.Memory.WritePrivileged(TestCore.CodeBase, new byte[TestCore.CodeSize]);
            uc.Write(TestCore.CodeBase, new byte[TestCore.CodeSize]);
            core.Write(pc, code);
            uc.WriteCode(pc, code);
            for (int j = 0; j + 8 <= data.Length; j += 8) BitConverter.TryWriteBytes(data.AsSpan(j), RandomValue(rng));
            core.Memory.WritePrivileged(TestCore.DataBase, data);
            uc.Write(TestCore.DataBase, data);
            var s = core.State;
            *s = default;
            s->Pstate = (1u << 2) | PstateBits.SpSel;
            for (int i = 0; i < 8; i++) s->X[i] = TestCore.DataBase + 0x100 + 16ul * (ulong)rng.Next(0, 4);
            for (int i = 8; i < 31; i++) s->X[i] = RandomValue(rng);
            s->X[31] = TestCore.DataBase + 0x2000;
            s->Nzcv = (uint)rng.Next(16) << 28;
            s->PC = pc;
            for (int i = 0; i < 31; i++) uc.SetX(i, s->X[i]);
            uc.Sp = s->X[31];
            uc.Nzcv = s->Nzcv;
            uc.Pc = pc;

            var block = new Translator.Blocks.GuestBlock(pc, code.Select((w, i) => new Translator.Blocks.GuestInstruction(pc + 4ul * (ulong)i, w, Decoder.Decode(w))).ToArray(), Translator.Blocks.BlockEnd.Branch);
            var translated = BlockCompiler.Compile(block, 0, NativeSwitches.AllNative());
            translated.Func(s, new BlockContext(new ExecContext(s, core.Memory)));
            var stop = uc.Run(pc, (ulong)code.Length);

            var diff = new System.Text.StringBuilder();
            if (!stop.Clean) diff.Append($"unicorn stopped: {stop}\n");
            if (s->ExitReason != 0) diff.Append($"translated code stopped: {(StopReason)s->ExitReason}, syndrome 0x{s->ExitSyndrome:x}, address 0x{s->ExitAddress:x}\n");
            for (int i = 0; i < 31; i++)
                if (s->X[i] != uc.GetX(i)) diff.Append($"X{i}: translated 0x{s->X[i]:x}, unicorn 0x{uc.GetX(i):x}\n");
            if (s->PC != uc.Pc) diff.Append($"PC: translated 0x{s->PC:x}, unicorn 0x{uc.Pc:x}\n");
            if (s->Nzcv != uc.Nzcv) diff.Append($"NZCV: translated 0x{s->Nzcv:x8}, unicorn 0x{uc.Nzcv:x8}\n");
            var ours = core.ReadRange(TestCore.DataBase, TestCore.DataSize);
            var theirs = new byte[TestCore.DataSize];
            uc.Read(TestCore.DataBase, theirs);
            for (int i = 0; i < ours.Length; i++)
                if (ours[i] != theirs[i]) { diff.Append($"memory 0x{TestCore.DataBase + (ulong)i:x}: translated 0x{ours[i]:x2}, unicorn 0x{theirs[i]:x2}\n"); break; }
            compared++;
            if (diff.Length != 0 && failed++ < 5) failures.Append($"case {k}:\n{block.Disassemble()}{diff}\n");
        }
        TestContext.Out.WriteLine($"seed {seed}: {compared} blocks compared with Unicorn");
        Assert.That(failed, Is.Zero, $"seed {seed}, {failed} mismatching blocks; first ones:\n{failures}");
    }

    private static byte[] ReadData(GuestMemory m, ulong a, int n)
    {
        var b = new byte[n];
        m.ReadPrivileged(a, b);
        return b;
    }
}
