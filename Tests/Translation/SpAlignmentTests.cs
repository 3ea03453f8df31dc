using A64Jit.Core.Decoding;
using A64Jit.Core.Disassembly;
using A64Jit.Core.Interpretation;
using A64Jit.Core.State;
using A64Jit.Translator;
using A64Jit.Translator.Emission;
using A64Jit.Translator.Execution;

namespace A64Jit.Tests.Translation;

/// <summary>
/// SP alignment checking of the integer loads and stores (Arm ARM: every load/store with a
/// base register calls CheckSPAlignment() when Rn is 31, before any access; prefetches do not):
/// with SP misaligned by 8, 4 or 1 and SCTLR_EL1.SA (EL1) / SA0 (EL0) set or clear, the
/// interpreter stops with an SP alignment fault (EC 0x26, ISS 0, IL set, no fault address)
/// exactly when the enabling bit of the current EL is set, with nothing changed and PC at the
/// instruction (the instruction before it retired); the translated engine (native IL where the
/// form is native) ends in the identical state, with one-instruction blocks and with the access
/// in the middle of a block.
/// </summary>
[TestFixture]
public unsafe class SpAlignmentTests
{
    private const uint AddX5One = 0x910004A5;   // add x5, x5, #1
    private const uint BSelf = 0x14000000;      // b .

    /// <summary>One word of each integer load/store class with Rn == 31 (encodings from GNU as); native: translated to IL.</summary>
    private static readonly (uint Word, string Text, bool Native)[] Accesses =
    [
        (0xF94003E0, "ldr x0, [sp]", true),
        (0xB94007E0, "ldr w0, [sp, #4]", true),
        (0x390007E0, "strb w0, [sp, #1]", true),
        (0x798007E0, "ldrsh x0, [sp, #2]", true),
        (0xF85F83E0, "ldur x0, [sp, #-8]", true),
        (0xB80033E0, "stur w0, [sp, #3]", true),
        (0xF8410FE0, "ldr x0, [sp, #16]!", true),
        (0xF81F07E0, "str x0, [sp], #-16", true),
        (0x38401FE0, "ldrb w0, [sp, #1]!", true),
        (0xF8616BE0, "ldr x0, [sp, x1]", true),
        (0x78217BE0, "strh w0, [sp, x1, lsl #1]", true),
        (0xB8A14BE0, "ldrsw x0, [sp, w1, uxtw]", true),
        (0xA94007E0, "ldp x0, x1, [sp]", true),
        (0xA9BF07E0, "stp x0, x1, [sp, #-16]!", true),
        (0x28C107E0, "ldp w0, w1, [sp], #8", true),
        (0x694107E0, "ldpsw x0, x1, [sp, #8]", true),
        (0xA84007E0, "ldnp x0, x1, [sp]", true),
        (0x280007E0, "stnp w0, w1, [sp]", true),
        (0xF8400BE0, "ldtr x0, [sp]", true),
        (0x38001BE0, "sttrb w0, [sp, #1]", true),
        (0xC85F7FE0, "ldxr x0, [sp]", true),
        (0xC8027FE0, "stxr w2, x0, [sp]", true),
        (0x085FFFE0, "ldaxrb w0, [sp]", true),
        (0x8802FFE0, "stlxr w2, w0, [sp]", true),
        (0xC87F07E0, "ldxp x0, x1, [sp]", true),
        (0xC82207E0, "stxp w2, x0, x1, [sp]", true),
        (0xC8DFFFE0, "ldar x0, [sp]", true),
        (0x889FFFE0, "stlr w0, [sp]", true),
        (0xF8BFC3E0, "ldapr x0, [sp]", true),
        (0xF82103E0, "ldadd x1, x0, [sp]", true),
        (0xB8E133E0, "ldsetal w1, w0, [sp]", true),
        (0xF82183E0, "swp x1, x0, [sp]", true),
        (0xC8A17FE0, "cas x1, x0, [sp]", true),
        (0x48227FE4, "casp x2, x3, x4, x5, [sp]", true),
    ];

