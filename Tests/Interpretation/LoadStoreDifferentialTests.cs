using A64Jit.Core.Decoding;
using A64Jit.Core.Interpretation;
using A64Jit.Tests.Oracles;
using Decoder = A64Jit.Core.Decoding.Decoder;

namespace A64Jit.Tests.Interpretation;

/// <summary>
/// The interpreter's integer load/store semantics against Unicorn, one instruction at a time
/// (store-exclusives optionally preceded by the matching load-exclusive): for every encoding
/// of the LoadStore group, A64JIT_DIFF_PER_ENCODING (default 50) words drawn from the
/// encoding's pattern run from the same registers and memory in both engines. The base
/// register points into (or near the edges of) a 64 KiB region of random bytes, sometimes
/// into the read-only code page before it, the unmapped page after it or elsewhere; index
/// registers of register-offset forms are small. Compared: X0–X30, SP, PC, NZCV, the whole
/// data region and how the instruction ended; when ours stops, every register and byte must
/// be unchanged. A64JIT_SEED changes the seed; a failure prints seed, case, word and
/// disassembly.
/// </summary>
/// <remarks>
/// Cases left out of the comparison (each counted and printed):
/// <list type="bullet">
/// <item>Store-exclusives (STXR/STLXR/STXP/STLXP, all sizes) at an unaligned address when
/// the monitor is open: the Arm ARM (AArch64.ExclusiveMonitorsPass) checks alignment first
/// and raises an alignment fault; Unicorn (QEMU) compares the address with its monitor
/// first and just fails with status 1. We follow the Arm ARM
/// (<see cref="LoadStoreExclusiveMonitorTests"/> checks it).</item>
/// <item>LDAR/STLR/LDAPR (all sizes) at an unaligned address: the Arm ARM (without
/// FEAT_LSE2, which A64Jit does not have) requires alignment and raises an alignment fault;
/// Unicorn performs the access. Checked against the Arm ARM in
/// <see cref="LoadStoreArchitectureTests"/>.</item>
/// </list>
/// Adjusted inputs: Unicorn 2.0.1 computes LDSMAX/LDSMIN/LDUMAX/LDUMIN of 8, 16 and 32 bits
/// by comparing the zero-extended memory value with the whole 64-bit Rs (signed for
/// SMAX/SMIN, unsigned for UMAX/UMIN) instead of Rs&lt;datasize-1:0&gt; with the memory value
/// at datasize bits (qemu-aarch64 7.2 and the Arm ARM agree with each other). Its answer is
/// the architectural one when Rs is zero-extended from datasize bits and, for the signed
/// operations, when the sign bits of Rs&lt;datasize-1:0&gt; and of the memory value agree; the
/// test makes Rs so (a case whose Rs is also its Rn, or whose Rs is WZR against a negative
/// memory value for SMAX/SMIN, is skipped). Other inputs are checked against the Arm ARM in
/// <see cref="LoadStoreArchitectureTests"/>.
/// Fault priority: Unicorn reports a translation fault for an unaligned access to unmapped
/// memory where the Arm ARM gives the alignment fault priority; both are aborts and count
/// as agreeing.
/// The CONSTRAINED UNPREDICTABLE register overlaps (writeback with Rt == Rn, LDP/LDXP with
/// Rt == Rt2, STXR with Rs == Rt or Rn) ARE compared: the interpreter picks QEMU's choice.
/// </remarks>
[TestFixture, Category("Unicorn")]
public class LoadStoreDifferentialTests
{
    private static int PerEncoding => ToolPaths.Count("A64JIT_DIFF_PER_ENCODING", 50);
    private static int Seed => ToolPaths.Count("A64JIT_SEED", 20261125);

    private static readonly ulong[] Boundary =
    [
        0, 1, 2, ulong.MaxValue, ulong.MaxValue - 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF,
        0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000,
        0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, 0xFFFF_FFFF_FFFF_FF80, 0xFFFF_FFFF_FFFF_8000, 0xFFFF_FFFF_8000_0000,
    ];

