using A64Jit.Core.Decoding;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Tests.Oracles;
using static A64Jit.Core.Interpretation.Pseudocode;

namespace A64Jit.Tests.Interpretation;

/// <summary>
/// SIMD&amp;FP loads and stores against Unicorn with the accessed addresses placed on purpose
/// (the generic test's random base registers mostly fault): inside the data region, and
/// straddling its end (the next page is unmapped), so that the access faults part way. A
/// third test checks, against the Arm ARM alone, that such a fault changes nothing: no
/// register, no byte of memory (Unicorn's memory is not compared after a fault, since it
/// may have stored the part before the fault).
/// A64JIT_DIFF_PER_ENCODING (default 50) cases per encoding and placement; A64JIT_SEED.
/// </summary>
[TestFixture, Category("Unicorn")]
public unsafe class LoadStoreSimdDifferentialTests
{
    private static int PerEncoding => ToolPaths.Count("A64JIT_DIFF_PER_ENCODING", 50);
    private static int Seed => ToolPaths.Count("A64JIT_SEED", 20261125);

    private const ulong DataBase = DifferentialHarness.DataBase;
    private const ulong DataEnd = DifferentialHarness.DataBase + DifferentialHarness.DataSize;
    /// <summary>The harness maps the code page and the page after it (readable).</summary>
    private const ulong CodeEnd = DifferentialHarness.CodeBase + DifferentialHarness.CodeSize + 0x1000;

    private DifferentialHarness? _harness;

    [OneTimeSetUp]
    public void Open()
    {
        if (!Unicorn.Available) Assert.Fail("libunicorn.so.2 is not installed (the test command installs libunicorn2)");
        _harness = new DifferentialHarness();
    }

    [OneTimeTearDown]
    public void Close() => _harness?.Dispose();

    public static IEnumerable<TestCaseData> Encodings()
    {
        foreach (var e in Interpreter.ImplementedEncodings)
            if (e.Group == EncodingGroup.LoadStoreSimd)
                yield return new TestCaseData(e.Name).SetName($"LoadStoreSimd({e.Name})");
    }

    private enum Placement { Inside, StraddleEnd }

    private enum Form { Multiple, Single, Scalar, Pair, Literal }

    private static Form FormOf(string name) =>
        name.Contains("_mult") ? Form.Multiple
        : name.Contains("_single_") || (name.StartsWith("LD") && char.IsDigit(name[2]) && name[3] == 'R') ? Form.Single
        : name.StartsWith("LDR_lit") ? Form.Literal
        : name.StartsWith("LDP") || name.StartsWith("STP") || name.StartsWith("LDNP") || name.StartsWith("STNP") ? Form.Pair
        : Form.Scalar;

    /// <summary>The number of bytes the instruction accesses, from its (pre-indexed) address upwards.</summary>
    private static int AccessBytes(Form form, uint w)
    {
        switch (form)
        {
            case Form.Multiple:
            {
                int regs = Bits(w, 15, 12) switch { 0b0000 or 0b0010 => 4, 0b0100 or 0b0110 => 3, 0b1000 or 0b1010 => 2, _ => 1 };
                return regs * (Bit(w, 30) ? 16 : 8);
            }
            case Form.Single:
            {
                uint opcode = Bits(w, 15, 13);
                int selem = (int)(((opcode & 1) << 1) | Bits(w, 21, 21)) + 1;
                int scale = (int)(opcode >> 1);
                int ebytes = scale switch
                {
                    3 => 1 << (int)Bits(w, 11, 10),
                    2 => Bit(w, 10) ? 8 : 4,
                    _ => 1 << scale,
                };
                return selem * ebytes;
            }
            case Form.Scalar: return 1 << (int)((Bits(w, 23, 23) << 2) | Bits(w, 31, 30));
            case Form.Pair: return 2 * (4 << (int)Bits(w, 31, 30));
            default: return 4 << (int)Bits(w, 31, 30);
        }
    }

