using System.Text;
using A64Jit.Core.Decoding;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Translator;
using A64Jit.Translator.Blocks;
using A64Jit.Translator.Emission;
using A64Jit.Translator.Execution;
using static A64Jit.Core.Interpretation.SystemRegisters;
using Decoder = A64Jit.Core.Decoding.Decoder;
using UnicornScope = A64Jit.Tests.Interpretation.UnicornScope;

namespace A64Jit.Tests.Translation;

/// <summary>
/// Native IL of the integer and system instructions (BlockEmitter.System.cs) against the
/// interpreter: every encoding made native translates without the fallback; random programs
/// mixing them with ordinary instructions, at EL0 and EL1 under random SCTLR_EL1/CNTKCTL_EL1
/// controls, run in lockstep with complete state and memory compared; DC ZVA on mapped,
/// unmapped, read-only and code pages; the exception generators' stops; CRC32/CRC32C over
/// random operands and the standard check values. A64JIT_SYSTEM_LOCKSTEP_PROGRAMS sets the
/// number of random programs per EL (default 300).
/// </summary>
[TestFixture]
public unsafe class SystemNativeTests
{
    private const ulong C = TestCore.CodeBase;
    private const ulong D = TestCore.DataBase;

    /// <summary>The encodings BlockEmitter.System.cs gives native IL.</summary>
    private static readonly string[] Made =
    [
        "YIELD", "SEV", "SEVL", "HINT", "WFI", "WFE", "ERET", "DMB", "DSB", "ISB",
        "SVC", "HVC", "SMC", "BRK", "HLT", "UDF", "DCPS1", "DCPS2", "DCPS3", "DRPS",
        "MRS", "MSR_reg", "MSR_imm", "SYS", "SYSL",
        "CRC32B", "CRC32H", "CRC32W", "CRC32X", "CRC32CB", "CRC32CH", "CRC32CW", "CRC32CX",
        "LDR_lit", "LDRSW_lit", "PRFM_lit", "PRFM_imm_offset", "PRFM_reg", "PRFUM",
        "STTRB", "LDTRB", "LDTRSB", "STTRH", "LDTRH", "LDTRSH", "STTR", "LDTR", "LDTRSW",
    ];

    // System registers the random programs read and write (time-dependent ones excluded: they are tested separately).
    private static readonly uint[] ReadKeys =
    [
        Nzcv, Fpcr, Fpsr, TpidrEl0, TpidrroEl0, DczidEl0, Daif, CtrEl0, CntfrqEl0, CntvCvalEl0,
        MidrEl1, MpidrEl1, RevidrEl1, IdAa64Pfr0El1, IdAa64Isar0El1, IdAa64Mmfr0El1, Key(3, 0, 0, 3, 5), CurrentEL,
        SpsrEl1, ElrEl1, SctlrEl1, CpacrEl1, Ttbr0El1, TcrEl1, EsrEl1, FarEl1, ParEl1, MairEl1, VbarEl1,
        ContextidrEl1, TpidrEl1, CntkctlEl1, MdscrEl1, SpEl0, SpSel,
    ];

    private static readonly uint[] WriteKeys =
    [
        Nzcv, Fpcr, Fpsr, TpidrEl0, TpidrroEl0, Daif, CntvCtlEl0, CntvCvalEl0, SpsrEl1, ElrEl1, EsrEl1, FarEl1,
        VbarEl1, TpidrEl1, MairEl1, ContextidrEl1, MdscrEl1, SctlrEl1, CpacrEl1, CntkctlEl1, Afsr0El1, MidrEl1,
    ];

    private static readonly (uint Op1, uint CRn, uint CRm, uint Op2)[] SysOps = UnicornScope.SysOperations;

    private static uint Enc(string name, uint word) => A64.Check(name, word);
    private static uint Crc(bool c, int sz, int d, int n, int m) =>
        Enc((c ? "CRC32C" : "CRC32") + "BHWX"[sz], (sz == 3 ? 1u << 31 : 0) | 0x1AC04000u | (uint)m << 16 | (c ? 1u << 12 : 0) | (uint)sz << 10 | (uint)n << 5 | (uint)d);
    private static uint DcZva(int t) => Enc("SYS", UnicornScope.Sys(3, 7, 4, 1, t));

    // ------------------------------------------------------------------ coverage