    /// <summary>
    /// Cases per Unicorn instance: one Unicorn 2.0.1 instance's memory keeps growing (about
    /// 10 KB per case here, most likely its translation cache) and the test host crashed after
    /// about 100,000 cases, so long runs start a fresh instance now and then.
    /// </summary>
    private const int CasesPerInstance = 20_000;

    [OneTimeSetUp]
    public void Open()
    {
        if (!Unicorn.Available) Assert.Fail("libunicorn.so.2 is not installed (the test command installs libunicorn2)");
    }

    public static IEnumerable<TestCaseData> Encodings()
    {
        foreach (var e in EncodingTable.All)
            if (e.Group == EncodingGroup.LoadStore)
                yield return new TestCaseData(e.Name).SetName($"LoadStoreDifferential({e.Name})");
    }

    [Test]
    public void EveryLoadStoreEncodingHasSemantics()
    {
        var missing = new List<string>();
        int n = 0;
        foreach (var e in EncodingTable.All)
        {
            if (e.Group != EncodingGroup.LoadStore) continue;
            n++;
            if (!Interpreter.IsImplemented(e.Id)) missing.Add(e.Name);
        }
        var problems = Interpreter.TableProblems.Where(p => p.StartsWith(nameof(LoadStore) + ".")).ToList();
        TestContext.Out.WriteLine($"LoadStore group: {n - missing.Count} of {n} encodings implemented");
        Assert.That(missing, Is.Empty, "LoadStore encodings without semantics");
        Assert.That(problems, Is.Empty);
    }

    // ------------------------------------------------------------------ encoding kinds

    private enum Kind { Single, Literal, Pair, LoadExclusive, StoreExclusive, Ordered, Cas, Casp, Atomic }

    private static Kind KindOf(string name)
    {
        if (name.EndsWith("_lit")) return Kind.Literal;
        if (name.StartsWith("STXR") || name.StartsWith("STLXR") || name is "STXP" or "STLXP") return Kind.StoreExclusive;
        if (name.StartsWith("LDXR") || name.StartsWith("LDAXR") || name is "LDXP" or "LDAXP") return Kind.LoadExclusive;
        if (name.StartsWith("LDAR") || name.StartsWith("STLR") || name.StartsWith("LDAPR")) return Kind.Ordered;
        if (name == "CASP") return Kind.Casp;
        if (name.StartsWith("CAS")) return Kind.Cas;
        if (name.StartsWith("SWP") || (name.StartsWith("LD") && !name.Contains('_') && name.Length <= 7 &&
            (name.Contains("ADD") || name.Contains("CLR") || name.Contains("EOR") || name.Contains("SET") || name.Contains("MAX") || name.Contains("MIN"))))
            return Kind.Atomic;
        if (name.Contains("NP") || name.StartsWith("LDP") || name.StartsWith("STP")) return Kind.Pair;
        return Kind.Single;
    }

    /// <summary>The offset added to the base register before the access (0 for post-indexed and register forms).</summary>
    private static ulong PreOffset(string name, Kind kind, uint w)
    {
        if (name.EndsWith("_post") || name.EndsWith("_reg")) return 0;
        if (kind == Kind.Pair)
        {
            int scale = 2 + (int)(w >> 31);
            return (ulong)((long)((w >> 15) & 0x7F) << 57 >> 57) << scale;
        }
        if (kind != Kind.Single) return 0;
        if (name.EndsWith("_imm_offset")) return (ulong)((w >> 10) & 0xFFF) << (int)(w >> 30);
        return (ulong)((long)((w >> 12) & 0x1FF) << 55 >> 55); // unscaled, unprivileged, pre-indexed: imm9
    }

    // ------------------------------------------------------------------ the test