    /// <summary>
    /// Sets the base (and offset) registers of <paramref name="w"/> so that its first access
    /// starts at <paramref name="target"/>; returns the (possibly changed) word.
    /// </summary>
    private static uint Aim(string name, Form form, uint w, RegisterSet r, Random rng, ulong target)
    {
        int n = Rn(w), m = Rm(w);
        ulong preOffset = 0;
        if (form is Form.Multiple or Form.Single)
        {
            // Post-index by register: a small signed offset (Rm == Rn: the base wins).
            if (name.EndsWith("_post_reg")) r.X[m] = (ulong)(long)rng.Next(-512, 512);
        }
        else if (form == Form.Scalar)
        {
            int scale = (int)((Bits(w, 23, 23) << 2) | Bits(w, 31, 30));
            if (name.StartsWith("STUR") || name.StartsWith("LDUR") || name.Contains("_pre")) preOffset = SignExtend(Bits(w, 20, 12), 9);
            else if (name.Contains("_off")) preOffset = (ulong)Bits(w, 21, 10) << scale;
            else if (name.Contains("_reg"))
            {
                ulong mval = (ulong)(long)rng.Next(-256, 256);
                if (m != 31) r.X[m] = mval;
                preOffset = ExtendReg(m == 31 ? 0 : mval, Bits(w, 15, 13), Bit(w, 12) ? scale : 0, 64);
            }
        }
        else if (form == Form.Pair)
        {
            if (!name.Contains("_post")) preOffset = SignExtend(Bits(w, 21, 15), 7) << (2 + (int)Bits(w, 31, 30));
        }
        ulong b = target - preOffset;
        if (n == 31) r.Sp = b;
        else r.X[n] = b;
        return w;
    }

    /// <summary>LDR (literal): PC and imm19 chosen so that the literal is at <paramref name="target"/> (a multiple of 4).</summary>
    private static uint AimLiteral(uint w, RegisterSet r, ulong target)
    {
        long delta = (long)(target - r.Pc);
        return (w & ~(0x7FFFFu << 5)) | (((uint)(delta >> 2) & 0x7FFFF) << 5);
    }

    private (uint word, RegisterSet regs) MakeCase(Encoding e, Random rng, int k, Placement where)
    {
        var form = FormOf(e.Name);
        uint w = DifferentialTests.RandomWord(e, rng, k) ?? throw new InvalidOperationException($"no word for {e.Name}");
        var r = DifferentialTests.RandomRegisters(rng, memoryGroup: true, fpGroup: true);
        int bytes = AccessBytes(form, w);
        if (form == Form.Literal)
        {
            ulong target = where == Placement.Inside
                ? DifferentialHarness.CodeBase + 4 * (ulong)rng.Next((int)((CodeEnd - DifferentialHarness.CodeBase - (ulong)bytes) / 4))
                : CodeEnd - 4 * (ulong)rng.Next(1, Math.Max(2, bytes / 4));
            return (AimLiteral(w, r, target), r);
        }
        ulong t = where == Placement.Inside
            ? DataBase + (ulong)rng.Next((int)DifferentialHarness.DataSize - bytes + 1)
            : DataEnd - (ulong)rng.Next(bytes > 1 ? 1 : 0, bytes);
        return (Aim(e.Name, form, w, r, rng, t), r);
    }

    private void RunPlacement(string name, Placement where)
    {
        var e = EncodingTable.Get(name);
        int seed = Seed ^ StableHash(name + where);
        var rng = new Random(seed);
        var h = _harness!;
        h.RandomizeData(rng);
        var failures = new List<string>();
        int cases = PerEncoding, stops = 0;
        for (int k = 0; k < cases; k++)
        {
            var (w, before) = MakeCase(e, rng, k, where);
            var r = h.RunOne(w, before);
            if (r.OursEnd.Stopped) stops++;
            var diffs = r.Differences;
            if (where == Placement.StraddleEnd && !r.OursEnd.Stopped && FormOf(name) != Form.Literal)
                diffs.Add("expected a data abort: the access crosses into an unmapped page");
            if (diffs.Count > 0) failures.Add(DifferentialHarness.Describe(name, seed, k, w, before.Pc, r));
        }
        TestContext.Out.WriteLine($"{name} {where}: {cases} compared, {stops} stopped, {failures.Count} mismatches (seed {seed})");
        if (where == Placement.Inside && stops == cases) failures.Add("every case faulted: the placement does not work");
        if (failures.Count > 0)
            Assert.Fail($"{failures.Count} of {cases} cases differ (A64JIT_SEED={Seed}):\n" + string.Join("\n", failures.Take(12)));
    }