    [Test]
    public void EveryOtherIntegerAndSystemEncodingIsNativeOrLeftOnPurpose()
    {
        var groups = new[] { EncodingGroup.DataProcessingImmediate, EncodingGroup.DataProcessingRegister, EncodingGroup.BranchExceptionSystem, EncodingGroup.LoadStore };
        // CLREX and the exclusive, acquire/release and atomic forms are another part of the translator.
        var leftOnPurpose = new HashSet<string> { "CLREX" };
        bool exclusiveOrAtomic(string n) =>
            n.Contains("XR") || n.Contains("XP") || n.StartsWith("CAS") || n.StartsWith("SWP") || n.StartsWith("LDAPR")
            || n.StartsWith("STLR") || n.StartsWith("LDAR") || n.StartsWith("STLLR") || n.StartsWith("LDLAR")
            || (n.StartsWith("LD") && (n.Contains("ADD") || n.Contains("CLR") || n.Contains("EOR") || n.Contains("SET") || n.Contains("MAX") || n.Contains("MIN")));
        var missing = EncodingTable.All.Where(e => groups.Contains(e.Group) && !BlockEmitter.HasNative(e.Id)
                                                   && !leftOnPurpose.Contains(e.Name) && !exclusiveOrAtomic(e.Name)).Select(e => e.Name).ToArray();
        Assert.That(missing, Is.Empty, "integer/system encodings without native IL");
        foreach (var n in Made) Assert.That(BlockEmitter.HasNative(EncodingTable.Get(n).Id), Is.True, n);
    }

    /// <summary>A word of <paramref name="name"/> the native IL accepts (system registers and operations it handles inline).</summary>
    private static uint NativeWord(Random rng, string name)
    {
        var e = EncodingTable.Get(name);
        for (int attempt = 0; attempt < 10_000; attempt++)
        {
            uint w = name switch
            {
                "MRS" => UnicornScope.Mrs(ReadKeys[rng.Next(ReadKeys.Length)], rng.Next(32)),
                "MSR_reg" => UnicornScope.Msr(WriteKeys[rng.Next(WriteKeys.Length)], rng.Next(32)),
                "SYS" => SysWord(rng),
                "MSR_imm" => 0xD503401Fu | (uint)rng.Next(16) << 8 | (rng.Next(2) == 0 ? 6u : 7u) << 5,
                _ => e.Value | ((uint)rng.NextInt64() & ~e.Mask),
            };
            if (Decoder.Decode(w) == e.Id && BlockEmitter.AcceptsNative(e.Id, w)) return w;
        }
        throw new InvalidOperationException($"no natively accepted word of {name}");
    }

    private static uint SysWord(Random rng)
    {
        var (op1, crn, crm, op2) = SysOps[rng.Next(SysOps.Length)];
        return UnicornScope.Sys(op1, crn, crm, op2, rng.Next(32));
    }

    [Test]
    public void MadeEncodingsTranslateWithoutFallback()
    {
        var rng = new Random(5);
        var branch = EncodingTable.Get("B");
        foreach (var name in Made)
        {
            for (int k = 0; k < 20; k++)
            {
                uint w = NativeWord(rng, name);
                int id = Decoder.Decode(w);
                var ins = new List<GuestInstruction> { new(C, w, id) };
                if (!BlockDiscovery.IsBlockEnd(id)) ins.Add(new GuestInstruction(C + 4, 0x14000000u | 4, branch.Id));
                var block = new GuestBlock(C, ins.ToArray(), BlockEnd.Branch);
                foreach (uint mode in new[] { 0u, 4u })
                {
                    var t = BlockCompiler.Compile(block, mode, NativeSwitches.AllNative());
                    Assert.That(t.Summary.Fallback, Is.Zero, $"{name} {w:x8} ({EncodingTable.All[id].Format(w, C)}) fell back");
                    Assert.That(t.Summary.Native, Is.EqualTo(ins.Count));
                }
            }
        }
        // Register numbers and operations without an inline rule are declined (fallback), not mistranslated.
        Assert.That(BlockEmitter.AcceptsNative(EncodingTable.Get("MRS").Id, UnicornScope.Mrs(SpEl0, 1)), Is.False);
        Assert.That(BlockEmitter.AcceptsNative(EncodingTable.Get("MSR_reg").Id, UnicornScope.Msr(SpSel, 1)), Is.False);
        Assert.That(BlockEmitter.AcceptsNative(EncodingTable.Get("SYS").Id, UnicornScope.Sys(3, 7, 12, 1, 0)), Is.False); // DC CVAP: not ARMv8.0
    }

    // ------------------------------------------------------------------ lockstep

    private static readonly string[] RandomPool =
    [
        "YIELD", "SEV", "SEVL", "HINT", "HINT", "DMB", "DSB", "ISB", "WFI", "WFE",
        "SVC", "HVC", "SMC", "BRK", "HLT", "DCPS1", "DRPS",
        "MRS", "MRS", "MRS", "MRS", "MSR_reg", "MSR_reg", "MSR_reg", "MSR_imm", "SYS", "SYS", "SYS", "SYSL",
        "CRC32B", "CRC32H", "CRC32W", "CRC32X", "CRC32CB", "CRC32CH", "CRC32CW", "CRC32CX",
        "LDR_lit", "LDR_lit", "LDRSW_lit", "PRFM_lit", "PRFM_imm_offset", "PRFM_reg", "PRFUM",
        "STTRB", "LDTRB", "LDTRSB", "STTRH", "LDTRH", "LDTRSH", "STTR", "LDTR", "LDTRSW",
    ];