    [TestCaseSource(nameof(Encodings))]
    public void AgreesWithUnicorn(string name)
    {
        var e = EncodingTable.Get(name);
        var kind = KindOf(name);
        int seed = Seed ^ StableHash(name);
        var rng = new Random(seed);
        var h = new LoadStoreHarness();
        rng.NextBytes(h.Image);
        var failures = new List<string>();
        int compared = 0, stops = 0, skipped = 0, prefixed = 0, priority = 0;
        try
        {
            for (int k = 0; k < PerEncoding; k++)
            {
                if (k > 0 && k % CasesPerInstance == 0)
                {
                    var image = h.Image;
                    h.Dispose();
                    h = new LoadStoreHarness();
                    image.CopyTo(h.Image, 0);
                }
                uint w = RandomWord(e, kind, rng, k) ?? throw new AssertionException($"{name}: no word of pattern {e.Pattern} decodes to {name}");
                var before = RandomRegisters(rng);
                int n = Field(e, w, "Rn");
                ulong target = RandomTarget(rng);
                if (kind is not (Kind.Single or Kind.Literal or Kind.Pair) && rng.Next(10) < 7)
                    target &= ~(ulong)(AccessBytes(name, kind, w) - 1); // these must be aligned: keep most cases past the alignment check
                if (n >= 0) before.SetXOrSp(n, target - PreOffset(name, kind, w));

                int m = Field(e, w, "Rm");
                if (m >= 0 && m != 31 && m != n) before.X[m] = SmallIndex(rng);

                ulong address = n >= 0 ? before.XOrSp(n) + PreOffset(name, kind, w) : 0;
                if (kind is Kind.Cas or Kind.Casp && rng.Next(2) == 0) MatchCompareValue(h, e, w, kind, before, address);

                // Code goes in the code page, leaving room for a CLREX before and a load-exclusive prefix.
                before.Pc = LoadStoreHarness.CodeBase + 8 + 4 * (ulong)rng.Next((int)(LoadStoreHarness.CodeSize / 4) - 4);
                if (kind == Kind.Literal && rng.Next(3) != 0)
                {
                    // Aim imm19 at the code page, the data region or just past it.
                    ulong lit = LoadStoreHarness.CodeBase + (ulong)rng.Next((int)LoadStoreHarness.CodeSize + LoadStoreHarness.DataSize + 64);
                    w = (w & ~(0x7FFFFu << 5)) | (((uint)((lit - before.Pc) >> 2) & 0x7FFFF) << 5);
                }

                if (kind == Kind.Ordered && (address & (ulong)((1 << (int)(w >> 30)) - 1)) != 0) { skipped++; continue; } // see the remarks
                if (kind == Kind.Atomic && (w >> 30) != 3 && (name.StartsWith("LDSM") || name.StartsWith("LDUM")) && !AdjustMinMaxOperand(h, e, w, name, before, address))
                {
                    skipped++; // see the remarks
                    continue;
                }

                uint[] words = [w];
                bool openMonitors = kind == Kind.StoreExclusive;
                if (kind == Kind.StoreExclusive)
                {
                    if (rng.Next(2) == 0)
                    {
                        // Arm the monitors for this address and size with the matching load-exclusive.
                        int free = FreeRegister(rng, Field(e, w, "Rs"), Field(e, w, "Rt"), Field(e, w, "Rt2"), n);
                        uint pre = (w & 0xC020_0000) | 0x085F_7C00 | ((uint)n << 5) | (uint)free;
                        words = [pre, w];
                        prefixed++;
                    }
                    else
                    {
                        if ((address & (ulong)(AccessBytes(name, kind, w) - 1)) != 0) { skipped++; continue; } // see the remarks: Unicorn checks alignment only after its monitor
                    }
                }

                var r = h.Run(words, before, openMonitors);
                compared++;
                if (r.OursEnd != LoadStoreEnd.Retired) stops++;
                if (r.Differences.Count > 0) failures.Add(LoadStoreHarness.Describe(name, seed, k, words, r));
                if (r.OursEnd != r.TheirsEnd && LoadStoreHarness.SameEnd(r.OursEnd, r.TheirsEnd)) priority++;
            }
        }
        finally
        {
            h.Dispose();
        }
        TestContext.Out.WriteLine($"LoadStore/{name}: {compared} compared ({prefixed} after a load-exclusive), {stops} stopped ({priority} alignment faults Unicorn reports as translation faults), {skipped} skipped, {failures.Count} mismatches (seed {seed})");
        if (failures.Count > 0)
            Assert.Fail($"{failures.Count} of {compared} cases differ from Unicorn (A64JIT_SEED={Seed}):\n" + string.Join("\n", failures.Take(10)));
    }

