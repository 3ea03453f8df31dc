using A64Jit.Core.Interpretation;
using A64Jit.Core.State;
using A64Jit.Translator.Execution;

namespace A64Jit.Tests.Translation;

/// <summary>
/// Deferred NZCV (the translator keeps the operands of the last SUBS/ADDS/ANDS and decides
/// conditions from them; the packed word is computed only at exits, the fallback and readers
/// that need it whole), checked against the interpreter systematically: every flag-setting
/// form (immediate, shifted and extended register, 32 and 64 bits, with garbage in the upper
/// halves of 32-bit operands) followed directly or after other instructions (an ALU
/// instruction; a load that may fault, so that a fault exit has to materialise the flags) by
/// every reader (B.cond, CSEL/CSINC/CSNEG, CCMP, ADC/SBCS) and every condition, on operands at
/// the edges of the comparisons (equal, off by one, signed and unsigned extremes). Then the
/// same inside region loops, where a block that starts at a label reads flags whose kind only
/// the running code knows.
/// </summary>
[TestFixture]
public unsafe class DeferredFlagsTests
{
    private static readonly ulong[] Edges =
    [
        0, 1, 2, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000, 0x7FFF_FFFF_FFFF_FFFF,
        0x8000_0000_0000_0000, 0xFFFF_FFFF_FFFF_FFFF, 0xDEAD_BEEF_8000_0001, 0x1234_5678_FFFF_FFFE,
    ];

    private const int Rd = 20;  // destination of the flag setter (kept apart from the operands)

    /// <summary>Flag setters of x1 and x2 (immediate forms use x1 and a small immediate).</summary>
    private static IEnumerable<(string Name, uint Word, bool UsesX2)> Setters()
    {
        foreach (bool sf in new[] { true, false })
        {
            uint s = sf ? 1u << 31 : 0;
            yield return ("SUBS_imm", A64.Check("SUBS_imm", s | 0x71000000u | 1u << 10 | 1u << 5 | Rd), false);
            yield return ("ADDS_imm", A64.Check("ADDS_imm", s | 0x31000000u | 1u << 10 | 1u << 5 | Rd), false);
            yield return ("SUBS_shift", A64.Check("SUBS_shift", s | 0x6B000000u | 2u << 16 | 1u << 5 | Rd), true);
            yield return ("ADDS_shift", A64.Check("ADDS_shift", s | 0x2B000000u | 2u << 16 | 1u << 5 | Rd), true);
            yield return ("SUBS_shift lsl", A64.Check("SUBS_shift", s | 0x6B000000u | 2u << 16 | 3u << 10 | 1u << 5 | Rd), true);
            yield return ("ANDS_shift", A64.Check("ANDS_shift", s | 0x6A000000u | 2u << 16 | 1u << 5 | Rd), true);
            yield return ("BICS_shift", A64.Check("BICS_shift", s | 0x6A200000u | 2u << 16 | 1u << 5 | Rd), true);
            // ANDS with a mask whose top bit is set and the next one clear: ROR(ones(datasize - 1), 1).
            yield return ("ANDS_imm", A64.Check("ANDS_imm", s | 0x72000000u | (sf ? 1u << 22 : 0) | 1u << 16 | (sf ? 62u : 30u) << 10 | 1u << 5 | Rd), false);
            // Extended register: SXTW for 64 bits, UXTH for 32.
            yield return ("SUBS_ext", A64.Check("SUBS_ext", s | 0x6B200000u | 2u << 16 | (sf ? 6u : 1u) << 13 | 1u << 5 | Rd), true);
        }
    }

    /// <summary>Readers of the flags for condition <paramref name="cond"/>; the B.cond jumps 8 bytes ahead.</summary>
    private static IEnumerable<(string Name, uint Word)> Readers(int cond)
    {
        yield return ("B.cond", A64.BCond(cond, 8));
        yield return ("CSEL", A64.Check("CSEL", 0x9A800000u | 4u << 16 | (uint)cond << 12 | 3u << 5 | 0));
        yield return ("CSINC w", A64.Check("CSINC", 0x1A800400u | 4u << 16 | (uint)cond << 12 | 3u << 5 | 0));
        yield return ("CSNEG", A64.Check("CSNEG", 0xDA800400u | 4u << 16 | (uint)cond << 12 | 3u << 5 | 0));
        yield return ("CCMP", A64.Check("CCMP_reg", 0xFA400000u | 6u << 16 | (uint)cond << 12 | 5u << 5 | 0b1010));
    }

    private static readonly (string Name, uint Word)[] Gaps =
    [
        ("", 0),
        ("add", 0x91000529u),          // add x9, x9, #1
        ("ldr", 0xF9400107u),          // ldr x7, [x8]
    ];