    private static uint PoolWord(Random rng, string name, ulong pc)
    {
        var e = EncodingTable.Get(name);
        for (int attempt = 0; ; attempt++)
        {
            uint w;
            switch (name)
            {
                case "MRS":
                    w = rng.Next(16) == 0 ? e.Value | ((uint)rng.NextInt64() & ~e.Mask) : UnicornScope.Mrs(ReadKeys[rng.Next(ReadKeys.Length)], rng.Next(32));
                    break;
                case "MSR_reg":
                    w = UnicornScope.Msr(WriteKeys[rng.Next(WriteKeys.Length)], rng.Next(32));
                    break;
                case "SYS":
                    w = rng.Next(3) == 0 ? DcZva(rng.Next(32)) : rng.Next(16) == 0 ? e.Value | ((uint)rng.NextInt64() & ~e.Mask) : SysWord(rng);
                    break;
                case "MSR_imm":
                    w = 0xD503401Fu | (uint)rng.Next(16) << 8 | (uint)rng.Next(5, 8) << 5;
                    break;
                case "LDR_lit" or "LDRSW_lit" or "PRFM_lit":
                {
                    // The literal lies in the code or the data region, or past its end (unmapped).
                    ulong target = rng.Next(3) switch
                    {
                        0 => C + (ulong)rng.Next(0, (int)TestCore.CodeSize / 4) * 4,
                        1 => D + (ulong)rng.Next(0, (int)TestCore.DataSize / 4) * 4,
                        _ => D + TestCore.DataSize - 8 + 4ul * (ulong)rng.Next(0, 4),
                    };
                    long delta = ((long)target - (long)pc) >> 2;
                    w = e.Field("imm19").Insert(e.Value | ((uint)rng.NextInt64() & ~e.Mask), (uint)delta);
                    break;
                }
                default:
                    w = e.Value | ((uint)rng.NextInt64() & ~e.Mask);
                    break;
            }
            if (Decoder.Decode(w) == e.Id) return w;
            if (attempt > 1000) throw new InvalidOperationException($"cannot draw a word of {name}");
        }
    }