    /// <summary>The size of the access (both elements for exclusive pairs and CASP).</summary>
    private static int AccessBytes(string name, Kind kind, uint w) =>
        kind == Kind.Casp || name.EndsWith("XP") ? (Bit(w, 30) ? 16 : 8) : 1 << (int)(w >> 30);

    private static bool Bit(uint w, int n) => ((w >> n) & 1) != 0;

    private static int Field(Encoding e, uint w, string field)
    {
        foreach (var f in e.Fields) if (f.Name == field) return (int)f.Extract(w);
        return -1;
    }

    private static int FreeRegister(Random rng, params int[] used)
    {
        while (true)
        {
            int r = rng.Next(31);
            if (Array.IndexOf(used, r) < 0) return r;
        }
    }

    /// <summary>Where the access goes: mostly inside the data region (often 16-byte aligned), sometimes at or past its edges or far away.</summary>
    private static ulong RandomTarget(Random rng)
    {
        int pick = rng.Next(100);
        ulong inside = LoadStoreHarness.DataBase + (ulong)rng.Next(LoadStoreHarness.DataSize - 32);
        return pick switch
        {
            < 40 => inside & ~15ul,
            < 65 => inside,
            < 73 => LoadStoreHarness.DataEnd - (ulong)rng.Next(1, 33),          // straddles the unmapped end
            < 80 => LoadStoreHarness.DataBase - (ulong)rng.Next(1, 40),         // code page (read-only), may straddle into data
            < 85 => LoadStoreHarness.DataBase + (ulong)rng.Next(0, 64),
            < 90 => LoadStoreHarness.DataEnd + (ulong)rng.Next(0, 4096),        // unmapped guard page
            < 95 => 0x8000_0000ul + (ulong)rng.Next() ,                         // unmapped
            _ => (ulong)rng.NextInt64() ^ ((ulong)rng.Next(2) << 63),            // anywhere
        };
    }

    private static ulong SmallIndex(Random rng)
    {
        ulong v = (ulong)(long)rng.Next(-300, 300);
        if (rng.Next(3) == 0) v = (v & 0xFFFF_FFFF) | ((ulong)rng.Next() << 32); // W-extended forms ignore the top half
        return v;
    }

    private static ulong RandomRegisterValue(Random rng)
    {
        int pick = rng.Next(10);
        return pick switch
        {
            < 4 => Boundary[rng.Next(Boundary.Length)],
            4 => (ulong)rng.Next(),
            5 => LoadStoreHarness.DataBase + (ulong)rng.Next(LoadStoreHarness.DataSize),
            _ => (ulong)rng.NextInt64() ^ ((ulong)rng.Next(2) << 63),
        };
    }

    private static LoadStoreRegs RandomRegisters(Random rng)
    {
        var r = new LoadStoreRegs();
        for (int i = 0; i < 31; i++) r.X[i] = RandomRegisterValue(rng);
        r.Sp = LoadStoreHarness.DataBase + ((ulong)rng.Next(LoadStoreHarness.DataSize) & ~15ul);
        r.Nzcv = (uint)rng.Next(16) << 28;
        return r;
    }