    /// <summary>Prefetches have no SP alignment check (native IL: nothing).</summary>
    private static readonly (uint Word, string Text)[] Prefetches =
    [
        (0xF98003E0, "prfm pldl1keep, [sp]"),
        (0xF88013E0, "prfum pldl1keep, [sp, #1]"),
        (0xF8A16BE0, "prfm pldl1keep, [sp, x1]"),
    ];

    private static IEnumerable<TestCaseData> AccessCases() =>
        Accesses.Select(a => new TestCaseData(a.Word, a.Native, false).SetName($"SpAlignment({a.Text})"));

    private static IEnumerable<TestCaseData> PrefetchCases() =>
        Prefetches.Select(a => new TestCaseData(a.Word, true, true).SetName($"SpAlignment({a.Text})"));

    [Test]
    public void TheWordsAreTheClassesTheySayTheyAre()
    {
        foreach (var (w, text, native) in Accesses)
        {
            Assert.That(Decoder.DecodeEncoding(w), Is.Not.Null, text);
            Assert.That((w >> 5) & 31, Is.EqualTo(31u), $"{text}: Rn is SP");
            Assert.That(Disassembler.Format(w, 0), Does.Contain("[sp"), text);
            Assert.That(BlockEmitter.AcceptsNative(Decoder.Decode(w), w), Is.EqualTo(native), $"{text}: native IL");
        }
    }