    [TestCase(0)]
    [TestCase(1)]
    public void RandomProgramsAgreeWithTheInterpreter(int el)
    {
        int programsWanted = int.TryParse(Environment.GetEnvironmentVariable("A64JIT_SYSTEM_LOCKSTEP_PROGRAMS"), out var p) && p > 0 ? p : 300;
        int seed = Environment.TickCount & 0x7FFFFFFF;
        var rng = new Random(seed);
        // Ordinary native instructions to mix in (no branches: a program runs until an exception or its end).
        var ordinary = BlockEmitter.NativeEncodingIds.Select(id => EncodingTable.All[id])
            .Where(e => !BlockDiscovery.IsBlockEnd(e.Id) && !Made.Contains(e.Name) && e.Name != "NOP"
                        && e.Group is EncodingGroup.DataProcessingImmediate or EncodingGroup.DataProcessingRegister or EncodingGroup.LoadStore)
            .ToArray();

        using var jit = new TestCore(MemoryPermissions.All);
        using var reference = new TestCore(MemoryPermissions.All);
        long instructions = 0, blocks = 0;
        var stops = new Dictionary<string, int>();
        for (int program = 0; program < programsWanted; program++)
        {
            int length = rng.Next(1, 24);
            ulong start = C + (rng.Next(4) == 0 ? 0x1000 - 4ul * (ulong)rng.Next(1, 12) : 4ul * (ulong)rng.Next(0, 256));
            var words = new uint[length];
            for (int i = 0; i < length; i++)
            {
                ulong pc = start + 4ul * (ulong)i;
                if (rng.Next(2) == 0) words[i] = PoolWord(rng, RandomPool[rng.Next(RandomPool.Length)], pc);
                else
                {
                    var e = ordinary[rng.Next(ordinary.Length)];
                    uint w;
                    do w = e.Value | ((uint)rng.NextInt64() & ~e.Mask); while (Decoder.Decode(w) != e.Id);
                    words[i] = w;
                }
            }

            jit.Memory.WritePrivileged(C, new byte[TestCore.CodeSize]);
            jit.Write(start, words);
            var data = new byte[TestCore.DataSize];
            rng.NextBytes(data);
            jit.Memory.WritePrivileged(D, data);
            var s = jit.State;
            *s = default;
            for (int i = 0; i < 31; i++)
                s->X[i] = rng.Next(6) switch
                {
                    0 or 1 => D + (ulong)rng.Next(0x100, (int)TestCore.DataSize - 0x100),
                    2 or 3 => D + (ulong)rng.Next(0x100, 0x800) / 16 * 16,
                    4 => (ulong)rng.Next(-8, 256),
                    _ => (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63),
                };
            s->X[31] = D + 0x2000 + (rng.Next(4) == 0 ? 8ul : 16ul * (ulong)rng.Next(0, 64));
            s->Nzcv = (uint)rng.Next(16) << 28;
            s->Pstate = el == 0 ? 0 : (1u << 2) | PstateBits.SpSel | ((uint)rng.Next(16) << 6);
            s->SpEl0 = (ulong)rng.NextInt64();
            s->SpEl1 = (ulong)rng.NextInt64();
            // Random EL0 controls: SA/SA0, UMA, DZE, UCT, nTWI, nTWE, UCI; CNTKCTL EL0PCTEN, EL0VCTEN, EL0VTEN.
            foreach (int bit in new[] { 3, 4, 9, 14, 15, 16, 18, 26 })
                if (rng.Next(2) == 0) s->SctlrEl1 |= 1ul << bit;
            foreach (ulong bit in new[] { 1ul, 2ul, 0x100ul })
                if (rng.Next(2) == 0) s->CntkctlEl1 |= bit;
            s->CpacrEl1 = 3ul << 20;
            s->Dczid = rng.Next(6) switch { 0 => 5, 1 => 0x14, 2 => 2, _ => 4 };
            s->Ctr = 0x8444C004;
            s->Cntfrq = 62_500_000;
            s->Midr = (ulong)rng.NextInt64();
            s->Mpidr = 0x80000000ul | (ulong)rng.Next(4);
            s->IdAa64Pfr0 = 0x11;
            s->TpidrEl0 = (ulong)rng.NextInt64();
            s->TpidrroEl0 = (ulong)rng.NextInt64();
            s->TpidrEl1 = (ulong)rng.NextInt64();
            s->VbarEl1 = (ulong)rng.NextInt64() & ~0x7FFul;
            s->ElrEl1 = (ulong)rng.NextInt64();
            s->Fpcr = (uint)rng.Next() & FpcrWritable;
            s->Fpsr = (uint)rng.Next() & FpsrWritable;
            s->CntvCvalEl0 = (ulong)rng.NextInt64();
            s->PC = start;
            reference.CopyFrom(jit);

            var options = new TranslatorOptions
            {
                MaxBlockInstructions = rng.Next(3) == 0 ? rng.Next(1, 8) : 64,
                MaxRegionBlocks = rng.Next(2) == 0 ? 1 : 16,
            };
            using var engine = new TranslatedEngine(jit.State, jit.Memory, options);
            var interp = new Interpreter(reference.State, reference.Memory);
            ulong executed = 0;
            while (executed < 200)
            {
                ulong pc = s->PC, before = s->InstructionsRetired;
                ulong budget = rng.Next(4) == 0 ? (ulong)rng.Next(1, 10) : 200;
                var r = engine.StepTranslation(budget);
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
                    Assert.Fail($"seed {seed}, EL{el}, program {program}, block at 0x{pc:x}, budget {budget}:\n{Listing(start, words)}{diff}");
                if (r != StopReason.None)
                {
                    string key = r == StopReason.Exception ? $"EC 0x{s->ExitSyndrome >> 26:x2}" : r.ToString();
                    stops[key] = stops.GetValueOrDefault(key) + 1;
                    // Resume both cores after the stopping instruction (an exception leaves PC at it).
                    foreach (var core in new[] { jit, reference })
                    {
                        if (r == StopReason.Exception) core.State->PC += 4;
                        core.State->ExitReason = 0;
                        core.State->ExitSyndrome = 0;
                        core.State->ExitAddress = 0;
                        core.State->ExitAccessSize = 0;
                        core.State->ExitAccessKind = 0;
                    }
                }
                if (s->PC < start || s->PC >= start + 4ul * (ulong)length) break;
            }
            instructions += (long)executed;
        }
        TestContext.Out.WriteLine($"seed {seed}: {programsWanted} programs at EL{el}, {blocks} translations run, {instructions} instructions compared; stops: {string.Join(", ", stops.OrderBy(k => k.Key).Select(k => $"{k.Key} ×{k.Value}"))}");
    }