    /// <summary>
    /// For LD{S,U}{MAX,MIN} of 8, 16 and 32 bits: zero-extends Rs from datasize bits and, for
    /// the signed ones, gives it the sign bit of the memory operand (see the remarks); false
    /// when Rs is also the base register and would change.
    /// </summary>
    private static bool AdjustMinMaxOperand(LoadStoreHarness h, Encoding e, uint w, string name, LoadStoreRegs regs, ulong address)
    {
        int s = Field(e, w, "Rs"), n = Field(e, w, "Rn");
        int bytes = 1 << (int)(w >> 30);
        int bits = 8 * bytes;
        bool memNegative = address >= LoadStoreHarness.DataBase && address + (ulong)bytes <= LoadStoreHarness.DataEnd &&
            (h.Image[(int)(address - LoadStoreHarness.DataBase) + bytes - 1] & 0x80) != 0;
        bool signedOp = name.StartsWith("LDSM");
        if (s == 31) return !(signedOp && memNegative); // WZR is a non-negative operand
        ulong v = regs.X[s] & ((1ul << bits) - 1);
        if (signedOp)
        {
            ulong sign = 1ul << (bits - 1);
            v = memNegative ? v | sign : v & ~sign;
        }
        if (s == n) return v == regs.X[s];
        regs.X[s] = v;
        return true;
    }

    /// <summary>Makes the compare value of CAS/CASP equal to the memory it will read, so that the swap happens.</summary>
    private static void MatchCompareValue(LoadStoreHarness h, Encoding e, uint w, Kind kind, LoadStoreRegs regs, ulong address)
    {
        int s = Field(e, w, "Rs"), n = Field(e, w, "Rn");
        int bytes = kind == Kind.Casp ? (Bit(w, 30) ? 16 : 8) : 1 << (int)(w >> 30);
        if (address < LoadStoreHarness.DataBase || address + (ulong)bytes > LoadStoreHarness.DataEnd) return;
        int off = (int)(address - LoadStoreHarness.DataBase);
        ulong Read(int at, int size)
        {
            ulong v = 0;
            for (int i = size - 1; i >= 0; i--) v = (v << 8) | h.Image[at + i];
            return v;
        }
        if (kind == Kind.Cas)
        {
            if (s == 31 || s == n) return;
            regs.X[s] = Read(off, bytes) | (regs.X[s] & ~(bytes == 8 ? ulong.MaxValue : (1ul << (8 * bytes)) - 1));
        }
        else
        {
            int half = bytes / 2;
            if (s == n || s + 1 == n) return;
            regs.X[s] = Read(off, half);
            if (s + 1 != 31) regs.X[s + 1] = Read(off + half, half);
        }
    }

    /// <summary>
    /// A word of <paramref name="e"/>'s pattern whose fields are 0, all-ones or random
    /// (case 0: all zero, case 1: all ones) and that decodes to <paramref name="e"/> itself.
    /// </summary>
    private static uint? RandomWord(Encoding e, Kind kind, Random rng, int caseIndex)
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            uint w = (uint)rng.NextInt64(0, 1L << 32);
            if (attempt == 0 && caseIndex == 0) w = 0;
            else if (attempt == 0 && caseIndex == 1) w = ~0u;
            else
            {
                foreach (var f in e.Fields)
                {
                    int pick = rng.Next(5);
                    if (pick == 0) w = f.Insert(w, 0);
                    else if (pick == 1) w = f.Insert(w, ~0u);
                }
            }
            w = (w & ~e.Mask) | e.Value;
            if (Decoder.Decode(w) == e.Id) return w;
        }
        return null;
    }

    private static int StableHash(string s)
    {
        unchecked
        {
            int h = (int)2166136261;
            foreach (char c in s) h = (h ^ c) * 16777619;
            return h & 0x7FFF_FFFF;
        }
    }
}
