using A64Jit.Core.Decoding;
using A64Jit.Core.Disassembly;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Translator;
using A64Jit.Translator.Emission;
using A64Jit.Translator.Execution;

namespace A64Jit.Tests.Translation;

/// <summary>
/// The 128-bit (Q register) loads and stores of translated code, which move a whole register
/// as one host vector access between the guest page and the register's slot: every addressing
/// form of LDR/STR/LDUR/STUR Q, LDP/STP/LDNP/STNP Q and LD1/ST1 of 1-4 whole registers, at
/// page offsets that stay on the page, cross into a read-only, unmapped or no-permission page,
/// or lie wholly on one; and Q stores into a page of translated code, whose translation must be
/// dropped. The reference is the interpreter: the same state (registers, PC, retired count,
/// exit reason, syndrome and fault address) and memory.
/// </summary>
[TestFixture]
public unsafe class SimdQMemoryTests
{
    private const ulong Code = 0x10000;
    private const ulong Data = 0x20000;           // RW, read-only, RW, unmapped, no permission
    private const uint AddX5 = 0x910004A5;        // add x5, x5, #1
    private const uint AddX6 = 0x910004C6;        // add x6, x6, #1
    private const uint BSelf = 0x14000000;        // b .

    /// <summary>Base X1, index X2 (zero); words from GNU as.</summary>
    private static readonly (uint Word, string Text)[] Accesses =
    [
        (0x3DC00023, "ldr q3, [x1]"),
        (0x3CC10C23, "ldr q3, [x1, #16]!"),
        (0x3CDF0423, "ldr q3, [x1], #-16"),
        (0x3CE27823, "ldr q3, [x1, x2, lsl #4]"),
        (0x3CE2C823, "ldr q3, [x1, w2, sxtw]"),
        (0x3CDFD023, "ldur q3, [x1, #-3]"),
        (0x3D800823, "str q3, [x1, #32]"),
        (0x3C9F0C23, "str q3, [x1, #-16]!"),
        (0x3C810423, "str q3, [x1], #16"),
        (0x3CA26823, "str q3, [x1, x2]"),
        (0x3C805023, "stur q3, [x1, #5]"),
        (0xAD7F1023, "ldp q3, q4, [x1, #-32]"),
        (0xADC11023, "ldp q3, q4, [x1, #32]!"),
        (0xACFF1023, "ldp q3, q4, [x1], #-32"),
        (0xAC401023, "ldnp q3, q4, [x1]"),
        (0xAD009023, "stp q3, q4, [x1, #16]"),
        (0xADBF1023, "stp q3, q4, [x1, #-32]!"),
        (0xAC811023, "stp q3, q4, [x1], #32"),
        (0xAC001023, "stnp q3, q4, [x1]"),
        (0x4C407023, "ld1 {v3.16b}, [x1]"),
        (0x4CDF6823, "ld1 {v3.4s, v4.4s, v5.4s}, [x1], #48"),
        (0x4CC22C3E, "ld1 {v30.2d, v31.2d, v0.2d, v1.2d}, [x1], x2"),
        (0x4C9FA023, "st1 {v3.16b, v4.16b}, [x1], #32"),
        (0x4C006423, "st1 {v3.8h, v4.8h, v5.8h}, [x1]"),
        (0x4C00203F, "st1 {v31.16b, v0.16b, v1.16b, v2.16b}, [x1]"),
    ];

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var (word, text) in Accesses)
            yield return new TestCaseData(word).SetName($"QAccessAtPageEdges({text})");
    }

    [Test]
    public void TheWordsAreNativeAndAreWhatTheySay()
    {
        foreach (var (w, text) in Accesses.Concat(CodeStores))
        {
            int id = Decoder.Decode(w);
            Assert.That(id, Is.GreaterThanOrEqualTo(0), text);
            Assert.That(BlockEmitter.AcceptsNative(id, w), Is.True, $"{text}: native IL");
            Assert.That(Disassembler.Format(w, 0), Does.StartWith(text.Split(' ')[0]), text);
        }
    }

    /// <summary>Base addresses: near the start and end of each page (so that the 16-64 bytes stay on it, straddle the next page or lie past it), and the code page.</summary>
    private static List<ulong> Addresses()
    {
        var list = new List<ulong>();
        ulong[] offsets = [0x20, 0x40, 0x7F3, 0xFA0, 0xFB0, 0xFC0, 0xFC8, 0xFD0, 0xFDD, 0xFE0, 0xFE8, 0xFEF, 0xFF0, 0xFF1, 0xFF8, 0xFFF];
        foreach (ulong page in new[] { Data, Data + 0x1000, Data + 0x2000, Data + 0x3000, Data + 0x4000 })
            foreach (ulong o in offsets) list.Add(page + o);
        list.AddRange([Code + 0x800, Code + 0xFF0, 0x1000, 1ul << 36, ulong.MaxValue - 15]);
        return list;
    }

    private sealed class Core : IDisposable
    {
        public readonly GuestMemory Memory = new(36);
        public readonly CpuContext Cpu = new();

        public Core()
        {
            Memory.Map(Code, 0x1000, MemoryPermissions.All);
            Memory.Map(Data, 0x1000, MemoryPermissions.ReadWrite);
            Memory.Map(Data + 0x1000, 0x1000, MemoryPermissions.Read);
            Memory.Map(Data + 0x2000, 0x1000, MemoryPermissions.ReadWrite);
            Memory.Map(Data + 0x4000, 0x1000, MemoryPermissions.None);
        }

        public static readonly (ulong Address, ulong Size)[] Ranges = [(Code, 0x1000), (Data, 0x3000), (Data + 0x4000, 0x1000)];

        public string MemoryDifference(Core other) => TestCore.MemoryDifferences(Memory, other.Memory, Ranges);

        public void Dispose()
        {
            Cpu.Dispose();
            Memory.Dispose();
        }
    }

    private static void Fill(Core c, uint word, int seed)
    {
        var rng = new Random(seed);
        foreach (var (a, n) in Core.Ranges)
        {
            var bytes = new byte[n];
            rng.NextBytes(bytes);
            if (a == Code)
            {
                uint[] code = [AddX5, word, AddX6, BSelf];
                for (int k = 0; k < code.Length; k++) BitConverter.TryWriteBytes(bytes.AsSpan(4 * k), code[k]);
            }
            c.Memory.WritePrivileged(a, bytes);
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void QAccessAgreesWithTheInterpreterAtPageEdges(uint word)
    {
        using var interp = new Core();
        using var jit = new Core();
        Fill(interp, word, (int)word);
        Fill(jit, word, (int)word);
        using var engine = new TranslatedEngine(jit.Cpu.State, jit.Memory, new TranslatorOptions { Native = NativeSwitches.AllNative(), MaxRegionBlocks = 1 });
        var reference = new Interpreter(interp.Cpu.State, interp.Memory);
        var rng = new Random(~(int)word);
        int faults = 0, completed = 0, accesses = 0;
        foreach (ulong address in Addresses())
        {
            string what = $"{word:x8} {Disassembler.Format(word, Code + 4)} at 0x{address:x}";
            var s = interp.Cpu.State;
            *s = default;
            for (int k = 0; k < 31; k++) s->X[k] = (ulong)rng.NextInt64();
            for (int k = 0; k < 64; k++) s->V[k] = (ulong)rng.NextInt64();
            s->X[1] = address;
            s->X[2] = 0;
            s->PC = Code;
            *jit.Cpu.State = *s;

            var rj = engine.StepBlock();
            var ri = StopReason.None;
            while (ri == StopReason.None && s->InstructionsRetired < jit.Cpu.State->InstructionsRetired)
                ri = reference.Step();
            if (rj != StopReason.None && ri == StopReason.None) ri = reference.Step();
            accesses++;
            if (rj == StopReason.Exception)
            {
                faults++;
                Assert.That(jit.Cpu.State->PC, Is.EqualTo(Code + 4), $"{what}: the faulting instruction's PC");
            }
            else completed++;
            string diff = rj != ri ? $"stop: translated {rj}, interpreter {ri}\n" : "";
            diff += TestCore.StateDifferences(jit.Cpu.State, s, "translated", "interpreter");
            diff += jit.MemoryDifference(interp);
            Assert.That(diff, Is.Empty, what);
        }
        Assert.That(engine.Stats.FallbackInstructionsTranslated, Is.Zero, "the access was translated to native IL");
        Assert.That(faults, Is.GreaterThan(0), "some addresses fault");
        Assert.That(completed, Is.GreaterThan(0), "some addresses do not");
        Assert.That(engine.Context.SlowAccesses, Is.GreaterThan(0).And.LessThan((ulong)accesses), "both the inline path and the cold helper were taken");
    }

    /// <summary>
    /// A Q store (or pair, or ST1) rewrites a function that has already been translated, in the
    /// page of the running code: the second call must run the new code, as in the interpreter.
    /// </summary>
    private static readonly (uint Word, string Text)[] CodeStores =
    [
        (0x3D800023, "str q3, [x1]"),
        (0x3CA26823, "str q3, [x1, x2]"),
        (0x3C810423, "str q3, [x1], #16"),
        (0xAD001023, "stp q3, q4, [x1]"),
        (0xAC001023, "stnp q3, q4, [x1]"),
        (0x4C00A023, "st1 {v3.16b, v4.16b}, [x1]"),
        (0x4C007023, "st1 {v3.16b}, [x1]"),
    ];

    private static IEnumerable<TestCaseData> CodeStoreCases() =>
        CodeStores.Select(c => new TestCaseData(c.Word).SetName($"QStoresToTranslatedCodeInvalidateIt({c.Text})"));

    [TestCaseSource(nameof(CodeStoreCases))]
    public void QStoresToTranslatedCodeInvalidateIt(uint store)
    {
        const ulong Target = Code + 0x800;
        uint before = A64.Movz(0, 1), after = A64.Movz(0, 2);
        uint[] main = [A64.Bl((long)(Target - Code)), 0xAA0003F4 /* mov x20, x0 */, store, A64.Bl((long)Target - (long)(Code + 12)), A64.Udf()];
        using var jit = new Core();
        using var interp = new Core();
        foreach (var c in new[] { jit, interp })
        {
            c.Memory.WritePrivileged(Code, new byte[0x1000]);
            for (int k = 0; k < main.Length; k++) c.Memory.WriteU32Privileged(Code + 4ul * (ulong)k, main[k]);
            // target: movz x0, #1; ret; then (in the second 16 bytes a pair or ST1 rewrites) ret, ret
            uint[] target = [before, A64.Ret(), A64.Ret(), A64.Ret(), A64.Ret(), A64.Ret(), A64.Ret(), A64.Ret()];
            for (int k = 0; k < target.Length; k++) c.Memory.WriteU32Privileged(Target + 4ul * (ulong)k, target[k]);
            var s = c.Cpu.State;
            s->PC = Code;
            s->X[1] = Target;
            s->X[2] = 0;
            // V3 = movz x0, #2; ret; ret; ret.  V4 = four RETs.
            s->V[6] = after | (ulong)A64.Ret() << 32;
            s->V[7] = A64.Ret() | (ulong)A64.Ret() << 32;
            s->V[8] = s->V[7];
            s->V[9] = s->V[7];
        }
        using var engine = new TranslatedEngine(jit.Cpu.State, jit.Memory, new TranslatorOptions { Native = NativeSwitches.AllNative() });
        var rj = engine.Run(1000);
        var ri = new Interpreter(interp.Cpu.State, interp.Memory).Run(1000);
        string what = Disassembler.Format(store, Code + 8);
        Assert.That(rj, Is.EqualTo(ri), what);
        Assert.That(TestCore.StateDifferences(jit.Cpu.State, interp.Cpu.State, "translated", "interpreter") + jit.MemoryDifference(interp), Is.Empty, what);
        Assert.That(jit.Cpu.State->X[20], Is.EqualTo(1ul), $"{what}: the first call ran the original code");
        Assert.That(jit.Cpu.State->X[0], Is.EqualTo(2ul), $"{what}: the second call ran the rewritten code");
        Assert.That(engine.Cache.PageInvalidations, Is.GreaterThan(0), what);
        Assert.That(BlockEmitter.AcceptsNative(Decoder.Decode(store), store), Is.True, $"{what}: native IL");
    }
}
