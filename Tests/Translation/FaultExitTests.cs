using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Translator.Emission;
using A64Jit.Translator.Execution;

namespace A64Jit.Tests.Translation;

/// <summary>
/// Fault and slow-path exits in the middle of a block with many accesses: registers written
/// before, between and after the accesses (some written twice, some read by later accesses),
/// loads, stores, pairs, pre- and post-indexed writeback, with the two base registers pointing
/// at a read-write page, a read-only page, an unmapped page, page ends (accesses crossing into
/// the next page), the page of the code (stores take the slow path and succeed) and the end of
/// the address space. Whichever access faults (or none), the translated engine, as single
/// blocks (registers stored right after their last write in the block) and as a region
/// looping over the block (registers kept in locals), must leave exactly the interpreter's state
/// (registers, PC, retired count, exit information) and memory.
/// </summary>
[TestFixture]
public unsafe class FaultExitTests
{
    private const ulong Code = 0x10000;
    private const ulong Data = 0x20000;  // RW, read-only, RW, unmapped

    /// <summary>From GNU as (aarch64-linux-gnu-as) and objdump.</summary>
    private static readonly uint[] Program =
    [
        0x910004a5, // add x5, x5, #1
        0xf9400023, // ldr x3, [x1]
        0x910004c6, // add x6, x6, #1
        0xf9000443, // str x3, [x2, #8]
        0x910008c6, // add x6, x6, #2
        0xa9412027, // ldp x7, x8, [x1, #16]
        0x8b070069, // add x9, x3, x7
        0xa9bf1849, // stp x9, x6, [x2, #-16]!
        0x3864684a, // ldrb w10, [x2, x4]
        0x8b0a0125, // add x5, x9, x10
        0xf8408c2b, // ldr x11, [x1, #8]!
        0xb800444b, // str w11, [x2], #4
        0x789fe02d, // ldursh x13, [x1, #-2]
        0xf8003025, // stur x5, [x1, #3]
        0xf100058c, // subs x12, x12, #1
        0x54000041, // b.ne <tramp>
        0xd4200000, // brk #0
        0x17ffffef, // tramp: b <start> (so that as a single block the loop body has no jump to its own start)
    ];

    private const ulong End = Code + 0x40;  // the BRK after the loop

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
            Memory.Map((1ul << 36) - 0x1000, 0x1000, MemoryPermissions.ReadWrite);
            var rng = new Random(11);
            foreach (var (a, n) in Ranges)
            {
                var bytes = new byte[n];
                rng.NextBytes(bytes);
                if (a == Code)
                    for (int k = 0; k < Program.Length; k++) BitConverter.TryWriteBytes(bytes.AsSpan(4 * k), Program[k]);
                Memory.WritePrivileged(a, bytes);
            }
        }

        public static (ulong Address, ulong Size)[] Ranges => [(Code, 0x1000), (Data, 0x3000), ((1ul << 36) - 0x1000, 0x1000)];

        public void Dispose()
        {
            Cpu.Dispose();
            Memory.Dispose();
        }
    }

    private static readonly ulong[] Bases =
    [
        Data + 0x100, Data + 0x2F0, Data + 0xFF0, Data + 0xFFC,   // RW; the last two cross into the read-only page
        Data + 0x1100, Data + 0x1FF8,                             // read-only (stores fault), crossing into RW
        Data + 0x2FF0, Data + 0x3100,                             // crossing into unmapped; unmapped
        Code + 0x800,                                             // the code page (stores take the slow path)
        (1ul << 36) - 0x10, (1ul << 36) + 0x100,                  // the end of the address space; beyond it
    ];

    [TestCase(1, TestName = "FaultExits(single blocks)")]
    [TestCase(8, TestName = "FaultExits(regions)")]
    public void LeaveTheInterpretersState(int maxRegionBlocks)
    {
        using var interp = new Core();
        using var jit = new Core();
        var options = new TranslatorOptions { Native = NativeSwitches.AllNative(), MaxRegionBlocks = maxRegionBlocks };
        using var engine = new TranslatedEngine(jit.Cpu.State, jit.Memory, options);
        var reference = new Interpreter(interp.Cpu.State, interp.Memory);
        var rng = new Random(maxRegionBlocks * 31 + 7);
        var faultsAt = new HashSet<ulong>();
        int completed = 0;
        foreach (ulong b1 in Bases)
            foreach (ulong b2 in Bases)
            {
                var s = interp.Cpu.State;
                *s = default;
                for (int k = 0; k < 31; k++) s->X[k] = (ulong)rng.NextInt64();
                s->X[1] = b1;
                s->X[2] = b2;
                s->X[4] = rng.Next(3) == 0 ? 0x3000 : (ulong)rng.Next(0, 0x20);  // sometimes onto the unmapped page
                s->X[12] = (ulong)rng.Next(1, 4);  // iterations
                s->PC = Code;
                *jit.Cpu.State = *s;
                string what = $"x1 = 0x{b1:x}, x2 = 0x{b2:x} ({(maxRegionBlocks == 1 ? "single blocks" : "regions")})";

                var rj = engine.Run(200);
                var ri = StopReason.None;
                while (ri == StopReason.None && s->InstructionsRetired < jit.Cpu.State->InstructionsRetired)
                    ri = reference.Step();
                // A stop leaves the stopping instruction unretired: the interpreter takes that step too.
                if (rj != StopReason.None && ri == StopReason.None) ri = reference.Step();
                Assert.That(rj, Is.EqualTo(StopReason.Exception), what + ": a data abort or the BRK after the loop");
                if (jit.Cpu.State->PC == End) completed++; else faultsAt.Add(jit.Cpu.State->PC);
                jit.Cpu.State->Budget = s->Budget;  // the engine's bookkeeping, not architectural state
                string diff = rj != ri ? $"stop: translated {rj}, interpreter {ri}\n" : "";
                diff += TestCore.StateDifferences(jit.Cpu.State, s, "translated", "interpreter");
                diff += TestCore.MemoryDifferences(jit.Memory, interp.Memory, Core.Ranges);
                Assert.That(diff, Is.Empty, what);
            }
        Assert.That(engine.Stats.FallbackInstructionsTranslated, Is.Zero, "every instruction was translated to native IL");
        Assert.That(completed, Is.GreaterThan(0), "some runs reach the BRK");
        Assert.That(faultsAt.Count, Is.GreaterThanOrEqualTo(6), "faults at many of the accesses: " + string.Join(", ", faultsAt.Select(p => $"0x{p:x}")));
    }
}