    [Test]
    public void EveryReaderAndConditionAgreesWithTheInterpreter()
    {
        A64.Check("ADD_imm", Gaps[1].Word);
        A64.Check("LDR_imm_offset", Gaps[2].Word);
        using var jit = new TestCore();
        using var reference = new TestCore();
        var interp = new Interpreter(reference.State, reference.Memory);
        var rng = new Random(7);
        int programs = 0, runs = 0;
        var readerSets = new List<(string Name, uint Word)>();
        for (int cond = 0; cond < 15; cond++) readerSets.AddRange(Readers(cond));
        readerSets.Add(("ADC", A64.Check("ADC", 0x9A000000u | 4u << 16 | 3u << 5 | 0)));
        readerSets.Add(("SBCS w", A64.Check("SBCS", 0x7A000000u | 4u << 16 | 3u << 5 | 0)));
        foreach (var setter in Setters())
            foreach (var reader in readerSets)
                foreach (var gap in Gaps)
                {
                    var words = new List<uint> { setter.Word };
                    if (gap.Word != 0) words.Add(gap.Word);
                    words.Add(reader.Word);
                    words.Add(A64.Ret());
                    words.Add(A64.Ret());
                    jit.Write(TestCore.CodeBase, [.. words]);
                    reference.Write(TestCore.CodeBase, [.. words]);
                    programs++;
                    using var engine = new TranslatedEngine(jit.State, jit.Memory, new TranslatorOptions { HotThreshold = 0 });
                    foreach (ulong a in Edges)
                        foreach (ulong b in setter.UsesX2 ? Edges : [0ul])
                        {
                            var s = jit.State;
                            for (int r = 0; r < 31; r++) s->X[r] = (ulong)rng.NextInt64();
                            s->X[1] = a;
                            s->X[2] = b;
                            s->X[5] = rng.Next(3) == 0 ? a : (ulong)rng.NextInt64();
                            s->X[6] = rng.Next(3) == 0 ? a : b;
                            s->X[8] = rng.Next(4) == 0 ? TestCore.DataBase + TestCore.DataSize + 0x10000 : TestCore.DataBase + 8;
                            s->X[30] = TestCore.CodeBase + 0x100;
                            s->Nzcv = (uint)rng.Next(16) << 28;
                            s->PC = TestCore.CodeBase;
                            s->ExitReason = 0;
                            *reference.State = *s;
                            string where = $"{setter.Name} ({setter.Word:x8}), {gap.Name}, {reader.Name} ({reader.Word:x8}); x1 = 0x{a:x}, x2 = 0x{b:x}";
                            Compare(engine, interp, jit, reference, where);
                            runs++;
                        }
                }
        TestContext.Out.WriteLine($"{programs} programs, {runs} runs");
    }

    [Test]
    public void RegionLoopsAgreeWithTheInterpreter()
    {
        using var jit = new TestCore();
        using var reference = new TestCore();
        var interp = new Interpreter(reference.State, reference.Memory);
        var rng = new Random(11);
        int programs = 0;
        foreach (var setter in Setters())
            foreach (int c1 in new[] { 0, 3, 4, 11, 8, 12 })
                for (int c2 = 0; c2 < 15; c2++)
                {
                    // 0: setter            <- loop head
                    // 1: b.c1 +12          -> 4
                    // 2: ldr x7, [x8]      (may fault: flags dirty, kind known only at run time)
                    // 3: b +8              -> 5
                    // 4: add x9, x9, #1
                    // 5: csel x0, x3, x4, c2 (a block start: the flags' kind is the run time's)
                    // 6: sub x1, x1, x11
                    // 7: sub x12, x12, #1
                    // 8: cbnz x12, -32      -> 0
                    // 9: ret
                    uint[] words =
                    [
                        setter.Word, A64.BCond(c1, 12), Gaps[2].Word, A64.B(8), Gaps[1].Word,
                        A64.Check("CSEL", 0x9A800000u | 4u << 16 | (uint)c2 << 12 | 3u << 5 | 0),
                        A64.Check("SUB_shift", 0xCB000000u | 11u << 16 | 1u << 5 | 1),
                        A64.SubImm(12, 12, 1), A64.Cbnz(12, -32), A64.Ret(),
                    ];
                    jit.Write(TestCore.CodeBase, words);
                    reference.Write(TestCore.CodeBase, words);
                    programs++;
                    using var engine = new TranslatedEngine(jit.State, jit.Memory, new TranslatorOptions { HotThreshold = 0 });
                    for (int run = 0; run < 6; run++)
                    {
                        var s = jit.State;
                        for (int r = 0; r < 31; r++) s->X[r] = (ulong)rng.NextInt64();
                        s->X[1] = Edges[rng.Next(Edges.Length)];
                        s->X[2] = Edges[rng.Next(Edges.Length)];
                        s->X[11] = (ulong)rng.Next(-2, 3);
                        s->X[12] = (ulong)rng.Next(1, 6);
                        s->X[8] = rng.Next(5) == 0 ? TestCore.DataBase + TestCore.DataSize + 0x10000 : TestCore.DataBase + 8;
                        s->X[30] = TestCore.CodeBase + 0x100;
                        s->Nzcv = (uint)rng.Next(16) << 28;
                        s->PC = TestCore.CodeBase;
                        s->ExitReason = 0;
                        *reference.State = *s;
                        Compare(engine, interp, jit, reference, $"region: {setter.Name} ({setter.Word:x8}), b.{c1}, csel {c2}; run {run}");
                    }
                }
        TestContext.Out.WriteLine($"{programs} region programs");
    }

    private static void Compare(TranslatedEngine engine, Interpreter interp, TestCore jit, TestCore reference, string where)
    {
        ulong before = jit.State->InstructionsRetired;
        var r = engine.StepTranslation(1000);
        ulong n = jit.State->InstructionsRetired - before;
        var rr = StopReason.None;
        for (ulong k = 0; k < n && rr == StopReason.None; k++) rr = interp.Step();
        if (rr == StopReason.None && r != StopReason.None) rr = interp.Step();
        string diff = rr != r ? $"stop: translated {r}, interpreter {rr}\n" : "";
        diff += TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter");
        if (diff.Length != 0) Assert.Fail($"{where}:\n{diff}");
    }
}
