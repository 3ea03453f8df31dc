using System.Diagnostics;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Runtime.Execution;

namespace A64Jit.Tests.Hardening;

/// <summary>
/// Findings of the instruction fuzzer in the translator (Translator/ belongs to another part
/// of the project): minimal repros, explicit until fixed.
/// </summary>
[TestFixture]
public class TranslatorFindingsTests
{
    /// <summary>
    /// A loop that stores to a data word on its own (read-write-execute) page: every store is a
    /// write to a page holding translated code, which drops the page's translations, so the
    /// translator compiles the loop again on every iteration (about a millisecond each) and
    /// runs hundreds of times slower than the interpreter. Found by the instruction fuzzer
    /// (case seed 2021053261: 160,000 instructions took 30 s translated, 0.12 s interpreted).
    /// </summary>
    [Test, Explicit("translator finding: a store to the running block's own page retranslates it on every iteration")]
    public void StoresToTheCodePageOfARunningLoopDoNotRetranslateItEveryIteration()
    {
        double interp = Seconds(EnginePolicy.Interpreter), jit = Seconds(EnginePolicy.Translator), tiered = Seconds(EnginePolicy.Tiered);
        TestContext.Out.WriteLine($"interpreter {interp:F3} s, translator {jit:F3} s, tiered {tiered:F3} s for 300,000 instructions");
        Assert.That(jit, Is.LessThan(10 * interp + 0.5), "translator");
        Assert.That(tiered, Is.LessThan(10 * interp + 0.5), "tiered");
    }

    private static double Seconds(EnginePolicy policy)
    {
        using var memory = new GuestMemory(36);
        using var cpu = new CpuContext();
        memory.Map(0x10000, 0x1000, MemoryPermissions.All);
        memory.WriteU32Privileged(0x10000, 0xF9000020); // loop: str x0, [x1]
        memory.WriteU32Privileged(0x10004, 0x91000400); //       add x0, x0, #1
        memory.WriteU32Privileged(0x10008, 0x17FFFFFE); //       b loop
        cpu.SetX(1, 0x10800);                           // a data word on the same page
        cpu.Pc = 0x10000;
        using var engine = ExecutionEngines.Create(policy, cpu, memory);
        var clock = Stopwatch.StartNew();
        Assert.That(engine.Run(300_000), Is.EqualTo(StopReason.BudgetExhausted));
        Assert.That(memory.ReadU64Privileged(0x10800), Is.EqualTo(99_999ul));
        return clock.Elapsed.TotalSeconds;
    }
}
