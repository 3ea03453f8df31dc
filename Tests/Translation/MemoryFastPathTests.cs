using A64Jit.Core.Decoding;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Translator;
using A64Jit.Translator.Emission;
using A64Jit.Translator.Execution;

namespace A64Jit.Tests.Translation;

/// <summary>
/// The inline memory fast path of translated code at its edges: every general-purpose and
/// SIMD&amp;FP access size and pair form, at page offsets near the end of a page (crossing into
/// a read-only, an unmapped, a no-permission page), in the last page of the address space
/// (crossing its limit), at addresses beyond the limit (some whose low bits name a mapped
/// page), on no-permission and read-only pages, and stores into a page of translated code;
/// in 36- and 48-bit address spaces. The reference is the interpreter: the translated engine
/// must end in the identical state (registers, PC, retired count, exit information) and memory.
/// </summary>
[TestFixture]
public unsafe class MemoryFastPathTests
{
    private const ulong Code = 0x10000;
    private const ulong Data = 0x20000;           // RW, then read-only, RW, unmapped, no permission
    private const uint AddX5 = 0x910004A5;        // add x5, x5, #1
    private const uint AddX6 = 0x910004C6;        // add x6, x6, #1
    private const uint BSelf = 0x14000000;        // b .

    /// <summary>Base X1, index X2 (zero); words from GNU as.</summary>
    private static readonly (uint Word, string Text)[] Accesses =
    [
        (0x38626823, "ldrb w3, [x1, x2]"),
        (0x78626823, "ldrh w3, [x1, x2]"),
        (0xB8626823, "ldr w3, [x1, x2]"),
        (0xF8626823, "ldr x3, [x1, x2]"),
        (0x78A26823, "ldrsh x3, [x1, x2]"),
        (0x38226823, "strb w3, [x1, x2]"),
        (0x78226823, "strh w3, [x1, x2]"),
        (0xB8226823, "str w3, [x1, x2]"),
        (0xF8226823, "str x3, [x1, x2]"),
        (0xF85FF023, "ldur x3, [x1, #-1]"),
        (0xB8003023, "stur w3, [x1, #3]"),
        (0x29401023, "ldp w3, w4, [x1]"),
        (0xA9401023, "ldp x3, x4, [x1]"),
        (0x69401023, "ldpsw x3, x4, [x1]"),
        (0x29001023, "stp w3, w4, [x1]"),
        (0xA9001023, "stp x3, x4, [x1]"),
        (0x3C626823, "ldr b3, [x1, x2]"),
        (0x7C626823, "ldr h3, [x1, x2]"),
        (0xFC626823, "ldr d3, [x1, x2]"),
        (0x3CE26823, "ldr q3, [x1, x2]"),
        (0xBC226823, "str s3, [x1, x2]"),
        (0x3CA26823, "str q3, [x1, x2]"),
        (0x6D401023, "ldp d3, d4, [x1]"),
        (0xAD401023, "ldp q3, q4, [x1]"),
        (0x2D001023, "stp s3, s4, [x1]"),
        (0xAD001023, "stp q3, q4, [x1]"),
        (0x4C40A023, "ld1 {v3.16b, v4.16b}, [x1]"),
        (0x4C007C23, "st1 {v3.2d}, [x1]"),
        (0x4D40C823, "ld1r {v3.4s}, [x1]"),
    ];

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (int bits in new[] { 36, 48 })
            foreach (var (word, text) in Accesses)
                yield return new TestCaseData(bits, word).SetName($"MemoryFastPath({bits}-bit, {text})");
    }

    [Test]
    public void TheWordsAreNativeAndAreWhatTheySay()
    {
        foreach (var (w, text) in Accesses)
        {
            int id = Decoder.Decode(w);
            Assert.That(id, Is.GreaterThanOrEqualTo(0), text);
            Assert.That(BlockEmitter.AcceptsNative(id, w), Is.True, $"{text}: native IL");
            Assert.That(A64Jit.Core.Disassembly.Disassembler.Format(w, 0), Does.StartWith(text.Split(' ')[0]), text);
        }
    }

    /// <summary>The addresses put in X1: page ends, the address-space limit, beyond it, bad pages, the code page.</summary>
    private static List<ulong> Addresses(int bits)
    {
        ulong limit = 1ul << bits;
        var list = new List<ulong>();
        ulong[] offsets = [0, 1, 3, 8, 0x7F8, 0xFE0, 0xFE8, 0xFEF, 0xFF0, 0xFF1, 0xFF4, 0xFF7, 0xFF8, 0xFF9, 0xFFC, 0xFFE, 0xFFF];
        foreach (ulong page in new[] { Data, Data + 0x1000, Data + 0x2000, Data + 0x4000, limit - 0x1000 })
            foreach (ulong o in offsets) list.Add(page + o);
        list.AddRange([
            Code + 0x800, Code + 0xFF8,                 // the page of the translated code (stores take the slow path)
            limit, limit + 8, limit + Data, limit + Data + 0xFF8, // beyond the limit; low bits name a mapped page
            (1ul << 48) + Data, (1ul << 63) + Data, 0x8000_0000_0000_0000, // high bits
            ulong.MaxValue, ulong.MaxValue - 7, ulong.MaxValue - 0xFFF, 0x1000,
        ]);
        return list;
    }

    private sealed class Core : IDisposable
    {
        public readonly GuestMemory Memory;
        public readonly CpuContext Cpu = new();

        public Core(int bits)
        {
            Memory = new GuestMemory(bits);
            ulong limit = 1ul << bits;
            Memory.Map(Code, 0x1000, MemoryPermissions.All);
            Memory.Map(Data, 0x1000, MemoryPermissions.ReadWrite);
            Memory.Map(Data + 0x1000, 0x1000, MemoryPermissions.Read);
            Memory.Map(Data + 0x2000, 0x1000, MemoryPermissions.ReadWrite);
            Memory.Map(Data + 0x4000, 0x1000, MemoryPermissions.None);
            Memory.Map(limit - 0x1000, 0x1000, MemoryPermissions.ReadWrite);
        }

        public (ulong Address, ulong Size)[] Ranges => [(Code, 0x1000), (Data, 0x3000), (Data + 0x4000, 0x1000), ((1ul << Memory.AddressBits) - 0x1000, 0x1000)];

        public void Dispose()
        {
            Cpu.Dispose();
            Memory.Dispose();
        }
    }

    private static void Fill(Core c, uint word, Random rng)
    {
        foreach (var (a, n) in c.Ranges)
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
    public void AgreesWithTheInterpreterAtTheEdges(int bits, uint word)
    {
        using var interp = new Core(bits);
        using var jit = new Core(bits);
        Fill(interp, word, new Random((int)word));
        Fill(jit, word, new Random((int)word));
        var options = new TranslatorOptions { Native = NativeSwitches.AllNative(), MaxRegionBlocks = 1 };
        using var engine = new TranslatedEngine(jit.Cpu.State, jit.Memory, options);
        var reference = new Interpreter(interp.Cpu.State, interp.Memory);
        var rng = new Random(bits * 7919 + (int)word);
        int faults = 0, completed = 0;
        foreach (ulong address in Addresses(bits))
        {
            string what = $"{word:x8} {A64Jit.Core.Disassembly.Disassembler.Format(word, Code + 4)} at 0x{address:x} ({bits}-bit)";
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
            // A stop leaves the stopping instruction unretired: the interpreter takes that step too.
            if (rj != StopReason.None && ri == StopReason.None) ri = reference.Step();
            if (rj == StopReason.Exception) faults++; else completed++;
            string diff = rj != ri ? $"stop: translated {rj}, interpreter {ri}\n" : "";
            diff += TestCore.StateDifferences(jit.Cpu.State, s, "translated", "interpreter");
            diff += TestCore.MemoryDifferences(jit.Memory, interp.Memory, interp.Ranges);
            Assert.That(diff, Is.Empty, what);
        }
        Assert.That(engine.Stats.FallbackInstructionsTranslated, Is.Zero, "the access was translated to native IL");
        Assert.That(engine.Stats.BlocksTranslated, Is.GreaterThan(0));
        Assert.That((faults, completed), Is.Not.EqualTo((0, 0)));
        Assert.That(faults, Is.GreaterThan(0), "some addresses fault");
        Assert.That(completed, Is.GreaterThan(0), "some addresses do not");
    }
}