    [TestCaseSource(nameof(Encodings))]
    public void InsideDataRegionAgreesWithUnicorn(string name) => RunPlacement(name, Placement.Inside);

    [TestCaseSource(nameof(Encodings))]
    public void AcrossPageEndAgreesWithUnicorn(string name) => RunPlacement(name, Placement.StraddleEnd);

    /// <summary>
    /// The Arm ARM's precise-fault rule, without Unicorn: an access that runs into an
    /// unmapped page stops the instruction with a data abort and leaves every register
    /// (including the written-back base) and every byte of memory as it was.
    /// </summary>
    [TestCaseSource(nameof(Encodings))]
    public void FaultChangesNothing(string name)
    {
        var e = EncodingTable.Get(name);
        var form = FormOf(name);
        int seed = Seed ^ StableHash(name + "precise");
        var rng = new Random(seed);
        using var memory = new GuestMemory();
        using var cpu = new CpuContext();
        memory.Map(DifferentialHarness.CodeBase, DifferentialHarness.CodeSize + 0x1000, MemoryPermissions.ReadExecute);
        memory.Map(DataBase, DifferentialHarness.DataSize, MemoryPermissions.ReadWrite);
        var interp = new Interpreter(cpu, memory);
        var image = new byte[DifferentialHarness.DataSize];
        var after = new byte[DifferentialHarness.DataSize];
        int checkedCases = 0;
        for (int k = 0; k < PerEncoding; k++)
        {
            var (w, r) = MakeCase(e, rng, k, Placement.StraddleEnd);
            if (form == Form.Literal) continue; // the code pages end at a mapped boundary only for literals that fit
            rng.NextBytes(image);
            memory.WritePrivileged(DataBase, image);
            memory.WriteU32Privileged(r.Pc, w);
            var s = cpu.State;
            cpu.Pstate = DifferentialHarness.El1h;
            s->SctlrEl1 = 0;
            for (int i = 0; i < 31; i++) s->X[i] = r.X[i];
            s->X[31] = r.Sp;
            s->PC = r.Pc;
            s->Nzcv = r.Nzcv;
            s->Fpsr = r.Fpsr;
            for (int i = 0; i < 32; i++) cpu.SetV(i, r.V[i]);

            var reason = interp.Step();
            string where = $"{name} seed {seed} case {k}: 0x{w:x8} {Core.Disassembly.Disassembler.Format(w, r.Pc)}";
            Assert.That(reason, Is.EqualTo(StopReason.Exception), where);
            Assert.That(Syndrome.ExceptionClass(s->ExitSyndrome), Is.EqualTo(Syndrome.DataAbortSameEl), where);
            for (int i = 0; i < 31; i++) Assert.That(s->X[i], Is.EqualTo(r.X[i]), $"{where}: X{i}");
            Assert.That(s->X[31], Is.EqualTo(r.Sp), $"{where}: SP");
            Assert.That(s->PC, Is.EqualTo(r.Pc), $"{where}: PC");
            for (int i = 0; i < 32; i++) Assert.That(cpu.GetV(i), Is.EqualTo(r.V[i]), $"{where}: V{i}");
            memory.ReadPrivileged(DataBase, after);
            Assert.That(after, Is.EqualTo(image), $"{where}: memory");
            checkedCases++;
        }
        TestContext.Out.WriteLine($"{name}: {checkedCases} faulting cases checked (seed {seed})");
        if (form != Form.Literal) Assert.That(checkedCases, Is.GreaterThanOrEqualTo(30));
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