    [TestCaseSource(nameof(AccessCases))]
    [TestCaseSource(nameof(PrefetchCases))]
    public void FaultsExactlyWhenEnabledAndMisaligned(uint word, bool native, bool prefetch)
    {
        using var interp = new TestCore();
        using var jit = new TestCore();
        var rng = new Random((int)word);
        foreach (ulong misalign in new ulong[] { 0, 8, 4, 1 })
            foreach (ulong sctlr in new ulong[] { 0, ExecContext.SctlrSa, ExecContext.SctlrSa0, ExecContext.SctlrSa | ExecContext.SctlrSa0 })
                foreach (int el in new[] { 0, 1 })
                {
                    string what = $"{word:x8} {Disassembler.Format(word, TestCore.CodeBase + 4)}, SP misaligned by {misalign}, SCTLR_EL1 0x{sctlr:x}, EL{el}";
                    bool enabled = (sctlr & (el == 0 ? ExecContext.SctlrSa0 : ExecContext.SctlrSa)) != 0;
                    bool fault = !prefetch && misalign != 0 && enabled;
                    Prepare(interp, word, misalign, sctlr, el, rng);
                    var before = *interp.State;
                    var memoryBefore = interp.ReadRange(TestCore.DataBase, TestCore.DataSize);

                    // The reference: the interpreter, one instruction at a time.
                    var i = new Interpreter(interp.State, interp.Memory);
                    Assert.That(i.Step(), Is.EqualTo(StopReason.None), what);
                    var r = i.Step();
                    var s = interp.State;
                    if (fault)
                    {
                        Assert.That(r, Is.EqualTo(StopReason.Exception), what);
                        Assert.That(s->ExitSyndrome, Is.EqualTo(Syndrome.Make(Syndrome.SpAlignment, 0)), what);
                        Assert.That(s->ExitSyndrome & Syndrome.IL, Is.Not.Zero, what);
                        Assert.That(s->ExitAddress, Is.Zero, $"{what}: FAR is not written for an SP alignment fault");
                        Assert.That(s->PC, Is.EqualTo(TestCore.CodeBase + 4), $"{what}: the preferred return address is the instruction");
                        Assert.That(s->InstructionsRetired, Is.EqualTo(before.InstructionsRetired + 1), what);
                        for (int k = 0; k < 32; k++)
                            Assert.That(s->X[k], Is.EqualTo(before.X[k] + (k == 5 ? 1ul : 0)), $"{what}: X{k}");
                        Assert.That(s->ExclusiveSize, Is.EqualTo(before.ExclusiveSize), $"{what}: the monitor");
                        Assert.That(interp.ReadRange(TestCore.DataBase, TestCore.DataSize), Is.EqualTo(memoryBefore), $"{what}: memory");
                    }
                    else if (r == StopReason.Exception)
                    {
                        // Only the alignment fault of exclusive, ordered and atomic accesses may stop here.
                        Assert.That(misalign, Is.Not.Zero, what);
                        uint ec = Syndrome.ExceptionClass(s->ExitSyndrome);
                        Assert.That(ec, Is.EqualTo(el == 0 ? Syndrome.DataAbortLowerEl : Syndrome.DataAbortSameEl), what);
                        Assert.That(Syndrome.Iss(s->ExitSyndrome) & 0x3F, Is.EqualTo(Syndrome.AlignmentFault), what);
                    }
                    else
                    {
                        Assert.That(r, Is.EqualTo(StopReason.None), what);
                        Assert.That(s->PC, Is.EqualTo(TestCore.CodeBase + 8), what);
                    }

                    // The translator, from the same state: one-instruction blocks, and one block holding all three.
                    foreach (int blockSize in new[] { 1, 64 })
                    {
                        Prepare(jit, word, misalign, sctlr, el, new Random(0));
                        *jit.State = before;
                        jit.Memory.WritePrivileged(TestCore.DataBase, memoryBefore);
                        var options = new TranslatorOptions { Native = NativeSwitches.AllNative(), MaxBlockInstructions = blockSize, MaxRegionBlocks = 1 };
                        using var engine = new TranslatedEngine(jit.State, jit.Memory, options);
                        var rj = StopReason.None;
                        for (int guard = 0; guard < 4 && rj == StopReason.None && jit.State->InstructionsRetired < before.InstructionsRetired + 2; guard++)
                            rj = engine.StepBlock();
                        // A whole block may go on to "b ."; the reference takes that step too.
                        while (r == StopReason.None && interp.State->InstructionsRetired < jit.State->InstructionsRetired)
                            r = i.Step();
                        string diff = rj != r ? $"stop: translated {rj}, interpreter {r}\n" : "";
                        diff += TestCore.StateDifferences(jit.State, interp.State, "translated", "interpreter");
                        diff += TestCore.MemoryDifferences(jit, interp);
                        Assert.That(diff, Is.Empty, $"{what}, blocks of {blockSize}");
                        if (blockSize == 1)
                            Assert.That(engine.Stats.FallbackInstructionsTranslated == 0, Is.EqualTo(native), $"{what}: native IL");
                    }
                }
    }

    /// <summary>
    /// "add x5, x5, #1; word; b ." at CodeBase with random registers and data, SP in the middle
    /// of the data misaligned by <paramref name="misalign"/>, X1 a small offset, at EL0t or EL1h.
    /// </summary>
    private static void Prepare(TestCore core, uint word, ulong misalign, ulong sctlr, int el, Random rng)
    {
        core.Memory.WritePrivileged(TestCore.CodeBase, new byte[TestCore.CodeSize]);
        core.Write(TestCore.CodeBase, AddX5One, word, BSelf);
        var data = new byte[TestCore.DataSize];
        rng.NextBytes(data);
        core.Memory.WritePrivileged(TestCore.DataBase, data);
        var s = core.State;
        *s = default;
        for (int k = 0; k < 31; k++) s->X[k] = (ulong)rng.NextInt64();
        s->X[1] = 16;
        s->X[31] = TestCore.DataBase + 0x1000 + misalign;
        s->SctlrEl1 = sctlr;
        s->Pstate = el == 0 ? 0 : (1u << 2) | PstateBits.SpSel;
        s->PC = TestCore.CodeBase;
    }
}