    private static string Listing(ulong start, uint[] words)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < words.Length; i++)
        {
            ulong a = start + 4ul * (ulong)i;
            var e = Decoder.DecodeEncoding(words[i]);
            string text;
            try { text = e == null ? ".inst" : e.Format(words[i], a).Replace('\t', ' '); } catch (Exception ex) { text = ex.GetType().Name; }
            sb.Append($"  {a:x8}: {words[i]:x8}  {text}  [{e?.Name}]\n");
        }
        return sb.ToString();
    }

    // ------------------------------------------------------------------ directed cases

    /// <summary>Runs the code at <paramref name="pc"/> translated on <paramref name="jit"/> and interpreted on a copy until either stops; returns the translated core's stop.</summary>
    private static StopReason RunBoth(TestCore jit, TestCore reference, ulong pc, ulong budget = 1000)
    {
        jit.State->PC = pc;
        reference.CopyFrom(jit);
        using var engine = new TranslatedEngine(jit.State, jit.Memory, new TranslatorOptions());
        var r = engine.Run(budget);
        var rr = new Interpreter(reference.State, reference.Memory).Run(budget);
        Assert.That(r, Is.EqualTo(rr), "stop reason");
        string diff = TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter") + TestCore.MemoryDifferences(jit, reference);
        Assert.That(diff, Is.Empty);
        Assert.That(engine.Stats.FallbackExecutions, Is.Zero, "instructions ran through the fallback");
        return r;
    }

    private static void FillData(TestCore core)
    {
        var b = new byte[TestCore.DataSize];
        for (int i = 0; i < b.Length; i++) b[i] = (byte)(i * 7 + 3);
        core.Memory.WritePrivileged(D, b);
    }

    [TestCase(0x123ul, 4ul, 0)]     // mapped, 64-byte blocks (inline)
    [TestCase(0x3FC7ul, 4ul, 0)]    // last block of the data region
    [TestCase(0x1234ul, 5ul, 0)]    // 128-byte blocks (helper)
    [TestCase(0x200ul, 0x14ul, 0)]  // DZP: UNDEFINED
    [TestCase(0x4010ul, 4ul, 0)]    // unmapped (past the data region)
    [TestCase(0x123ul, 4ul, 1)]     // at EL1
    public void DcZvaAgreesWithTheInterpreter(ulong offset, ulong dczid, int el)
    {
        using var jit = new TestCore();
        using var reference = new TestCore();
        FillData(jit);
        jit.Write(C, A64.AddImm(2, 2, 1), DcZva(1), A64.AddImm(3, 3, 1), DcZva(4), A64.Udf());
        var s = jit.State;
        s->X[1] = D + offset;
        s->X[4] = D + 0x2000 + offset % 0x100;
        s->Dczid = dczid;
        s->SctlrEl1 = SctlrLinuxEl0;
        s->Pstate = el == 0 ? 0 : (1u << 2) | PstateBits.SpSel;
        var stop = RunBoth(jit, reference, C);
        Assert.That(stop, Is.EqualTo(StopReason.Exception));
        if (dczid == 4 && offset < TestCore.DataSize)
        {
            // The aligned 64-byte block holding the address is zero, its neighbours are not.
            var block = jit.ReadRange(D + (offset & ~63ul), 64);
            Assert.That(block.All(b => b == 0), Is.True);
            if ((offset & ~63ul) >= 64) Assert.That(jit.ReadRange(D + (offset & ~63ul) - 1, 1)[0], Is.Not.Zero);
        }
    }

    [Test]
    public void DcZvaTrapsAtEl0WithoutDzeAndFaultsOnReadOnlyPages()
    {
        using var jit = new TestCore();
        using var reference = new TestCore();
        jit.Write(C, A64.AddImm(2, 2, 1), DcZva(1), A64.Udf());
        var s = jit.State;
        s->Dczid = 4;
        s->X[1] = D + 0x40;
        s->SctlrEl1 = SctlrLinuxEl0 & ~(1ul << 14);
        Assert.That(RunBothAllowingFallback(jit, reference, C), Is.EqualTo(StopReason.Exception));
        Assert.That(s->ExitSyndrome >> 26, Is.EqualTo(Syndrome.SystemRegisterTrap), "DC ZVA at EL0 without SCTLR_EL1.DZE traps (EC 0x18)");
        Assert.That(s->PC, Is.EqualTo(C + 4));

        s->SctlrEl1 = SctlrLinuxEl0;
        s->ExitReason = 0;
        s->X[1] = C + 0x800; // the code region is read + execute
        Assert.That(RunBothAllowingFallback(jit, reference, C), Is.EqualTo(StopReason.Exception));
        Assert.That(s->ExitSyndrome >> 26, Is.EqualTo(Syndrome.DataAbortLowerEl));
        Assert.That(s->ExitAddress, Is.EqualTo(C + 0x800));
    }

    /// <summary>Code zeroed by DC ZVA is not run stale: the second call of a translated function finds zeros (UDF).</summary>
    [Test]
    public void DcZvaOnCodeInvalidatesItsTranslation()
    {
        using var jit = new TestCore(MemoryPermissions.All);
        using var reference = new TestCore(MemoryPermissions.All);
        const ulong f = C + 0x400;
        jit.Write(C, A64.Bl((long)(f - C)), DcZva(1), A64.Bl((long)(f - (C + 8))), A64.AddImm(5, 5, 1), A64.Udf());
        jit.Write(f, A64.AddImm(0, 0, 1), A64.AddImm(2, 2, 7), A64.Ret());
        var s = jit.State;
        s->Dczid = 4;
        s->X[1] = f + 8;
        s->SctlrEl1 = SctlrLinuxEl0;
        Assert.That(RunBoth(jit, reference, C), Is.EqualTo(StopReason.Exception));
        Assert.That(s->PC, Is.EqualTo(f), "the zeroed function is UDF");
        Assert.That(s->ExitSyndrome >> 26, Is.EqualTo(Syndrome.Unknown));
        Assert.That((s->X[0], s->X[2]), Is.EqualTo((1ul, 7ul)), "the function ran once");
    }

    [TestCase("SVC", 0xD4000001u, 0, Syndrome.Svc64)]
    [TestCase("SVC", 0xD4000001u, 1, Syndrome.Svc64)]
    [TestCase("BRK", 0xD4200000u, 0, Syndrome.Brk64)]
    [TestCase("HVC", 0xD4000002u, 1, Syndrome.Hvc64)]
    [TestCase("HVC", 0xD4000002u, 0, Syndrome.Unknown)]
    [TestCase("SMC", 0xD4000003u, 1, Syndrome.Smc64)]
    [TestCase("HLT", 0xD4400000u, 1, Syndrome.Unknown)]
    public void ExceptionGeneratorsStopAsTheInterpreter(string name, uint opcode, int el, uint ec)
    {
        using var jit = new TestCore();
        using var reference = new TestCore();
        const uint imm = 0xBEEF;
        uint w = Enc(name, opcode | imm << 5);
        jit.Write(C, A64.AddImm(1, 1, 5), A64.SubsImm(2, 2, 1), w, A64.AddImm(3, 3, 1));
        var s = jit.State;
        s->Pstate = el == 0 ? 0 : (1u << 2) | PstateBits.SpSel;
        Assert.That(RunBoth(jit, reference, C), Is.EqualTo(StopReason.Exception));
        // Arm ARM: EC in bits 31:26, IL = 1, ISS = imm16 for SVC/HVC/SMC/BRK; PC at the instruction, not retired.
        uint expected = ec << 26 | 1u << 25 | (ec == Syndrome.Unknown ? 0 : imm);
        Assert.That((s->ExitSyndrome, s->PC, s->InstructionsRetired, s->X[1]), Is.EqualTo((expected, C + 8, 2ul, 5ul)));
    }

    /// <summary>
    /// WFI/WFE at EL1, or at EL0 with SCTLR_EL1.nTWI/nTWE set, complete and stop the run after them
    /// (WaitForInterrupt, PC past them, retired); at EL0 with the bit clear they trap (EC 0x01), which
    /// the interpreter raises from translated code too.
    /// </summary>
    [TestCase("WFI", 0xD503207Fu, 1, 0ul)]
    [TestCase("WFE", 0xD503205Fu, 1, 0ul)]
    [TestCase("WFI", 0xD503207Fu, 0, SystemRegisters.SctlrLinuxEl0)]
    [TestCase("WFE", 0xD503205Fu, 0, SystemRegisters.SctlrLinuxEl0)]
    [TestCase("WFI", 0xD503207Fu, 0, 0ul)]
    [TestCase("WFE", 0xD503205Fu, 0, 0ul)]
    public void WaitForInterruptAndEventStopAsTheInterpreter(string name, uint word, int el, ulong sctlr)
    {
        using var jit = new TestCore();
        using var reference = new TestCore();
        jit.Write(C, A64.AddImm(1, 1, 5), A64.SubsImm(2, 2, 1), Enc(name, word), A64.AddImm(3, 3, 1), A64.Udf());
        var s = jit.State;
        s->Pstate = el == 0 ? 0 : (1u << 2) | PstateBits.SpSel;
        s->SctlrEl1 = sctlr;
        bool traps = el == 0 && sctlr == 0;
        var stop = traps ? RunBothAllowingFallback(jit, reference, C) : RunBoth(jit, reference, C);
        if (traps)
        {
            Assert.That(stop, Is.EqualTo(StopReason.Exception));
            Assert.That((s->ExitSyndrome >> 26, s->PC), Is.EqualTo((Syndrome.WfxTrap, C + 8)));
        }
        else
        {
            Assert.That(stop, Is.EqualTo(StopReason.WaitForInterrupt));
            Assert.That((s->PC, s->InstructionsRetired, s->X[3]), Is.EqualTo((C + 12, 3ul, 0ul)));
        }
    }

    /// <summary>
    /// ERET from EL1 with SPSR_EL1 values that return to EL1h, to EL0 (which then runs the code at
    /// ELR_EL1), illegally (EL2, M[1] set, AArch32 on a core without AArch32 at EL0: PSTATE.IL), and
    /// to AArch32 User mode on a core that has it; NZCV and DAIF from SPSR. At EL0 it is UNDEFINED.
    /// </summary>
    [TestCase(0xF00003C5ul, 1, 0u)]
    [TestCase(0x60000000ul, 1, 0u)]
    [TestCase(0x00000004ul, 1, 0u)]
    [TestCase(0x00000009ul, 1, 0u)]
    [TestCase(0x00000007ul, 1, 0u)]
    [TestCase(0x00000010ul, 1, 0u)]
    [TestCase(0x00000010ul, 1, 1u)]
    [TestCase(0x00000000ul, 0, 0u)]
    public void ExceptionReturnAgreesWithTheInterpreter(ulong spsr, int el, uint aarch32)
    {
        using var jit = new TestCore();
        using var reference = new TestCore();
        const ulong target = C + 0x100;
        jit.Write(C, A64.AddImm(1, 1, 5), A64.SubsImm(2, 2, 1), Enc("ERET", 0xD69F03E0u), A64.AddImm(3, 3, 1), A64.Udf());
        jit.Write(target, A64.AddImm(6, 6, 1), A64.AddImm(7, 31, 16), A64.Udf());
        var s = jit.State;
        s->Pstate = el == 0 ? 0 : (1u << 2) | PstateBits.SpSel;
        s->SpsrEl1 = spsr;
        s->ElrEl1 = target;
        s->X[31] = D + 0x800;
        s->SpEl0 = D + 0x400;
        s->Aarch32El0Supported = aarch32;
        var stop = el == 0 ? RunBothAllowingFallback(jit, reference, C) : RunBoth(jit, reference, C);
        if (el == 0) Assert.That((stop, s->ExitSyndrome >> 26, s->PC), Is.EqualTo((StopReason.Exception, Syndrome.Unknown, C + 8)));
        else Assert.That(s->PC, Is.Not.EqualTo(C + 12), "the instruction after ERET did not run");
    }

    // ------------------------------------------------------------------ CRC32

    /// <summary>The standard check values (CRC of "123456789", reflected, initial and final inversion): CRC-32 0xCBF43926, CRC-32C 0xE3069283.</summary>
    [Test]
    public void Crc32ComputesTheStandardCheckValues()
    {
        using var jit = new TestCore();
        using var reference = new TestCore();
        jit.Memory.WritePrivileged(D, System.Text.Encoding.ASCII.GetBytes("123456789"));
        uint ldrb(int t, int n, uint off) => Enc("LDRB_imm_offset", 0x39400000u | off << 10 | (uint)n << 5 | (uint)t);
        uint ldrh(int t, int n, uint off) => Enc("LDRH_imm_offset", 0x79400000u | off / 2 << 10 | (uint)n << 5 | (uint)t);
        uint ldrw(int t, int n, uint off) => Enc("LDR_imm_offset", 0xB9400000u | off / 4 << 10 | (uint)n << 5 | (uint)t);
        uint movnW(int d) => Enc("MOVN", 0x12800000u | (uint)d);
        uint mvnW(int d, int m) => Enc("ORN_shift", 0x2A2003E0u | (uint)m << 16 | (uint)d);
        jit.Write(C,
            movnW(0), movnW(5), movnW(6), movnW(7),
            A64.LdrX(2, 1, 0), ldrb(3, 1, 8),
            Crc(false, 3, 0, 0, 2), Crc(false, 0, 0, 0, 3),   // CRC32X, CRC32B
            Crc(true, 3, 5, 5, 2), Crc(true, 0, 5, 5, 3),     // CRC32CX, CRC32CB
            ldrw(2, 1, 0), ldrh(3, 1, 4), ldrb(4, 1, 6), // bytes 0-3, 4-5, 6
            Crc(false, 2, 6, 6, 2), Crc(false, 1, 6, 6, 3), Crc(false, 0, 6, 6, 4),
            Crc(true, 2, 7, 7, 2), Crc(true, 1, 7, 7, 3), Crc(true, 0, 7, 7, 4),
            ldrb(4, 1, 7), Crc(false, 0, 6, 6, 4), Crc(true, 0, 7, 7, 4),
            ldrb(4, 1, 8), Crc(false, 0, 6, 6, 4), Crc(true, 0, 7, 7, 4),
            mvnW(0, 0), mvnW(5, 5), mvnW(6, 6), mvnW(7, 7),
            A64.Udf());
        jit.State->X[1] = D;
        RunBoth(jit, reference, C);
        var s = jit.State;
        Assert.That(s->X[0], Is.EqualTo(0xCBF43926ul), "CRC-32 (X + B)");
        Assert.That(s->X[6], Is.EqualTo(0xCBF43926ul), "CRC-32 (W + H + B + B + B)");
        Assert.That(s->X[5], Is.EqualTo(0xE3069283ul), "CRC-32C (X + B)");
        Assert.That(s->X[7], Is.EqualTo(0xE3069283ul), "CRC-32C (W + H + B + B + B)");
    }

    [Test]
    public void Crc32AgreesWithTheInterpreterOnRandomOperands()
    {
        var rng = new Random(11);
        using var jit = new TestCore();
        using var reference = new TestCore();
        var words = new List<uint>();
        for (int k = 0; k < 60; k++) words.Add(Crc(rng.Next(2) == 0, rng.Next(4), rng.Next(31), rng.Next(32), rng.Next(32)));
        words.Add(A64.Udf());
        jit.Write(C, words.ToArray());
        for (int round = 0; round < 30; round++)
        {
            var s = jit.State;
            *s = default;
            for (int i = 0; i < 31; i++) s->X[i] = (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63);
            RunBoth(jit, reference, C);
        }
        // The helper itself over every byte value and random wider operands against the interpreter's bitwise definition.
        for (int k = 0; k < 2000; k++)
        {
            uint acc = (uint)rng.Next() ^ (uint)rng.Next(2) << 31;
            ulong v = (ulong)rng.NextInt64();
            foreach (int bytes in new[] { 1, 2, 4, 8 })
            {
                Assert.That(SystemRuntime.Crc32(acc, v, bytes), Is.EqualTo(BitwiseCrc(acc, v, bytes, 0xEDB88320u)));
                Assert.That(SystemRuntime.Crc32C(acc, v, bytes), Is.EqualTo(BitwiseCrc(acc, v, bytes, 0x82F63B78u)));
            }
        }
    }

    /// <summary>The reflected CRC step bit by bit, straight from the definition.</summary>
    private static uint BitwiseCrc(uint acc, ulong value, int bytes, uint poly)
    {
        for (int i = 0; i < 8 * bytes; i++)
        {
            acc ^= (uint)(value >> i) & 1;
            acc = (acc & 1) != 0 ? (acc >> 1) ^ poly : acc >> 1;
        }
        return acc;
    }

    // ------------------------------------------------------------------ counters, literal loads

    [Test]
    public void VirtualCounterReadsLieBetweenInterpreterReads()
    {
        using var jit = new TestCore();
        using var reference = new TestCore();
        uint mrs(uint key, int t) => Enc("MRS", UnicornScope.Mrs(key, t));
        var code = new[] { mrs(CntvctEl0, 0), mrs(CntpctEl0, 1), mrs(CntvctEl0, 2), A64.Udf() };
        jit.Write(C, code);
        reference.Write(C, code);
        foreach (var core in new[] { jit, reference })
        {
            core.State->CntkctlEl1 = CntkctlLinuxEl0 | El0Pcten;
            core.State->Cntfrq = 1_000_000_000;
            core.State->CntvOffset = 12345;
        }
        var interp = new Interpreter(reference.State, reference.Memory);
        reference.State->PC = C;
        interp.Run(1);
        ulong before = reference.State->X[0];
        using (var engine = new TranslatedEngine(jit.State, jit.Memory, new TranslatorOptions()))
        {
            jit.State->PC = C;
            Assert.That(engine.Run(100), Is.EqualTo(StopReason.Exception));
            Assert.That(engine.Stats.FallbackExecutions, Is.Zero);
        }
        reference.State->PC = C + 8;
        interp.Run(1);
        ulong after = reference.State->X[2];
        var s = jit.State;
        Assert.That(s->X[0], Is.InRange(before, after));
        Assert.That(s->X[2], Is.InRange(s->X[0], after));
        Assert.That(s->X[1] - 12345, Is.InRange(s->X[0], s->X[2]), "CNTPCT = CNTVCT + offset");

        // At EL0 without EL0VCTEN the read traps (EC 0x18) as in the interpreter.
        jit.State->CntkctlEl1 = 0;
        jit.State->ExitReason = 0;
        Assert.That(RunBothAllowingFallback(jit, reference, C), Is.EqualTo(StopReason.Exception));
        Assert.That(jit.State->ExitSyndrome >> 26, Is.EqualTo(Syndrome.SystemRegisterTrap));
    }

    private static StopReason RunBothAllowingFallback(TestCore jit, TestCore reference, ulong pc)
    {
        jit.State->PC = pc;
        reference.CopyFrom(jit);
        using var engine = new TranslatedEngine(jit.State, jit.Memory, new TranslatorOptions());
        var r = engine.Run(1000);
        Assert.That(r, Is.EqualTo(new Interpreter(reference.State, reference.Memory).Run(1000)));
        Assert.That(TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter"), Is.Empty);
        return r;
    }

    [Test]
    public void LiteralLoadsAndTlsReadsRunNatively()
    {
        using var jit = new TestCore();
        using var reference = new TestCore();
        uint lit(string name, uint opc, int t, long delta) => Enc(name, opc << 30 | 0x18000000u | ((uint)(delta >> 2) & 0x7FFFF) << 5 | (uint)t);
        jit.Write(C,
            lit("LDR_lit", 0, 1, 0x40), lit("LDR_lit", 1, 2, 0x3C), lit("LDRSW_lit", 2, 3, 0x38), lit("PRFM_lit", 3, 0, 0x30),
            Enc("MRS", UnicornScope.Mrs(TpidrEl0, 4)), Enc("MRS", UnicornScope.Mrs(Nzcv, 5)), Enc("MRS", UnicornScope.Mrs(DczidEl0, 6)),
            Enc("MSR_reg", UnicornScope.Msr(TpidrEl0, 1)), lit("LDR_lit", 1, 7, (long)(D + TestCore.DataSize) - (long)(C + 0x20)));
        jit.Write(C + 0x40, 0x89ABCDEFu, 0x01234567u);
        var s = jit.State;
        s->TpidrEl0 = 0x7777;
        s->Nzcv = 0x6000_0000;
        s->Dczid = 4;
        s->SctlrEl1 = SctlrLinuxEl0;
        Assert.That(RunBoth(jit, reference, C), Is.EqualTo(StopReason.Exception), "the last literal lies past the data region");
        Assert.That((s->X[1], s->X[2], s->X[3], s->X[4], s->X[5], s->X[6], s->TpidrEl0, s->PC),
            Is.EqualTo((0x89ABCDEFul, 0x0123456789ABCDEFul, 0xFFFFFFFF89ABCDEFul, 0x7777ul, 0x6000_0000ul, 4ul, 0x89ABCDEFul, C + 0x20)));
    }
}
